"""The live guard: strobing through the compositor is flattened, calm content untouched."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from player.compositor import Compositor
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.safety.analyser import analyse
from player.safety.guard import Guard
from player.timeline import Timeline, smootherstep
from scenes.base import Grid, Scene
from scenes.registry import register

FPS = 30
SIZE = (160, 90)


@register
class Strobe(Scene):
    """An adversarial plugin: full-field black/white at 10 Hz."""

    name = "test_strobe"
    description = "full-field strobe (a deliberately broken plugin)"

    def render(self, t: float, grid: Grid) -> np.ndarray:
        on = int(t * 20 + 1e-6) % 2 == 0
        return np.full((*grid.shape, 3), 1.0 if on else 0.0, np.float32)


@register
class RedFlicker(Scene):
    """Saturated red against dark red at 8 Hz: little luminance change, a red flash."""

    name = "test_red_flicker"
    description = "red flicker (a deliberately broken plugin)"

    def render(self, t: float, grid: Grid) -> np.ndarray:
        r = 1.0 if int(t * 16 + 1e-6) % 2 == 0 else 0.6
        img = np.zeros((*grid.shape, 3), np.float32)
        img[..., 0] = r
        return img


@register
class Flat(Scene):
    """A steady mid-grey field, for brightness-key abuse."""

    name = "test_flat"
    description = "flat grey"

    def render(self, t: float, grid: Grid) -> np.ndarray:
        return np.full((*grid.shape, 3), 0.8, np.float32)


@register
class SmallStrobe(Scene):
    """A strobing 16×12 patch of a 480×270 frame: under 2 % of a 10° window."""

    name = "test_small_strobe"
    description = "a small strobing patch"

    def render(self, t: float, grid: Grid) -> np.ndarray:
        img = np.full((*grid.shape, 3), 0.2, np.float32)
        h, w = grid.shape
        if int(t * 20 + 1e-6) % 2 == 0:
            img[h // 2 - 6:h // 2 + 6, w // 2 - 8:w // 2 + 8] = 1.0
        return img


def timeline(*scenes: str, length: float, fade: float = 0.0,
             transition: float = 12.0) -> Timeline:
    phases = tuple(PhaseSpec(f"phase {i}", (SceneRef(s),), weight=1.0, transition=transition)
                   for i, s in enumerate(scenes))
    return Timeline.build(Playlist("test", phases, fade_in=fade, fade_out=fade), length)


def shown(tl: Timeline, guard: Guard | None, seconds: float, start: float = 0.0,
          brightness: Callable[[float], float] = lambda t: 1.0,
          size: tuple[int, int] = SIZE) -> Iterator[np.ndarray]:
    """The frames a viewer sees, at the analysis size and rate."""
    comp = Compositor(size, seed=3, internal_height=size[1], brightness_cap=1.0)
    comp.guard = guard
    for i in range(round(seconds * FPS)):
        t = start + i / FPS
        yield comp.frame(tl.at(t), brightness(t)).copy()


@pytest.mark.parametrize("scene, kind", [("test_strobe", "general"),
                                         ("test_red_flicker", "red")])
def test_a_strobing_plugin_cannot_reach_the_screen(scene, kind):
    tl = timeline(scene, length=10)
    raw = analyse(shown(tl, None, 6), FPS)
    assert raw.verdict == "fail" and kind in {p.kind for p in raw.problems}
    guard = Guard(fps=FPS)
    guarded = analyse(shown(tl, guard, 6), FPS)
    assert guarded.verdict == "pass", guarded.problems
    assert guard.active_frames > 0


def test_flashing_too_small_to_matter_is_left_alone():
    # Far under WCAG's 25 % of a 10° window, and under the fifth of it from which the guard
    # acts, so tiny glints (fireflies, the rim of the breathing orb) stay as drawn.
    tl = timeline("test_small_strobe", length=10)
    big = (480, 270)
    assert analyse(shown(tl, None, 3, size=big), FPS).verdict != "fail"
    guard = Guard(fps=FPS)
    raw = list(shown(tl, None, 3, start=1, size=big))
    guarded = list(shown(tl, guard, 3, start=1, size=big))
    assert all(np.array_equal(a, b) for a, b in zip(raw, guarded))
    assert guard.active_frames == 0


def test_brightness_keys_pressed_rapidly_cannot_flash():
    tl = timeline("test_flat", length=10)

    def keys(t: float) -> float:                   # up/down five times a second
        return 1.0 if int(t * 10) % 2 == 0 else 0.2

    assert analyse(shown(tl, None, 5, brightness=keys), FPS).verdict == "fail"
    assert analyse(shown(tl, Guard(fps=FPS), 5, brightness=keys), FPS).verdict == "pass"


def _same(tl: Timeline, seconds: float, start: float = 0.0,
          brightness: Callable[[float], float] = lambda t: 1.0) -> None:
    guard = Guard(fps=FPS)
    pairs = zip(shown(tl, None, seconds, start, brightness),
                shown(tl, guard, seconds, start, brightness), strict=True)
    worst = max(int(np.abs(a.astype(int) - b).max()) for a, b in pairs)
    assert worst <= 1, f"the guard changed calm content by {worst}/255"
    assert guard.active_frames == 0


def test_the_fade_in_passes_through_unchanged():
    _same(timeline("sunrise", length=120, fade=20), 24)


def test_a_twelve_second_crossfade_passes_through_unchanged():
    tl = timeline("aurora", "sunrise", length=60, transition=12)
    _same(tl, 14, start=23)


def test_a_quick_pause_fade_to_a_dim_still_passes_through_unchanged():
    tl = timeline("sunrise", length=600)

    def pause(t: float) -> float:                  # 2 s glide from full to 25 %
        return 1.0 - 0.75 * smootherstep((t - 101.0) / 2.0)

    _same(tl, 5, start=100, brightness=pause)


def test_live_guard_measures_frame_time_from_its_clock():
    ticks = iter(range(10**6))
    guard = Guard(clock=lambda: next(ticks) / FPS)      # a display running at 30 Hz
    tl = timeline("test_strobe", length=10)
    assert analyse(shown(tl, guard, 6), FPS).verdict == "pass"
