"""Durations as therapists write them: ``45m``, ``1h30m``, ``90s``, ``00:45:00``, ``2700``.

The accepted forms are declared once as regular expressions; :data:`DURATION_PATTERN`
is the same grammar for the JSON Schema, so an editor accepts exactly what we do.
Units may be spelt out (``45min``, ``45 mins``, ``45 minutes``, ``1 hour``, ``90 sec``).

A *session length* is stricter (:func:`parse_length`): a bare number under five
minutes — ``45``, ``0:45`` — reads as seconds, and nobody means a 45-second session,
so it is refused with the likely meaning (``did you mean 45m?``).
"""

from __future__ import annotations

import math
import re

_NUM = r"\d+(?:\.\d+)?"
_SECONDS = _NUM                                          # 2700, 90.5
_CLOCK = r"(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?"   # 45:00 (m:ss), 00:45:00 (h:mm:ss)
_UNIT_WORDS = {"h": ("hours", "hour", "hrs", "hr", "h"),
               "m": ("minutes", "minute", "mins", "min", "m"),
               "s": ("seconds", "second", "secs", "sec", "s")}


def _any_case(word: str) -> str:
    """``min`` → ``[mM][iI][nN]``: JSON-Schema patterns have no case-insensitive flag."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_UNIT = {u: "(?:" + "|".join(map(_any_case, words)) + ")" for u, words in _UNIT_WORDS.items()}
_UNITS = (rf"(?=\d)(?:({_NUM})\s*{_UNIT['h']})?\s*(?:({_NUM})\s*{_UNIT['m']})?"
          rf"\s*(?:({_NUM})\s*{_UNIT['s']})?")                     # 1h30m, 90s, 45 minutes

DURATION_PATTERN = re.sub(r"\((?!\?)", "(?:", rf"^\s*(?:{_SECONDS}|{_CLOCK}|{_UNITS})\s*$")
"""JSON-Schema ``pattern`` for a duration written as text (no capture groups)."""

HINT = "write it like 45m, 1h30m, 90s, 00:45:00 or 2700 (seconds)"
BARE_UNDER_S = 300.0
"""A session length written as a bare number below this (5 minutes) is refused."""


class DurationError(ValueError):
    pass


def parse_duration(text: str | int | float) -> float:
    """Seconds in ``text``; DurationError (saying how to write one) when unreadable or ≤ 0."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise DurationError(f"{show_value(text)} is not a duration; {HINT}")
    seconds = float(text) if isinstance(text, (int, float)) else _parse_text(text.strip())
    if not math.isfinite(seconds) or seconds <= 0:
        raise DurationError(f"a duration must be longer than zero, not {show_value(text)}; {HINT}")
    return seconds


def _parse_text(s: str) -> float:
    if re.fullmatch(_SECONDS, s):
        return float(s)
    clock = re.fullmatch(_CLOCK, s)
    if clock:
        a, b, c = clock.groups()
        h, m, sec = (float(a), float(b), float(c)) if c is not None else (0.0, float(a), float(b))
        if (c is not None and m >= 60) or sec >= 60:
            raise DurationError(f"'{s}' is not a duration: minutes and seconds go up to 59; "
                                f"{HINT}")
        return h * 3600 + m * 60 + sec
    units = re.fullmatch(_UNITS, s)
    if units and any(units.groups()):
        h, m, sec = (float(g) if g else 0.0 for g in units.groups())
        return h * 3600 + m * 60 + sec
    if s.startswith("-"):
        raise DurationError(f"a duration must be longer than zero, not '{s}'; {HINT}")
    raise DurationError(f"'{s}' is not a duration; {HINT}{typing_hint(s)}")


def parse_length(value: str | int | float) -> float:
    """A session length in seconds: :func:`parse_duration`, except that a bare number
    under :data:`BARE_UNDER_S` (``45``, ``'45'``, ``'0:45'``) raises DurationError with
    the likely meaning — a session of 45 seconds is surely one of 45 minutes."""
    seconds = parse_duration(value)
    if seconds >= BARE_UNDER_S or isinstance(value, bool):
        return seconds
    text = value.strip() if isinstance(value, str) else f"{value:g}"
    if re.fullmatch(_SECONDS, text):
        raise DurationError(f"{text} would be {text} seconds; did you mean {text}m? "
                            f"Write the unit: 45m, 1h30m or 90s")
    clock = re.fullmatch(_CLOCK, text)
    if clock and clock.group(3) is None:
        meant = int(clock.group(1)) * 3600 + int(clock.group(2)) * 60
        raise DurationError(f"'{text}' reads as minutes:seconds ({format_duration(seconds)}); "
                            f"did you mean {format_duration(meant)} ({clock_time(meant)})? "
                            f"Write hours:minutes:seconds, or 45m")
    return seconds


def typing_hint(text: str) -> str:
    """A hint for what word processors and Windows put in text: curly quotes, ``\\``."""
    if any(c in text for c in "\u201c\u201d\u2018\u2019\u00ab\u00bb"):
        return (" (it contains curly quotes, which a word processor puts in: use straight "
                "quotes ' or \" in a config, or none)")
    if "\\" in text:
        return " (write paths with / instead of \\: it works on Windows too)"
    return ""


def show_value(value: object) -> str:
    """A config value as a message quotes it: 'text', 12, true, a list, nothing."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(value), repr(value))


def format_duration(seconds: float) -> str:
    """Short human form: ``1h05m``, ``23m``, ``45s``, ``2m30s``."""
    if seconds < 60 and seconds != round(seconds):
        return f"{seconds:.3g}s"
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
