"""Therapist controls: the key bindings, declared once, and the input rules.

The bindings feed the on-screen help, ``driftlight play --help`` and the README, so
they can never disagree. Keys follow media-player habits (mpv, VLC). Patient-safe
rules live here too: a stray key or mouse movement does nothing harmful, ending early
needs Esc *held* for two seconds, and ``--lock`` ignores every key until the unlock
word is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC_HOLD_S = 2.0
UNLOCK_WORD = "unlock"
STEP_S = 5 * 60.0


@dataclass(frozen=True)
class Binding:
    action: str
    keys: tuple[str, ...]   # pygame key names or typed characters
    help: str


BINDINGS: tuple[Binding, ...] = (
    Binding("pause", ("space",), "pause / resume (2 s fade to a dim still, sound fades too)"),
    Binding("skip", ("right",), "skip to the next phase (crossfade)"),
    Binding("longer", ("+", "=", "keypad +"), "make the session 5 minutes longer"),
    Binding("shorter", ("-", "keypad -"), "make the session 5 minutes shorter"),
    Binding("volume_up", ("up",), "volume up"),
    Binding("volume_down", ("down",), "volume down"),
    Binding("brightness_up", ("]", "page up"), "brightness up"),
    Binding("brightness_down", ("[", "page down"), "brightness down"),
    Binding("overlay", ("i", "tab"), "show / hide phase, time and frame statistics"),
    Binding("help", ("f1", "?"), "show / hide this help"),
    Binding("end", ("escape",), "hold for 2 s to end the session early (it fades out)"),
)

_BY_KEY = {key: b.action for b in BINDINGS for key in b.keys}


def action_for(key_name: str, char: str) -> str | None:
    """The action of a key press, from its pygame name or the character it types."""
    return _BY_KEY.get(char) if char and char in _BY_KEY else _BY_KEY.get(key_name)


def help_rows(locked: bool = False) -> list[tuple[str, str]]:
    """(keys, what they do) for the on-screen help and ``play --help``."""
    rows = [(" / ".join(_label(k) for k in b.keys[:2]), b.help) for b in BINDINGS]
    if locked:
        rows.append(("(locked)", f"type '{UNLOCK_WORD}' to use the keys"))
    return rows


def key_hint(action: str) -> str:
    """The first key of ``action`` as people name it (``Space``, ``Right arrow``), for
    buttons that show their key; "" for an action no key has."""
    binding = next((b for b in BINDINGS if b.action == action), None)
    return _label(binding.keys[0]) if binding else ""


def _label(key: str) -> str:
    return {"space": "Space", "right": "Right arrow", "up": "Up arrow", "down": "Down arrow",
            "escape": "Esc (hold)", "tab": "Tab", "f1": "F1", "page up": "PgUp",
            "page down": "PgDn"}.get(key, key)


class KeyGate:
    """Turns raw key events into actions under the patient-safe rules."""

    def __init__(self, locked: bool = False) -> None:
        self.locked = locked
        self._typed = ""
        self.esc_down_at: float | None = None

    def key_down(self, key_name: str, char: str, now: float) -> str | None:
        if self.locked:
            self._typed = (self._typed + char.lower())[-len(UNLOCK_WORD):] if char else ""
            if self._typed == UNLOCK_WORD:
                self.locked = False
                self._typed = ""
                return "unlocked"
            return None
        action = action_for(key_name, char)
        if action == "end":
            self.esc_down_at = now
            return None
        return action

    def key_up(self, key_name: str) -> None:
        if key_name == "escape":
            self.esc_down_at = None

    def esc_progress(self, now: float) -> float:
        """How far an Esc hold has got, 0..1 (0 when Esc is not held)."""
        if self.esc_down_at is None:
            return 0.0
        return min(1.0, (now - self.esc_down_at) / ESC_HOLD_S)

    def forget_keys(self) -> None:
        """Focus was lost: a key held then must not keep counting."""
        self.esc_down_at = None
