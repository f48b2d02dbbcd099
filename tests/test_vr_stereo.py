"""Stereo in the headset (fake runtime): one layer per eye, each eye drawn with its own
offset, and the parallax between the eyes what the scene's depths imply.

The equirect cameras are omni-directional stereo: a scene without depth lies on the
3 m dome, so the right eye sees it shifted left by the dome's vergence (ipd / 3 m);
a scene's layers at their depths shift less (stars: about 1° less, at the comfort
limit) — so depth scenes measurably differ from flat ones.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from player.display import DisplayRequest, Window
from player.gl.view import DEFAULT_IPD_M
from player.vr.painter import Painter
from player.vr.runtime import CylinderLayer, EquirectLayer, ProjectionLayer
from tests.sessionkit import three_phases
from tests.test_vr_fake import SCENE, play

EYE = (1024, 512)                     # one eye's equirect, wide enough to see 1 px shifts
PX_PER_RAD = EYE[0] / (2 * math.pi)
DOME_M = 3.0


def test_each_eye_gets_its_own_layer_and_half(tmp_path: Path) -> None:
    outcome, events, rt, _ = play(tmp_path, {}, 3.0, eyes=2,
                                  playlist=three_phases("starfield"))
    assert outcome == "completed"
    frames = [f for f in rt.submitted if f]
    assert frames and all(len(f) == 2 for f in frames)
    for left, right in frames:
        assert isinstance(left, EquirectLayer) and isinstance(right, EquirectLayer)
        assert (left.eye, right.eye) == ("left", "right")
        assert left.size == right.size == SCENE and left.chain == right.chain
        assert (left.offset, right.offset) == ((0, 0), (SCENE[0], 0))
    image = rt.brightest[0]
    assert image.shape == (SCENE[1], 2 * SCENE[0], 3)
    halves = image[:, :SCENE[0]].astype(int), image[:, SCENE[0]:].astype(int)
    assert halves[0].mean() > 1 and halves[1].mean() > 1          # both eyes drawn, alike
    assert halves[0].mean() == pytest.approx(halves[1].mean(), rel=0.2)
    start = next(e for e in events if e["event"] == "vr_start")
    assert start["stereo"] is True


def test_cylinder_layers_per_eye(tmp_path: Path) -> None:
    _, _, rt, _ = play(tmp_path, {"layers_supported": frozenset({"cylinder"})}, 2.0, eyes=2)
    frames = [f for f in rt.submitted if f]
    assert frames and all([x.eye for x in f] == ["left", "right"] for f in frames)
    assert all(isinstance(x, CylinderLayer) for f in frames for x in f)


def test_the_projection_fallback_resamples_each_eye_from_its_half(tmp_path: Path) -> None:
    _, _, rt, _ = play(tmp_path, {"layers_supported": frozenset()}, 2.0, eyes=2,
                       playlist=three_phases("nebula"))
    frames = [f for f in rt.submitted if f]
    assert frames and all(isinstance(f[0], ProjectionLayer) for f in frames)
    left, right = rt.brightest[0].astype(int), rt.brightest[1].astype(int)
    assert left.mean() > 5 and right.mean() > 5
    assert np.abs(left - right).mean() > 0.5           # not one picture for both


def eyes(ctx, scene: str) -> tuple[np.ndarray, np.ndarray]:
    """Both eyes' equirect pictures of ``scene`` 20 s in, as the headset paints them."""
    from player.timeline import Timeline

    painter = Painter(ctx, seed=5, brightness_cap=1.0, scene_size=EYE)
    plan = Timeline.build(three_phases(scene), 120.0).at(20.0)
    painter.show(plan, 1.0)
    painter.scene(None, (2 * EYE[0], EYE[1]), "equirect", 2)
    assert painter._own is not None
    data = np.frombuffer(painter._own.read(), np.uint8).reshape(EYE[1], 2 * EYE[0], 4)
    grey = data[:, :, :3].astype(float).mean(axis=2)
    painter.compositor.release()
    return grey[:, :EYE[0]], grey[:, EYE[0]:]


def shift_px(left: np.ndarray, right: np.ndarray) -> float:
    """How far the right eye's picture lies to the left of the left eye's, in pixels
    (sub-pixel), measured in front of the viewer (longitudes ±60°, latitudes ±30°)."""
    h, w = left.shape
    rows = slice(h // 2 - h // 6, h // 2 + h // 6)
    cols = slice(w // 2 - w // 6, w // 2 + w // 6)
    a = left[rows, cols] - left[rows, cols].mean()
    errors = []
    for s in range(-6, 7):
        b = right[rows, cols.start - s:cols.stop - s]
        errors.append(float(np.mean((a - (b - b.mean())) ** 2)))
    i = int(np.argmin(errors))
    assert 0 < i < len(errors) - 1, errors
    e0, e1, e2 = errors[i - 1:i + 2]
    return (i - 6) + 0.5 * (e0 - e2) / (e0 - 2 * e1 + e2)


@pytest.fixture(scope="module")
def ctx():
    window = Window(DisplayRequest(headless=True, size=(64, 36)))
    yield window.ctx
    window.close()


def test_a_flat_scene_lies_on_the_dome_and_stars_lie_beyond(ctx) -> None:
    dome = 2 * math.asin(DEFAULT_IPD_M / 2 / DOME_M) * PX_PER_RAD       # ≈ 3.4 px
    flat = shift_px(*eyes(ctx, "nebula"))
    assert flat == pytest.approx(dome, abs=0.4)
    stars = shift_px(*eyes(ctx, "starfield"))
    far = dome - math.radians(1.0) * PX_PER_RAD                          # ≈ 0.6 px
    # the stars stand 2.5 m to 13 m away, the sky at infinity: all behind the dome
    # (measured on llvmpipe: 2.63 px, the dome 3.41 px), none beyond infinity
    assert far - 0.4 < stars < dome - 0.5
