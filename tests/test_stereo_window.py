"""``play --stereo sbs`` end to end in a real X server at 3840×1080 (VITURE's 3D mode):
both halves show the scene, and they differ by the parallax its layers' depths imply.

Needs Xvfb and ffmpeg; skips with the reason when they cannot be found.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from player.gl.view import SCREEN
from player.sessionlog import read_log
from tests.test_stereo_depth import shift_px
from tests.xkit import driftlight, grab, needs, x_env, xvfb

pytestmark = needs("Xvfb", "ffmpeg")
SIZE = (3840, 1080)
FAR_M, NEAR_M = 1e5, 1.5
# Bands above the middle lie far behind the screen, bands below a little in front of it.
PLUGIN = f"""
from scenes.base import ShaderScene
from scenes.registry import register


@register
class DepthBands(ShaderScene):
    name = "test_depth_bands"
    description = "irregular vertical bands: far above, near below"
    shader = '''
vec3 scene(vec2 p, float t) {{
    vec2 q = at_depth(p, p.y < 0.0 ? {FAR_M:.1f} : {NEAR_M:.2f});
    float v = 0.5 + 0.4 * sin(q.x * 9.0 + 2.0 * sin(q.x * 3.7));
    return vec3(v * (p.y < 0.0 ? 0.9 : 0.6), v * 0.7, 0.5);
}}
'''
"""
CONFIG = """
session:
  playlist: bands
  fade_in: 3s
  fade_out: 3s
playlists:
  bands:
    phases:
      - name: bands
        scene: test_depth_bands
        weight: 1
"""


@pytest.fixture
def wide_xserver():
    with xvfb(SIZE) as display:
        yield display


def started(log: Path) -> bool:
    return log.exists() and any(e["event"] == "phase" for e in read_log(log))


def test_side_by_side_halves_differ_by_the_depths_parallax(wide_xserver, tmp_path):
    (tmp_path / "bands.py").write_text(PLUGIN)
    (tmp_path / "config.yaml").write_text(CONFIG)
    log = tmp_path / "session.jsonl"
    env = x_env(wide_xserver)
    with driftlight(env, "play", str(tmp_path / "config.yaml"), "--plugin",
                    str(tmp_path / "bands.py"), "--fullscreen", "--stereo", "sbs", "--length",
                    "12s", "--no-sound", "--console", "off", "--log", str(log)) as proc:
        deadline = time.time() + 30
        while not started(log) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert started(log), proc.stderr.read() if proc.poll() is not None else "no phase"
        time.sleep(4.0)                                      # past the 3 s fade-in
        shot = grab(wide_xserver, SIZE).astype(np.float32)
        proc.wait(timeout=40)
    assert proc.returncode == 0, proc.stderr.read()
    assert read_log(log)[0]["stereo"] == "sbs"
    eye_w, eye_h = SIZE[0] // 2, SIZE[1]
    left, right = shot[:, :eye_w], shot[:, eye_w:]
    for half in (left, right):                               # both halves show the scene
        assert half.mean() > 40 and half.std() > 10
    px_per_unit = eye_h / 2
    far = shift_px(left[200:400], right[200:400], most=80)
    near = shift_px(left[700:900], right[700:900], most=80)
    assert far == pytest.approx(SCREEN.disparity(FAR_M) * px_per_unit, abs=2.0)
    assert near == pytest.approx(SCREEN.disparity(NEAR_M) * px_per_unit, abs=2.0)
    assert far > 20 and near < -5             # far: uncrossed (behind), near: crossed
