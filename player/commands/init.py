"""``driftlight init [DIR]``: an editable copy of the default config, comments and all.

The packaged default is the best documentation of the format there is: every setting
with a note on what it does, and playlists to start from. ``init`` writes it to
``DIR/config.yaml`` (default: the current folder, where ``driftlight`` looks first), and
never over an existing file unless asked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from player.config import PACKAGED_CONFIG
from player.errors import UserError

HELP = "write an editable copy of the default config (with its comments) to DIR/config.yaml"
ORDER = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR",
                        help="the folder to write config.yaml to (default: this folder)")
    parser.add_argument("--force", action="store_true", help="replace an existing config.yaml")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    target = folder / "config.yaml"
    if target.exists() and not args.force:
        raise UserError(f"{target}: error: a config is already there; edit it, or pass "
                        f"--force to replace it with the default")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(PACKAGED_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{target}: error: cannot write the config here "
                        f"({exc.strerror or exc}); choose another DIR") from None
    check = "driftlight check" if folder.resolve() == Path.cwd().resolve() \
        else f"driftlight check {target}"
    print(f"wrote {target}: edit it in any text editor, then run '{check}' to find "
          f"mistakes and see the schedule")
    return 0
