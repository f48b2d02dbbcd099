"""Errors meant for the person at the keyboard: printed as they are, exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input. ``str(err)`` is the complete message, one problem per line."""

    exit_code = 2

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
