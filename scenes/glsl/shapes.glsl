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
