"""End to end: ``driftlight play --headless`` as a user (or CI) would run it."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player.sessionlog import read_log

# The shipped playlists need minutes; these tests play a few seconds of one that fits.
ANY_LENGTH = str(Path(__file__).parent / "configs" / "valid" / "any-length.yaml")
ROOT = str(Path(__file__).resolve().parents[1])
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": ROOT}


def driftlight(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "player", *args], capture_output=True,
                          text=True, env=ENV, timeout=timeout)


def test_headless_session_plays_to_the_end_and_logs_it(tmp_path):
    log = tmp_path / "s.jsonl"
    res = driftlight("play", ANY_LENGTH, "--headless", "--length", "3s", "--log", str(log))
    assert res.returncode == 0, res.stderr
    lines = log.read_text().splitlines()
    events = [json.loads(line) for line in lines]          # every line is valid JSON
    kinds = [e["event"] for e in events]
    assert kinds[0] == "session_start" and kinds[-1] == "end"
    assert "phase" in kinds
    start, end = events[0], events[-1]
    assert start["length_s"] == 3.0 and start["seed"] == 1
    assert {"driftlight", "python", "pygame"} <= set(start["versions"])
    assert end["outcome"] == "completed"
    assert abs(end["session_t"] - 3.0) < 0.5
    assert end["stats"]["frames"] > 30
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_sigterm_fades_out_and_is_logged_as_ended_early(tmp_path):
    log = tmp_path / "s.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "player", "play", ANY_LENGTH, "--headless",
                             "--length", "60s", "--log", str(log)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while time.time() < deadline and "phase" not in (log.read_text() if log.exists() else ""):
        time.sleep(0.1)
    sent = time.time()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    took = time.time() - sent
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    end = read_log(log)[-1]
    assert end["event"] == "end" and end["outcome"] == "ended_early"
    assert end["reason"] == "SIGTERM"
    assert 1.5 <= took < 6          # it faded out over about 2 s rather than cutting


@pytest.mark.parametrize("args, message", [
    (["--playlist", "nope"], "unknown playlist 'nope'"),
    (["--length", "abc"], "'abc' is not a duration"),
    (["--length", "0"], "longer than zero"),
    (["--length", "-5m"], "longer than zero"),
    (["missing.yaml"], "config file not found"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, args, message):
    res = driftlight("play", "--headless", "--log", str(tmp_path / "s.jsonl"), *args)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    events = read_log(tmp_path / "s.jsonl")
    assert events[-1]["outcome"] == "not_started"


def test_unreadable_config(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_bytes(b"\xff\xfe\x00garbage")
    res = driftlight("play", str(cfg), "--headless", "--log", str(tmp_path / "s.jsonl"))
    assert res.returncode == 2
    assert str(cfg) in res.stderr and "Traceback" not in res.stderr


def test_python_dash_m_is_the_same_program():
    a = driftlight("--help")
    b = subprocess.run([sys.executable, "-c", "import sys; from player.cli import main; "
                        "sys.argv[0]='driftlight'; sys.exit(main(['--help']))"],
                       capture_output=True, text=True, env=ENV)
    assert a.returncode == b.returncode == 0
    assert "play" in a.stdout and a.stdout.split("\n", 1)[1] == b.stdout.split("\n", 1)[1]


def test_log_default_location_is_the_user_data_folder_and_the_end_says_so(tmp_path):
    data = tmp_path / "data"
    env = {**ENV, "XDG_DATA_HOME": str(data)}
    res = subprocess.run([sys.executable, "-m", "player", "play", ANY_LENGTH, "--headless",
                          "--length", "1s"], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=60)
    assert res.returncode == 0, res.stderr
    logs = list((data / "driftlight" / "sessions").glob("session-*.jsonl"))
    assert len(logs) == 1
    assert not (tmp_path / "sessions").exists()          # not the current folder
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("driftlight: session completed (0:00:01)")
    assert last.endswith(f"log: {logs[0]}")
    report = subprocess.run([sys.executable, "-m", "player", "report"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=60)
    assert report.returncode == 0, report.stderr     # no argument: the latest log
    assert report.stdout.startswith(f"log      {logs[0]}\n")
    assert "outcome  completed" in report.stdout


def test_preview_plays_the_whole_session_sped_up(tmp_path):
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "player", "preview", ANY_LENGTH, "--headless",
                          "--length", "10m", "--speed", "300"], capture_output=True, text=True,
                         env={**ENV, "XDG_DATA_HOME": str(tmp_path)}, cwd=tmp_path,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - start < 30          # 10 minutes of session, not 10 minutes
    assert not list(tmp_path.rglob("session-*.jsonl"))   # a preview writes no clinical log
    bad = driftlight("preview", ANY_LENGTH, "--speed", "0")
    assert bad.returncode == 2 and "--speed" in bad.stderr
