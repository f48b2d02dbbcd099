"""The live guard in a numpy model of the compositor (player/safety/guardsim.py):
adversarial plugins are held under WCAG without a step, legitimate content is shown
exactly as drawn, and nothing switches the guard off."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from player.safety import guardsim as gs
from player.safety.analyser import analyse
from player.safety.guard import CELLS_X, CELLS_Y, PROBE_HEIGHT, Guard, bilinear

FPS = 60.0
SECONDS = 6.0


def frames(scene: gs.Scene, seconds: float = SECONDS) -> list[np.ndarray]:
    return list(gs.play(scene, seconds, FPS))


@pytest.mark.parametrize("name", sorted(gs.ADVERSARIAL))
def test_an_adversarial_plugin_is_held_under_wcag_without_a_step(name):
    drawn = frames(gs.ADVERSARIAL[name])
    raw = analyse(gs.shown(drawn, None), FPS)
    assert raw.verdict == "fail"
    guard = Guard(fps=FPS)
    seen = [f.astype(np.int16) for f in gs.shown(drawn, guard)]
    report = analyse((f.astype(np.uint8) for f in seen), FPS)
    assert report.verdict == "pass", report.problems
    assert guard.active_frames > 0
    # once the guard acts, the picture glides: no pixel moves more than 2/255 a frame
    first = next(i for i in range(1, len(seen)) if not np.array_equal(
        seen[i], gs.encode(drawn[i]).astype(np.int16)))
    steps = [int(np.abs(b - a).max()) for a, b in zip(seen[first:], seen[first + 1:])]
    assert max(steps) <= 2


@pytest.mark.parametrize("name", sorted(gs.LEGITIMATE))
def test_legitimate_fast_content_is_shown_as_drawn(name):
    drawn = frames(gs.LEGITIMATE[name])
    guard = Guard(fps=FPS)
    worst = max(int(np.abs(a.astype(np.int16) - b).max())
                for a, b in zip(gs.shown(drawn, None), gs.shown(drawn, guard), strict=True))
    assert worst <= 2, f"the guard changed {name} by {worst}/255"
    assert guard.active_frames == 0


def small_strobe(t: float) -> np.ndarray:
    """A strobing patch of 2 % of a 10° field (a firefly's glint, a breathing orb's rim)."""
    f = np.full((gs.SIZE[1], gs.SIZE[0], 3), gs.linear(0.2), np.float32)
    if (t * 20 + 1e-9) % 2 < 1:
        f[70:76, 120:128] = 1.0
    return f


def test_flashing_too_small_to_matter_is_left_alone():
    guard = Guard(fps=FPS)
    drawn = frames(small_strobe, 3)
    pairs = zip(gs.shown(drawn, None), gs.shown(drawn, guard), strict=True)
    assert all(np.array_equal(a, b) for a, b in pairs)
    assert guard.active_frames == 0


def with_nan(scene: gs.Scene) -> gs.Scene:
    def draw(t: float) -> np.ndarray:
        f = scene(t).copy()
        f[3, 5] = np.nan
        f[40:42, 100] = np.inf
        return f
    return draw


def test_nan_in_a_few_pixels_keeps_the_guard_on():
    guard = Guard(fps=FPS)
    drawn = frames(with_nan(gs.strobe(10)))
    seen = list(gs.shown([np.nan_to_num(f, posinf=1.0) for f in drawn], None))
    assert analyse(seen, FPS).verdict == "fail"
    # the compositor zeroes non-finite pixels before the probe; the guard must survive
    # them anyway, and keep guarding
    probes = [gs.probe_of(f) for f in drawn]
    assert any(not np.isfinite(p).all() for p in probes)
    out = []
    prev = None
    for f, p in zip(drawn, probes, strict=True):
        gains = guard.judge(p)
        shown = np.nan_to_num(f, posinf=1.0)
        if gains is not None and prev is not None:
            shown = prev + bilinear(gains, *f.shape[:2])[..., None] * (shown - prev)
        prev = shown
        out.append(gs.encode(shown))
    assert analyse(out, FPS).verdict == "pass"
    assert guard.judge(np.full((PROBE_HEIGHT, 128, 3), np.nan, np.float32)) is not None


def test_a_probe_of_the_wrong_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="probe"):
        Guard().judge(np.zeros((72, 128), np.float32))


def strobe_probes(shape: tuple[int, int], start: int, count: int) -> Iterator[np.ndarray]:
    for i in range(start, start + count):
        yield np.full((*shape, 3), 1.0 if (i // 3) % 2 else 0.0, np.float32)


def test_a_new_probe_shape_keeps_the_guard_engaged():
    guard = Guard(fps=FPS)
    for p in strobe_probes((72, 128), 0, 60):
        gains = guard.judge(p)
    assert gains is not None and gains.max() < 0.2
    # the window went from 16:9 to 4:3: the probe changes shape mid-strobe
    held = [guard.judge(p) for p in strobe_probes((72, 96), 60, 30)]
    assert all(g is not None and g.max() < 0.2 for g in held)


def test_changing_the_rate_does_not_forget():
    guard = Guard(fps=FPS)
    for p in strobe_probes((72, 128), 0, 60):
        guard.judge(p)
    guard.rate = 30.0                        # the governor halves the frame rate
    assert guard.rate == 30.0
    assert guard.judge(next(strobe_probes((72, 128), 60, 1))) is not None
    guard.reset()
    assert guard.judge(next(strobe_probes((72, 128), 61, 1))) is None


def test_live_rate_is_measured_from_the_clock():
    ticks = iter(range(10**6))
    guard = Guard(clock=lambda: next(ticks) / FPS)      # a display running at 60 Hz
    assert guard.rate is None
    drawn = frames(gs.strobe(10), 4)
    assert analyse(gs.shown(drawn, guard), FPS).verdict == "pass"


def test_gain_map_and_its_sampling_match_gl_linear():
    grid = np.zeros((CELLS_Y, CELLS_X), np.float32)
    grid[:, CELLS_X // 2:] = 1.0
    row = bilinear(grid, 9, 32)[4]
    # cell centres at (i + 0.5) / n; clamp to edge: the outer half-cells are flat
    assert row[0] == 0.0 and row[-1] == 1.0
    assert row[15] == pytest.approx(0.25) and row[16] == pytest.approx(0.75)
    assert np.all(np.diff(row) >= 0)
    guard = Guard(fps=FPS)
    for p in strobe_probes((72, 128), 0, 60):
        gains = guard.judge(p)
    assert gains is not None and gains.shape == (CELLS_Y, CELLS_X)
    assert gains.dtype == np.float32 and 0.0 <= gains.min() <= gains.max() <= 1.0
