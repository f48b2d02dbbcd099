"""``driftlight history [CODE]``: every session, or one client's, from the session logs.

The logs in the folder ``play`` writes to (:mod:`player.logfolder`, or ``--logs DIR``) are read
through the history index (:mod:`player.clients.history_index`), which is brought up
to date first, so the answer is always that of the logs. A file in the folder that is
not a session log is skipped with a warning naming it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from player import logfolder
from player.clients import history_text
from player.clients.history_index import HistoryIndex
from player.clients.history_page import render_page
from player.clients.log_summary import Row
from player.clients.privacy import write_private
from player.clients.profile import check_code, clients_folder, known_codes, unknown_code
from player.config import find_config, load_config
from player.errors import UserError
from player.sessionlog import LogBusy, SessionLog

HELP = "list the sessions of one client (or all) from the session logs; --html: a page with charts"
ORDER = 75


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a client code (default: "
                        "every session)")
    add_folder_args(parser)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--csv", action="store_true", help="print CSV (one row a session)")
    out.add_argument("--html", metavar="OUT.html", help="write a page with charts (calm "
                     "before and after, length, early ends) that opens in any browser")
    parser.add_argument("--redact", action="store_true", help="leave the notes out (for "
                        "research exports)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index from the "
                        "logs first")
    parser.add_argument("--note", metavar="TEXT", help="add a note to CODE's latest session "
                        "(written to its log)")


def add_folder_args(parser: argparse.ArgumentParser) -> None:
    logfolder.add_folder_args(parser, "the config that names the folders of session logs "
                              "and client profiles (default: ./config.yaml, then the packaged "
                              "default)")


def logs_dir(args: argparse.Namespace) -> Path:
    folder = logfolder.folder_of(args)
    if not folder.is_dir():
        raise UserError(f"driftlight: error: {folder}: no such folder of session logs; "
                        f"'play' writes them there once a session has been played, or pass "
                        f"--logs DIR")
    return folder


def warn_skipped(index: HistoryIndex, skipped: list) -> None:
    for skip in skipped:
        print(f"driftlight: warning: {index.folder / skip.file}: skipped: {skip.reason}",
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.code is not None:
        check_code(args.code, "CODE")
    elif args.note is not None:
        raise UserError("driftlight: error: --note needs a client CODE: the note goes to "
                        "that client's latest session")
    folder = logs_dir(args)
    with HistoryIndex(folder) as index:
        result = index.rebuild() if args.rebuild else index.sync()
        warn_skipped(index, result.skipped)
        rows = index.rows(args.code)
        if args.code is not None and not rows:
            config = load_config(find_config(args.config))
            if args.code not in known_codes(clients_folder(config)):
                raise unknown_code(args.code, clients_folder(config), index.clients())
        if args.note is not None:
            rows = add_note(index, rows, args.note)
    if args.rebuild and not (args.json or args.csv or args.html):
        print(f"rebuilt the index of {folder}: {result.read} files, {len(rows)} sessions",
              file=sys.stderr)
    title = f"Sessions of {args.code}" if args.code else "All sessions"
    if args.json:
        sys.stdout.write(history_text.as_json(rows, args.redact))
    elif args.csv:
        sys.stdout.write(history_text.as_csv(rows, args.redact))
    elif args.html:
        out = Path(args.html)
        try:
            write_private(out, render_page(rows, title, time.strftime("%Y-%m-%d %H:%M"),
                                           args.redact))
        except OSError as exc:
            raise UserError(f"{out}: error: cannot write the page ({exc.strerror})") from None
        print(f"wrote {out} ({len(rows)} sessions)")
    elif not rows:
        print(f"{args.code or folder}: no sessions yet")
    else:
        print(history_text.as_table(rows, args.redact))
    return 0


def add_note(index: HistoryIndex, rows: list[Row], text: str) -> list[Row]:
    """Append a ``note`` event to the latest session's log, and re-read it."""
    if not rows:
        raise UserError("driftlight: error: --note: this client has no session yet")
    path = index.folder / rows[-1].file
    try:
        log = SessionLog(path)
    except LogBusy:
        raise UserError(f"{path}: error: this session is still playing; add the note in "
                        f"the console during the session, or here after it ends") from None
    log.event("note", text=text, added="after the session")
    log.close()
    index.add(path)
    print(f"added the note to {path}", file=sys.stderr)
    return index.rows(rows[-1].client)
