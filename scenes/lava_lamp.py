"""Lava lamp: soft blobs of warm wax rising, merging and sinking in a glowing glass.

The lamp stands in a dark room: a metal cap, a tapered glass, a base with the bulb.
Inside, metaballs (a field of r²/d² per blob, the wax surface where it reaches 1)
rise slowly when warm, stretch a little as they move, cool at the top and sink back
into a pool of wax at the bottom, merging with smooth necks wherever they meet. Two
depths: the blobs at the back are smaller, slower, softer and dimmer, the front ones
crisp. The wax is lit from the bulb below and glows from within where it is thick;
the liquid takes a deeper colour and scatters light around the wax. The glass has a
darker rim and two soft reflections; its light spills onto the wall. Edges are drawn
from the field's own gradient, so they stay one pixel soft at any size.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class LavaLamp(ShaderScene):
    name = "lava_lamp"
    description = "warm wax blobs slowly rising, merging and sinking in a lava lamp"
    params = (
        palette_param("ember"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many blobs"),
    )
    tags = ("cosy", "abstract", "warm")
    shader = """
const float TOP = -0.76;      // the glass runs from TOP to BOT (y runs down)
const float BOT = 0.56;

// Half the glass's width at height v (0 at its top, 1 at its bottom): tapered, widest
// a quarter of the way up from the bottom.
float glass_w(float v) { return 0.21 + 0.26 * v - 0.16 * v * v * v * v; }

// The wax field of one depth at q (lamp coordinates) and its gradient: blobs ``first``,
// ``first + 2``, ... (the two depths take every other blob), plus the pool at the bottom.
vec3 wax(vec2 q, float s, int first, int count, float size) {
    float f = 0.0;
    vec2 g = vec2(0.0);
    for (int i = 0; i < 24; i++) {
        if (i >= count) break;
        int k = first + 2 * i;
        vec3 h = hash3(ivec2(k, 0x1a7a));
        vec3 h2 = hash3(ivec2(k, 0x2b8b));
        float period = (70.0 + 90.0 * h.x) / (0.6 + 0.4 * size);
        float ph = 6.2831853 * (s / period + h.y);
        float up = 0.5 - 0.5 * cos(ph);                    // 0 at the bottom, 1 at the top
        float y = mix(BOT - 0.06, TOP + 0.12, up);
        float v = (y - TOP) / (BOT - TOP);
        // smaller up high (stretched thin), a little taller while moving
        float r = size * (0.075 + 0.065 * h.z) * (1.1 - 0.35 * up);
        float room = max(glass_w(v) - 1.1 * r, 0.0);       // stays clear of the glass
        float x = clamp((1.4 * h2.x - 0.7 + 0.22 * sin(6.2831853 * (s / (53.0 + 40.0 * h2.y))
                                                     + 6.0 * h.z)) * glass_w(v) * 0.8, -room, room);
        float stretch = 1.0 + 0.6 * abs(sin(ph));
        vec2 d = q - vec2(x, y);
        d.y /= stretch;
        float dd = dot(d, d) + 1e-5;
        float k2 = r * r / dd;
        f += k2;
        g += -2.0 * k2 / dd * vec2(d.x, d.y / stretch);
    }
    // the pool of wax along the bottom, breathing a little
    float pool_y = BOT - 0.05 - 0.02 * sin(0.05 * s + float(first));
    float py = max(pool_y - q.y + 0.09, 0.005);         // above the pool's surface
    float pool = 0.09 * 0.09 / (py * py) * size * size;
    f += pool;
    g += vec2(0.0, 2.0 * pool / py);
    return vec3(f, g);
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_liquid = palette_texel(0.35), c_wax = palette_texel(0.78), c_hot = palette_texel(0.97);
    float v = clamp((p.y - TOP) / (BOT - TOP), 0.0, 1.0);
    float w = glass_w(v);
    float dx = abs(p.x) - w;                              // < 0 inside the glass
    vec2 glow_c = vec2(0.0, 0.05);
    float room_d = length((p - glow_c) * vec2(0.8, 0.6));

    // the room: dark, with the lamp's warm light spilling onto the wall
    vec3 col = vec3(0.004, 0.003, 0.004) + c_wax * 0.16 / (1.0 + room_d * room_d * 3.0);

    // the base (bulb inside) and the cap: dark metal with a soft sheen and rim light
    float base_w = mix(0.27, 0.46, clamp((p.y - BOT) / 0.45, 0.0, 1.0));
    float base = fill(max(abs(p.x) - base_w, BOT - 0.005 - p.y));
    float cap_w = mix(0.11, 0.22, clamp((p.y - (TOP - 0.22)) / 0.22, 0.0, 1.0));
    float cap = fill(max(max(abs(p.x) - cap_w, TOP - 0.215 - p.y), p.y - TOP - 0.005));
    float sheen = 0.5 + 0.5 * cos(3.2 * p.x / max(base_w, 0.1));
    vec3 metal = vec3(0.012, 0.011, 0.012) + c_wax * 0.07 * sheen * sheen;
    vec3 base_c = metal * (1.0 + 0.8 * smoother(BOT + 0.45, BOT, p.y))   // lit by the glass
                + c_hot * 0.14 * smoother(BOT + 0.06, BOT, p.y);
    vec3 cap_c = metal + c_wax * 0.06 * smoother(TOP - 0.1, TOP, p.y);
    col = mix(col, base_c, base);
    col = mix(col, cap_c, cap);

    // inside the glass
    float inside = fill(dx) * step(TOP - 0.01, p.y) * step(p.y, BOT + 0.01);
    if (inside > 0.0) {
        // the liquid: lit from the bulb below, a deeper colour higher up
        float heat = smoother(0.0, 1.0, v);
        vec3 liquid = c_liquid * (0.5 + 0.9 * heat * heat);
        int n = int(max(2.0, floor(6.0 * u_density + 0.5)));
        // back blobs: smaller, slower, softer and dimmer (seen through more liquid)
        float size = 1.2 / sqrt(u_density + 0.44);         // more blobs, smaller ones
        vec3 fb = wax(p * 1.15 + vec2(0.0, 0.02), s * 0.7, 1, n / 2, 0.85 * size);
        vec3 ff = wax(p, s, 0, n - n / 2, size);
        float lit = 0.65 + 0.6 * heat;                     // the bulb is below
        // light scattered in the liquid around the wax
        liquid += c_wax * 0.12 * smoother(0.25, 1.0, ff.x + 0.6 * fb.x) * lit;
        vec3 c = liquid;
        // a wax surface from its field: one pixel of edge (three at the back)
        float eb = (fb.x - 1.0) / max(length(fb.yz), 1e-3);
        float ef = (ff.x - 1.0) / max(length(ff.yz), 1e-3);
        // (the distance estimate only holds near the surface: deep inside, the field says)
        float back = max(clamp(0.5 + eb / (3.0 * u_px), 0.0, 1.0), smoother(1.0, 1.4, fb.x));
        float front = max(clamp(0.5 + ef / u_px, 0.0, 1.0), smoother(1.0, 1.2, ff.x));
        // wax glows from within where it is thick; the rim is deeper and warmer
        // each blob read as a rounded body: for one blob sqrt(1 - 1/f) is exactly a
        // sphere's height, and its slope gives a normal that is smooth across the middle.
        // Lit from the bulb below (the underside brighter), glowing where it is thick.
        float zf = sqrt(max(1.0 - 1.0 / max(ff.x, 1e-3), 0.0));
        float zb = sqrt(max(1.0 - 1.0 / max(fb.x, 1e-3), 0.0));
        float under_f = clamp(-0.05 * ff.z / (max(zf, 0.2) * ff.x * ff.x), -1.0, 1.0);
        float under_b = clamp(-0.05 * fb.z / (max(zb, 0.2) * fb.x * fb.x), -1.0, 1.0);
        vec3 wb = mix(c_wax, c_hot, 0.3 + 0.25 * under_b) * lit * 0.6;
        float mottle = noise2q(p * vec2(9.0, 5.0) + vec2(0.0, -0.01 * s) + u_seed_offset);
        vec3 wf = mix(c_wax * 0.8, c_hot, clamp(0.25 + 0.35 * under_f + 0.3 * zf + 0.08 * mottle,
                                               0.0, 1.0))
                  * lit * (0.85 + 0.2 * under_f);
        wf *= 0.8 + 0.2 * smoother(0.0, 0.4, zf);           // a deeper rim at the edge
        c = mix(c, mix(c, wb, 0.65), back);
        c = mix(c, wf, front);
        // the glass: a darker rim and two soft vertical reflections
        float across = p.x / w;
        float rim = smoother(0.75, 1.0, abs(across));
        c *= 1.0 - 0.45 * rim;
        vec2 rr = (vec2(across) - vec2(-0.62, 0.7)) / vec2(0.07, 0.04);
        float refl = 0.6 * exp(-rr.x * rr.x) + 0.35 * exp(-rr.y * rr.y);
        c += c_hot * 0.1 * refl * (0.4 + 0.6 * smoother(0.0, 0.4, v));
        col = mix(col, c, inside);
    }
    return col * u_brightness;
}
"""
