"""The timeline: exact sums, continuous mixes and fades, and purity."""

import numpy as np
import pytest

from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline


def playlist(**kw) -> Playlist:
    phases = (
        PhaseSpec("arrival", (SceneRef("a"),), duration=300),
        PhaseSpec("peak", (SceneRef("b"), SceneRef("c")), weight=2, rotate=240),
        PhaseSpec("return", (SceneRef("d"),), weight=1, min=120),
    )
    return Playlist("test", phases, **kw)


@pytest.mark.parametrize("length", [900, 1234.5, 2700, 3600, 5400])
def test_phases_tile_the_session_exactly(length):
    tl = Timeline.build(playlist(), length)
    assert tl.phases[0].start == 0
    assert tl.phases[-1].end == length
    for a, b in zip(tl.phases, tl.phases[1:]):
        assert a.end == b.start
    assert tl.slots[-1].end == length


def test_mix_and_fade_are_continuous_across_every_boundary():
    tl = Timeline.build(playlist(), 2700)
    eps = 1e-3
    for slot in tl.slots[1:]:
        b = slot.start
        for t in np.linspace(b - slot.fade_in, b + slot.fade_in, 200):
            w0 = weights(tl, t)
            w1 = weights(tl, t + eps)
            for key in set(w0) | set(w1):
                assert abs(w0.get(key, 0) - w1.get(key, 0)) < 0.01
            assert sum(w0.values()) == pytest.approx(1.0)
    ts = np.linspace(0, 2700, 100001)
    fades = np.array([tl.fade(t) for t in ts])
    assert np.max(np.abs(np.diff(fades))) < 0.01


def weights(tl, t):
    return {layer.slot.index: layer.weight for layer in tl.at(t).layers}


def test_fade_in_and_out_levels():
    tl = Timeline.build(playlist(fade_in=20, fade_out=30), 2700)
    assert tl.fade(0) == 0
    assert tl.fade(10) == pytest.approx(0.5)
    assert tl.fade(20) == 1
    assert tl.fade(1000) == 1
    assert tl.fade(2700 - 15) == pytest.approx(0.5)
    assert tl.fade(2700) == 0


def test_short_sessions_still_fade_in_and_out():
    tl = Timeline.build(playlist(fade_in=20, fade_out=30), 900)
    short = Timeline.from_durations(Playlist("s", (PhaseSpec("x", (SceneRef("a"),),
                                                             weight=1),), 20, 30), [10.0])
    assert short.fade_in + short.fade_out <= 8.0 + 1e-9
    assert 0 < short.fade(1) < short.fade(4) <= 1
    assert tl.fade_in == 20


def test_crossfade_is_centred_and_rotation_continues_scene_time():
    tl = Timeline.build(playlist(), 2700)
    boundary = tl.phases[1].start
    plan = tl.at(boundary)
    assert [round(layer.weight, 6) for layer in plan.layers] == [0.5, 0.5]
    # A rotating scene picks up where it left off rather than restarting.
    turns = [s for s in tl.slots if s.scene.scene == "b"]
    assert len(turns) >= 2
    first, second = turns[0], turns[1]
    end_of_first = first.local_t(first.end + first.fade_out / 2)
    start_of_second = second.local_t(second.start - second.fade_in / 2)
    assert start_of_second == pytest.approx(end_of_first)


def test_at_is_pure():
    tl = Timeline.build(playlist(), 2700)
    ts = np.random.default_rng(1).uniform(0, 2700, 300)
    first = [tl.at(t) for t in ts]
    for t, plan in zip(ts[::-1], first[::-1]):
        assert tl.at(t) == plan


def test_every_listed_scene_is_shown_even_when_turns_are_long():
    pl = Playlist("p", (PhaseSpec("peak", (SceneRef("a"), SceneRef("b"), SceneRef("c")),
                                  weight=1, rotate=600),))
    tl = Timeline.build(pl, 900)            # 900 s could hold only 1.5 turns of 600 s
    assert [s.scene.scene for s in tl.slots] == ["a", "b", "c"]
    assert [s.end - s.start for s in tl.slots] == pytest.approx([300, 300, 300])
