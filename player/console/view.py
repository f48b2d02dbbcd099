"""One console frame: where everything goes, drawn from a :class:`Snapshot`.

The snapshot is plain data taken from the session (:mod:`player.console.live`), so a
console frame can be drawn — and looked at, and tested — without a session, a clock or
a screen (SDL's dummy driver is enough). The layout, top to bottom:

- the mirror of the patient's picture on the left; on the right the phase, what comes
  next, elapsed / remaining / "ends at", sound, brightness, and the health line;
- the timeline bar;
- the buttons, one per control, each with its key;
- one line for the question, the note being typed, or the latest confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from player.console import theme
from player.console.button import Button, ButtonGrid, button
from player.console.text import Text, columns, inset, panel, rows
from player.console.timelinebar import TimelineBar
from player.console.words import ends_at, span

BUTTONS = (
    ("pause", "Pause"), ("skip", "Next phase"), ("shorter", "5 min shorter"),
    ("longer", "5 min longer"), ("note", "Add note"),
    ("brightness_down", "Dimmer"), ("brightness_up", "Brighter"),
    ("volume_down", "Quieter"), ("volume_up", "Louder"), ("end", "End session"),
)
QUESTIONS = {"shorter": "Shorten by 5 min? Click again or Y",
             "end": "End now (3 s fade)? Click again or Y"}
PER_ROW = 5


@dataclass
class Snapshot:
    """Everything one console frame shows."""

    t: float = 0.0
    length: float = 1.0
    now_unix: float = 0.0
    phase: str = ""
    phase_number: int = 1
    phases: int = 1
    next_phase: str = ""
    next_in: float = 0.0
    paused: bool = False
    ending: bool = False
    locked: bool = False
    brightness: float = 1.0
    volume: float = 0.7
    sound: str = ""                    # "" = playing; else the plain reason there is none
    device: str = ""
    layers: tuple[str, ...] = ()
    health: tuple[str, str] = ("smooth", "good")
    details: str = ""
    toasts: list[tuple[str, str, float]] = field(default_factory=list)
    armed: str | None = None
    note: str | None = None            # the note being typed; None when not typing
    checkin: tuple[str, str, str] | None = None   # (question, how, typed) while asking
    esc: float = 0.0                   # how far an Esc hold has got, 0..1
    help: list[tuple[str, str]] | None = None
    preflight: list[str] | None = None
    notes_at: tuple[float, ...] = ()   # session times of the notes taken


class ConsoleView:
    def __init__(self) -> None:
        self.text = Text()
        self.bar = TimelineBar(self.text)
        self.buttons = ButtonGrid(self.text, [button(a, label) for a, label in BUTTONS])
        self.ratings = ButtonGrid(self.text, [Button(str(n), str(n)) for n in range(11)])
        self.buttons["note"].hint = "N"
        self.buttons["end"].hint = "Esc (hold)"
        self._size: tuple[int, int] | None = None
        self.areas: dict[str, Any] = {}

    def layout(self, size: tuple[int, int]) -> None:
        """Place every part for a window of ``size`` (kept until the size changes)."""
        if size == self._size:
            return
        import pygame as pg

        self._size = size
        w, h = size
        pad = max(10, h // 40)
        body = inset(pg.Rect(0, 0, w, h), pad)
        top, bar, buttons, line = rows(body, [0.5, 0.16, None, self.text.line_height(
            theme.type_size(h)) + 8], gap=pad)
        mirror_w = min(top.width * 11 // 20, top.height * 16 // 9)
        mirror, status = columns(top, [mirror_w, None], gap=pad)
        self.areas = {"mirror": mirror, "status": status, "bar": bar, "buttons": buttons,
                      "line": line}
        self.bar.rect = bar
        self.buttons.layout(buttons, PER_ROW, gap=max(6, pad // 2))

    def draw(self, surface: Any, snap: Snapshot, mirror: Any, timeline: Any) -> None:
        self.layout(surface.get_size())
        surface.fill(theme.BACKGROUND)
        self._mirror(surface, mirror, snap)
        self._status(surface, snap)
        self.bar.set_timeline(timeline)
        self.bar.draw(surface, snap.t, [(t, theme.CAUTION) for t in snap.notes_at])
        for b in self.buttons.buttons:
            b.armed = QUESTIONS.get(b.action, "") if snap.armed == b.action else ""
        self.buttons["pause"].label = "Resume" if snap.paused else "Pause"
        self.buttons["pause"].on = snap.paused
        self.buttons["note"].on = snap.note is not None
        for b in self.buttons.buttons:
            b.enabled = not snap.ending
        self.buttons.draw(surface)
        self._line(surface, snap)

    # -- parts ----------------------------------------------------------------------------
    def _mirror(self, surface: Any, mirror: Any, snap: Snapshot) -> None:
        import pygame as pg

        area = self.areas["mirror"]
        pg.draw.rect(surface, (0, 0, 0), area)
        if mirror is not None:
            mw, mh = mirror.get_size()
            k = min(area.width / mw, area.height / mh)
            size = (max(1, round(mw * k)), max(1, round(mh * k)))
            fits = mw <= area.width and mh <= area.height and k < 1.1
            image = mirror if fits else pg.transform.smoothscale(mirror, size)
            surface.blit(image, image.get_rect(center=area.center))
        pg.draw.rect(surface, theme.PANEL_EDGE, area, width=1)
        small = theme.type_size(self._size[1] if self._size else 600, 0.8)
        self.text.draw(surface, "patient's screen", (area.left + 6, area.top + 4), small,
                       theme.TEXT_FAINT)
        rows_ = ([(a, b) for a, b in snap.help] if snap.help else
                 [(line, "") for line in snap.preflight] if snap.preflight else None)
        if snap.checkin or rows_:
            shade = pg.Surface(area.size, pg.SRCALPHA)
            shade.fill((*theme.BACKGROUND, 235))
            surface.blit(shade, area.topleft)
        if snap.checkin:                       # a question waits: it comes first, large
            self._checkin(surface, area, snap.checkin)
        elif rows_:
            y = area.top + 8 + self.text.line_height(small)
            key_w = max(self.text.width(a, small) for a, b in rows_) + 12 if snap.help else 0
            for a, b in rows_:
                self.text.draw(surface, a, (area.left + 10, y), small, theme.TEXT,
                               width=area.width - 20)
                if b:
                    self.text.draw(surface, b, (area.left + 10 + key_w, y), small,
                                   theme.TEXT_DIM, width=area.width - 20 - key_w)
                y += self.text.line_height(small)
        if snap.esc > 0:
            r = max(10, area.height // 10)
            rect = pg.Rect(0, 0, 2 * r, 2 * r)
            rect.bottomright = (area.right - r // 2, area.bottom - r // 2)
            import math

            pg.draw.arc(surface, theme.CAUTION, rect, math.pi / 2,
                        math.pi / 2 + 2 * math.pi * snap.esc, max(2, r // 5))

    def _checkin(self, surface: Any, area: Any, checkin: tuple[str, str, str]) -> None:
        """The check-in question over the mirror: the question, how to answer, the number
        typed so far, large, and a row of 0-10 to click."""
        import pygame as pg

        question, how, typed = checkin
        h = self._size[1] if self._size else 600
        big, huge, small = (theme.type_size(h, k) for k in (1.25, 2.2, 0.8))
        width = area.width - 24
        y = area.top + area.height // 10
        y += self.text.draw(surface, question, (area.left + 12, y), big, theme.TEXT,
                            width=width, align="centre") + 6
        for part in how.split(". ", 1):
            y += self.text.draw(surface, part, (area.left + 12, y), small, theme.TEXT_DIM,
                                width=width, align="centre")
        self.text.draw(surface, typed or "_", (area.left + 12, y + 6), huge, theme.ACCENT,
                       width=width, align="centre")
        high = min(area.height // 6, 56)
        self.ratings.layout(pg.Rect(area.left + 12, area.bottom - high - 12, width, high),
                            len(self.ratings.buttons), gap=4)
        for b in self.ratings.buttons:
            b.on = b.action == typed
        self.ratings.draw(surface)

    def _status(self, surface: Any, snap: Snapshot) -> None:
        """Time left and the clock time it ends, largest; then the phase, the sound and
        brightness, and the health line. The frame numbers only with the keys (help)."""
        import pygame as pg

        area = self.areas["status"]
        panel(surface, area)
        inner = inset(area, max(8, area.height // 18))
        h = self._size[1] if self._size else 600
        size = {k: theme.type_size(h, scale) for k, scale in
                (("huge", 2.0), ("big", 1.25), ("body", 1.0), ("small", 0.8))}
        x, y, width = inner.left, inner.top, inner.width

        def line(text: str, kind: str, colour: theme.Colour, gap: int = 0,
                 indent: int = 0) -> None:
            nonlocal y
            y += self.text.draw(surface, text, (x + indent, y), size[kind], colour,
                                width=width - indent) + gap

        left = snap.length - snap.t
        line(f"{span(left)} left", "huge", theme.TEXT)
        line(ends_at(snap.now_unix, left, snap.paused), "big",
             theme.CAUTION if snap.paused else theme.TEXT)
        line(f"{span(snap.t)} of {span(snap.length)} played", "small", theme.TEXT_DIM,
             gap=max(6, h // 60))
        flags = " · ".join(f for f in ("paused" if snap.paused else "",
                                       "keys locked" if snap.locked else "") if f)
        line(snap.phase + (f"  ·  {flags}" if flags else ""), "body",
             theme.CAUTION if flags else theme.TEXT)
        nxt = (f"next: {snap.next_phase} in {span(snap.next_in)}" if snap.next_phase
               else "the last phase")
        line(f"phase {snap.phase_number} of {snap.phases}  ·  {nxt}", "small", theme.TEXT_DIM,
             gap=max(6, h // 60))
        if snap.sound:
            sound = f"sound: {snap.sound}"
        else:
            sound = (f"sound: volume {snap.volume:.0%}"
                     + (f" · {', '.join(snap.layers)}" if snap.layers else "")
                     + (f" · {snap.device}" if snap.device else ""))
        line(sound, "small", theme.TEXT_DIM)
        line(f"brightness {snap.brightness:.0%}", "small", theme.TEXT_DIM, gap=max(6, h // 60))
        words, level = snap.health
        colour = theme.GOOD if level == "good" else theme.CAUTION
        dot = self.text.line_height(size["body"]) // 2
        pg.draw.circle(surface, colour, (x + dot // 2 + 1, y + dot), max(3, dot // 2))
        line(words, "body", colour, indent=dot + 8)
        if snap.details and snap.help:                  # for support, with the keys shown
            self.text.draw(surface, snap.details, (x, inner.bottom -
                           self.text.line_height(size["small"])), size["small"],
                           theme.TEXT_FAINT, width=width)

    def _line(self, surface: Any, snap: Snapshot) -> None:
        area = self.areas["line"]
        size = theme.type_size(self._size[1] if self._size else 600)
        y = area.top + 4
        if snap.note is not None:
            panel(surface, area, theme.BUTTON_HOVER, radius=6)
            self.text.draw(surface, f"Note: {snap.note}_   (Enter saves, Esc cancels)",
                           (area.left + 10, y), size, theme.TEXT, width=area.width - 20)
        elif snap.armed:
            self.text.draw(surface, QUESTIONS.get(snap.armed, snap.armed),
                           (area.left + 10, y), size, theme.CAUTION, width=area.width - 20)
        elif snap.toasts:
            text, level, age = snap.toasts[-1]
            colour = theme.mix(theme.TEXT if level == "good" else theme.CAUTION,
                               theme.BACKGROUND, max(0.0, age - 0.6) / 0.4 * 0.8)
            self.text.draw(surface, text, (area.left + 10, y), size, colour,
                           width=area.width - 20)
