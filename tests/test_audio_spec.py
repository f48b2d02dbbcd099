"""The phase `audio:` section: every mistake is found, with a path to point at."""

from __future__ import annotations

import wave
from pathlib import Path

import jsonschema
import numpy as np

from audio.spec import DEFAULT, check_phase_audio, phase_audio, phase_audio_schema


def write_wav(path: Path, seconds: float = 1.0, rate: int = 44100) -> Path:
    n = int(seconds * rate)
    x = (0.2 * np.sin(2 * np.pi * 220 * np.arange(n) / rate) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(x.tobytes())
    return path


def test_a_good_section_has_no_problems(tmp_path: Path) -> None:
    write_wav(tmp_path / "rain.wav")
    data = {"layers": [{"layer": "drone", "params": {"root": 98}}, "chimes"],
            "file": "rain.wav", "loop": False, "gain_db": -3}
    assert check_phase_audio(data, tmp_path) == []
    spec = phase_audio(data, tmp_path)
    assert spec.file == tmp_path / "rain.wav" and spec.loop is False
    assert [ly.name for ly in spec.layers] == ["drone", "chimes"]


def test_mistakes_are_all_reported_with_their_key_path(tmp_path: Path) -> None:
    data = {"layers": [{"layer": "dron"}, {"layer": "noise", "params": {"colour": "blue",
                                                                       "cutof": 3}}],
            "lop": True, "gain_db": 99}
    problems = dict(check_phase_audio(data, tmp_path))
    assert "did you mean 'drone'" in problems[("layers", 0, "layer")]
    assert "choose one of" in problems[("layers", 1, "params", "colour")]
    assert "did you mean 'cutoff'" in problems[("layers", 1, "params", "cutof")]
    assert "did you mean 'loop'" in problems[("lop",)]
    assert "outside its range" in problems[("gain_db",)]


def test_missing_and_corrupt_files_are_found_before_the_session(tmp_path: Path) -> None:
    (tmp_path / "broken.ogg").write_bytes(b"OggS" + bytes(range(256)) * 20)
    (tmp_path / "empty.wav").write_bytes(b"")
    for name, words in (("gone.ogg", "not found"), ("broken.ogg", "cannot decode"),
                        ("empty.wav", "cannot decode")):
        problems = check_phase_audio({"file": name}, tmp_path)
        assert len(problems) == 1, name
        path, msg = problems[0]
        assert path == ("file",) and words in msg and name in msg


def test_schema_matches_the_checks(tmp_path: Path) -> None:
    schema = phase_audio_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    good = {"layers": [{"layer": "noise", "params": {"colour": "brown"}}, "bed"]}
    jsonschema.validate(good, schema)
    bad = {"layers": [{"layer": "noise", "params": {"colour": "blue"}}]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
    assert check_phase_audio(bad, tmp_path)


def test_an_omitted_section_plays_the_calm_default() -> None:
    assert phase_audio({}, Path(".")) is DEFAULT and DEFAULT.layers
