"""Candle: one candle flame in a dark, quiet room, swaying very slowly.

A pillar candle stands in the middle of a dark room; its flame — a soft teardrop with a
pale core, a darker hollow around the wick and a faint blue foot — leans and stretches
on slow, smooth currents of air (nothing faster than a breath: it never flickers). The
flame lights the room: a warm glow on the wall that falls off with distance, the wax
near the top lit through from inside, its melted pool glowing, its sides rounded by
light from above. Far behind, two or three other candles burn out of focus. Colours
come from the palette: the room from its deep end, the flame from its light end.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Candle(ShaderScene):
    name = "candle"
    description = "a single candle flame swaying slowly in a dark, warm room"
    params = (
        palette_param("ember"),
        speed_param(),
        brightness_param(),
        Param("draught", 1.0, "how far the flame leans and stretches in the moving air",
              min=0.0, max=2.0),
    )
    tags = ("cosy", "fire", "warm", "dark")
    shader = """
const float TOP = 0.14;         // screen y of the candle's top rim (y grows downward)
const float R = 0.2;            // the candle's radius
const float FH = 0.36;          // the flame's height
const float TABLE = 0.6;        // screen y of the candle's foot on the table

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_room = palette_texel(0.3), c_warm = palette_texel(0.72);
    vec3 c_flame = palette_texel(0.88), c_core = palette_texel(1.0);
    c_room *= c_room; c_warm *= c_warm; c_flame *= c_flame; c_core *= c_core;

    // the air: slow, smooth lean and stretch (periods of 5 s and more)
    float o = u_seed_offset.x;
    float lean = u_draught * (0.07 * noise1(s * 0.11 + o) + 0.02 * sin(s * 0.63 + o));
    float tall = 1.0 + u_draught * (0.06 * noise1(s * 0.09 + 7.0 + o) + 0.02 * sin(s * 0.41));
    vec2 base = vec2(0.0, TOP - 0.035);                  // the wick's tip, the flame's foot
    vec2 light_at = base + vec2(0.35 * lean, -0.4 * FH * tall);

    // the room: a dark wall lit by the flame, falling off with distance
    float dl = length((p - light_at) * vec2(0.75, 1.0));
    vec3 col = c_room * 0.012 + c_warm * 0.11 / (1.0 + dl * dl * 9.0);
    // the table: a dark surface lit around the candle's foot, with a blurred reflection
    // of the flame in its sheen
    float horizon = TABLE - 0.1;                         // the table's far edge
    if (p.y > horizon) {
        float ty = p.y - horizon;
        vec2 f = vec2(p.x / (0.6 + 2.0 * ty), ty);
        vec3 table = c_room * 0.02 + c_warm * 0.16 / (1.0 + dot(f, f) * 14.0)
                   * (0.35 + 0.65 * smoother(0.0, 0.05, ty));
        vec2 m = vec2(p.x - 0.3 * lean, p.y - TABLE - 0.08);
        float mirror = exp(-m.x * m.x / 0.004 - m.y * m.y / 0.006);
        table += c_flame * 0.05 * mirror;
        col = mix(col, table, fill(horizon - p.y));
    }

    // out-of-focus candles far behind: soft discs, dim and warm
    for (int i = 0; i < 3; i++) {
        vec3 h = hash3(ivec2(i, 0x3c4d));
        float side = (i == 1) ? 1.0 : -1.0;             // two on one side, one on the other
        vec2 at = vec2(side * (0.5 + 0.35 * float(i) + 0.25 * h.y), -0.12 + 0.3 * h.z);
        at.x = clamp(at.x, -u_aspect + 0.2, u_aspect - 0.2);
        float r = 0.045 + 0.05 * h.x;
        float dd = length(p - at);
        float disc = smoother(r, r - 0.02, dd) * (0.8 + 0.2 * smoother(0.5 * r, r, dd));
        float bo = 0.5 + 0.5 * sin(s * (0.05 + 0.03 * h.x) + 6.28 * h.y);   // slow, deep
        col += (c_flame * disc * (0.03 + 0.012 * bo) + c_warm * 0.018 * glow(p - at, 3.0 * r))
               * (0.6 + 0.6 * h.z);
    }

    // the candle: a wax cylinder from TOP to its foot on the table
    float arc = R * 0.2 * sqrt(max(1.0 - p.x * p.x / (R * R), 0.0));
    float inside = fill(abs(p.x) - R) * fill(TOP - p.y + arc) * fill(p.y - TABLE - arc);
    if (inside > 0.0) {
        float nx = clamp(p.x / R, -1.0, 1.0);
        float facing = sqrt(1.0 - nx * nx);              // the side turned toward us
        float below = max(p.y - TOP, 0.0);
        // lit through from the flame just above, deeper down only from outside
        float through = exp(-below * 6.0) * (0.4 + 0.6 * facing);
        float side = (0.2 + 0.8 * facing * facing) * exp(-below * 1.4);
        float foot = exp(-max(TABLE - p.y, 0.0) * 25.0);   // the table's light below
        vec3 wax = (c_room * 0.02 + c_warm * (0.08 * side + 0.04 * foot) + c_flame * 0.34 * through)
                 * (0.3 + 0.7 * facing);
        col = mix(col, wax, inside);
    }
    // the top: a shallow pool of melted wax seen from a little above, glowing
    vec2 e = (p - vec2(0.0, TOP)) / vec2(R, R * 0.2);
    float pool = fill((length(e) - 1.0) * R * 0.2);
    float lip = exp(-pow((length(e) - 0.92) / 0.09, 2.0));
    col = mix(col, c_flame * (0.32 + 0.1 * (1.0 - dot(e, e))) + c_core * 0.12 * lip, pool);

    // the wick: a short dark curl standing out of the pool
    vec2 tip = base + vec2(0.006 + 0.2 * lean, 0.0);
    float wick = fill(sd_segment(p, vec2(0.0, TOP), tip) - 0.0035);
    float ember = smoother(TOP - 0.015, tip.y, p.y);      // its tip glows

    // the flame: a teardrop, round at the foot and drawn up to a soft tip, bent by the air
    float v = (base.y - p.y) / (FH * tall);            // 0 at the foot, 1 at the tip
    float bend = lean * max(v, 0.0) * max(v, 0.0);
    vec2 q = vec2(p.x - base.x - bend, p.y - (base.y - 0.28 * FH * tall));
    q.y /= (q.y < 0.0) ? FH * tall * 0.72 : FH * 0.3;  // tall above, round below
    q.x /= 0.085 * (1.0 - 0.55 * clamp(-q.y, 0.0, 1.0));
    float r = length(q);
    float body = smoother(1.0, 0.55, r);
    float core = smoother(0.75, 0.15, length(vec2(q.x * 1.25, q.y * 1.1 + 0.18)));
    float hollow = smoother(0.45, 0.0, length(vec2(q.x * 1.7, (q.y - 0.55) * 1.6)));
    float foot = smoother(0.4, 1.0, q.y) * smoother(1.1, 0.7, r);   // the blue base
    vec3 flame = c_flame * 0.75 * body + c_core * 0.55 * core * (1.0 - 0.7 * hollow)
               + vec3(0.012, 0.03, 0.1) * foot * (1.0 - core);
    flame *= 1.0 - 0.5 * smoother(0.3, 1.0, v);        // dimmer toward the tip
    col = col * (1.0 - 0.85 * body) + flame;
    col = mix(col, vec3(0.004, 0.003, 0.002) + c_flame * (0.04 + 0.4 * ember), wick * (1.0 - core));
    // the flame's halo in the air around it
    col += c_flame * 0.06 * glow(p - light_at, 0.18) + c_warm * 0.03 * glow(p - light_at, 0.4);
    return sqrt(col) * u_brightness;
}
"""
