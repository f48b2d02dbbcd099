"""Finding ffmpeg and ffprobe, and proving they run, before any frame is rendered.

Both come from ``PATH``. A missing or broken ffmpeg, or one built without the encoders
an export needs, is a :class:`~player.errors.UserError` (exit 2) that says what to
install — never a traceback halfway through an export.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from player.errors import UserError

INSTALL = "install ffmpeg (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg)"
NEEDED = ("libx264", "libx265", "aac")


@dataclass(frozen=True)
class Tools:
    ffmpeg: str
    ffprobe: str
    encoders: frozenset[str]


def _runs(path: str, *args: str) -> str:
    """The tool's output, or a UserError saying it does not run."""
    try:
        done = subprocess.run([path, "-hide_banner", *args], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserError(f"driftlight: error: {path} does not run ({exc}); {INSTALL}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise UserError(f"driftlight: error: {path} does not run (exit {done.returncode}: "
                        f"{last}); {INSTALL}")
    return done.stdout


@cache
def find_tools() -> Tools:
    """ffmpeg and ffprobe from PATH, checked once per process."""
    found = {name: shutil.which(name) for name in ("ffmpeg", "ffprobe")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise UserError(f"driftlight: error: {' and '.join(missing)} not found on PATH; "
                        f"an export needs both: {INSTALL}")
    ffmpeg, ffprobe = str(found["ffmpeg"]), str(found["ffprobe"])
    _runs(ffprobe, "-version")
    listing = _runs(ffmpeg, "-encoders")
    encoders = frozenset(line.split()[1] for line in listing.splitlines()
                         if len(line.split()) > 1 and line.startswith(" ") and
                         len(line.split()[0]) == 6)
    return Tools(ffmpeg, ffprobe, encoders)


def require_encoder(tools: Tools, name: str, why: str) -> None:
    if name not in tools.encoders:
        raise UserError(f"driftlight: error: {tools.ffmpeg} has no {name} encoder, needed "
                        f"for {why}; install a full ffmpeg build ({INSTALL})")
