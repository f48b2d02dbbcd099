"""Any video file as a stream of small linear-light frames, decoded by ffmpeg.

*Light is averaged, not code values.* A pixel's brightness is not proportional to its
sRGB code: a 1-px pattern of white dots on black, a quarter of the pixels lit, emits a
quarter of white's light (relative luminance 0.25), but its mean code value, 64, reads
as 0.05. So every pixel is linearised at the file's own resolution *before* any
shrinking: zscale (libzimg, in every usual ffmpeg build) converts to 16-bit linear RGB
at full size, then resamples that to ``ANALYSIS_WIDTH`` pixels wide with a filter whose
support grows with the shrink factor (an area average). ffmpeg builds without zscale
shrink to four times the analysis size, linearise in numpy and average 4×4 blocks;
there, detail finer than about two source pixels is averaged in code values (a note in
the report says so).

*Time is averaged too.* Frames are decoded as they are (no frame-rate conversion that
keeps or drops whole frames) with their timestamps, and resampled in linear light onto
an even analysis clock of at most ``MAX_FPS``: each analysed frame is the time-weighted
mean of the source frames shown during it. A single white frame of a 120 fps video
becomes a half-bright 60 fps frame — a flash of 0.5, not a frame dropped to black.

*Broken files get a bounded analysis and an honest verdict.* Timestamps that go back,
stand still or jump ahead by more than ``GAP_MAX_S`` are replaced by the nominal frame
spacing; media time past ``1.5 × duration`` uses the nominal spacing too; so the frames
analysed are at most about the frames in the file. The whole run has a wall-clock bound
proportional to the duration. A file that ends early, could not be decoded cleanly or
ran out of time is analysed as far as it goes, and the report says which part that
was.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import shutil
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from pathlib import Path

import numpy as np

from player.errors import UserError
from player.safety.analyser import Analyser
from player.safety.luminance import linearise
from player.safety.report import Report, clock

ANALYSIS_WIDTH = 160
MAX_FPS = 60.0
GAP_MAX_S = 5.0              # a longer gap between two frames is a broken timestamp
PROBE_TIMEOUT_S = 60.0
FALLBACK_OVERSAMPLE = 4      # without zscale: decode at 4× the analysis size
INSTALL_HINT = ("install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew "
                "install ffmpeg; Windows: winget install ffmpeg) and try again")
# zimg's names for the matrices ffprobe reports
_MATRICES = {"bt709": "709", "bt470bg": "470bg", "smpte170m": "170m", "bt2020nc": "2020_ncl",
             "bt2020c": "2020_cl", "fcc": "fcc", "smpte240m": "240m", "ycgco": "ycgco"}


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    duration: float | None
    pix_fmt: str = ""
    color_range: str = ""
    color_space: str = ""
    color_transfer: str = ""
    nb_frames: int | None = None

    @property
    def rgb(self) -> bool:
        f = self.pix_fmt
        return "rgb" in f or "bgr" in f or f.startswith("gbr")

    @property
    def expected_s(self) -> float | None:
        """How long the file says it is (its duration, or frames / rate)."""
        if self.duration:
            return self.duration
        if self.nb_frames:
            return self.nb_frames / self.fps
        return None


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
           "stream=width,height,avg_frame_rate,r_frame_rate,duration,pix_fmt,color_range,"
           "color_space,color_transfer,nb_frames:format=duration", "-of", "json", str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                              timeout=PROBE_TIMEOUT_S, errors="replace")
    except subprocess.TimeoutExpired:
        raise UserError(f"{path}: error: ffprobe could not read this file within "
                        f"{PROBE_TIMEOUT_S:g} s; check that it is a complete, playable "
                        f"video") from None
    try:
        data = json.loads(proc.stdout or "{}")
        stream = data["streams"][0]
        w, h = int(stream["width"]), int(stream["height"])
        if w <= 0 or h <= 0:
            raise ValueError
    except (ValueError, KeyError, IndexError, TypeError):
        why = _first_line(proc.stderr) or "no video stream found"
        raise UserError(f"{path}: error: cannot read this as a video ({why}); check that "
                        f"the file is a complete, playable video") from None
    fps = _rate(stream.get("avg_frame_rate")) or _rate(stream.get("r_frame_rate")) or 25.0
    durations = [_seconds(data.get("format", {}).get("duration")),
                 _seconds(stream.get("duration"))]
    duration = next((d for d in durations if d), None)
    return VideoInfo(w, h, fps, duration, str(stream.get("pix_fmt") or ""),
                     str(stream.get("color_range") or ""),
                     str(stream.get("color_space") or ""),
                     str(stream.get("color_transfer") or ""),
                     _count(stream.get("nb_frames")))


def analysis_size(info: VideoInfo, width: int = ANALYSIS_WIDTH) -> tuple[int, int]:
    """Even (width, height) at most ``width`` wide, keeping the aspect ratio."""
    w = min(width, info.width) // 2 * 2 or 2
    h = max(2, round(w * info.height / info.width / 2) * 2)
    return w, h


def analysis_fps(info: VideoInfo) -> float:
    return min(info.fps, MAX_FPS)


@cache
def has_zscale(ffmpeg: str) -> bool:
    try:
        out = subprocess.run([ffmpeg, "-hide_banner", "-filters"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return re.search(r"^\s*\S+\s+zscale\s", out, re.MULTILINE) is not None


@cache
def _fps_mode_option(ffmpeg: str) -> list[str]:
    """Every decoded frame once, timestamps left to us: ``-fps_mode drop`` (ffmpeg ≥ 5.1)
    or the older ``-vsync drop``."""
    try:
        head = subprocess.run([ffmpeg, "-hide_banner", "-h", "long"], capture_output=True,
                              text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        head = ""
    return ["-fps_mode", "drop"] if "-fps_mode" in head else ["-vsync", "drop"]


@dataclass
class Decoded:
    """What the decoder met on the way (filled in while frames are read)."""

    frames: int = 0
    linear_light: bool = True
    errors: list[str] = field(default_factory=list)
    code: int | None = None


def filter_chain(info: VideoInfo, size: tuple[int, int], zscale: bool) -> tuple[str, str]:
    """The ``-vf`` chain and the raw pixel format it ends in."""
    w, h = size
    if zscale:
        lin = "zscale=tin=iec61966-2-1:t=linear:filter=point"
        if not info.rgb:
            matrix = _MATRICES.get(info.color_space, "709" if info.height >= 600 else "170m")
            full = info.color_range == "pc" or info.pix_fmt.startswith("yuvj")
            lin += f":min={matrix}:rin={'full' if full else 'limited'}"
        return (f"{lin},format=gbrp16le,zscale=w={w}:h={h}:filter=bilinear,showinfo",
                "gbrp16le")
    k = FALLBACK_OVERSAMPLE
    return f"scale={w * k}:{h * k}:flags=area,format=rgb24,showinfo", "rgb24"


def decode(path: Path, info: VideoInfo, size: tuple[int, int], decoded: Decoded,
           ) -> Generator[tuple[float | None, np.ndarray], None, None]:
    """``(pts_seconds, linear float32 (H, W, 3) frame)`` for every frame, as decoded."""
    ffmpeg = _tool("ffmpeg")
    zscale = has_zscale(ffmpeg)
    decoded.linear_light = zscale
    chain, pix_fmt = filter_chain(info, size, zscale)
    w, h = size
    k = 1 if zscale else FALLBACK_OVERSAMPLE
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info",
           "-threads", "0", "-i", str(path), "-map", "0:v:0", "-an", "-sn", "-dn",
           *_fps_mode_option(ffmpeg), "-vf", chain, "-f", "rawvideo", "-pix_fmt", pix_fmt,
           "-"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    times: deque[float | None] = deque()
    lock = threading.Condition()

    def read_log() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace")
            if "showinfo" in line and " n:" in line:
                m = re.search(r"pts_time:(\S+)", line)
                with lock:
                    times.append(_seconds(m.group(1)) if m else None)
                    lock.notify()
            elif ("[error]" in line or "[fatal]" in line) and len(decoded.errors) < 5:
                decoded.errors.append(_first_line(line.replace("[error]", "")
                                                  .replace("[fatal]", "")))
        with lock:
            times.append(math.nan)          # the log has ended
            lock.notify()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    n = w * h * 3 * 2 if zscale else w * k * h * k * 3
    try:
        while True:
            buf = proc.stdout.read(n)
            if len(buf) < n:
                break
            if zscale:
                planes = np.frombuffer(buf, "<u2").reshape(3, h, w)
                frame = np.empty((h, w, 3), np.float32)
                for dst, src in ((0, 2), (1, 0), (2, 1)):     # gbr → rgb
                    np.multiply(planes[src], np.float32(1 / 65535), out=frame[..., dst])
            else:
                lin = linearise(np.frombuffer(buf, np.uint8).reshape(h * k, w * k, 3))
                frame = lin.reshape(h, k, w, k, 3).mean(axis=(1, 3), dtype=np.float32)
            with lock:
                lock.wait_for(lambda: len(times) > 0, timeout=5.0)
                pts = times.popleft() if times else None
            if pts is not None and math.isnan(pts):
                pts = None
            decoded.frames += 1
            yield pts, frame
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        decoded.code = proc.wait()
        reader.join(timeout=5.0)
        proc.stderr.close()


class Resampler:
    """Source frames with timestamps → frames on an even clock at ``fps``, each the
    time-weighted mean (in linear light) of the source frames shown during it."""

    def __init__(self, fps: float, nominal: float, cap_s: float | None) -> None:
        self.fps = fps
        self.dt = 1.0 / fps
        self.nominal = 1.0 / nominal
        self.cap_s = cap_s
        self.t: float | None = None          # media time of the held frame, from the first
        self.raw: float | None = None        # its raw timestamp
        self.held: np.ndarray | None = None
        self.k = 0                           # next analysis frame to emit
        self.acc: np.ndarray | None = None
        self.filled = 0.0                    # seconds of frame k accumulated
        self.repaired = 0
        self.capped = False

    def push(self, pts: float | None, frame: np.ndarray) -> Iterator[np.ndarray]:
        """Add the next source frame; yields the analysis frames now complete."""
        if self.t is None:
            self.t, self.raw, self.held = 0.0, pts, frame
            return
        step = self.nominal
        if pts is not None and self.raw is not None and not self.capped:
            gap = pts - self.raw
            if 0.0 < gap <= GAP_MAX_S:
                step = gap
            else:
                self.repaired += 1
        elif pts is None or self.raw is None:
            self.repaired += 1
        start = self.t + step
        if self.cap_s is not None and start > self.cap_s and not self.capped:
            self.capped = True
            start = self.t + self.nominal
        yield from self._spread(self.t, start)
        self.t, self.raw, self.held = start, pts, frame

    def finish(self) -> Iterator[np.ndarray]:
        """The source has ended: the last frame is shown for one nominal interval."""
        if self.t is None:
            return
        yield from self._spread(self.t, self.t + self.nominal)
        if self.acc is not None and self.filled > 0.5 * self.dt:
            yield self.acc / np.float32(self.filled / self.dt)

    @property
    def end_s(self) -> float:
        return 0.0 if self.t is None else self.t + self.nominal

    def _spread(self, a: float, b: float) -> Iterator[np.ndarray]:
        """The held frame is shown over media time [a, b)."""
        assert self.held is not None
        eps = 1e-6 * self.dt
        while True:
            k_end = (self.k + 1) * self.dt
            lo, hi = max(a, self.k * self.dt), min(b, k_end)
            if hi - lo > eps:
                w = (hi - lo) / self.dt
                if self.acc is None:
                    if w >= 1.0 - 1e-6:           # the whole frame: no blending needed
                        self.filled = self.dt
                        self.acc = self.held
                    else:
                        self.acc = self.held * np.float32(w)
                        self.filled = hi - lo
                else:
                    if self.acc is self.held:
                        self.acc = self.acc.copy()
                    self.acc = self.acc + self.held * np.float32(w)
                    self.filled += hi - lo
            if b >= k_end - eps:                  # frame k is complete
                out = self.acc if self.acc is not None else self.held
                self.acc, self.filled = None, 0.0
                self.k += 1
                yield out
            else:
                return


def analyse_video(path: Path, width: int = ANALYSIS_WIDTH,
                  progress: Callable[[float], None] | None = None,
                  time_limit_s: float | None = None) -> Report:
    """The WCAG 2.3.1 report of a video file; ``progress(fraction)`` now and then.

    ``time_limit_s`` bounds the wall-clock time (default: 60 s plus twice the file's
    duration); past it the analysis stops and the report says how far it got.
    """
    info = probe(path)
    fps = analysis_fps(info)
    expected = info.expected_s
    cap = expected * 1.5 + 2.0 if expected else None
    if time_limit_s is None:
        time_limit_s = 60.0 + 2.0 * (cap if cap else 3600.0)
    deadline = time.monotonic() + time_limit_s
    analyser = Analyser(fps)
    resampler = Resampler(fps, info.fps, cap)
    decoded = Decoded()
    size = analysis_size(info, width)
    stopped = False
    frames = decode(path, info, size, decoded)
    try:
        for i, (pts, frame) in enumerate(frames):
            for out in resampler.push(pts, frame):
                analyser.feed_linear(out)
            if progress is not None and expected and i % 32 == 0:
                progress(min(1.0, resampler.end_s / expected))
            if time.monotonic() > deadline:
                stopped = True
                break
    finally:
        with contextlib.suppress(GeneratorExit):
            frames.close()
    if decoded.frames == 0:
        why = decoded.errors[0] if decoded.errors else (
            f"ffmpeg exit code {decoded.code}" if decoded.code else "empty video")
        raise UserError(f"{path}: error: no frames could be decoded ({why}); check that "
                        f"the file is a complete, playable video")
    if not stopped:
        for out in resampler.finish():
            analyser.feed_linear(out)
    if progress is not None:
        progress(1.0)
    report = analyser.report()
    end = resampler.end_s
    notes: list[str] = []
    complete = True
    if stopped:
        complete = False
        notes.append(f"stopped after {time_limit_s:g} s, the time allowed for a file of "
                     f"this length; only {clock(0)}–{clock(end)} was analysed")
    elif expected and end < expected - max(0.5, 2.0 / info.fps):
        complete = False
        notes.append(f"only {clock(0)}–{clock(end)} of the {clock(expected)} the file "
                     f"claims could be decoded (it is truncated, or its timestamps or "
                     f"header are damaged); anything beyond was not analysed")
    if decoded.errors and decoded.code:
        notes.append(f"the decoder reported errors: {decoded.errors[0]}")
    elif decoded.errors:
        notes.append(f"the decoder reported errors but went on: {decoded.errors[0]}")
    if resampler.repaired:
        notes.append(f"{resampler.repaired} broken timestamp(s) (backwards, repeated or "
                     f"jumping more than {GAP_MAX_S:g} s) were replaced by the nominal "
                     f"frame spacing of {info.fps:g} fps")
    if resampler.capped:
        notes.append("timestamps ran past 1.5× the file's duration; from there frames "
                     "were timed at the nominal rate")
    if not decoded.linear_light:
        notes.append("this ffmpeg has no zscale filter: frames were shrunk in sRGB code "
                     "values to 4× the analysis size first, so detail finer than about "
                     "two source pixels was averaged as code values, not light")
    if info.color_transfer in ("smpte2084", "arib-std-b67"):
        notes.append(f"HDR video ({info.color_transfer}) was read as sRGB; its real "
                     f"brightness is not known to this check")
    return replace(report, analysed=(0.0, round(end, 3)), complete=complete,
                   notes=tuple(notes), declared_s=expected)


def _rate(text: str | None) -> float:
    try:
        r = float(Fraction(text or "0"))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return r if 0 < r < 1000 else 0.0


def _seconds(text: object) -> float | None:
    try:
        v = float(str(text))
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v >= 0 else None


def _count(text: object) -> int | None:
    try:
        v = int(str(text))
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None


def _first_line(text: str) -> str:
    """ffmpeg's first complaint, without its ``[demuxer @ 0x...]`` prefix."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return re.sub(r"^(\[[^\]]*\]\s*)+", "", line)
