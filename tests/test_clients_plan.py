"""A course of sessions: which were held, which is next, and what `plan` and
`check --client` say about it."""

from __future__ import annotations

import json

from player.cli import main
from player.clients.course import progress
from player.clients.profile import load_profile
from tests.clientkit import clinic, config_of, write_session

COURSE = """\
playlist: ketamine-45
length: 45m
notes: afraid of deep water
avoid: [water]
course:
  - {date: 2026-03-02, playlist: short-session, length: 20m, note: a gentle first one}
  - {date: 2026-03-05}
  - {date: 2026-03-09, playlist: integration, length: 30m}
  - {date: 2026-03-12, length: 60m}
"""


def held(folder, n, day, outcome="completed"):
    write_session(folder, f"session-202603{day}-100000.jsonl", client="K-017",
                  started=f"2026-03-{day}T10:00:00+0100", course_session=n, outcome=outcome,
                  before=4, after=7)


def test_the_next_session_follows_the_highest_one_held(tmp_path):
    config = config_of(clinic(tmp_path, {"K-017": COURSE}))
    profile = load_profile("K-017", config)
    assert progress(profile, []).next.number == 1
    logs = tmp_path / "sessions"
    held(logs, 1, "02")
    held(logs, 2, "05", outcome="ended_early")          # ended early still counts
    from player.clients.history_index import client_rows

    prog = progress(profile, client_rows(logs, "K-017"))
    assert prog.next.number == 3
    assert [prog.status(i) for i in profile.course] == ["held", "held", "next", "planned"]
    held(logs, 4, "12")
    prog = progress(profile, client_rows(logs, "K-017"))
    assert prog.next is None and prog.status(profile.course[2]) == "missed"


def test_plan_shows_what_happened_and_what_is_next(tmp_path, capsys):
    config = clinic(tmp_path, {"K-017": COURSE})
    logs = tmp_path / "sessions"
    held(logs, 1, "02")
    write_session(logs, "session-20260220-100000.jsonl", client="K-017",
                  started="2026-02-20T10:00:00+0100")      # before the course was planned
    assert main(["plan", "K-017", "--config", str(config), "--logs", str(logs)]) == 0
    out = capsys.readouterr().out
    assert "avoids water (jellyfish, ocean, rain_glass, ripples, underwater)" in out
    assert "notes: afraid of deep water" in out
    assert "course: 4 sessions, 1 held" in out
    assert "2026-03-02 10:00 ketamine-45: completed, 45m; calm 4 → 7" in out
    assert ("next: session 2 of 4, ketamine-45 for 45m, planned for 2026-03-05: "
            "driftlight play --client K-017") in out
    assert "sessions outside the course: 1" in out
    assert main(["plan", "K-017", "--config", str(config), "--logs", str(logs),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["status"] for c in data["course"]] == ["held", "next", "planned", "planned"]
    assert data["course"][2]["playlist"] == "integration" and data["next"] == 2


def test_check_client_shows_the_next_course_session_personalised(tmp_path, capsys,
                                                                 monkeypatch):
    config = clinic(tmp_path, {"K-017": COURSE})
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))   # play's default log folder
    held(tmp_path / "driftlight" / "sessions", 1, "02")
    held(tmp_path / "driftlight" / "sessions", 2, "05")
    assert main(["check", str(config), "--client", "K-017", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["playlist"] == "integration" and data["length_s"] == 1800
    assert data["client"]["course_session"] == 3
    scenes = {s for ph in data["phases"] for s in ph["scenes"]}
    assert "rain_glass" not in scenes                   # water, in integration's 'rain'
    assert main(["check", str(config), "--client", "K-017"]) == 0
    out = capsys.readouterr().out
    assert "client K-017: course session 3 of 4" in out
    assert "rain: rain_glass → " in out and "(water family)" in out


def test_a_course_length_that_cannot_fit_is_blamed_where_written(tmp_path, capsys):
    config = clinic(tmp_path, {"K-017": "course:\n  - {playlist: short-session, "
                                        "length: 2h}\n"})
    assert main(["check", str(config), "--client", "K-017"]) == 2
    err = capsys.readouterr().err
    assert "K-017.yaml:2:5: error: playlist 'short-session' can last at most 40m" in err
