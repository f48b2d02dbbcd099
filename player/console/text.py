"""Text and layout for the console: cached fonts and glyph runs, rows and columns.

``Text`` renders strings with pygame's own font (always present, no system fonts to
hunt for) and caches each rendered string by content, so a console redraw that shows the
same words again renders nothing. ``fit`` shortens a line with an ellipsis to a width
instead of letting it run under its neighbour.

The layout helpers split a ``pygame.Rect`` into rows or columns; they are plain
arithmetic on rectangles and need no window, so layouts are tested without a screen::

    top, rest = rows(area, [120, None])          # None: whatever is left
    left, right = columns(rest, [0.6, None], gap=12)   # a float: a share of the width
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from player.console import theme

Rect = Any   # pygame.Rect (typed loosely: pygame is imported lazily)
_MAX_CACHED = 512


def _pygame():
    import pygame

    return pygame


class Text:
    """Draws text on a pygame surface; one instance per window."""

    def __init__(self) -> None:
        pg = _pygame()
        if not pg.font.get_init():
            pg.font.init()
        self._fonts: dict[int, Any] = {}
        self._cache: dict[tuple[str, int, tuple[int, int, int]], Any] = {}

    def font(self, size: int):
        if size not in self._fonts:
            self._fonts[size] = _pygame().font.Font(None, size)
        return self._fonts[size]

    def render(self, line: str, size: int, colour: theme.Colour = theme.TEXT):
        key = (line, size, colour)
        surface = self._cache.get(key)
        if surface is None:
            if len(self._cache) > _MAX_CACHED:
                self._cache.clear()
            surface = self.font(size).render(line, True, colour)
            self._cache[key] = surface
        return surface

    def width(self, line: str, size: int) -> int:
        return self.font(size).size(line)[0]

    def fit(self, line: str, size: int, width: int) -> str:
        """``line``, shortened with an ellipsis when it is wider than ``width`` pixels."""
        if width <= 0:
            return ""
        if self.width(line, size) <= width:
            return line
        lo, hi = 0, len(line)
        while lo < hi:                                   # the longest prefix that fits
            mid = (lo + hi + 1) // 2
            if self.width(line[:mid].rstrip() + "…", size) <= width:
                lo = mid
            else:
                hi = mid - 1
        return line[:lo].rstrip() + "…" if lo else ""

    def draw(self, surface, line: str, pos: tuple[int, int], size: int,
             colour: theme.Colour = theme.TEXT, width: int | None = None,
             align: str = "left") -> int:
        """Draw one line with its top at ``pos[1]``; ``align`` left/centre/right within
        ``width`` (from ``pos[0]``). Returns the line's height, to step down by."""
        if width is not None:
            line = self.fit(line, size, width)
        image = self.render(line, size, colour)
        x = pos[0]
        if width is not None and align == "centre":
            x += (width - image.get_width()) // 2
        elif width is not None and align == "right":
            x += width - image.get_width()
        surface.blit(image, (x, pos[1]))
        return self.line_height(size)

    def line_height(self, size: int) -> int:
        return round(size * 1.15)


def inset(rect: Rect, by: int) -> Rect:
    """``rect`` with ``by`` pixels taken off every side."""
    return rect.inflate(-2 * by, -2 * by)


def _split(total: int, parts: Sequence[float | int | None], gap: int) -> list[int]:
    """Lengths for ``parts``: an int is pixels, a float a share of ``total``, None an even
    share of what is left."""
    free = total - gap * (len(parts) - 1)
    fixed = [round(p * free) if isinstance(p, float) else p for p in parts]
    rest = free - sum(p for p in fixed if p is not None)
    flexible = sum(1 for p in fixed if p is None)
    each = max(0, rest // flexible) if flexible else 0
    return [each if p is None else max(0, p) for p in fixed]


def rows(rect: Rect, heights: Sequence[float | int | None], gap: int = 0) -> list[Rect]:
    """Split ``rect`` top to bottom (see :func:`_split` for what a height may be)."""
    pg = _pygame()
    out, y = [], rect.top
    for h in _split(rect.height, heights, gap):
        out.append(pg.Rect(rect.left, y, rect.width, h))
        y += h + gap
    return out


def columns(rect: Rect, widths: Sequence[float | int | None], gap: int = 0) -> list[Rect]:
    """Split ``rect`` left to right (see :func:`_split` for what a width may be)."""
    pg = _pygame()
    out, x = [], rect.left
    for w in _split(rect.width, widths, gap):
        out.append(pg.Rect(x, rect.top, w, rect.height))
        x += w + gap
    return out


def panel(surface, rect: Rect, colour: theme.Colour = theme.PANEL, radius: int = 8) -> None:
    """A rounded panel with a faint edge."""
    pg = _pygame()
    pg.draw.rect(surface, colour, rect, border_radius=radius)
    pg.draw.rect(surface, theme.PANEL_EDGE, rect, width=1, border_radius=radius)
