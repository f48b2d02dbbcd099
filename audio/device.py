"""The sound device: pygame's mixer, opened quietly, behind a four-call interface.

:class:`audio.live.LiveAudio` only needs to open a device, ask whether it has room for
one more chunk, hand it chunks and close it; tests give it a fake with the same calls.

Audio libraries write their own complaints straight to file descriptor 2 — ALSA's
``ALSA lib confmisc.c:767:(parse_card) cannot find card '0'`` lines on a PC without a
sound card, PulseAudio's connection errors — where they would land on the therapist's
terminal. Opening the device captures that descriptor: the text goes into the session
log (``driver_output``) and the person sees one line saying what it means.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from audio.dsp import BLOCK


class Device(Protocol):
    def open(self, rate: int) -> None: ...          # raises DeviceError when there is none
    def has_room(self) -> bool: ...                 # room for one more chunk in its queue
    def playing(self) -> bool: ...                  # still sounding what it was given
    def play(self, chunk: np.ndarray) -> None: ...  # queue (or start) a float32 (n, 2) chunk
    def close(self) -> None: ...


class DeviceError(RuntimeError):
    """No sound device could be opened; ``driver_output`` is what the libraries printed."""

    def __init__(self, message: str, driver_output: str = "") -> None:
        super().__init__(message)
        self.driver_output = driver_output


@contextlib.contextmanager
def captured_stderr() -> Iterator[list[str]]:
    """Send what is written to file descriptor 2 (by C libraries too) to a temporary file
    instead of the terminal; the list receives that text when the block ends."""
    out: list[str] = []
    try:
        saved = os.dup(2)
    except OSError:          # no descriptor 2 at all (a detached service): nothing to hide
        yield out
        return
    with tempfile.TemporaryFile() as tmp:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(tmp.fileno(), 2)
        try:
            yield out
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            out.append(tmp.read(20_000).decode("utf-8", "replace").strip())


class MixerDevice:
    """Channel 0 of pygame's mixer, fed whole chunks through ``Channel.queue`` (works
    with every SDL driver, ``dummy`` included)."""

    def __init__(self) -> None:
        self._channel = None
        self._sound = None

    def open(self, rate: int) -> None:
        import pygame

        noise: list[str] = []
        try:
            with captured_stderr() as noise:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(frequency=rate, size=32, channels=2, buffer=BLOCK)
        except Exception as exc:
            raise DeviceError(str(exc) or type(exc).__name__, "".join(noise)) from None
        got = pygame.mixer.get_init()
        if got is None or (got[0], abs(got[1]), got[2]) != (rate, 32, 2):
            raise DeviceError(f"the device opened as {got}, not {rate} Hz 32-bit stereo",
                              "".join(noise))
        self._channel = pygame.mixer.Channel(0)
        self._sound = pygame.mixer.Sound

    def has_room(self) -> bool:
        return self._channel is not None and self._channel.get_queue() is None

    def playing(self) -> bool:
        return self._channel is not None and bool(self._channel.get_busy())

    def play(self, chunk: np.ndarray) -> None:
        assert self._channel is not None and self._sound is not None
        sound = self._sound(buffer=chunk.tobytes())
        if self._channel.get_busy():
            self._channel.queue(sound)
        else:
            self._channel.play(sound)

    def close(self) -> None:
        if self._channel is not None:
            self._channel.stop()
