"""Is the buffer swap waiting for the display's refresh? Find out from the first frames.

With vsync the swap blocks until the next refresh, so the frame clock must not wait
on top of it (that would double the wait and drop frames). Whether a driver honours
vsync cannot be asked, only observed: for the first frames the loop does not wait at
all, and the swaps are timed. Presents that come one refresh apart mean the swap
blocks — keep the clock in vsync mode at the measured refresh rate. Presents that come
as fast as frames can be drawn mean it does not — pace with the clock's own deadlines.
The probe runs during the fade in from black, so its frames are never seen.
"""

from __future__ import annotations

import statistics

PROBE_FRAMES = 30
BLOCKING_SHARE = 0.85   # presents at least this share of a refresh apart: the swap blocks


class VsyncProbe:
    def __init__(self, refresh_s: float) -> None:
        """``refresh_s``: the display's refresh period as the system reports it (or, when
        it does not, the configured frame period)."""
        self.period = refresh_s
        self.intervals: list[float] = []
        self.decided: bool | None = None
        self.refresh_hz: float | None = None

    def add(self, interval_s: float) -> bool | None:
        """Record one present-to-present interval; returns the verdict once it is known."""
        if self.decided is not None:
            return self.decided
        self.intervals.append(interval_s)
        if len(self.intervals) < PROBE_FRAMES:
            return None
        typical = statistics.median(self.intervals[PROBE_FRAMES // 3:])
        self.decided = typical >= BLOCKING_SHARE * self.period
        if self.decided:
            self.refresh_hz = 1.0 / typical
        return self.decided
