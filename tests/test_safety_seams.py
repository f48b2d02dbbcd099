"""``check --safety`` split across worker processes reports what one process reports,
also for a strobe that straddles a seam between two workers' stretches."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np
import pytest

from player.playlist import PhaseSpec, Playlist, SceneRef
from player.safety import playlist as safety
from player.timeline import Timeline

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(),
                                reason="the parallel check forks its workers")


def strobe_between(a: float, b: float, hz: float = 6.0) -> safety.Source:
    """Black, with a full-screen square-wave strobe from ``a`` to ``b``."""
    def open_at(size: tuple[int, int]):
        w, h = size

        def frame(t: float) -> np.ndarray:
            on = a <= t < b and (t * hz * 2 + 1e-9) % 2 < 1
            return np.full((h, w, 3), 255 if on else 0, np.uint8)
        return frame, lambda: None
    return open_at


def timeline(length: float = 24.0) -> Timeline:
    phases = tuple(PhaseSpec(n, (SceneRef("sunrise"),), weight=1) for n in ("one", "two"))
    return Timeline.build(Playlist("seams", phases, 3.0, 3.0), length)


def summary(report) -> list[tuple]:
    return [(p.kind, round(p.start_s, 3), round(p.end_s, 3), p.phase,
             round(p.flashes_per_s, 3)) for p in report.problems]


@pytest.mark.parametrize("a, b", [(10.0, 14.0),     # across the seam at 12 s
                                  (11.9, 12.4),     # a short burst right on it
                                  (3.0, 6.0)])      # far from it
def test_two_workers_report_what_one_does(monkeypatch, a, b):
    monkeypatch.setattr(safety, "compositor_source",
                        lambda tl, seed, cap=0.9: strobe_between(a, b))
    tl = timeline()
    serial = safety.analyse_timeline(tl, 7, workers=1)
    parallel = safety.analyse_timeline(tl, 7, workers=2)
    assert serial.verdict == "fail"
    assert summary(parallel) == summary(serial)
    assert parallel.verdict == serial.verdict
    for kind in ("general", "red"):
        assert parallel.worst[kind].flashes_per_s == serial.worst[kind].flashes_per_s


def test_a_calm_session_passes_split_or_not(monkeypatch):
    monkeypatch.setattr(safety, "compositor_source",
                        lambda tl, seed, cap=0.9: strobe_between(99.0, 99.0))
    tl = timeline()
    assert safety.analyse_timeline(tl, 7, workers=1).verdict == "pass"
    assert safety.analyse_timeline(tl, 7, workers=2).verdict == "pass"
