"""``driftlight bench history``: the history index on a clinic's worth of session logs.

Writes ``--sessions`` (10,000) generated logs — shaped like real ones: a start with
its schedule and versions, phases, check-ins, pauses, skips, brightness changes,
notes, the profile's changes, an end with frame statistics — for ``--clients``
clients, plus a foreign and a damaged file. Then times, on that folder:

- rebuilding the index from every log (goal ≤ 20 s);
- one client's history: bring the index up to date (a scan of the whole folder),
  read their sessions and render both the table and the HTML page with its charts
  (goal ≤ 0.5 s, the slowest of ``--repeat`` clients).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from player.bench._verdict import verdict
from player.clients.history_index import HistoryIndex
from player.clients.history_page import render_page
from player.clients.history_text import as_table

HELP = "history index: rebuild from 10,000 generated logs; one client's history and page"
GOAL_REBUILD_S = 20.0
GOAL_CLIENT_S = 0.5

PLAYLISTS = {"ketamine-45": ["arrival", "onset", "peak", "return", "integration"],
             "short-session": ["arrival", "drift", "settle"],
             "integration": ["warm room", "rain", "night sky"],
             "breathing": ["settle in", "breathe", "rest"]}
NOTES = ["tearful in the return, settled by the end", "asked for the sound lower",
         "slept through most of the peak", "talked about family afterwards",
         "restless at onset; dimmed the screen", "very calm, wants the same next time"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=10_000, help="logs to generate")
    parser.add_argument("--clients", type=int, default=400, help="clients they belong to")
    parser.add_argument("--repeat", type=int, default=5, help="clients whose history is timed")
    parser.add_argument("--json", action="store_true")


def write_logs(folder: Path, sessions: int, clients: int, seed: int = 1) -> list[str]:
    """Generate ``sessions`` logs in ``folder``; returns the client codes, busiest first."""
    rng = random.Random(seed)
    codes = [f"K-{i:04d}" for i in range(1, clients + 1)]
    count = dict.fromkeys(codes, 0)
    day0 = time.mktime((2025, 1, 6, 9, 0, 0, 0, 0, -1))
    for n in range(sessions):
        code = codes[min(int(rng.expovariate(4 / clients)), clients - 1)]
        count[code] += 1
        start = day0 + n * 3 * 3600 + rng.randrange(0, 3600)
        name = f"session-{time.strftime('%Y%m%d-%H%M%S', time.localtime(start))}-{n}.jsonl"
        (folder / name).write_text(_log(rng, code, count[code], start), encoding="utf-8")
    (folder / "README.txt").write_text("a file someone left here\n", encoding="utf-8")
    (folder / "session-damaged.jsonl").write_bytes(b"\x00\x9f garbage \xff" * 40)
    return sorted(codes, key=lambda c: -count[c])


def _log(rng: random.Random, code: str, number: int, start: float) -> str:
    playlist = rng.choice(list(PLAYLISTS))
    phases = PLAYLISTS[playlist]
    length = rng.choice([20, 30, 45, 50, 60]) * 60.0
    early = rng.random() < 0.1
    played = length * (rng.uniform(0.3, 0.9) if early else 1.0)

    def at(t: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(start + t))

    def line(kind: str, when: float, /, **data: object) -> str:
        return json.dumps({"event": kind, "time": at(when), **data}, separators=(",", ":"))

    step = length / len(phases)
    schedule = [{"name": p, "start_s": i * step, "end_s": (i + 1) * step, "scenes": ["aurora"]}
                for i, p in enumerate(phases)]
    out = [line("personalised", 0, client=code, course_session=number if number <= 6 else None,
                course_size=6, changes=[{"what": "scene", "detail": "ocean → forest_rays: "
                                         "ocean is avoided (water family)", "phase": "return"}]),
           line("checkin", 0, when="before", rating=rng.randint(1, 6)),
           line("session_start", 0, playlist=playlist, length_s=length, seed=number,
                schedule=schedule, display=[1920, 1080], internal=[480, 270],
                versions={"driftlight": "0.1.0", "python": "3.11.7", "pygame": "2.5.2"},
                config="config.yaml", config_sha256="0" * 64, client=code, locked=False),
           line("audio_started", 0, t=0.0, ahead_s=0.3)]
    for i, p in enumerate(phases):
        if i * step < played:
            out.append(line("phase", i * step, index=i, name=p, t=i * step, scenes=["aurora"]))
    for _ in range(rng.choice([0, 0, 1, 2])):
        t = rng.uniform(0, played)
        out += [line("pause", t, t=t), line("resume", t + 40, t=t, paused_s=40.0)]
    for _ in range(rng.choice([0, 0, 0, 1])):
        t = rng.uniform(0, played)
        out += [line("skip", t, t=t, applied=True), line("brightness", t, t=t, level=0.8)]
    out.append(line("end", played, outcome="ended_early" if early else "completed",
                    reason="therapist" if early else "timeline_ended", elapsed_s=played,
                    session_t=played, length_s=length, frames=int(played * 60),
                    stats={"frames": int(played * 60), "p50_ms": 16.66, "p99_ms": 16.9,
                           "max_ms": 21.0, "missed": 0}, audio_underruns=0))
    out.append(line("checkin", played, when="after", rating=rng.randint(4, 10)))
    if rng.random() < 0.4:
        out.append(line("note", played + 60, text=rng.choice(NOTES)))
    return "\n".join(out) + "\n"


def client_history(folder: Path, code: str) -> tuple[float, int]:
    """Seconds to bring the index up to date, read ``code``'s rows and render both views."""
    began = time.perf_counter()
    with HistoryIndex(folder) as index:
        index.sync()
        rows = index.rows(code)
    as_table(rows)
    render_page(rows, f"Sessions of {code}", "bench")
    return time.perf_counter() - began, len(rows)


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="driftlight-history-") as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        codes = write_logs(folder, args.sessions, args.clients)
        written = time.perf_counter() - began
        began = time.perf_counter()
        with HistoryIndex(folder) as index:
            result = index.rebuild()
            indexed = len(index.rows())
        rebuild = time.perf_counter() - began
        timed = [client_history(folder, code) for code in codes[:args.repeat]]
    worst = max(t for t, _ in timed)
    data = {"sessions": args.sessions, "clients": args.clients, "indexed": indexed,
            "skipped": [s.file for s in result.skipped], "write_s": round(written, 2),
            "rebuild_s": round(rebuild, 3),
            "client_s": {"median": round(statistics.median(t for t, _ in timed), 4),
                         "max": round(worst, 4)},
            "client_sessions": [n for _, n in timed]}
    goals = {f"rebuild of {args.sessions} logs ≤ {GOAL_REBUILD_S:g} s": rebuild <= GOAL_REBUILD_S,
             f"one client's history and page ≤ {GOAL_CLIENT_S:g} s": worst <= GOAL_CLIENT_S}
    lines = [f"{args.sessions} logs of {args.clients} clients written in {written:.1f} s; "
             f"{indexed} sessions indexed, skipped: {', '.join(data['skipped']) or 'none'}",
             f"rebuild                   {rebuild:.2f} s",
             f"one client (busiest {args.repeat}, {min(data['client_sessions'])}–"
             f"{max(data['client_sessions'])} sessions each): median "
             f"{data['client_s']['median'] * 1000:.0f} ms, max {worst * 1000:.0f} ms"]
    return verdict(data, goals, args.json, lines)
