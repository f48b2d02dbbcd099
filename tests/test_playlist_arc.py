"""The shipped playlists read as a calm journey, measured by rendering them.

Each shipped playlist is fitted to a typical length and rendered small (96x54, through
the compositor the session uses, at the config's brightness cap, with the session's own
fade-in and fade-out left out) at a few moments inside each phase. From those frames:

- lightness: the mean sRGB luma of a phase (0 black .. 1 white);
- warmth: the mean of red minus blue (above 0: warm light; below: cool);
- motion: how much the picture changes in one second (mean absolute difference of
  block-averaged frames, so the dither does not count; the median of the moments, so a
  moment that falls in a crossfade does not decide it).

The arc a therapist expects: a gentle onset (not brighter than the arrival by much), no
scene on both sides of a phase boundary, the peak the darkest and stillest phase, and the
end back in warm light (lighter and warmer than the peak); nothing that reads as a
switched-off screen. ``python -m tests.test_playlist_arc`` prints the measured table.
"""

from __future__ import annotations

import dataclasses
import os
from functools import cache
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pytest

from player.compositor import Compositor
from player.config import load_config
from player.timeline import Timeline

CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"
SIZE = (96, 54)
SAMPLES = (0.15, 0.325, 0.5, 0.675, 0.85)        # moments inside each phase
MIN = 60.0
LUMA = np.array([0.2126, 0.7152, 0.0722])

# Each shipped playlist at a typical length for it, and the lengths it is also checked
# at for boundaries (the scene rotation changes with the length).
TYPICAL = {"ketamine-45": 45 * MIN, "short-session": 18 * MIN, "integration": 30 * MIN,
           "breathing": 12 * MIN, "demo": 3 * MIN}
LENGTHS = {"ketamine-45": (20, 45, 60, 120), "short-session": (10, 18, 40),
           "integration": (15, 30, 90), "breathing": (10, 20, 60), "demo": (1, 3, 20)}


@dataclasses.dataclass(frozen=True)
class PhaseLook:
    name: str
    lightness: float
    warmth: float
    motion: float
    darkest: float          # the darkest moment's lightness
    visible: float          # the dimmest moment's 99th percentile of luma: something shows


@cache
def config():
    return load_config(CONFIG)


def _blocks(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[0] // 6 * 6, img.shape[1] // 6 * 6
    return img[:h, :w].reshape(h // 6, 6, w // 6, 6, 3).mean(axis=(1, 3))


@cache
def arc(name: str) -> tuple[PhaseLook, ...]:
    """The measured phases of playlist ``name`` at its typical length."""
    cfg = config()
    timeline = Timeline.build(cfg.playlists[name], TYPICAL[name])
    comp = Compositor(SIZE, seed=cfg.session.seed, guard=False,
                      brightness_cap=cfg.display.brightness_cap)
    looks = []
    try:
        for phase in timeline.phases:
            light, warm, motion, p99 = [], [], [], []
            for f in SAMPLES:
                t = phase.start + f * phase.duration
                a = comp.frame(dataclasses.replace(timeline.at(t), fade=1.0)) / 255.0
                b = comp.frame(dataclasses.replace(timeline.at(t + 1.0), fade=1.0)) / 255.0
                luma = a @ LUMA
                light.append(float(luma.mean()))
                p99.append(float(np.percentile(luma, 99)))
                warm.append(float((a[..., 0] - a[..., 2]).mean()))
                motion.append(float(np.abs(_blocks(a) - _blocks(b)).mean()))
            looks.append(PhaseLook(phase.name, float(np.mean(light)), float(np.mean(warm)),
                                   float(np.median(motion)), min(light), min(p99)))
    finally:
        comp.release()
    return tuple(looks)


def table(name: str) -> str:
    rows = [f"{name} ({TYPICAL[name] / MIN:g} min)",
            f"  {'phase':14s} {'lightness':>9s} {'warmth':>7s} {'motion':>7s} {'darkest':>8s}"]
    rows += [f"  {p.name:14s} {p.lightness:9.3f} {p.warmth:+7.3f} {p.motion:7.4f} "
             f"{p.darkest:8.3f}" for p in arc(name)]
    return "\n".join(rows)


def shipped() -> list[str]:
    return list(config().playlists)


def test_every_shipped_playlist_is_measured():
    assert set(TYPICAL) == set(shipped()), "give a new shipped playlist a typical length"


@pytest.mark.parametrize("name", sorted(TYPICAL))
def test_no_scene_on_both_sides_of_a_phase_boundary(name):
    """Neighbouring phases share no scene, so none plays across a boundary (or dissolves
    into itself) at any length the playlist fits."""
    playlist = config().playlists[name]
    for a, b in pairwise(playlist.phases):
        shared = {r.scene for r in a.scenes} & {r.scene for r in b.scenes}
        assert not shared, f"{name}: phases '{a.name}' and '{b.name}' share {shared}"
    for minutes in LENGTHS[name]:
        slots = Timeline.build(playlist, minutes * MIN).slots
        for s, n in pairwise(slots):
            if s.phase != n.phase:
                assert s.scene.scene != n.scene.scene, \
                    f"{name} at {minutes} min: {s.scene.scene} spans a phase boundary"


@pytest.mark.parametrize("name", sorted(TYPICAL))
def test_nothing_reads_as_a_switched_off_screen(name):
    for p in arc(name):
        assert p.darkest > 0.02, f"{name}, {p.name}: nearly black ({p.darkest:.3f})\n" \
                                 + table(name)
        assert p.visible > 0.08, f"{name}, {p.name}: nothing to see\n" + table(name)


@pytest.mark.parametrize("name", sorted(TYPICAL))
def test_the_start_is_gentle(name):
    """The second phase (as the medicine comes on) is not brighter than the first by much,
    and no phase after the first starts brighter than the arrival plus a little."""
    looks = arc(name)
    if len(looks) > 2:
        assert looks[1].lightness <= looks[0].lightness + 0.02, table(name)


@pytest.mark.parametrize("name", sorted(TYPICAL))
def test_the_end_comes_back_into_warm_light(name):
    """The last phase is lighter and warmer than the darkest one, and warm in itself."""
    looks = arc(name)
    darkest = min(looks, key=lambda p: p.lightness)
    last = looks[-1]
    assert last is not darkest, table(name)
    assert last.lightness >= darkest.lightness + 0.08, table(name)
    assert last.warmth > darkest.warmth and last.warmth > 0.0, table(name)


def test_the_peak_is_the_darkest_and_stillest_phase():
    """ketamine-45: the peak is darker than every other phase, and moves no more than any
    (within a hair: a still dawn after it may be as still)."""
    looks = {p.name: p for p in arc("ketamine-45")}
    peak = looks["peak"]
    others = [p for n, p in looks.items() if n != "peak"]
    assert all(peak.lightness < p.lightness - 0.02 for p in others), table("ketamine-45")
    assert all(peak.motion <= p.motion + 0.0002 for p in others), table("ketamine-45")


def test_the_session_returns_through_return_into_integration():
    """ketamine-45: return is lighter than the peak, integration lighter still."""
    looks = {p.name: p for p in arc("ketamine-45")}
    assert looks["peak"].lightness < looks["return"].lightness, table("ketamine-45")
    assert looks["return"].lightness <= looks["integration"].lightness + 0.03, \
        table("ketamine-45")


if __name__ == "__main__":
    for playlist in sorted(TYPICAL):
        print(table(playlist))
