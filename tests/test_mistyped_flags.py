"""Flags of the console, stereo and headset surfaces as a therapist might mistype them:
one line that says what, where and how to fix it, exit 2, and (for play) the session log
records it as invalid input before anything plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.cli import main
from player.console import preflight
from player.errors import UserError
from player.sessionlog import read_log

CONFIG = str(Path(__file__).parent / "configs" / "valid" / "any-length.yaml")


@pytest.mark.parametrize("flags, words", [
    (["--stereo", "3d"], "--stereo 3d is not a stereo layout; write sbs"),
    (["--console", "lefty"], "--console lefty is not a place for the console; write auto"),
    (["--console", "7", "--headless"], "--console 7 puts the console on a display, but "
                                       "--headless opens no window; drop --headless"),
])
def test_play_refuses_in_one_line_and_logs_it(tmp_path, capsys, flags, words):
    log = tmp_path / "s.jsonl"
    assert main(["play", CONFIG, "--length", "1m", "--log", str(log), *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith("driftlight: error: ") and words in err
    assert err.count("\n") == 1 and "usage:" not in err
    got = read_log(log)
    assert got[-2]["event"] == "error" and words in got[-2]["message"]
    assert got[-1]["outcome"] == "not_started" and got[-1]["reason"] == "invalid_input"


def test_no_display_at_all_is_said_so():
    with pytest.raises(UserError, match="display 1 is not connected; no display was found;"):
        preflight.check_display(1, [], "console", "choose one")


def test_preview_refuses_a_moment_after_the_end(capsys):
    assert main(["preview", CONFIG, "--at", "99h", "--no-sound"]) == 2
    err = capsys.readouterr().err
    assert "--at 99h is after the end of the session (45m)" in err and err.count("\n") == 1


def test_export_names_lr_for_a_side_by_side_headset_video(tmp_path, capsys):
    assert main(["export", CONFIG, "--projection", "360", "--stereo", "sbs",
                 "-o", str(tmp_path / "x.mp4")]) == 2
    assert "(side by side is lr here); choose lr" in capsys.readouterr().err
