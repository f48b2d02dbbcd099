"""Keeping the sound at the session's time, whatever happened to the process.

The sound is rendered ahead and played by a device with its own clock; the picture
follows the wall clock. They part when the process stalls (suspended, then continued:
the frame clock skips ahead, the sound would go on from where it was), when the device
runs dry, or slowly when the device's clock runs a little fast or slow. Then the
crossfades no longer line up with the picture, and at the end the sound would be cut
at full level instead of fading with the picture.

:class:`TimeLock` watches for that. The session tells it its time after every frame
(:meth:`TimeLock.sync`); each time a chunk starts playing, the player tells it which
sample that chunk starts with (:meth:`TimeLock.began`). The difference is the drift.
When it exceeds :data:`DRIFT_S` — at once for a jump over :data:`JUMP_S`, or
:data:`CONFIRM` chunks in a row for a small one — :meth:`began` returns a
:class:`Resync`: where the sound should be when the next chunk is heard. The player
crossfades there (:mod:`audio.live`).

A measurement is only ever late (the player notices a chunk's start when it next
looks), which makes the sound seem further behind than it is; so a small drift counts
only when every recent measurement shows it, and the least late of them is its size.
Time comes from an injected clock, so tests drive this exactly.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

DRIFT_S = 0.05          # sound and picture further apart than this are re-aligned
JUMP_S = 1.0            # a drift this large is corrected on its first measurement
CONFIRM = 4             # chunks in a row that must show a small drift (~0.5 s)
STALE_S = 0.5           # a session time older than this is not trusted


@dataclass(frozen=True)
class Resync:
    """Move the sound: the chunk after what the device holds should start at
    ``target_t`` (session seconds); it was ``drift_s`` off (positive: ahead)."""

    target_t: float
    drift_s: float
    why: str            # "stall" (a jump) or "drift" (a slow parting)


class TimeLock:
    def __init__(self, rate: int, clock: Callable[[], float] = time.perf_counter) -> None:
        self.rate = rate
        self.clock = clock
        self._anchor: tuple[float, float] | None = None     # (session t, clock)
        self._drifts: deque[float] = deque(maxlen=CONFIRM)
        self._from = 0

    def sync(self, t: float) -> None:
        """The session's time now (any thread; a tuple assignment)."""
        self._anchor = (float(t), self.clock())

    def settle(self, first: int) -> None:
        """The sound was moved on purpose (start, resume, resync): judge it again only
        from the chunk starting at sample ``first`` on."""
        self._from = first
        self._drifts.clear()

    def hold(self) -> None:
        """Not now (paused, fading out, moving): forget the measurements so far."""
        self._drifts.clear()

    def session_time(self, wall: float) -> float | None:
        anchor = self._anchor
        if anchor is None or wall - anchor[1] > STALE_S:
            return None
        return anchor[0] + (wall - anchor[1])

    def began(self, first: int, wall: float, device_end: int) -> Resync | None:
        """Sample ``first`` started playing at ``wall`` (the clock's time); the device
        holds sound up to sample ``device_end``. A :class:`Resync` when it is time to."""
        session_t = self.session_time(wall)
        if session_t is None or first < self._from:
            self._drifts.clear()
            return None
        self._drifts.append(first / self.rate - session_t)
        d = self._drifts
        if abs(d[-1]) > JUMP_S:
            drift, why = d[-1], "stall"
        elif len(d) == CONFIRM and (all(x > DRIFT_S for x in d) or all(x < -DRIFT_S for x in d)):
            drift, why = max(d), "drift"          # a late look only lowers a measurement
        else:
            return None
        self._drifts.clear()
        return Resync(session_t + (device_end - first) / self.rate, drift, why)
