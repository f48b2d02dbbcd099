"""Spherical Video V2 metadata written into ffmpeg's MP4 files: read back by our parser and
by ffprobe, the video unchanged, damaged files refused with a clear message.

The files are tiny (64×32, 1 s) and made by ffmpeg: H.264 + AAC with the index first
(``+faststart``, so the boxes we add move the media data and every chunk offset), and
HEVC (``hvc1``, as export writes it) with the index last.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from player.errors import UserError
from player.export import mp4box, spherical
from player.export.mp4box import Box, MP4Error

needs_ffmpeg = pytest.mark.skipif(not shutil.which("ffmpeg") or not shutil.which("ffprobe"),
                                  reason="needs ffmpeg and ffprobe to make and probe MP4 files")
KINDS = [("360", "mono"), ("360", "tb"), ("180", "lr"), ("180", "tb")]
FFPROBE_STEREO = {"mono": "2D", "lr": "side by side", "tb": "top and bottom"}


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mp4")
    fast, last = folder / "fast.mp4", folder / "last.mp4"
    video = ["-f", "lavfi", "-i", "testsrc=size=64x32:rate=10:duration=1"]
    _ffmpeg(*video, "-f", "lavfi", "-i", "sine=duration=1", "-c:v", "libx264", "-c:a", "aac",
            "-movflags", "+faststart", str(fast))
    _ffmpeg(*video, "-c:v", "libx265", "-x265-params", "log-level=error", "-tag:v", "hvc1",
            str(last))
    return {"fast": fast, "last": last}


def _order(path: Path) -> list[str]:
    with open(path, "rb") as f:
        return [b.kind for b in mp4box.top_level(f, str(path))]


def _probe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_streams",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True)
    stream = json.loads(out.stdout)["streams"][0]
    return {d["side_data_type"]: d for d in stream.get("side_data_list", [])} | {
        "width": stream["width"]}


def _frames(path: Path) -> list[str]:
    """Every decoded frame's and audio packet's hash (framemd5), all streams."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0", "-f",
                          "framemd5", "-"], capture_output=True, text=True, check=True)
    assert not out.stderr.strip(), out.stderr
    return [line for line in out.stdout.splitlines() if not line.startswith("#")]


@needs_ffmpeg
@pytest.mark.parametrize("which", ["fast", "last"])
@pytest.mark.parametrize(("projection", "stereo"), KINDS)
def test_written_metadata_reads_back_and_ffprobe_agrees(sources, tmp_path, which, projection,
                                                        stereo) -> None:
    src, dst = sources[which], tmp_path / "out.mp4"
    assert spherical.read(src) is None
    meta = spherical.metadata_for(projection, stereo)
    spherical.inject(src, dst, meta)
    assert spherical.read(dst) == meta
    assert spherical.read(dst).degrees == float(projection)
    info = _probe(dst)
    assert info["Stereo 3D"]["type"] == FFPROBE_STEREO[stereo]
    mapping = info["Spherical Mapping"]
    if projection == "360":
        assert mapping["projection"] == "equirectangular"
    else:     # the front half of a sphere: ffprobe gives the cropped-off sides in pixels
        assert mapping["projection"] == "tiled equirectangular"
        assert mapping["bound_top"] == mapping["bound_bottom"] == 0
        assert mapping["bound_left"] + mapping["bound_right"] == info["width"]
        assert abs(mapping["bound_left"] - mapping["bound_right"]) <= 2


@needs_ffmpeg
@pytest.mark.parametrize("which", ["fast", "last"])
def test_the_media_is_untouched_and_the_index_stays_where_it_was(sources, tmp_path,
                                                                 which) -> None:
    src, dst = sources[which], tmp_path / "out.mp4"
    spherical.inject(src, dst, spherical.metadata_for("180", "lr"))
    assert _order(dst) == _order(src)
    assert (_order(src).index("moov") < _order(src).index("mdat")) == (which == "fast")
    assert _frames(dst) == _frames(src)         # offsets moved with the data, nothing lost


@needs_ffmpeg
def test_injecting_again_replaces_the_boxes(sources, tmp_path) -> None:
    once, twice = tmp_path / "once.mp4", tmp_path / "twice.mp4"
    spherical.inject(sources["fast"], once, spherical.metadata_for("360", "mono"))
    spherical.inject(once, twice, spherical.metadata_for("180", "tb"))
    assert spherical.read(twice) == spherical.metadata_for("180", "tb")
    assert twice.stat().st_size == once.stat().st_size          # replaced, not added
    assert _frames(twice) == _frames(sources["fast"])


@needs_ffmpeg
def test_in_place_leaves_no_temporary_file(sources, tmp_path) -> None:
    path = tmp_path / "x.mp4"
    shutil.copy(sources["last"], path)
    spherical.inject_in_place(path, spherical.metadata_for("360", "tb"))
    assert spherical.read(path) == spherical.metadata_for("360", "tb")
    assert [p.name for p in tmp_path.iterdir()] == ["x.mp4"]


@needs_ffmpeg
@pytest.mark.parametrize("which", ["fast", "last"])
def test_a_cut_off_file_is_a_clear_error(sources, tmp_path, which) -> None:
    data = sources[which].read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[:len(data) * 2 // 3])
    with pytest.raises(MP4Error, match=r"cut\.mp4: .*(cut off|index was written)"):
        spherical.inject(cut, tmp_path / "out.mp4", spherical.metadata_for("360", "mono"))
    with pytest.raises(MP4Error, match="cut off"):
        spherical.read(cut)


def test_a_file_that_is_not_an_mp4_is_a_clear_error(tmp_path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x10nope" + bytes(8) + b"hello")
    with pytest.raises(MP4Error, match=r"junk.mp4: .*(stray bytes|not an MP4)"):
        spherical.read(junk)
    junk.write_bytes(b"RIFF....WAVEfmt " + bytes(32))
    with pytest.raises(MP4Error, match=r"claims .* bytes"):
        spherical.read(junk)
    with pytest.raises(MP4Error, match="cannot read"):
        spherical.read(tmp_path / "missing.mp4")


def _stco(kind: str, offsets: list[int]) -> Box:
    fmt = "Q" if kind == "co64" else "I"
    return Box(kind, struct.pack(f">4xI{len(offsets)}{fmt}", len(offsets), *offsets))


def test_chunk_offsets_past_the_index_move_and_a_full_stco_becomes_co64() -> None:
    before, after, edge = 10, 1000, 0xFFFFFFF0       # data before moov, after it, near 4 GiB
    table = _stco("stco", [before, after, edge])
    moov = Box("moov", b"", [Box("trak", b"", [Box("stbl", b"", [table])])])
    moov_end = 500
    mp4box.shift_chunks(moov, moov_end, lambda m: m.children.append(Box("free", bytes(92))))
    grown = 100 + 3 * 4                # the new box, then the table's 32-bit → 64-bit entries
    assert table.kind == "co64"
    assert mp4box._offsets(table) == [before, after + grown, edge + grown]
    assert moov.size() == 3 * 8 + (8 + 8 + 3 * 8) + 100     # 3 containers, co64, free


def test_a_box_tree_serialises_to_what_it_parsed() -> None:
    raw = Box("moov", b"", [Box("mvhd", bytes(100)), Box("trak", b"", [
        Box("stsd", struct.pack(">4xI", 1), [Box("hvc1", bytes(90))])])]).to_bytes()
    (moov,) = mp4box.parse(raw)
    assert moov.to_bytes() == raw
    assert moov.path("trak", "stsd").children[0].kind == "hvc1"


def test_sizes_and_names_follow_the_projection(tmp_path) -> None:
    assert spherical.frame_size("360", "mono") == (4096, 2048)
    assert spherical.frame_size("180", "lr") == (4096, 2048)      # 2 × 2048×2048
    assert spherical.frame_size("180", "tb") == (2048, 4096)
    assert spherical.frame_size("360", "tb") == (4096, 4096)
    spherical.check_size((64, 32), "360", "mono")
    spherical.check_size((128, 64), "180", "lr")
    with pytest.raises(UserError, match=r"--size 64x64 does not fit --projection 360.*2:1"):
        spherical.check_size((64, 64), "360", "mono")
    name = spherical.tagged_name
    assert name(Path("s.mp4"), "360", "mono") == Path("s_360.mp4")
    assert name(Path("a/trip.mp4"), "180", "lr") == Path("a/trip_180_LR.mp4")
    assert name(Path("trip_180_TB.mp4"), "180", "tb") == Path("trip_180_TB.mp4")
    assert name(Path("trip-sbs.mp4"), "180", "lr") == Path("trip-sbs_180.mp4")
    with pytest.raises(UserError, match="the name says '360', but this is --projection 180"):
        name(Path("trip_360.mp4"), "180", "lr")
    with pytest.raises(UserError, match="the name says 'tb'"):
        name(Path("trip_tb.mp4"), "360", "mono")
