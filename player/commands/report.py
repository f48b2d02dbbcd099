"""``driftlight report LOG.jsonl``: a readable summary of one session.

Logs are read defensively (see :mod:`player.report`): a line that is not UTF-8, not
JSON, nested absurdly deep or not an object is skipped with a note, and the rest of the
log is still summarised. Only a file that cannot be read, or holds no ``session_start``
at all, is an error (exit 2).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from player.errors import UserError
from player.report import render_text, summarise
from player.sessionlog import read_log_notes

HELP = "summarise a session log: phases played, pauses, errors, pacing"
ORDER = 80


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG.jsonl", help="a session log written by play")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    path = Path(args.log)
    try:
        events, notes = read_log_notes(path)
    except FileNotFoundError:
        raise UserError(f"{path}: error: no such session log") from None
    except IsADirectoryError:
        raise UserError(f"{path}: error: this is a folder; pass one session log "
                        f"(sessions/session-DATE-TIME.jsonl)") from None
    except OSError as exc:
        raise UserError(f"{path}: error: cannot read the session log: "
                        f"{exc.strerror or exc}") from None
    if not any(e.get("event") == "session_start" for e in events):
        raise UserError(f"{path}: error: not a driftlight session log (no session_start "
                        f"event)")
    summary = summarise(events)
    if args.json:
        print(json.dumps({**summary, "notes": notes}, indent=2))
    else:
        print(render_text(summary, notes))
    return 0
