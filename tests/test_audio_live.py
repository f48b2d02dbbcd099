"""Live playback through its public controls, on a fake device that plays in fake time:
pause, resume, volume and stop are smooth; the controls are safe from any thread; a
re-time is built off the caller's thread; problems on the threads are reported; no
device is not fatal, and the sound libraries' own noise stays off the terminal."""

from __future__ import annotations

import os
import threading
import time
from collections import deque

import numpy as np
import pytest

from audio.device import DeviceError, MixerDevice, captured_stderr
from audio.dsp import RATE
from audio.live import CHUNK, LiveAudio
from audio.session import SessionAudio
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline


def sound(length: float = 60.0) -> SessionAudio:
    phases = (PhaseSpec("a", (SceneRef("sunrise"),), weight=1),
              PhaseSpec("b", (SceneRef("sunrise"),), weight=1))
    return SessionAudio(Timeline.build(Playlist("t", phases, 2, 2), length), seed=1)


class FakeDevice:
    """Plays what it is given in fake time, which passes only while the producer naps
    and only as far as the test allows (:meth:`run_for`): every step is exact."""

    def __init__(self) -> None:
        self.held: deque[np.ndarray] = deque()
        self.out: list[np.ndarray] = []
        self.budget = 0
        self.free = False
        self.closed = False
        self.threads: set[str] = set()
        self._cv = threading.Condition()

    # the device
    def open(self, rate: int) -> None:
        assert rate == RATE

    def has_room(self) -> bool:
        return len(self.held) < 2

    def playing(self) -> bool:
        return bool(self.held)

    def play(self, chunk: np.ndarray) -> None:
        self.threads.add(threading.current_thread().name)
        self.held.append(chunk)

    def close(self) -> None:
        self.closed = True

    # fake time
    def sleep(self, seconds: float) -> None:
        n = int(seconds * RATE)
        with self._cv:
            while not self.free and self.budget <= 0:
                self._cv.wait(0.05)
            self.budget -= n
            self._cv.notify_all()
        while n > 0 and self.held:
            head = self.held[0]
            take = min(n, head.shape[0])
            self.out.append(head[:take])
            n -= take
            if take == head.shape[0]:
                self.held.popleft()
            else:
                self.held[0] = head[take:]

    def run_for(self, seconds: float) -> None:
        """Let ``seconds`` of sound play; returns when they have."""
        with self._cv:
            self.budget += int(seconds * RATE)
            self._cv.notify_all()
            assert self._cv.wait_for(lambda: self.budget <= 0, timeout=30)

    def release(self) -> None:
        with self._cv:
            self.free = True
            self._cv.notify_all()

    def played(self) -> np.ndarray:
        return np.concatenate(self.out) if self.out else np.zeros((0, 2), np.float32)


def live_on_fake(volume: float = 1.0, audio: SessionAudio | None = None
                 ) -> tuple[LiveAudio, FakeDevice, list[tuple[str, dict]]]:
    dev = FakeDevice()
    events: list[tuple[str, dict]] = []
    live = LiveAudio(audio or sound(), volume=volume, device=dev, sleep=dev.sleep,
                     on_event=lambda kind, info: events.append((kind, info)))
    return live, dev, events


def smooth(x: np.ndarray) -> None:
    assert np.abs(np.diff(x, axis=0)).max() < 0.03
    assert np.abs(np.diff(x, n=2, axis=0)).max() < 0.01


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x ** 2)))


def test_pause_resume_and_volume_are_smooth() -> None:
    live, dev, events = live_on_fake(volume=1.0)
    live.start(10.0)
    try:
        dev.run_for(1.0)
        live.pause()
        dev.run_for(3.0)                           # fades down over 2 s, then silence
        silent = dev.played()[-RATE // 4:]
        live.resume(40.0)                          # the picture has moved on meanwhile
        live.set_volume(0.2)
        dev.run_for(3.0)
        x = dev.played()
    finally:
        dev.release()
        live.stop(0.3)
    assert np.abs(silent).max() == 0
    assert live.position > 40.0                    # jumped to the picture's time while silent
    smooth(x)
    assert 0.1 < rms(x[-RATE // 2:]) / rms(x[RATE // 10: RATE // 2]) < 0.35   # volume 0.2
    assert dev.threads == {"driftlight-audio"}     # only the producer feeds the device
    assert [k for k, _ in events][:1] == ["audio_started"]


def test_stop_fades_to_silence_plays_out_and_closes() -> None:
    live, dev, events = live_on_fake(volume=0.8)
    live.start(20.0)
    dev.run_for(0.5)
    dev.release()
    began = time.monotonic()
    live.stop(1.5)
    assert time.monotonic() - began < 2.0
    x = dev.played()
    assert np.abs(x[-16:]).max() < 1e-5 and rms(x[:RATE // 4]) > 0.01   # down to silence
    assert rms(x[-CHUNK:]) < rms(x[:CHUNK]) / 20
    smooth(x)
    assert dev.closed and not dev.held            # played out, then closed
    assert events[-1][0] == "audio_stopped"
    live.stop(1.0)                                # a second stop is harmless
    assert [k for k, _ in events].count("audio_stopped") == 1


def test_stop_from_another_thread_while_controls_keep_coming() -> None:
    live, dev, events = live_on_fake()
    live.start(5.0)
    dev.release()
    stopper = threading.Thread(target=live.stop, args=(1.0,))
    stopper.start()
    for i in range(200):                          # the frame thread goes on meanwhile
        live.set_volume(i % 10 / 10)
        live.pause() if i % 2 else live.resume(5.0)
    stopper.join(timeout=3)
    assert not stopper.is_alive()
    kinds = [k for k, _ in events]
    assert kinds[-1] == "audio_stopped" and "audio_error" not in kinds


def test_controls_wait_for_the_producers_lock() -> None:
    """Volume and pause are set under the lock the producer steps its ramps with, so a
    ramp is never stepped half-way through a change."""
    live, _dev, _ = live_on_fake()
    done = []
    with live._lock:                               # as the producer holds it to step ramps
        for call in (lambda: live.set_volume(0.5), live.pause, lambda: live.resume(1.0)):
            t = threading.Thread(target=lambda c=call: (c(), done.append(1)))
            t.start()
            t.join(timeout=0.2)
            assert t.is_alive() and not done        # waits for the lock
            live._lock.release()
            t.join(timeout=2)
            live._lock.acquire()
            assert done == [1]
            done.clear()


def test_a_retime_is_built_on_a_helper_thread_and_swapped_in() -> None:
    audio = sound()
    live, dev, events = live_on_fake(audio=audio)
    built_on: list[str] = []
    gate = threading.Event()
    arrange = audio.arrange

    def slow_arrange(timeline):
        built_on.append(threading.current_thread().name)
        gate.wait(5)
        return arrange(timeline)

    audio.arrange = slow_arrange                  # type: ignore[method-assign]
    live.start(0.0)
    try:
        longer = Timeline.build(audio.timeline.playlist, 90.0)
        began = time.monotonic()
        live.set_timeline(Timeline.build(audio.timeline.playlist, 75.0))
        live.set_timeline(longer)                 # while the first is still being built
        assert time.monotonic() - began < 0.5     # the caller (the frame thread) goes on
        dev.run_for(0.5)                          # and so does the sound meanwhile
        assert audio.timeline.length == 60.0
        gate.set()
        deadline = time.monotonic() + 10
        while audio.timeline is not longer and time.monotonic() < deadline:
            dev.run_for(0.2)
    finally:
        dev.release()
        live.stop(0.3)
    assert audio.timeline is longer               # the newest timeline won
    assert built_on and set(built_on) == {"driftlight-audio-retime"}
    assert "audio_error" not in [k for k, _ in events]


def test_a_failure_on_the_producer_thread_is_reported_not_lost() -> None:
    audio = sound()
    live, dev, events = live_on_fake(audio=audio)
    render = audio.render
    calls = [0]

    def failing(start: int, n: int) -> np.ndarray:
        calls[0] += 1
        if calls[0] > 3:
            raise RuntimeError("the sound card vanished")
        return render(start, n)

    audio.render = failing                        # type: ignore[method-assign]
    live.start(0.0)
    dev.release()
    live.stop(1.0)                                # returns: the thread has ended already
    kinds = [k for k, _ in events]
    assert "audio_error" in kinds and kinds[-1] == "audio_stopped"
    error = dict(events)["audio_error"]
    assert "the sound card vanished" in error["error"] and "Traceback" in error["traceback"]


def test_set_timeline_before_start_applies_at_once() -> None:
    audio = sound()
    live, _dev, _ = live_on_fake(audio=audio)
    longer = Timeline.build(audio.timeline.playlist, 90.0)
    live.set_timeline(longer)
    assert audio.timeline is longer


def test_start_and_stop_with_the_dummy_driver_report_events() -> None:
    events: list[str] = []
    live = LiveAudio(sound(), volume=0.5, on_event=lambda kind, info: events.append(kind))
    live.start(5.0)
    try:
        assert live.available and events[0] == "audio_started"
    finally:
        live.stop(0.3)
    assert events[-1] == "audio_stopped"


class NoDevice(FakeDevice):
    def open(self, rate: int) -> None:
        raise DeviceError("ALSA: Couldn't open audio device: No such file or directory",
                          "ALSA lib confmisc.c:767:(parse_card) cannot find card '0'")


def test_no_sound_device_is_reported_not_fatal() -> None:
    events: list[tuple[str, dict]] = []
    live = LiveAudio(sound(), device=NoDevice(),
                     on_event=lambda kind, info: events.append((kind, info)))
    assert live.open() is False and "Couldn't open" in (live.unavailable or "")
    live.start(0.0)
    live.pause()
    live.set_volume(0.1)
    live.stop(1.0)
    assert not live.available
    (kind, info), = events
    assert kind == "audio_unavailable" and "goes on" in info["error"]
    assert "cannot find card" in info["driver_output"]     # for the IT person, in the log


def test_the_sound_libraries_noise_stays_off_the_terminal(monkeypatch, capfd) -> None:
    import pygame

    def noisy_init(*args, **kwargs):
        os.write(2, b"ALSA lib confmisc.c:767:(parse_card) cannot find card '0'\n")
        raise pygame.error("ALSA: Couldn't open audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", noisy_init)
    with pytest.raises(DeviceError) as err:
        MixerDevice().open(RATE)
    assert "cannot find card" in err.value.driver_output
    assert "Couldn't open" in str(err.value)
    assert "ALSA lib" not in capfd.readouterr().err


def test_captured_stderr_restores_the_terminal(capfd) -> None:
    with captured_stderr() as text:
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    assert text == ["hidden"]
    assert capfd.readouterr().err == "shown\n"
