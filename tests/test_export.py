"""``driftlight export``: frames equal ``still --at``, sound in sync, resumable, clear errors.

Tiny exports (160×90 at 5 fps) of a short range of a one-minute session (the session
length rule starts at one minute): two phases with a crossfade at 0:30.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from player.cli import main
from player.export import decode
from player.export.progress import Progress
from player.export.tools import find_tools
from tests.exportkit import fresh_tools, pytestmark  # noqa: F401  (ffmpeg or skip)

CONFIG = """\
session: {playlist: p, length: 1m, seed: 3, fade_in: 4s, fade_out: 4s}
playlists:
  p:
    phases:
      - name: dusk
        scene: sunrise
        weight: 1
        transition: 4s
        audio: {layers: [drone]}
      - name: sea
        scene: ocean
        weight: 1
        transition: 4s
        audio: {layers: [{layer: noise, params: {colour: pink}}]}
"""
SIZE, FPS = (160, 90), 5


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export")
    cfg = folder / "c.yaml"
    cfg.write_text(CONFIG)
    out = folder / "x.mp4"
    code = main(["export", str(cfg), "--from", "26s", "--to", "34s", "--size", "160x90",
                 "--fps", str(FPS), "--segment", "3", "--jobs", "2", "--quiet", "-o", str(out)])
    assert code == 0
    return cfg, out


def _png(path: Path) -> np.ndarray:
    import pygame

    surf = pygame.image.load(str(path))
    return np.transpose(pygame.surfarray.array3d(surf), (1, 0, 2))


def test_the_file_holds_every_frame_and_the_sound(exported) -> None:
    _, out = exported
    info = subprocess.run(["ffprobe", "-v", "error", "-count_packets", "-show_entries",
                           "stream=codec_name,pix_fmt,nb_read_packets,sample_rate",
                           "-of", "compact", str(out)], capture_output=True, text=True).stdout
    assert "codec_name=hevc" in info and "pix_fmt=yuv420p10le" in info
    assert "nb_read_packets=40" in info                  # 8 s at 5 fps, three segments joined
    assert "codec_name=aac" in info and "sample_rate=48000" in info
    assert not Path(str(out) + ".parts").exists()       # the segments are cleaned up


def test_frames_equal_still_at_the_same_times(exported, tmp_path) -> None:
    cfg, out = exported
    frames = decode.frames(find_tools(), out, SIZE)
    assert frames.shape[0] == 40
    for k in (0, 17, 20, 39):       # across the crossfade at 0:30 and a segment seam
        png = tmp_path / f"{k}.png"
        assert main(["still", str(cfg), "--at", str(26 + k / FPS), "--size", "160x90",
                     "-o", str(png)]) == 0
        still = _png(png)
        score = decode.psnr(frames[k], still)
        assert score >= 38.0, (k, score)
        neighbours = [decode.psnr(frames[j], still) for j in (k - 3, k + 3) if 0 <= j < 40]
        assert all(n < score for n in neighbours)        # and it is *that* frame


def test_sound_is_the_soundtrack_in_sync(exported, tmp_path) -> None:
    cfg, out = exported
    wav = tmp_path / "s.wav"
    assert main(["audio", str(cfg), "--quiet", "-o", str(wav)]) == 0
    with wave.open(str(wav)) as w:
        ref = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2) / 32768.0
    heard = decode.audio(find_tools(), out)
    assert heard.shape[0] == 8 * 48000
    ref = ref[26 * 48000:34 * 48000]
    assert abs(decode.lag_ms(heard, ref, 48000)) <= 1.0
    half = 4 * 48000      # before and after the crossfade to the noise phase at 0:30
    assert abs(decode.lag_ms(heard[:half], ref[:half], 48000)) <= 1.0
    assert abs(decode.lag_ms(heard[half:], ref[half:], 48000)) <= 1.0
    snr = 10 * np.log10(np.sum(ref ** 2) / np.sum((heard - ref) ** 2))
    assert snr > 15, snr           # the same samples, not merely the same sound


def _cmd(cfg: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "player", "export", str(cfg), "--from", "20s", "--to", "40s",
            "--size", "160x90", "--fps", "5", "--segment", "2", "--jobs", "1", *extra,
            "-o", str(out)]


def test_ctrl_c_keeps_segments_and_the_same_command_resumes(tmp_path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG)
    out = tmp_path / "r.mp4"
    parts = Path(str(out) + ".parts")
    env = {**os.environ, "DRIFTLIGHT_NO_WARMUP": "1"}
    proc = subprocess.Popen(_cmd(cfg, out), stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("seg-?????.ts"))) < 2:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err and "Traceback" not in err
    assert not out.exists()
    kept = {p.name: p.stat().st_mtime_ns for p in parts.glob("seg-?????.ts")}
    assert 2 <= len(kept) < 10
    victim = sorted(kept)[-1]                     # a damaged segment is not trusted
    (parts / victim).write_bytes((parts / victim).read_bytes()[:2000])
    done = subprocess.run(_cmd(cfg, out), capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert f"{len(kept) - 1} of 10 segments reused" in done.stdout
    assert decode.frames(find_tools(), out, SIZE).shape[0] == 100


def test_missing_or_broken_ffmpeg_is_one_clear_line(tmp_path, monkeypatch, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG)
    args = ["export", str(cfg), "--from", "1s", "--to", "2s", "-o", str(tmp_path / "x.mp4")]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "ffmpeg and ffprobe not found" in err and "apt install ffmpeg" in err
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name in ("ffmpeg", "ffprobe"):
        (bin_ / name).write_text("#!/bin/sh\necho 'error while loading shared libraries' >&2\n"
                                 "exit 127\n")
        (bin_ / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_))
    find_tools.cache_clear()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "does not run" in err and "shared libraries" in err and "Traceback" not in err


def test_disk_full_keeps_segments_and_says_why(tmp_path, monkeypatch, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG)
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    real = subprocess.run(["which", "ffmpeg"], capture_output=True, text=True).stdout.strip()
    # the third segment's encoder finds the disk full
    (bin_ / "ffmpeg").write_text(
        f'#!/bin/sh\ncase "$*" in *seg-00002*) cat >/dev/null; '
        f'echo "{tmp_path}/seg-00002.part.ts: No space left on device" >&2; exit 1;; esac\n'
        f'exec {real} "$@"\n')
    (bin_ / "ffmpeg").chmod(0o755)
    os.symlink(real.replace("ffmpeg", "ffprobe"), bin_ / "ffprobe")
    monkeypatch.setenv("PATH", f"{bin_}:{os.environ['PATH']}")
    out = tmp_path / "full.mp4"
    code = main(["export", str(cfg), "--from", "20s", "--to", "30s", "--size", "160x90",
                 "--fps", "5", "--segment", "2", "--jobs", "1", "--quiet", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "No space left on device" in err and "resume" in err
    assert "Traceback" not in err and not out.exists()
    assert (Path(str(out) + ".parts") / "seg-00000.ts").exists()


@pytest.mark.parametrize(("extra", "words"), [
    (["--codec", "vp9"], "--codec 'vp9' is not known"),
    (["--from", "40s", "--to", "20s"], "is not before --to"),
    (["--to", "2m"], "after the end of the session"),
    (["--fps", "0"], "--fps '0' must be a whole number"),
    (["--size", "161x90"], "must be even"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, extra, words) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG)
    assert main(["export", str(cfg), *extra, "-o", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_unwritable_output_is_refused_before_rendering(tmp_path, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG)
    assert main(["export", str(cfg), "-o", str(tmp_path / "no" / "x.mp4")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "d.mp4").mkdir()
    assert main(["export", str(cfg), "-o", str(tmp_path / "d.mp4")]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["export", str(cfg), "-o", str(tmp_path / "x.avi")]) == 2
    assert "must end in .mp4, .mov, .mkv" in capsys.readouterr().err


def test_progress_shows_rate_and_eta_from_this_run_only() -> None:
    import io

    now = [0.0]
    buf = io.StringIO()
    bar = Progress(1000, fps=30, done=400, stream=buf, clock=lambda: now[0], enabled=True)
    now[0] = 5.0                      # the workers start up: no rate yet
    bar.advance(4)
    assert "starting" in bar.line() and "404/1000" in bar.line()
    now[0] = 15.0
    bar.advance(100)                  # 100 frames in 10 s: 10 fps, 496 left: 50 s
    line = buf.getvalue()
    assert "504/1000" in line and "10.0 fps" in line and "ETA 0:50" in line
    assert "0.33x real time" in line


def test_frame16_is_frame_at_higher_precision() -> None:
    from player.commands.still import scene_plan
    from player.playlist import SceneRef
    from tests.glkit import compositor

    plan = scene_plan(SceneRef("sunrise"), 200.0)
    lo = compositor((64, 36), levels=255).frame(plan).astype(float)
    hi = compositor((64, 36), levels=1023).frame16(plan)
    assert hi.dtype == np.uint16
    assert np.abs(hi / 257.0 - lo).max() <= 1.6         # the same picture, finer steps
    assert len(np.unique(hi)) > len(np.unique(lo))
