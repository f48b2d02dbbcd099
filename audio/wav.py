"""Streaming WAV output: 16-bit PCM with seeded TPDF dither, or 32-bit float.

The stdlib ``wave`` module writes PCM; float WAV (format 3) needs a tiny header of
our own. Dither noise is seeded by the sample index, so an export is reproducible.
"""

from __future__ import annotations

import struct
import wave
from pathlib import Path
from typing import BinaryIO

import numpy as np


class WavWriter:
    """``write(samples)`` float32 ``(n, 2)`` chunks in order; ``close()`` fixes the header."""

    def __init__(self, path: Path, rate: int, float32: bool = False) -> None:
        self.rate, self.float32, self.frames = rate, float32, 0
        if float32:
            self._raw: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed in close()
            self._raw.write(self._float_header(0))
        else:
            self._wave = wave.open(str(path), "wb")  # noqa: SIM115
            self._wave.setnchannels(2)
            self._wave.setsampwidth(2)
            self._wave.setframerate(rate)

    def _float_header(self, frames: int) -> bytes:
        data = frames * 8
        return (b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt "
                + struct.pack("<IHHIIHH", 16, 3, 2, self.rate, self.rate * 8, 8, 32)
                + b"data" + struct.pack("<I", data))

    def write(self, x: np.ndarray) -> None:
        if self.float32:
            self._raw.write(np.ascontiguousarray(x, dtype="<f4").tobytes())
        else:
            rng = np.random.default_rng([7, self.frames])
            tpdf = rng.random(x.shape, dtype=np.float32) - rng.random(x.shape, dtype=np.float32)
            pcm = np.clip(np.round(x * 32767 + tpdf), -32768, 32767).astype("<i2")
            self._wave.writeframes(pcm.tobytes())
        self.frames += x.shape[0]

    def close(self) -> None:
        if self.float32:
            self._raw.seek(0)
            self._raw.write(self._float_header(self.frames))
            self._raw.close()
        else:
            self._wave.close()
