"""Stereo depth: scenes place layers at depths with ``at_depth``; per eye a layer shifts
by the parallax its depth implies, and a mono picture is exactly the flat picture."""

from __future__ import annotations

import numpy as np
import pytest

from player.gl.context import offscreen
from player.gl.program import Source, build
from player.gl.scenepass import FULLSCREEN_VERTEX, ShaderLayer, scene_source
from player.gl.view import SCREEN, View, stereo_pair
from scenes import registry
from scenes.base import ShaderScene

DEPTH_SCENES = ("starfield", "fireflies", "mountains", "snowfall")
SIZE = (160, 90)


def picture(layer: ShaderLayer, view: View, size: tuple[int, int] = SIZE,
            t: float = 40.0) -> np.ndarray:
    tex = layer.draw(t, size, view.px(size), view)
    data = np.frombuffer(tex.read(), np.float16).reshape(size[1], size[0], 4)
    return data[::-1, :, :3].astype(np.float32)


def without_depth(cls: type[ShaderScene]) -> ShaderLayer:
    """The scene as it was before it had depth: ``at_depth`` is the identity."""
    layer = ShaderLayer(offscreen(), cls({}, seed=3))
    src = str(scene_source(cls)).replace("at_depth(", "flat_depth(")
    src = src.replace("vec2 flat_depth(vec2 p, float metres) {",
                      "vec2 flat_depth(vec2 p, float metres) { return p; }\n"
                      "vec2 unused_depth(vec2 p, float metres) {")
    prog = build(layer.ctx, Source().add(FULLSCREEN_VERTEX, "v"), Source().add(src, "f"))
    layer._vaos[SCREEN.variant] = (prog, layer.ctx.vertex_array(prog, []))
    return layer


@pytest.mark.parametrize("name", DEPTH_SCENES)
def test_mono_is_the_flat_picture_exactly(name: str) -> None:
    cls = registry.get(name)
    assert "at_depth(" in cls.shader, "a scene with real depth"
    plain = without_depth(cls)
    depth = ShaderLayer(offscreen(), cls({}, seed=3))
    try:
        assert np.array_equal(picture(depth, SCREEN), picture(plain, SCREEN))
    finally:
        plain.release()
        depth.release()


@pytest.mark.parametrize("name", DEPTH_SCENES)
def test_the_eyes_see_different_pictures_of_the_same_scene(name: str) -> None:
    layer = ShaderLayer(offscreen(), registry.get(name)({}, seed=3))
    try:
        left, right = (picture(layer, v) for v in stereo_pair(SCREEN))
        mono = picture(layer, SCREEN)
    finally:
        layer.release()
    assert np.abs(left - right).mean() > 1e-3            # parallax
    for eye in (left, right):                             # the same scene, nearly
        assert abs(float(eye.mean()) - float(mono.mean())) < 0.01


class Stripes(ShaderScene):
    """A test scene: vertical bands of irregular width, one layer at DEPTH metres."""

    name = "test-stripes"
    shader = """
vec3 scene(vec2 p, float t) {
    vec2 q = at_depth(p, DEPTH);
    return vec3(0.5 + 0.5 * sin(q.x * 23.0 + 3.0 * sin(q.x * 7.0)));
}
"""


def shift_px(a: np.ndarray, b: np.ndarray, most: int = 40) -> float:
    """How far ``b`` is shifted right of ``a`` (rows averaged; sub-pixel by a parabola)."""
    x, y = a.mean(axis=(0, 2)), b.mean(axis=(0, 2))
    x, y = x - x.mean(), y - y.mean()
    core = slice(most, len(x) - most)
    scores = [float(np.dot(x[core], y[most + s:len(y) - most + s])) for s in range(-most, most + 1)]
    k = int(np.argmax(scores))
    if 0 < k < len(scores) - 1:
        lo, c, hi = scores[k - 1], scores[k], scores[k + 1]
        return k - most + 0.5 * (lo - hi) / (lo - 2 * c + hi)
    return float(k - most)


@pytest.mark.parametrize("metres", [1.2, 2.0, 4.0, 10.0, 1e5])
def test_disparity_is_what_the_depth_implies(metres: float) -> None:
    cls = type("Stripes", (Stripes,), {"shader": Stripes.shader.replace("DEPTH", f"{metres:.6f}")})
    size = (480, 90)
    layer = ShaderLayer(offscreen(), cls({}, seed=0))
    try:
        left, right = (picture(layer, v, size) for v in stereo_pair(SCREEN))
    finally:
        layer.release()
    expected = SCREEN.disparity(metres) * size[1] / 2        # scene units -> pixels
    assert shift_px(left, right) == pytest.approx(expected, abs=0.25)
    if metres > 2.0:
        assert expected > 0                                  # behind the screen: uncrossed
    # comfort: nothing more than about a degree of vergence from the screen
    degrees = abs(expected) / size[1] * SCREEN.screen_fov_deg
    assert degrees <= SCREEN.comfort_deg + 1e-6
