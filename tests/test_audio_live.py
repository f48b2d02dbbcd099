"""Live playback: pause, resume, volume and stop are smooth; no device is not fatal."""

from __future__ import annotations

import numpy as np

from audio.dsp import RATE
from audio.live import CHUNK, LiveAudio
from audio.session import SessionAudio
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline


def sound() -> SessionAudio:
    phases = (PhaseSpec("a", (SceneRef("sunrise"),), weight=1),)
    return SessionAudio(Timeline.build(Playlist("t", phases, 2, 2), 60.0), seed=1)


def chunks(live: LiveAudio, seconds: float) -> list[np.ndarray]:
    return [live._next_chunk() for _ in range(int(seconds * RATE / CHUNK))]


def test_pause_resume_and_volume_are_smooth() -> None:
    live = LiveAudio(sound(), volume=1.0)
    live._cursor = 10 * RATE
    out = chunks(live, 1.0)
    live.pause()
    out += chunks(live, 3.0)                      # fades down over 2 s, then silence
    silent = out[-1]
    live.resume(40.0)                             # the picture has moved on meanwhile
    live.set_volume(0.2)
    out += chunks(live, 3.0)
    x = np.concatenate(out)
    assert np.abs(silent).max() == 0
    assert live._cursor > 40 * RATE               # jumped to the picture's time while silent
    assert np.abs(np.diff(x, axis=0)).max() < 0.03
    kinks = np.abs(np.diff(x, n=2, axis=0)).max()
    assert kinks < 0.01
    rms = np.sqrt(np.mean(x[-RATE // 2:] ** 2))
    full = np.sqrt(np.mean(x[: RATE // 2] ** 2))
    assert 0.1 < rms / full < 0.35                # volume 0.2 reached, gently


def test_stop_fade_reaches_silence_without_a_jump() -> None:
    live = LiveAudio(sound(), volume=0.8)
    live._cursor = 20 * RATE
    out = chunks(live, 0.5)
    live._stop.target = 0.0
    out += chunks(live, 1.5)
    x = np.concatenate(out)
    assert np.abs(x[-CHUNK:]).max() == 0
    assert np.abs(np.diff(x, axis=0)).max() < 0.03


def test_start_and_stop_with_the_dummy_driver_report_events() -> None:
    events: list[str] = []
    live = LiveAudio(sound(), volume=0.5, on_event=lambda kind, info: events.append(kind))
    live.start(5.0)
    try:
        assert live.available and events[0] == "audio_started"
    finally:
        live.stop(0.3)
    assert events[-1] == "audio_stopped"
    assert not live._running


def test_no_sound_device_is_reported_not_fatal(monkeypatch) -> None:
    import pygame

    def broken(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    events: list[tuple[str, dict]] = []
    live = LiveAudio(sound(), on_event=lambda kind, info: events.append((kind, info)))
    live.start(0.0)
    live.pause()
    live.stop(1.0)
    assert not live.available
    assert events[0][0] == "audio_unavailable" and "goes on" in events[0][1]["error"]
