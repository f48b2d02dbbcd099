"""``driftlight safety VIDEO``: check a video a clinic wants to show for seizure risk."""

from __future__ import annotations

import argparse
from pathlib import Path

from player.progress import terminal_progress
from player.safety.video import analyse_video

HELP = "check a video file for flashing that can trigger seizures (WCAG 2.3.1)"
ORDER = 70


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video", metavar="VIDEO", help="the video file to check (any format "
                        "ffmpeg reads)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Exit 0 on pass or warning, 1 on fail; unreadable input raises UserError (exit 2)."""
    path = Path(args.video)
    report = analyse_video(path, progress=terminal_progress(f"analysing {path.name}"))
    print(report.dumps() if args.json else "\n".join(report.lines(str(path))))
    return report.exit_code
