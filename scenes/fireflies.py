"""Fireflies: soft points of light drifting and glowing in a dusky clearing.

Every firefly follows its own slow Lissajous path and glows on a long, smooth
cycle, so its position and brightness are closed-form functions of ``t``. A few
large, dim, out-of-focus lights float nearer the viewer for depth.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import kernel_bank, splat, to_pixels
from scenes.base import Grid, Scene, brightness_param, density_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.registry import register


@register
class Fireflies(Scene):
    name = "fireflies"
    description = "fireflies drifting and softly glowing in a dusky clearing"
    params = (
        palette_param("forest"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many fireflies"),
    )

    def _swarm(self, n: int, stream: int) -> dict[str, np.ndarray]:
        rng = self.rng(stream)
        return {
            "cx": rng.uniform(-1.6, 1.6, n), "cy": rng.uniform(-0.5, 0.8, n),
            "ax": rng.uniform(0.1, 0.45, n), "ay": rng.uniform(0.05, 0.25, n),
            "wx": rng.uniform(0.015, 0.05, n) * rng.choice([-1, 1], n),
            "wy": rng.uniform(0.02, 0.06, n), "p": rng.uniform(0, 2 * np.pi, (4, n)),
            "glow": rng.uniform(0.09, 0.2, n), "amp": rng.uniform(0.5, 1.0, n),
        }

    def _place(self, sw: dict[str, np.ndarray], s: float, grid: Grid
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p = sw["p"]
        x = sw["cx"] + sw["ax"] * np.sin(sw["wx"] * s + p[0]) + 0.05 * np.sin(0.11 * s + p[1])
        y = sw["cy"] + sw["ay"] * np.sin(sw["wy"] * s + p[1]) + 0.04 * np.sin(0.09 * s + p[2])
        x = (x + grid.aspect) % (2 * grid.aspect) - grid.aspect   # wrap far off-screen only
        pulse = 0.5 + 0.5 * np.sin(sw["glow"] * s + p[3])
        px, py = to_pixels(grid, x, y)
        return px, py, sw["amp"] * pulse ** 2

    def _static(self, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        haze = noise.periodic_noise(self.seed + 3, h, w, h * 0.5, 0.9)
        y = grid.y
        sky = 0.2 + 0.14 * np.exp(-((y - 0.25) / 0.5) ** 2) + 0.06 * (haze - 0.5)
        x = grid.x[0].astype(np.float64)
        # Far hills: one long, low, rounded swell, barely darker than the sky.
        hills = 0.5 + 0.12 * (noise.at1d(noise.smooth_loop(self.seed, 512, 40.0),
                                          (x + 2.0) * 60.0) - 0.5)
        far = noise.smooth01((y - hills[None, :]) / 0.08)
        # Near treeline: soft rounded crowns (half-ellipses) on a gently undulating base.
        rng = self.rng(3)
        base = 0.74 + 0.08 * (noise.at1d(noise.smooth_loop(self.seed + 1, 512, 30.0),
                                          (x + 2.0) * 60.0) - 0.5)
        top = base.copy()
        for cx in np.linspace(-grid.aspect - 0.2, grid.aspect + 0.2, 24):
            cx += rng.uniform(-0.06, 0.06)
            half, rise = rng.uniform(0.1, 0.2), rng.uniform(0.03, 0.09)
            u = np.clip(1.0 - ((x - cx) / half) ** 2, 0.0, None)
            top = np.minimum(top, base - rise * np.sqrt(u))
        land = noise.smooth01((y - top[None, :]) / 0.035)
        bg = sky * (1 - 0.18 * far) * (1 - 0.62 * land)
        return bg.astype(np.float32)

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        n = max(1, int(28 * float(self.p["density"])))
        near = max(1, n // 5)
        bg = self.memo(("bg", w, h), lambda: self._static(grid))
        swarm = self.memo(("swarm", n), lambda: self._swarm(n, 1))
        bokeh = self.memo(("bokeh", near), lambda: self._swarm(near, 2))
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        np.copyto(f, bg)
        px, py, a = self._place(bokeh, s * 0.6, grid)
        splat(f, px, py, a * 0.12, kernel_bank(h * 0.035, ring=0.3))
        px, py, a = self._place(swarm, s, grid)
        splat(f, px, py, a * 0.5, kernel_bank(h * 0.009))
        splat(f, px, py, a * 0.2, kernel_bank(h * 0.028))
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
