"""Forest rays: warm shafts of sunlight slanting through a misty wood.

Trunks stand at three depths: far ones pale in the mist, nearer ones darker, the
nearest almost black with a cool cast and a warm rim where the light catches them.
Shafts come down from gaps in the canopy, all at the same slant (the sun is far
away); where they run is a soft threshold of 1-D noise across them, so they come in
irregular groups of different widths — never an even row of stripes, however many
``rays`` are asked for (more rays means more shafts, each as soft, and a little
fainter). The mist they light thickens and thins along them, the gaps drift as the
leaves move, and dust motes glint only inside the light. Warm light, cool shadow.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class ForestRays(ShaderScene):
    name = "forest_rays"
    description = "sunbeams slanting through a forest canopy into soft, drifting haze"
    params = (
        palette_param("forest"),
        speed_param(),
        brightness_param(),
        Param("rays", 1.0, "how many light shafts", min=0.3, max=3.0),
    )
    tags = ("open", "nature", "light", "re-orienting")
    shader = """
const vec2 SLANT = vec2(0.33, 0.944);      // direction the light travels (down, rightward)

// Coverage of layer k's trunks at p (0 far .. 2 near), and how far into the trunk from
// its sunward (left) edge, in trunk widths (for the rim of light).
vec2 trunks(vec2 p, int k) {
    float fk = float(k);
    float wcell = 0.2 + 0.16 * fk + 0.3 * fk * fk;          // far: more, near: few
    float off = 17.3 * fk + u_seed_offset.x;
    float c = floor((p.x + off) / wcell);
    uint h = dl_hash(uint(int(c)) * 0x9e3779b9u ^ u_seed_u ^ uint(k * 0x2f1 + 7));
    vec3 r = vec3(float(h & 1023u), float((h >> 10) & 1023u), float(h >> 22)) / 1023.0;
    float there = step(0.3 + 0.15 * fk, r.z);
    float lean = (r.y - 0.5) * 0.05;
    float cx = (c + 0.3 + 0.4 * r.x) * wcell - off + lean * p.y;
    float hw = wcell * (0.04 + 0.13 * fract(r.z * 7.13)) * (1.0 + 0.15 * p.y);   // tapers up
    hw += wcell * 0.006 * noise1(p.y * 9.0 / wcell + c * 3.7);                 // bark
    float d = abs(p.x - cx) - hw;
    float faint = 1.0 - 0.7 * (1.0 - fk / 2.0) * fract(r.x * 13.7);      // some further off
    return vec2(fill(d) * there * faint, clamp((p.x - cx + hw) / (2.0 * hw), 0.0, 1.0));
}

vec3 scene(vec2 p, float t) {
    float s = t * u_speed;
    vec2 sunat = vec2(-0.9, -1.25);                     // behind the canopy, up and left
    // the light: shafts across (u) and along (v) their slant
    float u = p.x * SLANT.y - p.y * SLANT.x;
    float v = p.x * SLANT.x + p.y * SLANT.y;
    // more rays: a little finer, and more of the noise passes as light — so shafts
    // multiply without ever thinning into a row of stripes
    float freq = 2.0 * pow(u_rays, 0.6);
    float drift = 0.35 * sin(s * 0.011) + s * 0.004;           // the leaves moving
    float n = fbm1(u * freq + drift + u_seed_offset.y, 2, 0.5);
    float lo = -0.1 - 0.1 * u_rays;
    float shafts = smoother(lo, lo + 0.65, n);
    shafts *= 0.6 + 0.4 * noise1(u * freq * 0.37 + s * 0.02 + 3.3);     // waxing, waning
    shafts *= smoother(-1.05, -0.6, v) * (1.0 - 0.5 * smoother(-0.2, 1.3, v));
    float haze = 0.55 + 0.45 * noise2q(vec2(u * 2.5, v * 1.1 - s * 0.01) + u_seed_offset);
    float near_sun = exp(-length(p - sunat) * 0.9);
    float beam = shafts * haze * (0.5 + near_sun) / (0.5 + 0.5 * u_rays);

    // the mist beyond: bright toward the sun, dimmer away and down to the floor
    float tone = 0.5 + 0.3 * near_sun - 0.08 * p.y;
    float gain = 0.9;
    float cool = 0.15;                               // how much of a shadow's cool cast
    // the forest floor: it rises to meet the far trunks; pools of light where shafts land
    float ground = smoother(0.15, 0.6, p.y + 0.06 * noise1(p.x * 2.0 + 5.0));
    tone = mix(tone, 0.33 + 0.12 * shafts, ground);
    cool = mix(cool, 0.3, ground);

    // trunks far to near, each over what lies behind; mist lit in front of each
    float light = 0.0;
    for (int k = 0; k < 3; k++) {
        float fk = float(k);
        vec2 tr = trunks(p, k);
        // they stand in the ground mist: the far ones fade out at their feet
        float feet = 0.36 + 0.3 * fk;
        tr.x *= smoother(feet + 0.12, feet - 0.1, p.y);
        light *= 1.0 - tr.x * (0.5 + 0.25 * fk);
        tone = mix(tone, mix(tone, 0.03, 0.12 + 0.25 * fk + 0.25 * fk * fk), tr.x);
        gain = mix(gain, 0.9 - 0.3 * fk, tr.x);
        cool = mix(cool, 0.35 + 0.3 * fk, tr.x);
        // a warm rim down the sunward side of the nearer trunks, where a shaft crosses
        light += exp(-tr.y * 22.0) * tr.x * step(0.5, fk) * shafts * 0.45;
        light += beam * (0.2 - 0.06 * fk);
    }
    // the canopy: dark leaves against bright gaps, over the top of the picture
    float leaves = fbm2q(p * vec2(2.0, 2.6) + u_seed_offset.yx + vec2(drift * 0.05, 0.0), 3, 0.6);
    float canopy = smoother(-0.03, 0.07, leaves + 0.8 * smoother(-0.3, -1.0, p.y) - 0.55);
    tone = mix(tone, 0.1, canopy);
    gain = mix(gain, 0.55, canopy);
    cool = mix(cool, 0.45, canopy);
    light *= 1.0 - canopy;

    // dust motes, drifting slowly, seen only in the light
    vec2 mq = (p + vec2(s * 0.004, -s * 0.002)) * 20.0 + u_seed_offset;
    vec3 mh = hash3(ivec2(floor(mq)));
    vec2 wob = 0.12 * vec2(sin(s * 0.21 + mh.z * 6.28), cos(s * 0.17 + mh.x * 6.28));
    float mote = point((fract(mq) - 0.3 - 0.4 * mh.xy - wob) / 20.0, 0.0012 + 0.0012 * mh.z)
                 * step(0.8, mh.z) * (1.0 - canopy) * (1.0 - ground);
    light += mote * shafts * shafts * 1.6;

    vec3 base = palette_texel(tone);
    vec3 sun = palette_texel(0.98);
    base *= base;                                     // linear light, near enough
    sun *= sun;
    // shadows lean cool: a blue cast, as strong as the palette is colourful
    float chroma = max(base.r, max(base.g, base.b)) - min(base.r, min(base.g, base.b));
    float tint = cool * min(1.0, chroma * 40.0);
    base *= mix(vec3(1.0), vec3(0.65, 0.9, 1.6), tint);
    vec3 c = base * gain + sun * light;
    c *= 1.0 - 0.85 * smoother(0.45, 1.05, p.y);     // the near ground falls to dark
    c *= 1.0 - 0.5 * smoother(0.8, 1.6, length(p * vec2(0.55, 1.0)));   // and the corners
    return sqrt(c) * u_brightness;
}
"""
