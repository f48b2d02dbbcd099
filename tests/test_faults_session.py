"""Faults of the process, its sound and its log, done to real headless sessions.

Each test runs one fault of ``driftlight bench faults`` (a subprocess ``play``, real
clock): the session ends on time with exit 0 and an end event, and the log shows what
happened by name.
"""

from __future__ import annotations

import sys

import pytest

from player.bench import faults

LENGTH_S = 10.0


def check(result: faults.Result) -> None:
    assert result.exit_code == 0, result
    assert result.end_event, result
    assert result.end_error_s is not None and abs(result.end_error_s) < 1.5, result
    assert result.logged, result


def test_sighup_fades_out_and_logs_the_end(tmp_path):
    check(faults.run_fault("sighup", tmp_path, LENGTH_S))


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGSTOP")
def test_after_a_stall_the_sound_catches_up_with_the_picture(tmp_path):
    result = faults.run_fault("sigstop_sound", tmp_path, LENGTH_S)
    check(result)
    drift = float(result.note.split("drift ")[1].split()[0])
    assert -3.5 < drift < -2.5, result                       # the sound was 3 s behind


def test_a_deleted_log_folder_is_recreated_with_a_warning(tmp_path):
    check(faults.run_fault("log_folder_deleted", tmp_path, LENGTH_S))


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_FSIZE")
def test_a_full_disk_moves_the_log_and_report_reads_the_new_file(tmp_path):
    check(faults.run_fault("log_disk_full", tmp_path, LENGTH_S))


def test_a_second_session_on_the_same_log_is_refused(tmp_path):
    check(faults.run_fault("log_shared", tmp_path, LENGTH_S))


def test_a_two_hour_wav_starts_fast_and_stays_small(tmp_path):
    result = faults.run_fault("long_wav", tmp_path, LENGTH_S)
    check(result)
    assert result.extra["startup_added_s"] < 3.0, result    # generous on a shared machine
    assert result.extra["rss_added_mb"] < 150, result


@pytest.mark.parametrize("name", list(faults.BAD_CONFIGS))
def test_check_refuses_bad_numbers_and_a_phase_without_length(name, tmp_path):
    result = faults.run_fault(name, tmp_path)
    assert result.exit_code == 2 and result.logged, result


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGHUP")
def test_a_signal_during_start_up_still_ends_with_a_fade_and_an_end_event(tmp_path):
    import signal
    import subprocess
    import time

    from player.sessionlog import read_log

    log = tmp_path / "s.jsonl"
    proc = subprocess.Popen(faults.play_cmd(faults.demo_config(tmp_path, False), log, 20.0),
                            env=faults._env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not log.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGHUP)               # the log exists: not yet the first frame
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    events = read_log(log)
    assert [e["reason"] for e in events if e["event"] == "ending"] == ["SIGHUP"]
    assert events[-1]["event"] == "end" and events[-1]["outcome"] == "ended_early"
