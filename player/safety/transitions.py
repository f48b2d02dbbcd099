"""Transitions between adjacent peaks and valleys of every pixel's signal over time.

A *transition* is the change between a peak and the next valley (or a valley and the
next peak). Small wiggles are not peaks: like a zig-zag indicator, a new extreme is
only confirmed once the signal has turned back by the threshold, so a slow noisy fade
is one long transition, and a big step with a ripple in it is still one step.

A transition *counts* once its excursion has reached the threshold and the state
condition holds (WCAG: "the darker image is below 0.8" for general flashes, "either
state is a saturated red" for red flashes; if the threshold is reached first, the
transition waits until the condition holds, or is dropped if the signal turns first).

Each transition is **dated by its steepest frame**: the frame of the largest one-frame
change between leaving the extreme it started from (a plateau within an eighth of the
threshold of it) and arriving at the one it ends on. That is the edge of a square wave,
however its plateaus drift, and a fixed phase of a sine, whatever its amplitude. Dating by the
frame on which the threshold is reached instead would squeeze a flicker that fades in:
while the swing is barely above the threshold it is only reached near the next
extreme, once it is large it is reached early, so the dates crowd together and a 3 Hz
flicker shows seven transitions in one second. The end of a transition is known when
the signal turns back, or ``settle`` frames after its steepest frame.

Everything is vectorised over the pixels, so the tracker keeps a few arrays of state
and never the frames themselves.
"""

from __future__ import annotations

import numpy as np

# Within this share of the threshold of an extreme, the signal is still "at" it.
PLATEAU_SHARE = 0.125


class TransitionTracker:
    """Finds transitions of at least (or, if ``strict``, more than) ``threshold``.

    ``dark_limit`` — count only when the lower state is below it (general flashes);
    ``step(value, n, flag)`` with ``flag`` — count only when either state has the flag
    set (saturated red). ``settle`` — frames after its steepest frame at which a
    transition is taken to have ended.
    """

    def __init__(self, threshold: float, *, strict: bool = False,
                 dark_limit: float | None = None, settle: int = 8) -> None:
        self.threshold = np.float32(threshold)
        self.tolerance = np.float32(threshold * PLATEAU_SHARE)
        self.strict = strict
        self.dark_limit = None if dark_limit is None else np.float32(dark_limit)
        self.settle = max(1, settle)
        self.lo: np.ndarray | None = None

    def _reached(self, excursion: np.ndarray) -> np.ndarray:
        return excursion > self.threshold if self.strict else excursion >= self.threshold

    def _start(self, v: np.ndarray, n: int, flag: np.ndarray | None) -> None:
        shape = v.shape
        self.lo, self.hi = v.copy(), v.copy()
        self.dir = np.zeros(shape, np.int8)       # +1 rising, -1 falling, 0 not yet
        self.pending = np.zeros(shape, bool)      # threshold reached, condition not yet
        self.waiting = np.zeros(shape, bool)      # counted, its end not yet known
        self.prev = v.copy()
        # The largest one-frame rise since the signal was last at the running valley,
        # and the largest fall since it was last at the running peak, and their frames.
        self.up_max = np.zeros(shape, np.float32)
        self.up_at = np.full(shape, n, np.int32)
        self.down_max = np.zeros(shape, np.float32)
        self.down_at = np.full(shape, n, np.int32)
        if flag is not None:
            self.lo_flag, self.hi_flag = flag.copy(), flag.copy()
        self._none = np.zeros(shape, bool)
        self._ones = np.ones(shape, bool)
        self.counted = self._none

    def step(self, v: np.ndarray, n: int, flag: np.ndarray | None = None,
             ) -> tuple[np.ndarray, np.ndarray]:
        """Feed frame ``n``'s signal. Returns ``(events, dates)``: the pixels whose
        transition is dated this frame, and (where set) the frame it is dated."""
        if self.lo is None:
            self._start(v, n, flag)
            return self._none, self.up_at
        lo, hi, d, tol = self.lo, self.hi, self.dir, self.tolerance
        rising, falling = d > 0, d < 0
        not_rising, not_falling = ~rising, ~falling
        # The steepest step of each direction so far.
        change = v - self.prev
        np.copyto(self.prev, v)
        bigger = change > self.up_max
        np.copyto(self.up_max, change, where=bigger)
        np.copyto(self.up_at, n, where=bigger)
        np.negative(change, out=change)
        bigger = change > self.down_max
        np.copyto(self.down_max, change, where=bigger)
        np.copyto(self.down_at, n, where=bigger)
        # Extend the running extremes: rising tracks the peak, falling the valley,
        # undecided pixels both.
        new_hi = (v > hi) & not_falling
        new_lo = (v < lo) & not_rising
        np.copyto(hi, v, where=new_hi)
        np.copyto(lo, v, where=new_lo)
        self._at((v >= hi - tol) & not_falling, (v <= lo + tol) & not_rising)
        if flag is not None:
            np.copyto(self.hi_flag, flag, where=new_hi)
            np.copyto(self.lo_flag, flag, where=new_lo)
        down = self._reached(hi - v) & not_falling     # turned down from a peak
        up = self._reached(v - lo) & not_rising & ~down  # turned up from a valley
        turn = down | up
        # The state condition, judged against the extreme the excursion left.
        if self.dark_limit is not None:
            ok_down = v < self.dark_limit             # darker state: this valley-to-be
            ok_up = lo < self.dark_limit              # darker state: the valley left
        else:
            ok_down = ok_up = self._ones
        if flag is not None:
            ok_down = ok_down & (self.hi_flag | flag)
            ok_up = ok_up & (self.lo_flag | flag)
        # Pixels still owing a transition count it once the condition holds.
        owed = self.pending & ~turn & np.where(falling, ok_down, ok_up)
        counted = (down & ok_down) | (up & ok_up) | owed
        self.pending = (self.pending & ~owed & ~turn) | (down & ~ok_down) | (up & ~ok_up)
        # A turn ends the transition before it: date the ones that were counted.
        dates = self._steepest(rising)
        due = self.waiting & turn
        # Turn: the left extreme becomes the anchor, the current sample the new runner.
        np.copyto(lo, v, where=down)
        np.copyto(hi, v, where=up)
        self._at(up, down)
        if flag is not None:
            np.copyto(self.lo_flag, flag, where=down)
            np.copyto(self.hi_flag, flag, where=up)
        np.copyto(d, -1, where=down)
        np.copyto(d, 1, where=up)
        self.waiting = (self.waiting & ~due) | counted
        self.counted = counted                    # recognised this frame (the live guard)
        return self._settled(n, due, dates)

    def _at(self, at_hi: np.ndarray, at_lo: np.ndarray) -> None:
        """The signal is at its running peak (valley) where ``at_hi`` (``at_lo``): the
        change away from it starts afresh."""
        np.copyto(self.down_max, 0.0, where=at_hi)
        np.copyto(self.up_max, 0.0, where=at_lo)

    def _steepest(self, rising: np.ndarray) -> np.ndarray:
        """The date of each pixel's current transition: its steepest frame."""
        return np.where(rising, self.up_at, self.down_at)

    def _settled(self, n: int, due: np.ndarray, dates: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Add the transitions whose steepest frame is ``settle`` frames past: they have
        ended (a steeper change later would be a new transition's)."""
        steepest = self._steepest(self.dir > 0)
        late = self.waiting & ~due & (n - steepest >= self.settle)
        if late.any():
            np.copyto(dates, steepest, where=late)
            due = due | late
            self.waiting &= ~late
        return due, dates

    def hold(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Frame ``n`` repeats the last one: a plateau goes on, nothing turns."""
        if self.lo is None:
            return np.zeros(0, bool), np.zeros(0, np.int32)
        v, d, tol = self.prev, self.dir, self.tolerance     # the repeated frame
        self._at((v >= self.hi - tol) & (d >= 0), (v <= self.lo + tol) & (d <= 0))
        if not self.waiting.any():
            return self._none, self.up_at
        return self._settled(n, self._none, self._steepest(self.dir > 0))

    def flush(self) -> tuple[np.ndarray, np.ndarray]:
        """The stream has ended: date every counted transition at its extreme so far."""
        if self.lo is None:
            return np.zeros(0, bool), np.zeros(0, np.int32)
        due = self.waiting.copy()
        self.waiting[:] = False
        return due, self._steepest(self.dir > 0)
