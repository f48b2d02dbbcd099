"""One rule for a setting wherever it is given: the command line refuses what the config
refuses (session lengths, seeds), with the same words; and check's table adds up."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from player.cli import main
from player.config_format import SHORT_SESSIONS_ENV
from player.durations import parse_duration

CONFIG = """
    session: {{length: {length}, seed: {seed}}}
    playlists:
      calm:
        phases:
          - {{name: only, scene: sunrise, weight: 1}}
"""


def clock(text: str) -> int:
    h, m, s = (int(x) for x in text.split(":"))
    return h * 3600 + m * 60 + s


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def config(tmp_path: Path, length: str = "45m", seed: object = 1) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(textwrap.dedent(CONFIG.format(length=length, seed=seed)))
    return path


@pytest.mark.parametrize("length, words", [
    ("10s", "10s is outside its range 1m..12h00m"),
    ("13h", "13h00m is outside its range 1m..12h00m"),
    ("45", "45 would be 45 seconds; did you mean 45m?"),
    ("0:45", "did you mean 45m (0:45:00)?"),
])
def test_a_session_length_is_refused_alike_on_the_command_line_and_in_the_config(
        tmp_path, capsys, monkeypatch, length, words):
    monkeypatch.delenv(SHORT_SESSIONS_ENV, raising=False)    # a clinic's rule, not a test's
    code, _, cli = run(capsys, "check", str(config(tmp_path)), "--length", length)
    assert code == 2 and cli.startswith("driftlight: error: --length: ") and words in cli
    code, _, cfg = run(capsys, "check", str(config(tmp_path, length)))
    assert code == 2 and "c.yaml:2:" in cfg
    assert words.replace(" is outside", ", outside") in cfg or words in cfg


@pytest.mark.parametrize("length", ["45min", "45 mins", "45 minutes", "1m", "12h", "2700"])
def test_lengths_inside_the_rule_are_accepted(tmp_path, capsys, monkeypatch, length):
    monkeypatch.delenv(SHORT_SESSIONS_ENV, raising=False)
    code, out, err = run(capsys, "check", str(config(tmp_path)), "--length", length, "--json")
    assert code == 0, err


@pytest.mark.parametrize("seed, words", [
    ("-1", "-1 is outside its range 0..2147483647"),
    ("99999999999", "99999999999 is outside its range 0..2147483647"),
    ("abc", "it must be a whole number"),
    ("2.5", "it must be a whole number"),
])
def test_a_seed_is_refused_alike_on_the_command_line_and_in_the_config(
        tmp_path, capsys, seed, words):
    code, _, cli = run(capsys, "check", str(config(tmp_path)), "--seed", seed)
    assert code == 2 and cli == f"driftlight: error: --seed: {words} (seed of the visuals " \
                                f"and sound: the same seed, the same session)\n" \
        if "outside" in words else words in cli
    if seed not in ("abc",):
        code, _, cfg = run(capsys, "check", str(config(tmp_path, seed=seed)))
        assert code == 2 and "c.yaml:2:" in cfg and "'seed'" in cfg


def test_still_refuses_a_bad_seed_too(tmp_path, capsys):
    code, _, err = run(capsys, "still", "--scene", "sunrise", "--seed", "-1",
                       "-o", str(tmp_path / "x.png"))
    assert code == 2 and "--seed: -1 is outside" in err


@pytest.mark.parametrize("length", ["50m", "47m13s", "1h03m07s", "20m01s", "33m33s"])
def test_the_schedule_table_adds_up_in_whole_seconds(capsys, length):
    code, out, _ = run(capsys, "check", "--length", length)
    assert code == 0
    rows = [line.split() for line in out.splitlines()[3:] if line.strip()]
    total = 0.0
    for row in rows:
        start, end, duration = (clock(row[1]), clock(row[2]), parse_duration(row[3]))
        assert end - start == duration, row
        total += duration
    assert total == round(parse_duration(length))
