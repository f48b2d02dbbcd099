"""Snowfall: snow falling softly at night on a clearing in a fir wood, a window lit.

A clearing under a low, faintly glowing winter sky: a far row of snow-laden firs, a
small cabin among them with two warm windows whose light lies on the snow, and near
firs standing dark at the sides, their tiers of branches capped with snow. The snow
comes down in four layers at four depths: far flakes tiny and slow, near ones larger,
out of focus and dim; each sways gently as it falls. Flakes live in grid cells that
fall with their layer (one cell per pixel per layer), so the snowfall is endless,
seekable and cheap, and every flake is sized in scene units. The cold light comes from
the palette; the windows are the one warm colour. In stereo the snow layers, the near
firs and the far wood each stand at their own depth (``at_depth``).
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class Snowfall(ShaderScene):
    name = "snowfall"
    description = "snow falling softly at night on a fir wood, a cabin window lit"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how thickly the snow falls"),
    )
    tags = ("cosy", "winter", "nature", "dark", "cool")
    shader = """
const float HORIZON = 0.12;        // screen y of the far treeline's foot (y grows down)
const vec3 WINDOW = vec3(1.0, 0.6, 0.28);

// One fir standing at ``foot`` (screen), ``ht`` tall, ``tiers`` tiers of branches: its
// coverage (x) and the snow on its branch tips (y).
vec2 fir(vec2 p, vec2 foot, float ht, float tiers, float phase) {
    float v = (foot.y - p.y) / ht;                         // 0 foot .. 1 tip
    if (v < -0.02 || v > 1.0) return vec2(0.0);
    float tier = fract(v * tiers + phase);                 // 0 at a tier's wide skirt
    float droop = 1.0 - 0.4 * tier;
    float reach = 0.27 * ht * (1.0 - v) * droop + 0.01 * ht;
    float dx = abs(p.x - foot.x);
    float cover = fill((dx - reach) * 0.9) * fill(p.y - foot.y - 0.004);
    float snow = smoother(0.3, 0.0, tier) * smoother(0.25 * reach, 0.8 * reach, dx);
    return vec2(cover, snow);
}

// A row of firs in cells ``w`` wide on ``ground`` (screen y), ``tall`` high.
vec2 fir_row(vec2 p, float w, float ground, float tall, uint key) {
    float cell = floor(p.x / w);
    vec2 best = vec2(0.0);
    for (int i = -1; i <= 1; i++) {
        uint h = dl_hash(uint(int(cell) + i) * 0x9e3779b9u ^ u_seed_u ^ key);
        vec3 r = vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
        if (r.y < 0.2) continue;
        float cx = (cell + float(i) + 0.5) * w + 0.3 * w * (r.x - 0.5);
        vec2 f = fir(p, vec2(cx, ground), tall * (0.6 + 0.5 * r.z), 4.0 + 2.0 * r.x, r.y);
        if (f.x > best.x) best = f;
    }
    return best;
}

// One layer of falling flakes: cells ``cell`` wide fall at ``fall`` units/s; flakes are
// ``radius`` across and blurred by ``blur`` (out of focus). Returns light.
float flakes(vec2 p, float s, float cell, float fall, float radius, float blur, float density,
             int layer) {
    vec2 q = vec2(p.x + 0.37 * float(layer), p.y - fall * s);
    vec2 c0 = floor(q / cell);
    ivec2 c = ivec2(c0);
    uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu
                     ^ (uint(layer) * 0x27d4eb2fu + u_seed_u));
    vec4 u = vec4(float(h & 255u), float((h >> 8) & 255u), float((h >> 16) & 255u),
                  float(h >> 24)) / 255.0;
    if (u.w > density) return 0.0;
    // the flake sways sideways as it falls (within the middle of its cell)
    float sway = 0.18 * sin(s * (0.35 + 0.3 * u.z) + 6.28 * u.x);
    vec2 at = (c0 + vec2(0.5 + 0.5 * (u.x - 0.5) + sway, 0.3 + 0.4 * u.y)) * cell;
    float r = radius * (0.7 + 0.6 * u.z);
    float d = length(q - at);
    float core = point(q - at, r);
    float disc = smoother(r + blur, r, d) * (r * r) / ((r + blur) * (r + blur)) * 6.0;
    return mix(core, disc, step(0.0001, blur)) * (0.6 + 0.4 * u.y);
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_sky = palette_texel(0.3), c_snow = palette_texel(0.85), c_deep = palette_texel(0.12);
    vec3 c_mid = palette_texel(0.55);
    c_sky *= c_sky; c_snow *= c_snow; c_deep *= c_deep; c_mid *= c_mid;
    vec3 warm = WINDOW * WINDOW;
    vec2 cabin = vec2(-0.55, HORIZON + 0.005);

    // the sky: low snow clouds glowing faintly, lighter toward the horizon
    float e = HORIZON - p.y;
    float clouds = fbm2q(vec2(p.x * 0.8 - s * 0.002, p.y * 1.6) + u_seed_offset, 3, 0.5);
    vec3 col = mix(c_mid * 0.32, c_sky * 0.4, smoother(0.0, 0.9, e)) * (0.85 + 0.3 * clouds);
    col += warm * 0.012 * glow(p - cabin, 0.35);

    // the snow field: gentle drifts, lit from the sky and, near the cabin, by its windows
    if (p.y > HORIZON - 0.05) {
        float g = p.y - HORIZON;
        // drifts on the ground plane, seen in perspective (fading out toward the horizon,
        // where they would be finer than a pixel)
        float z = 1.0 / (g + 0.06);
        float drift = noise2q(vec2(p.x * z * 0.9, z * 1.4) + u_seed_offset)
                      * smoother(0.0, 0.2, g);
        vec3 snow = c_snow * (0.3 + 0.1 * drift) * (1.0 - 0.35 * smoother(0.0, 0.9, g));
        snow += warm * 0.1 * glow((p - cabin - vec2(0.0, 0.04)) * vec2(0.7, 2.5), 0.2);
        col = mix(col, snow, fill(HORIZON - p.y));
    }

    // the far treeline, pale with distance, and the cabin among it
    vec2 pf = at_depth(p, 40.0);                   // the far treeline and the cabin
    vec2 far = fir_row(pf, 0.045, HORIZON + 0.01, 0.12, 0x51u);
    vec3 far_c = mix(c_sky * 0.5 + c_mid * 0.12, c_snow * 0.3, far.y * 0.6);
    col = mix(col, far_c, far.x);
    vec2 cp = pf - cabin;
    float body = fill(sd_box(cp - vec2(0.0, -0.025), vec2(0.065, 0.028)));
    float roof = fill(max(max(-0.1 + 0.6 * abs(cp.x) - cp.y, cp.y + 0.052), abs(cp.x) - 0.08));
    float wins = fill(sd_box(vec2(abs(cp.x) - 0.03, cp.y + 0.028), vec2(0.011, 0.011)));
    vec3 cab = mix(c_deep * 0.5, c_snow * 0.35, roof);                // snow on the roof
    col = mix(col, cab, max(body, roof));
    col = mix(col, warm * 0.75, wins * body);
    col += warm * 0.04 * glow(cp + vec2(0.0, 0.028), 0.09);

    // near firs at the sides, dark, snow on their branch tips
    if (abs(p.x) > u_aspect - 1.0) {
        vec2 best = vec2(0.0);
        for (int i = 0; i < 4; i++) {
            vec3 h = hash3(ivec2(i, 0x5f1));
            float sx = (i % 2 == 0) ? -1.0 : 1.0;
            vec2 foot = vec2(sx * (u_aspect - 0.12 - 0.4 * float(i / 2) - 0.12 * h.x),
                             1.06 + 0.1 * h.y);
            float ht = (i < 2 ? 1.35 : 0.95) * (0.9 + 0.2 * h.z);
            vec2 f = fir(at_depth(p, 2.6), foot, ht, 7.0 + 2.0 * h.x, h.y);
            if (f.x > best.x) best = f;
        }
        vec3 near_c = mix(c_deep * 0.12, c_snow * 0.2, best.y);
        col = mix(col, near_c, best.x);
    }

    // the snow: four layers, far to near
    float fl = 0.0;
    float dens = clamp(0.55 * u_density, 0.0, 1.0);
    fl += 0.3 * flakes(at_depth(p, 14.0), s, 0.035, 0.035, 0.0014, 0.0, dens * 0.6, 1);
    fl += 0.55 * flakes(at_depth(p, 7.0), s, 0.06, 0.05, 0.0022, 0.0, dens, 2);
    fl += 0.8 * flakes(at_depth(p, 3.5), s, 0.11, 0.075, 0.0035, 0.0, dens * 0.8, 3);
    fl += 0.35 * flakes(at_depth(p, 1.6), s, 0.24, 0.11, 0.008, 0.012, dens * 0.6, 4);
    col += c_snow * 0.55 * fl;
    return sqrt(col) * u_brightness;
}
"""
