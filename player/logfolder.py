"""Where session logs live: the config's ``session.logs``, else a per-user data folder.

Not the current folder: driftlight is started from a desktop shortcut, an autostart or
a terminal in any folder, and every session's log must land in one place where
``report`` and ``history`` find it again. The per-user folder is the platform's own,
from ``platformdirs`` (the small, well-kept package pip and virtualenv use for this):
``~/.local/share/driftlight/sessions`` on Linux (``$XDG_DATA_HOME`` when set),
``~/Library/Application Support/driftlight/sessions`` on macOS and
``%LOCALAPPDATA%\\driftlight\\sessions`` on Windows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import platformdirs

from player.config import PACKAGED_CONFIG, Config, find_config, load_config


def user_logs() -> Path:
    """The per-user folder of session logs (created by the first session)."""
    return platformdirs.user_data_path("driftlight", appauthor=False) / "sessions"


def logs_folder(config: Config | None) -> Path:
    """The config's ``session.logs`` (relative to the config's folder), else
    :func:`user_logs` (also when the config could not be read)."""
    if config is None or not config.session.logs:
        return user_logs()
    folder = Path(config.session.logs).expanduser()
    if folder.is_absolute():
        return folder
    base = Path.cwd() if config.path == PACKAGED_CONFIG else config.path.parent
    return base / folder


def add_folder_args(parser: argparse.ArgumentParser, config_help: str) -> None:
    """``--logs DIR`` and ``--config CONFIG``, for commands that read the logs."""
    parser.add_argument("--logs", metavar="DIR", help="the folder of session logs (default: "
                        "the config's session.logs, else driftlight's folder in your user "
                        "data folder)")
    parser.add_argument("--config", metavar="CONFIG", help=config_help)


def folder_of(args: argparse.Namespace) -> Path:
    """``--logs``, else the folder of the config in ``--config`` (or the default one)."""
    if getattr(args, "logs", None):
        return Path(args.logs)
    return logs_folder(load_config(find_config(getattr(args, "config", None))))


def latest_log(folder: Path) -> Path | None:
    """The newest ``session-*.jsonl`` in ``folder`` (by modification time), if any."""
    try:
        logs = [p for p in folder.glob("session-*.jsonl") if p.is_file()]
    except OSError:
        return None
    return max(logs, key=lambda p: (p.stat().st_mtime, p.name), default=None)
