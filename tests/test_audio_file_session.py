"""A user's sound file in a session, through the session's sound as ``play`` uses it:
heard from its phase's start, looped without a click at the seam, or played once and
faded out at its end."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from audio.dsp import RATE
from audio.session import SessionAudio
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline

HZ = 220.0
SECONDS = 1.37          # not a whole number of cycles: a naive wrap would click


def session(tmp_path, loop: bool) -> SessionAudio:
    t = np.arange(int(SECONDS * RATE)) / RATE
    tone = (0.3 * np.sin(2 * np.pi * HZ * t)).astype(np.float32)
    soundfile.write(str(tmp_path / "tone.wav"), np.stack([tone, tone], axis=1), RATE)
    phase = PhaseSpec("only", (SceneRef("sunrise"),), weight=1,
                      audio={"file": "tone.wav", "loop": loop})
    timeline = Timeline.build(Playlist("p", (phase,), 3.0, 3.0), 60.0)
    return SessionAudio(timeline, seed=1, base_dir=tmp_path)


def test_a_looped_file_plays_through_its_seams_without_a_click(tmp_path):
    sound = session(tmp_path, loop=True)
    assert not sound.events, sound.events                  # found, decoded, no problem
    x = sound.render(5 * RATE, 6 * RATE)[:, 0]             # ~4 loop seams, fade-in over
    amp = np.abs(x).max()
    assert amp > 0.01                                      # the file is heard
    slope = amp * 2 * np.pi * HZ / RATE                    # the steepest a pure tone goes
    assert np.abs(np.diff(x)).max() < 1.5 * slope          # no step anywhere, seams too
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    assert np.argmax(spectrum) * RATE / len(x) == pytest.approx(HZ, abs=1.0)


def test_a_file_played_once_fades_out_at_its_end(tmp_path):
    sound = session(tmp_path, loop=False)
    x = sound.render(0, 4 * RATE)[:, 0]
    heard = np.abs(x[RATE // 2: RATE]).max()
    assert heard > 0.01
    end = int(SECONDS * RATE)
    assert np.abs(x[end + RATE // 10:]).max() < heard / 1000   # silent after its end
    assert np.abs(np.diff(x)).max() < 1.5 * heard * 2 * np.pi * HZ / RATE
