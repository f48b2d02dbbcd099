"""Scenes from outside: plugin files and entry points, and their failures, reported clearly."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json
import textwrap

import pytest

from player.cli import main
from scenes import registry

GOOD = """
    import numpy as np
    from scenes.base import Scene, palette_param
    from scenes.palettes import colourise
    from scenes.registry import register

    @register
    class Glow(Scene):
        name = "test_glow"
        description = "a soft test glow"
        params = (palette_param("dusk"),)

        def render(self, t, grid):
            return colourise(self.p["palette"], np.exp(-(grid.x ** 2 + grid.y ** 2)) * 0.6)
"""


@pytest.fixture(autouse=True)
def clean_registry(monkeypatch):
    registry.load_builtins()     # imported modules register only once: keep them in the original
    monkeypatch.setattr(registry, "_SCENES", dict(registry._SCENES))


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def test_plugin_scene_is_listed_and_renders(tmp_path, capsys):
    plugin = write(tmp_path, "glow.py", GOOD)
    assert main(["scenes", "--json", "--plugin", str(plugin)]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["test_glow"]["description"] == "a soft test glow"
    assert "aurora" in listing
    out = tmp_path / "glow.png"
    assert main(["still", "--plugin", str(plugin), "--scene", "test_glow", "--size",
                 "64x36", "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_plugin_that_fails_to_import_names_file_and_line(tmp_path, capsys):
    plugin = write(tmp_path, "broken.py", "import math\nraise RuntimeError('oops')\n")
    assert main(["scenes", "--plugin", str(plugin)]) == 2
    err = capsys.readouterr().err
    assert f"{plugin}:2: error: plugin failed to import: RuntimeError: oops" in err
    assert "Traceback" not in err


def test_plugin_with_a_syntax_error(tmp_path, capsys):
    plugin = write(tmp_path, "typo.py", "def oops(:\n    pass\n")
    assert main(["scenes", "--plugin", str(plugin)]) == 2
    assert f"{plugin}:1: error" in capsys.readouterr().err


def test_plugin_breaking_the_contract_is_reported(tmp_path, capsys):
    body = GOOD.replace("def render(self, t, grid):", "def render(self, t, grid):\n"
                        "            raise ValueError('no pixels today')")
    plugin = write(tmp_path, "bad.py", body)
    assert main(["still", "--plugin", str(plugin), "--scene", "test_glow", "--size", "64x36",
                 "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "scene 'test_glow' failed while rendering: ValueError: no pixels today" in err
    assert "Traceback" not in err


def test_plugin_without_a_render_method(tmp_path, capsys):
    plugin = write(tmp_path, "norender.py", GOOD.split("        def render")[0])
    assert main(["scenes", "--plugin", str(plugin)]) == 2
    assert "does not define render(t, grid)" in capsys.readouterr().err


def test_missing_plugin_file(tmp_path, capsys):
    assert main(["scenes", "--plugin", str(tmp_path / "nope.py")]) == 2
    assert "plugin file not found" in capsys.readouterr().err


def test_entry_point_scenes_join_the_registry(tmp_path, monkeypatch):
    write(tmp_path, "ep_glow.py", GOOD.replace("    @register\n", ""))
    monkeypatch.syspath_prepend(str(tmp_path))

    class EP:
        name = "ep"

        def load(self):
            import ep_glow
            return ep_glow.Glow

    class Broken(EP):
        name = "broken"

        def load(self):
            raise ImportError("missing dependency")

    monkeypatch.setattr(registry, "entry_points", lambda group: [EP(), Broken()])
    warnings = registry.load_entry_points()
    assert "test_glow" in registry.names()
    assert warnings == ["scene plugin 'broken' could not be loaded: missing dependency"]
    assert registry.get("test_glow").__module__ == "ep_glow"     # the plugin's own class
