"""Fireflies: soft lights drifting and glowing over a meadow at nightfall.

A blue-dark sky fades down to a faint glow behind a black treeline; mist lies on the
meadow; tall grasses stand black against it in front and sway a little. Fireflies
live in cells at three depths (far: small and many over the meadow; near: few, large
and out of focus), each drifting on its own slow loop inside its cell and glowing in
long, smooth pulses — seconds to brighten, seconds to fade — never a flicker. A pixel
reads only the two-by-two nearest cells of a layer, and a glow never reaches further
than half a cell, so nothing is cut off. Cores are sized in scene units, crisp at any
resolution; the compositor's bloom adds the wide halo.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class Fireflies(ShaderScene):
    name = "fireflies"
    description = "fireflies drifting and softly glowing in a dusky clearing"
    params = (
        palette_param("forest"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many fireflies"),
    )
    tags = ("cosy", "nature", "creatures", "dark", "warm")
    shader = """
const float TREES = 0.18;       // screen y of the treeline's foot (y grows downward)

// Four numbers in [0, 1] for a cell, from one integer hash (a byte each).
vec4 cell4(ivec2 c, uint salt) {
    uint h = dl_hash(uint(c.x) * 0x9e3779b9u ^ uint(c.y) * 0x85ebca6bu ^ u_seed_u ^ salt);
    return vec4(float(h & 255u), float((h >> 8) & 255u), float((h >> 16) & 255u),
                float(h >> 24)) / 255.0;
}

// Fireflies of one layer at q: cells of ``cell``; a lit one drifts on a slow loop in
// the middle of its cell and pulses. ``core`` and ``halo`` are radii in scene units; the
// loop keeps a firefly 0.3 cells from the cell's edge and its halo is at most 0.11 of
// a cell (its light there is under a thousandth), so a pixel reads only its own cell.
// A negative halo is an out-of-focus disc of that radius (at most 0.15 of a cell).
// Returns (core light, halo light).
vec2 swarm(vec2 q, float cell, float core, float halo, float there, float s, uint salt) {
    vec2 c0 = floor(q / cell);
    vec4 h = cell4(ivec2(c0), salt);
    // its slow loop: two sines of its own, a turn in tens of seconds
    float a = s * (0.05 + 0.05 * h.z) + 6.2832 * h.x;
    float b = s * (0.037 + 0.04 * h.w) + 6.2832 * h.y;
    vec2 at = (c0 + 0.5 + 0.2 * vec2(sin(a), sin(b))) * cell;
    // a pulse: ~1.5 s to brighten, ~3 s to fade, then dark for a while
    float period = 7.0 + 9.0 * h.w;
    float ph = fract(s / period + h.z) * period;
    float pulse = 0.06 + 0.94 * smoother(0.0, 1.5, ph) * smoother(4.5, 1.5, ph);
    float on = step(h.y * 0.999, there) * pulse;
    vec2 d = q - at;
    float disc = halo > 0.0 ? glow(d, halo) : smoother(-halo, -0.6 * halo, length(d)) * 0.6;
    return on * vec2(point(d, core), disc);
}

// Grass blades of one layer in front of the meadow: a curved, tapering blade in most
// cells, swaying a little. A blade bends at most ~1.2 cells, so this cell and its two
// neighbours hold all of it but, now and then, the last hair-thin bit of a tip.
// Returns coverage.
float grass(vec2 p, float cell, float tall, float width, float s, uint salt) {
    float c0 = floor(p.x / cell);
    float cover = 0.0;
    for (int i = -1; i <= 1; i++) {
        float c = c0 + float(i);
        vec4 h = cell4(ivec2(int(c), 3), salt);
        float x0 = (c + 0.1 + 0.8 * h.x) * cell;
        float height = tall * (0.4 + 0.6 * h.y) * step(0.2, h.w);
        float v = (1.05 - p.y) / max(height, 1e-4);              // 0 at the foot .. 1 tip
        float bend = ((h.z - 0.5) * 2.2 + 0.15 * sin(s * 0.35 + 6.2832 * h.w)) * cell;
        float x = x0 + bend * v * v;
        float w = width * (0.5 + 0.5 * h.w) * max(1.0 - v, 0.0) + 0.25 * u_px;
        cover = max(cover, fill(abs(p.x - x) - w) * step(0.0, v) * step(v, 1.0));
    }
    return cover;
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    float dens = u_density;
    // the sky: near black overhead, a low glow behind the trees
    float up = TREES - p.y;
    float tone = 0.06 + 0.28 * exp(-max(up, 0.0) * 2.2);
    float gain = 0.45 + 0.5 * exp(-max(up, 0.0) * 2.5);
    float cool = 1.0;                              // how blue the sky reads
    // a few faint stars overhead (one cell each, steady)
    vec2 sc = p * 30.0 + u_seed_offset;
    vec4 sh = cell4(ivec2(floor(sc)), 0x57u);
    float star = point((fract(sc) - 0.25 - 0.5 * sh.xy) / 30.0, 0.0011) * step(0.9, sh.z)
                 * smoother(0.3, 0.9, up) * (0.3 + 0.7 * sh.w);

    // the treeline: rounded crowns of a wood, black against the glow
    float o = u_seed_offset.x;
    p = at_depth(p, 30.0);                         // the wood stands 30 m away (stereo)
    float crowns = TREES - 0.06 - 0.09 * (0.5 + 0.5 * fbm1(p.x * 2.3 + o, 3, 0.55))
                   - 0.035 * abs(noise1(p.x * 9.0 + o));
    // nearer woods close in at the sides, a clearing between them
    float side = smoother(0.75, 1.9, abs(p.x + 0.15));
    crowns -= side * (0.45 + 0.1 * noise1(p.x * 5.0 + o) + 0.05 * abs(noise1(p.x * 16.0 + o)));
    // now and then a spruce stands above the crowns
    float wc = 0.07;
    float cc = floor(p.x / wc);
    vec4 th = cell4(ivec2(int(cc), 9), 0x66u);
    float tall = (0.05 + 0.08 * th.y) * step(0.6, th.z);
    float vr = (crowns + 0.02 - p.y) / max(tall, 1e-4);
    float v = clamp(vr, 0.0, 1.0);
    float spire = fill(abs(p.x - (cc + 0.3 + 0.4 * th.x) * wc)
                       - 0.28 * tall * (1.0 - v) * (0.8 + 0.4 * abs(fract(v * 6.0 + th.w) - 0.5)))
                  * step(0.0, vr) * step(vr, 1.0) * step(0.001, tall);
    float wood = max(fill(crowns - p.y), spire);
    // the meadow in front of the trees, falling away darker toward us; mist lies on it
    float meadow = smoother(TREES - 0.01, TREES + 0.09, p.y);
    float mist = exp(-abs(p.y - TREES - 0.12) * 4.5)
               * (0.7 + 0.3 * noise1(p.x * 1.5 + s * 0.01 + o));
    tone = mix(tone, 0.02, wood);
    gain = mix(gain, 0.25, wood);
    tone = mix(tone, 0.14 - 0.1 * smoother(TREES, 1.0, p.y), meadow);
    gain = mix(gain, 0.5 - 0.3 * smoother(TREES + 0.2, 1.0, p.y), meadow);
    tone += 0.12 * mist;
    gain += 0.3 * mist;
    cool = mix(cool, 0.7, meadow);

    // fireflies: far ones over the meadow, then nearer, then a few out of focus
    float there = clamp(0.35 * dens, 0.0, 0.95);
    float shrink = 1.0 / sqrt(max(1.0, dens / 2.5));
    // in stereo: far ones 9 m away, the middle ones 4.5 m, the blurred near ones 1.7 m
    vec2 far = swarm(at_depth(p, 9.0), 0.1 * shrink, 0.0018, 0.011, there, s, 0x11u)
               * smoother(-0.05, 0.15, p.y) * smoother(0.6, 0.3, p.y);
    vec2 mid = swarm(at_depth(p, 4.5), 0.24 * shrink, 0.0035, 0.026, there, s * 0.9, 0x22u)
               * smoother(-0.6, -0.2, p.y);
    vec2 near = swarm(at_depth(p, 1.7) * 0.8 + 7.0, 0.6 * shrink, 0.0, -0.07, there * 0.6,
                      s * 0.8, 0x33u) * smoother(0.0, 0.4, p.y);    // close by, in the grass
    // grasses in front: far, shorter blades, then the tall near ones
    float g1 = grass(at_depth(p, 5.0), 0.019, 0.36, 0.0045, s, 0x44u);
    float g2 = grass(at_depth(p, 2.4) + vec2(0.013, 0.0), 0.036, 0.68, 0.0085, s * 0.8, 0x55u);
    float blades = max(g1, g2);
    // the nearest grass hides the far and middle fireflies
    far *= 1.0 - blades;
    mid *= 1.0 - g2;
    tone = mix(tone, 0.015, blades);
    gain = mix(gain, 0.3, blades);
    cool = mix(cool, 0.4, blades);

    vec3 base = palette_texel(tone);
    vec3 glowc = palette_texel(0.99);
    base *= base;                                   // linear light, near enough
    glowc *= glowc;
    // the sky and the shadows lean blue, as much as the palette is colourful
    float chroma = max(base.r, max(base.g, base.b)) - min(base.r, min(base.g, base.b));
    float tint = cool * min(1.0, chroma * 150.0);
    float lum = dot(base, vec3(0.2126, 0.7152, 0.0722));
    base = mix(base, lum * vec3(0.55, 0.85, 1.9), 0.75 * tint);
    vec3 c = base * gain;
    c += glowc * 0.35 * star;
    // firefly light: warm cores, a greener halo
    vec3 warm = glowc * vec3(1.05, 1.0, 0.7);
    c += warm * (far.x * 0.9 + mid.x * 1.2 + near.x * 0.35);
    c += glowc * vec3(0.8, 1.0, 0.55) * (far.y * 0.10 + mid.y * 0.16 + near.y * 0.1);
    c *= 1.0 - 0.5 * smoother(0.9, 1.8, length(p * vec2(0.6, 1.0)));      // vignette
    return sqrt(c) * u_brightness;
}
"""
