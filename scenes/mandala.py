"""Mandala: a slow kaleidoscope of petals and rings unfolding from the centre.

Rings of petals bloom at the centre, drift outward very slowly, open and fade before
they reach the edge, so the figure unfolds for ever and always fits the screen (its
outermost light stays inside 0.95 of the half-height). Each pixel folds its angle
into one mirrored wedge of ``symmetry`` and measures exact signed distances to a
petal (a vesica) of every ring: edges are anti-aliased to a pixel at any size, with
fine line work (rim, nested outlines, vein) and necklaces of small pearls as the
native detail.
Alternate rings sit between the petals of the last and turn the other way, very
slowly. Petals are light laid over light (a screen blend, so the order of rings
never shows), shading from a deep base to a light tip, and the rings take turns
among three palette colours and one turned in hue, so there is always more
than one hue.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Mandala(ShaderScene):
    name = "mandala"
    description = "a slow kaleidoscope: petals and rings gently unfolding from the centre"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        Param("symmetry", 8, "number of mirrored petals around the centre", min=3, max=16),
    )
    tags = ("deep", "pattern", "abstract")
    shader = """
const int RINGS = 6;

// cos and sin of a small angle (|x| <= pi/3 here) by their series: far cheaper than
// the built-ins on a software renderer, and within 2e-5 of them.
vec2 cos_sin(float x) {
    float x2 = x * x;
    return vec2(1.0 + x2 * (-0.5 + x2 * (1.0 / 24.0 + x2 * (-1.0 / 720.0 + x2 / 40320.0))),
                x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 - x2 / 5040.0))));
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    p /= min(1.0, u_aspect);                            // fits a portrait screen too
    float n = floor(u_symmetry + 0.5);
    float wedge = 6.2831853 / n;
    float r = length(p);
    float a = atan(p.y, p.x) + 0.003 * s + u_seed_offset.y;   // the figure turns slowly
    float edge = 1.2 * u_px / min(1.0, u_aspect);       // anti-aliasing width

    // the palette, read once: three colours and the middle one turned in hue
    vec3 c_deep = palette_texel(0.32);
    // a dark ground with a soft glow behind the figure; nothing else reaches past 0.95
    // (a branch that whole blocks of pixels take together, so they skip the rest)
    vec3 col = vec3(0.004, 0.003, 0.007) + c_deep * 0.3 * exp(-r * r * 2.0);
    if (r > 0.96) return col * u_brightness;
    vec3 c_mid = palette_texel(0.62), c_light = palette_texel(0.9);
    vec3 c_turn = hue_turn(c_mid, 1.2);

    for (int k = 0; k < RINGS; k++) {
        // where the ring is on its way out: 0 at the centre .. 1 at the edge
        float pos = fract((float(k) + 0.5) / float(RINGS) + s * 0.0011 + 0.37 * u_seed_offset.x);
        float life = smoother(0.0, 0.18, pos) * smoother(1.0, 0.72, pos);
        if (life < 0.002) continue;                     // the same for every pixel: free
        float R = mix(0.05, 0.66, pos);                 // where the petals sit
        float len = 0.05 + 0.2 * pos;
        float odd = float(k & 1);
        // fold the angle into half a wedge; odd rings sit between the petals, turning
        // the other way
        float spin = (odd > 0.5 ? -1.0 : 1.0) * 0.002 * s;
        float u = fract((a + spin) / wedge + 0.5 * odd) - 0.5;
        float af = abs(u) * wedge;
        vec2 q = r * cos_sin(af);                       // the petal's axis along +x
        // the petal: a vesica half ``len`` long and ``hw`` wide, opening as it grows
        float hw = min(len * (0.28 + 0.14 * smoother(0.1, 0.8, pos)),
                       0.8 * (R + 0.3 * len) * sin(0.5 * wedge));
        float rv = 0.5 * (len * len / hw + hw);
        float dv = 0.5 * (len * len / hw - hw);
        vec2 lp = vec2(q.y, q.x - R);
        float sd = sd_vesica(lp, rv, dv);
        float cover = clamp(0.5 - sd / edge, 0.0, 1.0);
        // colour: a deep base to a light tip, in this ring's own colour
        float along = clamp((lp.y + len) / (2.0 * len), 0.0, 1.0);
        int pick = (k + int(u_seed_offset.x)) % 3;
        vec3 ring_c = pick == 0 ? c_mid : (pick == 1 ? c_turn : mix(c_mid, c_light, 0.5));
        vec3 pc = mix(c_deep, ring_c, smoother(0.0, 0.6, along));
        pc = mix(pc, c_light, 0.55 * smoother(0.55, 1.0, along));
        float body = smoother(0.0, 0.7 * hw, -sd);       // fuller inside, softer at the rim
        pc *= 0.55 + 0.45 * body;
        // fine line work, a pixel wide at any size: the rim, two nested outlines and a
        // vein along the axis
        float line = clamp(1.0 - abs(sd + 0.3 * hw) / edge, 0.0, 1.0)
                   + 0.7 * clamp(1.0 - abs(sd + 0.62 * hw) / edge, 0.0, 1.0)
                   + 0.6 * clamp(1.0 - abs(sd + 0.5 * edge) / edge, 0.0, 1.0);
        float vein = clamp(1.0 - abs(lp.x) / (0.8 * edge), 0.0, 1.0) * smoother(0.0, 0.4 * hw, -sd);
        pc += c_light * (0.4 * line + 0.25 * vein);
        // a necklace of small pearls around the petals' feet, a whole number per wedge
        float rd = max(R - 0.9 * len, 0.02);
        float dr = 0.003 + 0.004 * pos;
        float half_arc = 0.5 * wedge * rd;
        float m = max(1.0, floor(half_arc / (3.5 * dr)));
        float step_arc = half_arc / m;
        float near_arc = min((floor(af * rd / step_arc) + 0.5) * step_arc,
                             half_arc - 0.5 * step_arc);
        float pearl_d = length(vec2(r - rd, (af - near_arc / rd) * r)) - dr;
        float pearl = clamp(0.5 - pearl_d / edge, 0.0, 1.0) * (1.0 - cover);
        // and a soft glow around the petal, so it reads as light, not a cut-out
        float halo = exp(-max(sd, 0.0) / (0.012 + 0.08 * len)) * (1.0 - cover);
        vec3 light = pc * cover * 0.85 + c_light * pearl * 0.45 + ring_c * halo * 0.16;
        light *= life;
        col = 1.0 - (1.0 - col) * (1.0 - clamp(light, 0.0, 1.0));          // screen
    }
    // the centre: a small, soft, bright seed
    col += c_light * (0.5 * exp(-r * r / 0.0012) + 0.18 * exp(-r * r / 0.012));
    return col * u_brightness;
}
"""
