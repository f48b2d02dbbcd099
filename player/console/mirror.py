"""The console's live mirror: the patient's picture, read back small from GL.

The compositor presents its last frame again into a small framebuffer
(:meth:`~player.compositor.Compositor.mirror`, one pass over a few thousand pixels) and
that is read back: about 170 KB at 320×180, never the full-size frame. The console asks
for it at most at its own redraw rate, in a frame slice of its own (see
:mod:`player.console.live`), right after the patient's frame was presented.
"""

from __future__ import annotations

from typing import Any

MIRROR_HEIGHT = 180


class Mirror:
    def __init__(self, compositor: Any, output: tuple[int, int],
                 height: int = MIRROR_HEIGHT) -> None:
        self.compositor = compositor
        ctx = compositor.ctx
        w = max(2, round(height * output[0] / max(1, output[1])))
        self.size = (w, height)
        self._tex = ctx.texture(self.size, 3)
        self._fbo = ctx.framebuffer(color_attachments=[self._tex])
        self.surface: Any = None          # the last capture, a pygame Surface

    def capture(self) -> Any:
        """Read the patient's current picture into :attr:`surface` (and return it)."""
        import pygame

        self.compositor.mirror(self._fbo)
        data = self._fbo.read(components=3, alignment=1)
        image = pygame.image.frombuffer(data, self.size, "RGB")
        self.surface = pygame.transform.flip(image, False, True)   # GL's first row is the bottom
        return self.surface

    def release(self) -> None:
        self._fbo.release()
        self._tex.release()
