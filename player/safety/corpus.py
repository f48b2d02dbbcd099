"""A known-answer corpus of small videos, built from the WCAG 2.3.1 definitions.

Each :class:`Case` draws its frames with numpy (sRGB uint8), pipes them to ffmpeg and
says which verdicts are right. Together they cover every class the analyser has been
wrong on or could be: full-field rates either side of three flashes, the red rule,
the area rule either side of 25 % of a 10° window, the "darker state below 0.8" rule,
a 1-px dot pattern whose *light* flashes (averaging code values would miss it), a
single-frame flash in a 120 fps video, a 3 Hz flicker fading in, TV snow, a strobe
under film grain, and broken files (truncated, timestamps that jump, garbage).

``driftlight bench safety`` scores the analyser (and EA's IRIS, where installed) on it;
``tests/test_safety_corpus.py`` runs every case as a known-answer test.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from player.safety.area import fov_window

Frames = Callable[[int, int, float], Iterator[np.ndarray]]
W, H = 320, 180


@dataclass(frozen=True)
class Case:
    """One video: how to draw it, and the verdicts that are right for it."""

    name: str
    what: str
    accept: frozenset[str]              # "pass", "warning", "fail", "error" (exit 2)
    frames: Frames | None = None
    fps: float = 30.0
    seconds: float = 4.0
    size: tuple[int, int] = (W, H)
    container: str = "mp4"
    damage: Callable[[Path], Path] | None = None
    complete: bool = True               # the report must say whether all was analysed
    extra: dict[str, object] = field(default_factory=dict)


def _srgb(linear: float) -> int:
    """The 8-bit sRGB code of a linear-light value."""
    c = 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return max(0, min(255, round(c * 255)))


def _square(hz: float, t: float) -> bool:
    return (t * hz * 2 + 1e-9) % 2 < 1


def _flat(colour: Callable[[float], tuple[int, int, int]]) -> Frames:
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        i = 0
        while True:
            f = np.empty((h, w, 3), np.uint8)
            f[:] = colour(i / fps)
            yield f
            i += 1
    return draw


def _strobe(hz: float, a=(255, 255, 255), b=(0, 0, 0)) -> Frames:
    return _flat(lambda t: a if _square(hz, t) else b)


def _patch(fraction: float, hz: float) -> Frames:
    """A rectangle as tall as a 10° window covering ``fraction`` of it, strobing."""
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        ww, wh = fov_window(w, h)
        x, y, strip = w // 3, (h - wh) // 2, max(1, round(ww * fraction))
        i = 0
        while True:
            f = np.full((h, w, 3), 40, np.uint8)
            f[y:y + wh, x:x + strip] = 255 if _square(hz, i / fps) else 0
            yield f
            i += 1
    return draw


def _dots(hz: float, share: float = 0.35) -> Frames:
    """1-px white dots on every other pixel of every other row (a quarter of the pixels
    lit: a quarter of white's light) over ``share`` of the screen, flashing."""
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        dots = np.zeros((h, w), bool)
        dots[::2, ::2] = True
        dots[:, round(w * share):] = False
        i = 0
        while True:
            f = np.zeros((h, w, 3), np.uint8)
            if _square(hz, i / fps):
                f[dots] = 255
            yield f
            i += 1
    return draw


def _single_frames(hz: float) -> Frames:
    """One white frame, ``hz`` times a second, on black."""
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        period = fps / hz
        i = 0
        while True:
            on = math.floor(i / period) != math.floor((i - 1) / period)
            yield np.full((h, w, 3), 255 if on else 0, np.uint8)
            i += 1
    return draw


def _fade_in(hz: float, sine: bool, ramp_s: float = 3.0) -> Frames:
    def level(t: float) -> float:
        a = min(1.0, t / ramp_s)
        wave = 0.5 + 0.5 * math.sin(2 * math.pi * hz * t) if sine else float(_square(hz, t))
        return a * wave

    return _flat(lambda t: (round(255 * level(t)),) * 3)


def _snow(grain: int, seed: int = 1) -> Frames:
    """Independent random grey grains of ``grain`` px, new every frame."""
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        rng = np.random.default_rng(seed)
        while True:
            g = rng.integers(0, 256, (-(-h // grain), -(-w // grain)), dtype=np.uint8)
            g = np.repeat(np.repeat(g, grain, 0), grain, 1)[:h, :w]
            yield np.repeat(g[..., None], 3, axis=2)
    return draw


def _grainy_strobe(hz: float, seed: int = 2) -> Frames:
    """A full-field strobe between dark and light grey under heavy 1-px grain."""
    def draw(w: int, h: int, fps: float) -> Iterator[np.ndarray]:
        rng = np.random.default_rng(seed)
        i = 0
        while True:
            base = 200 if _square(hz, i / fps) else 40
            noise = rng.integers(-35, 36, (h, w), dtype=np.int16)
            g = np.clip(base + noise, 0, 255).astype(np.uint8)
            yield np.repeat(g[..., None], 3, axis=2)
            i += 1
    return draw


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def _garbage(path: Path) -> Path:
    rng = np.random.default_rng(5)
    path.write_bytes(rng.integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    return path


def _jumping_timestamps(path: Path) -> Path:
    """Append a copy of the stream whose timestamps start 100,000 s later (a broken
    splice): ffmpeg's frame-rate filter would fill the gap with 3 million frames."""
    later = path.with_name(path.stem + "-later.ts")
    subprocess.run([_ffmpeg(), "-v", "error", "-y", "-i", str(path), "-c", "copy",
                    "-output_ts_offset", "100000", str(later)], check=True)
    path.write_bytes(path.read_bytes() + later.read_bytes())
    later.unlink()
    return path


def _scramble_timestamps(path: Path) -> Path:
    """Overwrite the presentation timestamps of every third video PES packet of an
    MPEG-TS file with random values (hours forward, hours back)."""
    data = bytearray(path.read_bytes())
    rng = np.random.default_rng(9)
    i, k = 0, 0
    while (i := data.find(b"\x00\x00\x01\xe0", i)) >= 0:
        if i + 14 <= len(data) and data[i + 7] & 0x80:
            if k % 3 == 1:
                value = int(rng.integers(0, 2**33))
                data[i + 9:i + 14] = bytes([0x21 | ((value >> 29) & 0x0E),
                                            (value >> 22) & 0xFF, 0x01 | ((value >> 14) & 0xFE),
                                            (value >> 7) & 0xFF, 0x01 | ((value << 1) & 0xFE)])
            k += 1
        i += 4
    path.write_bytes(bytes(data))
    return path


WHITE, BLACK = (255, 255, 255), (0, 0, 0)
FAIL, PASS, WARN = frozenset({"fail"}), frozenset({"pass"}), frozenset({"warning"})
CALM = frozenset({"pass", "warning"})


def cases() -> list[Case]:
    """The corpus, cheapest first."""
    grey = _srgb(0.5)
    return [
        Case("strobe-4hz", "full-field black/white at 4 Hz", FAIL, _strobe(4)),
        Case("strobe-2hz", "full-field black/white at 2 Hz", PASS, _strobe(2), seconds=3),
        Case("sustained-2.5hz", "2.5 Hz for 6 s: just under the limit, held", WARN,
             _strobe(2.5), seconds=6),
        Case("strobe-8hz-grey", "8 Hz between mid grey and white (0.5 → 1.0)", FAIL,
             _strobe(8, a=WHITE, b=(grey,) * 3)),
        Case("low-contrast", "5 Hz between two greys 0.08 apart", PASS,
             _strobe(5, a=(_srgb(0.3),) * 3, b=(_srgb(0.22),) * 3)),
        Case("above-0.8", "5 Hz between two bright states (0.85 and 1.0)", PASS,
             _strobe(5, a=WHITE, b=(_srgb(0.85),) * 3)),
        Case("red-flicker", "saturated red at 5 Hz, little luminance change", FAIL,
             _strobe(5, a=(255, 0, 0), b=(200, 0, 0))),
        Case("area-30", "a strip of 30 % of a 10° window at 6 Hz", FAIL, _patch(0.30, 6)),
        Case("area-20", "a strip of 20 % of a 10° window at 6 Hz", PASS, _patch(0.20, 6),
             seconds=3),
        Case("dots-light", "1-px dots (a quarter lit) over 35 % of the screen at 4 Hz: "
             "their light flashes by 0.25", FAIL, _dots(4), size=(640, 360)),
        Case("single-frame-120fps", "one white frame at 15 Hz in a 120 fps video", FAIL,
             _single_frames(15), fps=120.0, seconds=3),
        Case("fade-in-3hz-square", "a 3 Hz square flicker fading in over 3 s", CALM,
             _fade_in(3, sine=False), seconds=6),
        Case("fade-in-3hz-sine", "a 3 Hz sine flicker fading in over 3 s", CALM,
             _fade_in(3, sine=True), seconds=6),
        Case("snow-1px", "TV snow: independent 1-px grey grains every frame", PASS,
             _snow(1), size=(480, 270), seconds=2),
        Case("snow-2px", "TV snow: independent 2-px grey grains every frame", PASS,
             _snow(2), size=(480, 270), seconds=2),
        Case("grainy-strobe", "a 5 Hz strobe under heavy 1-px grain", FAIL,
             _grainy_strobe(5), size=(480, 270), seconds=3),
        Case("truncated", "a 4 Hz strobe, MP4 with its index first, cut in half", FAIL,
             _strobe(4), seconds=6, damage=_truncate, complete=False),
        Case("jumping-timestamps", "a calm 1 Hz MPEG-TS clip spliced with itself "
             "100,000 s later (the file then claims to last 76 minutes)", PASS,
             _strobe(1), seconds=3, container="ts", damage=_jumping_timestamps,
             complete=False),
        Case("scrambled-timestamps", "a 4 Hz strobe in MPEG-TS whose every third "
             "timestamp is random", FAIL, _strobe(4), seconds=4, container="ts",
             damage=_scramble_timestamps),
        Case("garbage", "50 kB of random bytes", frozenset({"error"}), None,
             damage=_garbage, container="mp4"),
    ]


def _ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise RuntimeError("ffmpeg is needed to build the corpus")
    return path


def build(case: Case, folder: Path) -> Path:
    """Write ``case``'s video into ``folder``; returns its path."""
    path = folder / f"{case.name}.{case.container}"
    if case.frames is not None:
        w, h = case.size
        count = round(case.seconds * case.fps)
        codec = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "12"]
        if case.container == "mp4":
            codec += ["-movflags", "+faststart"]
        cmd = [_ffmpeg(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
               "-s", f"{w}x{h}", "-r", f"{case.fps:g}", "-i", "-", *codec,
               "-pix_fmt", "yuv420p", str(path)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        assert proc.stdin is not None
        frames = case.frames(w, h, case.fps)
        for _ in range(count):
            proc.stdin.write(next(frames).tobytes())
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg could not write {path}")
    else:
        path.write_bytes(b"")
    if case.damage is not None:
        case.damage(path)
    return path
