"""The compositor: one GPU renderer for every driver.

``Compositor.render(plan)`` turns a :class:`~player.timeline.FramePlan` into the
picture, on the GPU through moderngl, in four passes:

1. every visible scene draws itself into a texture at the internal resolution (the
   output's, or a fraction the frame governor picks on a slow renderer); a scene that
   raises, or draws NaN or infinite pixels, is crossfaded from its last good frame to a
   safe fallback, retried later, and reported;
2. *compose* mixes the layers in OKLab, applies the master fade, the brightness and
   the brightness cap, and writes linear light;
3. *grade* adds a soft bloom and, where the live guard holds a swing back, shows only
   part of the step from the previous frame (the guard judges a small probe image
   read back each frame);
4. *present* scales to the output size, encodes sRGB and dithers with temporal blue
   noise after the scaling.

The live window, previews, stills, the gallery, the safety check, benches and exports
all call the same ``render``; only the target differs (``frame()`` reads it back).
Textures live as long as the scenes that use them: nothing is created per frame.

A :class:`~player.gl.view.View` says how the picture looks at the scene (the flat
screen, an equirectangular 360° or VR180 frame, a headset eye) and which eye it is;
``render_views`` draws several views of one frame (stereo: two eyes into two viewports)
with buffers of their own per view, while the guard judges the first view only and
holds both alike, and faults are judged and logged once per frame.
"""

from __future__ import annotations

import contextlib
import math
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import moderngl
import numpy as np

from player.fallback import FADE_S, RETRY_S, Fallback
from player.gl.bluenoise import blue_noise
from player.gl.context import offscreen
from player.gl.program import library_program, set_uniform
from player.gl.scenepass import SceneLayer, ShaderLayer, make_layer, numpy_grid
from player.gl.view import SCREEN, View, Viewport
from player.safety import guard as guard_mod
from player.timeline import FramePlan, Layer, smootherstep
from scenes import registry
from scenes.base import Scene, ShaderScene

MAX_LAYERS = 4
DEFAULT_BLOOM = 0.35
DITHER_FPS = 60.0          # the dither pattern changes with the frame's time at this rate


def internal_size(output: tuple[int, int], height: int | None = None) -> tuple[int, int]:
    """The internal (width, height) for an output size and render height, same aspect."""
    w, h = output
    height = h if height is None else max(1, min(height, h))
    return max(1, round(height * w / h)), height


@dataclass
class SceneFault:
    """A scene failed while rendering; what the session log needs to know."""

    scene: str
    phase: str
    t: float
    error: str
    traceback: str


@dataclass
class _Failed:
    """A slot whose scene failed: fading to the fallback, and when to try it again."""

    since: float
    retry_at: float
    attempts: int = 1
    recovered_at: float | None = None


@dataclass
class _Frame:
    """Per-frame layer list for the compose pass: textures, weights, orientation."""

    textures: list[moderngl.Texture] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    flips: list[float] = field(default_factory=list)

    def add(self, tex: moderngl.Texture | None, weight: float, flip: bool) -> None:
        if tex is not None and weight > 1e-6:
            self.textures.append(tex)
            self.weights.append(weight)
            self.flips.append(1.0 if flip else 0.0)


@dataclass
class _Pipe:
    """One view's buffers: the composed picture, its glow, and the last two frames shown
    (the guard's hold blends from the previous one of the same view)."""

    comp: tuple[moderngl.Texture, moderngl.Framebuffer]
    shown: list[tuple[moderngl.Texture, moderngl.Framebuffer]]
    glow: tuple[moderngl.Texture, moderngl.Framebuffer]
    turn: int = 0
    has_prev: bool = False


class Compositor:
    def __init__(self, output: tuple[int, int], *, seed: int = 0,
                 internal_height: int | None = None, brightness_cap: float = 0.9,
                 on_fault: Callable[[SceneFault], None] | None = None,
                 guard: bool = True, ctx: moderngl.Context | None = None,
                 bloom: float = DEFAULT_BLOOM, grain: float = 0.0, levels: int = 255) -> None:
        self.ctx = ctx or offscreen()
        self.seed = seed
        self.brightness_cap = brightness_cap
        self.on_fault = on_fault
        self.bloom = bloom
        self.grain = grain
        self.levels = levels
        # The live photosensitivity guard (player/safety/guard.py): a no-op on calm content,
        # so output stays a pure function of time; stills and the safety check pass False.
        self.guard: guard_mod.Guard | None = guard_mod.Guard() if guard else None
        self._layers: dict[tuple, SceneLayer] = {}
        self._failed: dict[tuple, _Failed] = {}
        self._pending: dict[tuple, Future[Scene]] = {}
        self._warmed: set[type] = set()
        self._pool: ThreadPoolExecutor | None = None
        self._fallback = ShaderLayer(self.ctx, Fallback({}, seed=seed))
        self._programs()
        self._target: tuple[moderngl.Texture, moderngl.Framebuffer] | None = None
        self._readbacks: dict[str, tuple[moderngl.Texture, moderngl.Framebuffer]] = {}
        self._frame_no = 0
        self._views: list[View] = [SCREEN]
        self.output = output
        self.internal_height = internal_height
        self.size = internal_size(output, internal_height)
        self._allocate()

    # -- GPU resources --------------------------------------------------------------------
    def _programs(self) -> None:
        ctx = self.ctx
        # one program per layer count, and grade with and without the guard's hold: a
        # software renderer runs both sides of every branch, so variants are cheaper
        self._composers = {n: library_program(ctx, "compose.frag", f"#define LAYERS {n}\n")
                           for n in range(1, MAX_LAYERS + 1)}
        self._graders = {hold: library_program(ctx, "grade.frag", f"#define HOLD {int(hold)}\n")
                         for hold in (False, True)}
        self._present = library_program(ctx, "present.frag")
        self._probe_prog = library_program(ctx, "probe.frag")
        self._nonfinite = library_program(ctx, "nonfinite.frag")
        self._bloom_prog = library_program(ctx, "bloom.frag")
        self._vaos = {p: ctx.vertex_array(p, []) for p in (
            *self._composers.values(), *self._graders.values(), self._present,
            self._probe_prog, self._nonfinite, self._bloom_prog)}
        noise = blue_noise()
        self._noise = ctx.texture(noise.shape[::-1], 1, noise.tobytes(), dtype="f4")
        self._noise.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._noise.repeat_x = self._noise.repeat_y = True
        self._ones = ctx.texture((1, 1), 1, np.ones(1, "f4").tobytes(), dtype="f4")
        self._black = ctx.texture((1, 1), 4, np.zeros(4, "f4").tobytes(), dtype="f4")
        self._query = ctx.query(samples=True)
        self._gain: moderngl.Texture | None = None
        self._probe: tuple[moderngl.Texture, moderngl.Framebuffer] | None = None

    def _texture(self, size: tuple[int, int], mipmaps: bool = False) -> tuple[
            moderngl.Texture, moderngl.Framebuffer]:
        tex = self.ctx.texture(size, 4, dtype="f2")
        tex.repeat_x = tex.repeat_y = False
        if mipmaps:
            tex.build_mipmaps()
            tex.filter = (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR)
        else:
            tex.filter = (moderngl.LINEAR, moderngl.LINEAR)
        return tex, self.ctx.framebuffer(color_attachments=[tex])

    def _allocate(self) -> None:
        for pair in getattr(self, "_internal", ()):
            pair[1].release()
            pair[0].release()
        self._internal: list[tuple[moderngl.Texture, moderngl.Framebuffer]] = []
        self._pipes: list[_Pipe] = []
        self._slot = 0
        self._load(self._pipe(0))

    def _pipe(self, slot: int) -> _Pipe:
        """The buffers of view ``slot`` (made when a frame first has that many views)."""
        while len(self._pipes) <= slot:
            w, h = self.size
            pipe = _Pipe(self._texture(self.size, mipmaps=True),
                         [self._texture(self.size), self._texture(self.size)],
                         self._texture((max(1, w // 8), max(1, h // 8))))
            self._pipes.append(pipe)
            self._internal += [pipe.comp, *pipe.shown, pipe.glow]
        return self._pipes[slot]

    def _load(self, pipe: _Pipe) -> None:
        self._comp, self._shown, self._glow = pipe.comp, pipe.shown, pipe.glow
        self._turn, self._has_prev = pipe.turn, pipe.has_prev

    def _switch(self, slot: int) -> None:
        """Make view ``slot``'s buffers the ones the passes use."""
        if slot != self._slot:
            here = self._pipes[self._slot]
            here.turn, here.has_prev = self._turn, self._has_prev
            self._load(self._pipe(slot))
            self._slot = slot

    def resize(self, output: tuple[int, int], internal_height: int | None = None) -> None:
        """A new output size, or a new internal resolution (the governor's choice)."""
        self.output = output
        if internal_height is not None:
            self.internal_height = internal_height
        size = internal_size(output, self.internal_height)
        if size != self.size:
            self.size = size
            self._allocate()

    # -- scenes ---------------------------------------------------------------------------
    def _build(self, layer: Layer) -> Scene:
        cls = registry.get(layer.slot.scene.scene)
        k0, k1 = layer.slot.key
        from player.isolation import isolate  # plugin numpy scenes: in a worker process
        report = self.on_fault
        return isolate(cls, layer.slot.scene.params, seed=self.seed * 1009 + k0 * 31 + k1,
                       on_fault=None if report is None else lambda f: report(SceneFault(
                           f.scene, f.phase, f.t, f.error, f.traceback)),
                       realtime=self.guard is not None)

    @staticmethod
    def _key(layer: Layer) -> tuple:
        return (layer.slot.key, layer.slot.scene.scene)

    def scene_layer(self, layer: Layer) -> SceneLayer:
        """The live scene layer for a plan layer's slot (built once, kept while visible)."""
        key = self._key(layer)
        found = self._layers.get(key)
        if found is None:
            pending = self._pending.pop(key, None)
            scene = pending.result() if pending is not None else self._build(layer)
            found = make_layer(self.ctx, scene)
            self._layers[key] = found
        return found

    def prepare(self, layer: Layer) -> None:
        """Get a scene that will soon be visible ready, so it never stalls the frame it
        appears in: a shader scene's program is compiled now (once per scene kind); a
        numpy scene is built and rendered once on a worker thread (first renders fill
        its caches and can take tens of milliseconds)."""
        key = self._key(layer)
        if key in self._layers or key in self._pending or key in self._failed:
            return
        cls = registry.get(layer.slot.scene.scene)
        if issubclass(cls, ShaderScene):
            if cls not in self._warmed:       # compile, and draw once: drivers compile
                self._warmed.add(cls)         # to machine code on the first draw
                with contextlib.suppress(Exception):
                    scene = self._build(layer)    # a shader scene is never isolated
                    if isinstance(scene, ShaderScene):
                        warm = ShaderLayer(self.ctx, scene)
                        for view in {*self._views, SCREEN}:     # the views last drawn
                            warm.draw(layer.t, (8, 8), 0.25, view)
                        warm.release()
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
        grid_now = numpy_grid(self.size)

        def work() -> Scene:
            scene = self._build(layer)
            with contextlib.suppress(Exception):   # judged, and logged, when really shown
                scene.render(layer.t, grid_now)
            return scene
        while len(self._pending) >= 2:   # plans changed (a skip): forget stale warm-ups
            self._pending.pop(next(iter(self._pending)))
        self._pending[key] = self._pool.submit(work)

    def _forget_hidden(self, plan: FramePlan) -> None:
        """Drop scenes no longer on screen with their textures: memory stays that of what
        is visible, however long the session."""
        visible = {self._key(layer) for layer in plan.layers}
        for key in [k for k in self._layers if k not in visible]:
            self._layers.pop(key).release()
        for key in [k for k in self._failed if k not in visible]:
            del self._failed[key]

    def _fault(self, layer: Layer, plan: FramePlan, error: str, tb: str) -> None:
        key = self._key(layer)
        failed = self._failed.get(key)
        if failed is None:
            self._failed[key] = _Failed(layer.t, layer.t + RETRY_S)
        else:                     # a retry failed: back to the fallback, wait twice as long
            failed.attempts += 1
            failed.since = layer.t if failed.recovered_at is not None else failed.since
            failed.recovered_at = None
            failed.retry_at = layer.t + RETRY_S * 2 ** (failed.attempts - 1)
        if self.on_fault is not None:
            self.on_fault(SceneFault(layer.slot.scene.scene, plan.phase.name, plan.t, error, tb))

    def _draw_scene(self, layer: Layer, plan: FramePlan, view: View = SCREEN,
                    slot: int = 0) -> moderngl.Texture | None:
        """The scene's texture for this frame, or None when it failed."""
        try:
            source = self.scene_layer(layer)
            tex = source.draw(layer.t, self.size, view.px(self.size), view, slot)
        except Exception as exc:     # a scene must never end a session
            self._fault(layer, plan, f"{type(exc).__name__}: {exc}", traceback.format_exc())
            return None
        if slot > 0:                 # judged on the first view, once per frame
            if isinstance(source, ShaderLayer):
                source.mark_good(tex, slot)
            return tex
        # Non-finite pixels never reach the screen (compose zeroes them); counting them, to
        # fall back and report, costs a pass, so the live path counts every 4th frame.
        if isinstance(source, ShaderLayer) and (self.guard is None or self._frame_no % 4 == 0
                                                or source.last_good is None):
            bad = self._count_nonfinite(tex)
            if bad:
                self._fault(layer, plan, f"ValueError: the shader drew {bad} NaN or infinite "
                            f"pixels", "")
                return None
            source.mark_good(tex)
        return tex

    def _count_nonfinite(self, tex: moderngl.Texture) -> int:
        fbo = self._comp[1]
        fbo.use()
        fbo.color_mask = (False, False, False, False)
        tex.use(location=0)
        self._nonfinite["u_tex"].value = 0
        with self._query:
            self._vaos[self._nonfinite].render(mode=moderngl.TRIANGLES, vertices=3)
        fbo.color_mask = (True, True, True, True)
        return int(self._query.samples)

    def _layer_textures(self, plan: FramePlan, out: _Frame, view: View = SCREEN,
                        slot: int = 0) -> None:
        """What each layer contributes: the scene, or its crossfade to and from the
        fallback after a fault (decided by the first view; later views follow it)."""
        for layer in sorted(plan.layers, key=lambda ly: -ly.weight)[:MAX_LAYERS]:
            key = self._key(layer)
            failed = self._failed.get(key)
            if failed is None:
                tex = self._draw_scene(layer, plan, view, slot)
                source = self._layers.get(key)
                if tex is not None:
                    out.add(tex, layer.weight, bool(source and source.flip))
                    continue
                failed = self._failed[key]
            fb = self._fallback.draw(layer.t, self.size, view.px(self.size), view, slot)
            source = self._layers.get(key)
            if failed.recovered_at is None and layer.t >= failed.retry_at and slot == 0:
                tex = self._draw_scene(layer, plan)        # try the scene again
                if tex is not None:
                    failed.recovered_at = layer.t
            if failed.recovered_at is not None:            # fading back to the scene
                back = smootherstep((layer.t - failed.recovered_at) / FADE_S)
                if back >= 1.0 and slot == len(self._views) - 1:
                    del self._failed[key]
                tex = self._draw_scene(layer, plan, view, slot) if back > 0 else None
                out.add(fb, layer.weight * (1 - back), False)
                if tex is not None and key in self._layers:
                    out.add(tex, layer.weight * back, self._layers[key].flip)
                continue
            gone = smootherstep(max(0.0, layer.t - failed.since) / FADE_S)
            last = source.good(slot) if source is not None else None
            out.add(last, layer.weight * (1 - gone), bool(source and source.flip))
            out.add(fb, layer.weight * (gone if last is not None else 1.0), False)

    # -- the frame --------------------------------------------------------------------------
    def render(self, plan: FramePlan, brightness: float = 1.0,
               target: moderngl.Framebuffer | None = None, view: View = SCREEN) -> None:
        """Draw ``plan`` into ``target`` (default: this compositor's own output buffer)
        as ``view`` sees it (default: the flat screen, mono)."""
        self.render_views(plan, brightness, target, [(view, None)])

    def render_views(self, plan: FramePlan, brightness: float,
                     target: moderngl.Framebuffer | None,
                     views: list[tuple[View, Viewport | None]]) -> None:
        """Draw one frame of ``plan`` once per view, each into its viewport of ``target``
        (None: all of it), each picture at the compositor's output size scaled into its
        viewport. The guard judges the first view and both get the same hold; the
        dither pattern, fault handling and frame count advance once per frame."""
        target = target or self._output_fbo()
        if len(self._layers) > len(plan.layers) or self._failed:
            self._forget_hidden(plan)
        level = plan.fade * brightness * self.brightness_cap
        if level <= 0.0:               # faded out: black, and no scene needs to draw
            target.use()
            self.ctx.clear(0.0, 0.0, 0.0, 1.0)
            self._has_prev = False
            for pipe in self._pipes:
                pipe.has_prev = False
            return
        self._views = [view for view, _ in views]
        frame_no = self._frame_no
        gains = None
        full = target.viewport
        try:
            for slot, (view, viewport) in enumerate(views):
                self._switch(slot)
                layers = _Frame()
                self._layer_textures(plan, layers, view, slot)
                self._compose_pass(layers, level)
                self._bloom_pass()
                if slot == 0:
                    gains = self._judge() if self.guard is not None else None
                shown = self._grade_pass(gains if self._has_prev else None)
                target.viewport = viewport or full
                self._frame_no = frame_no
                self._present_pass(shown, plan.t, target)
        finally:
            target.viewport = full
            self._switch(0)

    def _compose_pass(self, layers: _Frame, level: float) -> None:
        count = len(layers.textures)
        full = count == 1 and layers.weights[0] == 1.0
        prog = self._composers[1 if full else max(2, count)]
        weights = [0.0] * MAX_LAYERS
        flips = [0.0] * MAX_LAYERS
        for i, tex in enumerate(layers.textures):
            tex.use(location=i)
            weights[i], flips[i] = layers.weights[i], layers.flips[i]
        if not layers.textures:
            self._ones.use(location=0)
        for i in range(MAX_LAYERS):
            set_uniform(prog, f"u_layer{i}", i if i < count else 0)
        set_uniform(prog, "u_weight", tuple(weights))
        set_uniform(prog, "u_flip", tuple(flips))
        prog["u_level"].value = float(level)
        prog["u_cap"].value = float(self.brightness_cap)
        self._comp[1].use()
        self._vaos[prog].render(mode=moderngl.TRIANGLES, vertices=3)
        if self.bloom > 0 or self.guard is not None:
            self._comp[0].build_mipmaps()

    def _bloom_pass(self) -> None:
        if self.bloom <= 0:
            return
        self._comp[0].use(location=0)
        self._bloom_prog["u_comp"].value = 0
        self._bloom_prog["u_bloom"].value = float(self.bloom)
        self._glow[1].use()
        self._vaos[self._bloom_prog].render(mode=moderngl.TRIANGLES, vertices=3)

    def _use_bloom(self, prog: moderngl.Program, location: int) -> None:
        (self._glow[0] if self.bloom > 0 else self._black).use(location=location)
        prog["u_bloom"].value = location

    def _judge(self) -> np.ndarray | None:
        """Read back the probe of the new frame and let the guard decide."""
        assert self.guard is not None
        h = guard_mod.PROBE_HEIGHT
        size = (max(1, round(h * self.output[0] / self.output[1])), h)
        if self._probe is None or self._probe[0].size != size:
            tex = self.ctx.texture(size, 4, dtype="f4")
            self._probe = (tex, self.ctx.framebuffer(color_attachments=[tex]))
        prog = self._probe_prog
        self._comp[0].use(location=0)
        prog["u_comp"].value = 0
        prog["u_probe"].value = (float(size[0]), float(size[1]))
        self._use_bloom(prog, 1)
        self._probe[1].use()
        self._vaos[prog].render(mode=moderngl.TRIANGLES, vertices=3)
        data = np.frombuffer(self._probe[1].read(components=4, dtype="f4"), np.float32)
        probe = data.reshape(size[1], size[0], 4)[::-1, :, :3]   # first row at the top
        gains = self.guard.judge(np.ascontiguousarray(probe))
        if gains is None or not self._has_prev:
            return None
        gains = np.ascontiguousarray(gains[::-1], dtype="f4")    # GL: first row at the bottom
        if self._gain is None or self._gain.size != (gains.shape[1], gains.shape[0]):
            self._gain = self.ctx.texture((gains.shape[1], gains.shape[0]), 1, dtype="f4")
            self._gain.filter = (moderngl.LINEAR, moderngl.LINEAR)
            self._gain.repeat_x = self._gain.repeat_y = False
        self._gain.write(gains.tobytes())
        return gains

    def _grade_pass(self, gains: np.ndarray | None) -> moderngl.Texture:
        hold = gains is not None and self._gain is not None
        prog = self._graders[hold]
        prev = self._shown[self._turn]
        self._turn ^= 1
        tex, fbo = self._shown[self._turn]
        self._comp[0].use(location=0)
        prev[0].use(location=1)
        gain = self._gain if hold else self._ones
        assert gain is not None             # a hold is only asked for with a gain map
        gain.use(location=2)
        set_uniform(prog, "u_comp", 0)
        set_uniform(prog, "u_prev", 1)
        set_uniform(prog, "u_gain", 2)
        prog["u_cap_linear"].value = _srgb_to_linear(self.brightness_cap)
        self._use_bloom(prog, 3)
        fbo.use()
        self._vaos[prog].render(mode=moderngl.TRIANGLES, vertices=3)
        self._has_prev = True
        return tex

    def _present_pass(self, shown: moderngl.Texture, t: float,
                      target: moderngl.Framebuffer) -> None:
        prog = self._present
        k = math.floor(t * DITHER_FPS + 1e-6)
        n = self._noise.size[0]
        shown.use(location=0)
        self._noise.use(location=1)
        prog["u_shown"].value = 0
        prog["u_noise"].value = 1
        prog["u_noise_shift"].value = ((k * 0.7548776662) % 1.0 * n,
                                       (k * 0.5698402910) % 1.0 * n)
        prog["u_noise_turn"].value = (k * 0.6180339887) % 1.0
        prog["u_levels"].value = float(self.levels)
        prog["u_grain"].value = float(self.grain)
        target.use()
        self._vaos[prog].render(mode=moderngl.TRIANGLES, vertices=3)
        self._frame_no += 1

    def mirror(self, target: moderngl.Framebuffer) -> None:
        """The last frame shown, again, scaled to ``target`` (the console's live mirror: a
        small target costs a small pass and a small readback). Black when faded out."""
        if not self._has_prev:
            target.use()
            self.ctx.clear(0.0, 0.0, 0.0, 1.0)
            return
        frame_no = self._frame_no
        self._present_pass(self._shown[self._turn][0], 0.0, target)
        self._frame_no = frame_no          # not a frame of the patient's

    # -- offscreen output -------------------------------------------------------------------
    def _output_fbo(self) -> moderngl.Framebuffer:
        if self._target is None or self._target[0].size != self.output:
            if self._target is not None:
                self._target[1].release()
                self._target[0].release()
            tex = self.ctx.texture(self.output, 4)
            self._target = (tex, self.ctx.framebuffer(color_attachments=[tex]))
        return self._target[1]

    def frame(self, plan: FramePlan, brightness: float = 1.0,
              views: list[tuple[View, Viewport | None]] | None = None) -> np.ndarray:
        """The finished (H, W, 3) uint8 sRGB picture, read back: at the output size, or
        with ``views`` the whole frame their viewports tile (a stereo export's two eyes)."""
        if views is None:
            return self._read(self._output_fbo(), plan, brightness, None, "f1")
        size = _tiled(views, self.output)
        return self._read(self._readback(size, "f1"), plan, brightness, views, "f1")

    def frame16(self, plan: FramePlan, brightness: float = 1.0,
                views: list[tuple[View, Viewport | None]] | None = None) -> np.ndarray:
        """:meth:`frame` as uint16 (0..65535), read back from a 16-bit target, so a
        dither to ``levels=1023`` (10-bit video) survives the read-back."""
        size = self.output if views is None else _tiled(views, self.output)
        return self._read(self._readback(size, "nu2"), plan, brightness, views, "nu2")

    def _read(self, fbo: moderngl.Framebuffer, plan: FramePlan, brightness: float,
              views: list[tuple[View, Viewport | None]] | None, dtype: str) -> np.ndarray:
        self.render_views(plan, brightness, fbo, views or [(SCREEN, None)])
        w, h = fbo.size
        data = np.frombuffer(fbo.read(components=3, alignment=1, dtype=dtype),
                             np.uint8 if dtype == "f1" else np.uint16)
        return np.ascontiguousarray(data.reshape(h, w, 3)[::-1])

    def _readback(self, size: tuple[int, int], dtype: str) -> moderngl.Framebuffer:
        """A read-back target of ``size`` and sample type, kept while the size stays."""
        pair = self._readbacks.get(dtype)
        if pair is None or pair[0].size != size:
            if pair is not None:
                pair[1].release()
                pair[0].release()
            tex = self.ctx.texture(size, 4, dtype=dtype)
            pair = self._readbacks[dtype] = (tex, self.ctx.framebuffer(color_attachments=[tex]))
        return pair[1]

    def release(self) -> None:
        """Free every GPU resource (the context itself stays)."""
        for source in self._layers.values():
            source.release()
        self._layers.clear()
        self._fallback.release()
        for tex, fbo in [*self._internal, *self._readbacks.values(),
                         *(p for p in (self._target, self._probe) if p)]:
            fbo.release()
            tex.release()
        if self._pool is not None:
            self._pool.shutdown(wait=False)


def _tiled(views: list[tuple[View, Viewport | None]],
           output: tuple[int, int]) -> tuple[int, int]:
    """The size of the frame that the views' viewports tile (``output`` without any)."""
    ports = [v for _, v in views if v is not None]
    if not ports:
        return output
    return max(x + w for x, _, w, _ in ports), max(y + h for _, y, _, h in ports)


def _srgb_to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
