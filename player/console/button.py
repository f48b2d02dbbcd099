"""Buttons: a label, the key that does the same, hover and pressed looks, and a click
that yields the button's action name.

Action names are those of :data:`player.controls.BINDINGS` (``pause``, ``skip``,
``longer`` ...), so a button and its key are one declaration: the key hint is looked
up there (:func:`player.controls.key_hint`)::

    grid = ButtonGrid(text, [button("pause", "Pause"), button("skip", "Next phase")])
    grid.layout(pygame.Rect(20, 400, 500, 90), per_row=4)
    action = grid.handle(event)        # "pause" after a click on Pause, else None
    grid.draw(surface)

A button may be *armed* (drawn amber, its label replaced by a question) while a
confirmation waits for a second click; see :mod:`player.console.confirm`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from player.console import theme
from player.console.text import Text, columns, rows
from player.controls import key_hint


@dataclass
class Button:
    action: str
    label: str
    hint: str = ""               # the key that does the same, shown small under the label
    rect: Any = None             # pygame.Rect, set by a layout
    hover: bool = False
    pressed: bool = False
    armed: str = ""              # a question shown instead of the label while confirming
    enabled: bool = True
    on: bool = False             # a toggle that is on (paused, help shown): drawn lit

    def handle(self, event: Any) -> str | None:
        """Follow the mouse; a press and release on the button returns its action."""
        import pygame as pg

        if self.rect is None:
            return None
        if event.type == pg.MOUSEMOTION:
            self.hover = self.rect.collidepoint(event.pos)
            if not self.hover:
                self.pressed = False
        elif event.type == pg.MOUSEBUTTONDOWN and event.button == 1:
            self.pressed = self.enabled and self.rect.collidepoint(event.pos)
        elif event.type == pg.MOUSEBUTTONUP and event.button == 1:
            was, self.pressed = self.pressed, False
            if was and self.rect.collidepoint(event.pos):
                return self.action
        return None

    def draw(self, surface: Any, text: Text) -> None:
        import pygame as pg

        if self.rect is None:
            return
        fill = (theme.BUTTON_ARMED if self.armed else theme.BUTTON_PRESSED if self.pressed
                else theme.BUTTON_HOVER if self.hover or self.on else theme.BUTTON)
        pg.draw.rect(surface, fill, self.rect, border_radius=6)
        edge = theme.CAUTION if self.armed else theme.ACCENT if self.on else theme.PANEL_EDGE
        pg.draw.rect(surface, edge, self.rect, width=1, border_radius=6)
        size = max(12, min(22, self.rect.height // 3))
        small = max(10, size * 3 // 4)
        label = self.armed or self.label
        colour = (theme.CAUTION if self.armed else theme.TEXT if self.enabled
                  else theme.TEXT_FAINT)
        hint = "" if self.armed else self.hint
        high = text.line_height(size) + (text.line_height(small) if hint else 0)
        y = self.rect.top + (self.rect.height - high) // 2
        inner = self.rect.width - 8
        y += text.draw(surface, label, (self.rect.left + 4, y), size, colour, width=inner,
                       align="centre")
        if hint:
            text.draw(surface, hint, (self.rect.left + 4, y), small, theme.TEXT_DIM,
                      width=inner, align="centre")


def button(action: str, label: str, hint: str | None = None) -> Button:
    """A button for ``action``, showing the key bound to it (or ``hint``)."""
    return Button(action, label, key_hint(action) if hint is None else hint)


class ButtonGrid:
    """Buttons laid out in rows of equal cells; events go to every button."""

    def __init__(self, text: Text, buttons: Sequence[Button]) -> None:
        self.text = text
        self.buttons = list(buttons)

    def __getitem__(self, action: str) -> Button:
        return next(b for b in self.buttons if b.action == action)

    def layout(self, rect: Any, per_row: int, gap: int = 8) -> None:
        count = len(self.buttons)
        lines = max(1, -(-count // per_row))
        for r, row in enumerate(rows(rect, [None] * lines, gap)):
            cells = columns(row, [None] * per_row, gap)
            for c, cell in enumerate(cells):
                i = r * per_row + c
                if i < count:
                    self.buttons[i].rect = cell

    def handle(self, event: Any) -> str | None:
        """The action of the button clicked by ``event``, if any."""
        chosen = None
        for b in self.buttons:
            got = b.handle(event)
            chosen = chosen or got
        return chosen

    def draw(self, surface: Any) -> None:
        for b in self.buttons:
            b.draw(surface, self.text)
