"""The session as a bar: phases as coloured segments with their names, crossfades as
soft blends between them, the fades from and to black at the ends, and a playhead.

The live console draws it; prepare mode (``driftlight preview``) draws the same bar and
scrubs with it. The bar knows nothing about sessions beyond a :class:`Timeline`'s phases,
so any list of :class:`Segment` works too::

    bar = TimelineBar(text)
    bar.rect = pygame.Rect(20, 300, 760, 64)     # set by the layout, any time
    bar.set_timeline(timeline)                  # cheap to call every frame: cached
    bar.draw(surface, t, marks=[(120.0, theme.CAUTION)])
    t = bar.handle(event)     # a click or drag on the bar -> the session time under it
    t = bar.time_at(x)        # the same, for an x coordinate

The part already played is drawn brighter than what is to come. The bar itself is
rendered once per (timeline, size) into two cached surfaces, so a redraw is two blits,
the playhead and the labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from player.console import theme
from player.console.text import Text, rows
from player.console.words import span

PLAYED = 1.0          # colour strength of what has been played ...
TO_COME = 0.55        # ... and of what is to come (mixed towards the background)


@dataclass(frozen=True)
class Segment:
    """One phase on the bar: ``crossfade`` seconds centred on ``start`` blend it in."""

    index: int
    name: str
    start: float
    end: float
    crossfade: float = 0.0


def segments(timeline: Any) -> tuple[Segment, ...]:
    """The phases of a :class:`~player.timeline.Timeline`, with the crossfade into each."""
    first: dict[int, Any] = {}
    for slot in timeline.slots:
        first.setdefault(slot.phase, slot)
    return tuple(Segment(p.index, p.name, p.start, p.end,
                         first[p.index].fade_in if p.index in first and p.index else 0.0)
                 for p in timeline.phases)


class TimelineBar:
    def __init__(self, text: Text) -> None:
        self.text = text
        self.rect: Any = None                 # pygame.Rect, set by the owner's layout
        self.segments: tuple[Segment, ...] = ()
        self.length = 1.0
        self.fade_in = 0.0
        self.fade_out = 0.0
        self._source: Any = None
        self._cache: tuple[Any, Any, Any] | None = None    # (key, played, to come)
        self._dragging = False

    # -- what to show ---------------------------------------------------------------------
    def set_timeline(self, timeline: Any) -> None:
        """Show ``timeline`` (a no-op when it is the one already shown)."""
        if timeline is self._source:
            return
        self._source = timeline
        self.set_segments(segments(timeline), timeline.length, timeline.fade_in,
                          timeline.fade_out)

    def set_segments(self, segs: tuple[Segment, ...], length: float, fade_in: float = 0.0,
                     fade_out: float = 0.0) -> None:
        self.segments, self.length = tuple(segs), max(1e-6, float(length))
        self.fade_in, self.fade_out = fade_in, fade_out
        self._cache = None

    # -- geometry -------------------------------------------------------------------------
    def parts(self) -> tuple[Any, Any, Any]:
        """(names row, bar, ticks row) inside :attr:`rect`."""
        size = self._size()
        names, bar, ticks = rows(self.rect, [self.text.line_height(size), None,
                                             self.text.line_height(size)], gap=3)
        return names, bar, ticks

    def _size(self) -> int:
        return max(11, min(18, self.rect.height // 4))

    def x_at(self, t: float) -> int:
        bar = self.parts()[1]
        k = min(1.0, max(0.0, t / self.length))
        return bar.left + round(k * (bar.width - 1))

    def time_at(self, x: float) -> float:
        """The session time under ``x`` (clamped to the session)."""
        bar = self.parts()[1]
        k = (x - bar.left) / max(1, bar.width - 1)
        return min(1.0, max(0.0, k)) * self.length

    def handle(self, event: Any) -> float | None:
        """A press on the bar, or a drag that began on it: the time to go to."""
        import pygame as pg

        if self.rect is None:
            return None
        if event.type == pg.MOUSEBUTTONDOWN and event.button == 1 \
                and self.rect.collidepoint(event.pos):
            self._dragging = True
            return self.time_at(event.pos[0])
        if event.type == pg.MOUSEMOTION and self._dragging:
            if not event.buttons[0]:
                self._dragging = False
                return None
            return self.time_at(event.pos[0])
        if event.type == pg.MOUSEBUTTONUP and event.button == 1:
            self._dragging = False
        return None

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: Any, t: float,
             marks: tuple[tuple[float, theme.Colour], ...] | list = ()) -> None:
        import pygame as pg

        names, bar, ticks = self.parts()
        played, to_come = self._bars(bar.size)
        x = self.x_at(t) - bar.left
        surface.blit(to_come, bar.topleft)
        surface.blit(played, bar.topleft, pg.Rect(0, 0, x, bar.height))
        size = self._size()
        for seg in self.segments:
            left, right = self.x_at(seg.start), self.x_at(seg.end)
            colour = theme.TEXT if seg.start <= t < seg.end else theme.TEXT_DIM
            self.text.draw(surface, seg.name, (left + 4, names.top), size, colour,
                           width=right - left - 6)
        for when, colour in marks:
            mx = self.x_at(when)
            pg.draw.line(surface, colour, (mx, bar.bottom - bar.height // 3),
                         (mx, bar.bottom - 1), 2)
        px = self.x_at(t)
        pg.draw.line(surface, theme.ACCENT, (px, bar.top - 2), (px, bar.bottom + 1), 2)
        pg.draw.polygon(surface, theme.ACCENT, [(px - 5, bar.top - 7), (px + 6, bar.top - 7),
                                                (px, bar.top - 1)])
        self._ticks(surface, ticks, size)

    def _ticks(self, surface: Any, row: Any, size: int) -> None:
        step = _tick_step(self.length, max(1, row.width // 90))
        labels = [0.0]
        while labels[-1] + step < self.length - step / 2:
            labels.append(labels[-1] + step)
        labels.append(self.length)
        for when in labels:
            label = span(when)
            w = self.text.width(label, size)
            x = min(max(self.x_at(when) - w // 2, row.left), row.right - w)
            self.text.draw(surface, label, (x, row.top), size, theme.TEXT_FAINT)

    def _bars(self, size: tuple[int, int]) -> tuple[Any, Any]:
        key = (size, self.segments, self.length, self.fade_in, self.fade_out)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._paint(size, PLAYED), self._paint(size, TO_COME))
        return self._cache[1], self._cache[2]

    def _paint(self, size: tuple[int, int], strength: float) -> Any:
        """The bar, one column at a time: each column's colour is the phase under it,
        blended across crossfades and faded to the background at the ends."""
        import pygame as pg

        w, h = size
        surface = pg.Surface(size)
        surface.fill(theme.BACKGROUND)
        segs = self.segments
        for x in range(w):
            t = (x + 0.5) / w * self.length
            colour = self._colour_at(t, segs)
            level = strength
            if self.fade_in > 0 and t < self.fade_in:
                level *= 0.25 + 0.75 * t / self.fade_in
            if self.fade_out > 0 and t > self.length - self.fade_out:
                level *= 0.25 + 0.75 * (self.length - t) / self.fade_out
            pg.draw.line(surface, theme.mix(theme.BACKGROUND, colour, level), (x, 0),
                         (x, h - 1))
        for seg in segs[1:]:       # a faint line where each phase begins
            x = round(seg.start / self.length * (w - 1))
            pg.draw.line(surface, theme.mix(theme.BACKGROUND, theme.TEXT_DIM, 0.35 * strength),
                         (x, 0), (x, h - 1))
        pg.draw.rect(surface, theme.PANEL_EDGE, surface.get_rect(), width=1)
        return surface

    @staticmethod
    def _colour_at(t: float, segs: tuple[Segment, ...]) -> theme.Colour:
        for i, seg in enumerate(segs):
            if t < seg.end or i == len(segs) - 1:
                own = theme.phase_colour(seg.index)
                if i and seg.crossfade > 0 and t < seg.start + seg.crossfade / 2:
                    k = (t - (seg.start - seg.crossfade / 2)) / seg.crossfade
                    return theme.mix(theme.phase_colour(segs[i - 1].index), own, k)
                nxt = segs[i + 1] if i + 1 < len(segs) else None
                if nxt is not None and nxt.crossfade > 0 and t > nxt.start - nxt.crossfade / 2:
                    k = (t - (nxt.start - nxt.crossfade / 2)) / nxt.crossfade
                    return theme.mix(own, theme.phase_colour(nxt.index), k)
                return own
        return theme.PANEL


def _tick_step(length: float, most: int) -> float:
    """A round step between time labels, so at most ``most`` fit."""
    for step in (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200):
        if length / step <= most:
            return float(step)
    return 7200.0
