"""The command line's edges: no command, a bug of ours, Ctrl+C, a closed pipe; report
without a log, on a folder or a stranger's file; the schema's own command."""

from __future__ import annotations

import json

import pytest

from player import cli
from player.cli import main


def test_no_command_prints_help_and_exit_2(capsys):
    assert main([]) == 2
    assert "usage: driftlight" in capsys.readouterr().out


@pytest.mark.parametrize("raised, code, words", [
    (RuntimeError("boom"), 1, "driftlight: internal error: RuntimeError: boom"),
    (KeyboardInterrupt(), 130, "driftlight: interrupted"),
    (BrokenPipeError(), 0, ""),
])
def test_unexpected_ends_are_one_line_never_a_traceback(monkeypatch, capsys, raised, code,
                                                        words):
    from player.commands import init

    def explode(args):
        raise raised

    monkeypatch.setattr(init, "run", explode)
    monkeypatch.delenv("DRIFTLIGHT_DEBUG", raising=False)
    assert main(["init"]) == code
    err = capsys.readouterr().err
    assert err.startswith(words) and "Traceback" not in err
    assert err.count("\n") == (1 if words else 0)


def test_debug_shows_the_traceback_of_a_bug(monkeypatch):
    from player.commands import init

    monkeypatch.setattr(init, "run", lambda args: 1 / 0)
    monkeypatch.setenv("DRIFTLIGHT_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["init"])


def test_escape_keeps_percent_signs_for_argparse():
    assert cli.escape("100% calm") == "100%% calm"


def test_report_without_a_log_and_none_written_yet(tmp_path, capsys):
    assert main(["report", "--logs", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"driftlight: error: no session logs in {tmp_path} yet")


def test_report_picks_the_newest_log(tmp_path, capsys):
    import os

    for i, name in enumerate(["session-20260101-090000.jsonl",
                              "session-20260102-090000.jsonl"]):
        (tmp_path / name).write_text(json.dumps({"event": "session_start",
                                                 "playlist": f"p{i}"}) + "\n")
        os.utime(tmp_path / name, (1000 + i, 1000 + i))
    assert main(["report", "--logs", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["playlist"] == "p1" and data["log"].endswith("session-20260102-090000.jsonl")


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "this is a folder"),
    (lambda p: p.write_text('{"event": "hello"}\n'), "not a driftlight session log"),
    (lambda p: None, "no such session log"),
])
def test_report_of_something_that_is_not_a_log(tmp_path, capsys, make, words):
    path = tmp_path / "x.jsonl"
    make(path)
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: error: ") and words in err


def test_schema_check_command_says_the_shipped_files_are_fresh(capsys):
    from player import schema

    assert schema.main(["--check"]) == 0
    assert capsys.readouterr().err == ""
