"""What the console says, in plain words: times, "ends at 14:52", the health line.

Pure functions of numbers and strings (no window), so every wording is tested directly.
The health line is one sentence for a therapist, never ``p99 119.9 ms``; the numbers
behind it belong in the details row (:func:`details`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from player.durations import clock_time


def span(seconds: float) -> str:
    """``2:05`` or ``12:05`` under an hour, ``1:02:05`` from an hour on (never negative)."""
    total = round(max(0.0, seconds))
    if total < 3600:
        return f"{total // 60}:{total % 60:02d}"
    return clock_time(total)


def minutes(seconds: float) -> str:
    """``5 min``, ``1 min``, ``90 s`` for a step the therapist asked for."""
    s = round(abs(seconds))
    return f"{s // 60} min" if s >= 60 and s % 60 == 0 else f"{s} s"


def wall_clock(unix: float) -> str:
    """``14:52`` in this computer's local time."""
    return _dt.datetime.fromtimestamp(unix).strftime("%H:%M")


def ends_at(now_unix: float, remaining_s: float, paused: bool = False) -> str:
    """``ends at 14:52``; while paused the end moves later every second, so it says so."""
    when = wall_clock(now_unix + max(0.0, remaining_s))
    return f"ends at {when} if resumed now" if paused else f"ends at {when}"


@dataclass(frozen=True)
class Health:
    """What the session knows about itself, for :func:`health`."""

    degraded: bool = False            # the governor has stepped detail or rate down
    sound: str = ""                   # "" = sound plays; else why not ("no sound device")
    scene_faults: tuple[str, ...] = ()   # scenes that failed and show a fallback
    frame_errors: int = 0
    missed_recent: int = 0            # missed deadlines in the last few seconds
    ending: bool = False
    headset: str = ""                 # play --vr: where the headset stands, in words
    headset_caution: bool = False     # ... and whether that needs attention (taken off)


def health(h: Health) -> tuple[str, str]:
    """(sentence, level) with level ``good`` or ``caution``: the most important thing
    first, one line, plain words."""
    if h.ending:
        return "ending — fading out", "good"
    problems = []
    if h.frame_errors:
        problems.append("a drawing error was contained; the picture goes on")
    if h.scene_faults:
        names = ", ".join(dict.fromkeys(h.scene_faults))
        problems.append(f"scene {names} failed and shows a calm fallback")
    if h.sound:      # the plain part: the device's own words stay on the sound row
        plain = h.sound.split(" (", 1)[0]
        problems.append(plain if "sound" in plain else f"sound {plain}")
    if h.missed_recent:
        problems.append("motion stuttered a little just now")
    said = f"{h.headset}; " if h.headset else ""     # play --vr: the headset first
    if problems or h.headset_caution:
        return said + "; ".join(problems) if problems else h.headset, "caution"
    if h.degraded:
        return f"{said}smooth (reducing detail to keep motion smooth)", "good"
    return f"{said}smooth", "good"


def sound_words(available: bool, unavailable: str | None, off_reason: str = "") -> str:
    """"" when sound plays, else a plain reason for the health line."""
    if off_reason:
        return off_reason if off_reason.startswith(("off", "none")) else f"off ({off_reason})"
    if available:
        return ""
    return "no sound device" + (f" ({unavailable})" if unavailable else "")


def details(p50_ms: float, p99_ms: float, missed: int, internal: tuple[int, int],
            fps: float) -> str:
    """The numbers behind the health line, for the small details row."""
    return (f"{fps:g} fps · frames p50 {p50_ms:.1f} ms, p99 {p99_ms:.1f} ms · missed {missed}"
            f" · detail {internal[0]}×{internal[1]}")
