"""Golden hour: a sky of slow clouds lit gold by the low sun, over quiet land.

The last hour of the sun. A layer of cumulus drifts slowly overhead, seen in
perspective, so the clouds are large above and thin into flat streaks toward the
horizon; each is lit gold and rose on the side toward the low sun and falls into soft
blue-violet shade on the other, its edges glowing where the light comes through. The
sky runs from gold at the horizon to a soft blue overhead; the sun stands low in a
broad halo, and far, gentle hills lie dark and warm along the bottom. Cloud detail is
dropped toward the horizon where a pixel would hold more than a billow (no shimmer).
Everything is mixed in linear light from palette colours: the shade, the sky, the light
and the sun.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class GoldenHour(ShaderScene):
    name = "golden_hour"
    description = "slow clouds lit gold by a low sun over quiet hills"
    params = (
        palette_param("dawn"),
        speed_param(),
        brightness_param(),
        Param("clouds", 1.0, "how much of the sky the clouds cover", min=0.2, max=2.0),
    )
    tags = ("open", "sky", "warm", "light", "re-orienting")
    shader = """
const float HORIZON = 0.52;        // screen y of the horizon (y grows downward)

// Cloud density at q (the cloud layer's plane): fractal noise with ``n`` octaves, the
// last one faded by ``fine`` (1 kept .. 0 gone).
float density(vec2 q, int n, float fine) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    for (int i = 0; i < 5; i++) {
        if (i >= n) break;
        float a = amp * (i == n - 1 ? fine : 1.0);
        sum += a * noise2q(q);
        norm += amp;
        amp *= 0.5;
        q = DL_OCTAVE * q + vec2(17.1, -9.3);
    }
    return sum / norm;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_shade = palette_texel(0.32), c_sky = palette_texel(0.42);
    vec3 c_light = palette_texel(0.8), c_sun = palette_texel(1.0);
    c_shade *= c_shade; c_sky *= c_sky; c_light *= c_light; c_sun *= c_sun;

    vec2 sun = vec2(-0.8, HORIZON - 0.17);
    vec2 ds = p - sun;
    float dsun = length(ds);
    float near_sun = exp(-dsun * 1.6);

    // the sky: gold at the horizon, rose, then a soft blue overhead
    float e = max(HORIZON - p.y, 0.0);
    vec3 col = mix(c_light * 0.85, c_sky * 0.7, smoother(0.0, 0.6, e));
    col = mix(col, c_shade * 0.55 + c_sky * 0.25, smoother(0.5, 1.45, e));
    col += c_light * 0.3 * exp(-e * 7.0) * (0.4 + 0.6 * near_sun);
    col += c_sun * (0.3 * exp(-dsun * 3.5) + 0.4 * exp(-dsun * dsun * 70.0));
    float disc = fill(dsun - 0.06);

    // the cloud layer overhead, in perspective: large above, thin streaks far away
    if (e > 0.015) {
        float z = 0.45 / (e + 0.02);                         // distance along the layer
        vec2 q = vec2(p.x * z * 2.2, z * 4.5) + vec2(s * 0.012, s * 0.008) + u_seed_offset;
        float foot = z * z * u_px * 4.5 / 0.45;              // a pixel's size on the layer
        float detail = clamp(-log2(max(foot, 1e-4)) - 1.0, 1.0, 5.0);
        int n = int(ceil(detail));
        float fine = detail - floor(detail) + step(detail, floor(detail) + 0.001);
        float d = density(q, n, min(fine, 1.0));
        float thr = -0.04 - 0.2 * (u_clouds - 1.0);
        float cover = smoother(thr, thr + 0.28, d) * smoother(0.015, 0.12, e);
        if (cover > 0.0) {
            // lit on the side toward the sun: how much less cloud lies that way
            vec2 to_sun = normalize(vec2((sun.x - p.x) * z * 2.2, -4.0));
            float ahead = density(q + 0.18 * to_sun, min(n, 3), 1.0);
            float lit = clamp(0.5 + 2.2 * (d - ahead), 0.0, 1.0);
            lit = 1.0 - lit;                                   // thinner toward the sun: lit
            float thick = smoother(thr, thr + 0.6, d);
            vec3 shade = c_shade * 0.7 + c_sky * 0.25;
            vec3 cloud = mix(shade, c_light * (0.95 + 0.5 * near_sun),
                             lit * (0.55 + 0.45 * near_sun));
            cloud += c_sun * 0.25 * (1.0 - thick) * near_sun;   // light through thin edges
            cloud *= 1.0 - 0.25 * thick * (1.0 - lit);
            // far clouds fade into the horizon's glow
            float far = exp(-e * 6.0);
            cloud = mix(cloud, c_light * 0.9, far * 0.6);
            col = mix(col, cloud, cover);
        }
    }
    col = mix(col, c_sun * 1.1, disc * 0.8 * (1.0 - 0.0));

    // far hills along the bottom, dark and warm, with a haze at their feet
    float o = u_seed_offset.x;
    float hill0 = HORIZON + 0.02 - 0.05 * (0.5 + 0.5 * fbm1(p.x * 1.2 + o, 3, 0.5));
    float hill = hill0 - 0.003 * noise1(p.x * 40.0 + o);
    float near_hill = HORIZON + 0.2 - 0.1 * (0.5 + 0.5 * fbm1(p.x * 0.7 + o + 30.0, 2, 0.5))
                      - 0.004 * noise1(p.x * 45.0 + o);
    vec3 land_far = mix(c_shade * 0.5, c_light * 0.45, 0.35 + 0.25 * near_sun);
    vec3 land_near = c_shade * 0.2 + c_light * 0.06;
    float haze = smoother(hill0 + 0.1, hill0, p.y);
    col = mix(col, mix(land_far, c_light * 0.6, haze * 0.5), fill(hill - p.y));
    float rim = exp(-max(p.y - near_hill, 0.0) * 60.0) * (0.3 + 0.7 * near_sun);   // lit crest
    col = mix(col, land_near * (1.0 - 0.5 * smoother(near_hill, 1.0, p.y)) + c_light * 0.08 * rim,
              fill(near_hill - p.y));
    return sqrt(col * 0.88) * u_brightness;                  // warm light, never glaring
}
"""
