"""Test helpers for client profiles and the history: a config with a clients folder,
profiles, and session logs written through the real SessionLog, event by event."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from player.config import load_config
from player.sessionlog import SessionLog

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = ROOT / "config.yaml"


def clinic(tmp: Path, profiles: dict[str, str] | None = None) -> Path:
    """A copy of the shipped config in ``tmp`` with ``clients/CODE.yaml`` profiles;
    returns the config's path."""
    config = tmp / "config.yaml"
    config.write_text(SHIPPED_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp / "clients").mkdir(exist_ok=True)
    for code, text in (profiles or {}).items():
        (tmp / "clients" / f"{code}.yaml").write_text(text, encoding="utf-8")
    return config


def config_of(path: Path):
    return load_config(path)


def session_args(config: Path, client: str | None = None, playlist: str | None = None,
                 length: str | None = None, log: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(config=str(config), playlist=playlist, length=length, seed=None,
                              plugin=[], client=client, log=None if log is None else str(log))


def write_session(folder: Path, name: str, *, client: str | None, started: str,
                  playlist: str = "ketamine-45", length_s: float = 2700.0,
                  played_s: float | None = None, outcome: str = "completed",
                  reason: str = "timeline_ended", before: int | None = None,
                  after: int | None = None, notes: tuple[str, ...] = (), pauses: int = 0,
                  skips: int = 0, course_session: int | None = None,
                  end: bool = True) -> Path:
    """One session's log as ``play`` writes it (the times are given, not the clock's)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    log = SessionLog(path)
    if client is not None:
        log.event("personalised", client=client, course_session=course_session,
                  course_size=6, changes=[])
    if before is not None:
        log.event("checkin", when="before", rating=before)
    log.event("session_start", playlist=playlist, length_s=length_s, seed=1, schedule=[],
              client=client)
    log.event("phase", index=0, name="arrival", t=0.0, scenes=["sunrise"])
    for i in range(pauses):
        log.event("pause", t=10.0 * i)
        log.event("resume", t=10.0 * i, paused_s=5.0)
    for i in range(skips):
        log.event("skip", t=20.0 * i, applied=True)
    if end:
        log.event("end", outcome=outcome, reason=reason, elapsed_s=played_s or length_s,
                  session_t=played_s if played_s is not None else length_s,
                  length_s=length_s, stats={})
    if after is not None:
        log.event("checkin", when="after", rating=after)
    for text in notes:
        log.event("note", text=text)
    log.close()
    # the log stamps the wall-clock time; the history orders sessions by the start's
    # time, so give the start the one asked for
    lines = path.read_text(encoding="utf-8").splitlines()
    fixed = [_with_time(line, started) if '"event":"session_start"' in line else line
             for line in lines]
    path.write_text("\n".join(fixed) + "\n", encoding="utf-8")
    return path


def _with_time(line: str, started: str) -> str:
    event = json.loads(line)
    event["time"] = started
    return json.dumps(event, separators=(",", ":"))


def a_course(folder: Path, client: str = "K-017") -> None:
    """Eight sessions over three weeks: check-ins that mostly rise, one early end, notes."""
    days = ["02", "05", "09", "12", "16", "19", "23", "26"]
    befores = [3, 4, 2, 5, 4, 6, 5, 6]
    afters = [7, 5, 6, 8, 4, 8, None, 9]
    for i, day in enumerate(days):
        early = i == 4
        write_session(folder, f"session-202603{day}-100000.jsonl", client=client,
                      started=f"2026-03-{day}T10:00:00+0100",
                      playlist="short-session" if i == 0 else "ketamine-45",
                      length_s=1200.0 if i == 0 else 2700.0 + 300 * (i % 3),
                      played_s=1260.0 if early else None,
                      outcome="ended_early" if early else "completed",
                      reason="therapist" if early else "timeline_ended",
                      before=befores[i], after=afters[i], pauses=i % 3,
                      course_session=i + 1 if i < 6 else None,
                      notes=("restless at onset; ended after 21 minutes",) if early else
                      ("slept through most of the peak",) if i == 2 else ())
