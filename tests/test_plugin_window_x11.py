"""A plugin's shader is test-compiled at load, before the window opens, and the window
then opens in a real X server: the offscreen EGL context used for the compile is let go,
since a thread may hold only one API's context (an EGL context left current made the
window's GLX MakeCurrent fail with BadAccess and the process exit).

Needs Xvfb; skips with the reason when it cannot be found.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.xkit import needs, x_env, xserver  # noqa: F401  (the Xvfb fixture)

pytestmark = needs("Xvfb")

PLUGIN = '''
from scenes.base import ShaderScene
from scenes.registry import register


@register
class Tint(ShaderScene):
    name = "test_tint"
    description = "a plain tint"
    shader = """
vec3 scene(vec2 p, float t) {
    return vec3(0.2, 0.4, BROKEN);
}
"""
'''
# load the plugin (its shader compiled offscreen), then open a window and draw in it;
# a headless window afterwards takes the offscreen context back
OPEN = """
import sys
from player.commands._common import load_plugins
from player.display import DisplayRequest, Window
load_plugins([sys.argv[1]])
w = Window(DisplayRequest(fullscreen=False, size=(64, 36), headless=sys.argv[2] == 'headless'))
w.ctx.screen.use() if w._offscreen is None else w.framebuffer.use()
w.ctx.clear(0.2, 0.4, 0.6)
print(list(w.read()[:3]))
w.flip()
w.close()
"""


def run(display: str, plugin: Path, mode: str) -> subprocess.CompletedProcess:
    env = x_env(display)
    return subprocess.run([sys.executable, "-c", OPEN, str(plugin), mode], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def plugin(tmp_path) -> Path:
    path = tmp_path / "tint.py"
    path.write_text(PLUGIN.replace("BROKEN", "0.6"))
    return path


@pytest.mark.parametrize("mode", ["window", "headless"])
def test_plugin_shader_checked_then_the_window_opens(xserver, plugin, mode):  # noqa: F811
    done = run(xserver, plugin, mode)
    assert done.returncode == 0, done.stderr
    assert "BadAccess" not in done.stderr
    assert done.stdout.split("\n")[0] == "[51, 102, 153]"


def test_a_broken_plugin_shader_is_an_error_at_load(xserver, tmp_path):  # noqa: F811
    path = tmp_path / "broken.py"
    path.write_text(PLUGIN.replace("BROKEN", "undefined_blue"))
    env = x_env(xserver)
    done = subprocess.run([sys.executable, "-m", "player", "play", "--plugin", str(path),
                           "--length", "60s", "--log", str(tmp_path / "s.jsonl")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert f"{path}:12: error:" in done.stderr and "undefined_blue" in done.stderr
    assert "in scene 'test_tint'" in done.stderr and "Traceback" not in done.stderr
