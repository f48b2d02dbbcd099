"""A one-line progress display on stderr, for analyses that take a minute or two."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(label: str) -> Callable[[float], None] | None:
    """``report(fraction)`` that redraws ``label: 42%`` — or None when stderr is not a
    terminal (logs and pipes get no carriage-return noise)."""
    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def report(fraction: float) -> None:
        pct = min(100, int(fraction * 100))
        if pct != shown[0]:
            shown[0] = pct
            end = "\n" if pct >= 100 else ""
            print(f"\r{label}: {pct:3d}%", end=end, file=sys.stderr, flush=True)

    return report
