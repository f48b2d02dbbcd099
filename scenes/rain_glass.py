"""Rain on glass: drops gathering and trickling slowly down a window at night.

Behind the glass, blurred lights drift very slowly. Drop ``k`` appears at a time
and place from its own random stream, swells in, lingers, then trickles down in
slow stop-and-go steps, leaving a faint wet trail, and fades; so the set of drops
at ``t`` is a pure function of ``t``. A drop is drawn as a tiny lens: a brighter
body, a darker lower rim and a small highlight, slightly taller than wide.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scenes import noise
from scenes._sprites import SUBPIXEL, kernel_bank, splat, splat_points, to_pixels
from scenes.base import Grid, Scene, brightness_param, density_param, palette_param, speed_param
from scenes.palettes import colourise, curved
from scenes.registry import register

_LIFE = 40.0          # seconds from a drop forming to it fading away
_EVERY = 0.9          # seconds between new drops at density 1
_PAUSE = 7.0          # seconds per stop-and-go step of a trickling drop


@cache
def _drop_bank(radius_px: float) -> np.ndarray:
    """(SUBPIXEL, SUBPIXEL, k, k) kernels of one water drop on glass, peak about 1.

    Signed: the body and highlight add light, the lower rim takes a little away.
    """
    r = max(radius_px, 1.5)
    half = int(np.ceil(r * 1.7))
    k = 2 * half + 1
    c = np.arange(k, dtype=np.float64) - half
    bank = np.empty((SUBPIXEL, SUBPIXEL, k, k), np.float32)
    for sy in range(SUBPIXEL):
        for sx in range(SUBPIXEL):
            dx = (c[None, :] - sx / SUBPIXEL) / r
            dy = (c[:, None] - sy / SUBPIXEL) / (r * 1.15)       # a little taller than wide
            d = np.hypot(dx, dy)
            body = 1.0 / (1.0 + np.exp((d - 0.85) * 9.0))         # soft-edged disc
            rim = np.exp(-((d - 0.9) / 0.22) ** 2) * np.clip(0.3 + dy, 0.0, 1.0)
            spot = np.exp(-((dx + 0.3) ** 2 + (dy + 0.38) ** 2) / 0.05)
            bank[sy, sx] = 0.45 * body - 0.35 * rim + 0.75 * spot
    bank.flags.writeable = False
    return bank


_RAMPS: dict[tuple[int, int], np.ndarray] = {}


def _ramp(h: int, hw: int, prof: np.ndarray) -> np.ndarray:
    key = (h, hw)
    if key not in _RAMPS:
        _RAMPS[key] = np.arange(h, dtype=np.float32)[:, None] * prof[None, :]
    return _RAMPS[key]


def _trickle(u: np.ndarray) -> np.ndarray:
    """Distance slid after ``u`` seconds of sliding: moves, nearly stops, moves again."""
    w = 2 * np.pi / _PAUSE
    return u - 0.85 * np.sin(w * u) / w


@register
class RainGlass(Scene):
    name = "rain_glass"
    description = "raindrops gathering and sliding slowly down a window, soft lights beyond"
    params = (
        palette_param("dusk"),
        speed_param(),
        brightness_param(),
        density_param(1.0, "how many drops"),
    )

    def _static(self, grid: Grid) -> dict[str, np.ndarray]:
        h, w = grid.shape
        rng = self.rng(1)
        n = w * h // 90
        mist = np.zeros((h, w), np.float32)
        px, py = to_pixels(grid, rng.uniform(-grid.aspect, grid.aspect, n), rng.uniform(-1, 1, n))
        splat_points(mist, px, py, rng.uniform(0, 0.06, n))
        return {"lights": noise.padded(self.seed + 8, h, w, h * 0.8, 2.0),
                "mist": mist,
                "base": (0.2 + 0.06 * (1 - grid.y)).astype(np.float32)}

    @staticmethod
    def _trails(f: np.ndarray, px: np.ndarray, py0: np.ndarray, py: np.ndarray,
                amp: np.ndarray, half_px: float) -> None:
        """Faint wet trails above sliding drops: clearer glass, strongest near the drop."""
        h, w = f.shape
        hw = max(1, round(half_px))
        prof = np.float32(0.03) * (1.0 - np.abs(np.arange(-hw, hw + 1, dtype=np.float32))
                                    / np.float32(hw + 1))
        ramp = _ramp(h, hw, prof)                         # row i: i × the profile
        for x, a, b, m in zip(px.tolist(), py0.tolist(), py.tolist(), amp.tolist()):
            ya, yb = max(int(a), 0), min(int(b) - 2, h)
            ix = round(x)
            xa, xb = max(ix - hw, 0), min(ix + hw + 1, w)
            if m <= 1e-3 or yb - ya < 2 or xa >= xb:
                continue
            # Fades in from where the drop started (top) to full strength at the drop.
            f[ya:yb, xa:xb] -= ramp[:yb - ya, xa - ix + hw:xb - ix + hw] * np.float32(m / (yb - ya))

    def render(self, t: float, grid: Grid) -> np.ndarray:
        h, w = grid.shape
        st = self.memo(("static", w, h), lambda: self._static(grid))
        s = float(self.p["speed"]) * t
        f = noise.wash(st["lights"], s * 0.5 * h / 270, s * 0.12 * h / 270, 0.6, st["base"],
                       self.scratch("f", (h, w)), self.scratch("tmp", (h, w)))
        bokeh = self.memo(("bokeh",), lambda: self.rng(2).uniform(0, 1, (5, 14)))
        bx = (bokeh[0] * 2 - 1) * grid.aspect + 0.25 * np.sin(s * 0.01 + bokeh[2] * 6)
        by = bokeh[1] * 1.6 - 0.6 + 0.1 * np.sin(s * 0.013 + bokeh[3] * 6)
        bpx, bpy = to_pixels(grid, bx, by)
        glow = 0.1 + 0.12 * bokeh[4] * (0.7 + 0.3 * np.sin(s * 0.05 + bokeh[2] * 9))
        splat(f, bpx, bpy, glow, kernel_bank(h * 0.07, ring=0.35))
        f += st["mist"]
        every = _EVERY / float(self.p["density"])
        ks = np.arange(max(0, int((s - _LIFE) / every)), int(s / every) + 1)
        if len(ks):
            table = self.memo(("drops",), lambda: self.rng(77).uniform(0, 1, (6, 1 << 14)))
            d = table[:, ks % (1 << 14)]
            age = s - ks * every - d[0] * every
            live = (age > 0) & (age < _LIFE)
            age, d = age[live], d[:, live]
            slide_at = 6 + d[2] * 14                      # seconds before it starts to slide
            slide = np.clip(age - slide_at, 0, None)
            speed = 0.012 + 0.03 * d[4]                   # bigger drops run a little faster
            y0 = d[3] * 2.0 - 1.15
            y = y0 + speed * _trickle(slide)
            x = (d[1] * 2 - 1) * grid.aspect + 0.01 * np.sin(slide * 0.3 + d[5] * 6)
            amp = noise.smooth01(age / 4.0) * noise.smooth01((_LIFE - age) / 8.0)
            px, py = to_pixels(grid, x, y)
            _, py0 = to_pixels(grid, x, y0)
            self._trails(f, px, py0, py, amp * np.minimum(slide / 3.0, 1.0), h * 0.006)
            big = d[4] > 0.55
            splat(f, px[~big], py[~big], amp[~big] * 0.22, _drop_bank(h * 0.012))
            splat(f, px[big], py[big], amp[big] * 0.26, _drop_bank(h * 0.02))
        table = curved(str(self.p["palette"]), 1.0, 0.0, float(self.p["brightness"]))
        return colourise(table, f, out=self.scratch("img", (h, w, 3)))
