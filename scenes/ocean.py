"""Ocean: an open sea under a low moon; swells and wavelets roll in, in perspective.

The sea is a height field of a few long swells and shorter wavelets (sums of sines
in the plane of the water, so their perspective is exact: they crowd together and
flatten toward the horizon). Each pixel reflects the sky about the water's normal,
with Fresnel: far off, at a grazing angle, the sea mirrors the horizon sky and meets
it without a seam; near the viewer it looks down into dark water. Waves too fine for
a pixel are filtered out and their slopes become roughness, which spreads the moon's
reflection into a soft, shimmering path instead of aliasing into sparkle.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Ocean(ShaderScene):
    name = "ocean"
    description = "an open sea horizon with long, slow swells and a path of soft light"
    params = (
        palette_param("ocean"),
        speed_param(),
        brightness_param(),
        Param("swell", 1.0, "height of the swells", min=0.0, max=2.0),
    )
    tags = ("open", "water", "cool")
    projections = ("flat", "dome", "sphere")
    shader = """
const float HORIZON = -0.12;    // screen y of the horizon (y grows downward)
const float FOCAL = 1.6;        // screen units per unit of view direction
const float EYE = 2.0;          // height of the eye above the water (metres)
const vec2 MOON = vec2(0.40, 0.24);   // screen position: x, height above the horizon
const float MOON_R = 0.032;

// The sky toward screen position (x, height above the horizon): a tone on the palette,
// and the moon's light (halo; ``lobe`` the width of its image, 0 for a crisp disc).
float sky_tone(vec2 q) {
    float up = max(q.y, 0.0);
    float tone = 0.40 - 0.32 * sqrt(min(up / 1.1, 1.0));
    float n = noise2q(vec2(q.x * 0.9, q.y * 7.0) + u_seed_offset)      // long, low clouds
              + 0.5 * noise1(q.y * 4.0 + u_seed_offset.y);
    float cloud = smoother(0.25, 0.8, n) * smoother(0.02, 0.12, up) * smoother(0.9, 0.35, up);
    return tone + cloud * 0.16 * (0.35 + exp(-length(q - MOON) * 2.5));
}

// The moon's light toward q: its halo, and its image, a crisp disc or (reflected by
// rough water) a soft spot ``lobe`` wide (across, up), holding the same light.
float moon_light(vec2 q, vec2 lobe) {
    vec2 d = q - MOON;
    float dd = dot(d, d);
    float halo = 0.05 * exp(-sqrt(dd) * 5.0) + 0.12 * exp(-dd * 70.0);
    vec2 w2 = MOON_R * MOON_R + lobe * lobe;
    float spot = min(exp(-dot(d * d, 1.0 / w2)) * 40.0 * MOON_R * MOON_R / sqrt(w2.x * w2.y),
                     1.0);
    float disc = fill(sqrt(dd) - MOON_R) * (1.2 - 0.25 * dd / (MOON_R * MOON_R));   // limb
    return halo + (lobe.y > 0.0 ? spot : disc);
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    float dy = p.y - HORIZON;                    // > 0 below the horizon: the sea
    vec3 ray = normalize(vec3(p.x, -dy, FOCAL));
    vec2 q = vec2(p.x, -dy);                     // where the ray points, in screen units
    float fresnel = 1.0, depth_tone = 0.0, sea = 0.0;
    vec2 lobe = vec2(0.0);
    float h = max(dy, 1e-3);
    if (dy > 0.0) {
        sea = 1.0;
        // the point of the water this pixel sees, and one pixel's footprint there
        float dist = EYE / h;                    // metres per unit of screen, here
        vec2 w = vec2(p.x, FOCAL) * dist;        // (x, z) on the water
        vec2 foot = vec2(dist, FOCAL * dist / h) * u_px;
        // swells and wavelets: (direction, wavelength m, amplitude m)
        vec2 grad = vec2(0.0);
        float lost = 0.0;
        // a slow, wide wander of the phases, so no two waves beat into a regular pattern
        float wander = 2.5 * noise2q(w * 0.045 + u_seed_offset + vec2(0.0, s * 0.02));
        for (int i = 0; i < 8; i++) {
            float fi = float(i);
            float len = 30.0 * pow(0.6, fi);
            // mostly rolling in toward us, spread a little more for the short ones
            float ang = 1.5708 + (0.35 + 0.08 * fi) * sin(fi * 2.39996 + 0.9);
            vec2 k = vec2(cos(ang), sin(ang)) * (6.2832 / len);
            float amp = len * (0.010 + 0.0015 * fi) * (i < 3 ? 0.4 + 0.6 * u_swell : 1.0);
            float omega = sqrt(9.81 * length(k)) * 0.3;        // slow, but as a sea moves
            float phase = dot(k, w) + omega * s + fi * 1.7 + wander * sin(fi * 1.3 + 0.4);
            float sig = length(k * foot);                       // phase change per pixel
            float keep = exp(-0.6 * sig * sig);
            float slope = amp * length(k);
            grad += k * (amp * cos(phase) * keep);
            lost += 0.5 * slope * slope * (1.0 - keep * keep);
        }
        vec3 n = normalize(vec3(-grad.x, 1.0, -grad.y));
        vec3 r = reflect(ray, n);
        r.y = abs(r.y);
        q = vec2(r.x, r.y) * FOCAL / r.z;
        fresnel = 0.02 + 0.98 * pow(1.0 - max(dot(-ray, n), 0.0), 5.0);
        // slopes too fine to draw widen the moon's reflection; tilts sideways move it
        // little at a grazing angle, so the path narrows toward the horizon
        float spread = 2.0 * FOCAL * sqrt(lost + 0.0015);
        lobe = spread * vec2(min(1.0, 2.0 * h / FOCAL), 1.0);
        depth_tone = 0.05 + 0.1 * smoother(0.0, 0.6, -grad.y);      // faces toward us
    }
    float tone = sky_tone(q);
    // a few faint stars, high up, steady (one cell each, kept clear of the cell edges)
    vec2 sc = p * 28.0 + u_seed_offset;
    vec3 sh = hash3(ivec2(floor(sc)));
    float star = point((fract(sc) - 0.25 - 0.5 * sh.xy) / 28.0, 0.0012) * step(0.8, sh.z)
                 * (1.0 - sea) * smoother(0.05, 0.4, -dy) * (0.3 + 0.7 * sh.x);
    float moon = moon_light(q, lobe);
    vec3 base = palette_texel(tone);
    vec3 light = palette_texel(0.97);
    base *= base;                                  // linear light (near enough)
    // the path fades into the haze at the horizon rather than starting at a hard line
    moon *= mix(1.0, smoother(0.0, 0.08, h), sea);
    vec3 c = base + light * light * (moon + 0.5 * star);
    // far off the waves flatten and the sea mirrors the horizon: no seam
    fresnel = mix(fresnel, 1.0, exp(-h * 25.0));
    c = mix(c, c * fresnel + base * (1.0 - fresnel) * depth_tone, sea);
    c += light * light * 0.025 * exp(-abs(dy) * 35.0) * (1.0 + 2.0 * exp(-abs(p.x - MOON.x) * 3.0));
    return sqrt(c) * u_brightness;
}
"""
