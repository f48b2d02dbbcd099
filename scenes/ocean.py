"""Ocean: a still horizon at dusk; long swells roll in under a soft path of light.

Swells are parallel to the horizon, so in perspective they are a function of the
row only (1-D, cheap); a wide, stretched noise texture scrolling toward the viewer
adds the shimmer, and a static glitter mask keeps the light path under the moon.
"""

from __future__ import annotations

import numpy as np

from scenes import noise
from scenes.base import Grid, Scene, brightness_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.params import Param
from scenes.registry import register

_HORIZON = -0.12
_D0 = 0.35
# Swells as (wavenumber in perspective distance 1/d, angular speed): crests roll in at
# about 0.06 distance units a second, so even the nearest takes well over 10 s to pass.
_SWELLS = ((3.0, 0.18), (4.7, 0.26), (1.9, 0.12))


@register
class Ocean(Scene):
    name = "ocean"
    description = "an open sea horizon with long, slow swells and a path of soft light"
    params = (
        palette_param("ocean"),
        speed_param(),
        brightness_param(),
        Param("swell", 1.0, "height of the swells", min=0.0, max=2.0),
    )

    def _static(self, grid: Grid) -> dict[str, np.ndarray]:
        h, w = grid.shape
        y = grid.y[:, 0].astype(np.float64)
        x = grid.x
        hz = int(np.searchsorted(y, _HORIZON))
        d = np.clip(y[hz:] - _HORIZON, 1e-3, None)           # depth below the horizon
        sky = 0.2 + 0.22 * np.exp(-(( _HORIZON - y[:hz]) / 0.45))  # brighter at horizon
        moon = np.exp(-((x[:hz] + 0.0) ** 2 + (grid.y[:hz] + 0.55) ** 2) / 0.006) * 0.55
        halo = np.exp(-((x[:hz]) ** 2 + (grid.y[:hz] + 0.55) ** 2) / 0.12) * 0.1
        path_w = 0.04 + 0.5 * d                               # light path widens toward us
        glitter = np.exp(-(x[hz:] / path_w[:, None]) ** 2) * (0.2 + 0.6 * np.exp(-d * 1.5))[:, None]
        sea = 0.3 * np.exp(-d * 2.2) + 0.13                  # horizon reflects the sky
        # Texture row for each sea row: rows far away are squeezed together, rows near
        # the viewer spread out, so the shimmer shrinks toward the horizon and a steady
        # scroll through the texture comes toward us slower far off, faster near.
        inv = 1.0 / (d + _D0)
        rowmap = (inv[0] - inv) / (inv[0] - inv[-1]) * (h - 1)
        drow = 2.0 / h                                          # grid units per screen row
        return {
            "hz": np.array(hz),
            "rowmap": np.round(rowmap).astype(np.intp),
            # Swells fade out where a wave would be thinner than about a row (no aliasing).
            "aa": [np.exp(-(k * drow / d ** 2 / 1.2) ** 2).astype(np.float32) for k, _ in _SWELLS],
            "sky": (sky[:, None] + moon + halo).astype(np.float32),
            "v": (1.0 / d).astype(np.float32),               # perspective distance per row
            "sea": sea.astype(np.float32),
            "near": np.clip(d * 2.5, 0, 1).astype(np.float32),
            "glitter": glitter.astype(np.float32),
            "tex": noise.padded(self.seed + 5, h, w, h * 0.2, 0.8, 6.0),
            "cloud": noise.padded(self.seed + 6, h, w, h * 0.6, 1.0, 4.0),
        }

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        hz = int(st["hz"])
        s = float(self.p["speed"]) * t
        f = self.scratch("f", (h, w))
        tmp = self.scratch("tmp", (h, w))
        # Sky with high, slow cloud banks.
        cloud = f[:hz]
        noise.scroll(st["cloud"], s * 1.2 * h / 270, 0.0, cloud, tmp[:hz])
        cloud -= np.float32(0.5)
        cloud *= np.float32(0.12)
        cloud += st["sky"]
        # Sea: swells are a function of perspective distance (row) and time only.
        v = st["v"]
        ph = [float(a) for a in self.rng(1).uniform(0, 2 * np.pi, 3)]
        swell = np.zeros_like(v)
        for (k, om), aa, p, a in zip(_SWELLS, st["aa"], ph, (0.55, 0.3, 0.45)):
            swell += np.sin(v * np.float32(k) + np.float32(s * om + p)) * aa * np.float32(a)
        row = st["sea"] + (swell * st["near"] * np.float32(0.06 * float(self.p["swell"])))
        sea = f[hz:]
        wave = self.scratch("wave", (h, w))
        noise.scroll(st["tex"], s * 0.4 * h / 270, -s * 1.6 * h / 270, wave, tmp)
        np.take(wave, st["rowmap"], axis=0, out=sea)
        sea -= np.float32(0.35)
        np.maximum(sea, np.float32(0.0), out=sea)
        sea *= st["glitter"]
        # Light catches the faces of the swells: the glitter rises and falls with them.
        sea *= (np.float32(1.8) + np.float32(1.0) * swell * st["near"])[:, None]
        sea += row.astype(np.float32)[:, None]
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
