"""Projections: the sphere has no seam and no pinched poles, a headset eye's content is
world-locked, and a projection a scene does not support is refused with the scenes
that do."""

from __future__ import annotations

import math

import numpy as np
import pytest

from player.cli import main
from player.gl.context import offscreen
from player.gl.scenepass import ShaderLayer
from player.gl.view import View
from player.projections import supporting
from scenes import registry
from tests.test_stereo_depth import picture, shift_px

SPHERE = View("equirect360", "sphere")


def render(name: str, view: View, size: tuple[int, int], t: float = 40.0) -> np.ndarray:
    layer = ShaderLayer(offscreen(), registry.get(name)({}, seed=2))
    try:
        return picture(layer, view, size, t)
    finally:
        layer.release()


@pytest.mark.parametrize("name", ["aurora", "mountains", "ocean"])
def test_sphere_has_no_seam_behind_and_no_pinched_poles(name: str) -> None:
    img = render(name, SPHERE, (192, 96))
    steps = np.abs(np.diff(img, axis=1)).mean(axis=(0, 2))       # column to column
    seam = np.abs(img[:, 0] - img[:, -1]).mean()                 # across +-180 degrees
    assert seam <= 2.5 * float(np.median(steps)) + 2e-3
    for row in (img[0], img[-1]):                                # a pole is one point
        assert float(row.std(axis=0).max()) < 0.03


def test_dome_frames_the_scene_in_front_and_dims_around() -> None:
    img = render("mountains", View("equirect180", "dome"), (128, 128))
    luma = img.mean(axis=2)
    assert luma[40:90, 40:88].mean() > 3 * luma[:6].mean()       # zenith dim, frame lit


def yaw(degrees: float) -> tuple[float, float, float, float]:
    half = math.radians(degrees) / 2
    return (0.0, math.sin(half), 0.0, math.cos(half))


def test_eye_view_is_world_locked() -> None:
    """Turning the head left moves the content right in the eye, by the angle turned."""
    size = (256, 96)
    ahead = render("mountains", View("eye", "sphere", fov=(-1, 1, 0.375, -0.375)), size)
    left = render("mountains", View("eye", "sphere", fov=(-1, 1, 0.375, -0.375),
                                    orientation=yaw(5.0)), size)
    rows = slice(30, 70)                                          # ridges, near the middle
    # a pixel at tangent a moves to tan(atan(a) + 5 degrees): more toward the sides
    a = (np.arange(30, size[0] - 30) + 0.5) / size[0] * 2 - 1
    expected = float(np.mean(np.tan(np.arctan(a) + math.radians(5.0)) - a)) * size[0] / 2
    assert shift_px(ahead[rows], left[rows], most=30) == pytest.approx(expected, abs=1.0)


def test_projections_are_declared_once_per_scene() -> None:
    for name in registry.names():
        cls = registry.get(name)
        assert "flat" in cls.projections
    assert {"starfield", "aurora", "ocean"} <= set(supporting("sphere"))
    assert "meadow" not in supporting("sphere")


def test_unsupported_projection_on_the_command_line(capsys) -> None:
    assert main(["still", "--scene", "meadow", "--projection", "360", "--size", "32x16",
                 "-o", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert "scene 'meadow' cannot be shown on the sphere" in err
    assert "aurora" in err and "starfield" in err and "Traceback" not in err
