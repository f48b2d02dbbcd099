"""Play ``driftlight play --vr`` against Monado's simulated headset in the Debian 13
chroot that ``.ci/monado-chroot`` builds (Monado is packaged there, not in Debian 12).
Shared by ``driftlight bench vr`` and ``tests/test_vr_monado.py``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from player.sessionlog import read_log

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".ci" / "monado-chroot"
CHROOT = REPO / ".cache" / "trixie"
CONFIG = """audio:
  enabled: false
session:
  playlist: vr
  fade_in: 3s
  fade_out: 3s
playlists:
  vr:
    phases:
      - {name: arrival, scene: sunrise, weight: 1, transition: 1s}
      - {name: drift, scene: ocean, weight: 1, transition: 1s}
"""


def unavailable() -> str:
    """Why the Monado chroot cannot be used here ("" when it can)."""
    if os.name != "posix" or not hasattr(os, "geteuid"):
        return "the Monado chroot needs Linux"
    if os.geteuid() != 0:
        return "the Monado chroot needs root (chroot and bind mounts)"
    if not SCRIPT.exists() or not (REPO / "tests" / "monado_session.sh").exists():
        return "no .ci/monado-chroot in this checkout"
    if not list(CHROOT.glob(".driftlight-ready-*")):
        return "no Monado chroot built yet: run .ci/monado-chroot (about 3 minutes)"
    return ""


def play(seconds: float, *args: str, service: bool = True, timeout: float = 300,
         eyes: str = "auto") -> tuple[subprocess.CompletedProcess, list[dict]]:
    """Run ``driftlight play --vr`` in the chroot for ``seconds`` under Xvfb and Monado
    (null compositor, simulated HMD); returns the process and the session log.
    ``eyes``: the config's ``display.headset_eyes``."""
    out = Path(tempfile.mkdtemp(prefix="driftlight-monado-", dir="/tmp"))
    (out / "config.yaml").write_text(f"{CONFIG}display:\n  headset_eyes: {eyes}\n",
                                     encoding="utf-8")
    log = out / "session.jsonl"
    cmd = [str(SCRIPT), "run", "bash", "/repo/tests/monado_session.sh", str(out),
           *([] if service else ["--no-service"]), "--",
           "env", "DRIFTLIGHT_SHORT_SESSIONS=1", "python", "-m", "player", "play",
           str(out / "config.yaml"), "--vr", "--windowed", "--console", "off",
           "--length", f"{seconds:g}s", "--log", str(log), *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return proc, (read_log(log) if log.exists() else [])
    finally:
        shutil.rmtree(out, ignore_errors=True)
