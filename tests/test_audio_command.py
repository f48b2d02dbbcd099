"""``driftlight audio`` writes the soundtrack; a bad file is a clear error, exit 2."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from player.cli import main

CONFIG = """\
session: {playlist: p, length: 1m, seed: 2, fade_in: 3s, fade_out: 3s}
playlists:
  p:
    phases:
      - name: only
        scene: sunrise
        weight: 1
        audio:
          layers: [drone]
          file: %s
"""


def test_renders_a_48k_stereo_wav(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG.replace("\n          file: %s", ""))
    out = tmp_path / "s.wav"
    assert main(["audio", str(cfg), "--length", "20s", "-o", str(out)]) == 0
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 2, 2)
        assert w.getnframes() == 20 * 48000
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)
    assert np.abs(x[:10]).max() <= 2 and np.abs(x).max() > 1000    # fades in from silence


def test_a_broken_audio_file_is_reported_with_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.ogg").write_bytes(b"not audio at all")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG % "bad.ogg")
    code = main(["audio", str(cfg), "-o", str(tmp_path / "s.wav")])
    err = capsys.readouterr().err
    assert code == 2 and "error" in err and "bad.ogg" in err and "Traceback" not in err
