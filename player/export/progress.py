"""A progress bar with rate and ETA on a terminal (nothing when stderr is not one).

The rate counts only frames rendered by *this* run, from its first report on (so
neither the segments a resumed export found on disk nor the workers' start-up skew
the ETA). The clock is injected: tests drive it by hand.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 28
REDRAW_S = 0.25


def clock_text(seconds: float) -> str:
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, total: int, fps: float, done: int = 0, *, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic, enabled: bool | None = None):
        self.total, self.fps, self.done = total, fps, done
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.clock = clock
        self._start: float | None = None       # the first report: rendering is under way
        self._start_done = done
        self._drawn = -1.0

    def resume_from(self, done: int) -> None:
        """Frames found finished on disk: counted as done, not as this run's speed."""
        self.done = self._start_done = done
        self._start = None

    def advance(self, frames: int) -> None:
        self.done = min(self.total, self.done + frames)
        now = self.clock()
        if self._start is None:
            self._start, self._start_done = now, self.done
        if self.enabled and now - self._drawn >= REDRAW_S:
            self._drawn = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def rate(self) -> float:
        """Frames per second rendered by this run (0 until there is something to go on)."""
        if self._start is None:
            return 0.0
        took = self.clock() - self._start
        made = self.done - self._start_done
        return made / took if took > 0.5 and made > 0 else 0.0

    def line(self) -> str:
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(frac * WIDTH)
        rate = self.rate()
        if rate > 0:
            eta = clock_text((self.total - self.done) / rate)
            speed = f"{rate:5.1f} fps  {rate / self.fps:4.2f}x real time  ETA {eta}"
        else:
            speed = "starting…"
        return f"  [{bar:<{WIDTH}}] {frac * 100:5.1f}%  {self.done}/{self.total} frames  {speed} "

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
