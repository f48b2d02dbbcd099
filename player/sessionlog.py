"""The session log: one JSON object per line, on disk the moment it happens.

Each event is flushed and fsync'd as it is written, so a power cut or ``kill -9``
loses at most the event being written, and every line already in the file is valid
JSON. The file is created with mode 0600: it is clinical data. It never holds a
patient's name — only an optional pseudonymous client code the therapist chooses.

A log must survive what happens to it during a session, because the session goes on
regardless:

- **One writer.** The file is locked (``flock`` on POSIX, ``msvcrt.locking`` on
  Windows) for the whole session. A second session given the same ``--log`` gets
  :class:`LogBusy` (``play`` turns it into a one-line error, exit 2); a session that
  chose its own name moves on to the next free one.
- **Whole lines.** ``os.write`` may write less than asked (a full disk, a file-size
  limit). The rest is written in a loop; a line that could not be finished is closed
  with a newline before anything else goes into that file, so no event is ever glued
  onto a fragment (readers skip the fragment).
- **Loss.** Before each event the path is compared with the open file: when the folder
  or the file was deleted, the file is created again at the same path; when another
  file took its place, or writing fails (disk full), the log moves to a new file next
  to it, then to a fallback folder (:func:`fallback_dirs`). Each move prints a warning
  on stderr and writes a ``log_moved`` event, and every new file starts with a copy of
  ``session_start`` (``"continued": true``), so ``driftlight report`` can read any
  piece on its own. Events that find no writable place at all are kept (a bounded
  backlog) and written as soon as one is found.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

BACKLOG_LINES = 2000          # events kept in memory while no file can be written
RETRY_S = 5.0                 # how often a log with nowhere to write tries again


class LogBusy(OSError):
    """Another session is writing this log file (it holds the lock)."""


def default_log_path(folder: Path = Path("sessions")) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"session-{stamp}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"session-{stamp}-{n}.jsonl"
    return path


def fallback_dirs() -> list[Path]:
    """Where a log goes when its own folder cannot take it, in order of preference.

    ``DRIFTLIGHT_LOG_FALLBACK`` (a folder) first when set, then the user's state folder
    (the platform's own: ``$XDG_STATE_HOME`` or ``~/.local/state`` on Linux, the local
    application data folder on Windows), then the system's temporary folder."""
    import platformdirs

    out = []
    env = os.environ.get("DRIFTLIGHT_LOG_FALLBACK")
    if env:
        out.append(Path(env))
    out.append(platformdirs.user_state_path("driftlight", appauthor=False) / "sessions")
    out.append(Path(tempfile.gettempdir()) / "driftlight-sessions")
    return out


def _lock(fd: int) -> None:
    """An exclusive lock on ``fd`` for as long as it is open; LogBusy when taken."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise LogBusy(errno.EBUSY, "another session is writing this log") from None
        return
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise LogBusy(errno.EBUSY, "another session is writing this log") from None
    except OSError:  # a file system without locks (some network shares): go on unlocked
        pass


def _open_locked(path: Path) -> int:
    """Open ``path`` for appending (0600), locked; creates its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        _lock(fd)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)  # also when the file already existed
    except BaseException:
        os.close(fd)
        raise
    return fd


def _ends_mid_line(path: Path) -> bool:
    """True when an existing file's last byte is not a newline (a torn last line)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) != b"\n"
    except OSError:
        return False


class SessionLog:
    """Appends events to ``path``; see the module docstring for what it survives.

    ``exclusive``: when the file is locked by another session, raise :class:`LogBusy`
    (a path the user chose) instead of moving on to the next free name (a default one).
    ``warn`` receives every warning (default: printed on stderr).
    """

    def __init__(self, path: Path, *, exclusive: bool = True,
                 warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)              # the file being written now
        self.first_path = self.path         # the file the session started in
        self.paths: list[Path] = []         # every file this session has written to
        self.failed = False                 # True while events cannot be written
        self.warn = warn or _warn_stderr
        self._lock = threading.Lock()
        self._start_record: dict[str, Any] | None = None
        self._backlog: deque[bytes] = deque(maxlen=BACKLOG_LINES)
        self._torn = False                  # the current file ends in a partial line
        self._next_try = 0.0
        self._fd = -1
        self._ident: tuple[int, int] | None = None
        while True:
            try:
                self._fd = _open_locked(self.path)
                break
            except LogBusy:
                if exclusive:
                    raise
                self.path = _next_name(self.path)
        self._adopt(self.path)

    # -- writing ------------------------------------------------------------------------
    def event(self, kind: str, **data: Any) -> None:
        """Append one event with its wall-clock time; durable when this returns.

        Never raises: a log that cannot be written must not end the session it records.
        Safe to call from any thread."""
        record = {"event": kind, "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **data}
        line = _dumps(record)
        with self._lock:
            if kind == "session_start" and self._start_record is None:
                self._start_record = record
            self._backlog.append(line)
            self._flush_backlog()

    def _flush_backlog(self) -> None:
        now = time.monotonic()
        if self.failed and now < self._next_try:
            return
        if self.failed:
            self._relocate_anywhere()
        elif self._fd >= 0 and not self._still_ours():
            self._relocate("the log file or its folder was removed or replaced")
        moves = 0
        while self._backlog and self._fd >= 0:
            try:
                if self._torn:
                    self._write_all(b"\n")
                    self._torn = False
                self._write_all(self._backlog[0])
                os.fsync(self._fd)
            except OSError as exc:
                self._torn = True
                moves += 1
                if moves > 3:            # files open but take no data (a full disk)
                    self._close_fd()
                    break
                self._relocate(f"cannot write it ({exc.strerror or exc})")
                continue
            self._backlog.popleft()
        if self._fd >= 0 and not self._backlog:
            self.failed = False
            return
        if not self.failed:
            self.warn(f"the session log cannot be written anywhere; keeping the last "
                      f"{BACKLOG_LINES} events in memory and trying again every "
                      f"{RETRY_S:g} s")
        self._close_fd()
        self.failed = True
        self._next_try = now + RETRY_S

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            if n <= 0:  # pragma: no cover - write(2) returns an error, never 0, for files
                raise OSError(errno.EIO, "the file accepted no data")
            view = view[n:]

    # -- loss and relocation ------------------------------------------------------------
    def _still_ours(self) -> bool:
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._ident

    def _adopt(self, path: Path) -> None:
        self.path = path
        self.paths.append(path)
        st = os.fstat(self._fd)
        self._ident = (st.st_dev, st.st_ino)
        self._torn = st.st_size > 0 and _ends_mid_line(path)

    def _close_fd(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = -1

    def _relocate(self, why: str) -> None:
        """Move on to a new file (see the module docstring); -1 fd when none works."""
        old = self.path
        gone = not old.exists()
        self._close_fd()
        candidates = ([old] if gone else []) + [_next_name(old)] + [
            d / old.name for d in fallback_dirs() if d.resolve() != old.parent.resolve()]
        if self._open_first(candidates, old, why):
            return
        self._fd = -1

    def _relocate_anywhere(self) -> None:
        old = self.path
        self._open_first([_next_name(old), *(d / old.name for d in fallback_dirs())], old,
                         "no writable place was found earlier")

    def _open_first(self, candidates: list[Path], old: Path, why: str) -> bool:
        for cand in candidates:
            while cand.exists() and cand != old:
                cand = _next_name(cand)
            created = not cand.exists()
            try:
                self._fd = _open_locked(cand)
                self._adopt(cand)
                self._start_new_file(old, why)
            except OSError:
                self._close_fd()
                if self.path == cand:
                    self.paths.pop()
                    self.path = old
                if created:       # leave no empty files behind on a full disk
                    with contextlib.suppress(OSError):
                        cand.unlink()
                continue
            return True
        return False

    def _start_new_file(self, old: Path, why: str) -> None:
        """Begin a new file with enough context to read alone; warn the person."""
        lines = []
        if self._start_record is not None:
            lines.append(_dumps({**self._start_record, "continued": True,
                                 "continued_from": str(old)}))
        lines.append(_dumps({"event": "log_moved", "time": time.strftime(
            "%Y-%m-%dT%H:%M:%S%z"), "from": str(old), "to": str(self.path), "reason": why}))
        if self._torn:
            self._write_all(b"\n")
            self._torn = False
        for line in lines:
            self._write_all(line)
        os.fsync(self._fd)
        self.warn(f"session log {old}: {why}; continuing in {self.path}")

    def close(self) -> None:
        with self._lock:
            self._close_fd()


def _warn_stderr(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):   # the terminal is gone, stderr closed
        print(f"driftlight: warning: {message}", file=sys.stderr, flush=True)


def _next_name(path: Path) -> Path:
    """``session-X.jsonl`` → ``session-X.2.jsonl`` → ``session-X.3.jsonl`` …"""
    stem, suffix = path.stem, path.suffix or ".jsonl"
    base, dot, num = stem.rpartition(".")
    n = int(num) + 1 if dot and num.isdigit() else 2
    stem = base if dot and num.isdigit() else stem
    return path.with_name(f"{stem}.{n}{suffix}")


def _dumps(record: dict[str, Any]) -> bytes:
    try:
        text = json.dumps(record, default=str, separators=(",", ":"))
    except (ValueError, RecursionError):   # a circular or absurdly deep value
        text = json.dumps({k: (v if isinstance(v, (str, int, float, bool)) or v is None
                               else repr(v)[:2000]) for k, v in record.items()},
                          default=str, separators=(",", ":"))
    return (text + "\n").encode("utf-8", "replace")


# -- reading ---------------------------------------------------------------------------

def read_log(path: Path) -> list[dict[str, Any]]:
    """Every complete event of a log (torn, non-JSON and non-UTF-8 lines are skipped)."""
    return read_log_notes(path)[0]


def read_log_notes(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The events of a log, and one note per line that had to be skipped (and why)."""
    with open(path, "rb") as fh:
        return parse_lines(fh)


def parse_lines(fh: BinaryIO) -> tuple[list[dict[str, Any]], list[str]]:
    events: list[dict[str, Any]] = []
    notes: list[str] = []
    for n, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            notes.append(f"line {n} skipped: not UTF-8 text (byte 0x{raw[exc.start]:02x})")
            continue
        try:
            value = json.loads(text)
        except RecursionError:
            notes.append(f"line {n} skipped: nested too deeply")
            continue
        except ValueError:
            if raw.endswith(b"\n"):      # a torn last line (a crash) is expected, silently
                notes.append(f"line {n} skipped: not a JSON event")
            continue
        if isinstance(value, dict):
            events.append(value)
        else:
            notes.append(f"line {n} skipped: not a JSON object")
    return events, notes
