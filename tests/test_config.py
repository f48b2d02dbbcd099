"""Loading configs: the shipped one is valid and fits real session lengths; values,
presets and parameters come through as written; hostile files get one clear line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from player import config_format as fmt
from player.config import PACKAGED_CONFIG, find_config, load_config
from player.errors import UserError
from player.playlist import DEFAULT_TRANSITION_S, SceneRef
from player.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
MIN = 60.0

# The lengths each shipped playlist is meant for (config.yaml's comments promise these).
SHIPPED_RANGES = {
    "ketamine-45": (20 * MIN, 120 * MIN),
    "short-session": (10 * MIN, 40 * MIN),
    "integration": (15 * MIN, 90 * MIN),
    "breathing": (10 * MIN, 60 * MIN),
}


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(UserError) as err:
        load_config(path)
    return err.value.lines


# -- the shipped config -----------------------------------------------------------------

def test_packaged_default_is_the_shipped_config() -> None:
    assert PACKAGED_CONFIG.resolve() == (ROOT / "config.yaml").resolve()


def test_shipped_config_is_valid_and_has_real_playlists() -> None:
    config = load_config(ROOT / "config.yaml")
    assert set(SHIPPED_RANGES) <= set(config.playlists)
    assert config.session.playlist in config.playlists
    assert config.presets, "the shipped config shows how presets work"
    arc = [ph.name for ph in config.playlists["ketamine-45"].phases]
    assert arc == ["arrival", "onset", "peak", "return", "integration"]
    scenes = {ref.scene for pl in config.playlists.values() for ph in pl.phases
              for ref in ph.scenes}
    assert "breathing_orb" in scenes


@pytest.mark.parametrize("name", SHIPPED_RANGES)
def test_shipped_playlists_fit_the_lengths_they_promise(name: str) -> None:
    playlist = load_config(ROOT / "config.yaml").playlists[name]
    low, high = SHIPPED_RANGES[name]
    for length in (low, (low + high) / 2, high, 45 * MIN if low <= 45 * MIN <= high else low):
        timeline = Timeline.build(playlist, length)
        assert timeline.phases[-1].end == pytest.approx(length)


# -- values come through as written ------------------------------------------------------

GOOD = """
    display: {fullscreen: false, fps: 30, brightness_cap: 0.5}
    audio: {volume: 0.25}
    session:
      playlist: two
      length: 1h30m
      seed: 7
      fade_in: 00:00:40
    presets:
      warm: &warm
        scene: sunrise
        params: {palette: ember, speed: 0.5}
    playlists:
      one:
        phases:
          - scene: sunrise
            weight: 1
      two:
        description: presets, shared and own parameters
        phases:
          - name: arrive
            scene: warm
            params: {speed: 0.7}
            duration: 5m
          - name: drift
            scenes: [warm, {scene: sunrise, params: {palette: dusk}}]
            params: {brightness: 0.8}
            rotate: 3m
            weight: 2
            min: 10m
            max: 1h
"""


def test_values_presets_and_parameter_layers(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.display.fullscreen is False
    assert config.display.fps == 30.0 and isinstance(config.display.fps, float)
    assert config.display.vsync is True                       # default kept
    assert config.audio.volume == 0.25
    assert (config.session.length, config.session.seed, config.session.fade_in) == (5400, 7, 40)
    assert config.presets["warm"] == SceneRef("sunrise", {"palette": "ember", "speed": 0.5})
    two = config.playlist()                                   # session.playlist
    assert two.name == "two" and two.fade_in == 40
    arrive, drift = two.phases
    assert arrive.scenes == (SceneRef("sunrise", {"palette": "ember", "speed": 0.7}),)
    assert arrive.duration == 300 and arrive.weight is None
    assert arrive.transition == DEFAULT_TRANSITION_S
    # preset < phase params < the item's own params
    assert drift.scenes == (
        SceneRef("sunrise", {"palette": "ember", "speed": 0.5, "brightness": 0.8}),
        SceneRef("sunrise", {"palette": "dusk", "brightness": 0.8}),
    )
    assert (drift.weight, drift.min, drift.max, drift.rotate) == (2, 600, 3600, 180)
    assert config.playlist("one").phases[0].name == "phase 1"
    assert config.where["two"] == f"{tmp_path / 'config.yaml'}:18:3"


def test_anchors_and_merge_keys_work(tmp_path: Path) -> None:
    path = write(tmp_path, """
        playlists:
          calm:
            phases:
              - &base {name: a, scene: sunrise, weight: 1, min: 1m}
              - <<: *base
                name: b
    """)
    _, b = load_config(path).playlist("calm").phases
    assert (b.name, b.weight, b.min) == ("b", 1, 60)


def test_declared_defaults_are_the_settings_defaults() -> None:
    assert fmt.defaults(fmt.PHASE)["transition"] == DEFAULT_TRANSITION_S


def test_unknown_playlist_on_the_command_line_suggests(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    with pytest.raises(UserError, match=r"unknown playlist 'tow' \(did you mean 'two'\?\)"):
        config.playlist("tow")


def test_find_config_prefers_the_argument_then_the_folder(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config(None) == PACKAGED_CONFIG
    write(tmp_path, GOOD)
    assert find_config(None) == Path("config.yaml")
    assert find_config("other.yaml") == Path("other.yaml")


def test_all_problems_are_reported_sorted_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, """
        playlists:
          calm:
            phases:
              - {scene: sunrse, weight: 1}
              - {scene: sunrise, weight: 0}
        display: {fps: 1000}
    """)
    lines = errors_of(path)
    assert [line.split(": error:")[0] for line in lines] == [
        f"{path}:5:17", f"{path}:6:34", f"{path}:7:16"]


# -- hostile input: one clear line, exit 2, no traceback, no hang -------------------------

def _bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 40),
               ":2:118: error: the config is not UTF-8 text (byte 0x80)"),
    "nul": (lambda p: p.write_bytes(b"playlists:\n  a\x00b: 1\n"),
            ":2:4: error: character U+0000 does not belong in a text file"),
    "alias-bomb": (lambda p: p.write_text(_bomb()), ": error: the config is too complex"),
    "huge": (lambda p: p.write_bytes(b"# padding\n" * 5_000_000),
             ": error: config is too large (over 1 MB)"),
    "tabs": (lambda p: p.write_text("playlists:\n\tcalm: {}\n"),
             ":2:1: error: a tab character here; YAML indents with spaces only"),
    "duplicate": (lambda p: p.write_text("session: {}\nsession: {}\nplaylists: {}\n"),
                  ":2:1: error: duplicate key 'session' (already set on line 1)"),
    # Where on line 1 depends on the PyYAML version (6.0.4 has a nesting limit of its own).
    "deep": (lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
             ": error: the config is nested more than 40 levels deep"),
    "deep-block": (lambda p: p.write_text("a:\n  " + "- " * 300_000 + "x\n"),
                   ":2:81: error: the config is nested more than 40 levels deep"),
    "folder": (lambda p: p.mkdir(), ": error: this is a folder, not a config file"),
    "missing": (lambda p: None, ": error: config file not found"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_gets_one_clear_line(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    path = tmp_path / "config.yaml"
    make(path)
    proc = subprocess.run([sys.executable, "-m", "player", "check", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith(str(path))
    assert expected in first
    assert proc.stdout == ""
