"""The live guard: no rendering path can put a failing flash sequence on screen.

The GL compositor renders, for every frame about to be shown, a small *probe*: the
linear-light means of blocks of the frame (``PROBE_HEIGHT`` rows, the output's aspect,
about 128×72), reads it back and calls :meth:`Guard.judge`. The answer is ``None`` —
show the frame as it is, which is what happens on all calm content — or a gain map
``g`` of ``CELLS_Y × CELLS_X`` values in [0, 1]; the compositor then shows, per pixel in
linear light, ``prev_shown + G · (new − prev_shown)``, ``G`` being ``g`` sampled
bilinearly (GL ``LINEAR`` over a texture, cell centres at ``(i + 0.5) / n``, edges
clamped). Per pixel that is a one-pole low-pass whose strength the guard picks.

*What it counts, and why.* WCAG 2.3.1 fails seven transitions (changes of 0.1 in
relative luminance between a peak and a valley, the darker state below 0.8, or of 20 in
the red value) in one second over more than 25 % of a 10° field. The guard counts the
same transitions — with the analyser's zig-zag tracker — in every block of the *frames
it is offered*, and keeps each block's recognition times of the last second. Content
that makes at most four a second everywhere (cuts two and a half times a second, a
0.5 Hz fade, every built-in scene) is never touched. Where five or more happen in a
second over more than a fifth of WCAG's area (5 % of some 10° field), the blocks are
*engaged*.

*What it does then.* An engaged block is low-passed with a time constant long enough
that any flicker of 2.5 Hz or faster (the slowest that engages) and of the swing seen
there lately moves the shown light by less than 0.8 of a transition peak to peak:
``tau = (1 / 2.5 Hz) / (4 atanh(0.8 θ / A))`` for the amplitude ``A`` and threshold
``θ`` of each signal, the larger of luminance's and red's. A strobe becomes a slow drift
to its mean light; nothing steps. Gains are the minimum over each cell's blocks, spread
to the neighbouring cells (so bilinear interpolation never under-guards a pixel), and
climb back at most ``1 / RECOVER_S`` per second once a cell has been calm for a second:
leaving the guard is a glide, too.

*What it assumes was shown.* It keeps the block means of what was shown, updated as the
compositor does it (``prev + G_block · (new − prev)``, ``G_block`` the bilinear gain at
the block centre), and counts transitions of the offered frames, not of the shown ones:
so a strobe keeps the guard engaged for as long as it strobes.

*It cannot be switched off by accident.* Non-finite probe values count as black;
``judge`` never raises on a probe of the right kind and never disables itself. The
probe's size follows only the output's aspect, not the internal resolution, so the
frame governor's resolution changes do not touch it; if the probe's shape does change,
the shown state is resampled to it and the cell gains (a fixed grid) carry on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from player.safety.area import fov_window
from player.safety.criteria import (
    AREA_FRACTION,
    DARK_LIMIT,
    GENERAL_DELTA,
    LUMA_WEIGHTS,
    RED_DELTA,
    RED_SCALE,
)

PROBE_HEIGHT = 72            # rows of the probe the compositor renders (width: its aspect)
CELLS_X, CELLS_Y = 16, 9     # the gain map's grid
ENGAGE = 5                   # transitions in the last second that engage a block
SLOWEST_HZ = ENGAGE / 2      # ... i.e. flicker at or above this rate
SWING_SHARE = 0.8            # engaged blocks swing less than this share of a transition
GUARD_AREA = AREA_FRACTION / 5  # engaged blocks must cover this share of some 10° field
RECOVER_S = 1.0              # a gain climbs from 0 to 1 in no less than this
CALM_S = 1.0                 # ... after its cell has been calm this long
KEEP = 8                     # recognition times kept per block
MIN_DT_S, MAX_DT_S = 1 / 240, 1 / 15     # frame intervals the guard believes
_THRESHOLDS = (GENERAL_DELTA, RED_DELTA / RED_SCALE)   # luminance, red value / 320


class _Turns:
    """The analyser's zig-zag, cut to what the guard needs: where a transition is
    recognised this frame (its excursion reaches the threshold and, for luminance, the
    darker state is below 0.8), and the size of the swing under way."""

    def __init__(self, first: np.ndarray, threshold: float, strict: bool,
                 dark_limit: float | None) -> None:
        self.threshold = np.float32(threshold)
        self.strict = strict
        self.dark = None if dark_limit is None else np.float32(dark_limit)
        self.lo, self.hi = first.copy(), first.copy()
        self.dir = np.zeros(first.shape, np.int8)
        self.pending = np.zeros(first.shape, bool)

    def _reached(self, excursion: np.ndarray) -> np.ndarray:
        return excursion > self.threshold if self.strict else excursion >= self.threshold

    def step(self, v: np.ndarray) -> np.ndarray:
        lo, hi, d = self.lo, self.hi, self.dir
        rising, falling = d > 0, d < 0
        np.copyto(hi, v, where=(v > hi) & ~falling)
        np.copyto(lo, v, where=(v < lo) & ~rising)
        down = self._reached(hi - v) & ~falling
        up = self._reached(v - lo) & ~rising & ~down
        if self.dark is None:
            counted = down | up | (self.pending & ~down & ~up)
            self.pending[:] = False
        else:
            ok_down, ok_up = v < self.dark, lo < self.dark
            owed = self.pending & ~down & ~up & np.where(falling, ok_down, ok_up)
            counted = (down & ok_down) | (up & ok_up) | owed
            self.pending = ((self.pending & ~owed & ~down & ~up) | (down & ~ok_down)
                            | (up & ~ok_up))
        # the swing that just ended is the size of the flicker; then turn
        self.swing = hi - lo
        np.copyto(lo, v, where=down)
        np.copyto(hi, v, where=up)
        np.copyto(d, -1, where=down)
        np.copyto(d, 1, where=up)
        return counted


class Guard:
    """Judges each probe; returns None (show as is) or a gain map for the compositor."""

    def __init__(self, fps: float | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        """``fps`` fixes the time between frames (exports, tests); None measures it with
        ``clock`` — right for live output, where what counts is the viewer's time."""
        self.clock = clock
        self.rate = fps
        self.reset()

    @property
    def rate(self) -> float | None:
        """Frames per second shown; None: measured with the clock."""
        return self._rate

    @rate.setter
    def rate(self, value: float | None) -> None:
        self._rate = None if value is None or not value > 0 else float(value)

    fps = rate                   # the older name

    def reset(self) -> None:
        """Forget everything (a new session, a seek): the next probe is shown as is."""
        self.shown: np.ndarray | None = None      # block means (linear RGB) shown last
        self.gain = np.ones((CELLS_Y, CELLS_X), np.float32)
        self.calm_since = np.zeros((CELLS_Y, CELLS_X), np.float64)
        self.now = 0.0
        self._last: float | None = None
        self.active_frames = 0       # frames the guard changed since reset (for the log)
        self._all_open = True

    # -- the frame -------------------------------------------------------------------------
    def judge(self, probe: np.ndarray) -> np.ndarray | None:
        """``probe``: float32 (h, w, 3) linear-light block means of the frame about to be
        shown. Returns None, or a float32 (CELLS_Y, CELLS_X) gain map in [0, 1]."""
        new = _clean(probe)
        self.now += self._dt()
        if self.shown is None:
            self._start(new)
            return None
        if self.shown.shape != new.shape:
            self._reshape(new.shape)
        h, w = new.shape[:2]
        need = np.ones((h, w), np.float32)
        engaged = np.zeros((h, w), bool)
        for k, (turns, signal) in enumerate(zip(self._turns, _signals(new), strict=True)):
            recognised = turns.step(signal)
            if recognised.any():
                ys, xs = np.nonzero(recognised)
                slot = self._next[k][ys, xs]
                self._times[k][slot, ys, xs] = self.now
                self._next[k][ys, xs] = (slot + 1) % KEEP
                self._recent[k] = self.now
            if self.now - self._recent[k] > 1.0:
                continue                      # nothing recognised for a second: calm
            busy = (self._times[k] > self.now - 1.0).sum(axis=0) >= ENGAGE
            if busy.any():
                self._swing[k] = np.where(recognised, turns.swing, self._swing[k])
                engaged |= busy
                need = np.minimum(need, np.where(busy, self._lowpass(
                    np.maximum(self._swing[k], turns.swing), _THRESHOLDS[k]), np.float32(1.0)))
        if not engaged.any() and self._all_open:
            self.shown = new                  # calm, and nothing held back: as it is
            return None
        target = self._cells(np.where(self._large(engaged), need, np.float32(1.0)))
        calm = target >= 1.0
        self.calm_since = np.where(calm, np.minimum(self.calm_since, self.now), self.now)
        climb = np.where(self.now - self.calm_since >= CALM_S,
                         self.gain + np.float32(self._dt_last / RECOVER_S), self.gain)
        self.gain = np.minimum(np.minimum(target, climb), np.float32(1.0)).astype(np.float32)
        self._all_open = bool(self.gain.min() >= 1.0)
        if self._all_open:
            self.shown = new
            return None
        g = self._at_blocks(self.gain, h, w)[..., None]
        self.shown = self.shown + g * (new - self.shown)
        self.active_frames += 1
        return self.gain.copy()

    # -- pieces ----------------------------------------------------------------------------
    def _dt(self) -> float:
        if self._rate is not None:
            dt = 1.0 / self._rate
        else:
            now = self.clock()
            last, self._last = self._last, now
            # Clamped so that stalls and bursts both err on the strict side.
            dt = MIN_DT_S if last is None else now - last
        self._dt_last = min(max(dt, MIN_DT_S), MAX_DT_S)
        return self._dt_last

    def _start(self, new: np.ndarray) -> None:
        h, w = new.shape[:2]
        self.shown = new
        lum, red = _signals(new)
        self._turns = (_Turns(lum, GENERAL_DELTA, False, DARK_LIMIT),
                       _Turns(red, _THRESHOLDS[1], True, None))
        self._times = [np.full((KEEP, h, w), -np.inf) for _ in range(2)]
        self._next = [np.zeros((h, w), np.int64) for _ in range(2)]
        self._recent = [-np.inf, -np.inf]         # the last recognition, per signal
        self._swing = [np.zeros((h, w), np.float32) for _ in range(2)]
        fw, fh = fov_window(w, h)
        self._fov = (fw, fh, GUARD_AREA * fw * fh)
        self._cell_y = np.minimum(np.arange(h) * CELLS_Y // h, CELLS_Y - 1)
        self._cell_x = np.minimum(np.arange(w) * CELLS_X // w, CELLS_X - 1)

    def _reshape(self, shape: tuple[int, ...]) -> None:
        """The probe changed shape (the output's aspect changed): resample what was shown
        and start counting afresh; the cell gains, a fixed grid, carry on."""
        assert self.shown is not None
        h, w = shape[:2]
        ys = np.minimum(np.arange(h) * self.shown.shape[0] // h, self.shown.shape[0] - 1)
        xs = np.minimum(np.arange(w) * self.shown.shape[1] // w, self.shown.shape[1] - 1)
        shown = self.shown[ys][:, xs]
        gain, calm = self.gain, self.calm_since
        self._start(shown)
        self.gain, self.calm_since = gain, calm
        # engaged cells stay engaged for at least another second
        self.calm_since = np.where(gain < 1.0, self.now, self.calm_since)

    def _lowpass(self, amplitude: np.ndarray, threshold: float) -> np.ndarray:
        """Per-frame gain of a low-pass that holds a flicker of ``amplitude`` at
        ``SLOWEST_HZ`` or faster under ``SWING_SHARE`` of ``threshold`` peak to peak."""
        ratio = np.clip(SWING_SHARE * threshold / np.maximum(amplitude, 1e-6), 1e-6, 0.999)
        tau = (1.0 / SLOWEST_HZ) / (4.0 * np.arctanh(ratio))
        return (1.0 - np.exp(-self._dt_last / tau)).astype(np.float32)

    def _large(self, engaged: np.ndarray) -> np.ndarray:
        """Engaged blocks inside some 10° window in which they cover more than
        GUARD_AREA; fireflies and small glints stay as drawn."""
        if not engaged.any():
            return engaged
        fw, fh, limit = self._fov
        if engaged.sum() <= limit:
            return np.zeros_like(engaged)
        big = _box_sums(engaged, fh, fw) > limit            # windows by their top-left block
        return engaged & (_box_sums(big, fh, fw, reach_back=True) > 0)

    def _cells(self, need: np.ndarray) -> np.ndarray:
        """Per block → per cell: the minimum over the cell's blocks and its neighbours'."""
        cell = np.ones((CELLS_Y, CELLS_X), np.float32)
        if need.min() >= 1.0:
            return cell
        np.minimum.at(cell, (self._cell_y[:, None], self._cell_x[None, :]), need)
        p = np.pad(cell, 1, mode="edge")
        return np.min([p[i:i + CELLS_Y, j:j + CELLS_X] for i in range(3) for j in range(3)],
                      axis=0)

    @staticmethod
    def _at_blocks(gain: np.ndarray, h: int, w: int) -> np.ndarray:
        """The gain map sampled bilinearly at the block centres, as GL's LINEAR sampling
        of a (CELLS_Y, CELLS_X) texture with clamp-to-edge gives it."""
        return bilinear(gain, h, w)


def bilinear(grid: np.ndarray, h: int, w: int) -> np.ndarray:
    """Sample ``grid`` (ny, nx) at the centres of an h×w raster: cell centres at
    ``(i + 0.5) / n``, clamp to edge — GL's LINEAR filtering."""
    ny, nx = grid.shape
    fy = np.clip((np.arange(h) + 0.5) * ny / h - 0.5, 0, ny - 1)
    fx = np.clip((np.arange(w) + 0.5) * nx / w - 0.5, 0, nx - 1)
    y0, x0 = np.floor(fy).astype(int), np.floor(fx).astype(int)
    y1, x1 = np.minimum(y0 + 1, ny - 1), np.minimum(x0 + 1, nx - 1)
    wy, wx = (fy - y0).astype(np.float32)[:, None], (fx - x0).astype(np.float32)[None, :]
    top = grid[y0][:, x0] * (1 - wx) + grid[y0][:, x1] * wx
    bottom = grid[y1][:, x0] * (1 - wx) + grid[y1][:, x1] * wx
    return (top * (1 - wy) + bottom * wy).astype(np.float32)


def _clean(probe: np.ndarray) -> np.ndarray:
    """Float32 (h, w, 3) in [0, 1], non-finite values as black."""
    arr = np.asarray(probe, dtype=np.float32)
    if arr.ndim != 3 or arr.shape[2] < 3 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"the guard's probe must be (h, w, 3), not {arr.shape}")
    arr = np.nan_to_num(arr[..., :3], nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(arr, 0.0, 1.0, out=arr)


_W = np.array(LUMA_WEIGHTS, np.float32)


def _signals(lin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative luminance, and the red value divided by RED_SCALE (both ~[0, 1])."""
    lum = lin @ _W
    red = np.maximum(lin[..., 0] - lin[..., 1] - lin[..., 2], np.float32(0.0))
    return lum, red


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


assert math.isclose(SLOWEST_HZ * 2, ENGAGE)
