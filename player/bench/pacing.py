"""``driftlight bench pacing``: our frame clock against pygame's, in one run.

The same loop — a synthetic render load of L ms, then wait, then "present" — is
paced by (a) driftlight's FrameClock, (b) ``pygame.time.Clock().tick(hz)`` and
(c) ``tick_busy_loop(hz)``. Present-to-present intervals and the process's CPU
time are measured identically for each.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from player.bench._verdict import verdict
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


class Pacer:
    """One way of waiting for the next frame, measured identically to the others."""

    def __init__(self, name: str, begin: Callable[[], None], step: Callable[[], None],
                 period_ns: int) -> None:
        self.name, self.begin, self.step = name, begin, step
        self.stats = IntervalStats(period_ns)
        self.cpu = self.wall = 0.0

    def block(self, frames: int, load_ms: float) -> None:
        """``frames`` frames of load-then-wait; the gap before the block is not counted."""
        self.begin()
        last = time.perf_counter_ns()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(frames):
            _spin(load_ms)
            self.step()
            now = time.perf_counter_ns()
            self.stats.add(now - last)
            last = now
        self.cpu += time.process_time() - cpu0
        self.wall += time.perf_counter() - wall0

    def result(self, load_ms: float, hz: float) -> dict:
        s = self.stats.summary()
        period = self.stats.period_ns
        cpu = self.cpu / self.wall * 100
        return {"p50_ms": s.p50_ms, "p99_ms": s.p99_ms, "max_ms": round(s.max_ms, 3),
                "p99_abs_error_ms": s.p99_abs_error_ms,
                "mean_interval_ms": round(s.mean_ms, 5),
                "mean_error_percent": round(abs(s.mean_ms * 1e6 - period) / period * 100, 4),
                # a frame shown more than half a period late is a missed deadline
                "missed": self.stats.count_over(period * 3 // 2),
                "cpu_percent": round(cpu, 1),
                "wait_cpu_percent": round(cpu - min(100.0, load_ms * hz / 10), 1)}


def _pacers(hz: float) -> list[Pacer]:
    import pygame

    period = round(NS / hz)
    clock = FrameClock(hz)

    def ours_begin() -> None:
        clock.start()
        clock.next_frame()

    def ours_step() -> None:
        clock.wait()
        clock.next_frame()

    tick, busy = pygame.time.Clock(), pygame.time.Clock()
    return [Pacer("driftlight", ours_begin, ours_step, period),
            Pacer("pygame_tick", lambda: tick.tick(hz), lambda: tick.tick(hz), period),
            Pacer("pygame_busy", lambda: busy.tick_busy_loop(hz),
                  lambda: busy.tick_busy_loop(hz), period)]


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # Interleaved one-second blocks, so a noisy moment on a shared machine hits all three.
    pacers = _pacers(args.hz)
    block = max(1, round(args.hz))
    for _ in range(max(1, round(args.seconds))):
        for pacer in pacers:
            pacer.block(block, args.load_ms)
    results = {p.name: p.result(args.load_ms, args.hz) for p in pacers}
    ours, tick = results["driftlight"], results["pygame_tick"]
    goals = {
        "p99_abs_error_ms <= 0.5": ours["p99_abs_error_ms"] <= GOAL_P99_ERR_MS,
        "p99_abs_error_ms <= 1/4 of pygame_tick": ours["p99_abs_error_ms"]
        <= GOAL_RATIO_TO_TICK * tick["p99_abs_error_ms"],
        "mean interval within 0.05%": ours["mean_error_percent"] <= GOAL_MEAN_ERR * 100,
        "waiting <= 15% of a core": ours["wait_cpu_percent"] <= GOAL_WAIT_CPU,
    }
    cols = ("p50_ms", "p99_ms", "max_ms", "p99_abs_error_ms", "mean_interval_ms", "missed",
            "cpu_percent")
    lines = [f"{args.hz:g} Hz, {args.load_ms:g} ms load, {args.seconds:g} s per pacer, "
             f"interleaved in 1 s blocks", f"{'pacer':<12}" + "".join(f"{c:>18}" for c in cols)]
    lines += [f"{name:<12}" + "".join(f"{res[c]:>18}" for c in cols)
              for name, res in results.items()]
    return verdict(results, goals, args.json, lines)
