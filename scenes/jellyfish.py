"""Jellyfish: glowing jellyfish pulse slowly upward through dark, deep water.

A few jellyfish at three depths rise through the dark, each at its own slow pace: the
bell contracts (quickly, gently) and relaxes (slowly) every several seconds, and each
contraction lifts it a little. The bells are translucent — their light gathers at the
rim and along the scalloped margin, with a soft inner glow and four faint loops inside —
and long, thin tentacles and frilled arms trail below, swaying in slow waves that run
down their length. Far jellies are small, dim and bluer with the water between; the
nearest is large and soft. Fine motes of marine snow drift in the dark. Every
jellyfish is a pure function of time: it enters below the screen and leaves above it,
never appearing or vanishing in view. Light comes from the palette's light end.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, density_param, palette_param, speed_param
from scenes.registry import register


@register
class Jellyfish(ShaderScene):
    name = "jellyfish"
    description = "glowing jellyfish pulsing slowly upward through dark, deep water"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many jellyfish"),
    )
    tags = ("deep", "creatures", "water", "dark", "cool")
    shader = """
const int LANES = 5;               // jellyfish keep to lanes across the screen
const int TENTACLES = 8;

// How far the bell is contracted (0 relaxed .. 1 closed) at pulse phase ph in [0, 1):
// a quick, eased squeeze, then a slow release.
float squeeze(float ph) {
    float a = smoother(0.0, 0.18, ph);
    float b = smoother(0.18, 0.8, ph);
    return a * (1.0 - b);
}

// Light of one jellyfish at p: bell radius R, in its own frame.
vec3 jelly(vec2 p, vec2 at, float R, float tilt, float c, float s, float seed,
           vec3 c_rim, vec3 c_body) {
    vec2 q = rot(tilt) * (p - at);                        // x across, y down the body
    float len = R * (4.2 + 1.5 * fract(seed * 7.3));       // tentacle length
    if (q.y < -1.3 * R || q.y > len + R || abs(q.x) > 1.6 * R) return vec3(0.0);
    float rx = R * (1.0 - 0.16 * c), ry = R * (0.78 + 0.12 * c);   // squeezed: narrower, taller
    vec3 light = vec3(0.0);

    // the bell: a dome whose lower margin curls in, translucent, brightest at its rim
    vec2 e = vec2(q.x / rx, q.y / ry);
    float r = length(e);
    float margin = 0.12 + 0.1 * (1.0 - e.x * e.x);          // the margin curls up in the middle
    float inside = fill((r - 1.0) * ry) * fill((q.y / ry - margin) * ry);
    if (inside > 0.0) {
        float rim = exp(-(1.0 - min(r, 1.0)) * 7.0);
        float lower = exp(-abs(q.y / ry - margin) * 9.0) * step(-0.3, q.y / ry);
        // faint ribs running from the crown to the margin, and a soft glow at the heart
        float m = e.x / max(sqrt(max(1.0 - e.y * e.y, 0.0)), 0.25);
        float ribs = exp(-pow(fract(m * 2.5 + 0.5) - 0.5, 2.0) * 120.0) * smoother(-1.0, -0.2, e.y);
        float heart = exp(-dot(e - vec2(0.0, -0.25), e - vec2(0.0, -0.25)) * 5.0);
        float body = 0.16 + 0.22 * (1.0 - r) + 0.2 * heart;
        light += inside * (c_body * body + c_rim * (0.55 * rim + 0.45 * lower + 0.12 * ribs));
    }
    // a soft glow around the bell in the water
    light += c_body * 0.12 * exp(-max(r - 1.0, 0.0) * 4.0) * (1.0 - inside);

    // frilled oral arms from the middle, and thin tentacles from the margin, swaying in
    // waves that run down them (slower and wider toward their ends)
    float below = q.y - margin * ry;
    if (below > 0.0) {
        float v = below / len;                              // 0 at the bell .. 1 at the end
        float fadeout = smoother(1.0, 0.6, v);
        if (v < 0.55 && abs(q.x) < 0.6 * R) {
            float pa = below / R * 2.2 - s * 0.5 + seed * 6.0;
            // each arm's wave is the last one's turned by 1.7 rad: a rotation, no sin
            vec2 wv = vec2(sin(pa), cos(pa));
            float frill = sin(below / R * 7.0 + seed);
            for (int i = 0; i < 4; i++) {
                float x0 = rx * (float(i) - 1.5) * 0.16;
                float wave = wv.x;
                wv = vec2(wv.x * -0.1288 + wv.y * 0.9917,
                          wv.y * -0.1288 - wv.x * 0.9917);
                float x = x0 + R * 0.35 * wave * v + R * 0.08 * frill * (i % 2 == 0 ? 1.0 : -1.0);
                float w = R * 0.07 * (1.0 - v / 0.55) + 0.7 * u_px;
                float a = smoother(w, 0.0, abs(q.x - x)) * smoother(0.55, 0.3, v);
                light += c_body * 0.45 * a;
            }
        }
        // thin tentacles from the margin; waves run down them, wider toward their ends
        float pt = below / R * 1.25 - s * 0.4 + seed * 13.0;
        vec2 wt = vec2(sin(pt), cos(pt));              // turned by 2.4 rad per tentacle
        float w = max(R * 0.012, 0.6 * u_px);
        float gain = 0.35 * fadeout * min(1.0, R * 0.012 / (0.6 * u_px) + 0.3);
        for (int i = 0; i < TENTACLES; i++) {
            float x0 = rx * (float(i) / float(TENTACLES - 1) * 2.0 - 1.0) * 0.9;
            float wave = wt.x;
            wt = vec2(wt.x * -0.7374 + wt.y * 0.6755,
                      wt.y * -0.7374 - wt.x * 0.6755);
            float x = x0 * (1.0 - 0.35 * v) + R * 0.45 * wave * v * v;
            float d = (q.x - x) / w;
            float k = max(1.0 - d * d * 0.25, 0.0);          // a soft line, two widths each side
            light += c_rim * gain * k * k;
        }
    }
    return light;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    vec3 c_deep = palette_texel(0.1), c_body = palette_texel(0.6), c_rim = palette_texel(0.92);
    c_deep *= c_deep; c_body *= c_body; c_rim *= c_rim;

    // the deep water: nearly black, a little lighter far above
    vec3 col = c_deep * (0.25 + 0.3 * smoother(1.0, -1.0, p.y))
             + c_body * 0.012 * smoother(0.2, -1.2, p.y)
               * (0.7 + 0.3 * noise1(p.x * 1.3 + u_seed_offset.x));
    col += star_cell(p + vec2(0.002 * s, -0.004 * s), 0.06, 0.35, 0.0009, 41) * c_body * 0.12;

    // jellyfish keep to lanes across the screen (one or two to a lane, far apart in
    // height), so each pixel need only look at the two lanes nearest it
    int total = int(clamp(floor(5.0 * u_density + 0.5), 1.0, 10.0));
    int lanes = min(total, LANES);
    int per_lane = (total + lanes - 1) / lanes;
    float span = 2.0 * (u_aspect - 0.22);
    float spacing = span / float(lanes);
    int near_lane = int(floor((p.x + 0.5 * span) / spacing - 0.5));
    for (int l = 0; l < 2; l++) {
        int lane = near_lane + l;
        if (lane < 0 || lane >= lanes) continue;
        for (int j = 0; j < 2; j++) {
            if (j >= per_lane) break;
            int i = lane + LANES * j;
            if (i >= total) break;
            uint hh = dl_hash(uint(i) * 0x9e3779b9u + 0x1e11u + u_seed_u);
            uint hg = dl_hash(hh);
            vec4 h = vec4(float(hh & 255u), float((hh >> 8) & 255u), float((hh >> 16) & 255u),
                          float(hh >> 24)) / 255.0;
            vec4 g = vec4(float(hg & 255u), float((hg >> 8) & 255u), float((hg >> 16) & 255u),
                          float(hg >> 24)) / 255.0;
            // 0 far .. 1 near
            float depth = fract(0.37 * float(lane) + 0.5 * float(j) + 0.2 * h.x);
            float R = mix(0.05, 0.2, depth * depth) * min(1.0, spacing / 0.62);
            float period = 6.0 + 4.0 * h.y;
            float ph = fract(s / period + h.z);
            float cycles = floor(s / period + h.z);
            // rising: a slow drift plus a lift with each squeeze (a pure function of time)
            float lift = 0.35 * R * (cycles + smoother(0.05, 0.5, ph));
            float rise = s * 0.004 * (0.6 + 0.8 * depth) + lift;
            float len = R * 6.0;
            float range = 2.0 + len + 2.0 * R;
            float y = 1.0 + len + R - mod(rise + (g.x + float(j) / float(per_lane)) * range, range);
            float x = -0.5 * span + (float(lane) + 0.5 + 0.3 * (g.y - 0.5)) * spacing
                      + 0.06 * sin(s * 0.013 + 6.0 * g.z);
            // far from this one (tilt included): nothing to draw
            if (abs(p.x - x) > 2.0 * R + 0.3 * (p.y - y) || p.y < y - 1.5 * R
                || p.y > y + len + 1.3 * R) continue;
            float c = squeeze(ph);
            float tilt = 0.25 * sin(s * 0.02 + 6.0 * g.w) * (1.0 - 0.5 * depth);
            float fog = mix(0.35, 1.0, depth);               // the water between us and it
            vec3 rim = mix(c_body, c_rim, fog) * fog, body = c_body * fog;
            col += jelly(p, vec2(x, y), R, tilt, c, s, h.w + float(i), rim, body);
        }
    }
    return sqrt(col) * u_brightness;
}
"""
