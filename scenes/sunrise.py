"""Sunrise: the sun climbs out from behind layered, misty hills into a warming sky.

Three ridges stand one behind the other, each paler with distance and dissolving into
valley mist at its foot, the way hills look at first light. The sun starts just below
the far ridge, so the scene opens on the glow before dawn; it climbs (a little to the
right, as it does) and the sky warms to full light once ``rise`` scene-seconds have
passed — by default early in a typical arrival phase — then stays, with thin high
clouds, lit from below, drifting across. Everything is drawn in linear light from
three palette colours: the zenith, the horizon and the sun.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Sunrise(ShaderScene):
    name = "sunrise"
    description = "a slow dawn: the sun rises over misty hills into a warming sky"
    params = (
        palette_param("dawn"),
        speed_param(),
        brightness_param(),
        Param("rise", 150.0, "seconds for the sun to climb from horizon to full height",
              min=60.0, max=7200.0),
    )
    tags = ("open", "sky", "light", "warm", "re-orienting")
    shader = """
const float HORIZON = 0.30;     // screen y of the far ridge's foot (y grows downward)

// Screen y of the top of ridge 0 (far mountains), 1 (hills) and 2 (a wooded rise).
float ridge0(float x) {
    float o = u_seed_offset.x;
    float peaks = 1.0 - abs(noise1(x * 0.75 + o));                 // sharp-crested
    return HORIZON - 0.03 - 0.20 * peaks * peaks - 0.06 * fbm1(x * 2.6 + o, 2, 0.5);
}
float ridge1(float x) {
    return HORIZON + 0.17 - 0.2 * (0.5 + 0.5 * fbm1(x * 0.7 + u_seed_offset.x + 40.0, 2, 0.45));
}
float ridge2(float x) {
    float o = u_seed_offset.x + 80.0;
    return HORIZON + 0.358 - 0.07 * (0.5 + 0.5 * noise1(x * 0.8 + o))
           - 0.01 * noise1(x * 34.0 + o);                          // the ragged top of a wood
}

// Coverage of the firs standing out of the near wood (its top at ``base``): spires with
// tiers of branches, crowded but uneven, one per narrow cell, none wider than a cell.
float firs(vec2 p, float base) {
    float w = 0.03;
    float cell = floor(p.x / w);
    float cover = 0.0;
    for (int i = -1; i <= 1; i++) {
        uint h = dl_hash(uint(int(cell) + i) * 0x9e3779b9u ^ u_seed_u ^ 0x7ee7u);
        vec3 r = vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
        float cx = (cell + float(i) + 0.5) * w + 0.25 * w * (r.x - 0.5);
        float tall = (0.035 + 0.085 * r.z * r.z) * step(0.25, r.y);
        float v = clamp((base + 0.008 - p.y) / max(tall, 1e-4), 0.0, 1.0);   // foot .. tip
        float tier = abs(fract(v * (5.0 + 3.0 * r.x) + r.y) - 0.5);
        float reach = 0.26 * tall * (1.0 - v) * (0.8 + 0.4 * tier);
        cover = max(cover, fill((abs(p.x - cx) - reach) * 0.96) * step(0.001, reach));
    }
    return cover;
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    float up = clamp(s / u_rise, 0.0, 1.0);
    up = up * up * (3.0 - 2.0 * up);                             // eases in and out
    float day = sqrt(up);                                        // how light the sky is
    float xz = 0.15 + 0.23 * day, xh = 0.48 + 0.22 * day;      // palette: zenith, horizon

    vec2 sun = vec2(0.30 + 0.22 * up, HORIZON + 0.02 - 0.68 * up);
    vec2 ds = p - sun;
    float dsun = length(ds);
    float e = HORIZON - p.y;                                     // height above horizon

    // The sky as a tone (a place on the palette) and a gain; so are the ridges, and
    // the one palette read at the end colours them all. Light is added in linear light.
    float g = sqrt(clamp(e / 1.25, 0.0, 1.0));
    float tone = mix(xh, xz, g);
    float gain = 1.0 - 0.12 * day;
    // thin high clouds in long streaks, drifting; lit from below, warm near the sun
    float near_sun = exp(-dsun * 1.8);
    float n = noise2q(vec2(p.x * 0.45 - s * 0.0035, p.y * 6.5) + u_seed_offset)
              + 0.45 * noise1(p.y * 2.3 + u_seed_offset.y) - 0.1;
    float cloud = smoother(0.0, 0.55, n) * smoother(0.15, 0.45, e) * smoother(1.35, 0.7, e);
    tone = mix(tone, xh + 0.12 + 0.1 * near_sun, cloud * 0.5);
    gain = mix(gain, 0.75 + 0.6 * near_sun, cloud * 0.5);
    float glow = exp(-max(e, 0.0) * 4.0) * exp(-abs(ds.x) * (0.9 - 0.4 * day)) * (0.45 - 0.12 * day)
                 + (0.14 * exp(-dsun * 3.0) + 0.32 * exp(-dsun * dsun * 50.0)) * (0.5 + 0.5 * up)
                 + cloud * 0.25 * near_sun;
    float disc = fill(dsun - 0.055) * (1.0 - 0.35 * dsun / 0.055);    // a little limb-dark

    // Three ridges, far to near: paler with distance; valley mist lies level at their
    // feet, brighter toward the sun. Each covers what lies behind it.
    float drift = 0.8 + 0.2 * noise1(p.x * 1.3 + s * 0.004 + u_seed_offset.y);
    float toward = exp(-abs(ds.x) * 1.5);
    float t2 = ridge2(p.x);
    float cover[3] = float[3](fill(ridge0(p.x) - p.y), fill(ridge1(p.x) - p.y),
                              max(fill(t2 - p.y), firs(p, t2)));
    float lit = 1.0;                               // the sky's own light still showing
    for (int k = 0; k < 3; k++) {
        float fk = float(k), far = 1.0 - fk / 2.0;
        float floor_y = HORIZON + 0.08 + 0.2 * fk;
        float fog = smoother(floor_y - 0.12, floor_y + 0.06, p.y) * (0.85 - 0.3 * fk) * drift;
        fog *= 1.0 - 0.8 * step(1.5, fk);
        float rt = mix(mix(xz - 0.1, xh, 0.75 * far), xh + 0.06 * toward, fog);
        float rg = mix(0.15 + 0.65 * far * far, 0.85 + 0.15 * day + 0.3 * toward, fog);
        tone = mix(tone, rt, cover[k]);
        gain = mix(gain, rg, cover[k]);
        lit *= 1.0 - cover[k];
    }
    vec3 c = palette_texel(tone);
    vec3 sunc = palette_texel(0.88 + 0.1 * day);
    c = c * c * gain + sunc * sunc * glow * lit;
    c = mix(c, sunc * sunc * 1.35, disc * lit);
    // the near ground darkens to black at the bottom edge
    c *= 1.0 - 0.95 * smoother(0.62, 1.0, p.y);
    return sqrt(c) * u_brightness;
}
"""
