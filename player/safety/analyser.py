"""The WCAG 2.3.1 analyser: a stream of RGB frames in, a :class:`Report` out.

Feed it uint8 ``(H, W, 3)`` sRGB frames at a known frame rate, one at a time. Per pixel
it tracks relative luminance and the red value, counts transitions between peaks and
valleys (:mod:`~player.safety.transitions`), and keeps each pixel's count over the last
second in a ring of one bit-plane per frame — memory is bounded by one second of
frames, however long the stream. Each frame then asks, per kind of flash, for the
highest count ``k`` such that the pixels with ``k`` or more transitions cover more than
25 % of some 10° window (:mod:`~player.safety.area`). ``k >= 7`` fails (more than three
flashes in a second); ``k >= 4`` held for 4 s of any 5 s span warns.

A pixel is a region here: analyse at a reduced size (video is decoded at 256 px
wide, a playlist rendered at 160×90) and each pixel stands for the area it averages.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

import numpy as np

from player.safety.area import FieldOfView
from player.safety.criteria import (
    DARK_LIMIT,
    EXTENDED_HOLD_S,
    EXTENDED_SPAN_S,
    FAIL_TRANSITIONS,
    GENERAL_DELTA,
    RED_DELTA,
    WARN_TRANSITIONS,
)
from player.safety.luminance import linearise, red_value, relative_luminance, saturated_red
from player.safety.report import Problem, Report, Worst, merge_problems
from player.safety.transitions import TransitionTracker

KINDS = ("general", "red")


class _Counter:
    """Transitions per pixel over the last second, for one kind of flash."""

    def __init__(self, tracker: TransitionTracker, window: int) -> None:
        self.tracker = tracker
        self.window = window
        self.ring: np.ndarray | None = None
        self.i = 0
        self.was_zero = False

    def step(self, value: np.ndarray, flag: Callable[[], np.ndarray] | None = None,
             ) -> np.ndarray:
        """``flag`` is computed only when needed: a signal that stays all zero (the red
        value of a frame without red) cannot make a transition, so it is not tracked."""
        zero = not value.any()
        if zero and self.was_zero and self.ring is not None:
            events = self._none
        else:
            events = self.tracker.step(value, None if flag is None else flag())
        self.was_zero = zero
        if self.ring is None:
            self._none = np.zeros(value.shape, bool)
            self.ring = np.zeros((self.window, *value.shape), np.uint8)
            self.count = np.zeros(value.shape, np.uint8)
        old = self.ring[self.i]
        self.count -= old
        np.copyto(old, events)
        self.count += old
        self.i = (self.i + 1) % self.window
        return self.count


class Analyser:
    """Incremental WCAG 2.3.1 analysis of frames at ``fps``.

    ``t0`` is the time of the first frame; problems before ``report_from`` are not
    reported (a piece of a longer stream analysed with some lead-in for context).
    """

    def __init__(self, fps: float, *, t0: float = 0.0, report_from: float | None = None,
                 ) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self.fps = float(fps)
        self.t0 = t0
        self.report_from = t0 if report_from is None else report_from
        second = max(1, round(self.fps))
        self.counters = {
            "general": _Counter(TransitionTracker(GENERAL_DELTA, dark_limit=DARK_LIMIT),
                                second),
            "red": _Counter(TransitionTracker(RED_DELTA, strict=True), second),
        }
        self.span = max(1, round(EXTENDED_SPAN_S * self.fps))
        self.hold = max(1, round(EXTENDED_HOLD_S * self.fps))
        self.near: deque[float] = deque(maxlen=self.span)   # per frame: near-limit rate or 0
        self.frames = 0
        self.fov: FieldOfView | None = None
        self.size = (0, 0)
        self.problems: list[Problem] = []
        self.worst = {k: Worst() for k in KINDS}

    @property
    def t(self) -> float:
        """Time of the frame fed last."""
        return self.t0 + (self.frames - 1) / self.fps

    def feed(self, rgb: np.ndarray) -> None:
        """Analyse the next frame: uint8 (H, W, 3) sRGB."""
        if self.fov is None:
            h, w = rgb.shape[:2]
            self.fov = FieldOfView(w, h)
            self.size = (w, h)
        lin = linearise(rgb)
        counts = {"general": self.counters["general"].step(relative_luminance(lin)),
                  "red": self.counters["red"].step(red_value(lin), lambda: saturated_red(lin))}
        self.frames += 1
        t = self.t
        rates = {k: self._rate(c) for k, c in counts.items()}
        if t < self.report_from - 1e-9:
            return
        failing = False
        for kind, k in rates.items():
            if k / 2 > self.worst[kind].flashes_per_s:
                self.worst[kind] = Worst(k / 2, round(t, 3))
            if k >= FAIL_TRANSITIONS:
                failing = True
                self._add(kind, t - 1.0, t, k / 2)
        k = max(rates.values())
        self.near.append(k / 2 if k >= WARN_TRANSITIONS and not failing else 0.0)
        if sum(1 for r in self.near if r) >= self.hold:
            self._add("extended", t - EXTENDED_SPAN_S, t, max(self.near))

    def _rate(self, count: np.ndarray) -> int:
        """The highest k such that pixels with >= k transitions cover > 25 % of a window."""
        assert self.fov is not None
        lo, hi = 0, int(count.max())          # binary search: the mask shrinks as k grows
        while lo < hi:
            k = (lo + hi + 1) // 2
            if self.fov.exceeds(count >= k):
                lo = k
            else:
                hi = k - 1
        return lo

    def _add(self, kind: str, start: float, end: float, rate: float) -> None:
        start = max(start, self.t0, 0.0)
        p = Problem(kind, round(start, 3), round(end, 3), rate)
        last = next((q for q in reversed(self.problems[-3:]) if q.kind == kind), None)
        if last is not None and start <= last.end_s + 1.5 / self.fps:
            i = self.problems.index(last)
            self.problems[i] = Problem(kind, last.start_s, p.end_s,
                                       max(last.flashes_per_s, rate))
        else:
            self.problems.append(p)

    def report(self) -> Report:
        duration = self.frames / self.fps
        return Report(merge_problems(self.problems), dict(self.worst), duration, self.fps,
                      self.size)


def analyse(frames: Iterable[np.ndarray], fps: float) -> Report:
    """Analyse a whole stream of uint8 (H, W, 3) frames at ``fps``."""
    a = Analyser(fps)
    for frame in frames:
        a.feed(frame)
    return a.report()
