"""The WCAG 2.3.1 analyser on synthetic sequences whose answers are known."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from player.safety.analyser import analyse
from player.safety.area import fov_window
from player.safety.luminance import linearise, red_value, relative_luminance

FPS = 30
W, H = 128, 96            # a 1024×768 view at 1/8: the 10° window is 43×32 pixels


def px(rgb: tuple[int, int, int]) -> np.ndarray:
    return np.array([[rgb]], dtype=np.uint8)


def test_unit_values():
    assert relative_luminance(linearise(px((255, 255, 255))))[0, 0] == pytest.approx(1.0)
    assert relative_luminance(linearise(px((0, 0, 0))))[0, 0] == 0.0
    assert relative_luminance(linearise(px((128, 128, 128))))[0, 0] == pytest.approx(
        0.2159, abs=1e-4)
    assert red_value(linearise(px((255, 0, 0))))[0, 0] == pytest.approx(320.0)
    assert red_value(linearise(px((0, 0, 255))))[0, 0] == 0.0


def frames(seconds: float, colour: Callable[[float], tuple[int, int, int]],
           mask: np.ndarray | None = None, base=(0, 0, 0)) -> Iterator[np.ndarray]:
    """``colour(t)`` where ``mask`` is set (everywhere by default), ``base`` elsewhere."""
    for i in range(round(seconds * FPS)):
        f = np.empty((H, W, 3), np.uint8)
        f[:] = base
        if mask is None:
            f[:] = colour(i / FPS)
        else:
            f[mask] = colour(i / FPS)
        yield f


def square(hz: float, a, b) -> Callable[[float], tuple[int, int, int]]:
    """Alternate between colours ``a`` and ``b``, ``hz`` full cycles per second."""
    return lambda t: a if (t * hz * 2 + 1e-9) % 2 < 1 else b


WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def test_full_field_2hz_passes():
    r = analyse(frames(3, square(2, WHITE, BLACK)), FPS)
    assert r.verdict == "pass"
    assert r.worst["general"].flashes_per_s == 2.0


def test_full_field_4hz_fails_on_general_flashes():
    r = analyse(frames(3, square(4, WHITE, BLACK)), FPS)
    assert r.verdict == "fail"
    kinds = {p.kind for p in r.problems}
    assert "general" in kinds
    assert r.worst["general"].flashes_per_s >= 3.5
    general = next(p for p in r.problems if p.kind == "general")
    assert general.start_s == 0.0 and general.end_s >= 2.9   # the flashing seconds


def test_red_flicker_with_small_luminance_change_fails_on_red():
    red, dark_red = (255, 0, 0), (200, 0, 0)
    lum = relative_luminance(linearise(np.array([[red, dark_red]], np.uint8)))[0]
    assert lum[0] - lum[1] < 0.1                   # not a general flash
    r = analyse(frames(3, square(4, red, dark_red)), FPS)
    assert r.verdict == "fail"
    assert {p.kind for p in r.problems} == {"red"}
    assert r.worst["general"].flashes_per_s == 0


def test_slow_fade_passes():
    def fade(t):
        v = round(255 * (0.5 - 0.5 * np.cos(2 * np.pi * 0.5 * t)))
        return (v, v, v)
    r = analyse(frames(6, fade), FPS)
    assert r.verdict == "pass"
    assert r.worst["general"].flashes_per_s <= 1.0


def stripes(fraction: float) -> np.ndarray:
    """Thin vertical stripes covering ``fraction`` of the frame, evenly spread."""
    mask = np.zeros((H, W), bool)
    period = 10
    mask[:, (np.arange(W) % period) < round(period * fraction)] = True
    return mask


def test_flashing_in_ten_percent_of_the_frame_passes():
    mask = stripes(0.1)
    assert mask.mean() == pytest.approx(0.1, abs=0.02)
    r = analyse(frames(3, square(5, WHITE, BLACK), mask), FPS)
    assert r.verdict == "pass"


def test_thirty_percent_of_one_window_fails_although_under_a_quarter_of_the_frame():
    ww, wh = fov_window(W, H)
    mask = np.zeros((H, W), bool)
    mask[10:10 + wh, 20:20 + round(ww * 0.3)] = True
    assert 0.28 < mask.sum() / (ww * wh) < 0.33
    assert mask.mean() < 0.25
    r = analyse(frames(3, square(5, WHITE, BLACK), mask), FPS)
    assert r.verdict == "fail"
    # the same patch at 20 % of the window passes
    mask[:, 20 + round(ww * 0.2):] = False
    assert analyse(frames(3, square(5, WHITE, BLACK), mask), FPS).verdict == "pass"


def test_flashing_between_two_bright_states_passes():
    bright, brighter = (235, 235, 235), (255, 255, 255)
    lum = relative_luminance(linearise(np.array([[bright]], np.uint8)))[0, 0]
    assert lum > 0.8
    r = analyse(frames(3, square(5, bright, brighter)), FPS)
    assert r.verdict == "pass"
    # a bright state against one just under 0.8 does flash
    lower = (200, 200, 200)
    assert analyse(frames(3, square(5, lower, WHITE)), FPS).verdict == "fail"


def test_sustained_flashing_just_under_the_limit_warns():
    r = analyse(frames(5, square(2.5, WHITE, BLACK)), FPS)
    assert r.verdict == "warning"
    assert [p.kind for p in r.problems] == ["extended"]
    assert r.problems[0].flashes_per_s == 2.5
    # the same rate for two seconds is fine
    assert analyse(frames(2, square(2.5, WHITE, BLACK)), FPS).verdict == "pass"


def test_report_json_shape():
    r = analyse(frames(3, square(4, WHITE, BLACK)), FPS)
    data = r.to_json()
    assert data["verdict"] == "fail"
    assert set(data["problems"][0]) == {"kind", "start_s", "end_s", "flashes_per_s"}


def fade_in(hz: float, sine: bool, ramp_s: float = 3.0) -> Callable[[float], tuple]:
    def colour(t: float) -> tuple[int, int, int]:
        wave = 0.5 + 0.5 * np.sin(2 * np.pi * hz * t) if sine else float(
            (t * hz * 2 + 1e-9) % 2 < 1)
        v = round(255 * min(1.0, t / ramp_s) * wave)
        return (v, v, v)
    return colour


@pytest.mark.parametrize("sine", [False, True])
def test_a_three_hertz_flicker_fading_in_does_not_fail(sine):
    # dated by the frame it reached 0.1, the transitions of a growing flicker crowd
    # together and make seven in a second; dated by their steepest frame they do not
    r = analyse(frames(6, fade_in(3, sine)), FPS)
    assert r.verdict != "fail", r.problems
    assert analyse(frames(6, fade_in(4, sine)), FPS).verdict == "fail"


def snow(seconds: float, grain: int, w: int = 256, h: int = 144) -> Iterator[np.ndarray]:
    rng = np.random.default_rng(4)
    for _ in range(round(seconds * FPS)):
        g = rng.integers(0, 256, (h // grain, w // grain), dtype=np.uint8)
        g = np.repeat(np.repeat(g, grain, 0), grain, 1)
        yield np.repeat(g[..., None], 3, axis=2)


def test_tv_snow_is_not_a_flashing_area():
    r = analyse(snow(2, 1), FPS)
    assert r.verdict == "pass", r.worst


def test_a_strobe_under_grain_still_fails():
    rng = np.random.default_rng(3)

    def grainy() -> Iterator[np.ndarray]:
        for f in frames(3, square(5, (200, 200, 200), (40, 40, 40))):
            noise = rng.integers(-35, 36, f.shape[:2], dtype=np.int16)[..., None]
            yield np.clip(f.astype(np.int16) + noise, 0, 255).astype(np.uint8)

    assert analyse(grainy(), FPS).verdict == "fail"


def test_light_not_code_values_is_averaged():
    """A quarter of the pixels lit flash by 0.25 in light; their mean code value (64)
    would read 0.05. Linear frames (as the video decoder delivers them) carry the light."""
    from player.safety.analyser import Analyser
    a = Analyser(FPS)
    for i in range(3 * FPS):
        a.feed_linear(np.full((H, W, 3), 0.25 if square(4, 1, 0)(i / FPS) else 0.0,
                              np.float32))
    assert a.report().verdict == "fail"
    code = relative_luminance(linearise(px((64, 64, 64))))[0, 0]
    assert code < 0.1


def test_held_frames_count_like_fresh_ones():
    """Repeated frames take a fast path; it must give the same answer as frames that
    differ invisibly (a strobe that holds each state for several frames)."""
    rng = np.random.default_rng(0)
    held = list(frames(4, square(3.75, WHITE, BLACK)))
    fresh = [np.clip(f.astype(np.int16) + rng.integers(0, 2, f.shape), 0, 255)
             .astype(np.uint8) for f in held]
    a, b = analyse(held, FPS), analyse(fresh, FPS)
    assert a.verdict == b.verdict == "fail"
    assert a.worst["general"].flashes_per_s == b.worst["general"].flashes_per_s


def test_transitions_are_dated_by_their_steepest_frame():
    from player.safety.transitions import TransitionTracker
    tracker = TransitionTracker(0.1, settle=4)
    # a step up at frame 5 onto a plateau that keeps rising (a fade), then down at 12
    signal = [0.0] * 5 + [0.5 + 0.02 * k for k in range(7)] + [0.0] * 8
    dates = []
    for n, v in enumerate(signal):
        events, when = tracker.step(np.array([v], np.float32), n)
        if events[0]:
            dates.append(int(when[0]))
    assert dates == [5, 12]
