"""One ffmpeg process per segment, fed raw RGB frames through a pipe.

Why a pipe to ffmpeg rather than PyAV (measured in docs/export.md): the same encoders
at the same speed, no second copy of FFmpeg in the dependencies (``driftlight safety``
and the CI already need the ffmpeg program), and the encoder runs in its own process,
so it works on frame ``k`` while the compositor renders ``k + 1`` with no lock between
them. A writer thread keeps a few frames queued so a full pipe never stalls rendering.

The two codecs:

- ``h264``: libx264, 8-bit 4:2:0 — plays everywhere. Frames are read back as 8-bit
  sRGB (``Compositor.frame``) with the compositor's dither to 255 levels.
- ``hevc``: libx265, **10-bit** 4:2:0 (Main 10), for dark gradients without banding.
  Frames are read back at 16 bits (``Compositor.frame16``) with the dither to 1023
  levels, converted to Y'CbCr by swscale at 16-bit precision, and encoded with settings
  that keep the dither: ``aq-mode=3`` (more bits in dark, flat areas), no SAO (which
  smooths the dither away) and a CRF measured in docs/export.md.

Both are tagged BT.709, limited range, as players expect of HD video.
"""

from __future__ import annotations

import queue
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from player.export.tools import Tools


@dataclass(frozen=True)
class Codec:
    name: str            # what --codec says
    encoder: str         # ffmpeg's encoder
    bits: int            # per sample in the file
    crf: int             # default --quality
    preset: str
    options: tuple[str, ...] = ()
    tag: str = ""        # the mp4 sample entry (hvc1: QuickTime and Apple players want it)

    @property
    def levels(self) -> int:
        """The compositor's dither steps for this codec."""
        return (1 << self.bits) - 1

    @property
    def pix_fmt(self) -> str:
        return "yuv420p" if self.bits == 8 else "yuv420p10le"

    @property
    def input_fmt(self) -> str:
        return "rgb24" if self.bits == 8 else "rgb48le"


CODECS = {
    "h264": Codec("h264", "libx264", 8, 18, "medium", ("-profile:v", "high")),
    "hevc": Codec("hevc", "libx265", 10, 20, "fast",
                  ("-profile:v", "main10",
                   "-x265-params", "log-level=error:aq-mode=3:no-sao=1"), "hvc1"),
}
QUEUE_FRAMES = 4


class EncodeError(Exception):
    """ffmpeg failed; the message is its last words (e.g. 'No space left on device')."""


def encode_args(tools: Tools, codec: Codec, size: tuple[int, int], fps: int, crf: int,
                out: Path) -> list[str]:
    """The ffmpeg command that reads raw frames on stdin and writes one MPEG-TS segment.

    MPEG-TS (90 kHz timestamps) joins exactly: every frame of the joined file lands on
    ``k / fps``; MP4 segments gain a few ticks at each seam."""
    w, h = size
    return [
        tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", codec.input_fmt, "-s", f"{w}x{h}", "-r", str(fps),
        "-i", "pipe:0",
        "-vf", f"scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int,"
               f"format={codec.pix_fmt}",
        "-c:v", codec.encoder, "-preset", codec.preset, "-crf", str(crf), *codec.options,
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
        "-color_range", "tv",
        "-f", "mpegts", str(out),
    ]


class Encoder:
    """``write(frame)`` raw frames, then ``close()``; raises :class:`EncodeError`."""

    def __init__(self, args: list[str]) -> None:
        self._log = tempfile.TemporaryFile()   # noqa: SIM115 (lives as long as the encoder)
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=self._log, start_new_session=True)
        except OSError as exc:
            raise EncodeError(f"cannot start {args[0]}: {exc}") from None
        self._queue: queue.Queue[bytes | None] = queue.Queue(QUEUE_FRAMES)
        self._broken = False
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        while (data := self._queue.get()) is not None:
            if self._broken:
                continue
            try:
                stdin.write(data)
            except (BrokenPipeError, OSError):
                self._broken = True    # ffmpeg stopped: close() says why
        try:
            stdin.close()
        except OSError:
            self._broken = True

    def write(self, frame: np.ndarray) -> None:
        if self._broken:
            self.close()
        self._queue.put(np.ascontiguousarray(frame).tobytes())

    def close(self) -> None:
        """Finish the file; an EncodeError with ffmpeg's own words if it failed."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        code = self._proc.wait()
        if code != 0 or self._broken:
            self._log.seek(0)
            lines = self._log.read().decode(errors="replace").strip().splitlines()
            raise EncodeError(lines[-1] if lines else f"ffmpeg exited with code {code}")

    def kill(self) -> None:
        """Stop at once (an interrupted export); the partial file is left for cleanup."""
        self._proc.kill()
        self._proc.wait()
