"""Notice a config file being saved, by polling its modification time and size.

Editors save in different ways (in place, or a new file renamed over the old one); both
change what ``stat`` says, and a file briefly missing mid-save is simply looked at again
on the next poll. Polling twice a second costs nothing and needs no new dependency.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

POLL_S = 0.5


class ConfigWatch:
    def __init__(self, paths: Iterable[Path], now: float = 0.0) -> None:
        self.paths = [Path(p) for p in paths]
        self._seen = self._stamp()
        self._next = now + POLL_S

    def _stamp(self) -> tuple:
        out: list[tuple[int, int] | None] = []
        for p in self.paths:
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def changed(self, now: float) -> bool:
        """True once after any watched file changed (looked at every ``POLL_S``)."""
        if now < self._next:
            return False
        self._next = now + POLL_S
        stamp = self._stamp()
        if stamp == self._seen or None in stamp:
            return False            # unchanged, or mid-save: look again next time
        self._seen = stamp
        return True
