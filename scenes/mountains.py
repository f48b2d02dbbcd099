"""Mountains: ranges of mountains at dusk, one behind the other, with mist in the valleys.

Six ridges stand one behind the other, each paler with distance (aerial perspective)
until the farthest almost melt into the afterglow; banks of mist lie in the valleys
between them and drift very slowly sideways. The sun has just set to the right: the
sky glows warm at the horizon there, deepening to indigo overhead, with a few thin
clouds lit from below. Over ``dusk`` scene-seconds the afterglow fades into the blue
hour — the picture grows gently dimmer, the first stars and a thin crescent moon come
out — and then it stays. The near ridges carry a ragged edge of forest. Everything is
mixed in linear light from palette colours: the zenith, the horizon and the glow.
"""

from __future__ import annotations

from scenes.base import ShaderScene, brightness_param, palette_param, speed_param
from scenes.params import Param
from scenes.registry import register


@register
class Mountains(ShaderScene):
    name = "mountains"
    description = "ranges of mountains at dusk, mist drifting in the valleys between them"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        Param("dusk", 900.0, "seconds for the afterglow to fade into the blue hour",
              min=60.0, max=7200.0),
        Param("mist", 1.0, "how much mist lies in the valleys", min=0.0, max=2.0),
    )
    tags = ("open", "nature", "sky", "dark")
    projections = ("flat", "dome", "sphere")
    shader = """
const int RIDGES = 5;
const float HORIZON = 0.08;       // screen y of the farthest ridge's foot (y grows down)

// Screen y of the foot of ridge k (0 far .. RIDGES-1 near), where it sinks into mist.
float ridge_foot(int k) { return HORIZON + 0.17 * float(k) + 0.02 * float(k * k); }

// Screen y of the top of ridge k at x: far ridges tall and sharp-crested, near ones
// lower, rounder and ragged with forest.
float ridge_top(int k, float x) {
    float fk = float(k);
    float o = u_seed_offset.x + 37.0 * fk;
    float f = 0.7 + 0.4 * fk;
    float crest = 1.0 - abs(noise1(x * f * 0.75 + o));     // sharp peaks
    float body = 0.5 + 0.5 * fbm1(x * f * 1.6 + o * 1.3, 3, 0.55);
    float d = fk / float(RIDGES - 1);
    float rise = mix(0.5, 0.2, d);                        // how far above its foot it reaches
    float sharp = mix(0.7, 0.35, d);
    float top = ridge_foot(k) - 0.06 - rise * (sharp * crest * crest + (1.0 - sharp) * body);
    if (k >= RIDGES - 2) top -= (0.01 * noise1(x * 55.0 + o) + 0.005 * noise1(x * 130.0 + o))
                                * (fk - 2.0);
    return top;
}

vec3 scene(vec2 p, float t) {
    float s = u_speed * t;
    float fall = clamp(s / u_dusk, 0.0, 1.0);
    fall = fall * fall * (3.0 - 2.0 * fall);              // eases in and out
    float glow_k = 1.0 - 0.6 * fall;                      // how much afterglow is left

    vec3 zenith = palette_texel(0.2 + 0.06 * glow_k), mid = palette_texel(0.45 + 0.1 * glow_k);
    vec3 horizon = palette_texel(0.62 + 0.2 * glow_k), sun = palette_texel(0.97);
    zenith *= zenith; mid *= mid; horizon *= horizon; sun *= sun;

    vec2 sunp = vec2(0.75, HORIZON + 0.25);
    float toward = exp(-abs(p.x - sunp.x) * 0.9);

    // the ridges, near to far (front to back): each covers what lies behind it, so the
    // loop stops once nothing behind can show, and the sky is drawn only where it shows;
    // each ridge is paler with distance and sinks into the mist at its foot
    vec3 col = vec3(0.0);
    float behind = 1.0;                                  // how much of what lies behind shows
    if (p.y > ridge_foot(0) - 0.55) {
        float drift = s * 0.004;
        vec3 air = mix(horizon, mid, 0.35) * (0.8 + 0.4 * toward * glow_k) * (0.7 + 0.3 * glow_k);
        for (int k = RIDGES - 1; k >= 0; k--) {
            float fk = float(k), d = fk / float(RIDGES - 1);      // 0 far .. 1 near
            vec2 pk = at_depth(p, 60.0 / (1.0 + 11.0 * d));   // stereo: 60 m .. 5 m
            float top = ridge_top(k, pk.x);
            float cover = fill(top - pk.y);
            if (cover <= 0.0) continue;
            // the ridge's own colour: the sky's horizon far away, near black close by,
            // a little lighter on the slopes toward the glow
            vec3 rock = mix(mix(horizon, mid, 0.5) * 0.6 * (0.55 + 0.45 * glow_k), zenith * 0.08,
                            pow(d, 0.55));
            rock *= 1.0 + 0.3 * toward * glow_k * (1.0 - d);
            // mist: rising from the foot, in banks that drift slowly sideways
            float foot = ridge_foot(k);
            vec2 m = vec2(pk.x * 0.9 - drift * (1.0 + 0.4 * fk), p.y * 5.0)
                     + u_seed_offset + 9.1 * fk;
            float bank = noise2q(m);
            float lift = (0.16 + 0.05 * d) * (0.85 + 0.35 * bank) * u_mist;
            float fog = smoother(foot - lift, foot + 0.02, pk.y) * (0.9 - 0.35 * d);
            fog = clamp(fog * (0.8 + 0.3 * bank), 0.0, 1.0);
            col += behind * cover * mix(rock, air * (1.0 - 0.3 * d), fog);
            behind *= 1.0 - cover;
            if (behind < 0.002) break;
        }
    }
    if (behind > 0.0) {
        // the sky: horizon glow to zenith, brighter toward where the sun went down
        p = at_depth(p, 1e4);                                  // the sky at infinity
        float e = max(HORIZON - 0.2 - p.y, 0.0);               // above the far ridges' crests
        vec3 sky = mix(horizon, mid, smoother(0.0, 0.45, e));
        sky = mix(sky, zenith, smoother(0.3, 1.2, e));
        sky *= 0.75 + 0.25 * glow_k;
        sky += sun * exp(-e * 5.0) * toward * 0.35 * glow_k;
        // thin clouds in long streaks, lit from below near the sun, drifting
        float n = noise2q(vec2(p.x * 0.5 - s * 0.002, p.y * 7.0) + u_seed_offset)
                  + 0.4 * noise1(p.y * 2.7 + u_seed_offset.y);
        float cloud = smoother(0.1, 0.6, n) * smoother(0.12, 0.3, e) * smoother(0.95, 0.5, e);
        sky = mix(sky, horizon * (0.5 + 0.9 * toward * glow_k) + sun * 0.1 * toward * glow_k,
                  cloud * 0.55);
        // the first stars and a thin crescent moon, coming out as the light goes
        float night = smoother(0.3, 1.0, fall) * smoother(0.15, 0.5, e);
        if (night > 0.0) {
            sky += 0.5 * night * star_cell(p, 0.06, 0.35, 0.0011, 5) * (1.0 - cloud);
        }
        vec2 mp = vec2(-0.85, -0.62);
        float moon = fill(length(p - mp) - 0.028)              // a disc less a disc: a crescent
                     * (1.0 - fill(length(p - mp - vec2(0.011, -0.006)) - 0.025));
        sky += (sun * 0.5 + mid) * moon * (0.25 + 0.5 * fall) * (1.0 - 0.7 * cloud);
        sky += mid * 0.08 * glow(p - mp, 0.09) * fall;
        col += behind * sky;
    }
    col *= 1.0 - 0.85 * smoother(0.75, 1.05, p.y);          // the near ground to black
    return sqrt(col) * u_brightness;
}
"""
