"""``driftlight export --projection 180|360 [--stereo lr|tb]``: equirectangular frames of the
compositor's 180°/360° views, both eyes in one frame, the Spherical Video metadata that
ffprobe and our parser read, the file-name tags, and clear refusals.

Tiny exports (64×32 and 128×64, 5 fps, one second) of a one-minute session of two
scenes that support the sphere.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from player.cli import main
from player.commands import export as export_cmd
from player.commands._common import plan_session
from player.compositor import Compositor
from player.export import decode, spherical
from player.export.job import ExportJob
from player.export.mp4box import MP4Error
from player.export.tools import find_tools
from tests.exportkit import fresh_tools, pytestmark  # noqa: F401  (ffmpeg or skip)

CONFIG = """\
session: {playlist: p, length: 1m, seed: 3, fade_in: 4s, fade_out: 4s}
playlists:
  p:
    phases:
      - name: sky
        scene: aurora
        weight: 1
        transition: 4s
      - name: stars
        scene: starfield
        weight: 1
        transition: 4s
  indoors:
    phases:
      - name: sky
        scene: aurora
        weight: 1
      - name: flame
        scene: candle
        weight: 1
"""
RANGE = ["--from", "26s", "--to", "27s", "--fps", "5", "--jobs", "1", "--quiet"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spherical")
    (path / "c.yaml").write_text(CONFIG)
    return path


def _export(folder: Path, *extra: str, name: str = "trip.mp4") -> int:
    return main(["export", str(folder / "c.yaml"), *RANGE, *extra, "-o", str(folder / name)])


@pytest.fixture(scope="module")
def sphere(folder) -> Path:        # 10-bit HEVC: frames read back at 16 bits (frame16)
    assert _export(folder, "--projection", "360", "--size", "64x32") == 0
    return folder / "trip_360.mp4"


@pytest.fixture(scope="module")
def vr180(folder) -> Path:         # 8-bit H.264: frames read back at 8 bits (frame)
    assert _export(folder, "--projection", "180", "--stereo", "lr", "--size", "128x64",
                   "--codec", "h264") == 0
    return folder / "trip_180_LR.mp4"


def _side_data(path: Path) -> tuple[dict, dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_streams",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True)
    stream = json.loads(out.stdout)["streams"][0]
    return stream, {d["side_data_type"]: d for d in stream.get("side_data_list", [])}


def _reference(folder: Path, extra: list[str], t: float) -> np.ndarray:
    """The frame at session time ``t`` as the compositor draws it for this export."""
    parser = argparse.ArgumentParser()
    export_cmd.add_arguments(parser)
    args = parser.parse_args([str(folder / "c.yaml"), *extra, "-o", "x.mp4"])
    plan = plan_session(args)
    projection, stereo = export_cmd._projection(args)
    size = export_cmd._size(args.size, projection, stereo)
    job = ExportJob(plan.timeline, plan.seed, size, 5, "h264", 18, 26.0, 5,
                    plan.config.display.brightness_cap, projection=projection, stereo=stereo,
                    ipd_m=plan.config.display.ipd_mm / 1000)
    comp = Compositor(job.eye_size, seed=job.seed, guard=False,
                      brightness_cap=job.brightness_cap, levels=255)
    try:
        return comp.frame(plan.timeline.at(t), views=job.views())
    finally:
        comp.release()


def test_a_360_export_says_so_in_its_metadata_and_name(sphere) -> None:
    assert sphere.exists() and not sphere.with_name("trip.mp4").exists()
    assert spherical.read(sphere) == spherical.metadata_for("360", "mono")
    stream, side = _side_data(sphere)
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("hevc", 64, 32)
    assert side["Spherical Mapping"]["projection"] == "equirectangular"
    assert side["Stereo 3D"]["type"] == "2D"


def test_a_360_frame_is_a_panorama_whose_ends_meet(sphere) -> None:
    frames = decode.frames(find_tools(), sphere, (64, 32)).astype(float)
    assert frames.shape[0] == 5
    mid = frames[2]
    assert mid.mean() > 2.0                                  # the scene, not black
    seam = np.abs(mid[:, 0] - mid[:, -1]).mean()             # behind the viewer
    across = np.abs(mid[:, 0] - mid[:, 32]).mean()           # 180° apart
    assert seam < across / 2, (seam, across)


def test_a_vr180_export_has_both_eyes_side_by_side(folder, vr180) -> None:
    assert spherical.read(vr180) == spherical.metadata_for("180", "lr")
    stream, side = _side_data(vr180)
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 128, 64)
    assert side["Stereo 3D"]["type"] == "side by side"
    mapping = side["Spherical Mapping"]
    assert mapping["projection"] == "tiled equirectangular"
    assert mapping["bound_left"] + mapping["bound_right"] == 128     # half a sphere
    frames = decode.frames(find_tools(), vr180, (128, 64))
    extra = ["--projection", "180", "--stereo", "lr", "--size", "128x64"]
    for k in (0, 4):
        still = _reference(folder, extra, 26 + k / 5)
        assert decode.psnr(frames[k], still) >= 35.0, k       # the compositor's frame
    left, right = still[:, :64].astype(float), still[:, 64:].astype(float)
    assert left.mean() > 2.0 and abs(left.mean() - right.mean()) < 0.05 * left.mean()
    assert np.abs(left - right).mean() > 0.1                  # two eyes, not one picture


def test_a_playlist_with_scenes_off_the_sphere_is_refused_where_it_is(folder, capsys) -> None:
    code = _export(folder, "--playlist", "indoors", "--projection", "360", name="in.mp4")
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert (f"{folder / 'c.yaml'}:19:16: error: scene 'candle' (phase 'flame' of playlist "
            f"'indoors') cannot be shown on the sphere (360°) (--projection 360)") in err
    assert "aurora" in err and "starfield" in err
    assert not list(folder.glob("in*"))
    assert _export(folder, "--playlist", "indoors", "--projection", "180", "--size",
                   "64x64", "--to", "26.4s", name="in.mp4") == 0     # every scene: the dome


@pytest.mark.parametrize(("extra", "words"), [
    (["--stereo", "lr"], "--stereo lr needs --projection 180 or 360"),
    (["--projection", "720"], "--projection '720' is not known"),
    (["--projection", "180", "--stereo", "sbs"], "--stereo 'sbs' is not known"),
    (["--projection", "360", "--size", "64x64"], "--size 64x64 does not fit --projection 360"),
])
def test_bad_projection_arguments_are_one_line_exit_2(folder, capsys, extra, words) -> None:
    assert _export(folder, *extra, name="bad.mp4") == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize(("name", "words"), [
    ("trip.mkv", "writes its headset metadata into an .mp4 or .mov file"),
    ("trip_360.mp4", "the name says '360', but this is --projection 180"),
])
def test_names_that_cannot_hold_the_projection_are_refused(folder, capsys, name,
                                                           words) -> None:
    assert _export(folder, "--projection", "180", name=name) == 2
    assert words in capsys.readouterr().err


def test_a_file_the_metadata_cannot_go_into_stops_the_export_clearly(folder, capsys,
                                                                     monkeypatch) -> None:
    def broken(path: Path, meta: object) -> None:
        raise MP4Error(f"{path}: box 'moov' at byte 40 claims 9000 bytes but 120 are left: "
                       f"the file is cut off or damaged")

    monkeypatch.setattr(spherical, "inject_in_place", broken)
    code = _export(folder, "--projection", "360", "--size", "64x32", "--to", "26.4s",
                   name="broken.mp4")
    err = capsys.readouterr().err
    assert code == 2 and "cannot add the 360°/VR180 metadata" in err and "cut off" in err
    assert "Traceback" not in err and not (folder / "broken_360.mp4").exists()
