"""Owner-only files and folders: client data is clinical data.

Everything driftlight writes about a client (the history index, exported pages and
tables) is created readable by its owner only (files 0600, folders 0700). On systems
without POSIX permissions (Windows) ``chmod`` can do little; it is tried and never
fails the command, since the folder's own access rules apply there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only, best effort."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """Make an existing file (or folder: ``DIR_MODE``) owner-only, best effort."""
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def touch_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist; tighten it if it does.

    Creating the file ourselves first matters for SQLite: it gives its ``-wal`` and
    ``-shm`` companions the permissions of the database file."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    tighten(path)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8), owner-only from the first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    tighten(path)
