"""``driftlight check``: exit codes, the schedule table, the JSON shape, CLI overrides."""

from __future__ import annotations

import itertools
import json
import textwrap
from pathlib import Path

import pytest

from player.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONFIG = """
    session: {playlist: arc, length: 30m, seed: 3}
    playlists:
      arc:
        phases:
          - {name: arrive, scene: sunrise, duration: 5m}
          - {name: drift, scenes: [sunrise, ocean], rotate: 4m, weight: 2, min: 5m}
          - {name: settle, scene: ocean, weight: 1, max: 10m}
      other:
        phases:
          - {name: only, scene: ocean, weight: 1}
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "session.yaml"
    path.write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_schedule_has_the_agreed_shape(config: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    code, out, err = check(capsys, str(config), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["playlist"] == "arc"
    assert data["length_s"] == 1800
    assert data["seed"] == 3
    phases = data["phases"]
    assert [p["name"] for p in phases] == ["arrive", "drift", "settle"]
    assert all({"name", "start_s", "end_s", "scenes"} <= set(p) for p in phases)
    assert phases[0]["start_s"] == 0 and phases[-1]["end_s"] == pytest.approx(1800)
    for a, b in itertools.pairwise(phases):
        assert a["end_s"] == b["start_s"]
    assert phases[0]["end_s"] == 300                          # fixed
    assert phases[1]["end_s"] - phases[1]["start_s"] == pytest.approx(1000)  # 2 : 1 of 25m
    assert phases[1]["scenes"] == ["sunrise", "ocean"]


def test_command_line_overrides_win(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(config), "--json", "--playlist", "other", "--length",
                         "1h30m", "--seed", "9")
    data = json.loads(out)
    assert code == 0
    assert (data["playlist"], data["length_s"], data["seed"]) == ("other", 5400, 9)


def test_table_lists_every_phase_with_times(config: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(config))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{config}: ok. playlist 'arc', 30m, seed 3")
    assert "fits sessions of 10m or longer" in lines[0]
    header = lines[2].split()
    assert header[:5] == ["phase", "start", "end", "duration", "scenes"]
    rows = {line.split()[0]: line for line in lines[3:]}
    assert rows["arrive"].split()[1:4] == ["0:00:00", "0:05:00", "5m"]
    assert "sunrise → ocean (turns of 4m)" in rows["drift"]
    assert rows["settle"].split()[2] == "0:30:00"


def test_a_length_that_does_not_fit_blames_the_option(config: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, out, err = check(capsys, str(config), "--length", "8m")
    assert (code, out) == (2, "")
    assert err == ("driftlight: error: --length 8m: playlist 'arc' needs at least 10m: fixed "
                   "5m + minimums 5m; session is 8m: make the session longer or shorten "
                   "those phases\n")


def test_unreadable_length_and_unknown_playlist(config: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, str(config), "--length", "abc")
    assert code == 2 and err.startswith("driftlight: error: --length: 'abc' is not a duration")
    code, _, err = check(capsys, str(config), "--playlist", "ark")
    assert code == 2 and "unknown playlist 'ark' (did you mean 'arc'?)" in err


@pytest.mark.parametrize("playlist", ["ketamine-45", "short-session", "integration",
                                      "breathing"])
def test_every_shipped_playlist_checks(playlist: str, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    code, out, err = check(capsys, str(ROOT / "config.yaml"), "--playlist", playlist,
                           "--length", "30m")
    assert (code, err) == (0, "")
    assert f"playlist '{playlist}', 30m" in out
