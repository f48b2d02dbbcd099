"""What an analysis found: a verdict, the problem time ranges and the worst seconds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

KINDS = {"general": "general flashes", "red": "red flashes",
         "extended": "sustained flashing just under the limit"}


@dataclass(frozen=True)
class Problem:
    """A time range where flashing fails (general, red) or warns (extended)."""

    kind: str
    start_s: float
    end_s: float
    flashes_per_s: float
    phase: str | None = None

    @property
    def failing(self) -> bool:
        return self.kind != "extended"


@dataclass(frozen=True)
class Worst:
    """The highest flash rate over a large enough area, and when it happened."""

    flashes_per_s: float = 0.0
    at_s: float = 0.0


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...] = ()
    worst: dict[str, Worst] = field(default_factory=lambda: {"general": Worst(), "red": Worst()})
    duration_s: float = 0.0
    fps: float = 0.0
    size: tuple[int, int] = (0, 0)
    # Which part of the input was analysed (media seconds), whether that was all of it,
    # what the input claimed its length was, and anything the reader must know.
    analysed: tuple[float, float] | None = None
    complete: bool = True
    notes: tuple[str, ...] = ()
    declared_s: float | None = None

    @property
    def verdict(self) -> str:
        if any(p.failing for p in self.problems):
            return "fail"
        return "warning" if self.problems else "pass"

    @property
    def exit_code(self) -> int:
        return 1 if self.verdict == "fail" else 0

    def to_json(self) -> dict[str, Any]:
        problems = []
        for p in self.problems:
            d = asdict(p)
            if d["phase"] is None:
                del d["phase"]
            problems.append(d)
        out = {"verdict": self.verdict, "problems": problems,
               "worst": {k: asdict(w) for k, w in self.worst.items()},
               "duration_s": round(self.duration_s, 3), "fps": self.fps,
               "analysis_size": list(self.size), "complete": self.complete,
               "notes": list(self.notes)}
        if self.analysed is not None:
            out["analysed_s"] = list(self.analysed)
        if self.declared_s is not None:
            out["declared_duration_s"] = round(self.declared_s, 3)
        return out

    def lines(self, name: str) -> list[str]:
        """The report for a person: verdict, each problem, the worst seconds."""
        head = {"pass": "PASS: no flashing above the WCAG 2.3.1 thresholds",
                "warning": "WARNING: sustained flashing just under the WCAG 2.3.1 limit",
                "fail": "FAIL: flashing above the WCAG 2.3.1 thresholds (seizure risk)"}
        part = "" if self.complete else " (in the part analysed)"
        out = [f"{name}: {head[self.verdict]}{part}"]
        out += [f"  note: {note}" for note in self.notes]
        for p in self.problems:
            where = f" in phase '{p.phase}'" if p.phase else ""
            out.append(f"  {'fail' if p.failing else 'warn'}: {KINDS[p.kind]} from "
                       f"{clock(p.start_s)} to {clock(p.end_s)}{where}, "
                       f"{p.flashes_per_s:g} flashes/s")
        out.append("  worst second: " + ", ".join(
            f"{w.flashes_per_s:g} {k} flashes/s" + (f" at {clock(w.at_s)}" if w.flashes_per_s
                                                    else "")
            for k, w in self.worst.items()))
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2)


def clock(seconds: float) -> str:
    """Seconds as ``M:SS.s`` (or ``H:MM:SS.s``), how a therapist reads a position."""
    m, s = divmod(max(0.0, seconds), 60.0)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


def merge(reports: list[Report]) -> Report:
    """One report from analyses of consecutive pieces of the same stream."""
    problems = merge_problems([p for r in reports for p in r.problems])
    worst = {k: max((r.worst[k] for r in reports), key=lambda w: w.flashes_per_s)
             for k in ("general", "red")}
    return replace(reports[0], problems=problems, worst=worst,
                   duration_s=sum(r.duration_s for r in reports))


def merge_problems(problems: list[Problem]) -> tuple[Problem, ...]:
    """Overlapping or touching ranges of the same kind become one range."""
    out: list[Problem] = []
    for p in sorted(problems, key=lambda p: (p.kind, p.start_s)):
        last = out[-1] if out else None
        if last is not None and last.kind == p.kind and p.start_s <= last.end_s + 1e-6:
            out[-1] = replace(last, end_s=max(last.end_s, p.end_s),
                              flashes_per_s=max(last.flashes_per_s, p.flashes_per_s))
        else:
            out.append(p)
    return tuple(sorted(out, key=lambda p: (p.start_s, p.kind)))
