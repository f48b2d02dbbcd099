"""``driftlight report LOG.jsonl``: a readable summary of one session."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from player.errors import UserError
from player.report import render_text, summarise
from player.sessionlog import read_log

HELP = "summarise a session log: phases played, pauses, errors, pacing"
ORDER = 80


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG.jsonl", help="a session log written by play")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    path = Path(args.log)
    try:
        events = read_log(path)
    except FileNotFoundError:
        raise UserError(f"{path}: error: no such session log") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: error: cannot read the session log: {exc}") from None
    if not any(e.get("event") == "session_start" for e in events if isinstance(e, dict)):
        raise UserError(f"{path}: error: not a driftlight session log (no session_start "
                        f"event)")
    summary = summarise([e for e in events if isinstance(e, dict) and "event" in e])
    print(json.dumps(summary, indent=2) if args.json else render_text(summary))
    return 0
