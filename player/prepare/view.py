"""The prepare console: the timeline bar, the storyboard strip, the buttons, the fitted
schedule — or, while the config does not load, its errors in ``FILE:LINE:COL`` form.

It draws on any pygame surface (the console window's, or an offscreen one in tests)
with the widgets of :mod:`player.console`, and turns clicks into actions or seeks::

    view = PrepareView()
    seek, action = view.handle(event)    # a time to jump to, or a button's action
    view.draw(surface, model, t, strip)  # strip: {moment: pygame.Surface}
"""

from __future__ import annotations

from typing import Any

from player.console import theme
from player.console.button import Button, ButtonGrid
from player.console.text import Text, columns, inset, panel, rows
from player.console.timelinebar import TimelineBar
from player.console.words import span
from player.prepare.keys import SPEEDS, hint
from player.prepare.model import SPEED_ACTIONS, Prepare

BUTTONS = (("prev_phase", "Phase start"), ("back_1m", "-1 min"), ("back_10s", "-10 s"),
           ("pause", "Play"), ("fwd_10s", "+10 s"), ("fwd_1m", "+1 min"),
           ("next_phase", "Next phase"),
           *((f"speed_{s:g}", f"{s:g}×") for s in SPEEDS),
           ("shorter", "-5 min length"), ("longer", "+5 min length"), ("quit", "Close"))
PER_ROW = 7
HINT = ("click or drag the timeline or a picture to go there · Space plays · 1-4 speed · "
        "save the config to see a change")


class PrepareView:
    def __init__(self) -> None:
        self.text = Text()
        self.bar = TimelineBar(self.text)
        self.grid = ButtonGrid(self.text, [Button(a, label, hint(a)) for a, label in BUTTONS])
        self.size: tuple[int, int] = (0, 0)
        self._strip: Any = None
        self._thumbs: list[tuple[Any, float]] = []    # (rect, moment) of each drawn thumbnail
        self._areas: dict[str, Any] = {}

    def layout(self, size: tuple[int, int]) -> None:
        if size == self.size:
            return
        import pygame as pg

        self.size = size
        pad = max(10, size[1] // 50)
        body = theme.type_size(size[1])
        area = inset(pg.Rect(0, 0, *size), pad)
        head, bar, strip, buttons, rest = rows(area, [
            round(body * 2.5), max(60, size[1] // 8), max(54, size[1] // 7),
            max(88, size[1] // 6), None], gap=pad)
        self.bar.rect, self._strip = bar, strip
        self.grid.layout(buttons, per_row=PER_ROW)
        self._areas = {"head": head, "rest": rest}

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: Any) -> tuple[float | None, str | None]:
        """(time to seek to, action) for one pygame event; (None, None) when neither."""
        import pygame as pg

        t = self.bar.handle(event)
        if t is not None:
            return t, None
        if event.type == pg.MOUSEBUTTONDOWN and event.button == 1:
            for rect, moment in self._thumbs:
                if rect.collidepoint(event.pos):
                    return moment, None
        return None, self.grid.handle(event)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: Any, model: Prepare, t: float, strip: dict[float, Any]) -> None:
        self.layout(surface.get_size())
        surface.fill(theme.BACKGROUND)
        tl = model.timeline
        self.bar.set_timeline(tl)
        self._head(surface, model, t)
        shown = self._draw_strip(surface, strip, tl)
        self.bar.draw(surface, t, [(m, theme.TEXT_FAINT) for m in shown])
        self.grid["pause"].label = "Play" if model.paused else "Pause"
        for action, speed in SPEED_ACTIONS.items():
            self.grid[action].on = speed == model.speed
        self.grid.draw(surface)
        if model.errors:
            self._errors(surface, model.errors)
        else:
            self._schedule(surface, model, t)

    def _head(self, surface: Any, model: Prepare, t: float) -> None:
        head = self._areas["head"]
        body = theme.type_size(self.size[1])
        tl = model.timeline
        phase = tl.phase_at(t)
        state = "paused" if model.paused else f"playing at {model.speed:g}×"
        y = head.top
        y += self.text.draw(surface, f"{tl.playlist.name}  ·  {span(t)} of {span(tl.length)}"
                            f"  ·  {phase.name}  ·  {state}", (head.left, y),
                            round(body * 1.2), theme.TEXT, width=head.width)
        note = ("the config has errors: fix them and save; the preview follows"
                if model.errors else model.note or HINT)
        self.text.draw(surface, note, (head.left, y), body,
                       theme.CAUTION if model.errors else theme.TEXT_DIM, width=head.width)

    def _draw_strip(self, surface: Any, strip: dict[float, Any], tl: Any) -> list[float]:
        """Under each phase of the bar, as many of its pictures as fit (at least one,
        smaller when the phase is short); returns the moments shown."""
        import pygame as pg

        area = self._strip
        self._thumbs = []
        if not strip:
            self.text.draw(surface, "storyboard: drawing the pictures...", area.topleft,
                           theme.type_size(self.size[1]), theme.TEXT_FAINT)
            return []
        aspect = next(iter(strip.values())).get_width() / next(iter(strip.values())).get_height()
        for phase in tl.phases:
            own = sorted(m for m in strip if tl.phase_at(m).index == phase.index)
            left, right = self.bar.x_at(phase.start), self.bar.x_at(phase.end)
            if not own or right - left < 8:
                continue
            fit = max(1, min(len(own), (right - left) // round(area.height * aspect + 4)))
            picks = [own[round(i * (len(own) - 1) / max(1, fit - 1))] for i in range(fit)]
            cell = (right - left) / fit
            for i, moment in enumerate(dict.fromkeys(picks)):
                w = min(round(area.height * aspect), round(cell) - 4)
                h = min(area.height, round(w / aspect))
                x = round(left + i * cell + (cell - w) / 2)
                rect = pg.Rect(x, area.top + (area.height - h) // 2, w, h)
                surface.blit(pg.transform.smoothscale(strip[moment], rect.size), rect)
                pg.draw.rect(surface, theme.PANEL_EDGE, rect, width=1)
                self._thumbs.append((rect, moment))
        return [m for _, m in self._thumbs]

    def _schedule(self, surface: Any, model: Prepare, t: float) -> None:
        rest = self._areas["rest"]
        panel(surface, rest)
        box = inset(rest, 10)
        size = theme.type_size(self.size[1], 0.9)
        cols = columns(box, [0.28, 0.11, 0.11, 0.11, None], gap=8)
        line = self.text.line_height(size)
        heads = ("phase", "from", "to", "lasts", "scenes")
        for col, word in zip(cols, heads):
            self.text.draw(surface, word, col.topleft, size, theme.TEXT_FAINT, width=col.width)
        now = model.timeline.phase_at(t).index
        for i, ph in enumerate(model.timeline.phases):
            y = box.top + line * (i + 1)
            if y + line > box.bottom:
                break
            colour = theme.TEXT if i == now else theme.TEXT_DIM
            scenes = ", ".join(dict.fromkeys(s.scene for s in ph.spec.scenes))
            words = (ph.name, span(ph.start), span(ph.end), span(ph.duration), scenes)
            for col, word in zip(cols, words):
                self.text.draw(surface, word, (col.left, y), size, colour, width=col.width)

    def _errors(self, surface: Any, errors: list[str]) -> None:
        rest = self._areas["rest"]
        panel(surface, rest)
        box = inset(rest, 10)
        size = theme.type_size(self.size[1], 0.9)
        y = box.top
        for line in (part for error in errors for part in self.wrap(error, size, box.width)):
            if y + self.text.line_height(size) > box.bottom:
                break
            y += self.text.draw(surface, line, (box.left, y), size, theme.CAUTION,
                                width=box.width)

    def wrap(self, line: str, size: int, width: int) -> list[str]:
        """``line`` broken at spaces into lines no wider than ``width`` pixels (the
        first keeps FILE:LINE:COL; the rest are indented)."""
        out: list[str] = []
        for word in line.split(" "):
            if out and self.text.width(f"{out[-1]} {word}", size) <= width:
                out[-1] = f"{out[-1]} {word}"
            else:
                out.append(("    " if out else "") + word)
        return out
