"""The live guard: no rendering path can put a failing flash sequence on screen.

Installed as ``Compositor.guard``, it sees every composed frame (float32 sRGB in
[0, 1] at the internal resolution) just before dithering and may change it in place.

Flashes need *opposing* changes: WCAG 2.3.1 fails seven transitions of 0.1 in a second,
so at least three rises and three falls of 0.1 in the same place. A fade, however
fast, only goes one way. So for every 4×4-pixel block the guard keeps how much
its luminance has risen (``up``) and fallen (``down``) lately, each a leaky sum with a
``TAU_S`` time constant, and bounds the *smaller* of the two. Calm content — slow
drift, a 12 s crossfade, the fade in, a quick fade to a dim still — never comes close,
and passes through untouched (the check is a handful of array operations). When a
frame would push some pixel past the budget, the guard computes for every cell of a
coarse grid the largest step towards the new frame that keeps all its pixels within
budget, spreads it to the neighbouring cells (so no pixel is under-guarded), upsamples
it bilinearly (so no cell edges appear), and shows ``previous + step × (new −
previous)``: a strobing scene becomes a slow, soft drift. The same bound applies to the
red value, so a saturated red flicker is held back too.

The budgets leave even the warning level (four transitions in a second) out of reach:
a leaky sum over ``TAU_S`` bounds any one-second window's sum by ``e^(1/TAU_S)`` times.
Luminance and red are estimated with ``1.15 c²`` per channel, whose slope is at least
that of the sRGB curve everywhere that matters, so the estimate never understates a
change.

The guard has state (what was shown last), which only the live output may have: on
calm content it is a no-op, so stills, exports and analyses, which start fresh, still
match. ``reset()`` forgets the state (a new session, a seek).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from player.safety.area import fov_window
from player.safety.criteria import (
    AREA_FRACTION,
    GENERAL_DELTA,
    LUMA_WEIGHTS,
    RED_DELTA,
    RED_SCALE,
    WARN_TRANSITIONS,
)

TAU_S = 2.0
# Hold back only where the blocks over budget cover more than this share of some 10°
# field of view: a fifth of WCAG's 25 %, so a firefly's glow or the rim of a breathing
# orb (a few blocks) passes untouched, while anything that could fail is still caught.
GUARD_AREA = AREA_FRACTION / 5
CELLS = (16, 9)
MIN_DT_S, MAX_DT_S = 1 / 240, 1 / 15     # frame intervals the guard believes
BLOCK = 4                            # pixels per side of the blocks the guard measures
_SLOPE = 1.15                        # 1.15 c² rises at least as steeply as sRGB → linear
_WINDOW_GAIN = math.exp(1.0 / TAU_S)  # a 1 s window's sum <= this × the leaky sum
_HALF = WARN_TRANSITIONS // 2        # rises (and falls) in the smallest warned sequence
BUDGETS = np.array([_HALF * GENERAL_DELTA, _HALF * RED_DELTA / RED_SCALE],
                   np.float32)[:, None, None] / np.float32(_WINDOW_GAIN * 1.02)


class Guard:
    """Bounds per-region swings of luminance and red; call it on each composed frame."""

    def __init__(self, fps: float | None = None, cells: tuple[int, int] = CELLS,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        """``fps`` fixes the time between frames (exports, tests); None measures it with
        ``clock`` — right for live output, where what counts is the viewer's time."""
        self.cells = cells
        self.clock = clock
        self.fps = fps
        self.reset()

    @property
    def fps(self) -> float | None:
        return self._fps

    @fps.setter
    def fps(self, value: float | None) -> None:
        self._fps = None if value is None else float(value)
        self._fixed = None if value is None else _decay(1.0 / float(value))

    def _decay_now(self) -> np.float32:
        """How much the leaky sums keep since the last frame."""
        if self._fixed is not None:
            return self._fixed
        now = self.clock()
        last, self._last = self._last, now
        # Clamped so that stalls and bursts both err on the strict side.
        return _decay(MIN_DT_S if last is None else min(max(now - last, MIN_DT_S), MAX_DT_S))

    def reset(self) -> None:
        self.prev: np.ndarray | None = None
        self._last: float | None = None
        self.active_frames = 0       # frames the guard changed since reset (for the log)

    def _signals(self, img: np.ndarray) -> np.ndarray:
        """(2, h/4, w/4): estimated luminance and red value of 4×4 block means.

        Rows are summed as contiguous slices and columns by a tiny matrix product:
        both stay fast where strided per-channel indexing would not.
        """
        h, w = self._crop
        rows = img[:h].reshape(h // BLOCK, BLOCK, w * 3).sum(axis=1)
        mean = np.matmul(rows.reshape(-1, BLOCK * 3), self._columns)   # (n, 3) block means
        sq = mean * mean
        out = self._sig
        lum, red = out[0].reshape(-1), out[1].reshape(-1)
        np.matmul(sq, self._weights, out=lum)
        np.subtract(sq[:, 0], sq[:, 1], out=red)
        red -= sq[:, 2]
        red *= np.float32(_SLOPE)
        np.maximum(red, np.float32(0.0), out=red)
        return out

    def _start(self, img: np.ndarray) -> None:
        h, w = img.shape[:2]
        self._crop = (max(BLOCK, h // BLOCK * BLOCK), max(BLOCK, w // BLOCK * BLOCK))
        bh, bw = self._crop[0] // BLOCK, self._crop[1] // BLOCK
        self.prev = img.copy()
        self._weights = np.array(LUMA_WEIGHTS, np.float32) * np.float32(_SLOPE)
        self._columns = np.tile(np.eye(3, dtype=np.float32), (BLOCK, 1)) / np.float32(
            BLOCK * BLOCK)
        self._sig = np.empty((2, bh, bw), np.float32)
        fw, fh = fov_window(bw, bh)                       # the 10° window, in blocks
        self._fov = (fw, fh, GUARD_AREA * fw * fh)
        self.prev_sig = self._signals(img).copy()
        self.up = np.zeros_like(self.prev_sig)
        self.down = np.zeros_like(self.prev_sig)
        nx, ny = self.cells
        self._rows = np.linspace(0, bh, ny + 1).astype(int)[:-1]
        self._cols = np.linspace(0, bw, nx + 1).astype(int)[:-1]
        i0, i1, f = _bilinear(h, ny)
        self._ry = (i0, i1, f[:, None])
        i0, i1, f = _bilinear(w, nx)
        self._rx = np.zeros((nx, w), np.float32)          # cell columns → pixel columns
        np.add.at(self._rx, (i0, np.arange(w)), 1 - f)
        np.add.at(self._rx, (i1, np.arange(w)), f)

    def __call__(self, img: np.ndarray) -> None:
        if min(img.shape[:2]) < BLOCK:
            return
        if self.prev is None or self.prev.shape != img.shape:
            self._start(img)
            self._decay_now()
            return
        sig = self._signals(img)
        d = sig - self.prev_sig
        decay = self._decay_now()
        self.up *= decay
        self.down *= decay
        rise = np.maximum(d, np.float32(0.0))
        fall = np.maximum(-d, np.float32(0.0))
        up, down = self.up + rise, self.down + fall
        if (np.minimum(up, down) <= BUDGETS).all():       # calm: show the frame as it is
            self.up, self.down = up, down
            self.prev_sig, self._sig = sig, self.prev_sig
            np.copyto(self.prev, img)
            return
        self._hold_back(img, d)

    def _hold_back(self, img: np.ndarray, d: np.ndarray) -> None:
        """Show the largest per-cell step towards ``img`` that keeps every pixel in budget."""
        rising = d > 0
        same = np.where(rising, self.up, self.down)          # the sum this change adds to
        other = np.where(rising, self.down, self.up)
        step = (BUDGETS - same) / np.maximum(np.abs(d), np.float32(1e-6))
        step = np.where(other <= BUDGETS, np.float32(1.0), np.clip(step, 0.0, 1.0))
        pixel = np.where(self._in_large_area(step.min(axis=0) < 1.0), step.min(axis=0),
                         np.float32(1.0))
        cell = np.minimum.reduceat(np.minimum.reduceat(pixel, self._rows, axis=0),
                                   self._cols, axis=1)
        cell = _spread_min(cell)
        if cell.min() >= 1.0:            # only small areas swing: show the frame as it is
            self.up += np.maximum(d, np.float32(0.0))
            self.down += np.maximum(-d, np.float32(0.0))
            self.prev_sig, self._sig = self._sig, self.prev_sig   # _sig holds img's signals
            np.copyto(self.prev, img)
            return
        cols = np.repeat(cell @ self._rx, 3, axis=1)          # (cells_y, W·3)
        i0, i1, f = self._ry
        gain = cols[i0] * (1 - f) + cols[i1] * f               # (H, W·3), bilinear
        flat, prev = img.reshape(gain.shape), self.prev.reshape(gain.shape)
        flat -= prev
        flat *= gain
        flat += prev
        sig = self._signals(img)
        d = sig - self.prev_sig
        self.up += np.maximum(d, np.float32(0.0))
        self.down += np.maximum(-d, np.float32(0.0))
        self.prev_sig, self._sig = sig, self.prev_sig
        np.copyto(self.prev, img)
        self.active_frames += 1


    def _in_large_area(self, over: np.ndarray) -> np.ndarray:
        """Blocks inside some 10° window in which more than GUARD_AREA is ``over``."""
        fw, fh, limit = self._fov
        big = _box_sums(over, fh, fw) > limit              # windows by their top-left block
        return _box_sums(big, fh, fw, reach_back=True) > 0  # every block such a window covers


def _box_sums(mask: np.ndarray, wh: int, ww: int, reach_back: bool = False) -> np.ndarray:
    """Sum of ``mask`` over the wh×ww box starting at each block (or, with ``reach_back``,
    ending at it), as an array of ``mask``'s shape; boxes are cut at the edges."""
    h, w = mask.shape
    sat = np.zeros((h + wh, w + ww), np.int32)
    if reach_back:
        sat[wh:, ww:] = mask
        sat = sat.cumsum(0).cumsum(1)
        return sat[wh:, ww:] - sat[:h, ww:] - sat[wh:, :w] + sat[:h, :w]
    sat[1:h + 1, 1:w + 1] = mask
    sat = sat.cumsum(0).cumsum(1)
    r0, c0 = np.arange(h), np.arange(w)
    r1, c1 = np.minimum(r0 + wh, h), np.minimum(c0 + ww, w)
    return (sat[r1][:, c1] - sat[r0][:, c1] - sat[r1][:, c0] + sat[r0][:, c0])


def _decay(dt: float) -> np.float32:
    return np.float32(math.exp(-dt / TAU_S))


def _spread_min(cell: np.ndarray) -> np.ndarray:
    """Each cell takes the minimum of its 3×3 neighbourhood."""
    p = np.pad(cell, 1, mode="edge")
    h, w = cell.shape
    return np.min([p[i:i + h, j:j + w] for i in range(3) for j in range(3)], axis=0)


def _bilinear(n: int, cells: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For n pixel centres: the two nearest cell centres and the weight of the second."""
    pos = np.clip((np.arange(n) + 0.5) * cells / n - 0.5, 0, cells - 1)
    i0 = np.floor(pos).astype(int)
    return i0, np.minimum(i0 + 1, cells - 1), (pos - i0).astype(np.float32)
