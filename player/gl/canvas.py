"""Drawing pygame surfaces (text, panels, the Esc ring) over the GL picture.

The overlay keeps using pygame's fonts and drawing; a :class:`Canvas` takes the
surfaces it makes and draws each as a textured rectangle with alpha blending on top
of the frame. Textures are kept per surface object, and the overlay caches its
surfaces by content, so an unchanged overlay uploads nothing.
"""

from __future__ import annotations

from typing import Any

import moderngl

from player.gl.program import library_program

_MAX_CACHED = 96


class Canvas:
    def __init__(self, ctx: moderngl.Context, pygame: Any) -> None:
        self.ctx = ctx
        self.pg = pygame
        self.size = (1, 1)
        self._filter = moderngl.NEAREST
        self.program = library_program(ctx, "sprite.frag", vertex="sprite.vert")
        self.vao = ctx.vertex_array(self.program, [])
        self._textures: dict[int, tuple[Any, moderngl.Texture]] = {}

    def begin(self, target: moderngl.Framebuffer,
              viewport: tuple[int, int, int, int] | None = None,
              size: tuple[int, int] | None = None) -> None:
        """Draw on ``target`` (already holding the frame) from now on: on all of it, or
        (stereo) on one eye's ``viewport`` of it laid out as a picture of ``size``
        pixels (the eye's own, so a squeezed half is squeezed like the picture)."""
        target.use()
        if viewport is not None:
            self.ctx.viewport = viewport
        self.size = size or ((viewport[2], viewport[3]) if viewport is not None
                             else target.size)
        # squeezed (sbs-half, tb): pixel centres fall between two texels, where nearest
        # picks either one by a rounding, differently in each eye; linear takes both
        drawn = (viewport[2], viewport[3]) if viewport is not None else target.size
        self._filter = moderngl.NEAREST if drawn == self.size else moderngl.LINEAR

    def get_size(self) -> tuple[int, int]:
        return self.size

    def _texture(self, surface: Any) -> moderngl.Texture:
        key = id(surface)
        found = self._textures.get(key)
        if found is not None and found[0] is surface:
            return found[1]
        if len(self._textures) >= _MAX_CACHED:
            for _, tex in self._textures.values():
                tex.release()
            self._textures.clear()
        data = self.pg.image.tobytes(surface, "RGBA")
        tex = self.ctx.texture(surface.get_size(), 4, data)
        self._textures[key] = (surface, tex)
        return tex

    def blit(self, surface: Any, pos: tuple[int, int]) -> None:
        """Draw a pygame surface with its top-left corner at ``pos`` (pixels)."""
        w, h = surface.get_size()
        if w == 0 or h == 0:
            return
        tex = self._texture(surface)
        tex.filter = (self._filter, self._filter)
        tex.use(location=0)
        self.program["u_tex"].value = 0
        self.program["u_rect"].value = (float(pos[0]), float(pos[1]), float(w), float(h))
        self.program["u_screen"].value = (float(self.size[0]), float(self.size[1]))
        self.ctx.enable(moderngl.BLEND)
        self.ctx.blend_func = moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA
        self.vao.render(mode=moderngl.TRIANGLE_STRIP, vertices=4)
        self.ctx.disable(moderngl.BLEND)

    def clear(self, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.ctx.clear(*(c / 255 for c in colour))

    def release(self) -> None:
        for _, tex in self._textures.values():
            tex.release()
        self._textures.clear()
