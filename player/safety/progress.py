"""Moved to :mod:`player.progress`, the one progress display (kept for old imports)."""

from player.progress import terminal_progress

__all__ = ["terminal_progress"]
