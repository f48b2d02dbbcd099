"""Stillness: almost nothing — the faintest glow, breathing very slowly in the dark.

For the deepest, most dissociative stretch of a session, when any picture is too much
but a switched-off screen would feel like a void. Two soft, shapeless glows lie low in
a near-black room, like light seen through closed eyelids: a warm one that swells and
settles once every ``breath`` seconds, and a fainter, cooler one that wanders a little
over minutes. Their edges are bent by slow, large noise, so the light has no outline
to fix on; it never goes fully dark and never rises above a dim glow. Everything is
mixed in linear light from three palette colours.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Stillness(ShaderScene):
    name = "stillness"
    description = "almost nothing: the faintest warm glow, breathing very slowly in the dark"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        Param("breath", 14.0, "seconds per slow swell of the glow", min=6.0, max=60.0),
    )
    tags = ("deep", "rest", "dark", "warm")
    shader = """
vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_deep = palette_texel(0.3), c_warm = palette_texel(0.8), c_cool = palette_texel(0.55);
    c_deep *= c_deep; c_warm *= c_warm; c_cool *= c_cool;          // to linear light

    // large, slow bends of the glow's shape: no outline anywhere
    vec2 w = vec2(noise2q(p * 0.55 + vec2(0.0031 * s, 0.0) + u_seed_offset),
                  noise2q(p * 0.55 + vec2(0.0, -0.0027 * s) + u_seed_offset.yx));
    vec2 q = p + 0.3 * w;

    // the warm glow, low and wide, swelling once a breath (eased, never to nothing):
    // two lobes that drift apart and together over minutes, so its shape slowly changes
    float b = 0.5 - 0.5 * cos(6.2831853 * t / u_breath);
    b = b * b * (3.0 - 2.0 * b);
    float o = u_seed_offset.x;
    vec2 a1 = vec2(-0.18 + 0.14 * sin(s * 0.0021 + o), 0.30 + 0.05 * sin(s * 0.0013 + 2.0 * o));
    vec2 a2 = vec2(0.22 + 0.16 * sin(s * 0.0016 + 1.7 * o), 0.38 + 0.06 * cos(s * 0.0019 + o));
    vec2 d1 = (q - a1) / vec2(0.85, 0.55), d1b = (q - a2) / vec2(0.7, 0.5);
    float k = 1.25 - 0.08 * b;
    float g1 = (0.6 * exp(-dot(d1, d1) * k) + 0.5 * exp(-dot(d1b, d1b) * k)) * (0.92 + 0.08 * b);

    // a fainter, cooler glow that wanders slowly about the upper left or right
    vec2 c2 = vec2(0.7 * sin(s * 0.0017 + u_seed_offset.y), -0.3 + 0.1 * cos(s * 0.0023));
    vec2 d2 = (q - c2) / vec2(0.75, 0.5);
    float g2 = exp(-dot(d2, d2)) * 0.5;

    vec3 c_core = palette_texel(0.92);
    c_core *= c_core;
    vec3 col = c_deep * 0.012 + c_deep * 0.08 * g1 + c_warm * 0.075 * g1 * g1
             + c_core * 0.065 * g1 * g1 * g1 * g1 + c_cool * 0.035 * g2;
    col *= 1.0 - 0.5 * smoother(0.4, 1.4, length(p * vec2(0.6, 1.0)));   // a soft vignette
    return sqrt(col) * u_brightness;
}
"""
