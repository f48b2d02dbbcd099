"""The one progress display: ``label  [######        ]  42%`` redrawn on stderr.

For work that takes a minute or two (a safety analysis, a soundtrack). Only on a
terminal: logs and pipes get no carriage-return noise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

WIDTH = 30


def terminal_progress(label: str, real_time_s: float | None = None,
                      clock: Callable[[], float] = time.perf_counter,
                      stream=None) -> Callable[[float], None] | None:
    """``report(fraction)`` that redraws the bar when the percentage changes — or None
    when ``stream`` (default: stderr) is not a terminal. With ``real_time_s`` (how long
    the work is in real time) the bar also says how many times faster than that it goes."""
    out = stream or sys.stderr
    if not out.isatty():
        return None
    shown = [-1]
    started = clock()

    def report(fraction: float) -> None:
        pct = max(0, min(100, int(fraction * 100)))
        if pct == shown[0]:
            return
        shown[0] = pct
        bar = "#" * (pct * WIDTH // 100)
        speed = ""
        if real_time_s:
            speed = f"  {fraction * real_time_s / max(1e-9, clock() - started):5.0f}x real time"
        end = "\n" if pct >= 100 else ""
        print(f"\r{label}  [{bar:<{WIDTH}}] {pct:3d}%{speed}", end=end, file=out, flush=True)

    return report
