"""The compositor: one renderer for every driver.

``Compositor.frame(plan)`` turns a :class:`~player.timeline.FramePlan` into pixels at
the internal resolution: each visible scene renders over the shared coordinate grid,
the layers are crossfaded, the master fade, brightness and brightness cap applied,
the live guard bounds how fast the picture may swing, and an ordered (Bayer) dither
quantises to 8 bits so dark gradients do not band. ``present`` upscales that small
frame into the output surface with ``smoothscale``. The live session, previews,
stills, exports and the safety analysis all call the same ``frame``.

Everything until the upscale happens at the internal resolution (for example
480×270), which is what keeps a frame within a few milliseconds on a modest PC.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from player.fallback import FADE_S, fallback_image
from player.safety.guard import Guard
from player.timeline import FramePlan, Layer, smootherstep
from scenes import registry
from scenes.base import Grid, Scene, grid

DEFAULT_INTERNAL_HEIGHT = 270


def bayer(n: int = 8) -> np.ndarray:
    """An n×n ordered-dither threshold matrix with values in (0, 1)."""
    m = np.zeros((1, 1), dtype=np.float32)
    while m.shape[0] < n:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return ((m + 0.5) / m.size).astype(np.float32)


def internal_size(output: tuple[int, int], height: int = DEFAULT_INTERNAL_HEIGHT) -> tuple[int,
                                                                                           int]:
    """The internal (width, height) for an output size, keeping its aspect ratio."""
    w, h = output
    height = min(height, h)
    return max(1, round(height * w / h)), height


@dataclass
class SceneFault:
    """A scene raised while rendering; what the session log needs to know."""

    scene: str
    phase: str
    t: float
    error: str
    traceback: str


class Compositor:
    def __init__(self, output: tuple[int, int], *, seed: int = 0,
                 internal_height: int = DEFAULT_INTERNAL_HEIGHT, brightness_cap: float = 0.9,
                 on_fault: Callable[[SceneFault], None] | None = None,
                 guard: bool = True) -> None:
        self.output = output
        self.seed = seed
        self.brightness_cap = brightness_cap
        self.on_fault = on_fault
        # The live photosensitivity guard (player/safety/guard.py): a no-op on calm content,
        # so output stays a pure function of time; the safety check passes guard=False.
        self.guard: Callable[[np.ndarray], None] | None = Guard() if guard else None
        self._scenes: dict[tuple, Scene] = {}
        self._failed: dict[tuple, tuple[float, np.ndarray | None]] = {}
        self._last_good: dict[tuple, np.ndarray] = {}
        self._pending: dict[tuple, Future[Scene]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self.internal_height = internal_height
        self.resize(output)

    def resize(self, output: tuple[int, int], internal_height: int | None = None) -> None:
        """Change the output size or the internal resolution (scene caches are per grid)."""
        self.output = output
        self.internal_height = internal_height or self.internal_height
        w, h = internal_size(output, self.internal_height)
        self.size = (w, h)
        self.grid: Grid = grid(w, h)
        tile = bayer(8)
        reps = (-(-h // 8), -(-w // 8))
        # Full (H, W, 3) rather than broadcast: numpy adds contiguous arrays ~8x faster.
        self._dither = np.ascontiguousarray(np.repeat(
            np.tile(tile, reps)[:h, :w, None] - np.float32(0.5), 3, axis=2))
        self._acc = np.zeros((h, w, 3), dtype=np.float32)
        self.pixels = np.zeros((h, w, 3), dtype=np.uint8)

    def _build(self, layer: Layer) -> Scene:
        cls = registry.get(layer.slot.scene.scene)
        k0, k1 = layer.slot.key
        return cls(layer.slot.scene.params, seed=self.seed * 1009 + k0 * 31 + k1)

    def scene_for(self, layer: Layer) -> Scene:
        """The live scene instance for a layer's slot (built once, kept while visible)."""
        key = (layer.slot.key, layer.slot.scene.scene)
        scene = self._scenes.get(key)
        if scene is None:
            pending = self._pending.pop(key, None)
            scene = pending.result() if pending is not None else self._build(layer)
            self._scenes[key] = scene
        return scene

    def _forget_hidden(self, plan: FramePlan) -> None:
        """Drop scenes no longer on screen, with their caches: memory stays that of what
        is visible, however long the session (a scene coming round again is rebuilt,
        warmed ahead by ``prepare``)."""
        visible = {(layer.slot.key, layer.slot.scene.scene) for layer in plan.layers}
        for key in [k for k in self._scenes if k not in visible]:
            del self._scenes[key]
            self._last_good.pop(key, None)

    def prepare(self, layer: Layer) -> None:
        """Build a scene that will soon be visible and render it once, off the frame
        thread: its first render fills per-grid caches and can take tens of
        milliseconds, which would otherwise stall the frame it appears in."""
        key = (layer.slot.key, layer.slot.scene.scene)
        if key in self._scenes or key in self._pending or key in self._failed:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
        grid_now = self.grid

        def work() -> Scene:
            scene = self._build(layer)
            with contextlib.suppress(Exception):  # judged, and logged, when really shown
                scene.render(layer.t, grid_now)
            return scene
        while len(self._pending) >= 2:   # plans changed (a skip): forget stale warm-ups
            self._pending.pop(next(iter(self._pending)))
        self._pending[key] = self._pool.submit(work)

    def _render_layer(self, layer: Layer, plan: FramePlan) -> np.ndarray:
        """The layer's picture; after a fault, a crossfade to the fallback for that slot."""
        key = (layer.slot.key, layer.slot.scene.scene)
        if key not in self._failed:
            try:
                img = self.scene_for(layer).render(layer.t, self.grid)
                if img.shape != (*self.grid.shape, 3):
                    raise ValueError(f"render returned shape {img.shape}, expected "
                                     f"{(*self.grid.shape, 3)}")
                if not np.isfinite(img[::8, ::8]).all():
                    raise ValueError("render returned NaN or infinite values")
                self._last_good[key] = img
                return img
            except Exception as exc:  # a scene must never end a session
                self._failed[key] = (layer.t, self._last_good.pop(key, None))
                if self.on_fault is not None:
                    self.on_fault(SceneFault(layer.slot.scene.scene, plan.phase.name, plan.t,
                                             f"{type(exc).__name__}: {exc}",
                                             traceback.format_exc()))
        since, last = self._failed[key]
        safe = fallback_image(self.grid, layer.t)
        mix = smootherstep((layer.t - since) / FADE_S)
        if mix >= 1.0:
            return safe
        before = last if last is not None and last.shape == safe.shape else 0.0
        return safe * np.float32(mix) + before * np.float32(1.0 - mix)

    def linear_frame(self, plan: FramePlan, brightness: float = 1.0) -> np.ndarray:
        """The composed float32 (H, W, 3) image in [0, 1], before dithering."""
        acc = self._acc
        level = plan.fade * brightness * self.brightness_cap
        if len(self._scenes) > len(plan.layers):
            self._forget_hidden(plan)
        for i, layer in enumerate(plan.layers):
            img = self._render_layer(layer, plan)
            if i == 0:
                np.multiply(img, np.float32(layer.weight * level), out=acc)
            else:
                acc += img * np.float32(layer.weight * level)
        np.clip(acc, 0.0, self.brightness_cap, out=acc)
        if self.guard is not None:
            self.guard(acc)
        return acc

    def frame(self, plan: FramePlan, brightness: float = 1.0) -> np.ndarray:
        """The composed, dithered (H, W, 3) uint8 RGB frame at the internal resolution.

        The array is reused by the next call: copy it to keep it.
        """
        acc = self.linear_frame(plan, brightness)
        acc *= np.float32(255.0)
        acc += self._dither
        np.clip(acc, 0.0, 255.0, out=acc)
        np.copyto(self.pixels, acc, casting="unsafe")
        return self.pixels


class Presenter:
    """Upscales the compositor's frame into a pygame surface (the window, or a still)."""

    def __init__(self, compositor: Compositor, target) -> None:  # target: pygame.Surface
        import pygame

        self.pygame = pygame
        self.compositor = compositor
        self.target = target

    def retarget(self, target) -> None:
        """Draw into ``target`` from now on (after a resize or a new display mode)."""
        self.target = target

    def present(self) -> None:
        pg = self.pygame
        pixels = self.compositor.pixels
        h, w, _ = pixels.shape
        # SDL converts the small frame to the target's pixel layout (~0.1 ms at 480×270),
        # then smoothscale upscales straight into the target.
        src = pg.image.frombuffer(pixels, (w, h), "RGB").convert(self.target)
        size = self.target.get_size()
        if src.get_size() == size:
            self.target.blit(src, (0, 0))
        else:
            pg.transform.smoothscale(src, size, self.target)
