"""``driftlight safety VIDEO`` and ``driftlight check --safety`` from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from player.cli import main

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None or
                                  shutil.which("ffprobe") is None,
                                  reason="ffmpeg/ffprobe not installed (apt-get install ffmpeg)")


def make_video(path: Path, source: str) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source,
                    "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> dict[str, Path]:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed (apt-get install ffmpeg)")
    d = tmp_path_factory.mktemp("videos")
    calm = make_video(d / "calm.mp4", "testsrc2=s=160x120:r=30:d=3")
    strobe = make_video(d / "strobe.mp4", "color=c=black:s=160x120:r=30:d=3,"
                        "geq=lum='if(lt(mod(N\\,8)\\,4)\\,235\\,16)':cb=128:cr=128")
    corrupt = d / "corrupt.mp4"
    corrupt.write_bytes(calm.read_bytes()[:2000])
    return {"calm": calm, "strobe": strobe, "corrupt": corrupt}


@needs_ffmpeg
def test_calm_video_passes(videos, capsys):
    assert main(["safety", str(videos["calm"])]) == 0
    assert "PASS" in capsys.readouterr().out


@needs_ffmpeg
def test_strobing_video_fails_with_the_time_range(videos, capsys):
    assert main(["safety", str(videos["strobe"]), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "fail"
    general = [p for p in data["problems"] if p["kind"] == "general"]
    assert general and general[0]["flashes_per_s"] == pytest.approx(3.75, abs=0.3)
    assert general[0]["start_s"] < 0.5 and general[0]["end_s"] > 2.5


@needs_ffmpeg
@pytest.mark.parametrize("which", ["corrupt", "missing"])
def test_unreadable_video_is_exit_2_with_a_clear_message(videos, which, capsys, tmp_path):
    path = videos.get(which, tmp_path / "nowhere.mp4")
    assert main(["safety", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: error: ") and "Traceback" not in err


def test_missing_ffmpeg_says_how_to_install(monkeypatch, tmp_path, capsys):
    video = tmp_path / "a.mp4"
    video.write_bytes(b"not really")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["safety", str(video)]) == 2
    assert "apt-get install ffmpeg" in capsys.readouterr().err


PLUGIN = '''
import numpy as np
from scenes.base import Scene
from scenes.registry import register

@register
class CliStrobe(Scene):
    name = "cli_strobe"
    description = "a broken plugin that strobes"

    def render(self, t, grid):
        return np.full((*grid.shape, 3), float(int(t * 10) % 2), np.float32)
'''

CONFIG = """\
session: {{playlist: p, length: 60s, seed: 1, fade_in: 4s, fade_out: 4s}}
playlists:
  p:
    phases:
      - {{name: settle, scene: sunrise, weight: 1}}
      - {{name: storm, scene: {second}, weight: 1, transition: 6s}}
"""


def test_check_safety_names_the_failing_phase(tmp_path, capsys):
    plugin = tmp_path / "strobe.py"
    plugin.write_text(PLUGIN)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(second="cli_strobe"))
    assert main(["check", str(config), "--safety", "--plugin", str(plugin)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "phase 'storm'" in out
    config.write_text(CONFIG.format(second="ocean"))
    assert main(["check", str(config), "--safety", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "pass"


@needs_ffmpeg
def test_a_truncated_video_says_which_part_was_analysed(tmp_path, capsys):
    from player.safety import corpus
    case = next(c for c in corpus.cases() if c.name == "truncated")
    path = corpus.build(case, tmp_path)
    assert main(["safety", str(path), "--json"]) == 1          # it strobes, as far as it goes
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is False
    assert data["analysed_s"][1] < data["declared_duration_s"]
    assert "truncated" in data["notes"][0]
    assert main(["safety", str(path)]) == 1
    out = capsys.readouterr().out
    assert "(in the part analysed)" in out and "note: only 0:00.0" in out
