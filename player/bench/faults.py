"""``driftlight bench faults``: every known way a session has been broken, done to a real one.

Each fault runs ``driftlight play --headless`` in a subprocess, as a clinic would run
it, with what the fault needs generated into a temporary folder: a plugin scene that
hangs, exits, raises ``KeyboardInterrupt``, returns complex or NaN pixels or leaks
memory (on screen, or in the warm-up 20 s before it shows); a stall (SIGSTOP, then
SIGCONT) with sound on; the terminal closing (SIGHUP); the log's folder deleted, its
file-size limit reached, the same ``--log`` given to two sessions; a 2-hour WAV in a
phase; and configs with ``.nan``, a 400-digit number or a phase without length that
``check`` must refuse. Per fault it prints whether the session ended on time
(±0.5 s), its exit code, whether the log has its ``end`` event and names the fault,
and the longest frame-thread stall (the ``end`` event's largest frame interval).

Goals: every session survives and ends on time with exit 0 and an end event, each
fault is logged by name, no stall over 100 ms (the stall of the SIGSTOP itself aside),
and the 2-hour WAV adds at most 3 s to start-up and 100 MB to the resident size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.bench._verdict import verdict
from player.sessionlog import read_log

HELP = "inject every known fault into real headless sessions: do they survive and end on time?"
LENGTH_S = 10.0
GOAL_END_S = 0.5
GOAL_STALL_MS = 100.0
GOAL_WAV_STARTUP_S = 3.0
GOAL_WAV_RSS_MB = 100.0
WAV_HOURS = 2.0
FSIZE_LIMIT = 6000       # bytes a log file may grow to in the full-disk fault

# -- plugin scenes that misbehave ------------------------------------------------------------

PLUGIN = '''
import os, sys, time
import numpy as np
from scenes.base import Scene
from scenes.registry import register

_LEAK = []


@register
class Faulty(Scene):
    name = "faulty"
    description = "a plugin scene that misbehaves: {what}"

    def render(self, t, grid):
        first = not getattr(self, "_seen", False)
        self._seen = True
{body}
        return np.full((*grid.shape, 3), 0.35, dtype=np.float32)
'''

SCENE_FAULTS: dict[str, tuple[str, str, str]] = {
    # name: (what, body of render, reason tag the log must show; "" for none at all)
    "baseline_plugin": ("nothing: the baseline", "pass", ""),
    "hang_sleep": ("sleeps in render", "if t > 2: time.sleep(1000)", "hang"),
    "hang_busy": ("a busy loop in render", "while t > 2: pass", "hang"),
    "hang_warmup": ("hangs in its warm-up render", "if first: time.sleep(1000)", "hang"),
    "sys_exit_0": ("sys.exit(0)", "if t > 2: sys.exit(0)", "exit"),
    "sys_exit_msg": ("sys.exit('msg')", "if t > 2: sys.exit('the plugin quits')", "exit"),
    "os_exit": ("os._exit(0)", "if t > 2: os._exit(0)", "exit"),
    "keyboard_interrupt": ("KeyboardInterrupt", "if t > 2: raise KeyboardInterrupt",
                           "exit"),
    "exit_warmup": ("sys.exit in its warm-up render", "if first: sys.exit(0)", "exit"),
    "complex": ("complex pixels", "if t > 2: return np.ones((*grid.shape, 3)) * 1j",
                "bad_frame"),
    "nan": ("NaN pixels", "if t > 2: return np.full((*grid.shape, 3), np.nan, np.float32)",
            "bad_frame"),
    "one_off": ("one exception", "if 2 < t < 2.1: raise RuntimeError('just once')", "raise"),
    "warmup_error": ("an exception in its warm-up render",
                     "if first: raise RuntimeError('cold start')", "raise"),
    "memory_leak": ("leaks 50 MB a frame", "_LEAK.append(np.ones(50 * 2**18, np.float32))",
                    "memory"),
}
WARMUP = {"hang_warmup", "exit_warmup", "warmup_error"}

CONFIG = '''
session: {{playlist: p, fade_in: 3s, fade_out: 3s}}
audio: {{enabled: {audio}}}
playlists:
  p:
    phases:
{phases}
'''


def plugin_source(name: str) -> str:
    what, body, _ = SCENE_FAULTS[name]
    return PLUGIN.format(what=what, body=textwrap.indent(body, " " * 8))


def scene_config(name: str) -> str:
    """A plugin on screen from the start, or (warm-up faults) after 4 s of a built-in."""
    if name in WARMUP:
        phases = ("      - {name: before, scene: sunrise, duration: 4s, transition: 2s}\n"
                  "      - {name: plugin, scene: faulty, weight: 1, transition: 2s}")
    else:
        phases = "      - {name: plugin, scene: faulty, weight: 1}"
    return CONFIG.format(audio="false", phases=phases)


# -- running one session -----------------------------------------------------------------------

@dataclass
class Result:
    fault: str
    exit_code: int | None = None
    end_error_s: float | None = None
    end_event: bool = False
    logged: bool = False
    stall_ms: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def on_time(self) -> bool:
        return self.end_error_s is not None and abs(self.end_error_s) <= GOAL_END_S


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
            "PYGAME_HIDE_SUPPORT_PROMPT": "1", "DRIFTLIGHT_SHORT_SESSIONS": "1",
            **(extra or {})}


def play_cmd(config: Path, log: Path, length: float, *extra: str) -> list[str]:
    return [sys.executable, "-m", "player", "play", str(config), "--headless", "--length",
            f"{length}s", "--log", str(log), *extra]


def run_session(cmd: list[str], *, env: dict[str, str] | None = None,
                during: Callable[[subprocess.Popen, float], float | None] | None = None,
                preexec: Callable[[], None] | None = None, timeout: float = 90.0
                ) -> tuple[int | None, float, float | None, str]:
    """Run ``cmd``; ``during(proc, launched)`` may act on it and return the wall time at
    which the session should end. Returns (exit code, exit time, expected end, stderr)."""
    launched = time.time()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=err,
                                preexec_fn=preexec)
        expected = during(proc, launched) if during is not None else None
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        exited = time.time()
        err.seek(0)
        return code, exited, expected, err.read().decode("utf-8", "replace")


def final_events(folder: Path, stem: str = "s") -> list[dict[str, Any]]:
    """The events of the file a session ended in (the log may have moved)."""
    files = sorted(folder.glob(f"{stem}*.jsonl"), key=lambda p: p.stat().st_mtime)
    for path in reversed(files):
        events = read_log(path)
        if any(e.get("event") == "end" for e in events):
            return events
    return read_log(files[-1]) if files else []


def judge(result: Result, code: int | None, exited: float, expected: float | None,
          events: list[dict[str, Any]], length: float) -> None:
    result.exit_code = code
    end = next((e for e in reversed(events) if e.get("event") == "end"), None)
    result.end_event = end is not None
    if end is not None:
        stats = end.get("stats") or {}
        result.stall_ms = stats.get("max_ms")
        first = end.get("first_frame_unix")
        if expected is None and isinstance(first, (int, float)):
            expected = first + length
    if expected is not None:
        result.end_error_s = round(exited - expected, 3)


def scene_fault(name: str, tmp: Path, length: float) -> Result:
    plugin = tmp / f"{name}.py"
    plugin.write_text(plugin_source(name))
    config = tmp / f"{name}.yaml"
    config.write_text(scene_config(name))
    log = tmp / name / "s.jsonl"
    env = _env({"DRIFTLIGHT_PLUGIN_MEMORY_MB": "200"}) if name == "memory_leak" else None
    code, exited, expected, _ = run_session(play_cmd(config, log, length, "--plugin",
                                                     str(plugin)), env=env)
    events = final_events(log.parent)
    result = Result(name)
    judge(result, code, exited, expected, events, length)
    errors = [e for e in events if e.get("event") == "scene_error"
              and e.get("scene") == "faulty"]
    if not SCENE_FAULTS[name][2]:            # the baseline: nothing to log
        result.logged = not errors
        result.note = "no scene_error" if not errors else str(errors[0].get("error"))[:90]
        return result
    tag = f"[{SCENE_FAULTS[name][2]}]"
    result.logged = any(tag in str(e.get("error")) for e in errors)
    result.note = next((str(e.get("error"))[:90] for e in errors if tag in str(e.get("error"))),
                       f"no scene_error with {tag}")
    return result


def wait_started(log: Path, proc: subprocess.Popen, limit: float = 60.0) -> None:
    """Until the session shows its first phase (start-up takes a while on a busy machine)."""
    deadline = time.time() + limit
    while time.time() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError):
            if b'"event":"phase"' in log.read_bytes():
                return
        time.sleep(0.05)


def _signal_after(sig: int, delay: float, log: Path
                  ) -> Callable[[subprocess.Popen, float], float | None]:
    def act(proc: subprocess.Popen, launched: float) -> float | None:
        wait_started(log, proc)
        time.sleep(delay)
        sent = time.time()
        proc.send_signal(sig)
        from player.session import SIGNAL_END_FADE_S

        return sent + SIGNAL_END_FADE_S
    return act


def demo_config(tmp: Path, audio: bool) -> Path:
    path = tmp / f"demo-{audio}.yaml"
    path.write_text(CONFIG.format(audio="true" if audio else "false", phases=(
        "      - {name: dawn, scene: sunrise, weight: 1, transition: 3s}\n"
        "      - {name: sea, scene: ocean, weight: 1, transition: 3s}")))
    return path


def sighup(tmp: Path, length: float) -> Result:
    log = tmp / "sighup" / "s.jsonl"
    code, exited, expected, _ = run_session(play_cmd(demo_config(tmp, False), log, length),
                                            during=_signal_after(signal.SIGHUP, 3.0, log))
    events = final_events(log.parent)
    result = Result("sighup")
    judge(result, code, exited, expected, events, length)
    ending = [e for e in events if e.get("event") == "ending"]
    result.logged = any(e.get("reason") == "SIGHUP" for e in ending)
    result.note = "ending: SIGHUP" if result.logged else "no 'ending' with reason SIGHUP"
    return result


def sigstop(tmp: Path, length: float) -> Result:
    """A 3 s stall with sound on: the picture skips ahead and the sound must follow."""
    log = tmp / "sigstop" / "s.jsonl"

    def act(proc: subprocess.Popen, launched: float) -> float | None:
        wait_started(log, proc)
        time.sleep(3.0)
        proc.send_signal(signal.SIGSTOP)
        time.sleep(3.0)
        proc.send_signal(signal.SIGCONT)
        return None
    code, exited, expected, _ = run_session(play_cmd(demo_config(tmp, True), log, length),
                                            during=act)
    events = final_events(log.parent)
    result = Result("sigstop_sound")
    judge(result, code, exited, expected, events, length)
    stalls = [e for e in events if e.get("event") == "audio_resync"
              and abs(e.get("drift_s", 0)) > 2.0]
    result.logged = bool(stalls)
    result.note = (f"audio_resync, drift {stalls[0].get('drift_s')} s" if stalls
                   else "no audio_resync for the 3 s stall")
    result.stall_ms = None          # the stall is the fault itself
    return result


def log_folder_deleted(tmp: Path, length: float) -> Result:
    folder = tmp / "deleted"
    log = folder / "s.jsonl"

    def act(proc: subprocess.Popen, launched: float) -> float | None:
        wait_started(log, proc)
        time.sleep(3.0)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        return None
    code, exited, expected, err = run_session(play_cmd(demo_config(tmp, False), log, length),
                                              during=act)
    events = final_events(folder)
    result = Result("log_folder_deleted")
    judge(result, code, exited, expected, events, length)
    result.logged = (any(e.get("event") == "log_moved" for e in events)
                     and "continuing in" in err and events[:1] != []
                     and events[0].get("event") == "session_start")
    result.note = "warned; new file starts with session_start" if result.logged else err[-90:]
    return result


def log_disk_full(tmp: Path, length: float) -> Result:
    """A file-size limit stands in for a full disk: writes stop mid-line. The log already
    holds an earlier session, so that this one's first event still fits and the second
    does not (the file it moves to starts empty)."""
    folder = tmp / "full"
    log = folder / "s.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    old = json.dumps({"event": "note", "time": "2026-01-01T00:00:00+0000", "text": "x" * 80})
    log.write_text((old + "\n") * ((FSIZE_LIMIT - 700) // (len(old) + 1)))

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))
    code, exited, expected, err = run_session(play_cmd(demo_config(tmp, False), log, length),
                                              preexec=limit)
    events = final_events(folder)
    result = Result("log_disk_full")
    judge(result, code, exited, expected, events, length)
    report = subprocess.run([sys.executable, "-m", "player", "report", str(
        sorted(folder.glob("s*.jsonl"), key=lambda p: p.stat().st_mtime)[-1])],
        capture_output=True, text=True, env=_env(), timeout=60)
    result.logged = (any(e.get("event") == "log_moved" for e in events)
                     and report.returncode == 0)
    result.note = ("moved; report reads the new file" if result.logged
                   else (err + report.stderr)[-90:])
    return result


def log_shared(tmp: Path, length: float) -> Result:
    folder = tmp / "shared"
    log = folder / "s.jsonl"
    second: dict[str, Any] = {}

    def act(proc: subprocess.Popen, launched: float) -> float | None:
        deadline = time.time() + 20
        while time.time() < deadline and not (log.exists() and b"phase" in log.read_bytes()):
            time.sleep(0.05)
        res = subprocess.run(play_cmd(demo_config(tmp, False), log, length),
                             capture_output=True, text=True, env=_env(), timeout=60)
        second.update(code=res.returncode, err=res.stderr.strip())
        return None
    code, exited, expected, _ = run_session(play_cmd(demo_config(tmp, False), log, length),
                                            during=act)
    events = read_log(log)
    result = Result("log_shared")
    judge(result, code, exited, expected, events, length)
    starts = sum(1 for e in events if e.get("event") == "session_start")
    result.logged = second.get("code") == 2 and starts == 1
    result.note = f"second session: exit {second.get('code')}: {second.get('err', '')[-60:]}"
    return result


def write_long_wav(path: Path, hours: float, rate: int = 44100) -> None:
    """A WAV of ``hours`` (16-bit stereo): a minute of soft noise at the start and at
    the middle, silence elsewhere as a sparse file (nothing is written for it)."""
    import numpy as np

    frames = int(hours * 3600 * rate)
    data = frames * 4
    header = (b"RIFF" + (36 + data).to_bytes(4, "little") + b"WAVEfmt "
              + (16).to_bytes(4, "little") + (1).to_bytes(2, "little")
              + (2).to_bytes(2, "little") + rate.to_bytes(4, "little")
              + (rate * 4).to_bytes(4, "little") + (4).to_bytes(2, "little")
              + (16).to_bytes(2, "little") + b"data" + data.to_bytes(4, "little"))
    noise = (np.random.default_rng(1).standard_normal((60 * rate, 2)) * 2000).astype("<i2")
    with open(path, "wb") as fh:
        fh.write(header)
        fh.write(noise.tobytes())
        fh.seek(44 + (frames // 2) * 4)
        fh.write(noise.tobytes())
        fh.truncate(44 + data)


def long_wav(tmp: Path, length: float) -> Result:
    """Start-up time and resident size with a 2-hour WAV in a phase, against the same
    session without it; a skip into the file's phase must not stall the frames."""
    wav = tmp / "long.wav"
    write_long_wav(wav, WAV_HOURS)
    runs: dict[str, dict[str, Any]] = {}
    for label, audio in (("without", "{layers: [drone]}"),
                         ("with", "{file: long.wav, loop: false}")):
        config = tmp / f"wav-{label}.yaml"
        config.write_text(CONFIG.format(audio="true", phases=(
            "      - {name: a, scene: sunrise, weight: 1, transition: 3s}\n"
            f"      - {{name: b, scene: ocean, weight: 1, transition: 3s, audio: {audio}}}")))
        log = tmp / f"wav-{label}" / "s.jsonl"
        peak: dict[str, float] = {}

        def act(proc: subprocess.Popen, launched: float, peak: dict = peak) -> None:
            while proc.poll() is None:
                rss = _rss_mb(proc.pid)
                if rss is not None:
                    peak["rss"] = max(peak.get("rss", 0.0), rss)
                time.sleep(0.05)
            return None
        launched = time.time()
        code, exited, expected, err = run_session(play_cmd(config, log, length), during=act)
        events = read_log(log)
        end: dict[str, Any] = next(
            (e for e in reversed(events) if e.get("event") == "end"), {})
        runs[label] = {"code": code, "startup_s": (end.get("first_frame_unix") or exited)
                       - launched, "rss_mb": peak.get("rss"), "events": events,
                       "exited": exited, "err": err}
    w, wo = runs["with"], runs["without"]
    result = Result(f"wav_{WAV_HOURS:g}h")
    judge(result, w["code"], w["exited"], None, w["events"], length)
    if wo["code"] != 0:
        result.note = f"the session without the file failed: {wo['err'][-80:]}"
        return result
    result.extra = {"startup_added_s": round(w["startup_s"] - wo["startup_s"], 3),
                    "rss_added_mb": round((w["rss_mb"] or 0) - (wo["rss_mb"] or 0), 1),
                    "startup_s": {k: round(v["startup_s"], 3) for k, v in runs.items()},
                    "peak_rss_mb": {k: v["rss_mb"] and round(v["rss_mb"], 1)
                                    for k, v in runs.items()}}
    problems = [e.get("event") for e in w["events"] if e.get("event") in (
        "audio_file_failed", "audio_layer_failed", "audio_error", "audio_unavailable")]
    result.logged = not problems
    result.note = (f"start-up {result.extra['startup_added_s']:+.2f} s, resident "
                   f"{result.extra['rss_added_mb']:+.1f} MB"
                   + (f"; {problems}" if problems else ""))
    return result


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


BAD_CONFIGS = {
    "check_nan_layer": "      - {name: a, scene: sunrise, weight: 1, audio: {layers: "
                       "[{layer: drone, params: {root: .nan}}]}}",
    "check_huge_number": "      - {name: a, scene: sunrise, weight: 1" + "0" * 400 + "}",
    "check_transition_only": "      - {name: a, scene: sunrise, weight: 1}\n"
                             "      - {name: b, scene: ocean, transition: 5s}",
}


def bad_config(name: str, tmp: Path) -> Result:
    config = tmp / f"{name}.yaml"
    config.write_text(CONFIG.format(audio="true", phases=BAD_CONFIGS[name]))
    res = subprocess.run([sys.executable, "-m", "player", "check", str(config), "--length",
                          "10m"], capture_output=True, text=True, env=_env(), timeout=60)
    result = Result(name, exit_code=res.returncode, end_event=True, end_error_s=0.0)
    result.logged = (res.returncode == 2 and ": error: " in res.stderr
                     and "Traceback" not in res.stderr)
    result.note = res.stderr.strip().splitlines()[0][-90:] if res.stderr.strip() else ""
    return result


SESSION_FAULTS: dict[str, Callable[[Path, float], Result]] = {
    "sighup": sighup, "sigstop_sound": sigstop, "log_folder_deleted": log_folder_deleted,
    "log_disk_full": log_disk_full, "log_shared": log_shared, "long_wav": long_wav,
}


def all_faults() -> list[str]:
    return [*SCENE_FAULTS, *SESSION_FAULTS, *BAD_CONFIGS]


def run_fault(name: str, tmp: Path, length: float = LENGTH_S) -> Result:
    if name in SCENE_FAULTS:
        return scene_fault(name, tmp, length)
    if name in SESSION_FAULTS:
        return SESSION_FAULTS[name](tmp, length)
    return bad_config(name, tmp)


# -- the command -------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", action="append", metavar="FAULT", choices=all_faults(),
                        help="run only this fault (repeatable); default: all of them")
    parser.add_argument("--length", type=float, default=LENGTH_S, help="session seconds")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    names = args.only or all_faults()
    results = []
    with tempfile.TemporaryDirectory(prefix="driftlight-faults-") as tmp:
        for name in names:
            if not args.json:
                print(f"  {name} …", end="", flush=True, file=sys.stderr)
            results.append(run_fault(name, Path(tmp), args.length))
            if not args.json:
                print("\r", end="", file=sys.stderr)
    sessions = [r for r in results if not r.fault.startswith("check_")]
    stalls = [r.stall_ms for r in sessions if r.stall_ms is not None]
    base = next((r.stall_ms for r in results if r.fault == "baseline_plugin"), None)
    wav = next((r for r in results if r.fault.startswith("wav_")), None)
    goals = {
        "every session exits 0": all(r.exit_code == 0 for r in sessions),
        "every session ends on time (±0.5 s)": all(r.on_time for r in sessions),
        "every session has its end event": all(r.end_event for r in sessions),
        "every fault is logged by name (configs: refused, exit 2)": all(
            r.logged for r in results),
        "no frame-thread stall over 100 ms": all(s <= GOAL_STALL_MS for s in stalls),
    }
    if wav is not None:
        goals["2-hour WAV: start-up +3 s at most"] = (
            wav.extra.get("startup_added_s", 99) <= GOAL_WAV_STARTUP_S)
        goals["2-hour WAV: resident +100 MB at most"] = (
            wav.extra.get("rss_added_mb", 1e9) <= GOAL_WAV_RSS_MB)
    rows = [f"{'fault':<22} {'on time':>8} {'exit':>4} {'end':>4} {'logged':>6} "
            f"{'stall':>8}  note"]
    for r in results:
        rows.append(f"{r.fault:<22} {_show(r.end_error_s, '+.2f', 's'):>8} "
                    f"{'-' if r.exit_code is None else r.exit_code:>4} "
                    f"{'yes' if r.end_event else 'NO':>4} {'yes' if r.logged else 'NO':>6} "
                    f"{_show(r.stall_ms, '.0f', ' ms'):>8}  {r.note}")
    data = {"results": [{**r.__dict__, "on_time": r.on_time} for r in results]}
    if base is not None and stalls:
        rows.append(f"longest stall {max(stalls):.0f} ms; the baseline (a plugin that does "
                    f"nothing wrong) {base:.0f} ms on this machine")
    return verdict(json.loads(json.dumps(data, default=str)), goals, args.json, rows)


def _show(value: float | None, fmt: str, unit: str) -> str:
    return "-" if value is None else f"{value:{fmt}}{unit}"
