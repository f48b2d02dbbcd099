"""Aurora: folded curtains of light over a dark ridge, a treeline and a still lake.

Each curtain is a thin glowing sheet hanging in the sky, seen in perspective: its depth
wanders slowly along its length (a few slow sine terms, so the slope is exact), which
moves its lower hem up and down and makes it taller where it is near. Where the sheet
turns away from us we look along it and it shines brighter: the bright folds of a real
aurora, without tracing any fold. Soft rays run up the sheet, finer where it recedes;
the light is green at the hem and fades to the palette's last colour (violet in the
aurora palette) high up, a little desaturated. Behind are stars; below, a hazy ridge,
a black line of spruce and a lake that mirrors it all, dimmer.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Aurora(ShaderScene):
    name = "aurora"
    description = "northern lights: soft curtains folding slowly over a starry horizon"
    params = (
        palette_param("aurora"),
        speed_param(),
        brightness_param(),
        Param("curtains", 2, "how many curtains of light", min=1, max=3),
        Param("height", 0.5, "how tall the curtains reach (fraction of the screen)",
              min=0.2, max=1.0),
    )
    tags = ("deep", "sky", "dark", "cool")
    projections = ("flat", "dome", "sphere")
    shader = """
const float EYE = 0.66;       // the eye level (far horizon) on the screen
const float SHORE = 0.75;     // where the lake begins

// The depth of curtain ``k`` along the screen (1 = near), and its slope, from a few
// slow sine terms: smooth, exact slopes, no repetition across the screen.
vec2 depth(float x, float s, int k) {
    vec3 ph = 6.2831853 * fract(u_seed_offset.x * vec3(0.131, 0.173, 0.219) + 0.37 * float(k));
    vec3 f = vec3(0.7, 1.9, 3.7) * (1.0 + 0.2 * float(k));
    vec3 w = vec3(0.010, -0.016, 0.022);
    vec3 a = vec3(0.55, 0.28, 0.14);
    vec3 arg = f * x + ph + w * s;
    float d = exp(dot(a, sin(arg))) * (1.0 + 0.45 * float(k));
    return vec2(d, d * dot(a * f, cos(arg)));
}

// The light of curtain ``k`` at p, as weights of three palette colours (hem green,
// the pale middle, the violet top): the palette is read once per pixel, not per curtain.
vec3 curtain(vec2 p, float s, int k) {
    vec2 dz = depth(p.x, s, k);
    float d = dz.x, dd = dz.y;
    float hem = EYE - 0.5 / d;                           // the lower edge, lower when far
    float len = (0.3 + 1.2 * u_height) / sqrt(d);        // its height on the screen
    float h = hem - p.y;                                 // above the hem (y runs down)
    if (h < -0.15 || h > 1.5 * len) return vec3(0.0);
    float v = h / len;
    // along the sheet (world units): rays are fixed to it, lean toward the magnetic
    // zenith above the screen, and are finer where the sheet recedes
    float u = p.x * d / (1.0 + 0.35 * max(h, 0.0)) + 0.9 * float(k);
    float edge_on = sqrt((d + p.x * dd) * (d + p.x * dd) + dd * dd) / d;   // 1/cos
    float r1 = noise2q(vec2(u * 6.0 + 0.004 * s, 0.02 * s + 13.0 * float(k)) + u_seed_offset);
    float r2 = noise1(u * 17.0 - 0.006 * s + 31.0 * float(k));
    // fine rays fade where they would crowd closer than a few pixels
    float fine = smoother(0.05, 0.02, u_px * 17.0 * edge_on * d);
    float ray = clamp(0.5 + 0.55 * r1 + 0.25 * r2 * fine, 0.0, 1.0);
    // the glow: a soft lower edge brightest just above it, a long fade upward,
    // rays reaching to heights of their own
    float top = 0.7 + 0.5 * ray;
    float prof = smoother(-0.04, 0.025, h) * (exp(-0.9 * v) + 0.9 * exp(-h / 0.05))
               * smoother(top, 0.25 * top, v);
    prof += 0.22 * exp(h / 0.1) * step(h, 0.0);          // faint light below the hem
    // slow swells of brightness along the curtain, broad, never a row of spots
    float swell = 0.6 + 0.45 * noise1(u * 0.6 - 0.01 * s + 7.0 * float(k));
    float light = prof * (0.45 + 0.8 * ray) * swell * min(edge_on, 3.0) / (0.7 + 0.3 * d);
    // green at the hem, through the pale middle to the top colour higher up
    float m = smoother(0.0, 0.55, v) * 2.0;
    vec3 w3 = vec3(max(0.0, 1.0 - m), 1.0 - abs(1.0 - m), max(0.0, m - 1.0));
    return w3 * light;
}

// Everything above the water: sky, stars, aurora and the far shore.
vec3 world(vec2 p, float s) {
    vec3 c_hem = palette_texel(0.6), c_mid = palette_texel(0.8), c_top = palette_texel(1.0);
    vec3 sky = vec3(0.003, 0.005, 0.012) + vec3(0.002, 0.004, 0.010) * smoother(-1.0, EYE, p.y);
    sky += c_hem * 0.08 * exp(-(EYE - p.y) * 2.5);       // airglow low in the sky
    vec3 w = vec3(0.0);
    int n = int(u_curtains + 0.5);
    for (int k = 0; k < 3; k++) {
        if (k >= n) break;
        w += curtain(p, s, k);
    }
    vec3 aur = w.x * c_hem + w.y * c_mid + w.z * c_top;
    // a little less saturated than the palette
    float grey = dot(aur, vec3(0.2126, 0.7152, 0.0722));
    aur = mix(vec3(grey), aur, 0.8);
    vec3 c = sky + 0.32 * aur * u_brightness;
    // stars, hidden behind bright aurora
    vec3 st = star_cell(p + vec2(0.002 * s, 0.0), 0.07, 0.5, 0.0012, 3);
    c += st * mix(c_mid, c_top, 0.7) * 0.5 / (1.0 + 40.0 * grey);
    // the far shore: a line of spruce, black against the glow low in the sky
    if (p.y > SHORE - 0.14) {
        float up = SHORE - p.y;                              // height above the shore
        float tree = 0.0;
        for (int row = 0; row < 2; row++) {                  // a dense back row, a taller front
            float w = row == 0 ? 0.013 : 0.021;
            float cx = floor(p.x / w);
            for (int i = -1; i <= 1; i++) {
                vec3 h = hash3(ivec2(int(cx) + i, 0x7ee + row));
                float x0 = (cx + float(i) + 0.25 + 0.5 * h.x) * w;
                float hh = row == 0 ? 0.022 + 0.04 * h.y
                                    : (0.035 + 0.1 * h.y * h.y) * step(0.3, h.z);
                float q = up / max(hh, 1e-4);
                // a narrow cone whose outline steps in at each tier of branches
                float tier = 0.72 + 0.28 * abs(2.0 * fract(q * 5.0 + h.z) - 1.0);
                float half_w = hh * 0.24 * (1.0 - q) * tier + 0.001;
                float sd = max(abs(p.x - x0) - half_w, up - hh) * 0.95;
                tree = max(tree, fill(sd));
            }
        }
        float bank = fill(up - 0.012 - 0.004 * noise2(vec2(p.x * 9.0, 1.0)));
        c = mix(c, vec3(0.002, 0.003, 0.004), max(tree, bank));
    }
    return c;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    // below the shore, the lake: the world mirrored, dimmer, with slow soft ripples
    // (one call of world() either way: two would cost twice on a software renderer)
    float below = max(p.y - SHORE, 0.0);
    vec2 q = vec2(p.x + 0.006 * below * noise1(below * 30.0 - 0.05 * s + p.x * 0.5),
                  SHORE - below);
    if (p.y < SHORE) q = p;
    float reflect = p.y < SHORE ? 1.0 : mix(0.5, 0.3, smoother(0.0, 0.3, below));
    return world(q, s) * reflect + vec3(0.001, 0.002, 0.003) * step(SHORE, p.y);
}
"""
