"""Breathing orb: a soft light that grows as you breathe in and shrinks as you breathe out.

The breath cycle (``bpm`` breaths a minute, split into inhale / hold / exhale / hold
in the given proportions) is a closed-form function of ``t`` with eased ends, so the
orb never jerks; :func:`breath` is the same curve in Python. The orb is a luminous
pearl: a bright heart, a body whose edge melts over a fifth of its radius, a light
inside that drifts very slowly, and a halo that falls off smoothly into the dark, so
nothing between the orb and the room is darker than the room (no moat). A faint,
disc of light marks the size of a full breath. The orb is a little brighter when full.
"""

from __future__ import annotations

import math

from scenes.base import ShaderScene, brightness_param, palette_param
from scenes.params import Param
from scenes.registry import register


def breath(t: float, bpm: float, inhale: float, hold_in: float, exhale: float,
           hold_out: float) -> float:
    """Lung fullness in [0, 1] at ``t``: eased rise, hold, eased fall, hold."""
    total = inhale + hold_in + exhale + hold_out
    u = (t * bpm / 60.0) % 1.0 * total
    if u < inhale:
        return 0.5 - 0.5 * math.cos(math.pi * u / inhale)
    u -= inhale
    if u < hold_in:
        return 1.0
    u -= hold_in
    if u < exhale:
        return 0.5 + 0.5 * math.cos(math.pi * u / exhale)
    return 0.0


def _phase_param(name: str, default: float, help: str, lo: float) -> Param:
    return Param(name, default, help, min=lo, max=1.0)


@register
class BreathingOrb(ShaderScene):
    name = "breathing_orb"
    description = "a soft orb that paces slow breathing: grow on the in-breath, shrink on the out"
    params = (
        palette_param("twilight"),
        brightness_param(),
        Param("bpm", 6.0, "breaths per minute", min=2.0, max=12.0),
        _phase_param("inhale", 0.4, "share of each breath spent breathing in", 0.05),
        _phase_param("hold_in", 0.1, "share spent holding after breathing in", 0.0),
        _phase_param("exhale", 0.4, "share spent breathing out", 0.05),
        _phase_param("hold_out", 0.1, "share spent resting after breathing out", 0.0),
        Param("size", 1.0, "size of the orb at full breath", min=0.4, max=1.6),
    )
    tags = ("paced", "pattern")
    shader = """
// Lung fullness in [0, 1] at t: eased rise, hold, eased fall, hold (as breath() in Python).
float breath(float t) {
    float total = u_inhale + u_hold_in + u_exhale + u_hold_out;
    float u = fract(t * u_bpm / 60.0) * total;
    if (u < u_inhale) return 0.5 - 0.5 * cos(3.14159265 * u / u_inhale);
    u -= u_inhale;
    if (u < u_hold_in) return 1.0;
    u -= u_hold_in;
    if (u < u_exhale) return 0.5 + 0.5 * cos(3.14159265 * u / u_exhale);
    return 0.0;
}

vec3 scene(vec2 p, float t) {
    float b = breath(t);
    float full = 0.42 * u_size;                       // radius at full breath
    float radius = full * (0.55 + 0.45 * b);
    float d = length(p);
    float r = d / radius;
    vec3 c_halo = palette_texel(0.55), c_body = palette_texel(0.8), c_core = palette_texel(1.0);

    // the light inside: a soft, slow drift of brighter and dimmer veils
    vec2 q = p / radius;
    float veil = noise2q(rot(0.03 * t) * q * 1.3 + u_seed_offset)
               + 0.5 * noise2q(rot(-0.019 * t) * q * 2.6 - u_seed_offset);
    float body = smoother(1.12, 0.82, r);             // the edge melts over ~a fifth
    float heart = exp(-r * r * 2.5);
    float inner = body * (0.62 + 0.38 * heart) * (1.0 + 0.09 * veil * (1.0 - heart));
    // the halo: flat under the orb, then falling smoothly and far into the dark
    float out_r = max(r - 0.85, 0.0);
    float halo = 1.0 / (1.0 + out_r * out_r * 4.0) * exp(-out_r * 0.7);
    // a faint disc of light the size of a full breath: the orb grows to fill it. It only
    // ever lifts the halo (a max, not a ring added on top), so no darker gap can open
    float guide = 0.06 * smoother(full * 1.1, full * 0.97, d);

    float lift = 0.82 + 0.18 * b;                     // a little brighter when full
    // colour: the palette's light at the heart, its middle in the body, deeper at the rim
    vec3 tone = mix(mix(c_halo, c_body, smoother(1.15, 0.55, r)), c_core, heart * 0.85);
    vec3 c = tone * inner * 0.85 * lift
           + c_body * 0.2 * exp(-out_r * 3.5) * (1.0 - 0.6 * body) * lift   // glow at the edge
           + c_halo * max(0.3 * halo * (0.8 + 0.2 * b), guide)
           + c_halo * 0.07 * exp(-d * d * 0.4)        // the room, faintly lit
           + vec3(0.003, 0.003, 0.006);
    return c * u_brightness;
}
"""
