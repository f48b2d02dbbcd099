"""Underwater: sunlit shallows seen from below — shafts of light, caustics, drifting motes.

We float in clear water a few metres down. Above, the underside of the surface glows,
crossed by a slowly changing net of bright caustic lines; shafts of sunlight fall from
it, fanning a little, and fade with depth; below, a sandy floor catches the same moving
caustics and sinks into blue haze; dark rocks rest on it. Fine motes drift slowly
through the water at three depths, the nearest soft and out of focus. Caustics are the
ridges of two layers of noise moving against each other — no loops — filtered away
toward the haze where they would be finer than a pixel. Colours come from the palette:
the deep water from its dark end, the light from its light end.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Underwater(ShaderScene):
    name = "underwater"
    description = "sunlit shallows from below: light shafts, moving caustics, drifting motes"
    params = (
        palette_param("ocean"),
        speed_param(),
        brightness_param(),
        Param("shafts", 1.0, "how strong the shafts of light are", min=0.0, max=2.0),
    )
    tags = ("open", "water", "cool", "light")
    shader = """
const float SURFACE = -0.06;       // screen y where the surface plane would meet the haze
const float FLOOR = 0.2;           // screen y where the floor plane would meet the haze

// The caustic net at ``q`` (plane coordinates, about one cell per unit): bright, thin,
// curved lines along the borders of slowly wandering cells (the edges of a Voronoi
// diagram, 3x3 cells, in a warped domain so no edge is straight), softened by ``blur``
// (0 sharp .. 1 gone, where the net would be finer than a pixel).
float caustic(vec2 q, float s, float blur) {
    if (blur > 0.98) return 0.3;
    q += 0.3 * vec2(noise2q(q * 1.1 + u_seed_offset + vec2(0.0, 0.015 * s)),
                    noise2q(q * 1.1 + u_seed_offset.yx - vec2(0.015 * s, 0.0)));
    vec2 c0 = floor(q), f = q - c0;
    float d1 = 9.0, d2 = 9.0;
    // each point circles its cell's middle, half of them one way, half the other, at two
    // speeds: two rotations for all (no trigonometry per cell)
    mat2 turn_a = rot(s * 0.07), turn_b = rot(-s * 0.095);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ivec2(c0) + ivec2(i, j);
            uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu ^ u_seed_u);
            vec3 u = vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
            vec2 arm = 0.32 * (u.xy * 2.0 - 1.0);
            vec2 d = vec2(i, j) + 0.5 + (u.z < 0.5 ? turn_a * arm : turn_b * arm) - f;
            float dd = dot(d, d);
            if (dd < d1) { d2 = d1; d1 = dd; } else if (dd < d2) { d2 = dd; }
        }
    }
    float edge = sqrt(d2) - sqrt(d1);                       // 0 on a border
    float width = mix(0.05, 0.3, blur);
    float line = exp(-edge / width) + 0.25 * exp(-edge / (3.0 * width));
    return mix(line * (0.5 + 0.8 * sqrt(d1)), 0.3, blur);
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_deep = palette_texel(0.12), c_mid = palette_texel(0.45);
    vec3 c_light = palette_texel(0.75), c_foam = palette_texel(0.95);
    c_deep *= c_deep; c_mid *= c_mid; c_light *= c_light; c_foam *= c_foam;

    // the water itself: light from above, deepening downward
    float up = clamp(0.5 - 0.55 * p.y, 0.0, 1.0);         // 1 at the top edge
    vec3 water = mix(c_deep * 0.5, c_mid * 0.55, up * up) + c_light * 0.12 * up * up * up;
    vec3 col = water;

    if (p.y < SURFACE - 0.01) {
        // the underside of the surface, a plane above us, in perspective
        float h = SURFACE - p.y;
        float z = 0.35 / h;                                  // distance along it
        vec2 q = vec2(p.x * z, z) * 5.0;
        float blur = smoother(0.03, 0.2, z * z * u_px * 5.0 / 0.35);   // a pixel's footprint
        float net = caustic(q, s, blur);
        float near = exp(-z * 0.45);                          // haze with distance
        vec3 sky = mix(c_light * 0.5, c_foam * 0.9, smoother(0.0, 0.9, h));
        vec3 surf = sky * (0.4 + 0.8 * net) * near;
        col = mix(col, surf, near * smoother(0.0, 0.12, h));
    } else if (p.y > FLOOR + 0.01) {
        // the sandy floor below, in perspective, under the same moving light
        float h = p.y - FLOOR;
        float z = 0.5 / h;
        vec2 q = vec2(p.x * z, z) * 4.0;
        float blur = smoother(0.03, 0.2, z * z * u_px * 4.0 * 0.8 / 0.5);
        float net = caustic(q * 0.8 + vec2(0.0, 5.0), s * 0.8, blur);
        float ripple = noise2q(q * vec2(0.3, 0.8) + u_seed_offset.yx) * (1.0 - blur);
        float near = exp(-z * 0.28);
        vec3 sand = mix(c_mid, c_light, 0.25) * (0.32 + 0.08 * ripple) + c_light * 0.3 * net;
        col = mix(col, sand, near * smoother(0.0, 0.1, h));
        // dark rocks resting on the floor, rounded on top
        float rx = p.x * 1.4 + u_seed_offset.x;
        float bump = max(noise1(rx) - 0.15, 0.0) + 0.25 * smoother(0.75, 1.0, abs(p.x) / u_aspect);
        float rock_top = 1.02 - 0.5 * bump - 0.02 * noise1(rx * 4.0);
        float rock = fill(rock_top - p.y) * step(0.01, bump);
        vec3 stone = mix(c_deep * 0.3, c_mid * 0.2, smoother(rock_top + 0.12, rock_top, p.y))
                     + c_light * 0.1 * net * smoother(rock_top + 0.05, rock_top, p.y);
        col = mix(col, stone, rock);
    }

    // shafts of sunlight from the surface, fanning down from a point above the screen
    vec2 src = vec2(0.35 + 0.1 * sin(s * 0.004 + u_seed_offset.x), -2.6);
    vec2 dv = p - src;
    float ang = atan(dv.x, dv.y);
    float rays = noise1(ang * 13.0 + s * 0.01 + u_seed_offset.y) * 0.65
               + noise1(ang * 29.0 - s * 0.013 + 3.0) * 0.35;
    rays = smoother(0.0, 0.7, rays) * (0.6 + 0.4 * noise1(p.y * 2.0 + ang * 5.0 + 7.0));
    float fade = smoother(1.0, -0.6, p.y) * smoother(-1.1, -0.5, p.y + 0.1 * noise1(ang * 9.0));
    col += c_foam * 0.18 * u_shafts * rays * fade * (0.6 + 0.4 * up);

    // fine motes drifting slowly at three depths; the nearest soft and out of focus
    vec2 m = p + vec2(0.004 * s, -0.003 * s);
    vec3 motes = star_cell(m, 0.045, 0.5, 0.0011, 31) * 0.5
               + star_cell(p + vec2(0.006 * s, -0.005 * s), 0.08, 0.45, 0.0018, 32) * 0.6;
    vec2 mn = p + vec2(0.009 * s, -0.008 * s);
    vec2 cn = floor(mn / 0.22);
    vec3 hn = hash3(ivec2(cn) + ivec2(0x41, 0x7));
    vec2 at = (cn + 0.25 + 0.5 * hn.xy) * 0.22;
    float bokeh = smoother(0.016, 0.009, length(mn - at)) * step(hn.z, 0.35);
    col += c_foam * (dot(motes, vec3(0.33)) * 0.35 + bokeh * 0.03) * (0.4 + 0.6 * up);
    return sqrt(col) * u_brightness;
}
"""
