"""Nebula: glowing clouds of gas drifting past each other in deep space.

Three depths move at their own speeds, so the picture keeps changing for hours
without a visible loop and with a gentle sense of parallax: far, large billows of
dim gas (fractal noise bent by a slow warp field), nearer bright filaments (ridged
noise) that drift faster the other way and thread through the billows, and dark
dust lanes in front that eat into both. Dim gas takes a deep colour from the
palette and bright filaments a light one; a broad, slow field turns the hue a
little warmer in some regions and cooler in others (keeping luma),
so there is more than one hue even in a one-hue palette. Sparse stars behind.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, scale_param, speed_param
from scenes.registry import register


@register
class Nebula(ShaderScene):
    name = "nebula"
    description = "slow clouds of coloured gas drifting across deep space"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        scale_param(1.0, "size of the cloud billows"),
    )
    tags = ("deep", "space", "dark", "cool")
    projections = ("flat", "dome", "sphere")
    shader = """
// Ridged noise: bright thin ridges where the noise crosses zero.
float ridge(vec2 p) {
    float r = 1.0 - abs(noise2q(p));
    return r * r;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec2 q = p / u_scale;
    vec3 c_deep = palette_texel(0.5), c_light = palette_texel(0.9);      // the palette, read once

    // far: large billows, drifting slowly, bent by a warp field that drifts another way
    vec2 a = q * 0.8 + vec2(0.0040, 0.0016) * s + u_seed_offset;
    vec2 warp = vec2(noise2q(a * 0.6 + vec2(0.0, 0.0030 * s)),
                     noise2q(a * 0.6 + vec2(5.2, 1.3) - vec2(0.0025 * s, 0.0)));
    float big = fbm2q(a + 0.7 * warp, 4, 0.55);
    float gas = smoother(-0.35, 0.55, big);                   // 0 void .. 1 dense
    float haze = smoother(-0.8, 0.2, big);                    // a faint veil around it

    // near: bright filaments, faster and the other way (parallax), following the warp
    vec2 b = q * 1.9 - vec2(0.0090, -0.0035) * s + u_seed_offset.yx + 0.5 * warp;
    float fil = 0.65 * ridge(b) + 0.35 * ridge(b * 2.3 + vec2(3.1, -1.7));

    // nearest: soft dark clouds of dust drifting across both
    vec2 c = q * 1.1 + vec2(-0.0060, 0.0050) * s - u_seed_offset;
    float dust = smoother(0.0, 0.55, noise2q(c + 0.5 * warp.yx)) * (1.0 - 0.5 * fil);

    // the far gas glows in the palette's deep colour, the filaments in its light one
    float far = (0.08 * haze + gas * gas * (0.5 + 0.35 * gas)) * (1.0 - 0.7 * dust);
    float near = gas * gas * fil * fil * (1.0 - 0.5 * dust);
    vec3 col = c_deep * far + c_light * near;

    // a slow, broad turn of hue: warmer here, cooler there (luma kept)
    float turn = 1.8 * noise2q(q * 0.35 + vec2(0.0012 * s, -0.0008 * s) + u_seed_offset * 1.7);
    col = hue_turn(col, turn);

    // stars behind, dimmed where the gas is thick
    vec3 st = star_cell(p, 0.075, 0.45, 0.0011, 11) + 0.6 * star_cell(p, 0.05, 0.35, 0.0008, 12);
    col += st * mix(vec3(1.0), c_light, 0.4) * 0.55 * (1.0 - 0.7 * gas);
    col += vec3(0.002, 0.002, 0.005);
    return col * u_brightness;
}
"""
