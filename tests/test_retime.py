"""Live re-timing when the playlist's own rules cannot hold: the relaxed re-fit shares
the new length in proportion to the phases' durations, never cuts the current phase
shorter than it must be, and never changes what has already been shown."""

from __future__ import annotations

import pytest

from player import retime
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline


def playlist(**limits) -> Playlist:
    scene = (SceneRef("sunrise"),)
    return Playlist("p", (PhaseSpec("a", scene, weight=1, transition=6.0, **limits),
                          PhaseSpec("b", scene, weight=3, transition=6.0, **limits)),
                    10.0, 10.0)


def unchanged_before(old: Timeline, new: Timeline, until: float) -> None:
    for k in range(200):
        t = until * k / 200
        a, b = old.at(t), new.at(t)
        assert (a.phase.index, a.fade) == (b.phase.index, b.fade), t
        assert [(x.slot.scene, x.t, x.weight) for x in a.layers] == \
            [(x.slot.scene, x.t, x.weight) for x in b.layers], t


def test_longer_than_every_max_shares_in_proportion():
    old = Timeline.build(playlist(max=300.0), 480.0)      # at most 5m each: b is capped
    assert [p.duration for p in old.phases] == [180.0, 300.0]
    new = retime.resize(old, 30.0, 1200.0)                 # 20 minutes: no rule can hold
    assert new.length == pytest.approx(1200.0)
    assert [p.duration for p in new.phases] == pytest.approx([450.0, 750.0])   # 180 : 300
    unchanged_before(old, new, 30.0)


def test_shorter_than_every_min_keeps_the_current_phase_long_enough():
    old = Timeline.build(playlist(min=300.0), 1200.0)     # a 5m, b 15m; at least 5m each
    now = 200.0
    new = retime.resize(old, now, 400.0)                   # 6m40s: both minimums cannot hold
    a, b = new.phases
    assert new.length == pytest.approx(400.0)
    floor = now + a.spec.transition                        # past now, with its crossfade out
    assert a.duration >= floor - 1e-9
    assert a.duration + b.duration == pytest.approx(400.0)
    unchanged_before(old, new, now)


def test_the_rules_are_kept_when_they_can_be():
    old = Timeline.build(playlist(max=900.0), 480.0)
    new = retime.resize(old, 30.0, 1200.0)
    assert [p.duration for p in new.phases] == pytest.approx([300.0, 900.0])
    assert new.phases[1].duration <= 900.0 + 1e-9
