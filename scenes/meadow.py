"""Meadow: a warm summer meadow in the afternoon, wind moving slowly through the grass.

For the end of a session, to come back into the room: plain daylight. A meadow runs
away to a hazy line of trees under a clear sky with a few soft clouds; the sun is high
and behind us to the right, so the grass is lit warm. Slow gusts of wind cross the
field as broad, soft waves of lighter grass; wildflowers are scattered through it,
smaller with distance; near the bottom edge a few tall blades stand out of focus,
swaying gently. The field is drawn on the ground plane in perspective, its detail
faded out toward the horizon where a pixel would hold more than a blade or a flower.
Greens and light come from the palette; the sky is a soft daylight blue tinted by it.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Meadow(ShaderScene):
    name = "meadow"
    description = "a warm summer meadow in daylight, slow waves of wind in the grass"
    params = (
        palette_param("forest"),
        speed_param(),
        brightness_param(),
        Param("wind", 1.0, "how strongly the wind moves the grass", min=0.0, max=2.0),
        Param("flowers", 1.0, "how many wildflowers", min=0.0, max=3.0),
    )
    tags = ("open", "nature", "light", "warm", "re-orienting")
    shader = """
const float HORIZON = -0.3;        // screen y of the horizon (y grows downward)
const vec3 SKY = vec3(0.42, 0.6, 0.82);      // daylight blue overhead (sRGB)
const vec3 PALE = vec3(0.96, 0.9, 0.76);     // the warm, pale sky low down (sRGB)
const vec3 SUNLIGHT = vec3(1.0, 0.86, 0.62); // the warm afternoon light (linear)

// The tall blades standing near the bottom edge, out of focus: coverage of a row of
// blades in cells ``w`` wide rooted below the screen, swaying with the wind.
float blades(vec2 p, float w, float tall, float sway, uint key) {
    float cell = floor(p.x / w);
    float cover = 0.0;
    for (int i = -2; i <= 2; i++) {
        uint h = dl_hash(uint(int(cell) + i) * 0x9e3779b9u ^ u_seed_u ^ key);
        vec3 r = vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
        float root = (cell + float(i) + r.x) * w;
        float ht = tall * (0.5 + 0.5 * r.y);
        float v = (1.1 - p.y) / ht;                          // 0 at the root .. 1 at the tip
        if (v < 0.0 || v > 1.0) continue;
        float lean = (r.z - 0.5) * 0.25 * ht + sway * (0.7 + 0.6 * r.z) * ht;
        float x = root + lean * v * v;
        float half_w = w * 0.22 * (1.0 - v) + 0.002;
        float soft = 0.006 + 0.5 * u_px;                       // out of focus
        cover = max(cover, smoother(half_w + soft, half_w - soft, abs(p.x - x)));
    }
    return cover;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_dark = palette_texel(0.3), c_grass = palette_texel(0.55);
    vec3 c_sun = palette_texel(0.85), c_light = palette_texel(1.0);
    c_dark *= c_dark; c_grass *= c_grass; c_sun *= c_sun; c_light *= c_light;
    vec3 sky_c = mix(SKY, palette_texel(0.95), 0.2);
    vec3 pale = mix(PALE, palette_texel(1.0), 0.3);
    vec3 air = mix(pale, sky_c, 0.3);                       // the haze of distance
    air *= air;
    vec3 col;

    if (p.y < HORIZON + 0.002) {
        // the sky: soft blue, paler toward the horizon, with a few slow, soft clouds
        float e = HORIZON - p.y;
        // (the gradient mixed in sRGB: blue and warm cream meet as pale, not grey)
        col = mix(pale * 0.95, sky_c * 0.85, smoother(0.0, 0.75, e));
        col *= col;
        vec2 cq = vec2(p.x * 0.8 + s * 0.004, p.y * 1.8) + u_seed_offset;
        float cl = fbm2q(cq, 4, 0.5) + 0.2 * smoother(0.8, 0.2, e) - 0.15;
        float cloud = smoother(0.05, 0.35, cl) * smoother(0.03, 0.2, e);
        // white clouds with soft grey-blue bellies, lit a little warm on top
        vec3 white = mix(vec3(0.82), c_light * SUNLIGHT, 0.25);
        vec3 belly = mix(sky_c * sky_c, vec3(0.4), 0.5) * 0.85;
        float top = smoother(0.4, -0.1, noise2q(cq * 1.3 + vec2(0.0, 0.6)) + (p.y + 0.6) * 0.8);
        col = mix(col, mix(belly, white, 0.35 + 0.65 * top), cloud);
    } else {
        // the field on the ground plane, in perspective
        float g = p.y - HORIZON;
        float z = 0.4 / g;                                    // distance
        vec2 w = vec2(p.x * z, z);                            // ground coordinates
        float foot = z * z * u_px / 0.4;                      // a pixel's size on the ground
        // broad patches of greener and more golden grass
        float patches = fbm2q(w * 0.35 + u_seed_offset, 3, 0.5);
        vec3 grass = mix(c_grass, mix(c_grass, c_sun, 0.7), smoother(-0.4, 0.5, patches));
        grass *= mix(vec3(1.0), SUNLIGHT, 0.6);                  // in warm afternoon light
        // slow gusts crossing the field: broad soft waves of lighter (bent, sunlit) grass
        float gust = noise2q(vec2(w.x * 0.25 - s * 0.09 * u_wind, w.y * 0.4 - s * 0.05 * u_wind)
                             + u_seed_offset.yx);
        float wave = smoother(0.0, 0.6, gust) * u_wind;
        grass = mix(grass, c_sun * 1.1, 0.3 * wave);
        // grass texture: tufts, and strands standing upright (narrow across, long up the
        // screen), each faded away where a pixel would hold many of them
        float tufts = noise2q(vec2(w.x * 4.0, w.y * 1.5) + u_seed_offset)
                      * smoother(0.12, 0.03, foot * 4.0);
        float strands = noise2q(vec2(w.x * 40.0, w.y * 4.0) + u_seed_offset.yx)
                        * smoother(0.35, 0.12, foot * 40.0);
        grass *= 0.86 + 0.12 * tufts + 0.1 * strands;
        grass *= 0.75 - 0.35 * smoother(0.35, 1.0, p.y);        // deeper toward our feet
        // wildflowers standing in it: cells a tenth of a ground unit wide and rows of
        // equal steps in log(screen depth), so a flower (upright, it does not flatten with
        // distance) always sits well inside its own cell; too small to see: left out
        float lg = log(g);
        vec2 fc = vec2(floor(w.x / 0.1), floor(lg / 0.12));
        vec3 fh = hash3(ivec2(fc) + ivec2(0x3f, 0x51));
        float g_at = exp((fc.y + 0.2 + 0.6 * fh.y) * 0.12);
        float rad = 0.012 * g_at;                              // screen units
        float present = step(fh.z, 0.35 * u_flowers) * smoother(0.4 * u_px, 1.2 * u_px, rad);
        if (present > 0.0) {
            float x_at = (fc.x + 0.25 + 0.5 * fh.x) * 0.1 / (0.4 / g_at);
            vec2 d = vec2(p.x - x_at, g - g_at);
            // a small, crisp flower head (anti-aliased to a pixel), a little wider than
            // tall, with a heart of another colour
            float r = length(d * vec2(1.0, 1.25));
            float head = fill(r - rad) * present;
            float heart = fill(r - 0.38 * rad);
            vec3 petal = fh.x < 0.45 ? vec3(0.95, 0.8, 0.28)                 // buttercup
                       : (fh.x < 0.75 ? vec3(0.95, 0.93, 0.88)              // daisy
                                      : vec3(0.7, 0.52, 0.88));             // clover
            vec3 centre = fh.x < 0.45 ? vec3(0.85, 0.6, 0.2) : (fh.x < 0.75 ? vec3(0.95, 0.78, 0.25)
                                                                            : petal * 0.8);
            vec3 flower = mix(petal, centre, heart);
            grass = mix(grass, flower * flower * 0.6, head);
        }
        // toward the horizon, the haze of distance; the line of trees stands in it
        float haze = exp(-g * 9.0);
        col = mix(grass, air * 0.85, haze * 0.75);
    }

    // far, low hills in the haze, and a line of trees with rounded crowns before them
    float o = u_seed_offset.x;
    float hills = HORIZON - 0.03 - 0.07 * (0.5 + 0.5 * fbm1(p.x * 0.6 + o + 50.0, 3, 0.5));
    vec3 hill_c = mix(air * 0.8, c_grass * SUNLIGHT, 0.3);
    col = mix(col, hill_c, fill(hills - p.y) * fill(p.y - HORIZON - 0.005));
    float crowns = 1.0 - abs(noise1(p.x * 7.0 + o));
    crowns = 0.7 * crowns * crowns + 0.3 * (1.0 - abs(noise1(p.x * 19.0 + o * 1.3)));
    float lineh = 0.02 + 0.045 * smoother(-0.3, 0.5, fbm1(p.x * 0.9 + o, 2, 0.5));
    float treetop = HORIZON + 0.01 - lineh * (0.55 + 0.45 * crowns);
    float trees = fill(treetop - p.y) * fill(p.y - HORIZON - 0.015);
    vec3 tree_c = mix(c_dark * 0.8, air * 0.6, 0.45)
                + c_sun * 0.05 * smoother(treetop + 0.02, treetop, p.y);
    col = mix(col, tree_c, trees);

    // tall blades near the bottom edge, out of focus, swaying with the wind
    float sway = u_wind * (0.06 * sin(s * 0.7 + p.x * 0.8) + 0.04 * noise1(s * 0.2 + p.x));
    float near = blades(p, 0.05, 0.45, sway, 0x6au);
    vec3 blade_c = c_dark * 0.45 + c_sun * 0.08;
    col = mix(col, blade_c, near * 0.85);
    return sqrt(col * 0.6) * u_brightness;                    // daylight, but soft
}
"""
