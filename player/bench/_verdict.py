"""How every benchmark ends: its numbers, each goal PASS or FAIL, exit 1 on a miss."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def verdict(data: dict[str, Any], goals: dict[str, bool], as_json: bool,
            lines: Iterable[str]) -> int:
    """Print ``data`` as JSON (with the goals) or ``lines`` then the goals; the exit code."""
    if as_json:
        print(json.dumps({**data, "goals": goals}, indent=2))
    else:
        for line in lines:
            print(line)
        for goal, ok in goals.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {goal}")
    return 0 if all(goals.values()) else 1
