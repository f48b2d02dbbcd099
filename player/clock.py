"""The frame clock: steady frames at absolute deadlines.

Frame ``k`` is due at ``t0 + k·period``, never at ``last + period``, so errors do not
accumulate over an hour. Waiting sleeps until a small margin before the deadline,
then spins; the margin adapts to how late this machine's sleeps actually wake. A
frame that is already late is not followed by a burst of catch-up frames: the clock
skips to the next deadline still ahead and counts the ones it missed. Each frame is
rendered for the time it will be shown — its deadline — not the time rendering began.

With vsync the buffer swap itself blocks until the display refreshes, so the clock
does not wait on top of it; it only measures and predicts the next present.

Time and sleep are injected, so tests drive the clock with a fake one::

    clock = FrameClock(60, now_ns=fake.now, sleep=fake.sleep)
    clock.start()
    while running:
        t = clock.next_frame()        # session seconds this frame will be shown at
        render(t)
        clock.wait()                  # until its deadline
        present()
        clock.presented()
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NS = 1_000_000_000
_BIN_NS = 10_000            # interval histogram resolution: 10 µs
_BINS = 20_000              # up to 200 ms; longer intervals land in the last bin


@dataclass(frozen=True)
class FrameStats:
    """Present-to-present intervals, in milliseconds."""

    frames: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    jitter_ms: float        # standard deviation of the interval
    p99_abs_error_ms: float  # p99 of |interval − period|
    missed: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 4) if isinstance(v, float) else v)
                for k, v in self.__dict__.items()}


class IntervalStats:
    """Constant-memory statistics of frame intervals (a 10 µs histogram)."""

    def __init__(self, period_ns: int) -> None:
        self.period_ns = period_ns
        self.hist = np.zeros(_BINS, dtype=np.int64)
        self.err_hist = np.zeros(_BINS, dtype=np.int64)
        self.count = 0
        self.total = 0
        self.total_sq = 0.0
        self.max = 0
        self.last_interval_ns: int | None = None

    def add(self, interval_ns: int) -> None:
        self.hist[min(interval_ns // _BIN_NS, _BINS - 1)] += 1
        self.err_hist[min(abs(interval_ns - self.period_ns) // _BIN_NS, _BINS - 1)] += 1
        self.count += 1
        self.last_interval_ns = interval_ns
        self.total += interval_ns
        self.total_sq += float(interval_ns) ** 2
        self.max = max(self.max, interval_ns)

    def reset(self) -> None:
        vars(self).update(vars(type(self)(self.period_ns)))

    def count_over(self, interval_ns: int) -> int:
        """How many intervals were longer than ``interval_ns``."""
        return int(self.hist[min(interval_ns // _BIN_NS + 1, _BINS):].sum())

    @staticmethod
    def _quantile(hist: np.ndarray, count: int, q: float) -> float:
        if count == 0:
            return 0.0
        idx = int(np.searchsorted(np.cumsum(hist), max(1, int(np.ceil(q * count)))))
        return (idx + 0.5) * _BIN_NS / 1e6

    def summary(self, missed: int = 0) -> FrameStats:
        n = self.count
        mean = self.total / n if n else 0.0
        var = max(0.0, self.total_sq / n - mean * mean) if n else 0.0
        q = self._quantile
        return FrameStats(n, q(self.hist, n, 0.5), q(self.hist, n, 0.95), q(self.hist, n, 0.99),
                          self.max / 1e6, mean / 1e6, var ** 0.5 / 1e6,
                          q(self.err_hist, n, 0.99), missed)


class FrameClock:
    """Paces frames at ``hz`` against absolute deadlines (see the module docstring)."""

    MIN_MARGIN_NS = 300_000
    MAX_MARGIN_NS = 4_000_000

    def __init__(self, hz: float, *, now_ns: Callable[[], int] = time.perf_counter_ns,
                 sleep: Callable[[float], None] = time.sleep, vsync: bool = False) -> None:
        if hz <= 0:
            raise ValueError("hz must be positive")
        self.period_ns = round(NS / hz)
        self.now_ns = now_ns
        self.sleep = sleep
        self.vsync = vsync
        self.margin_ns = 1_000_000
        self.t0 = 0
        self.frame = -1
        self.deadline = 0
        self.missed = 0
        self.last_present: int | None = None
        self.stats = IntervalStats(self.period_ns)

    def start(self, offset_s: float = 0.0) -> None:
        """Begin at session time ``offset_s``; frame 0 is due one period from now."""
        self.t0 = self.now_ns() - round(offset_s * NS)
        self.frame = round(offset_s * NS / self.period_ns)
        self.deadline = self.t0 + self.frame * self.period_ns
        self.last_present = None

    def seconds(self, at_ns: int | None = None) -> float:
        """Session seconds at ``at_ns`` (default: now)."""
        return ((self.now_ns() if at_ns is None else at_ns) - self.t0) / NS

    def next_frame(self) -> float:
        """Choose the next deadline still ahead and return its session time."""
        now = self.now_ns()
        if self.vsync and self.last_present is not None:
            # The swap blocks to the refresh: the next frame shows one period after the last.
            self.deadline = self.last_present + self.period_ns
            self.frame += 1
            return (self.deadline - self.t0) / NS
        k = self.frame + 1
        due = self.t0 + k * self.period_ns
        if due < now:  # late: skip to the first deadline ahead, never burst
            ahead = -(-(now - self.t0) // self.period_ns)
            self.missed += ahead - k
            k = ahead
            due = self.t0 + k * self.period_ns
        self.frame = k
        self.deadline = due
        return (due - self.t0) / NS

    def wait(self) -> None:
        """Sleep, then spin, until the current deadline (no wait under vsync)."""
        if self.vsync:
            return
        target = self.deadline - self.margin_ns
        now = self.now_ns()
        if now < target:
            self.sleep((target - now) / NS)
            woke = self.now_ns()
            self._adapt(woke - target)
        while self.now_ns() < self.deadline:
            self.sleep(0)  # yield the core while spinning the last fraction of a millisecond

    def _adapt(self, late_ns: int) -> None:
        """Grow the margin fast when sleeps wake late; shrink it slowly when they do not."""
        want = late_ns + 200_000
        if want > self.margin_ns:
            self.margin_ns = want
        else:
            self.margin_ns -= (self.margin_ns - want) // 64
        self.margin_ns = max(self.MIN_MARGIN_NS, min(self.MAX_MARGIN_NS, self.margin_ns))

    def presented(self) -> None:
        """Record that the frame is on screen now."""
        now = self.now_ns()
        if self.last_present is not None:
            self.stats.add(now - self.last_present)
        self.last_present = now

    def summary(self) -> FrameStats:
        return self.stats.summary(self.missed)

    def retune(self, *, vsync: bool | None = None, hz: float | None = None,
               keep_counts: bool = False) -> None:
        """Pace differently from now on. The vsync probe's verdict counts afresh (frames
        before it do not belong in the statistics); the frame governor's changes of rate
        keep the counts, so no missed frame is forgotten."""
        if vsync is not None:
            self.vsync = vsync
        if hz is not None:
            self.period_ns = round(NS / hz)
            if self.frame >= 0:    # same origin (session time), the grid of the new period
                self.frame = (self.deadline - self.t0) // self.period_ns
        if keep_counts:
            self.stats.period_ns = self.period_ns
        else:
            self.stats = IntervalStats(self.period_ns)
            self.missed = 0
