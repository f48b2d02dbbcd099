"""The session's sound: exact for any chunking, smooth everywhere, at the target level."""

from __future__ import annotations

import numpy as np
import pytest

from audio import loudness
from audio.dsp import RATE
from audio.session import SessionAudio
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline

SCENE = (SceneRef("sunrise"),)


def timeline(length: float = 40.0, transition: float = 6.0) -> Timeline:
    phases = (
        PhaseSpec("a", SCENE, weight=1, transition=transition,
                  audio={"layers": [{"layer": "drone", "params": {"change": 10, "glide": 4}},
                                    {"layer": "chimes", "params": {"rate": 20}}]}),
        PhaseSpec("b", SCENE, weight=1, transition=transition,
                  audio={"layers": [{"layer": "noise", "params": {"colour": "brown"}},
                                    "bed", "binaural"]}),
    )
    return Timeline.build(Playlist("t", phases, fade_in=4, fade_out=5), length)


@pytest.fixture(scope="module")
def sound() -> SessionAudio:
    return SessionAudio(timeline(), seed=5)


@pytest.fixture(scope="module")
def whole(sound: SessionAudio) -> np.ndarray:
    return sound.render(0, sound.length)


def hf_energy(x: np.ndarray) -> np.ndarray:
    """Second difference per sample: large where the waveform kinks or jumps."""
    return np.abs(np.diff(x, n=2, axis=0)).max(axis=1)


def test_any_chunking_gives_the_same_samples(sound: SessionAudio, whole: np.ndarray) -> None:
    rng = np.random.default_rng(0)
    a, b = 7 * RATE + 123, 26 * RATE + 77        # spans the phase change at 20 s
    pieces, i = [], a
    while i < b:
        n = min(int(rng.integers(1, 9000)), b - i)
        pieces.append(sound.render(i, n))
        i += n
    assert np.array_equal(np.concatenate(pieces), whole[a:b])
    fresh = SessionAudio(timeline(), seed=5).render(a, b - a)
    assert np.array_equal(fresh, whole[a:b])


def test_the_seed_changes_the_sound() -> None:
    x = SessionAudio(timeline(), seed=5).render(10 * RATE, RATE)
    y = SessionAudio(timeline(), seed=6).render(10 * RATE, RATE)
    assert not np.allclose(x, y)


def test_no_clicks_anywhere_including_the_phase_change(whole: np.ndarray) -> None:
    assert whole.dtype == np.float32 and whole.shape[1] == 2
    jump = np.abs(np.diff(whole, axis=0)).max()
    assert jump < 0.05                                   # no sample-to-sample step
    kinks = hf_energy(whole)
    # The phase change (20 s ± 3 s) is no rougher than the calm inside a phase.
    calm = np.percentile(kinks[12 * RATE:16 * RATE], 99.9)
    change = kinks[17 * RATE:23 * RATE].max()
    assert change < 4 * calm + 1e-3


def test_master_fade_follows_the_timeline(sound: SessionAudio) -> None:
    tl = sound.timeline
    t = np.linspace(-1, tl.length + 1, 997)
    assert np.allclose(sound.fade(t), [tl.fade(x) for x in t], atol=1e-12)
    x = sound.render(0, RATE // 10)
    assert np.abs(x[:48]).max() < 1e-6                  # the session starts from silence
    end = sound.render(sound.length - RATE // 20, RATE)
    assert np.abs(end).max() < 1e-4                     # ...and ends in it


def test_phase_crossfade_follows_the_pictures(sound: SessionAudio) -> None:
    tl = sound.timeline
    ts = np.linspace(0, tl.length, 801)
    w = sound.weights(ts)
    for t, col in zip(ts, w.T):
        plan = tl.at(float(t))
        want = np.zeros(len(tl.phases))
        for layer in plan.layers:
            want[layer.slot.phase] += layer.weight
        assert np.allclose(col, want / want.sum(), atol=1e-9), t


def test_loudness_is_within_one_lu_of_the_target() -> None:
    for target in (-23.0, -18.0):
        s = SessionAudio(timeline(60.0), seed=2, target_lufs=target)
        x = s.render(0, s.length)
        assert abs(loudness.integrated(x) - target) <= 1.0
        assert loudness.true_peak(x) <= -1.0


def test_a_failing_layer_fades_out_and_is_reported(sound: SessionAudio) -> None:
    events: list[tuple[str, dict]] = []
    s = SessionAudio(timeline(), seed=5, on_event=lambda k, i: events.append((k, i)))
    guarded = s.mixes[0].layers[0]
    start = 8 * RATE
    before = s.render(start - RATE, RATE)

    def broken(a: int, n: int) -> np.ndarray:
        raise OSError("disk gone")

    guarded.layer.render = broken                            # type: ignore[method-assign]
    after = s.render(start, 4 * RATE)
    assert events and events[0][0] == "audio_layer_failed" and "disk gone" in \
        events[0][1]["error"]
    joined = np.concatenate([before, after])
    assert np.abs(np.diff(joined, axis=0)).max() < 0.05      # no pop when it drops out
    # The rest keeps playing: the chimes still ring after the drone has faded away.
    assert np.abs(after[3 * RATE:]).max() > 1e-3


def test_loudness_meter_matches_the_standard() -> None:
    t = np.arange(5 * RATE) / RATE
    sine = np.stack([np.sin(2 * np.pi * 997 * t)] * 2, axis=1)
    assert loudness.integrated(sine) == pytest.approx(0.0, abs=0.01)   # BS.1770 reference
    assert loudness.integrated(sine * 0.1) == pytest.approx(-20.0, abs=0.01)
    pyln = pytest.importorskip("pyloudnorm")
    noise = np.random.default_rng(1).standard_normal((10 * RATE, 2)) * 0.05
    assert loudness.integrated(noise) == pytest.approx(
        pyln.Meter(RATE).integrated_loudness(noise), abs=0.1)
