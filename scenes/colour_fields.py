"""Colour fields: large, soft-edged fields of colour that glow and change over minutes.

After the colour-field painters: two (or three) broad rectangles float one above the
other on a dim ground, their edges feathered and a little uneven, as if brushed in
thin washes. Each glows from within — lighter in its middle, deeper toward its edges,
its light bleeding into the ground around it. Nothing moves as such: the fields swell
and shrink by a few percent, their edges wander, and their colours slide slowly along
the palette, so the picture is never the same twice yet never does anything. The
washes are low-contrast noise, stretched only a little so they never read as stripes.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class ColourFields(ShaderScene):
    name = "colour_fields"
    description = "broad soft fields of colour glowing on a dim ground, changing over minutes"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        Param("fields", 2, "how many fields of colour, one above the other", min=1, max=3),
    )
    tags = ("deep", "abstract", "warm")
    shader = """
// One field: the feathered box around ``c`` with half-size ``h``; returns (coverage, inner
// light). The edge wanders with slow noise and is ``soft`` scene units wide.
vec2 field(vec2 p, vec2 c, vec2 h, float soft, float s, float k) {
    vec2 o = u_seed_offset + vec2(13.7 * k, 5.1 * k);
    float wob = noise2q(p * 2.2 + o + vec2(0.004 * s, 0.0)) * 0.5
              + noise2q(p * 4.5 + o.yx - vec2(0.0, 0.006 * s)) * 0.15;
    float d = sd_box(p - c, h - 0.5 * soft) + 0.04 * wob;
    float cover = smoother(soft, -soft, d);
    vec2 r = (p - c) / h;
    float inner = 1.0 - 0.22 * dot(r * r, vec2(0.5, 1.0));   // lighter in the middle
    return vec2(cover, inner);
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    int n = int(u_fields + 0.5);
    float o = u_seed_offset.x;

    // the ground: the palette's deep end, a little lighter toward the middle
    float gx = 0.22 + 0.05 * sin(s * 0.0011 + o);
    vec3 ground = palette_texel(gx);
    ground = ground * ground * (0.55 + 0.45 * exp(-dot(p, p) * 0.5));

    // washes: thin, uneven layers of paint, nearly flat (stretched a little sideways)
    vec2 wq = p * vec2(1.3, 2.4) + u_seed_offset;
    float wash = fbm2q(wq + vec2(0.002 * s, 0.0), 3, 0.55);

    vec3 col = ground * (1.0 + 0.25 * wash);
    float halo = 0.0;
    float gap = 0.07;                               // ground showing between fields
    float top = -0.78, bottom = 0.78;
    float span = bottom - top - gap * float(n - 1);
    float y = top;
    for (int i = 0; i < 3; i++) {
        if (i >= n) break;
        float fi = float(i);
        // shares of the height: the upper field the tallest, as in the paintings
        float share = (n == 1) ? 1.0 : (n == 2) ? (i == 0 ? 0.6 : 0.4)
                                     : (i == 0 ? 0.45 : (i == 1 ? 0.22 : 0.33));
        share *= 1.0 + 0.04 * sin(s * (0.0023 + 0.0007 * fi) + o * (1.0 + fi));
        float hgt = span * share;
        vec2 c = vec2(0.0, y + 0.5 * hgt);
        vec2 h = vec2(min(1.2, u_aspect - 0.28) * (1.0 + 0.02 * sin(s * 0.0017 + fi)),
                      0.5 * hgt);
        y += hgt + gap;
        vec2 f = field(p, c, h, 0.06, s, fi);
        // its colour slides slowly along the light half of the palette
        // (neighbours kept apart: one deeper, one lighter)
        float base = (i == 1) ? 0.84 : (i == 0 ? 0.6 : 0.7);
        float x = base + 0.09 * sin(s * (0.0013 + 0.0004 * fi) + o * 2.3 + 2.1 * fi);
        vec3 fc = palette_texel(x);
        fc = hue_turn(fc * fc, 0.25 * sin(s * 0.0009 + 1.3 * fi + o));
        fc *= (0.42 + 0.13 * wash) * f.y;
        col = mix(col, fc, f.x);
        halo += exp(-max(sd_box(p - c, h), 0.0) * 9.0) * (1.0 - f.x);
    }
    col += palette_texel(0.65) * palette_texel(0.65) * 0.08 * halo;  // light bleeding out
    return sqrt(col) * u_brightness;
}
"""
