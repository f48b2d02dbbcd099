"""How every benchmark ends: its numbers, each goal PASS or FAIL, exit 1 on a miss.

Every bench returns ``verdict(...)``, so ``--json`` has one shape for all of them::

    {"ok": true, "goals": {"goal in words": true, ...}, "results": {...the numbers...}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def verdict(data: dict[str, Any], goals: dict[str, bool], as_json: bool,
            lines: Iterable[str]) -> int:
    """Print the results as JSON, or ``lines`` then each goal; 0 when every goal is met."""
    ok = all(goals.values())
    if as_json:
        print(json.dumps({"ok": ok, "goals": goals, "results": data}, indent=2, default=str))
    else:
        for line in lines:
            print(line)
        for goal, met in goals.items():
            print(f"  {'PASS' if met else 'FAIL'}  {goal}")
    return 0 if ok else 1
