"""Plugin scenes run in a worker process: whatever one does, the session goes on.

The stand-in (:mod:`player.isolation`) is tested directly — exact frames, a fault of
each kind reported by name and survived — and every fault once more in a real
``driftlight play --headless`` subprocess session, using the same misbehaving plugins
as ``driftlight bench faults``: the session ends on time with exit 0 and an end event,
and the log names the scene and the reason.
"""

from __future__ import annotations

import contextlib
import threading
import time

import numpy as np
import pytest

from player.bench import faults
from player.isolation import IsolatedScene, SceneUnavailable, WorkerFault, isolate
from scenes import registry
from scenes.base import grid
from scenes.registry import load_plugin

LENGTH_S = 8.0


@pytest.fixture()
def plugin(tmp_path, monkeypatch):
    """Load a misbehaving plugin by fault name; returns its scene class."""
    registry.load_builtins()
    monkeypatch.setattr(registry, "_SCENES", dict(registry._SCENES))

    def load(name: str, source: str | None = None) -> type:
        path = tmp_path / f"{name}.py"
        path.write_text(source or faults.plugin_source(name))
        load_plugin(path)
        return registry.get("faulty")
    return load


def collect() -> tuple[list[WorkerFault], threading.Event, object]:
    got: list[WorkerFault] = []
    seen = threading.Event()

    def on_fault(f: WorkerFault) -> None:
        got.append(f)
        seen.set()
    return got, seen, on_fault


def test_built_in_scenes_stay_in_process():
    cls = registry.get("sunrise")
    assert not isinstance(isolate(cls, {}, 1), IsolatedScene)


def test_an_isolated_scene_renders_the_same_pixels_as_in_process(plugin, tmp_path):
    cls = plugin("good", faults.PLUGIN.format(what="a gradient", body="        pass").replace(
        "return np.full((*grid.shape, 3), 0.35, dtype=np.float32)",
        "return np.stack([grid.x * 0 + (t % 1), (grid.y + 1) / 2, grid.x * 0 + 0.2], "
        "axis=2).astype(np.float32)"))
    g = grid(64, 36)
    scene = isolate(cls, {}, 7)
    try:
        assert isinstance(scene, IsolatedScene) and scene.name == "faulty"
        assert scene.warm(0.25, g, timeout=60)
        frame = scene.render(0.25, g)
        assert np.array_equal(frame, cls({}, seed=7).render(0.25, g))
        for i in range(200):                      # render never waits for the worker
            out = scene.render(0.25 + i / 60, g)
            assert out.shape == (36, 64, 3) and out.dtype == np.float32
    finally:
        scene.close()


@pytest.mark.parametrize("name", ["sys_exit_0", "os_exit", "keyboard_interrupt", "hang_sleep",
                                  "complex", "one_off"])
def test_each_fault_is_reported_by_name_and_the_scene_comes_back(plugin, name, monkeypatch):
    monkeypatch.setattr("player.isolation.HANG_S", 1.0)
    cls = plugin(name)
    got, seen, on_fault = collect()
    scene = isolate(cls, {}, 1, on_fault=on_fault)
    g = grid(48, 27)
    try:
        assert scene.warm(1.0, g, timeout=60)       # a good frame before the fault (t < 2)
        t, deadline = 2.0, time.monotonic() + 60
        while not seen.is_set() and time.monotonic() < deadline:
            with contextlib.suppress(SceneUnavailable):
                scene.render(t, g)
            t += 1 / 60
            time.sleep(1 / 60)
        reason = faults.SCENE_FAULTS[name][2]
        assert got and got[0].scene == "faulty" and got[0].reason == reason, got
        assert f"[{reason}]" in got[0].error
        if name not in ("one_off", "complex"):
            assert "restarting" in got[0].error
            assert scene.warm(1.0, g, timeout=60)    # a new worker draws again
    finally:
        scene.close()


def test_a_scene_that_keeps_failing_gives_up_and_says_so(plugin, monkeypatch):
    monkeypatch.setattr("player.isolation.BACKOFF", (0.05,))
    monkeypatch.setattr("player.isolation.MAX_RESTARTS", 2)
    cls = plugin("always_exit", faults.PLUGIN.format(what="exits", body="        os._exit(1)"))
    got, seen, on_fault = collect()
    scene = isolate(cls, {}, 1, on_fault=on_fault)
    g = grid(32, 18)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                scene.render(1.0, g)
            except SceneUnavailable as exc:
                if "gave up" in str(exc):
                    break
            time.sleep(0.02)
        else:
            pytest.fail(f"never gave up: {got}")
        assert any("giving up" in f.error for f in got)
    finally:
        scene.close()


# -- every fault in a real session ----------------------------------------------------------

@pytest.mark.parametrize("name", list(faults.SCENE_FAULTS))
def test_a_session_survives_a_plugin_that(name, tmp_path):
    result = faults.run_fault(name, tmp_path, LENGTH_S)
    assert result.exit_code == 0, result
    assert result.end_event, result
    assert result.end_error_s is not None and abs(result.end_error_s) < 1.5, result
    assert result.logged, result
