"""``driftlight still`` and ``driftlight scenes``: exact frames, listings and a gallery."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json

import numpy as np
import pygame
import pytest

from player.cli import main
from scenes import registry


def still(tmp_path, name, *args):
    out = tmp_path / name
    assert main(["still", *args, "--size", "160x90", "-o", str(out)]) == 0
    return out.read_bytes()


def rgb(tmp_path, name):
    """The pixels of a PNG written by still(), as floats (H, W, 3)."""
    surface = pygame.image.load(str(tmp_path / name))
    return pygame.surfarray.array3d(surface).astype(np.float64)


def test_same_inputs_give_a_byte_identical_png(tmp_path):
    a = still(tmp_path, "a.png", "--scene", "mandala", "--t", "42")
    b = still(tmp_path, "b.png", "--scene", "mandala", "--t", "42")
    still(tmp_path, "c.png", "--scene", "mandala", "--t", "50")
    assert a == b
    moved = np.abs(rgb(tmp_path, "a.png") - rgb(tmp_path, "c.png"))
    assert moved.mean() > 1.0 and (moved.max(axis=2) > 4).mean() > 0.05  # moved (not dither)


def test_params_change_the_picture(tmp_path):
    still(tmp_path, "a.png", "--scene", "ocean")
    still(tmp_path, "b.png", "--scene", "ocean", "--param", "palette=ember")
    a, b = rgb(tmp_path, "a.png"), rgb(tmp_path, "b.png")
    assert np.abs(a - b).mean() > 2.0
    warmth = [float((x[..., 0] - x[..., 2]).mean()) for x in (a, b)]
    assert warmth[1] > warmth[0] + 5                    # an ember palette is warmer


def test_still_is_the_output_size(tmp_path):
    still(tmp_path, "a.png", "--scene", "nebula")
    assert pygame.image.load(str(tmp_path / "a.png")).get_size() == (160, 90)


def test_at_renders_a_moment_of_the_session(tmp_path):
    a = still(tmp_path, "a.png", "--at", "5m", "--length", "20m")
    b = still(tmp_path, "b.png", "--at", "300", "--length", "20m")
    start = still(tmp_path, "c.png", "--at", "0", "--length", "20m")
    assert a == b
    assert a != start
    img = pygame.image.load(str(tmp_path / "c.png"))
    assert max(img.get_at((x, 45))[:3] for x in range(0, 160, 16)) == (0, 0, 0)  # faded in


@pytest.mark.parametrize("args, message", [
    (["--scene", "sunrse"], "did you mean 'sunrise'"),
    (["--scene", "ocean", "--param", "palette=ocen"], "did you mean 'ocean'"),
    (["--scene", "ocean", "--param", "speed=40"], "'speed' is 40, outside its range"),
    (["--scene", "ocean", "--param", "speed"], "not KEY=VALUE"),
    (["--scene", "ocean", "--size", "big"], "is not WIDTHxHEIGHT"),
    (["--at", "soon"], "--at"),
    (["--at", "50m", "--length", "45m"], "after the end of the session (45m)"),
    (["--scene", "first-lite"], "did you mean 'first-light'"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, capsys, args, message):
    argv = ["still", *args, "-o", str(tmp_path / "x.png")]
    if "--size" not in args:
        argv += ["--size", "64x36"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "error" in err
    assert "Traceback" not in err


def test_scenes_json_comes_from_the_declarations(capsys):
    assert main(["scenes", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert sorted(listing) == registry.names()
    orb = listing["breathing_orb"]["params"]
    assert orb["bpm"]["default"] == 6.0 and orb["bpm"]["minimum"] == 2.0
    assert {"inhale", "hold_in", "exhale", "hold_out"} <= set(orb)


def test_scenes_text_lists_every_scene(capsys):
    assert main(["scenes"]) == 0
    out = capsys.readouterr().out
    for name in registry.names():
        assert f"{name}: " in out


def test_a_preset_works_wherever_a_scene_does(tmp_path):
    preset = still(tmp_path, "p.png", "--scene", "first-light")
    plain = still(tmp_path, "s.png", "--scene", "sunrise")
    same = still(tmp_path, "q.png", "--scene", "sunrise", "--param", "palette=dawn",
                 "--param", "speed=0.6", "--param", "brightness=0.8")
    assert preset == same and preset != plain


def test_gallery_is_a_labelled_sheet_of_every_scene_and_preset(tmp_path, monkeypatch):
    from player.commands.scenes import gallery_items

    registry.load_builtins()        # the shipped scenes only: other tests register plugins
    monkeypatch.setattr(registry, "_SCENES", {n: c for n, c in registry._SCENES.items()
                                              if c.__module__.startswith("scenes.")})

    out = tmp_path / "gallery.png"
    assert main(["scenes", "--gallery", str(out)]) == 0
    items = gallery_items()
    from player.config import PACKAGED_CONFIG, load_config

    presets = load_config(PACKAGED_CONFIG).presets           # the shipped config's presets
    assert len(items) == len(registry.names()) + len(presets) and len(presets) >= 4
    sheet = pygame.surfarray.array3d(pygame.image.load(str(out))).transpose(1, 0, 2)
    rows = -(-len(items) // 4)
    assert sheet.shape[:2] == (rows * (270 + 34), 4 * 480)
    thumbs = []
    for i in range(len(items)):
        x, y = (i % 4) * 480, (i // 4) * (270 + 34)
        thumb = sheet[y:y + 270, x:x + 480].astype(float)
        label = sheet[y + 270:y + 304, x:x + 480]
        assert thumb.std() > 2, f"thumbnail {items[i][0]} is flat"
        assert label.max() > 150, f"thumbnail {items[i][0]} has no label"
        thumbs.append(thumb)
    for i, a in enumerate(thumbs):          # every thumbnail is a picture of its own
        assert all(np.abs(a - b).mean() > 1 for b in thumbs[i + 1:])


def test_docs_scene_reference_is_up_to_date():
    import subprocess
    import sys
    from pathlib import Path

    # A fresh process: other tests register extra scenes in this one's registry.
    fresh = subprocess.run([sys.executable, "-m", "player", "scenes", "--markdown"],
                           capture_output=True, text=True, check=True).stdout
    docs = Path(__file__).resolve().parents[1] / "docs" / "scenes.md"
    assert docs.read_text() == fresh, "run: driftlight scenes --markdown > docs/scenes.md"
