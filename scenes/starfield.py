"""Starfield: drifting very slowly forward through a quiet field of stars.

Each star has a fixed 3-D position; its depth decreases with ``t`` and wraps, so the
field is endless and seekable. Stars fade in from the far distance and fade out
before they come close, so none pops in or rushes past; the whole field turns a
little, like lying on a raft under the sky.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes._sprites import splat_points, to_pixels
from scenes.base import Grid, Scene, brightness_param, density_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.registry import register

_NEAR, _FAR = 0.35, 3.0


@register
class Starfield(Scene):
    name = "starfield"
    description = "gliding slowly forward through a calm field of stars"
    params = (
        palette_param("twilight"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many stars"),
    )

    def _static(self, grid: Grid) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        h, w = grid.shape
        glow = noise.periodic_noise(self.seed + 9, h, w, h * 1.2, 1.1)
        r2 = (grid.x / grid.aspect) ** 2 + grid.y ** 2
        bg = 0.17 + 0.22 * (glow - 0.5) * np.exp(-r2 * 0.3) + 0.03 * np.exp(-r2 * 1.5)
        n = int(1400 * float(self.p["density"]))
        rng = self.rng(1)
        stars = {"x": rng.uniform(-2.4, 2.4, n), "y": rng.uniform(-1.5, 1.5, n),
                 "z": rng.uniform(0, 1, n), "a": rng.uniform(0.15, 1.0, n) ** 2}
        return np.clip(bg, 0, 1).astype(np.float32), stars

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        bg, st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        z = _NEAR + (_FAR - _NEAR) * ((st["z"] - s * 0.004) % 1.0)
        ang = s * 0.002
        c, si = np.cos(ang), np.sin(ang)
        x = (st["x"] * c - st["y"] * si) / z
        y = (st["x"] * si + st["y"] * c) / z
        u = (z - _NEAR) / (_FAR - _NEAR)                 # 0 near .. 1 far
        fade = noise.smooth01(u / 0.25) * noise.smooth01((1 - u) / 0.3)
        amp = st["a"] * fade / z * 1.3
        px, py = to_pixels(grid, x, y)
        f = self.scratch("f", (h, w))
        np.copyto(f, bg)
        splat_points(f, px, py, amp)
        table = curved(str(self.p["palette"]), 0.9, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
