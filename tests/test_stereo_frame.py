"""Several views of one frame: the guard judges one picture per frame and holds every
eye alike, and a failing scene is reported once per frame, not once per eye."""

from __future__ import annotations

import numpy as np
import pytest

from player.commands.still import scene_plan
from player.compositor import Compositor, SceneFault
from player.gl.view import SCREEN, stereo_views
from player.playlist import SceneRef
from scenes import registry
from scenes.base import Scene

SIZE = (128, 36)


def test_the_guard_judges_one_picture_per_frame(monkeypatch) -> None:
    comp = Compositor((64, 36), seed=1)
    assert comp.guard is not None
    judged: list[np.ndarray] = []
    real = comp.guard.judge
    monkeypatch.setattr(comp.guard, "judge", lambda probe: (judged.append(probe),
                                                           real(probe))[1])
    fbo = comp.ctx.framebuffer(color_attachments=[comp.ctx.texture(SIZE, 4)])
    _, views = stereo_views("sbs", SIZE)
    for i in range(4):
        comp.render_views(scene_plan(SceneRef("starfield"), 10 + i / 30), 1.0, fbo, views)
    assert len(judged) == 4
    comp.release()


class Broken(Scene):
    name = "test_broken_eyes"

    def render(self, t, grid):
        raise RuntimeError("no picture")


@pytest.fixture
def broken(monkeypatch):
    registry.load_builtins()
    monkeypatch.setattr(registry, "_SCENES", {**registry._SCENES, Broken.name: Broken})


def test_a_failing_scene_is_reported_once_per_frame_in_stereo(broken) -> None:
    faults: list[SceneFault] = []
    comp = Compositor((64, 36), seed=1, guard=False, on_fault=faults.append)
    fbo = comp.ctx.framebuffer(color_attachments=[comp.ctx.texture(SIZE, 4)])
    _, views = stereo_views("sbs", SIZE)
    for i in range(3):
        comp.render_views(scene_plan(SceneRef(Broken.name), 1 + i / 30), 1.0, fbo, views)
    assert len(faults) == 1 and faults[0].scene == Broken.name
    data = np.frombuffer(fbo.read(components=3), np.uint8).reshape(SIZE[1], SIZE[0], 3)
    left, right = data[:, :64].astype(int), data[:, 64:].astype(int)
    assert abs(left.mean() - right.mean()) < 2          # both eyes show the same fallback
    comp.release()


def test_mono_view_is_the_default_render() -> None:
    plan = scene_plan(SceneRef("fireflies"), 30.0)
    a = Compositor((64, 36), seed=1, guard=False).frame(plan)
    comp = Compositor((64, 36), seed=1, guard=False)
    comp.render(plan, 1.0, comp._output_fbo(), view=SCREEN)
    b = np.frombuffer(comp._output_fbo().read(components=3, alignment=1), np.uint8)
    assert np.array_equal(a, b.reshape(36, 64, 3)[::-1])
