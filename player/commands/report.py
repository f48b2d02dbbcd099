"""``driftlight report [LOG.jsonl]``: a readable summary of one session (the latest one
when no log is named: the newest in the folder ``play`` writes to).

Logs are read defensively (see :mod:`player.report`): a line that is not UTF-8, not
JSON, nested absurdly deep or not an object is skipped with a note, and the rest of the
log is still summarised. Only a file that cannot be read, or holds no ``session_start``
at all, is an error (exit 2).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from player import logfolder
from player.errors import UserError
from player.report import render_text, summarise
from player.sessionlog import read_log_notes

HELP = "summarise a session log: phases played, pauses, errors, pacing"
ORDER = 80


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG.jsonl", nargs="?", help="a session log written "
                        "by play (default: the latest one)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    logfolder.add_folder_args(parser, "the config that names the folder of session logs "
                              "(default: ./config.yaml, then the packaged default)")


def latest(args: argparse.Namespace) -> Path:
    """The newest log in ``--logs`` or the config's folder; UserError when there is none."""
    folder = logfolder.folder_of(args)
    path = logfolder.latest_log(folder)
    if path is None:
        raise UserError(f"driftlight: error: no session logs in {folder} yet; play a session "
                        f"first, or name a log: driftlight report LOG.jsonl")
    return path


def run(args: argparse.Namespace) -> int:
    path = Path(args.log) if args.log else latest(args)
    try:
        events, notes = read_log_notes(path)
    except FileNotFoundError:
        raise UserError(f"{path}: error: no such session log") from None
    except IsADirectoryError:
        raise UserError(f"{path}: error: this is a folder; pass one session log "
                        f"(session-DATE-TIME.jsonl), or --logs {path} for its latest") from None
    except OSError as exc:
        raise UserError(f"{path}: error: cannot read the session log: "
                        f"{exc.strerror or exc}") from None
    if not any(e.get("event") == "session_start" for e in events):
        raise UserError(f"{path}: error: not a driftlight session log (no session_start "
                        f"event)")
    summary = summarise(events)
    if args.json:
        print(json.dumps({**summary, "log": str(path), "notes": notes}, indent=2))
    else:
        print(f"log      {path}\n{render_text(summary, notes)}" if not args.log
              else render_text(summary, notes))
    return 0
