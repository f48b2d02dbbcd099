"""What the therapist sees on top of the picture: status, help, the Esc ring, check-ins.

Everything is small, dim and slow to change, so it never pulls the patient's eye.
Drawing goes to a :class:`~player.gl.canvas.Canvas` (anything with ``blit`` and
``get_size``), which puts pygame surfaces over the GL picture. Surfaces are cached by
content, so an unchanged overlay uploads nothing.
"""

from __future__ import annotations

import math

TEXT = (120, 118, 130)
RING = (95, 95, 105)


class Overlay:
    def __init__(self, pygame) -> None:
        self.pg = pygame
        self._fonts: dict[int, object] = {}
        self._cache: dict[tuple[str, int], object] = {}
        self._shapes: dict[tuple, object] = {}
        self._rings: dict[tuple[int, int], object] = {}

    def _font(self, size: int):
        if size not in self._fonts:
            self._fonts[size] = self.pg.font.Font(None, size)
        return self._fonts[size]

    def _text(self, line: str, size: int):
        key = (line, size)
        if key not in self._cache:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = self._font(size).render(line, True, TEXT)
        return self._cache[key]

    def table(self, surface, rows: list[tuple[str, str]]) -> None:
        """Two aligned columns, centred on a soft dark panel (the help)."""
        w, h = surface.get_size()
        size = max(14, h // 40)
        step = int(size * 1.3)
        left = [self._text(a, size) for a, _ in rows]
        right = [self._text(b, size) for _, b in rows]
        col = max(s.get_width() for s in left) + size
        width = col + max(s.get_width() for s in right)
        x, y = (w - width) // 2, (h - step * len(rows)) // 2
        surface.blit(self._panel((width + 2 * size, step * len(rows) + 2 * size)),
                     (x - size, y - size))
        for a, b in zip(left, right):
            surface.blit(a, (x, y))
            surface.blit(b, (x + col, y))
            y += step

    def lines(self, surface, lines: list[str], where: str = "bottom-left") -> None:
        w, h = surface.get_size()
        size = max(14, h // 48)
        step = int(size * 1.15)
        if where == "centre":
            y = (h - step * len(lines)) // 2
            x = w // 2 - max(self._text(s, size).get_width() for s in lines) // 2
        else:
            x, y = size, h - size - step * len(lines)
        for line in lines:
            surface.blit(self._text(line, size), (x, y))
            y += step

    def _panel(self, size: tuple[int, int]):
        key = ("panel", size)
        if key not in self._shapes:
            panel = self.pg.Surface(size, self.pg.SRCALPHA)
            panel.fill((0, 0, 0, 150))
            self._shapes = {key: panel}
        return self._shapes[key]

    def ring(self, surface, progress: float) -> None:
        """A thin dim ring that closes while Esc is held."""
        if progress <= 0:
            return
        w, h = surface.get_size()
        r = max(12, h // 30)
        step = min(60, int(progress * 60))               # 60 steps: few distinct surfaces
        key = (r, step)
        ring = self._rings.get(key)
        if ring is None:
            ring = self.pg.Surface((2 * r, 2 * r), self.pg.SRCALPHA)
            self.pg.draw.arc(ring, RING, ring.get_rect(), math.pi / 2,
                             math.pi / 2 + 2 * math.pi * step / 60, max(2, r // 6))
            if len(self._rings) > 61:
                self._rings.clear()
            self._rings[key] = ring
        surface.blit(ring, (w - 3 * r, h - 3 * r))
