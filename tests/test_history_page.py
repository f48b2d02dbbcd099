"""The history page: self-contained HTML with SVG charts, and what a browser shows of it
(headless Chromium, Debian's package; the test skips with the reason when it is absent)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from player.clients.history_index import client_rows
from player.clients.history_page import AFTER, BEFORE, EARLY, render_page
from tests.clientkit import a_course

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture()
def page(tmp_path):
    a_course(tmp_path / "sessions")
    rows = client_rows(tmp_path / "sessions", "K-017")
    assert len(rows) == 8
    return render_page(rows, "Sessions of K-017", "2026-03-27 09:00")


def test_the_page_is_self_contained(page):
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "@import" not in page and "url(" not in page
    urls = set(re.findall(r"https?://[^\"' )]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}               # a namespace, not a fetch


def test_the_charts_show_every_rating_and_the_early_end(page):
    assert page.count("<svg") == 2
    calm = page.split("<svg", 2)[1]
    assert calm.count(f'fill="{BEFORE}"') == 8 and calm.count(f'fill="{AFTER}"') == 7
    length = page.split("<svg", 2)[2]
    assert length.count(f'fill="{EARLY}"') == 2                 # the bar and its marker
    assert "ended early (therapist)" in page
    assert "restless at onset" in page and "course session 6" in page


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                    "(Debian: apt-get install chromium)")
def test_chromium_renders_the_charts(page, tmp_path):
    html, png = tmp_path / "page.html", tmp_path / "page.png"
    html.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1100,1300",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
                    html.as_uri()], capture_output=True, timeout=120, check=False)
    assert png.is_file(), "Chromium wrote no screenshot"
    import pygame

    image = pygame.image.load(str(png))
    counts = {name: 0 for name in ("before", "after", "early")}
    targets = {"before": BEFORE, "after": AFTER, "early": EARLY}
    rgb = {k: tuple(int(v[i:i + 2], 16) for i in (1, 3, 5)) for k, v in targets.items()}
    width, height = image.get_size()
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            pixel = image.get_at((x, y))
            for name, (r, g, b) in rgb.items():
                if abs(pixel.r - r) + abs(pixel.g - g) + abs(pixel.b - b) < 24:
                    counts[name] += 1
    # dots of both check-ins, the played bars, and the early end are on screen
    assert counts["before"] > 100 and counts["after"] > 1000 and counts["early"] > 100, counts
