"""``play`` and the sound device: none is said in one line before the session and in the
log, the audio library's own noise stays off the terminal, and --no-sound is silence
on purpose. The end says how the session went and where its log is."""

from __future__ import annotations

import os
from pathlib import Path

from player.cli import main
from player.sessionlog import read_log

ANY_LENGTH = str(Path(__file__).parent / "configs" / "valid" / "any-length.yaml")


def play(tmp_path, *extra: str) -> int:
    return main(["play", ANY_LENGTH, "--headless", "--length", "2s",
                 "--log", str(tmp_path / "s.jsonl"), *extra])


def test_no_sound_device_is_one_line_before_the_start_and_in_the_log(tmp_path, capfd,
                                                                     monkeypatch):
    import pygame

    def no_device(*args, **kwargs):        # what SDL does on a PC without a sound card
        os.write(2, b"ALSA lib pcm.c:2664:(snd_pcm_open_noupdate) Unknown PCM default\n")
        raise pygame.error("ALSA: Couldn't open audio device: No such file or directory")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    assert play(tmp_path) == 0
    out, err = capfd.readouterr()
    (warning,) = [line for line in err.splitlines() if line.strip()]
    assert warning.startswith("driftlight: warning: no sound device (ALSA: Couldn't open")
    assert "--no-sound" in warning and "ALSA lib" not in err
    log = read_log(tmp_path / "s.jsonl")
    start = next(e for e in log if e["event"] == "session_start")
    assert start["sound"].startswith("none (ALSA: Couldn't open")
    (unavailable,) = [e for e in log if e["event"] == "audio_unavailable"]
    assert "Unknown PCM default" in unavailable["driver_output"]   # for the IT person
    assert log[-1]["outcome"] == "completed"
    assert out.strip().splitlines()[-1] == (f"driftlight: session completed (0:00:02); "
                                            f"log: {tmp_path / 's.jsonl'}")


def test_no_sound_on_purpose_says_nothing_and_logs_it(tmp_path, capfd):
    assert play(tmp_path, "--no-sound") == 0
    _, err = capfd.readouterr()
    assert "warning" not in err
    log = read_log(tmp_path / "s.jsonl")
    assert log[0]["sound"] == "off (--no-sound)"
    assert not [e for e in log if e["event"].startswith("audio_")]


def test_with_a_sound_device_nothing_is_said(tmp_path, capfd):
    assert play(tmp_path) == 0                    # SDL's dummy audio driver opens
    _, err = capfd.readouterr()
    assert err == ""
    log = read_log(tmp_path / "s.jsonl")
    assert "sound" not in log[0]
    assert log[0]["display_index"] is None        # headless: no display asked for or used
    assert [e["event"] for e in log if e["event"].startswith("audio_")][:1] == ["audio_started"]


def test_checkin_before_and_after_is_logged(tmp_path, monkeypatch):
    import player.commands.play as play_cmd

    asked: list[str] = []

    def rating(window, overlay, when, should_stop, **where):   # where: screen, places
        asked.append(when)
        return {"before": 3, "after": 8}[when]

    monkeypatch.setattr(play_cmd, "ask_rating", rating)
    assert play(tmp_path, "--checkin") == 0
    log = read_log(tmp_path / "s.jsonl")
    assert asked == ["before", "after"]
    assert [(e["when"], e["rating"]) for e in log if e["event"] == "checkin"] == [
        ("before", 3), ("after", 8)]
