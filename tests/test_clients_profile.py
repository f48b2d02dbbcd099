"""Client profiles: checked like config.yaml, applied to a session deterministically,
and never letting an avoided scene through."""

from __future__ import annotations

import json
import os
import re
import sys

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from player.cli import main
from player.clients import families, fields
from player.clients import schema as client_schema
from player.clients.profile import load_profile
from player.commands._common import plan_session
from player.errors import UserError
from player.schema import builtin_scenes
from tests.clientkit import clinic, config_of, session_args

FULL = """\
avoid: [sky, stillness]
favourites: [forest_rays]
brightness_cap: 0.7
volume: 0.4
breathing_bpm: 5
binaural: false
playlist: ketamine-45
length: 50m
notes: prefers a slow start
"""


def scenes_played(plan) -> set[str]:
    return {slot.scene.scene for slot in plan.timeline.slots}


# -- validation -------------------------------------------------------------------------

def test_a_broken_profile_is_every_error_at_once_with_file_line_col(tmp_path, capsys):
    config = clinic(tmp_path, {"K-020": (
        "avoid: [watr]\n"
        "favourits: [sunrise]\n"
        "brightness_cap: 2\n"
        "playlist: ketamine45\n"
        "course:\n"
        "  - date: 2026-02-30\n"
        "    lenght: 20m\n")})
    code = main(["check", str(config), "--client", "K-020"])
    err = capsys.readouterr().err
    assert code == 2
    profile = str(tmp_path / "clients" / "K-020.yaml")
    lines = err.strip().splitlines()
    assert [ln.split(": error: ")[0] for ln in lines] == [
        f"{profile}:1:9", f"{profile}:2:1", f"{profile}:3:17", f"{profile}:4:11",
        f"{profile}:6:11", f"{profile}:7:5"]
    assert "(did you mean 'water'?)" in lines[0]
    assert "(did you mean 'favourites'?)" in lines[1]
    assert "outside its range 0.1..1" in lines[2]
    assert "(did you mean 'ketamine-45'?)" in lines[3]
    assert "Traceback" not in err


def test_yaml_syntax_errors_and_tabs_read_as_in_a_config(tmp_path):
    config = config_of(clinic(tmp_path, {"K-1": "avoid: [water\n", "K-2": "avoid:\n\t- water\n"}))
    for code in ("K-1", "K-2"):
        with pytest.raises(UserError) as err:
            load_profile(code, config)
        assert re.match(rf".*clients/{code}\.yaml:\d+:\d+: error: ", str(err.value))


def test_a_broken_profile_stops_play_before_the_session_starts(tmp_path, capsys):
    config = clinic(tmp_path, {"K-017": "volume: loud\n"})
    log = tmp_path / "s.jsonl"
    code = main(["play", str(config), "--client", "K-017", "--headless", "--log", str(log)])
    assert code == 2
    assert "K-017.yaml:1:9: error: 'volume' must be a number" in capsys.readouterr().err
    kinds = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert "session_start" not in kinds and kinds[-1] == "end"


def test_an_unknown_code_lists_the_codes_that_exist(tmp_path, capsys):
    config = clinic(tmp_path, {"K-017": "", "K-012": ""})
    assert main(["check", str(config), "--client", "K-018"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown client 'K-018'" in err and "the codes are: K-012, K-017" in err


def test_a_code_that_could_be_a_name_is_refused(tmp_path, capsys):
    config = clinic(tmp_path)
    assert main(["check", str(config), "--client", "Jane Doe"]) == 2
    assert "never a patient's name" in capsys.readouterr().err


def test_an_empty_profile_is_valid_and_changes_nothing(tmp_path):
    path = clinic(tmp_path, {"K-017": "# nothing yet\n"})
    plain = plan_session(session_args(path))
    personal = plan_session(session_args(path, client="K-017"))
    assert personal.timeline == plain.timeline
    assert personal.config == plain.config
    assert personal.client.changes == []


# -- applying a profile -----------------------------------------------------------------

def test_the_full_profile_is_applied_and_every_change_says_why(tmp_path):
    path = clinic(tmp_path, {"K-017": FULL})
    plan = plan_session(session_args(path, client="K-017"))
    cfg = config_of(path)
    assert plan.playlist.name == "ketamine-45" and plan.timeline.length == 50 * 60
    assert plan.config.display.brightness_cap == 0.7 < cfg.display.brightness_cap
    assert plan.config.audio.volume == 0.4
    played = scenes_played(plan)
    assert not played & {"golden_hour", "mountains", "sunrise", "aurora", "stillness"}
    assert "forest_rays" in played                          # the favourite stood in
    for ph in plan.timeline.phases:                        # no binaural layer anywhere
        assert "binaural" not in json.dumps(ph.spec.audio)
    text = "\n".join(plan.client.lines())
    assert "golden_hour → forest_rays: golden_hour is avoided (sky family)" in text
    assert "stillness → " in text and "(by name)" in text
    assert "binaural beats taken out" in text
    assert "notes: prefers a slow start" in text


def test_the_stand_in_has_the_same_mood_and_keeps_what_parameters_it_can(tmp_path):
    path = clinic(tmp_path, {"K-017": "avoid: [sunrise]\n"})
    plan = plan_session(session_args(path, client="K-017", playlist="ketamine-45"))
    ret = next(p for p in plan.timeline.phases if p.name == "return")
    (ref,) = ret.spec.scenes
    assert families.mood_of(ref.scene) == families.mood_of("sunrise")
    assert ref.scene == "forest_rays"      # first of the mood by name: forest_rays, golden_hour…
    assert ref.params.get("speed") == 0.6  # the first-light preset's speed came along


def test_the_breathing_pace_reaches_the_breathing_orb(tmp_path):
    path = clinic(tmp_path, {"K-017": "breathing_bpm: 4.5\n"})
    plan = plan_session(session_args(path, client="K-017", playlist="breathing"))
    orbs = [s.scene for s in plan.timeline.slots if s.scene.scene == fields.BREATHING_SCENE]
    assert orbs and all(ref.params[fields.BREATHING_PARAM] == 4.5 for ref in orbs)


def test_a_phase_with_nothing_left_is_an_error_naming_it(tmp_path, capsys):
    config = clinic(tmp_path, {"K-021": "avoid: [water, breathing_orb]\n"})
    assert main(["check", str(config), "--client", "K-021", "--playlist", "breathing"]) == 2
    err = capsys.readouterr().err
    assert "K-021.yaml:1:1: error: playlist 'breathing', phase 'breathe': every scene is " \
           "avoided" in err


def test_a_profile_naming_a_playlist_it_empties_is_refused_when_read(tmp_path):
    config = config_of(clinic(tmp_path, {"K-021": "avoid: [pattern, water]\n"
                                                  "playlist: breathing\n"}))
    with pytest.raises(UserError, match="phase 'breathe'"):
        load_profile("K-021", config)


def test_the_command_line_wins_over_the_profile(tmp_path):
    path = clinic(tmp_path, {"K-017": FULL})
    plan = plan_session(session_args(path, client="K-017", playlist="demo", length="3m"))
    assert plan.playlist.name == "demo" and plan.timeline.length == 180
    assert not any(c.what in ("playlist", "length") for c in plan.client.changes)


def test_the_next_course_session_chooses_playlist_and_length(tmp_path):
    path = clinic(tmp_path, {"K-017": FULL + "course:\n"
                             "  - {playlist: short-session, length: 20m}\n"
                             "  - {playlist: integration}\n"})
    plan = plan_session(session_args(path, client="K-017", log=tmp_path / "logs" / "s.jsonl"))
    assert plan.client.course_session == 1
    assert (plan.playlist.name, plan.timeline.length) == ("short-session", 20 * 60)


_AVOIDABLE = sorted([*families.SCENES, *families.families()])


@settings(max_examples=60, deadline=None)
@given(avoid=st.lists(st.sampled_from(_AVOIDABLE), max_size=5, unique=True),
       playlist=st.sampled_from(["ketamine-45", "short-session", "integration", "breathing",
                                 "demo"]))
def test_an_avoided_scene_never_appears_in_a_personalised_session(tmp_path_factory, avoid,
                                                                  playlist):
    tmp = tmp_path_factory.mktemp("clinic")
    path = clinic(tmp, {"K-017": f"avoid: {json.dumps(avoid)}\n"})
    avoided = {s for a in avoid for s in (families.members(a) or [a])}
    try:
        plan = plan_session(session_args(path, client="K-017", playlist=playlist,
                                         length="30m"))
    except UserError as err:   # only ever because a phase was left with nothing to show
        assert re.search(r"phase '[^']+': every scene is avoided", str(err)), str(err)
        return
    assert not scenes_played(plan) & avoided
    again = plan_session(session_args(path, client="K-017", playlist=playlist, length="30m"))
    assert again.timeline == plan.timeline                  # deterministic


def test_play_logs_what_the_profile_changed(tmp_path, monkeypatch):
    """The 'personalised' event, through the same call play makes."""
    path = clinic(tmp_path, {"K-017": FULL})
    plan = plan_session(session_args(path, client="K-017"))
    events = []

    class Log:
        def event(self, kind, **data):
            events.append({"event": kind, **data})

    plan.client.announce(Log())
    (event,) = events
    assert event["event"] == "personalised" and event["client"] == "K-017"
    whats = [c["what"] for c in event["changes"]]
    assert {"scene", "binaural", "brightness_cap", "volume"} <= set(whats)
    assert "notes" not in json.dumps(event)                 # notes stay in the profile


# -- the family table and the schema ----------------------------------------------------

def test_every_builtin_scene_has_a_mood_and_every_mood_spans_families():
    assert sorted(families.SCENES) == sorted(builtin_scenes()), \
        "a built-in scene needs a mood and families in player/clients/families.py"
    for mood in families.MOOD_HELP:
        scenes = [n for n, k in families.SCENES.items() if k.mood == mood]
        assert len(scenes) >= 2, mood
    for family in families.families():
        assert families.members(family), family


def test_shipped_profile_schema_is_a_fresh_generation():
    assert client_schema.SCHEMA_FILE.read_text(encoding="utf-8") == client_schema.render(), \
        "stale: run 'python -m player.schema'"
    docs = client_schema.DOCS_FILE.read_text(encoding="utf-8")
    assert docs == client_schema.fill_docs(docs), "stale: run 'python -m player.schema'"


def test_the_schema_agrees_with_the_validator():
    built = client_schema.build()
    jsonschema.Draft7Validator.check_schema(built)
    check = jsonschema.Draft7Validator(built)
    assert list(check.iter_errors(yaml.safe_load(FULL + "course:\n  - {date: '2026-03-02', "
                                                 "length: 45m, playlist: demo}\n"))) == []
    for bad in ("avoid: [watr]", "favourits: [sunrise]", "brightness_cap: 2",
                "course: [{lenght: 20m}]", "course: [{date: 'March'}]", "binaural: 1"):
        assert list(check.iter_errors(yaml.safe_load(bad))), bad


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_profile_read_is_made_owner_only(tmp_path):
    config = config_of(clinic(tmp_path, {"K-017": ""}))
    profile = tmp_path / "clients" / "K-017.yaml"
    os.chmod(profile, 0o644)
    load_profile("K-017", config)
    assert profile.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "clients").stat().st_mode & 0o777 == 0o700
