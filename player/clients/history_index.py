"""The history index: an SQLite table of every session log in a folder.

The JSONL logs are the record; this index is derived from them and can always be
thrown away and rebuilt (``driftlight history --rebuild``; a damaged or outdated index
is rebuilt by itself). It lives beside the logs as ``.history.sqlite`` and knows each
log by name, size and modification time, so bringing it up to date (:meth:`sync`)
re-reads only logs that are new or changed — a session that crashed before it could
index itself is picked up by the next ``history``.

Two sessions may end at the same moment, each adding its log: the database runs in
WAL mode with a generous busy timeout, and every write is one ``BEGIN IMMEDIATE``
transaction, so one waits for the other instead of failing. Writes are idempotent (a
row is a function of its file), so a race can only write the same row twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from player.clients.log_summary import Row, Skip, merge_pieces, summarise_file
from player.clients.privacy import DIR_MODE, tighten, touch_private

INDEX_NAME = ".history.sqlite"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                    skipped TEXT, quiet INTEGER);
CREATE TABLE sessions (file TEXT PRIMARY KEY, client TEXT, started TEXT, playlist TEXT,
                       planned_s REAL, played_s REAL, outcome TEXT, reason TEXT,
                       before INTEGER, after INTEGER, pauses INTEGER, skips INTEGER,
                       scene_errors INTEGER, course_session INTEGER, notes TEXT,
                       continued INTEGER);
CREATE INDEX sessions_by_client ON sessions (client, started);
"""
_ROW_SQL = ("INSERT OR REPLACE INTO sessions VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass
class SyncResult:
    read: int = 0                                        # logs (re-)read this time
    removed: int = 0                                     # logs gone from the folder
    skipped: list[Skip] = field(default_factory=list)    # every non-session file, named


class HistoryIndex:
    """The index of the logs in ``folder`` (which must exist)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / INDEX_NAME
        self.in_memory = False
        tighten(folder, DIR_MODE)
        self.db = self._open()

    # -- opening ----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The index on disk; rebuilt if damaged; in memory (read from the logs each time)
        when the folder cannot hold it — read-only media — or another process holds it
        locked past the timeout. The logs are the record, so the answer is the same."""
        for attempt in range(2):
            try:
                return self._connect(self.path)
            except (sqlite3.OperationalError, OSError):   # read-only, locked, no space
                break
            except sqlite3.DatabaseError:   # not a database (damaged): it is derived data
                if attempt == 0:
                    self._remove_files()
        self.in_memory = True
        return self._connect(None)

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        if path is not None:
            touch_private(path)
        db = sqlite3.connect(":memory:" if path is None else path, timeout=BUSY_TIMEOUT_S,
                             isolation_level=None)
        try:
            if path is not None:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                with self._write(db):
                    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                        for table in ("files", "sessions"):
                            db.execute(f"DROP TABLE IF EXISTS {table}")
                        for statement in _SCHEMA.split(";"):
                            if statement.strip():
                                db.execute(statement)
                        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        for suffix in ("-wal", "-shm"):
            tighten(Path(f"{self.path}{suffix}"))
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{self.path}{suffix}")

    @staticmethod
    @contextlib.contextmanager
    def _write(db: sqlite3.Connection) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bringing it up to date -------------------------------------------------------

    def scan(self) -> dict[str, tuple[int, int]]:
        """Name → (size, mtime_ns) of every file in the folder but our own."""
        out = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                st = entry.stat()
                out[entry.name] = (st.st_size, st.st_mtime_ns)
        return out

    def sync(self) -> SyncResult:
        """Read the logs that are new or changed, forget those that are gone."""
        return self._or_in_memory(self._sync)

    def rebuild(self) -> SyncResult:
        """Forget everything and read every log again, in one transaction."""
        return self._or_in_memory(self._rebuild)

    def _or_in_memory(self, update: Callable[[], SyncResult]) -> SyncResult:
        """``update()``; if the index on disk cannot be written now (another process
        holds it past the timeout, the disk is full), the same in memory."""
        try:
            return update()
        except sqlite3.OperationalError:
            if self.in_memory:
                raise
            self.db.close()
            self.in_memory = True
            self.db = self._connect(None)
            return self._sync()           # in memory, everything is read afresh

    def _sync(self) -> SyncResult:
        present = self.scan()
        known = {name: (size, mtime) for name, size, mtime
                 in self.db.execute("SELECT name, size, mtime_ns FROM files")}
        todo = [name for name, stamp in present.items() if known.get(name) != stamp]
        gone = [name for name in known if name not in present]
        results = [(name, present[name], summarise_file(self.folder / name)) for name in todo]
        if results or gone:
            with self._write(self.db):
                self.db.executemany("DELETE FROM files WHERE name = ?", ((n,) for n in gone))
                self.db.executemany("DELETE FROM sessions WHERE file = ?",
                                    ((n,) for n in gone))
                self._store(results)
        return SyncResult(len(results), len(gone), self.skipped())

    def _rebuild(self) -> SyncResult:
        present = self.scan()
        results = [(name, stamp, summarise_file(self.folder / name))
                   for name, stamp in sorted(present.items())]
        with self._write(self.db):
            self.db.execute("DELETE FROM files")
            self.db.execute("DELETE FROM sessions")
            self._store(results)
        return SyncResult(len(results), 0, self.skipped())

    def add(self, log: Path) -> None:
        """Index one log of this folder now (one that just changed)."""
        def update() -> SyncResult:
            st = log.stat()
            with self._write(self.db):
                self._store([(log.name, (st.st_size, st.st_mtime_ns), summarise_file(log))])
            return SyncResult(read=1)

        self._or_in_memory(update)

    def _store(self, results: list[tuple[str, tuple[int, int], Row | Skip]]) -> None:
        files: list[tuple[str, int, int, str | None, int]] = []
        rows, not_rows = [], []
        for name, (size, mtime), result in results:
            if isinstance(result, Row):
                files.append((name, size, mtime, None, 0))
                rows.append(_values(result))
            else:
                files.append((name, size, mtime, result.reason, int(result.quiet)))
                not_rows.append((name,))
        self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", files)
        self.db.executemany(_ROW_SQL, rows)
        self.db.executemany("DELETE FROM sessions WHERE file = ?", not_rows)

    # -- reading ----------------------------------------------------------------------

    def skipped(self) -> list[Skip]:
        """The files of the folder that are not session logs, with the reason."""
        return [Skip(name, reason) for name, reason in self.db.execute(
            "SELECT name, skipped FROM files WHERE skipped IS NOT NULL AND quiet = 0 "
            "ORDER BY name")]

    def rows(self, client: str | None = None) -> list[Row]:
        """Sessions in the order they started; only ``client``'s when given (the pieces
        of a log that moved mid-session are one session)."""
        sql = "SELECT * FROM sessions"
        args: tuple[str, ...] = ()
        if client is not None:
            sql += " WHERE client = ?"
            args = (client,)
        return merge_pieces([_row(values) for values in self.db.execute(
            sql + " ORDER BY started, file", args)])

    def clients(self) -> list[str]:
        return [c for (c,) in self.db.execute(
            "SELECT DISTINCT client FROM sessions WHERE client IS NOT NULL ORDER BY client")]


def _values(row: Row) -> tuple[object, ...]:
    return (row.file, row.client, row.started, row.playlist, row.planned_s, row.played_s,
            row.outcome, row.reason, row.before, row.after, row.pauses, row.skips,
            row.scene_errors, row.course_session, json.dumps(list(row.notes)),
            int(row.continued))


def _row(values: tuple) -> Row:
    *head, notes, continued = values
    fields = dict(zip((f.name for f in dataclasses.fields(Row)), head))
    return Row(**fields, notes=tuple(json.loads(notes or "[]")), continued=bool(continued))


def index_folder_of(log: Path) -> SyncResult:
    """Bring the index of ``log``'s folder up to date: the end of a session (this also
    takes in the pieces of a log that had to move to a new file in that folder)."""
    with HistoryIndex(log.parent) as index:
        return index.sync()


def client_rows(folder: Path, client: str) -> list[Row]:
    """``client``'s sessions in ``folder``, through the index when it can be used, else by
    reading the logs directly (a read-only folder, a locked index): never an error."""
    if not folder.is_dir():
        return []
    try:
        with HistoryIndex(folder) as index:
            index.sync()
            return index.rows(client)
    except (sqlite3.Error, OSError):
        rows = []
        for path in sorted(folder.glob("*.jsonl")):
            result = summarise_file(path)
            if isinstance(result, Row) and result.client == client:
                rows.append(result)
        return merge_pieces(sorted(rows, key=lambda r: (r.started, r.file)))
