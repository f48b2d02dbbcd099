"""The console's live mirror: the patient's picture, read back small from GL.

The compositor presents its last frame again into a small framebuffer
(:meth:`~player.compositor.Compositor.mirror`: the GPU scales it, one pass over the
mirror's pixels) at the very size the console shows it, so the console only copies it
(no scaling in software), and the readback is small: at most :data:`MAX_HEIGHT` rows
(under 2 MB), never the full-size frame. The console asks for it at most at its own
redraw rate, in a slice of its own (see :mod:`player.console.live`).
"""

from __future__ import annotations

from typing import Any

MAX_HEIGHT = 360


def fitted(output: tuple[int, int], box: tuple[int, int],
           most: int = MAX_HEIGHT) -> tuple[int, int]:
    """The largest picture of ``output``'s shape inside ``box``, at most ``most`` high."""
    k = min(box[0] / max(1, output[0]), box[1] / max(1, output[1]), most / max(1, output[1]))
    return max(2, int(output[0] * k)), max(2, int(output[1] * k))


class Mirror:
    def __init__(self, compositor: Any, size: tuple[int, int]) -> None:
        self.compositor = compositor
        self.size = size
        ctx = compositor.ctx
        self._tex = ctx.texture(size, 3)
        self._fbo = ctx.framebuffer(color_attachments=[self._tex])
        self.surface: Any = None          # the last capture, a pygame Surface

    def capture(self) -> Any:
        """Read the patient's current picture into :attr:`surface` (and return it)."""
        import pygame

        self.compositor.mirror(self._fbo)
        data = self._fbo.read(components=3, alignment=1)
        # GL's first row is the bottom: flipped while copied out of the buffer
        self.surface = pygame.image.frombytes(data, self.size, "RGB", True)
        return self.surface

    def release(self) -> None:
        self._fbo.release()
        self._tex.release()
