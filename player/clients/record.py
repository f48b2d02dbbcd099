"""The end of a session: its log joins the history index of its folder.

Called once by ``play`` after the log is closed. The index is a convenience derived
from the log, so nothing here may fail the session that just ended: any problem is
one warning line, and the next ``driftlight history`` reads the log anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path

from player.clients.history_index import index_folder_of


def record_session(log: Path) -> None:
    try:
        index_folder_of(log)
    except Exception as exc:  # derived data: never a reason for a session to fail
        print(f"driftlight: warning: {log}: not added to the history index ({exc}); "
              f"'driftlight history' will add it", file=sys.stderr)
