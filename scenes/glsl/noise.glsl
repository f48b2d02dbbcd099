// Hashes and noise: integer hashing (the same numbers on every GPU), gradient noise
// in 2-D and 3-D, and fractal sums with the octaves rotated so no grid shows.

uint dl_hash(uint x) {                       // a 32-bit integer mix (lowbias32)
    x ^= x >> 16; x *= 0x7feb352du;
    x ^= x >> 15; x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

uint dl_hash(uvec2 v) { return dl_hash(v.x ^ dl_hash(v.y + u_seed_u)); }
uint dl_hash(uvec3 v) { return dl_hash(v.x ^ dl_hash(v.y ^ dl_hash(v.z + u_seed_u))); }

// Uniform floats in [0, 1) from integer cells; seeded by the scene's seed.
float hash1(ivec2 c) { return float(dl_hash(uvec2(c)) >> 8) * (1.0 / 16777216.0); }
float hash1(ivec3 c) { return float(dl_hash(uvec3(c)) >> 8) * (1.0 / 16777216.0); }
vec2 hash2(ivec2 c) {
    uint h = dl_hash(uvec2(c));
    return vec2(float(h >> 8), float(dl_hash(h) >> 8)) * (1.0 / 16777216.0);
}
vec3 hash3(ivec2 c) {
    uint h = dl_hash(uvec2(c));
    uint g = dl_hash(h);
    return vec3(float(h >> 8), float(g >> 8), float(dl_hash(g) >> 8)) * (1.0 / 16777216.0);
}
float hash1(float i) { return hash1(ivec2(int(floor(i)), 0x51ed)); }

vec2 dl_grad2(ivec2 c) {
    float a = 6.2831853 * hash1(c);
    return vec2(cos(a), sin(a));
}

// Gradient noise in about [-1, 1], smooth (quintic), zero at lattice points.
float noise2(vec2 p) {
    vec2 i = floor(p), f = p - i;
    ivec2 c = ivec2(i);
    vec2 u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    float a = dot(dl_grad2(c), f);
    float b = dot(dl_grad2(c + ivec2(1, 0)), f - vec2(1, 0));
    float d = dot(dl_grad2(c + ivec2(0, 1)), f - vec2(0, 1));
    float e = dot(dl_grad2(c + ivec2(1, 1)), f - vec2(1, 1));
    return 1.4 * mix(mix(a, b, u.x), mix(d, e, u.x), u.y);
}

vec3 dl_grad3(ivec3 c) {
    uint h = dl_hash(uvec3(c));
    float z = float(h >> 8) * (2.0 / 16777216.0) - 1.0;
    float a = 6.2831853 * float(dl_hash(h) >> 8) * (1.0 / 16777216.0);
    float r = sqrt(max(0.0, 1.0 - z * z));
    return vec3(r * cos(a), r * sin(a), z);
}

float noise3(vec3 p) {
    vec3 i = floor(p), f = p - i;
    ivec3 c = ivec3(i);
    vec3 u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    float n000 = dot(dl_grad3(c), f);
    float n100 = dot(dl_grad3(c + ivec3(1, 0, 0)), f - vec3(1, 0, 0));
    float n010 = dot(dl_grad3(c + ivec3(0, 1, 0)), f - vec3(0, 1, 0));
    float n110 = dot(dl_grad3(c + ivec3(1, 1, 0)), f - vec3(1, 1, 0));
    float n001 = dot(dl_grad3(c + ivec3(0, 0, 1)), f - vec3(0, 0, 1));
    float n101 = dot(dl_grad3(c + ivec3(1, 0, 1)), f - vec3(1, 0, 1));
    float n011 = dot(dl_grad3(c + ivec3(0, 1, 1)), f - vec3(0, 1, 1));
    float n111 = dot(dl_grad3(c + ivec3(1, 1, 1)), f - vec3(1, 1, 1));
    return 1.6 * mix(mix(mix(n000, n100, u.x), mix(n010, n110, u.x), u.y),
                     mix(mix(n001, n101, u.x), mix(n011, n111, u.x), u.y), u.z);
}

const mat2 DL_OCTAVE = mat2(1.6, 1.2, -1.2, 1.6);   // rotate and scale by 2 each octave

// Fractal sum of ``octaves`` (1..8) octaves, about [-1, 1]; ``gain`` < 1 softens.
float fbm2(vec2 p, int octaves, float gain) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    for (int i = 0; i < 8; i++) {
        if (i >= octaves) break;
        sum += amp * noise2(p);
        norm += amp;
        amp *= gain;
        p = DL_OCTAVE * p + vec2(17.1, -9.3);
    }
    return sum / norm;
}

// 2-D fractal noise that evolves with ``z`` (time): each octave drifts on its own.
float fbm3(vec3 p, int octaves, float gain) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    for (int i = 0; i < 8; i++) {
        if (i >= octaves) break;
        sum += amp * noise3(p);
        norm += amp;
        amp *= gain;
        p = vec3(DL_OCTAVE * p.xy + vec2(17.1, -9.3), p.z * 1.7 + 3.1);
    }
    return sum / norm;
}

// 1-D gradient noise in [-1, 1] (ridge lines, tree lines, shaft angles): one integer
// hash per lattice point, far cheaper than noise2 on a software renderer.
float noise1(float x) {
    float i = floor(x), f = x - i;
    uint c = uint(int(i)) * 0x9e3779b9u + u_seed_u;
    float g0 = float(dl_hash(c) >> 8) * (2.0 / 16777216.0) - 1.0;
    float g1 = float(dl_hash(c + 0x9e3779b9u) >> 8) * (2.0 / 16777216.0) - 1.0;
    float u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    return 2.0 * mix(g0 * f, g1 * (f - 1.0), u);
}

// Fractal 1-D noise, ``octaves`` (1..6) octaves, about [-1, 1].
float fbm1(float x, int octaves, float gain) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    for (int i = 0; i < 6; i++) {
        if (i >= octaves) break;
        sum += amp * noise1(x);
        norm += amp;
        amp *= gain;
        x = x * 2.03 + 11.7;
    }
    return sum / norm;
}

// Quick 2-D gradient noise in about [-1, 1]: one integer hash per corner and no
// trigonometry, about twice as fast as noise2 on a software renderer (a different,
// equally smooth pattern). fbm2q is its fractal sum, octaves rotated like fbm2's.
vec2 dl_grad2q(ivec2 c) {
    uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu ^ u_seed_u);
    return vec2(float(h & 0xffffu), float(h >> 16)) * (2.0 / 65535.0) - 1.0;
}

float noise2q(vec2 p) {
    vec2 i = floor(p), f = p - i;
    ivec2 c = ivec2(i);
    vec2 u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    float a = dot(dl_grad2q(c), f);
    float b = dot(dl_grad2q(c + ivec2(1, 0)), f - vec2(1, 0));
    float d = dot(dl_grad2q(c + ivec2(0, 1)), f - vec2(0, 1));
    float e = dot(dl_grad2q(c + ivec2(1, 1)), f - vec2(1, 1));
    return 1.4 * mix(mix(a, b, u.x), mix(d, e, u.x), u.y);
}

float fbm2q(vec2 p, int octaves, float gain) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    for (int i = 0; i < 8; i++) {
        if (i >= octaves) break;
        sum += amp * noise2q(p);
        norm += amp;
        amp *= gain;
        p = DL_OCTAVE * p + vec2(17.1, -9.3);
    }
    return sum / norm;
}
