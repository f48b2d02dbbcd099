"""Transitions between adjacent peaks and valleys of every pixel's signal over time.

A *transition* is the change between a peak and the next valley (or a valley and the
next peak). Small wiggles are not peaks: like a zig-zag indicator, a new extreme is
only confirmed once the signal has turned back by the threshold, so a slow noisy fade
is one long transition, and a big step with a ripple in it is still one step.

A transition is counted on the frame where its excursion first reaches the threshold
*and* the state condition holds (WCAG: "the darker image is below 0.8" for general
flashes, "either state is a saturated red" for red flashes). If the threshold is
reached before the condition holds, it stays pending and is counted as soon as the
excursion meets it. Everything is vectorised over the pixels, so the tracker keeps a
few arrays of state and never the frames themselves.
"""

from __future__ import annotations

import numpy as np


class TransitionTracker:
    """Counts transitions of at least (or, if ``strict``, more than) ``threshold``.

    ``dark_limit`` — count only when the lower state is below it (general flashes);
    ``step(value, flag)`` with ``flag`` — count only when either state has the flag set
    (saturated red).
    """

    def __init__(self, threshold: float, *, strict: bool = False,
                 dark_limit: float | None = None) -> None:
        self.threshold = np.float32(threshold)
        self.strict = strict
        self.dark_limit = None if dark_limit is None else np.float32(dark_limit)
        self.lo: np.ndarray | None = None

    def _reached(self, excursion: np.ndarray) -> np.ndarray:
        return excursion > self.threshold if self.strict else excursion >= self.threshold

    def step(self, v: np.ndarray, flag: np.ndarray | None = None) -> np.ndarray:
        """Feed one frame's signal; returns where a transition is counted this frame."""
        if self.lo is None:
            self.lo, self.hi = v.copy(), v.copy()
            self.dir = np.zeros(v.shape, np.int8)       # +1 rising, -1 falling, 0 not yet
            self.pending = np.zeros(v.shape, bool)
            if flag is not None:
                self.lo_flag, self.hi_flag = flag.copy(), flag.copy()
            return np.zeros(v.shape, bool)
        lo, hi, d = self.lo, self.hi, self.dir
        rising, falling = d > 0, d < 0
        # Extend the running extremes: rising tracks the peak, falling the valley,
        # undecided pixels both.
        new_hi = (v > hi) & ~falling
        new_lo = (v < lo) & ~rising
        np.copyto(hi, v, where=new_hi)
        np.copyto(lo, v, where=new_lo)
        if flag is not None:
            np.copyto(self.hi_flag, flag, where=new_hi)
            np.copyto(self.lo_flag, flag, where=new_lo)
        down = self._reached(hi - v) & ~falling     # turned down from a peak
        up = self._reached(v - lo) & ~rising & ~down  # turned up from a valley
        # The state condition, judged against the extreme the excursion left.
        if self.dark_limit is not None:
            ok_down = v < self.dark_limit             # darker state: this valley-to-be
            ok_up = lo < self.dark_limit              # darker state: the valley left
        else:
            ok_down = ok_up = np.ones(v.shape, bool)
        if flag is not None:
            ok_down = ok_down & (self.hi_flag | flag)
            ok_up = ok_up & (self.lo_flag | flag)
        # Pixels still owing a transition count it once the condition holds.
        owed = self.pending & ~down & ~up & np.where(falling, ok_down, ok_up)
        events = (down & ok_down) | (up & ok_up) | owed
        self.pending = (self.pending & ~owed & ~down & ~up) | (down & ~ok_down) | (up & ~ok_up)
        # Turn: the left extreme becomes the anchor, the current sample the new runner.
        np.copyto(lo, v, where=down)
        np.copyto(hi, v, where=up)
        if flag is not None:
            np.copyto(self.lo_flag, flag, where=down)
            np.copyto(self.hi_flag, flag, where=up)
        d[down] = -1
        d[up] = 1
        return events
