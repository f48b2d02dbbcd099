"""Every registered scene: deterministic, seekable, visible, gentle, and strict about params."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pytest

from scenes import palettes, registry
from scenes.params import ParamError
from tests.glkit import scene_image

# Every scene the package ships (other test modules register deliberately bad scenes).
NAMES = [n for n in registry.names() if registry.get(n).__module__.startswith("scenes.")]
SIZE = (96, 54)
LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)


def frame(scene, t: float, size: tuple[int, int] = SIZE) -> np.ndarray:
    return scene_image(scene, t, size)


def luminance(img: np.ndarray) -> float:
    return float((img @ LUMA).mean())


def test_at_least_twelve_named_scenes():
    want = {"aurora", "nebula", "ocean", "fireflies", "starfield", "ripples", "forest_rays",
            "lava_lamp", "mandala", "sunrise", "rain_glass", "breathing_orb"}
    assert want <= set(NAMES)


def test_built_in_scenes_are_drawn_by_the_gpu():
    from scenes.base import ShaderScene

    assert all(issubclass(registry.get(n), ShaderScene) for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_same_inputs_give_identical_pixels(name):
    cls = registry.get(name)
    a, b = frame(cls({}, seed=7), 123.4), frame(cls({}, seed=7), 123.4)
    assert a.shape == (54, 96, 3) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert not np.array_equal(a, frame(cls({}, seed=8), 123.4)), "the seed changes nothing"


@pytest.mark.parametrize("name", NAMES)
def test_rendering_t_after_other_renders_equals_a_fresh_render(name):
    cls = registry.get(name)
    fresh = frame(cls({}, seed=3), 77.0)
    used = cls({}, seed=3)
    for t in (1500.0, 0.0, 77.5, 30.0):
        frame(used, t, (64, 36))            # other sizes too
        frame(used, t)
    assert np.array_equal(frame(used, 77.0), fresh)


@pytest.mark.parametrize("name", NAMES)
def test_not_blank_and_not_glaring(name):
    scene = registry.get(name)({}, seed=1)
    for t in (0.0, 30.0, 300.0, 1800.0):
        img = frame(scene, t)
        assert np.isfinite(img).all()
        assert img.std() > 0.01, f"{name} is nearly flat at t={t}"
        assert img.max() > 0.15, f"{name} shows nothing at t={t}"
        assert 0.02 < luminance(img) < 0.4, f"{name} mean luma {luminance(img):.3f} at t={t}"


@pytest.mark.parametrize("name", NAMES)
def test_motion_is_gentle(name):
    scene = registry.get(name)({}, seed=1)
    for t in (12.0, 95.0, 600.0):
        a, b = frame(scene, t), frame(scene, t + 1 / 30)
        assert not np.array_equal(a, b), f"{name} is frozen at t={t}"
        step = float(np.abs(a - b).mean())
        assert step < 0.01, f"{name} changes by {step:.4f} per frame at t={t}"
        lum = [luminance(frame(scene, t + k / 4)) for k in range(5)]
        assert max(lum) - min(lum) < 0.02, f"{name} mean luminance swings over 1 s at t={t}"


@pytest.mark.parametrize("name", NAMES)
def test_unknown_and_out_of_range_params_are_rejected_clearly(name):
    cls = registry.get(name)
    with pytest.raises(ParamError, match="unknown parameter 'sped'.*did you mean 'speed'"
                       if any(p.name == "speed" for p in cls.params)
                       else "unknown parameter 'sped'"):
        cls({"sped": 1.0})
    for p in cls.params:
        if p.max is not None:
            with pytest.raises(ParamError, match=f"'{p.name}' is .* outside its range"):
                cls({p.name: p.max + 1})
        if p.choices:
            with pytest.raises(ParamError, match="did you mean"):
                cls({p.name: p.choices[0][:-1] + "x"})


@pytest.mark.parametrize("name", NAMES)
def test_every_palette_works_in_every_scene(name):
    cls = registry.get(name)
    if not any(p.name == "palette" for p in cls.params):
        pytest.skip("no palette parameter")
    looks = {pal: frame(cls({"palette": pal}, seed=1), 40.0).mean(axis=(0, 1))
             for pal in palettes.NAMES}
    assert len({tuple(np.round(v, 3)) for v in looks.values()}) == len(palettes.NAMES)


def test_unknown_scene_and_palette_suggest_the_closest_name():
    with pytest.raises(registry.SceneError, match="did you mean 'aurora'"):
        registry.get("auroa")
    with pytest.raises(ParamError, match="did you mean 'ocean'"):
        registry.get("nebula")({"palette": "ocen"})
