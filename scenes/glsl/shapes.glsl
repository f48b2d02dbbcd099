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
// Returns light (about 0..2 at a bright star's centre), sized in scene units. Two
// integer hashes per cell, so five layers of it stay affordable on a software renderer.
vec3 star_cells(vec2 q, float cell, float density, float radius, int layer) {
    vec2 base = floor(q / cell - 0.5);
    vec3 light = vec3(0.0);
    uint key = uint(layer) * 0x27d4eb2fu + u_seed_u;
    for (int j = 0; j <= 1; j++) {
        for (int i = 0; i <= 1; i++) {
            ivec2 c = ivec2(base) + ivec2(i, j);
            uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu ^ key);
            uint g = dl_hash(h);
            vec2 at = (vec2(c) + 0.15 + 0.7 * vec2(float(h & 0xffffu), float(h >> 16))
                       * (1.0 / 65536.0)) * cell;
            vec3 u = vec3(float(g & 0x3ffu), float((g >> 10) & 0x3ffu), float(g >> 22))
                     * (1.0 / 1024.0);                  // presence, brightness, tint
            float mag = u.y * u.y * u.y;                // few bright ones
            float a = point(q - at, radius * (1.0 + 1.8 * mag)) * (0.25 + 1.6 * mag)
                      * step(u.x, density);
            light += a * mix(vec3(0.75, 0.82, 1.0), vec3(1.0, 0.88, 0.74), u.z);
        }
    }
    return light;
}

// Like star_cells, but each pixel reads only its own cell: the star sits in the middle
// half of its cell (0.25..0.75), so a neighbour's star is always a quarter cell away and
// is left out unseen while cells stay above ~10 pixels. Four times cheaper; the stars
// lie a little more evenly.
vec3 star_cell(vec2 q, float cell, float density, float radius, int layer) {
    vec2 c0 = floor(q / cell);
    ivec2 c = ivec2(c0);
    uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu
                     ^ (uint(layer) * 0x27d4eb2fu + u_seed_u));
    uint g = dl_hash(h);
    vec2 at = (c0 + 0.25 + 0.5 * vec2(float(h & 0xffffu), float(h >> 16)) * (1.0 / 65536.0))
              * cell;
    vec3 u = vec3(float(g & 0x3ffu), float((g >> 10) & 0x3ffu), float(g >> 22)) * (1.0 / 1024.0);
    float mag = u.y * u.y * u.y;
    float a = point(q - at, radius * (1.0 + 1.8 * mag)) * (0.25 + 1.6 * mag) * step(u.x, density);
    return a * mix(vec3(0.75, 0.82, 1.0), vec3(1.0, 0.88, 0.74), u.z);
}

// A vesica (the lens where two circles of radius ``r`` overlap, their centres ``d``
// apart along x; d < r), pointed at both ends along y: a petal or a leaf. Exact.
float sd_vesica(vec2 p, float r, float d) {
    p = abs(p);
    float b = sqrt(r * r - d * d);
    return ((p.y - b) * d > p.x * b) ? length(p - vec2(0.0, b))
                                     : length(p - vec2(-d, 0.0)) - r;
}
