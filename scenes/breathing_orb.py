"""Breathing orb: a soft light that grows as you breathe in and shrinks as you breathe out.

The breath cycle (``bpm`` breaths a minute, split into inhale / hold / exhale / hold
in the given proportions) is a closed-form function of ``t`` with eased ends, so the
orb never jerks. Per frame the orb is one lookup of a radial profile at r² / R(t)².
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes.base import Grid, Scene, brightness_param, palette_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_PROF_N = 2048
_S_MAX = 9.0            # profile covers r² / R² in [0, _S_MAX]


def breath(t: float, bpm: float, inhale: float, hold_in: float, exhale: float,
           hold_out: float) -> float:
    """Lung fullness in [0, 1] at ``t``: eased rise, hold, eased fall, hold."""
    total = inhale + hold_in + exhale + hold_out
    u = (t * bpm / 60.0) % 1.0 * total
    if u < inhale:
        return 0.5 - 0.5 * float(np.cos(np.pi * u / inhale))
    u -= inhale
    if u < hold_in:
        return 1.0
    u -= hold_in
    if u < exhale:
        return 0.5 + 0.5 * float(np.cos(np.pi * u / exhale))
    return 0.0


def _profile() -> np.ndarray:
    s = np.linspace(0.0, _S_MAX, _PROF_N)
    r = np.sqrt(s)
    core = noise.smooth01((1.0 - r) / 0.35)            # soft-edged disc of radius 1
    halo = np.exp(-(r / 1.6) ** 2)
    return (0.5 * core + 0.28 * halo).astype(np.float32)


def _phase_param(name: str, default: float, help: str, lo: float) -> Param:
    return Param(name, default, help, min=lo, max=1.0)


@register
class BreathingOrb(Scene):
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

    def _static(self, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
        r2 = (grid.x ** 2 + grid.y ** 2).astype(np.float32)
        bg = 0.16 + 0.08 * np.exp(-r2 / 1.5)
        full = 0.42 * float(self.p["size"])             # radius at full breath
        guide = 0.05 * np.exp(-((np.sqrt(r2) - full * 1.12) / 0.02) ** 2)
        return r2, (bg + guide).astype(np.float32)

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        p = self.p
        r2, bg = self.memo(("static", w, h), lambda: self._static(grid))
        prof = self.memo(("prof",), _profile)
        b = breath(t, float(p["bpm"]), float(p["inhale"]), float(p["hold_in"]),
                   float(p["exhale"]), float(p["hold_out"]))
        radius = 0.42 * float(p["size"]) * (0.55 + 0.45 * b)
        f = self.scratch("f", (h, w))
        np.multiply(r2, np.float32((_PROF_N - 1) / (_S_MAX * radius * radius)), out=f)
        np.minimum(f, np.float32(_PROF_N - 1), out=f)
        ints = self.memo(("ints", h, w), lambda: np.empty((h, w), np.int32))
        np.copyto(ints, f, casting="unsafe")
        np.take(prof, ints, out=f)
        # A little brighter when full, and a faint slow shimmer so a held breath still lives.
        f *= np.float32(0.75 + 0.25 * b + 0.015 * np.sin(t * 0.7))
        f += bg
        table = curved(str(p["palette"]), 1.0, 0.0, float(p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
