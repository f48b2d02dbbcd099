"""Prepare mode's keys, declared once: the console's buttons show them, the docs list them.

They follow media players (mpv): Space plays and pauses, Left/Right step 10 seconds,
Up/Down one minute, and the number keys choose the speed.
"""

from __future__ import annotations

from player.controls import STEP_S, Binding

SPEEDS = (1.0, 4.0, 16.0, 60.0)
STEPS = {"back_1m": -60.0, "back_10s": -10.0, "fwd_10s": 10.0, "fwd_1m": 60.0}
LENGTH_STEP_S = STEP_S

BINDINGS: tuple[Binding, ...] = (
    Binding("pause", ("space",), "play / pause"),
    Binding("back_10s", ("left",), "back 10 seconds"),
    Binding("fwd_10s", ("right",), "forward 10 seconds"),
    Binding("back_1m", ("down",), "back 1 minute"),
    Binding("fwd_1m", ("up",), "forward 1 minute"),
    *(Binding(f"speed_{s:g}", (str(i + 1),), f"play at {s:g}x (sound only at 1x)")
      for i, s in enumerate(SPEEDS)),
    Binding("prev_phase", ("page up", "p"), "to the start of this phase (again: the one before)"),
    Binding("next_phase", ("page down", "n"), "to the start of the next phase"),
    Binding("shorter", ("-", "keypad -"), "session 5 minutes shorter (the schedule re-fits)"),
    Binding("longer", ("+", "=", "keypad +"), "session 5 minutes longer (the schedule re-fits)"),
    Binding("quit", ("escape", "q"), "close the preview"),
)

_BY_KEY = {key: b.action for b in BINDINGS for key in b.keys}
_LABELS = {"space": "Space", "left": "Left", "right": "Right", "up": "Up", "down": "Down",
           "page up": "PgUp", "page down": "PgDn", "escape": "Esc"}


def action_for(key_name: str, char: str) -> str | None:
    """The action of a key press, from the character it types or its pygame name."""
    return _BY_KEY.get(char) if char and char in _BY_KEY else _BY_KEY.get(key_name)


def hint(action: str) -> str:
    """The first key of ``action``, as printed on its button."""
    b = next((b for b in BINDINGS if b.action == action), None)
    return _LABELS.get(b.keys[0], b.keys[0]) if b else ""


def help_rows() -> list[tuple[str, str]]:
    """(keys, what they do), for ``docs/prepare.md`` and ``preview --help``."""
    return [(" / ".join(_LABELS.get(k, k) for k in b.keys[:2]), b.help) for b in BINDINGS]
