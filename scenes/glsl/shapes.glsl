// Shapes for scenes: smooth steps, signed distances, and soft, anti-aliased points.
// ``u_px`` is one rendered pixel in scene units: edges are ``u_px`` wide at any size,
// and nothing point-like is drawn smaller than a pixel (it would shimmer as it moves).

float smoother(float e0, float e1, float x) {         // smootherstep
    float t = clamp((x - e0) / (e1 - e0), 0.0, 1.0);
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0);
}

// Coverage of the inside of a signed distance (negative inside), anti-aliased.
float fill(float d) { return clamp(0.5 - d / u_px, 0.0, 1.0); }

// A soft glow: 1 at the centre, a Gaussian of ``radius`` scene units.
float glow(vec2 d, float radius) { return exp(-dot(d, d) / (radius * radius)); }

// A point of light ``radius`` scene units across (a star, a firefly's core), drawn as
// a Gaussian at least about one pixel wide; the total light stays the same when the
// pixel is larger than the point, so it neither vanishes nor flickers as it moves.
float point(vec2 d, float radius) {
    float r = max(radius, 0.75 * u_px);
    return exp(-dot(d, d) / (r * r)) * (radius * radius) / (r * r);
}

float sd_circle(vec2 p, float r) { return length(p) - r; }

float sd_box(vec2 p, vec2 half_size) {
    vec2 q = abs(p) - half_size;
    return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0);
}

float sd_segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    return length(pa - ba * clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0));
}

// Polynomial smooth minimum (metaballs, merging shapes).
float smin(float a, float b, float k) {
    float h = clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0);
    return mix(b, a, h) - k * h * (1.0 - h);
}

mat2 rot(float a) { float c = cos(a), s = sin(a); return mat2(c, s, -s, c); }

// A field of stars in jittered grid cells ``cell`` scene units wide: a star in about
// ``density`` (0..1) of the cells, ``radius`` scene units across for the faintest (the
// few bright ones up to 2.8x), tinted from blue-white to warm white. Each pixel reads
// only the 2x2 cells nearest it: a star sits 0.15..0.85 into its cell, so every star
// within 0.65 cells is found and none is cut off. ``layer`` selects another field.
// Returns light (about 0..2 at a bright star's centre), sized in scene units.
vec3 star_cells(vec2 q, float cell, float density, float radius, int layer) {
    vec2 base = floor(q / cell - 0.5);
    vec3 light = vec3(0.0);
    for (int j = 0; j <= 1; j++) {
        for (int i = 0; i <= 1; i++) {
            ivec2 c = ivec2(base) + ivec2(i, j);
            uint h = dl_hash(uvec3(uvec2(c), uint(layer) * 0x9e37u + 0x51u));
            uint h2 = dl_hash(h), h3 = dl_hash(h2), h4 = dl_hash(h3);
            if (float(h3 >> 8) * (1.0 / 16777216.0) > density) continue;   // empty cell
            vec2 at = (vec2(c) + 0.15 + 0.7 * vec2(float(h >> 8), float(h2 >> 8))
                       * (1.0 / 16777216.0)) * cell;
            float u = float(h4 >> 8) * (1.0 / 16777216.0);
            float mag = u * u * u;                                   // few bright ones
            float tint = float(dl_hash(h4) >> 8) * (1.0 / 16777216.0);
            float a = point(q - at, radius * (1.0 + 1.8 * mag)) * (0.25 + 1.6 * mag);
            light += a * mix(vec3(0.75, 0.82, 1.0), vec3(1.0, 0.88, 0.74), tint);
        }
    }
    return light;
}

// A vesica (the lens where two circles of radius ``r`` overlap, their centres ``d``
// apart along x; d < r), pointed at both ends along y: a petal or a leaf. Exact.
float sd_vesica(vec2 p, float r, float d) {
    p = abs(p);
    float b = sqrt(r * r - d * d);
    return ((p.y - b) * d > p.x * b) ? length(p - vec2(0.0, b))
                                     : length(p - vec2(-d, 0.0)) - r;
}
