"""Any video file as a stream of small RGB frames, decoded by the ffmpeg command line.

ffprobe reads the frame rate and size; ffmpeg decodes, scales down to
``ANALYSIS_WIDTH`` pixels wide with area averaging (each analysed pixel is the mean of
the region it covers) and pipes raw rgb24 frames. Holding one frame at a time keeps a
two-hour film in a few hundred kilobytes. Frame rates above ``MAX_FPS`` are reduced
to it (a flash of a single 120 Hz frame is still averaged into its neighbours).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from player.errors import UserError
from player.safety.analyser import Analyser
from player.safety.report import Report

ANALYSIS_WIDTH = 256
MAX_FPS = 60.0
INSTALL_HINT = ("install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew "
                "install ffmpeg; Windows: winget install ffmpeg) and try again")


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    duration: float | None


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise UserError(f"driftlight: error: '{name}' was not found; video analysis needs "
                        f"it: {INSTALL_HINT}")
    return path


def probe(path: Path) -> VideoInfo:
    """Size, frame rate and duration of the first video stream (UserError if unreadable)."""
    if not path.is_file():
        raise UserError(f"{path}: error: video file not found; check the path")
    cmd = [_tool("ffprobe"), "-v", "error", "-select_streams", "v:0", "-show_entries",
           "stream=width,height,avg_frame_rate,r_frame_rate,duration:format=duration",
           "-of", "json", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        data = json.loads(proc.stdout or "{}")
        stream = data["streams"][0]
        w, h = int(stream["width"]), int(stream["height"])
    except (ValueError, KeyError, IndexError, TypeError):
        why = _first_line(proc.stderr) or "no video stream found"
        raise UserError(f"{path}: error: cannot read this as a video ({why}); check that "
                        f"the file is a complete, playable video") from None
    fps = _rate(stream.get("avg_frame_rate")) or _rate(stream.get("r_frame_rate")) or 25.0
    dur = stream.get("duration") or data.get("format", {}).get("duration")
    return VideoInfo(w, h, fps, float(dur) if dur not in (None, "N/A") else None)


def analysis_size(info: VideoInfo, width: int = ANALYSIS_WIDTH) -> tuple[int, int]:
    """Even (width, height) at most ``width`` wide, keeping the aspect ratio."""
    w = min(width, info.width) // 2 * 2 or 2
    h = max(2, round(w * info.height / info.width / 2) * 2)
    return w, h


def frames(path: Path, info: VideoInfo, size: tuple[int, int],
           fps: float) -> Iterator[np.ndarray]:
    """Decoded uint8 (H, W, 3) frames at ``size`` and a constant ``fps``."""
    w, h = size
    cmd = [_tool("ffmpeg"), "-v", "error", "-nostdin", "-threads", "0",
           "-skip_loop_filter", "all", "-i", str(path),   # deblocking is invisible at 256 px
           "-map", "0:v:0", "-an", "-sn",
           "-vf", f"fps={fps:.6f},scale={w}:{h}:flags=area",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    n = w * h * 3
    count = 0
    try:
        while True:
            buf = proc.stdout.read(n)
            if len(buf) < n:
                break
            count += 1
            yield np.frombuffer(buf, np.uint8).reshape(h, w, 3)
    finally:
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        code = proc.wait()
    if count == 0:
        why = _first_line(err) or (f"ffmpeg exit code {code}" if code else "empty video")
        raise UserError(f"{path}: error: no frames could be decoded ({why}); check that "
                        f"the file is a complete, playable video")


def analyse_video(path: Path, width: int = ANALYSIS_WIDTH,
                  progress: Callable[[float], None] | None = None) -> Report:
    """The WCAG 2.3.1 report of a video file; ``progress(fraction)`` now and then."""
    info = probe(path)
    fps = analysis_fps(info)
    analyser = Analyser(fps)
    for i, frame in enumerate(frames(path, info, analysis_size(info, width), fps)):
        analyser.feed(frame)
        if progress is not None and info.duration and i % 32 == 0:
            progress(i / fps / info.duration)
    if progress is not None:
        progress(1.0)
    return analyser.report()


def analysis_fps(info: VideoInfo) -> float:
    return min(info.fps, MAX_FPS)


def _rate(text: str | None) -> float:
    try:
        r = float(Fraction(text or "0"))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return r if 0 < r < 1000 else 0.0


def _first_line(text: str) -> str:
    """ffmpeg's first complaint, without its ``[demuxer @ 0x...]`` prefix."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return re.sub(r"^\[[^\]]*\]\s*", "", line)
