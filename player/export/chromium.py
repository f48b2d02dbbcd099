"""A page to a PNG with headless Chromium (what ``storyboard -o OUT.png`` prints).

A4 at 300 dpi is 2480 × 3508 pixels: the page is laid out 1240 CSS pixels wide and
1754 high and drawn at a device scale of 2. Chromium comes from PATH (Debian:
``chromium``); without it, a clear line says what to install or to write HTML instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from player.errors import UserError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
A4_CSS = (1240, 1754)
SCALE = 2
A4_PX = (A4_CSS[0] * SCALE, A4_CSS[1] * SCALE)      # 2480 × 3508: A4 at 300 dpi


def find_chromium() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def screenshot(html: str, out: Path, timeout: float = 120.0) -> None:
    """Render ``html`` on one A4 page into the PNG ``out``."""
    browser = find_chromium()
    if browser is None:
        raise UserError(f"{out}: error: a PNG storyboard needs Chromium, which is not on "
                        f"PATH (Debian/Ubuntu: sudo apt install chromium); or write "
                        f"{out.with_suffix('.html').name} and print it from a browser")
    with tempfile.TemporaryDirectory(prefix="driftlight-storyboard-") as tmp:
        page, shot = Path(tmp, "storyboard.html"), Path(tmp, "shot.png")
        page.write_text(html, encoding="utf-8")
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp}/profile",
                f"--force-device-scale-factor={SCALE}",
                f"--window-size={A4_CSS[0]},{A4_CSS[1]}", f"--screenshot={shot}",
                page.as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError(f"{out}: error: Chromium ({browser}) failed: {exc}") from None
        if not shot.exists():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise UserError(f"{out}: error: Chromium ({browser}) made no screenshot: {last}")
        try:
            shutil.copyfile(shot, out)
        except OSError as exc:
            raise UserError(f"{out}: error: cannot write the PNG: {exc.strerror}") from None
