"""The history: an index of the session logs that answers for one client or all, as a
table, JSON, CSV or a page, and never disagrees with the logs."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sqlite3
import sys

import pytest

from player.cli import main
from player.clients.history_index import INDEX_NAME, HistoryIndex, client_rows
from player.clients.log_summary import Row
from player.clients.record import record_session
from tests.clientkit import clinic, write_session

THREE = [  # (file, start, before, after, notes, outcome, played)
    ("session-20260302-100000.jsonl", "2026-03-02T10:00:00+0100", 3, 7,
     ("quiet, slept a little",), "completed", 2700.0),
    ("session-20260305-100000.jsonl", "2026-03-05T10:00:00+0100", 4, 5,
     ("asked for the sound lower", "cried in the return"), "ended_early", 1500.0),
    ("session-20260309-100000.jsonl", "2026-03-09T10:00:00+0100", 5, 9, (), "completed",
     2700.0),
]


def three_sessions(folder):
    for i, (name, started, before, after, notes, outcome, played) in enumerate(THREE, 1):
        write_session(folder, name, client="K-017", started=started, before=before,
                      after=after, notes=notes, outcome=outcome, played_s=played,
                      reason="therapist" if outcome == "ended_early" else "timeline_ended",
                      course_session=i, pauses=i - 1)
    write_session(folder, "session-20260303-090000.jsonl", client="K-012",
                  started="2026-03-03T09:00:00+0100", before=2, after=3, notes=("other",))


def history(capsys, *args):
    code = main(["history", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_three_sessions_of_one_client_with_their_ratings_and_notes(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    code, out, err = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["started"], r["before"], r["after"], r["notes"], r["outcome"]) for r in rows] \
        == [(s, b, a, list(n), o) for _, s, b, a, n, o, _ in THREE]
    assert [r["pauses"] for r in rows] == [0, 1, 2]
    assert [r["course_session"] for r in rows] == [1, 2, 3]
    assert rows[1]["played_s"] == 1500.0 and rows[1]["reason"] == "therapist"
    code, out, err = history(capsys, "K-017", "--logs", str(logs))
    lines = out.splitlines()
    assert len([ln for ln in lines if ln.startswith("2026-")]) == 3
    assert "3 → 7" in out and "4 → 5" in out and "5 → 9" in out
    assert "note: cried in the return" in out and "ended early (therapist)" in out
    assert "other" not in out                                     # K-012's note


def test_all_sessions_without_a_code_in_start_order(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    _, out, _ = history(capsys, "--logs", str(logs), "--json")
    assert [r["client"] for r in json.loads(out)] == ["K-017", "K-012", "K-017", "K-017"]


def test_redact_leaves_the_notes_out_everywhere(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    for fmt in ("--json", "--csv", None):
        _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--redact",
                            *([fmt] if fmt else []))
        assert "slept" not in out and "cried" not in out, fmt
    page = tmp_path / "page.html"
    history(capsys, "K-017", "--logs", str(logs), "--redact", "--html", str(page))
    assert "cried" not in page.read_text() and "notes left out" in page.read_text()


def test_csv_has_a_header_and_a_row_per_session(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["after"] for r in rows] == ["7", "5", "9"]
    assert rows[1]["notes"] == "asked for the sound lower | cried in the return"


def test_a_corrupt_or_foreign_file_is_skipped_with_a_warning_naming_it(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    (logs / "scan.pdf").write_bytes(b"%PDF-1.4 \x00\xff")
    (logs / "session-broken.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (logs / "other-tool.jsonl").write_text('{"level":"info","msg":"hello"}\n')
    (logs / "never-started.jsonl").write_text(
        '{"event":"error","message":"bad config"}\n'
        '{"event":"end","outcome":"not_started","reason":"invalid_input"}\n')
    code, out, err = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert code == 0
    assert len(json.loads(out)) == 3
    for name in ("scan.pdf", "session-broken.jsonl", "other-tool.jsonl"):
        assert f"{logs / name}: skipped: not a session log" in err, name
    assert "never-started" not in err                # not worth a warning
    assert "Traceback" not in err


def test_a_log_cut_off_by_a_crash_is_incomplete_not_lost(tmp_path, capsys):
    logs = tmp_path / "sessions"
    path = write_session(logs, "s.jsonl", client="K-017", started="2026-03-02T10:00:00+0100",
                         before=4, end=False)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"event":"phase","ti')                       # a torn last line
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    (row,) = json.loads(out)
    assert row["outcome"] == "incomplete" and row["before"] == 4


def test_the_index_follows_the_logs_added_changed_and_removed(tmp_path):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    with HistoryIndex(logs) as index:
        assert index.sync().read == 4
        assert index.sync().read == 0                   # nothing changed: nothing re-read
        (logs / THREE[0][0]).unlink()
        with open(logs / THREE[1][0], "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"event": "note", "text": "added later"}) + "\n")
        result = index.sync()
        assert (result.read, result.removed) == (1, 1)
        rows = index.rows("K-017")
        assert len(rows) == 2 and rows[0].notes[-1] == "added later"
        before = index.rows()
        index.rebuild()
        assert index.rows() == before


def test_a_damaged_index_is_rebuilt_from_the_logs(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    (logs / INDEX_NAME).write_bytes(b"this is not a database" * 100)
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert len(json.loads(out)) == 3


def test_rebuild_reads_every_log_again(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    history(capsys, "--logs", str(logs))
    db = sqlite3.connect(logs / INDEX_NAME)
    db.execute("DELETE FROM sessions")                  # an index out of step with the logs
    db.commit()
    db.close()
    code, _, err = history(capsys, "--logs", str(logs), "--rebuild")
    assert code == 0 and "4 sessions" in err
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert len(json.loads(out)) == 3


def _end_sessions(folder: str, start: int) -> None:
    from pathlib import Path

    for i in range(start, start + 20):
        write_session(Path(folder), f"session-{i:04d}.jsonl", client="K-017",
                      started=f"2026-03-02T10:{i // 60:02d}:{i % 60:02d}+0100", after=i % 11)
        record_session(Path(folder) / f"session-{i:04d}.jsonl")


def test_sessions_ending_at_the_same_time_are_all_indexed(tmp_path):
    logs = tmp_path / "sessions"
    logs.mkdir()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_end_sessions, args=(str(logs), k * 100)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    db = sqlite3.connect(logs / INDEX_NAME)            # the index as the sessions left it
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 60
    db.close()


def test_pieces_of_a_log_that_moved_are_one_session(tmp_path):
    logs = tmp_path / "sessions"
    write_session(logs, "s.jsonl", client="K-017", started="2026-03-02T10:00:00+0100",
                  before=3, end=False, notes=("first half",))
    piece = logs / "s-2.jsonl"
    start = {"event": "session_start", "time": "2026-03-02T10:00:00+0100",
             "playlist": "ketamine-45", "length_s": 2700.0, "client": "K-017",
             "continued": True, "continued_from": str(logs / "s.jsonl")}
    piece.write_text("\n".join(json.dumps(e) for e in [
        start, {"event": "end", "outcome": "completed", "session_t": 2700.0},
        {"event": "checkin", "when": "after", "rating": 8},
        {"event": "note", "text": "second half"}]) + "\n")
    (row,) = client_rows(logs, "K-017")
    assert (row.before, row.after, row.outcome) == (3, 8, "completed")
    assert row.notes == ("first half", "second half")


def test_a_note_goes_to_the_latest_session_of_the_client(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    code, _, err = history(capsys, "K-017", "--logs", str(logs), "--note", "phoned: well")
    assert code == 0, err
    assert "phoned: well" in (logs / THREE[-1][0]).read_text()
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert json.loads(out)[-1]["notes"] == ["phoned: well"]


def test_unknown_code_lists_profiles_and_clients_with_sessions(tmp_path, capsys,
                                                               monkeypatch):
    config = clinic(tmp_path, {"K-001": ""})
    logs = tmp_path / "sessions"
    three_sessions(logs)
    code, _, err = history(capsys, "K-099", "--logs", str(logs), "--config", str(config))
    assert code == 2
    assert "unknown client 'K-099'" in err and "K-001, K-012, K-017" in err
    code, out, _ = history(capsys, "K-001", "--logs", str(logs), "--config", str(config))
    assert code == 0 and "no sessions yet" in out


def test_no_log_folder_is_a_clear_error(tmp_path, capsys):
    code, _, err = history(capsys, "--logs", str(tmp_path / "nowhere"))
    assert code == 2 and "no such folder of session logs" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_what_is_written_about_clients_is_owner_only(tmp_path, capsys):
    logs = tmp_path / "sessions"
    three_sessions(logs)
    logs.chmod(0o755)
    page = tmp_path / "page.html"
    history(capsys, "K-017", "--logs", str(logs), "--html", str(page))
    assert page.stat().st_mode & 0o777 == 0o600
    assert (logs / INDEX_NAME).stat().st_mode & 0o777 == 0o600
    assert logs.stat().st_mode & 0o777 == 0o700


def test_rows_keep_the_columns_in_one_order():
    row = Row("f", "K-1", "2026-01-01T00:00:00+0000", "p", 60.0, 60.0, "completed")
    assert list(row.as_dict()) == ["file", "client", "started", "playlist", "planned_s",
                                   "played_s", "outcome", "reason", "before", "after",
                                   "pauses", "skips", "scene_errors", "course_session",
                                   "notes"]


def test_play_personalises_logs_why_and_indexes_the_session(tmp_path):
    """End to end, as a therapist runs it: the avoided scene never shows, the log says
    what changed and why, and the history has the session as soon as play returns."""
    import os
    import subprocess
    from pathlib import Path

    from player.sessionlog import read_log

    root = Path(__file__).resolve().parents[1]
    config = tmp_path / "config.yaml"
    config.write_text((root / "tests" / "configs" / "valid" / "any-length.yaml").read_text())
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "K-017.yaml").write_text("avoid: [water]\nvolume: 0.3\n")
    log = tmp_path / "sessions" / "s.jsonl"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "PYTHONPATH": str(root)}
    res = subprocess.run([sys.executable, "-m", "player", "play", str(config), "--headless",
                          "--length", "3s", "--log", str(log), "--client", "K-017"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "ocean → " in res.stdout                      # told to the therapist
    events = read_log(log)
    (personal,) = [e for e in events if e["event"] == "personalised"]
    assert any(c["what"] == "scene" and "ocean is avoided (water family)" in c["detail"]
               for c in personal["changes"])
    shown = {s for e in events if e["event"] == "phase" for s in e["scenes"]}
    assert shown and "ocean" not in shown
    db = sqlite3.connect(log.parent / INDEX_NAME)       # indexed by play itself
    assert db.execute("SELECT client, outcome FROM sessions").fetchall() == \
        [("K-017", "completed")]
    db.close()


def test_a_folder_that_cannot_hold_the_index_is_still_read(tmp_path, capsys, monkeypatch):
    from player.clients import history_index

    logs = tmp_path / "sessions"
    three_sessions(logs)

    def read_only(path):
        raise PermissionError(13, "Read-only file system", str(path))

    monkeypatch.setattr(history_index, "touch_private", read_only)
    _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    assert len(json.loads(out)) == 3
    assert not (logs / INDEX_NAME).exists()


def test_an_index_locked_by_another_process_does_not_block_the_answer(tmp_path, capsys,
                                                                      monkeypatch):
    from player.clients import history_index

    logs = tmp_path / "sessions"
    three_sessions(logs)
    history(capsys, "--logs", str(logs))                 # the index exists
    holder = sqlite3.connect(logs / INDEX_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(history_index, "BUSY_TIMEOUT_S", 0.05)
    try:
        write_session(logs, "session-20260312-100000.jsonl", client="K-017",
                      started="2026-03-12T10:00:00+0100", after=8)
        _, out, _ = history(capsys, "K-017", "--logs", str(logs), "--json")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [r["after"] for r in json.loads(out)] == [7, 5, 9, 8]
