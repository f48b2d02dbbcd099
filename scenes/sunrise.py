"""Sunrise: a slow gradient sky with a soft low sun and drifting haze bands."""

from __future__ import annotations

import numpy as np

from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register


@register
class Sunrise(Scene):
    name = "sunrise"
    description = "a slow dawn sky: a soft sun rising behind drifting haze"
    params = (
        palette_param("dawn"),
        speed_param(),
        brightness_param(),
        Param("rise", 600.0, "seconds for the sun to climb from horizon to full height",
              min=60.0, max=7200.0),
    )

    def render(self, t: float, grid: Grid) -> np.ndarray:
        p = self.p
        speed = float(p["speed"])
        rise = min(1.0, t * speed / float(p["rise"]))
        rise = rise * rise * (3 - 2 * rise)
        phase = [float(v) for v in self.rng().uniform(0, 2 * np.pi, 3)]  # keep float32 maths
        sun_y = 0.55 - 0.75 * rise
        # Every term is separable (a row curve times a column curve), so the frame is a
        # few outer products instead of per-pixel exp and sin.
        y = grid.y[:, 0].astype(np.float64)
        x = grid.x[0].astype(np.float64)
        sky = (y + 1.0) * 0.5                            # 0 at the top, 1 at the bottom
        glow_r = 0.42 * np.exp(-2.2 * (y - sun_y) ** 2)
        glow_c = np.exp(-2.2 * (x * 0.6) ** 2)
        # 0.04 sin(9y + 0.7x + a) + 0.03 sin(5y - 0.4x + b), each split as
        # sin(u + v) = sin u cos v + cos u sin v; the haze shows more low in the sky.
        u1 = y * 9.0 + t * speed * 0.05 + phase[0]
        u2 = y * 5.0 - t * speed * 0.031 + phase[1]
        rows = np.stack([glow_r, 0.04 * np.sin(u1) * sky, 0.04 * np.cos(u1) * sky,
                         0.03 * np.sin(u2) * sky, 0.03 * np.cos(u2) * sky], axis=1)
        cols = np.stack([glow_c, np.cos(0.7 * x), np.sin(0.7 * x),
                         np.cos(-0.4 * x), np.sin(-0.4 * x)], axis=0)
        field = self.scratch("f", grid.shape)
        np.matmul(rows.astype(np.float32), cols.astype(np.float32), out=field)
        field += (0.12 + 0.3 * sky * (0.4 + 0.5 * rise)).astype(np.float32)[:, None]
        table = curved(str(p["palette"]), 1.0, 0.0, float(p["brightness"]))
        return colourise(table, field, out=self.scratch("img", (*grid.shape, 3)))
