"""Nebula: layered clouds of fractal noise drifting past each other in deep space.

Two periodic noise textures (large billows, finer wisps) scroll in different
directions at different speeds, so their sum keeps changing for hours without a
visible loop; a static, sparse star layer sits behind.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import splat_points, to_pixels
from scenes.base import Grid, Scene, brightness_param, palette_param, scale_param, speed_param
from scenes.palettes import colourise, curved
from scenes.registry import register


@register
class Nebula(Scene):
    name = "nebula"
    description = "slow clouds of coloured gas drifting across deep space"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        scale_param(1.0, "size of the cloud billows"),
    )

    def _static(self, grid: Grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        h, w = grid.shape
        big = noise.padded(self.seed * 3 + 1, h, w, h * 1.2 * float(self.p["scale"]), 1.4)
        fine = noise.padded(self.seed * 3 + 2, h, w, h * 0.6 * float(self.p["scale"]), 1.1)
        rng = self.rng(1)
        n = w * h // 300
        px, py = to_pixels(grid, rng.uniform(-grid.aspect, grid.aspect, n),
                           rng.uniform(-1, 1, n))
        stars = np.zeros((h, w), np.float32)
        splat_points(stars, px, py, rng.uniform(0.0, 0.45, n) ** 2.5 * 3)
        return big, fine, stars

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        big, fine, stars = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t * h / 270.0     # pixels per second scale with size
        f = self.scratch("f", (h, w))
        g = self.scratch("g", (h, w))
        tmp = self.scratch("tmp", (h, w))
        noise.scroll(big, s * 1.3, s * 0.45, f, tmp)
        noise.scroll(fine, -s * 0.8, s * 1.1, g, tmp)
        # Wisps show where the billows are bright: the product keeps dark voids dark.
        g -= np.float32(0.5)
        g *= f
        g *= np.float32(1.0)
        f += g
        f -= np.float32(0.14)
        f += stars
        table = curved(str(self.p["palette"]), 1.3, 0.03, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
