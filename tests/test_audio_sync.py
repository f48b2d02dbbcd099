"""Sound follows session time: drift is measured at chunk starts and corrected once."""

from __future__ import annotations

import numpy as np

from audio.dsp import RATE
from audio.live import CHUNK, LiveAudio
from audio.session import SessionAudio
from audio.sync import CONFIRM, DRIFT_S, TimeLock
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lock_at(session_t: float) -> tuple[TimeLock, Clock]:
    clock = Clock()
    lock = TimeLock(RATE, clock)
    lock.sync(session_t)
    return lock, clock


def test_sound_on_time_is_left_alone_even_when_looked_at_late():
    lock, clock = lock_at(10.0)
    for k in range(50):
        late = 0.03 * (k % 3)                      # the player noticed 0–60 ms late
        clock.now += CHUNK / RATE
        lock.sync(10.0 + (k + 1) * CHUNK / RATE)
        first = round((10.0 + (k + 1) * CHUNK / RATE) * RATE)
        assert lock.began(first, clock.now + late, first + 2 * CHUNK) is None


def test_a_stall_is_corrected_on_the_first_look():
    lock, clock = lock_at(30.0)                    # the picture skipped 10 s ahead
    move = lock.began(20 * RATE, clock.now, 20 * RATE + 2 * CHUNK)
    assert move is not None and move.why == "stall"
    assert abs(move.drift_s + 10.0) < 1e-9
    assert abs(move.target_t - (30.0 + 2 * CHUNK / RATE)) < 1e-9   # after the device's


def test_a_small_drift_must_persist_before_it_is_corrected():
    lock, clock = lock_at(10.0)
    ahead = DRIFT_S + 0.02
    for k in range(CONFIRM):
        t = 10.0 + k * CHUNK / RATE
        clock.now = 100.0 + k * CHUNK / RATE
        lock.sync(t)
        move = lock.began(round((t + ahead) * RATE), clock.now, 0)
        assert (move is None) == (k < CONFIRM - 1)
    assert move is not None and move.why == "drift" and abs(move.drift_s - ahead) < 1e-3


def test_stale_session_time_and_chunks_before_a_move_are_not_judged():
    lock, clock = lock_at(10.0)
    clock.now += 5.0                               # no sync for 5 s (a paused loop)
    assert lock.began(0, clock.now, 0) is None
    lock.sync(50.0)
    lock.settle(60 * RATE)
    assert lock.began(0, clock.now, 0) is None     # sound from before the move


def sound() -> SessionAudio:
    phases = (PhaseSpec("a", (SceneRef("sunrise"),), weight=1),)
    return SessionAudio(Timeline.build(Playlist("t", phases, 2, 2), 60.0), seed=1)


def test_the_resync_crossfade_continues_the_sound_without_a_jump():
    live = LiveAudio(sound(), volume=1.0)
    live._cursor = 10 * RATE
    before = [live._next_chunk() for _ in range(4)]
    end = live._cursor
    live._resync = (end, 30 * RATE)
    x = np.concatenate([*before, live._next_chunk(), live._next_chunk()])
    assert live._cursor == 30 * RATE + 2 * CHUNK
    assert np.abs(np.diff(x, axis=0)).max() < 0.03
    assert np.abs(np.diff(x, n=2, axis=0)).max() < 0.01


def test_playback_starts_at_the_session_time_not_a_buffer_ahead():
    live = LiveAudio(sound(), volume=1.0)
    live.start(5.0)
    try:
        if live.available:
            assert live.timelock._from == round(5.0 * RATE / 1024) * 1024
    finally:
        live.stop(0.0)
