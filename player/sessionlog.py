"""The session log: one JSON object per line, on disk the moment it happens.

Each event is flushed and fsync'd as it is written, so a power cut or ``kill -9``
loses at most the event being written, and every line already in the file is valid
JSON. The file is created with mode 0600: it is clinical data. It never holds a
patient's name — only an optional pseudonymous client code the therapist chooses.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def default_log_path(folder: Path = Path("sessions")) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"session-{stamp}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"session-{stamp}-{n}.jsonl"
    return path


class SessionLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.failed = False
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(path, 0o600)  # also when the file already existed

    def event(self, kind: str, **data: Any) -> None:
        """Append one event with its wall-clock time; durable when this returns."""
        record = {"event": kind, "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **data}
        line = json.dumps(record, default=str, separators=(",", ":")) + "\n"
        try:
            os.write(self._fd, line.encode("utf-8"))
            os.fsync(self._fd)
        except OSError as exc:  # a full disk must not end the session it is recording
            if not self.failed:
                print(f"driftlight: warning: cannot write the session log {self.path}: "
                      f"{exc}", file=sys.stderr)
            self.failed = True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def read_log(path: Path) -> list[dict[str, Any]]:
    """Every complete event of a log (a torn last line from a crash is skipped)."""
    events = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return events
