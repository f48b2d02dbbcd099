"""Before a session with a console: which display shows what, and what was found.

:func:`choose` decides where the console goes from ``--console`` / ``display.console``
and the displays SDL reports; :func:`check_display` refuses a display that is not
connected, naming those that are (exit 2, before anything plays); :func:`lines` is what
the console (and stdout) shows before the start: the displays, the sound device, the
renderer and the log folder. All pure but :func:`sound_device`, so they are tested
without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from player.display import describe
from player.errors import UserError

CHOICES = ("auto", "off", "window")
Choice = str | int          # "off", "window", or a display index


def parse_choice(text: object, where: str) -> str | int:
    """``auto``/``off``/``window``/a display number, from a flag or the config."""
    value = str(text).strip().lower()
    if value in CHOICES:
        return value
    if value.isdigit():
        return int(value)
    head = (f"driftlight: error: {where} {text} is not a place for the console" if
            where.startswith("--") else f"{where}: error: the console is '{text}'")
    raise UserError(f"{head}; write auto, off, window (a console window on the same "
                    f"display) or a display number such as 1")


def choose(wanted: str | int, patient: int, count: int, headless: bool) -> Choice | None:
    """Where the console goes: None (no console: today's overlay), "window", or a display.
    ``auto`` puts it on the first display the patient is not on, when there are two."""
    if wanted == "off":
        return None
    if wanted == "auto":
        if headless or count < 2:
            return None
        return next(i for i in range(count) if i != patient)
    if wanted == "window" or wanted == patient:
        return "window"
    return int(wanted)


def check_display(index: int, found: Sequence[dict], what: str, how: str) -> None:
    """Refuse a display that is not connected, naming those that are."""
    if 0 <= index < len(found):
        return
    names = ", ".join(describe(d["index"], d["size"], d["refresh_hz"]) for d in found)
    has = f"this computer has {len(found)}: {names}" if found else "no display was found"
    raise UserError(f"driftlight: error: the {what} display {index} is not connected; {has}; "
                    f"{how} (see 'driftlight displays')")


def lines(found: Sequence[dict], patient: int, console: Choice | None, sound: str,
          renderer: str, log_folder: str) -> list[str]:
    """What was found, in the words the console shows before the session starts."""
    out = ["Before the session:"]
    for d in found:
        role = ("patient" if d["index"] == patient else
                "console" if d["index"] == console else "not used")
        out.append(f"  display {describe(d['index'], d['size'], d['refresh_hz'])}: {role}")
    if console == "window":
        out.append("  console: a window on the patient's display")
    out += [f"  sound: {sound}", f"  renderer: {renderer}", f"  session logs: {log_folder}"]
    return out


def sound_device(audio: Any, why_none: str) -> str:
    """The sound device in words: SDL's driver when sound plays, else why there is none."""
    if audio is None or not getattr(audio, "available", False):
        return why_none or f"none ({getattr(audio, 'unavailable', None) or 'no device'})"
    try:
        import pygame

        rate = (pygame.mixer.get_init() or (0,))[0]
        return f"{pygame.mixer.get_driver()} ({rate} Hz)"
    except Exception:
        return "playing"
