"""Mandala: a slow kaleidoscope of petals and rings unfolding from the centre.

The pattern is drawn each frame on a small polar texture (radius × angle within one
mirrored wedge), where trigonometry is cheap; every screen pixel then reads it
through a fixed (radius, folded angle) index computed once per grid.
"""

from __future__ import annotations

import numpy as np

from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_R, _A = 200, 64          # polar texture: radius samples × half-wedge angle samples
_RMAX = 2.1
_LAYERS = 6


@register
class Mandala(Scene):
    name = "mandala"
    description = "a slow kaleidoscope: petals and rings gently unfolding from the centre"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        Param("symmetry", 8, "number of mirrored petals around the centre", min=3, max=16),
    )

    def _index(self, grid: Grid) -> np.ndarray:
        n = int(self.p["symmetry"])
        r = np.hypot(grid.x, grid.y)
        wedge = 2 * np.pi / n
        a = (np.arctan2(grid.y, grid.x) + np.pi / 2) % wedge / wedge   # 0..1 across a wedge
        fold = np.abs(2 * a - 1)                                       # mirror: 1 at the edges
        ri = np.clip(r / _RMAX * (_R - 1), 0, _R - 1).astype(np.int32)
        ai = np.clip(fold * (_A - 1), 0, _A - 1).astype(np.int32)
        return ri * _A + ai

    def _polar(self, s: float) -> np.ndarray:
        r = np.linspace(0, _RMAX, _R, dtype=np.float32)[:, None]
        fold = np.linspace(0, 1, _A, dtype=np.float32)[None, :]   # 0 on a petal axis
        ph = [float(v) for v in self.memo(("ph",), lambda: self.rng(1).uniform(0, 6.3, 4))]
        pat = np.zeros((_R, _A), np.float32)
        axes = (1 - fold, fold)                 # alternate rows sit between the petals
        # Fine veins and lace calm down toward the centre, where every wedge converges
        # and they would crowd into busy spokes.
        calm = self.memo(("calm",), lambda: np.clip(r / 0.45, 0, 1) ** 2)
        veins = [0.75 + 0.25 * calm * np.cos(ax * 9.0 + r * 10 - s * 0.05 + ph[1])
                 for ax in axes]
        # Rings of petals bloom from the centre and drift outward, fading in and out.
        drift = s * 0.012
        for k in range(_LAYERS):
            pos = (k + drift) % _LAYERS                  # 0 (centre) .. _LAYERS (outside)
            radius = 0.05 + pos * 0.32
            life = float(np.sin(np.pi * pos / _LAYERS) ** 2) * (0.55 + 0.15 * (k % 2))
            shape = radius * (1 - (0.45 + 0.1 * np.sin(s * 0.03 + ph[0] + k)) * axes[k % 2] ** 2)
            petal = np.clip((shape - r) * (1 / 0.12) + 0.5, 0, 1)
            petal *= np.clip((r - radius * 0.35) * (1 / 0.15), 0, 1)
            petal *= veins[k % 2] * life
            np.maximum(pat, petal, out=pat)
        lace = 0.05 * calm * np.cos(r * 22 - s * 0.08 + ph[2]) * np.cos(fold * np.pi * 3 + ph[3])
        glow, centre = self.memo(("glow",), lambda: (np.exp(-(r / 1.4) ** 2),
                                                     0.35 * np.exp(-(r / 0.12) ** 2)))
        pat = pat * 0.9 + lace + 0.14
        pat *= glow
        pat += centre + 0.1
        return pat.ravel()

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        idx = self.memo(("idx", w, h), lambda: self._index(grid))
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        np.take(self._polar(s), idx, out=f)
        table = curved(str(self.p["palette"]), 1.1, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
