"""Where session logs go: the config's session.logs (relative to the config, absolute,
or under ~), else the per-user data folder; the latest is found again by report."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from player.cli import main
from player.config import PACKAGED_CONFIG, load_config
from player.logfolder import latest_log, logs_folder, user_logs
from player.sessionlog import read_log

ANY_LENGTH = Path(__file__).parent / "configs" / "valid" / "any-length.yaml"


def config_with_logs(tmp_path: Path, logs: str) -> Path:
    text = ANY_LENGTH.read_text()
    path = tmp_path / "clinic" / "config.yaml"
    path.parent.mkdir()
    path.write_text(f"session:\n  logs: {logs}\n" + text if "session:" not in text
                    else text.replace("session:\n", f"session:\n  logs: {logs}\n", 1))
    return path


def test_the_folder_is_relative_to_the_config_absolute_or_under_home(tmp_path, monkeypatch):
    rel = load_config(config_with_logs(tmp_path, "session-logs"))
    assert logs_folder(rel) == tmp_path / "clinic" / "session-logs"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    home = replace(rel, session=replace(rel.session, logs="~/logs"))
    assert logs_folder(home) == tmp_path / "home" / "logs"
    absolute = replace(rel, session=replace(rel.session, logs=str(tmp_path)))
    assert logs_folder(absolute) == tmp_path
    assert logs_folder(None) == user_logs()
    assert logs_folder(load_config(PACKAGED_CONFIG)) == user_logs()   # not set there


def test_play_writes_to_the_configs_folder_and_report_finds_it(tmp_path, capsys):
    config = config_with_logs(tmp_path, "session-logs")
    assert main(["play", str(config), "--headless", "--length", "1s"]) == 0
    (log,) = (tmp_path / "clinic" / "session-logs").glob("session-*.jsonl")
    assert read_log(log)[-1]["outcome"] == "completed"
    assert capsys.readouterr().out.strip().endswith(f"log: {log}")
    assert main(["report", "--config", str(config)]) == 0
    assert capsys.readouterr().out.startswith(f"log      {log}\n")


def test_the_latest_log_is_the_newest_session_file(tmp_path):
    assert latest_log(tmp_path / "none") is None
    for i, name in enumerate(["session-b.jsonl", "session-a.jsonl", "notes.jsonl"]):
        (tmp_path / name).write_text("{}\n")
        os.utime(tmp_path / name, (100 + i, 100 + i))
    assert latest_log(tmp_path) == tmp_path / "session-a.jsonl"
