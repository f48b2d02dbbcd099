"""The WCAG 2.3.1 analyser: a stream of frames in, a :class:`Report` out.

Feed it frames at a known, constant frame rate, one at a time: uint8 ``(H, W, 3)`` sRGB
(:meth:`Analyser.feed`) or float32 linear-light RGB (:meth:`Analyser.feed_linear`, what
the video decoder delivers: its pixels are means of *light*, taken before any
shrinking). Per pixel it tracks relative luminance and the red value and finds the
transitions between peaks and valleys (:mod:`~player.safety.transitions`), each dated
by its steepest frame.

Each transition is written into a ring of one bit-plane per frame at its date; the
one-second window ending ``LAG_S`` ago is then judged — late enough that a transition
dated inside it has ended and been written. Memory is bounded by two seconds of
one-bit planes, however long the stream.

Per kind of flash the analyser asks for the highest count ``k`` such that the pixels
with ``k`` or more transitions in the window cover more than 25 % of some 10° window
(:mod:`~player.safety.area`) — counting a pixel only where a region around it (1/16 of
the window) flashes with it at half the threshold, so snow and grain, whose pixels
flicker each on their own, are not an area. ``k >= 7`` fails (more than three flashes
in a second); ``k >= 4`` held for 4 s of any 5 s span warns.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

import numpy as np

from player.safety.area import FieldOfView, Regions
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
# Windows are judged this long after they end, so that transitions starting in them
# have been recognised; a transition that takes longer than this to reach the threshold
# is too slow to be part of a flash within one second, and is not counted.
LAG_S = 1.0
# A transition that stays this long at its new extreme has ended there.
SETTLE_S = 0.25
# A region must swing with its pixel by at least this share of the threshold.
REGION_SHARE = 0.5


def window_frames(fps: float) -> int:
    """Frames in the one-second window, less one: transition dates are whole frames, and
    the steepest frame of a sine can fall one frame either side of its true crossing, so
    a flicker of exactly three flashes a second would otherwise fail on rounding (at 30
    fps a flicker must exceed 3.1 flashes a second to fail; slower rates keep the full
    second)."""
    n = max(1, round(fps))
    return n - 1 if n >= 20 else n


class _Counter:
    """Transitions per pixel over a one-second window, for one signal.

    ``step(n, value)`` writes the transitions that ended by frame ``n`` at the frames
    they are dated (those dated more than ``lag`` frames back are dropped);
    ``advance(e)`` moves the window to end at frame ``e`` (always ``<= n - lag``, so
    the frames it takes in are final).
    """

    def __init__(self, tracker: TransitionTracker, window: int, lag: int) -> None:
        self.tracker = tracker
        self.window = window
        self.lag = lag
        self.slots = window + lag + 1
        self.ring: np.ndarray | None = None
        self.busy = np.zeros(self.slots, bool)     # slot holds at least one transition
        self.was_zero = False
        self.changed = False                       # the last advance changed the counts

    def skip(self, n: int) -> None:
        """Frame ``n`` repeats the one before: nothing turns, but a plateau goes on."""
        self._free(n)
        self._write(n, *self.tracker.hold(n))

    def _free(self, n: int) -> None:
        slot = n % self.slots
        if self.busy[slot]:
            assert self.ring is not None
            self.ring[slot] = 0
            self.busy[slot] = False

    def step(self, n: int, value: np.ndarray,
             flag: Callable[[], np.ndarray] | None = None) -> None:
        """``flag`` is computed only when needed: a signal that stays all zero (the red
        value of a frame without red) cannot make a transition, so it is not tracked."""
        if self.ring is None:
            self.ring = np.zeros((self.slots, *value.shape), np.uint8)
            self.count = np.zeros(value.shape, np.uint8)
        self._free(n)                              # frame n - slots left the window long ago
        zero = not value.any()
        skip = zero and self.was_zero and self.tracker.lo is not None
        self.was_zero = zero
        if skip:
            self._write(n, *self.tracker.hold(n))
        else:
            self._write(n, *self.tracker.step(value, n, None if flag is None else flag()))

    def flush(self, n: int) -> None:
        """The stream ended after frame ``n``: date what is still open."""
        self._write(n, *self.tracker.flush())

    def _write(self, n: int, events: np.ndarray, dates: np.ndarray) -> None:
        """Record transitions at their dates. One dated more than ``lag`` back took too
        long to be part of a flash within a second (and its window is judged): dropped."""
        if self.ring is None or not events.any():
            return
        when = np.where(events, dates, -1)
        first = max(n - self.lag, int(when[events].min()))
        last = min(n, int(when.max()))
        for date in range(first, last + 1):          # a few frames: dates cluster
            hits = when == date
            if hits.any():
                slot = date % self.slots
                self.ring[slot] |= hits
                self.busy[slot] = True

    def advance(self, e: int) -> np.ndarray:
        assert self.ring is not None
        new, old = e % self.slots, (e - self.window) % self.slots
        self.changed = False
        if self.busy[new]:
            self.count += self.ring[new]
            self.changed = True
        if e - self.window >= 0 and self.busy[old]:
            self.count -= self.ring[old]
            self.ring[old] = 0
            self.busy[old] = False
            self.changed = True
        return self.count


class Analyser:
    """Incremental WCAG 2.3.1 analysis of frames at ``fps``.

    ``t0`` is the time of the first frame; problems before ``report_from`` are not
    reported (a piece of a longer stream analysed with some lead-in for context).
    Call :meth:`report` once at the end: it judges the last ``LAG_S`` of windows.
    """

    def __init__(self, fps: float, *, t0: float = 0.0, report_from: float | None = None,
                 ) -> None:
        if not fps > 0:
            raise ValueError("fps must be positive")
        self.fps = float(fps)
        self.t0 = t0
        self.report_from = t0 if report_from is None else report_from
        second = window_frames(self.fps)
        self.lag = max(1, round(LAG_S * self.fps))

        settle = max(1, round(SETTLE_S * self.fps))

        def counter(delta: float, strict: bool = False,
                    dark_limit: float | None = None) -> _Counter:
            tracker = TransitionTracker(delta, strict=strict, dark_limit=dark_limit,
                                        settle=settle)
            return _Counter(tracker, second, self.lag)

        self.pixels = {"general": counter(GENERAL_DELTA, dark_limit=DARK_LIMIT),
                       "red": counter(RED_DELTA, strict=True)}
        self.regions_ = {"general": counter(GENERAL_DELTA * REGION_SHARE),
                         "red": counter(RED_DELTA * REGION_SHARE, strict=True)}
        self.span = max(1, round(EXTENDED_SPAN_S * self.fps))
        self.hold = max(1, round(EXTENDED_HOLD_S * self.fps))
        self.near: deque[float] = deque(maxlen=self.span)   # per window: near-limit rate or 0
        self.frames = 0
        self.judged = 0                            # windows judged (they end at frame judged-1)
        self.fov: FieldOfView | None = None
        self.regions: Regions | None = None
        self.size = (0, 0)
        self.problems: list[Problem] = []
        self.worst = {k: Worst() for k in KINDS}
        self._rates = dict.fromkeys(KINDS, 0)
        self._last: np.ndarray | None = None

    @property
    def t(self) -> float:
        """Time of the frame fed last."""
        return self.t0 + (self.frames - 1) / self.fps

    def feed(self, rgb: np.ndarray) -> None:
        """Analyse the next frame: uint8 (H, W, 3) sRGB."""
        self.feed_linear(linearise(rgb))

    def feed_linear(self, lin: np.ndarray) -> None:
        """Analyse the next frame: float32 (H, W, 3) linear-light RGB in [0, 1]."""
        if self.fov is None:
            h, w = lin.shape[:2]
            self.fov = FieldOfView(w, h)
            self.regions = Regions(w, h)
            self.size = (w, h)
        assert self.regions is not None
        n = self.frames
        if self._last is not None and np.array_equal(lin, self._last):
            # A repeated frame (a held picture) cannot start or finish a transition.
            for c in (*self.pixels.values(), *self.regions_.values()):
                c.skip(n)
        else:
            if self._last is None or self._last.shape != lin.shape:
                self._last = np.empty_like(lin)
            np.copyto(self._last, lin)
            self.pixels["general"].step(n, relative_luminance(lin))
            self.pixels["red"].step(n, red_value(lin), lambda: saturated_red(lin))
            means = self.regions.means(lin)
            self.regions_["general"].step(n, relative_luminance(means))
            self.regions_["red"].step(n, red_value(means))
        self.frames += 1
        if n - self.lag >= 0:
            self._judge(n - self.lag)

    def _judge(self, e: int) -> None:
        """Judge the one-second window ending at frame ``e``."""
        changed = False
        counts = {}
        for kind in KINDS:
            px = self.pixels[kind]
            rg = self.regions_[kind]
            if px.ring is None or rg.ring is None:
                continue
            counts[kind] = (px.advance(e), rg.advance(e))
            changed |= px.changed or rg.changed
        if changed:
            self._rates = {k: self._rate(*c, self._rates[k]) for k, c in counts.items()}
        self.judged = e + 1
        t = self.t0 + e / self.fps
        if t < self.report_from - 1e-9:
            return
        failing = False
        for kind, k in self._rates.items():
            if k / 2 > self.worst[kind].flashes_per_s:
                self.worst[kind] = Worst(k / 2, round(t, 3))
            if k >= FAIL_TRANSITIONS:
                failing = True
                self._add(kind, t - 1.0, t, k / 2)
        k = max(self._rates.values())
        self.near.append(k / 2 if k >= WARN_TRANSITIONS and not failing else 0.0)
        if k >= WARN_TRANSITIONS and sum(1 for r in self.near if r) >= self.hold:
            self._add("extended", t - EXTENDED_SPAN_S, t, max(self.near))

    def _rate(self, count: np.ndarray, region_count: np.ndarray, guess: int) -> int:
        """The highest k such that pixels with >= k transitions, in regions that flash as
        often, cover > 25 % of a window. ``guess`` (the last frame's) is tried first:
        the rate seldom moves by more than one a frame."""
        assert self.fov is not None and self.regions is not None
        hi = min(int(count.max()), int(region_count.max()))
        if hi == 0:
            return 0
        eff = np.minimum(count, self.regions.to_pixels(region_count))
        lo, hi = 0, int(eff.max())          # binary search: the mask shrinks as k grows
        if 0 < guess <= hi:
            if self.fov.exceeds(eff >= guess):
                if guess == hi or not self.fov.exceeds(eff >= guess + 1):
                    return guess
                lo = guess + 1
            else:
                hi = guess - 1
        while lo < hi:
            k = (lo + hi + 1) // 2
            if self.fov.exceeds(eff >= k):
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

    def finish(self) -> None:
        """Judge the windows still waiting for their lag (the stream has ended)."""
        if self.frames and self.judged < self.frames:
            for c in (*self.pixels.values(), *self.regions_.values()):
                c.flush(self.frames - 1)
        for e in range(self.judged, self.frames):
            self._judge(e)

    def report(self) -> Report:
        self.finish()
        duration = self.frames / self.fps
        return Report(merge_problems(self.problems), dict(self.worst), duration, self.fps,
                      self.size)


def analyse(frames: Iterable[np.ndarray], fps: float) -> Report:
    """Analyse a whole stream of uint8 (H, W, 3) frames at ``fps``."""
    a = Analyser(fps)
    for frame in frames:
        a.feed(frame)
    return a.report()
