"""The session log survives what happens to it, and ``report`` reads whatever it finds.

Unit tests drive :class:`SessionLog` directly (short writes, a deleted folder, a
replaced file, a second writer, a file-size limit); the mutation test feeds ``report``
hundreds of valid-JSON logs with fields missing or of the wrong type.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from player.cli import main
from player.report import summarise
from player.sessionlog import LogBusy, SessionLog, read_log, read_log_notes

ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def sample_events() -> list[dict]:
    """A log with every kind of event ``report`` reads, shaped as ``play`` writes them."""
    sched = [{"name": "arrival", "start_s": 0.0, "end_s": 5.0, "scenes": ["sunrise"]},
             {"name": "peak", "start_s": 5.0, "end_s": 10.0, "scenes": ["ocean", "aurora"]}]
    return [
        {"event": "session_start", "time": "2026-01-01T10:00:00+0000", "playlist": "p",
         "length_s": 10.0, "seed": 3, "schedule": sched, "display": [1280, 720],
         "internal": [480, 270], "versions": {"driftlight": "0.1.0"}, "client": "K-017"},
        {"event": "audio_started", "time": "x", "t": 0.0, "ahead_s": 0.3},
        {"event": "phase", "index": 0, "name": "arrival", "t": 0.0, "scenes": ["sunrise"]},
        {"event": "pause", "t": 2.0},
        {"event": "resume", "t": 2.0, "paused_s": 1.5},
        {"event": "brightness", "t": 2.5, "level": 0.9},
        {"event": "volume", "t": 2.6, "level": 0.6},
        {"event": "retime", "t": 3.0, "action": "longer", "old_length_s": 10.0,
         "length_s": 310.0, "schedule": sched},
        {"event": "skip", "t": 4.0, "applied": True, "schedule": sched},
        {"event": "phase", "index": 1, "name": "peak", "t": 4.0, "scenes": ["ocean"]},
        {"event": "scene_error", "scene": "ocean", "phase": "peak", "t": 4.5,
         "error": "RuntimeError: x", "traceback": "Traceback ..."},
        {"event": "audio_layer_failed", "layer": "drone", "where": "phase 'peak'",
         "error": "ValueError: y"},
        {"event": "degrade", "t": 5.0, "internal_from": [480, 270], "internal_to": [384, 216]},
        {"event": "log_moved", "from": "a.jsonl", "to": "a.2.jsonl", "reason": "gone"},
        {"event": "checkin", "when": "after", "rating": 7},
        {"event": "audio_stopped", "underruns": 0},
        {"event": "end", "outcome": "completed", "reason": "timeline_ended", "elapsed_s": 311.5,
         "session_t": 310.0, "length_s": 310.0, "frames": 600, "first_frame_s": 0.0,
         "stats": {"frames": 600, "p50_ms": 16.6, "p99_ms": 17.1, "max_ms": 30.2, "missed": 1},
         "audio_underruns": 0},
    ]


def write_log(path: Path, events: list, extra_lines: list[bytes] = ()) -> Path:
    with open(path, "wb") as fh:
        for e in events:
            fh.write(json.dumps(e).encode() + b"\n")
        for line in extra_lines:
            fh.write(line)
    return path


def run_report(path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["report", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


# -- report -------------------------------------------------------------------------------

def test_report_lists_real_audio_problems_but_not_audio_started(tmp_path, capsys):
    code, out, _ = run_report(write_log(tmp_path / "s.jsonl", sample_events()), capsys,
                              "--json")
    assert code == 0
    kinds = [p["event"] for p in json.loads(out)["audio_problems"]]
    assert kinds == ["audio_layer_failed"]


def test_report_skips_a_non_utf8_line_with_a_note_and_reads_the_rest(tmp_path, capsys):
    events = sample_events()
    log = tmp_path / "s.jsonl"
    with open(log, "wb") as fh:
        for i, e in enumerate(events):
            line = json.dumps(e).encode()
            if i == 3:
                line = line.replace(b'"pause"', b'"pa\xffuse"')
            fh.write(line + b"\n")
    code, out, err = run_report(log, capsys)
    assert code == 0, err
    assert "line 4 skipped: not UTF-8" in out
    assert "outcome  completed" in out


def test_report_of_a_log_holding_two_sessions_shows_the_last(tmp_path, capsys):
    first = sample_events()
    second = copy.deepcopy(sample_events())
    second[0]["playlist"] = "second"
    code, out, _ = run_report(write_log(tmp_path / "s.jsonl", first + second), capsys,
                              "--json")
    summary = json.loads(out)
    assert code == 0 and summary["playlist"] == "second"
    assert summary["sessions_in_log"] == 2
    assert len(summary["phases_played"]) == 2


def test_a_continued_session_start_does_not_begin_a_new_session(tmp_path):
    events = sample_events()
    events.insert(5, {**events[0], "continued": True})
    summary = summarise(events)
    assert summary["sessions_in_log"] == 1 and summary["pauses"] == 1


def test_deep_nesting_in_one_line_is_skipped(tmp_path, capsys):
    deep = b'{"event": "note", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    log = write_log(tmp_path / "s.jsonl", sample_events(), [deep])
    code, out, err = run_report(log, capsys)
    assert code == 0, err
    assert "nested too deeply" in out


def mutant_values(rng: random.Random) -> object:
    return rng.choice([
        None, True, False, 0, -1, 1e308, -1e308, 10**400, 2**63, "", "x" * 5000, "é\u0000",
        [], {}, [1, "a", None], {"a": {"b": [1]}}, [[[[[[[[[[]]]]]]]]]], 3.5, "12",
        [1280], [None, None], {"frames": "many"}, float("nan"), float("inf"),
    ])


def mutate(events: list[dict], rng: random.Random) -> list:
    events = copy.deepcopy(events)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(events))
        e = events[i]
        op = rng.random()
        if op < 0.08:
            events[i] = mutant_values(rng)                     # not an object at all
            continue
        if not isinstance(e, dict) or not e:
            continue
        key = rng.choice(list(e))
        if op < 0.35:
            del e[key]
        elif op < 0.85:
            e[key] = mutant_values(rng)
        elif isinstance(e.get(key), dict) and e[key]:          # one level down
            sub = rng.choice(list(e[key]))
            e[key][sub] = mutant_values(rng)
        elif isinstance(e.get(key), list) and e[key]:
            e[key][rng.randrange(len(e[key]))] = mutant_values(rng)
        else:
            e["event"] = rng.choice(["end", "phase", "resume", "retime", "scene_error",
                                     "degrade", "checkin", "audio_x", "log_moved", "skip"])
    return events


def test_report_survives_hundreds_of_mutants(tmp_path, capsys):
    """Valid JSON with fields missing or of the wrong type: never exit 1, no traceback."""
    rng = random.Random(12)
    base = sample_events()
    log = tmp_path / "m.jsonl"
    for n in range(400):
        events = mutate(base, rng)
        with open(log, "w") as fh:
            for e in events:
                fh.write(json.dumps(e) + "\n")       # NaN/Infinity: Python's JSON, read back
        for extra in ((), ("--json",)):
            code = main(["report", str(log), *extra])
            out, err = capsys.readouterr()
            assert code in (0, 2), (n, events, err)
            assert "Traceback" not in out + err and "internal error" not in err, (n, err)
            if code == 2:
                assert "no session_start" in err
            elif extra:
                json.loads(out)


def test_report_in_a_subprocess_never_prints_a_traceback(tmp_path):
    rng = random.Random(5)
    for n in range(5):
        log = write_log(tmp_path / f"{n}.jsonl", mutate(sample_events(), rng))
        res = subprocess.run([sys.executable, "-m", "player", "report", str(log)],
                             capture_output=True, text=True, env=ENV, timeout=60)
        assert res.returncode in (0, 2) and "Traceback" not in res.stderr, res.stderr


# -- the log ------------------------------------------------------------------------------

def test_short_writes_still_give_whole_lines(tmp_path, monkeypatch):
    real_write = os.write

    def stingy(fd, data):
        return real_write(fd, bytes(data[:7]))        # never more than 7 bytes at once
    log = SessionLog(tmp_path / "s.jsonl")
    monkeypatch.setattr(os, "write", stingy)
    for e in sample_events():
        log.event(e["event"], **{k: v for k, v in e.items() if k not in ("event", "time")})
    monkeypatch.setattr(os, "write", real_write)
    log.close()
    events, notes = read_log_notes(tmp_path / "s.jsonl")
    assert [e["event"] for e in events] == [e["event"] for e in sample_events()]
    assert notes == []


def test_a_failed_write_leaves_a_fragment_that_nothing_is_glued_to(tmp_path, monkeypatch):
    real_write = os.write
    calls = {"n": 0}

    def failing(fd, data):
        calls["n"] += 1
        if calls["n"] == 2:                   # the second line: half of it, then the disk is full
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)
    warnings: list[str] = []
    log = SessionLog(tmp_path / "s.jsonl", warn=warnings.append)
    log.event("session_start", playlist="p")
    monkeypatch.setattr(os, "write", failing)
    log.event("phase", name="a", t=0.0)
    log.event("end", outcome="completed")
    log.close()
    # the log moved on to a new file that starts with session_start again
    assert warnings and "continuing in" in warnings[0]
    moved = read_log(log.path)
    assert log.path != tmp_path / "s.jsonl"
    assert [e["event"] for e in moved] == ["session_start", "log_moved", "end"]
    assert moved[0]["continued"] is True
    first, notes = read_log_notes(tmp_path / "s.jsonl")
    assert [e["event"] for e in first] == ["session_start", "phase"]   # + a torn fragment


def test_a_deleted_folder_is_created_again_with_a_warning(tmp_path):
    warnings: list[str] = []
    path = tmp_path / "logs" / "s.jsonl"
    log = SessionLog(path, warn=warnings.append)
    log.event("session_start", playlist="p")
    (tmp_path / "logs" / "s.jsonl").unlink()
    (tmp_path / "logs").rmdir()
    log.event("phase", name="a", t=1.0)
    log.event("end", outcome="completed")
    log.close()
    assert log.path == path and len(warnings) == 1
    kinds = [e["event"] for e in read_log(path)]
    assert kinds == ["session_start", "log_moved", "phase", "end"]


def test_a_replaced_file_is_left_alone_and_the_log_moves_on(tmp_path):
    path = tmp_path / "s.jsonl"
    log = SessionLog(path, warn=lambda m: None)
    log.event("session_start", playlist="p")
    path.unlink()
    path.write_text("someone else's file\n")
    log.event("end", outcome="completed")
    log.close()
    assert path.read_text() == "someone else's file\n"
    assert log.path == tmp_path / "s.2.jsonl"
    assert [e["event"] for e in read_log(log.path)] == ["session_start", "log_moved", "end"]


def test_a_second_writer_is_refused_or_moves_to_a_free_name(tmp_path):
    path = tmp_path / "s.jsonl"
    first = SessionLog(path)
    with pytest.raises(LogBusy):
        SessionLog(path)
    other = SessionLog(path, exclusive=False)
    assert other.path == tmp_path / "s.2.jsonl"
    other.close()
    first.close()
    SessionLog(path).close()                          # free again once closed
