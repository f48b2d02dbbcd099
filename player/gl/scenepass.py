"""Drawing one scene layer into a texture: shader scenes on the GPU, numpy scenes uploaded.

A :class:`ShaderLayer` owns a scene's output textures (two, used in turn, so that
the frame before a fault is still there to fade from); its program is compiled once
per scene class and context and shared by every instance. A :class:`NumpyLayer`
calls ``render(t, grid)`` and uploads the array. Either way the compositor gets a
texture of the scene's sRGB picture and whether this frame is good.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import moderngl
import numpy as np

from player.gl.program import FULLSCREEN_VERTEX, ShaderError, Source, build, set_uniform
from player.gl.view import SCREEN, View
from scenes import palettes
from scenes.base import Grid, Scene, ShaderScene, grid

SCENE_HEADER = """uniform float u_time;
uniform float u_aspect;
uniform float u_px;
uniform uint u_seed_u;
uniform vec2 u_seed_offset;
uniform sampler2D u_palette;
"""
SCENE_LIBRARY = "".join(f'#include "{name}.glsl"\n'
                        for name in ("colour", "palette", "noise", "shapes", "depth"))
# The screen's main is the picture driftlight always drew; every other camera maps a
# pixel to a ray and the ray to the scene's p (player/gl/shaders/projection.glsl).
SCENE_MAIN = """
in vec2 v_uv;
out vec4 f_colour;
#ifdef CAMERA_SCREEN
void main() {
    vec2 p = vec2((v_uv.x * 2.0 - 1.0) * u_aspect, 1.0 - 2.0 * v_uv.y);
    dl_parallax = vec2(u_surface.x, 0.0);
    f_colour = vec4(scene(p, u_time), 1.0);
}
#else
#include "projection.glsl"
#endif
"""
NUMPY_HEIGHT = 270       # numpy (plugin) scenes render at most this tall: they run on the CPU


def scene_source(cls: type[ShaderScene], view: View = SCREEN) -> Source:
    """The fragment shader of a scene class seen through ``view``'s camera and surface,
    with lines mapped to its Python file."""
    file, first = _where(cls)
    src = Source().add("#version 330\n" + view.defines() + SCENE_HEADER + cls.declarations(),
                       "scene header")
    src.add(SCENE_LIBRARY, "scene header")
    src.add(cls.shader, file, first)
    return src.add(SCENE_MAIN, "scene main")


def _where(cls: type) -> tuple[str, int]:
    """The file and line where the class's ``shader`` text starts (for error messages)."""
    try:
        path = inspect.getsourcefile(cls) or "<scene>"
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return f"<scene {getattr(cls, 'name', '?')}>", 1
    code: str = getattr(cls, "shader", "")
    lines = [ln for ln in code.splitlines() if ln.strip()]
    at = text.find(lines[0].strip()) if lines else -1
    if at < 0:
        return _relative(path), 1
    # the shader string's first line is the line after the opening quotes, usually
    line = text.count("\n", 0, at) + 1 - next(i for i, ln in enumerate(code.splitlines())
                                               if ln.strip())
    return _relative(path), line


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


_PROGRAMS: dict[tuple[int, type, tuple[str, str]], moderngl.Program] = {}


def program_for(ctx: moderngl.Context, cls: type[ShaderScene],
                view: View = SCREEN) -> moderngl.Program:
    """The compiled program of a scene class in ``ctx`` for a view's camera and surface
    (compiled once per variant, then shared)."""
    key = (id(ctx), cls, view.variant)
    prog = _PROGRAMS.get(key)
    if prog is None:
        prog = build(ctx, Source().add(FULLSCREEN_VERTEX, "fullscreen.vert"),
                     scene_source(cls, view))
        _PROGRAMS[key] = prog
    return prog


def check_shader(cls: type[Scene]) -> None:
    """Compile a shader scene's program now (plugins, at load); ShaderError if it fails.
    Done before any window opens, in the offscreen context lent by ``briefly()``."""
    if issubclass(cls, ShaderScene):
        from player.gl.context import briefly

        with briefly() as ctx:
            program_for(ctx, cls)


_PALETTES: dict[tuple[int, str], moderngl.Texture] = {}


def palette_texture(ctx: moderngl.Context, name: str) -> moderngl.Texture:
    key = (id(ctx), name)
    tex = _PALETTES.get(key)
    if tex is None:
        # RGBA, not RGB: llvmpipe filters four-channel float textures about twice as fast
        lut = palettes.lut(name)
        table = np.ascontiguousarray(np.concatenate([lut, np.ones((len(lut), 1))], axis=1),
                                     dtype="f4")
        tex = ctx.texture((len(table), 1), 4, table.tobytes(), dtype="f4")
        tex.filter = (moderngl.LINEAR, moderngl.LINEAR)
        tex.repeat_x = tex.repeat_y = False
        _PALETTES[key] = tex
    return tex


class SceneLayer:
    """Base of the two kinds: ``draw(t, size, px, view, slot)`` returns the scene's
    texture for time t seen through ``view``; ``slot`` numbers the views of one frame
    (0 the first, or only, view; 1 the second eye), each with textures of its own."""

    scene: Scene

    def draw(self, t: float, size: tuple[int, int], px: float, view: View = SCREEN,
             slot: int = 0) -> moderngl.Texture:
        raise NotImplementedError

    def good(self, slot: int = 0) -> moderngl.Texture | None:
        """The last texture of ``slot`` known to hold a good picture (to fade from)."""
        raise NotImplementedError

    @property
    def last_good(self) -> moderngl.Texture | None:
        return self.good(0)

    flip = False          # True when row 0 of the texture is the top of the picture

    def release(self) -> None:
        pass


def _target(ctx: moderngl.Context, size: tuple[int, int]) -> tuple[moderngl.Texture,
                                                                  moderngl.Framebuffer]:
    tex = ctx.texture(size, 4, dtype="f2")
    tex.filter = (moderngl.LINEAR, moderngl.LINEAR)
    tex.repeat_x = tex.repeat_y = False
    return tex, ctx.framebuffer(color_attachments=[tex])


@dataclass
class _Slot:
    """One view's output textures (two, used in turn) and the last good one."""

    targets: list[tuple[moderngl.Texture, moderngl.Framebuffer]]
    turn: int = 0
    good: moderngl.Texture | None = None

    def release(self) -> None:
        for tex, fbo in self.targets:
            fbo.release()
            tex.release()


class ShaderLayer(SceneLayer):
    scene: ShaderScene

    def __init__(self, ctx: moderngl.Context, scene: ShaderScene) -> None:
        self.ctx = ctx
        self.scene = scene
        self.program = program_for(ctx, type(scene))
        self._vaos = {SCREEN.variant: (self.program, ctx.vertex_array(self.program, []))}
        self.palette = palette_texture(ctx, scene.palette_name())
        self._static: dict[str, Any] = {**scene.uniforms(), **scene.seed_uniforms()}
        self._slots: dict[int, _Slot] = {}

    def _program(self, view: View) -> tuple[moderngl.Program, moderngl.VertexArray]:
        found = self._vaos.get(view.variant)
        if found is None:
            prog = program_for(self.ctx, type(self.scene), view)
            found = self._vaos[view.variant] = (prog, self.ctx.vertex_array(prog, []))
        return found

    def draw(self, t: float, size: tuple[int, int], px: float, view: View = SCREEN,
             slot: int = 0) -> moderngl.Texture:
        state = self._slots.get(slot)
        if state is None or state.targets[0][0].size != size:
            if state is not None:
                state.release()
            state = self._slots[slot] = _Slot([_target(self.ctx, size),
                                               _target(self.ctx, size)])
        tex, fbo = state.targets[state.turn]
        state.turn ^= 1
        program, vao = self._program(view)
        for name, value in self._static.items():
            set_uniform(program, name, value)
        for name, value in view.uniforms(size).items():
            set_uniform(program, name, value)
        set_uniform(program, "u_time", float(t))
        set_uniform(program, "u_aspect", view.aspect(size))
        set_uniform(program, "u_px", float(px))
        self.palette.use(location=0)
        set_uniform(program, "u_palette", 0)
        fbo.use()
        vao.render(mode=moderngl.TRIANGLES, vertices=3)
        return tex

    def mark_good(self, tex: moderngl.Texture, slot: int = 0) -> None:
        self._slots[slot].good = tex

    def good(self, slot: int = 0) -> moderngl.Texture | None:
        state = self._slots.get(slot)
        return state.good if state is not None else None

    def release(self) -> None:
        for state in self._slots.values():
            state.release()
        self._slots = {}


class NumpyLayer(SceneLayer):
    """A numpy scene: rendered on the CPU at up to NUMPY_HEIGHT rows, uploaded, and
    scaled by the compositor like any other layer."""

    flip = True

    def __init__(self, ctx: moderngl.Context, scene: Scene) -> None:
        self.ctx = ctx
        self.scene = scene
        self.texture: moderngl.Texture | None = None
        self._good = False

    def draw(self, t: float, size: tuple[int, int], px: float, view: View = SCREEN,
             slot: int = 0) -> moderngl.Texture:
        if slot > 0 and self._good and self.texture is not None:
            return self.texture        # the same flat picture in both eyes: drawn once
        g = numpy_grid(size)
        img = self.scene.render(t, g)
        if not isinstance(img, np.ndarray) or img.shape != (*g.shape, 3):
            shape = getattr(img, "shape", type(img).__name__)
            raise ValueError(f"render returned {shape}, expected {(*g.shape, 3)}")
        if not np.issubdtype(img.dtype, np.floating) and not np.issubdtype(img.dtype,
                                                                           np.integer):
            raise ValueError(f"render returned {img.dtype} values, expected float32")
        data = np.asarray(img, dtype="f4")
        if not np.isfinite(data).all():
            raise ValueError("render returned NaN or infinite values")
        if self.texture is None or self.texture.size != (g.width, g.height):
            if self.texture is not None:      # a new size: a new texture (not release():
                self.texture.release()        # that also closes an isolated scene)
            self.texture = self.ctx.texture((g.width, g.height), 3, dtype="f4")
            self.texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            self.texture.repeat_x = self.texture.repeat_y = False
        self.texture.write(np.ascontiguousarray(data).tobytes())
        self._good = True
        return self.texture

    def good(self, slot: int = 0) -> moderngl.Texture | None:
        return self.texture if self._good else None

    def release(self) -> None:
        if self.texture is not None:
            self.texture.release()
            self.texture = None
        close = getattr(self.scene, "close", None)     # an isolated scene's worker process
        if callable(close):
            close()


def numpy_grid(size: tuple[int, int]) -> Grid:
    """The grid a numpy scene renders for an internal size (at most NUMPY_HEIGHT tall)."""
    w, h = size
    if h > NUMPY_HEIGHT:
        w, h = max(1, round(w * NUMPY_HEIGHT / h)), NUMPY_HEIGHT
    return grid(w, h)


def make_layer(ctx: moderngl.Context, scene: Scene) -> SceneLayer:
    if isinstance(scene, ShaderScene):
        return ShaderLayer(ctx, scene)
    return NumpyLayer(ctx, scene)


__all__ = ["NumpyLayer", "SceneLayer", "ShaderError", "ShaderLayer", "check_shader",
           "make_layer", "numpy_grid", "palette_texture", "program_for"]
