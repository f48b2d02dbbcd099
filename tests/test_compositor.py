"""The GL compositor: perceptual crossfades, dither after scaling, native detail, faults."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest

from player.commands.still import scene_plan
from player.compositor import Compositor
from player.fallback import FADE_S
from player.playlist import PhaseSpec, SceneRef
from player.timeline import FramePlan, Layer, Phase, Slot
from scenes import registry
from scenes.base import Scene, ShaderScene
from scenes.params import Param
from tests.glkit import compositor


@pytest.fixture(autouse=True)
def clean_registry(monkeypatch):
    registry.load_builtins()
    monkeypatch.setattr(registry, "_SCENES", dict(registry._SCENES))


def flat(name: str, rgb: tuple[float, float, float]) -> type[ShaderScene]:
    """Register a shader scene of one flat sRGB colour."""
    cls = type(name, (ShaderScene,), {
        "name": name, "description": f"flat {rgb}",
        "shader": f"vec3 scene(vec2 p, float t) {{ return vec3{tuple(rgb)}; }}"})
    return registry.register(cls)


def two_layer_plan(a: str, b: str, mix: float, t: float = 10.0) -> FramePlan:
    spec = PhaseSpec(name="x", scenes=(SceneRef(a), SceneRef(b)), duration=math.inf)
    phase = Phase(0, "x", 0.0, math.inf, spec)
    slots = [Slot(i, 0, (0, i), SceneRef(n), 0.0, math.inf, 0.0, 0.0, 0.0)
             for i, n in enumerate((a, b))]
    return FramePlan(t, (Layer(slots[0], t, 1 - mix), Layer(slots[1], t, mix)), phase, 1.0)


def oklab(rgb255: np.ndarray) -> np.ndarray:
    c = rgb255.astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m1 = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                   [0.2119034982, 0.6806995451, 0.1073969566],
                   [0.0883024619, 0.2817188376, 0.6299787005]])
    m2 = np.array([[0.2104542553, 0.7936177850, -0.0040720468],
                   [1.9779984951, -2.4285922050, 0.4505937099],
                   [0.0259040371, 0.7827717662, -0.8086757660]])
    return np.cbrt(lin @ m1.T) @ m2.T


def mean_lab(img: np.ndarray) -> tuple[float, float]:
    lab = oklab(img.reshape(-1, 3)).mean(axis=0)
    return float(lab[0]), float(math.hypot(lab[1], lab[2]))


@pytest.mark.parametrize("pair, keeps", [
    (((0.15, 0.35, 0.85), (0.85, 0.55, 0.15)), 0.4),     # blue and amber: complementary
    (((0.75, 0.2, 0.45), (0.2, 0.7, 0.45)), 0.4),        # rose and green: complementary
    (((0.35, 0.42, 0.7), (0.35, 0.6, 0.42)), 0.85),     # blue and green, ~110 degrees apart
])
def test_crossfade_midpoint_keeps_lightness_and_chroma(pair, keeps):
    flat("flat_a", pair[0])
    flat("flat_b", pair[1])
    comp = compositor((64, 36), bloom=0.0, brightness_cap=1.0)
    ends = [mean_lab(comp.frame(two_layer_plan("flat_a", "flat_b", m))) for m in (0.0, 1.0)]
    mid_l, mid_c = mean_lab(comp.frame(two_layer_plan("flat_a", "flat_b", 0.5)))
    want_l = (ends[0][0] + ends[1][0]) / 2
    want_c = (ends[0][1] + ends[1][1]) / 2
    assert abs(mid_l - want_l) < 0.03, (mid_l, want_l)
    assert mid_c > keeps * want_c, f"chroma {mid_c:.3f} half way, ends average {want_c:.3f}"
    if keeps < 0.5:       # complementary: the sRGB average this replaces is darker and greyer
        srgb_l, srgb_c = mean_lab(((np.array(pair[0]) + np.array(pair[1])) / 2 * 255)[None])
        assert srgb_l < want_l - 0.02 and mid_c > 1.5 * srgb_c


def test_crossfade_is_continuous():
    flat("flat_a", (0.2, 0.3, 0.7))
    flat("flat_b", (0.7, 0.5, 0.2))
    comp = compositor((32, 18), bloom=0.0)
    means = [comp.frame(two_layer_plan("flat_a", "flat_b", m / 20)).mean(axis=(0, 1))
             for m in range(21)]
    steps = np.abs(np.diff(np.array(means), axis=0)).max(axis=1)
    assert steps.max() < 0.12 * 255, f"a 5% step of the mix jumps: {steps.round(1)}"


def test_dither_is_applied_after_scaling():
    """A flat colour between two 8-bit levels, rendered small and scaled 4x: the output
    mixes the two levels pixel by pixel, with no pattern repeating every 4 pixels."""
    flat("flat_grey", (0.1234, 0.1234, 0.1234))
    comp = compositor((384, 216), internal_height=54, bloom=0.0, brightness_cap=1.0)
    img = comp.frame(scene_plan(SceneRef("flat_grey"), 5.0))[:, :, 1].astype(np.float64)
    assert abs(img.mean() - 0.1234 * 255) < 0.15, "the dither is biased"
    assert len(np.unique(img)) >= 2, "no dither"
    blocks = img.reshape(54, 4, 96, 4).std(axis=(1, 3))
    assert (blocks > 0).mean() > 0.9, "the dither is constant within scaled-up pixels"
    z = img - img.mean()
    corr = [float((z * np.roll(z, s, axis=1)).mean() / (z * z).mean()) for s in (1, 2, 3, 4)]
    assert abs(corr[3]) < 0.1, f"the dither repeats with the 4x scale: {corr}"


def test_dark_gradients_do_not_band():
    """A slow dark ramp: no flat runs of one level wider than the dither can break up."""
    registry.register(type("ramp", (ShaderScene,), {
        "name": "ramp", "description": "a dark ramp",
        "shader": "vec3 scene(vec2 p, float t) { return vec3(0.02 + 0.04 * (p.x + 1.8) / 3.6); }"}))
    comp = compositor((640, 360), bloom=0.0, brightness_cap=1.0)
    row = comp.frame(scene_plan(SceneRef("ramp"), 1.0))[180, :, 1].astype(int)
    runs = np.diff(np.flatnonzero(np.diff(row)))
    assert runs.size > 0 and runs.max() < 24, "long flat bands in a dark gradient"


def _detail(img: np.ndarray) -> float:
    """How much an image differs from its own 4x-down-then-up copy (box down, bilinear
    up: smooth shading comes back, detail finer than the small copy does not)."""
    h, w, _ = img.shape
    small = img.reshape(h // 4, 4, w // 4, 4, 3).mean(axis=(1, 3))
    return float(np.abs(img - _upscale4(small)).mean())


def _upscale4(img: np.ndarray) -> np.ndarray:
    """Bilinear 4x upscale (pixel centres), as a field rendered small and scaled up."""
    h, w, _ = img.shape
    ys = np.clip((np.arange(h * 4) + 0.5) / 4 - 0.5, 0, h - 1)
    xs = np.clip((np.arange(w * 4) + 0.5) / 4 - 0.5, 0, w - 1)
    rows = np.stack([np.stack([np.interp(ys, np.arange(h), img[:, x, c]) for c in range(3)], -1)
                     for x in range(w)], 1)
    return np.stack([np.stack([np.interp(xs, np.arange(w), rows[y, :, c]) for c in range(3)], -1)
                     for y in range(h * 4)], 0)


@pytest.mark.parametrize("name", ["starfield", "fireflies", "rain_glass", "mandala"])
def test_native_detail_survives_at_1080p(name):
    """Fine detail is drawn at the output resolution: a 1080p picture differs measurably
    from its own 4x-down-then-up copy, far more than a 480x270 field scaled up would."""
    from tests.glkit import scene_image

    scene = registry.get(name)({}, seed=1)
    native = scene_image(scene, 60.0, (1920, 1080))
    scaled = _upscale4(scene_image(scene, 60.0, (480, 270)))
    assert _detail(native) > 1.5 * _detail(scaled), (_detail(native), _detail(scaled))


class Gradient(Scene):
    name = "np_gradient"
    description = "a numpy test gradient"
    params = (Param("level", 0.5, "top brightness", min=0.0, max=1.0),)

    def render(self, t, grid):
        v = (1.0 - (grid.y + 1) / 2) * float(self.p["level"])      # bright at the top
        return np.repeat(v[:, :, None], 3, axis=2).astype(np.float32)


def test_numpy_scenes_are_composed_right_way_up():
    registry.register(Gradient)
    comp = compositor((96, 54), bloom=0.0, brightness_cap=1.0)
    img = comp.frame(scene_plan(SceneRef("np_gradient"), 1.0)).astype(float)
    assert img[2].mean() > 100 and img[-3].mean() < 10


class Faulty(Scene):
    name = "np_faulty"
    description = "raises between 10 and 12 s"

    def render(self, t, grid):
        if 10.0 <= t < 12.0:
            raise RuntimeError("boom")
        return np.full((*grid.shape, 3), 0.6, np.float32)


def test_a_failing_scene_fades_to_the_fallback_and_comes_back():
    registry.register(Faulty)
    faults = []
    comp = compositor((64, 36), bloom=0.0, on_fault=faults.append)
    before = comp.frame(scene_plan(SceneRef("np_faulty"), 9.9)).mean()
    first = comp.frame(scene_plan(SceneRef("np_faulty"), 10.0)).mean()
    assert len(faults) == 1 and "boom" in faults[0].error and faults[0].scene == "np_faulty"
    assert abs(first - before) < 3, "the picture jumped at the fault"
    during = comp.frame(scene_plan(SceneRef("np_faulty"), 10.0 + FADE_S + 1)).mean()
    assert abs(during - before) > 20, "the fallback never showed"
    later = [comp.frame(scene_plan(SceneRef("np_faulty"), 10.0 + k / 4)).mean()
             for k in range(8, 160)]
    assert abs(later[-1] - before) < 3, "the scene was never retried"
    assert max(abs(np.diff(later))) < 12, "recovery jumped"
    assert len(faults) == 1


def test_a_shader_drawing_nan_is_contained():
    registry.register(type("nan_spot", (ShaderScene,), {
        "name": "nan_spot", "description": "NaN in a few pixels after 5 s",
        "shader": textwrap.dedent("""
            vec3 scene(vec2 p, float t) {
                float z = t - t;                              // 0, unknown to the compiler
                if (t > 5.0 && length(p) < 0.05) return vec3(z / z);
                return vec3(0.4);
            }""")}))
    faults = []
    comp = compositor((96, 54), bloom=0.0, on_fault=faults.append)
    ok = comp.frame(scene_plan(SceneRef("nan_spot"), 4.0))
    bad = comp.frame(scene_plan(SceneRef("nan_spot"), 5.5))
    assert len(faults) == 1 and "NaN" in faults[0].error
    assert np.abs(bad.astype(int) - ok.astype(int)).max() <= 3, "the NaN frame was shown"


def test_plugin_shader_that_does_not_compile_names_file_and_line(tmp_path, capsys):
    from player.cli import main

    plugin = tmp_path / "broken_shader.py"
    plugin.write_text(textwrap.dedent('''
        from scenes.base import ShaderScene
        from scenes.registry import register

        @register
        class Broken(ShaderScene):
            name = "broken_shader"
            description = "does not compile"
            shader = """
                vec3 scene(vec2 p, float t) {
                    return vec3(undefined_thing);
                }
            """
    '''))
    out = tmp_path / "x.png"
    assert main(["still", "--plugin", str(plugin), "--scene", "broken_shader", "-o",
                 str(out)]) == 2
    err = capsys.readouterr().err
    assert "broken_shader.py:11: error:" in err and "undefined_thing" in err
    assert "Traceback" not in err and not out.exists()


def test_no_gl_objects_are_created_per_frame(monkeypatch):
    comp = compositor((160, 90), guard=True)
    plans = [two_layer_plan("aurora", "ocean", 0.3, t=20 + k / 30) for k in range(40)]
    for plan in plans[:5]:
        comp.frame(plan)
    made = []
    for kind in ("texture", "framebuffer", "program", "vertex_array", "buffer"):
        real = getattr(comp.ctx, kind)
        monkeypatch.setattr(comp.ctx, kind, lambda *a, _r=real, _k=kind, **k: (
            made.append(_k), _r(*a, **k))[1])
    for plan in plans[5:]:
        comp.frame(plan)
    assert made == []


def test_no_opengl_is_one_clear_line_and_exit_2(monkeypatch, capsys, tmp_path):
    import moderngl

    from player.cli import main
    from player.gl import context

    monkeypatch.setattr(context, "_OFFSCREEN", None)

    def refuse(*args, **kwargs):
        raise Exception("libEGL.so.1: cannot open shared object file")
    monkeypatch.setattr(moderngl, "create_standalone_context", refuse)
    assert main(["still", "--scene", "aurora", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no usable OpenGL 3.3" in err[0] and "install" in err[0]


def test_offscreen_frames_are_deterministic_and_seekable():
    a = compositor((128, 72)).frame(two_layer_plan("nebula", "aurora", 0.4, t=33.3))
    comp = compositor((128, 72))
    for t in (400.0, 2.0, 33.3):
        comp.frame(two_layer_plan("nebula", "aurora", 0.4, t=t))
    assert np.array_equal(a, comp.frame(two_layer_plan("nebula", "aurora", 0.4, t=33.3)))


def test_compositor_lives_in_the_context_it_is_given():
    from player.gl.context import offscreen

    assert Compositor((32, 18), guard=False, ctx=offscreen()).ctx is offscreen()


def test_play_without_opengl_ends_the_log_cleanly(tmp_path):
    """No usable GL: exit 2 with one line before anything plays, and a whole log."""
    import json
    import os
    import subprocess
    import sys

    log = tmp_path / "s.jsonl"
    env = {**os.environ, "LIBGL_ALWAYS_SOFTWARE": "1", "EGL_PLATFORM": "surfaceless",
           "__EGL_VENDOR_LIBRARY_FILENAMES": str(tmp_path / "none.json"),
           "LIBGL_DRIVERS_PATH": str(tmp_path), "MESA_LOADER_DRIVER_OVERRIDE": "none"}
    proc = subprocess.run([sys.executable, "-m", "player", "play", "--headless", "--playlist",
                           "demo", "--length", "10s", "--log", str(log)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "OpenGL" in lines[0] and "Traceback" not in proc.stderr
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert events[-1] == "end"


@pytest.mark.parametrize("colour", ["vec3(1.0)", "vec3(1.0, 0.0, 0.0)"])
def test_the_live_guard_holds_back_a_strobing_shader(colour):
    """Through the real GL live path (probe read-back, gain map, grade pass): a 10 Hz
    full-screen strobe fails the analyser without the guard and passes with it."""
    from player.safety.analyser import Analyser

    registry.register(type("strobe_gl", (ShaderScene,), {
        "name": "strobe_gl", "description": "a 10 Hz strobe",
        "shader": f"vec3 scene(vec2 p, float t) {{ return fract(t * 10.0) < 0.5 ? "
                  f"{colour} * 0.9 : vec3(0.02); }}"}))

    def verdict(guarded: bool) -> str:
        comp = compositor((96, 54), bloom=0.0, brightness_cap=1.0, guard=guarded)
        if comp.guard is not None:
            comp.guard.rate = 60.0
        analyser = Analyser(60.0)
        for k in range(240):
            analyser.feed(comp.frame(scene_plan(SceneRef("strobe_gl"), 10.0 + k / 60)))
        return analyser.report().verdict

    assert verdict(False) == "fail"
    assert verdict(True) != "fail"


def test_the_live_guard_leaves_calm_scenes_untouched():
    plain = compositor((96, 54), guard=False)
    guarded = compositor((96, 54), guard=True)
    guarded.guard.rate = 30.0
    for k in range(60):
        plan = two_layer_plan("aurora", "ocean", min(1.0, k / 40), t=50 + k / 30)
        assert np.array_equal(plain.frame(plan), guarded.frame(plan)), f"frame {k} changed"
