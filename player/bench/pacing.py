"""``driftlight bench pacing``: our frame clock against pygame's, in one run.

The same loop — a synthetic render load of L ms, then wait, then "present" — is
paced by (a) driftlight's FrameClock, (b) ``pygame.time.Clock().tick(hz)`` and
(c) ``tick_busy_loop(hz)``. Present-to-present intervals and the process's CPU
time are measured identically for each.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

from player.clock import NS, FrameClock, IntervalStats

HELP = "frame pacing of driftlight's clock vs pygame.time.Clock (goal: steadier, cheap)"

GOAL_P99_ERR_MS = 0.5
GOAL_RATIO_TO_TICK = 0.25
GOAL_MEAN_ERR = 0.0005     # 0.05 % of the period
GOAL_WAIT_CPU = 15.0       # percent of one core spent waiting


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per pacer")
    parser.add_argument("--hz", type=float, default=60.0, help="frame rate")
    parser.add_argument("--load-ms", type=float, default=4.0,
                        help="synthetic render load per frame, in ms")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _spin(ms: float) -> None:
    end = time.perf_counter_ns() + int(ms * 1e6)
    while time.perf_counter_ns() < end:
        pass


def _measure(step: Callable[[], None], seconds: float, hz: float, load_ms: float) -> dict:
    period = round(NS / hz)
    stats = IntervalStats(period)
    frames = int(seconds * hz)
    step()  # settle
    last = time.perf_counter_ns()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(frames):
        _spin(load_ms)
        step()
        now = time.perf_counter_ns()
        stats.add(now - last)
        last = now
    cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0) * 100
    s = stats.summary()
    load_share = min(100.0, load_ms * hz / 10)
    return {"p50_ms": s.p50_ms, "p99_ms": s.p99_ms, "max_ms": round(s.max_ms, 3),
            "p99_abs_error_ms": s.p99_abs_error_ms,
            "mean_interval_ms": round(s.mean_ms, 5),
            "mean_error_percent": round(abs(s.mean_ms * 1e6 - period) / period * 100, 4),
            "cpu_percent": round(cpu, 1), "wait_cpu_percent": round(cpu - load_share, 1)}


def _pacers(hz: float) -> dict[str, Callable[[], Callable[[], None]]]:
    import pygame

    def ours() -> Callable[[], None]:
        clock = FrameClock(hz)
        clock.start()
        state = {"missed": 0}

        def step() -> None:
            clock.wait()
            clock.presented()
            clock.next_frame()
            state["missed"] = clock.missed
        step.clock = clock  # type: ignore[attr-defined]
        clock.next_frame()
        return step

    def tick() -> Callable[[], None]:
        c = pygame.time.Clock()
        return lambda: c.tick(hz)

    def busy() -> Callable[[], None]:
        c = pygame.time.Clock()
        return lambda: c.tick_busy_loop(hz)

    return {"driftlight": ours, "pygame_tick": tick, "pygame_busy": busy}


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    results = {}
    for name, make in _pacers(args.hz).items():
        step = make()
        res = _measure(step, args.seconds, args.hz, args.load_ms)
        clock = getattr(step, "clock", None)
        period_ms = 1000 / args.hz
        res["missed"] = clock.missed if clock else _missed_estimate(res, period_ms)
        results[name] = res
    ours, tick = results["driftlight"], results["pygame_tick"]
    goals = {
        "p99_abs_error_ms <= 0.5": ours["p99_abs_error_ms"] <= GOAL_P99_ERR_MS,
        "p99_abs_error_ms <= 1/4 of pygame_tick": ours["p99_abs_error_ms"]
        <= GOAL_RATIO_TO_TICK * tick["p99_abs_error_ms"],
        "mean interval within 0.05%": ours["mean_error_percent"] <= GOAL_MEAN_ERR * 100,
        "waiting <= 15% of a core": ours["wait_cpu_percent"] <= GOAL_WAIT_CPU,
    }
    if args.json:
        print(json.dumps({**results, "goals": goals}, indent=2))
    else:
        print(f"{args.hz:g} Hz, {args.load_ms:g} ms load, {args.seconds:g} s per pacer")
        cols = ("p50_ms", "p99_ms", "max_ms", "p99_abs_error_ms", "mean_interval_ms",
                "missed", "cpu_percent")
        print(f"{'pacer':<12}" + "".join(f"{c:>18}" for c in cols))
        for name, res in results.items():
            print(f"{name:<12}" + "".join(f"{res[c]:>18}" for c in cols))
        for goal, ok in goals.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {goal}")
    return 0 if all(goals.values()) else 1


def _missed_estimate(res: dict, period_ms: float) -> int:
    """pygame's clocks have no deadlines; count intervals over 1.5 periods as misses."""
    return int(res["max_ms"] > 1.5 * period_ms)
