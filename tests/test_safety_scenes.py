"""Every built-in scene passes the analyser, at default and extreme parameters, and
the live guard leaves it untouched (calm content must never be altered)."""

from __future__ import annotations

import numpy as np
import pytest

from player.compositor import Compositor
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.safety.analyser import Analyser
from player.safety.guard import Guard
from player.timeline import Timeline
from scenes import registry

FPS = 16.0
SIZE = (160, 90)
SECONDS = 12.0
BUILTINS = [n for n in registry.names() if not n.startswith("test_")]


def extremes(name: str) -> dict[str, dict]:
    """Defaults, every number at its minimum, every number at its maximum."""
    params = registry.get(name).params
    out: dict[str, dict] = {"default": {}}
    for end in ("min", "max"):
        out[end] = {p.name: p.check(getattr(p, end)) for p in params
                    if p.kind in ("int", "float") and getattr(p, end) is not None}
    return out


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_scene_is_safe_and_untouched_by_the_guard(name):
    for label, params in extremes(name).items():
        phase = PhaseSpec("only", (SceneRef(name, params),), weight=1.0)
        tl = Timeline.build(Playlist("t", (phase,), fade_in=0.0, fade_out=0.0), 600)
        plain = Compositor(SIZE, seed=7, internal_height=SIZE[1])
        plain.guard = None
        guarded = Compositor(SIZE, seed=7, internal_height=SIZE[1])
        guard = guarded.guard = Guard(fps=FPS)
        analyser = Analyser(FPS)
        start = 30.0                          # well into the scene, past any start-up
        for i in range(int(SECONDS * FPS)):
            plan = tl.at(start + i / FPS)
            frame = plain.frame(plan)
            analyser.feed(frame)
            if label == "default":
                diff = np.abs(guarded.frame(plan).astype(np.int16) - frame).max()
                assert diff <= 1, f"{name}: the guard altered calm content at {plan.t:.2f} s"
        report = analyser.report()
        assert report.verdict == "pass", f"{name} ({label} {params}): {report.problems}"
        if label == "default":
            assert guard.active_frames == 0
