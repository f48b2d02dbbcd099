"""Durations as therapists write them: ``45m``, ``1h30m``, ``90s``, ``00:45:00``, ``2700``."""

from __future__ import annotations

import math
import re

_UNITS = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s)", re.IGNORECASE)
_SCALE = {"h": 3600.0, "m": 60.0, "s": 1.0}


class DurationError(ValueError):
    pass


def parse_duration(text: str | int | float) -> float:
    """Seconds in ``text``; DurationError (with the accepted forms) when unreadable or ≤ 0."""
    if isinstance(text, bool):
        raise DurationError(f"'{text}' is not a duration")
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        seconds = _parse_text(str(text).strip())
    if not math.isfinite(seconds) or seconds <= 0:
        raise DurationError(f"duration must be longer than zero, not '{text}'")
    return seconds


def _parse_text(s: str) -> float:
    hint = "write it like 45m, 1h30m, 90s, 00:45:00 or 2700"
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return float(s)
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2}(\.\d+)?)?", s):
        parts = [float(p) for p in s.split(":")]
        if len(parts) == 2:  # mm:ss
            parts.insert(0, 0.0)
        h, m, sec = parts
        if m >= 60 or sec >= 60:
            raise DurationError(f"'{s}' is not a duration: minutes and seconds go up to 59")
        return h * 3600 + m * 60 + sec
    compact = s.replace(" ", "")
    if compact and _UNITS.sub("", compact) == "" and compact[0].isdigit():
        return sum(float(n) * _SCALE[u.lower()] for n, u in _UNITS.findall(compact))
    if s.startswith("-"):
        raise DurationError(f"duration must be longer than zero, not '{s}'")
    raise DurationError(f"'{s}' is not a duration; {hint}")


def format_duration(seconds: float) -> str:
    """Short human form: ``1h05m``, ``23m``, ``45s``, ``2m30s``."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h}h{m:02d}m" + (f"{s:02d}s" if s else "")
    if m:
        return f"{m}m" + (f"{s:02d}s" if s else "")
    return f"{s}s"


def clock_time(seconds: float) -> str:
    """``h:mm:ss`` for tables and overlays."""
    total = max(0, int(seconds))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
