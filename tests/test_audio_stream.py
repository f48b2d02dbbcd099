"""User audio files are streamed: bounded memory, cheap seeking, exact chunked resampling."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile

from audio import files
from audio.files import CACHE_CHUNKS, CHUNK, FileLayer, FileStream, resample
from player.bench.faults import write_long_wav


def tone(path: Path, rate: int, seconds: float, channels: int = 2) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    x = np.stack([0.3 * np.sin(2 * np.pi * 440 * t),
                  0.2 * np.sin(2 * np.pi * 1500 * t + 1)], axis=1).astype(np.float32)
    x = x[:, :channels]
    soundfile.write(str(path), x, rate, subtype="FLOAT")
    return x if channels == 2 else np.repeat(x, 2, axis=1)


@pytest.mark.parametrize("rate,channels", [(44100, 2), (22050, 1), (96000, 2), (44056, 2),
                                           (48000, 1)])
def test_chunked_resampling_matches_whole_file_resampling(tmp_path, rate, channels):
    x = tone(tmp_path / "a.wav", rate, 3.0, channels)
    stream = FileStream(tmp_path / "a.wav")
    y = stream.read(0, stream.length)
    ref = resample(x, rate, 48000)
    assert y.shape == ref.shape
    mid = slice(24000, 120000)                        # away from the file's two ends
    err = np.mean((y[mid] - ref[mid]) ** 2) / np.mean(ref[mid] ** 2)
    assert err < 10 ** (-80 / 10)                     # better than -80 dB


def test_any_span_reads_the_same_as_a_whole_read(tmp_path):
    tone(tmp_path / "a.wav", 44100, 4.0)
    whole = FileStream(tmp_path / "a.wav").read(-1000, 200_000)
    assert not whole[:1000].any()                     # silence before the file
    for start in (0, 777, CHUNK - 5, CHUNK, 150_000):
        part = FileStream(tmp_path / "a.wav").read(start, 9000)
        assert np.array_equal(part, whole[start + 1000:start + 10_000])


def test_a_two_hour_file_opens_at_once_and_seeks_cheaply(tmp_path):
    path = tmp_path / "long.wav"
    write_long_wav(path, 2.0)
    stream = FileStream(path)
    assert abs(stream.seconds - 7200) < 1e-6
    middle = stream.read(3600 * 48000, 48000)         # the noise written at the middle
    assert np.abs(middle).max() > 0.01
    assert stream.reads <= 2                          # the chunk or two around it only
    for k in range(0, stream.length, stream.length // 40):
        stream.read(k, 4096)
    assert len(stream._cache) <= CACHE_CHUNKS         # memory stays a few chunks


def test_looped_file_wraps_seamlessly_and_once_fades_out(tmp_path):
    tone(tmp_path / "a.wav", 48000, 5.0)
    stream = FileStream(tmp_path / "a.wav")
    loop = FileLayer(stream, 1024, loop=True)
    period = loop.period
    y = loop.render(0, 3 * period)
    assert not y[:1024].any()
    assert np.abs(np.diff(y[1025:], axis=0)).max() < 0.07     # a tone's slope: no jumps
    assert np.allclose(y[1024:1024 + period], y[1024 + period:1024 + 2 * period], atol=1e-6)
    once = FileLayer(stream, 0, loop=False).render(0, stream.length + 48000)
    assert np.abs(once[stream.length - 100:]).max() < 1e-3 and np.abs(once).max() > 0.1


def test_the_session_with_a_two_hour_file_starts_fast_and_stays_small(tmp_path):
    """Run in a fresh interpreter: building the session's sound and rendering the middle
    of the file keep the process far below the file's decoded size (2.7 GB)."""
    write_long_wav(tmp_path / "long.wav", 2.0)
    code = textwrap.dedent(f"""
        import resource, time
        from pathlib import Path
        from audio.session import SessionAudio
        from player.playlist import PhaseSpec, Playlist, SceneRef
        from player.timeline import Timeline
        phases = (PhaseSpec("a", (SceneRef("sunrise"),), weight=1),
                  PhaseSpec("b", (SceneRef("ocean"),), weight=1,
                            audio={{"file": "long.wav", "loop": False}}))
        tl = Timeline.build(Playlist("t", phases, 5, 5), 10800.0)
        began = time.perf_counter()
        sound = SessionAudio(tl, seed=1, base_dir=Path({str(tmp_path)!r}))
        built = time.perf_counter() - began
        x = sound.render(int((5400 + 3630) * 48000) // 1024 * 1024, 48000)  # mid-file
        print(built, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
              float(abs(x).max()), sound.events)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).parent.parent)
    assert out.returncode == 0, out.stderr
    built, rss_mb, peak, events = out.stdout.split(maxsplit=3)
    assert float(built) < 5.0                     # generous: seconds, not half a minute
    assert float(rss_mb) < 400                    # the whole interpreter, numpy included
    assert float(peak) > 0.001 and events.strip() == "[]"


def test_check_warns_about_very_long_files(tmp_path, capsys):
    from player.cli import main

    write_long_wav(tmp_path / "long.wav", 2.0)
    (tmp_path / "c.yaml").write_text(textwrap.dedent("""
        playlists:
          p:
            phases:
              - {name: a, scene: sunrise, weight: 1}
              - {name: b, scene: ocean, weight: 1, audio: {file: long.wav}}
    """))
    assert main(["check", str(tmp_path / "c.yaml"), "--length", "40m"]) == 0
    err = capsys.readouterr().err
    assert "warning: phase 'b': audio file 'long.wav' is 2h00m long" in err
    assert files.LONG_FILE_S == 3600.0
