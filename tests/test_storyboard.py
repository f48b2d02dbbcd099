"""``driftlight storyboard``: a self-contained page, right in a real browser, A4 as PNG."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from player.cli import main
from player.commands.storyboard import thumb_times
from player.export.chromium import A4_PX, find_chromium
from player.playlist import PhaseSpec, Playlist, SceneRef
from player.timeline import Timeline

CONFIG = """\
session: {playlist: p, length: 12m, seed: 3, fade_in: 20s, fade_out: 20s}
playlists:
  p:
    phases:
      - name: arrival
        scene: sunrise
        weight: 1
        audio: {layers: [drone, {layer: noise, params: {colour: brown}}]}
      - name: deep water
        scenes: [ocean, starfield]
        weight: 2
        transition: 20s
      - name: return
        scene: forest_rays
        weight: 1
        transition: 30s
        audio: {layers: [bed, chimes]}
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("storyboard")
    (folder / "c.yaml").write_text(CONFIG)
    out = folder / "s.html"
    assert main(["storyboard", str(folder / "c.yaml"), "--thumb", "192x108",
                 "-o", str(out)]) == 0
    return out.read_text()


def test_the_page_is_self_contained_and_says_what_plays(page: str) -> None:
    srcs = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "<link" not in page and "@import" not in page and "url(http" not in page
    for words in ("arrival", "deep water", "return", "ocean, starfield", "crossfade of 20 s",
                  "crossfade of 30 s", "fades in from black", "noise (colour brown)", "chimes",
                  "drone (the calm default)", "Flashing not checked", "12:00"):
        assert words in page, words


def test_pictures_at_each_phase_start_middle_and_every_few_minutes() -> None:
    one = (SceneRef("ocean"),)
    pl = Playlist("p", (PhaseSpec("a", one, weight=1, transition=10),
                        PhaseSpec("b", one, weight=3, transition=20)), fade_in=30, fade_out=30)
    tl = Timeline.build(pl, 20 * 60)             # a: 0-5 min, b: 5-20 min
    a, b = thumb_times(tl.phases, tl.fade_in, tl.slots, 300.0)
    assert a == [(30.0, "start"), (150.0, "middle")]        # faded in, then its middle
    assert b[0] == (310.0, "start") and (750.0, "middle") in b   # crossfade over
    assert (600.0, "") in b and (900.0, "") in b and all(300 < t < 1200 for t, _ in b)


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed "
                    "(apt install chromium) — the page cannot be checked in a browser")
def test_the_png_is_an_a4_page_drawn_by_chromium(tmp_path: Path) -> None:
    import pygame

    (tmp_path / "c.yaml").write_text(CONFIG)
    out = tmp_path / "s.png"
    assert main(["storyboard", str(tmp_path / "c.yaml"), "--thumb", "192x108",
                 "-o", str(out)]) == 0
    img = np.transpose(pygame.surfarray.array3d(pygame.image.load(str(out))), (1, 0, 2))
    assert img.shape[:2] == (A4_PX[1], A4_PX[0])             # 2480 × 3508: A4 at 300 dpi
    paper = np.array([0xF7, 0xF4, 0xEE])
    assert np.abs(img[5, 5].astype(int) - paper).max() <= 3     # the page's own colour
    ink = np.abs(img.astype(int) - paper).sum(axis=2) > 60
    assert 0.02 < ink.mean() < 0.6                         # text and pictures were drawn
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows[-1] < A4_PX[1] - 40                        # nothing runs off the sheet


def test_wrong_suffix_or_missing_browser_is_one_line(tmp_path: Path, capsys,
                                                     monkeypatch) -> None:
    (tmp_path / "c.yaml").write_text(CONFIG)
    assert main(["storyboard", str(tmp_path / "c.yaml"), "-o", str(tmp_path / "s.pdf")]) == 2
    assert ".html" in capsys.readouterr().err
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["storyboard", str(tmp_path / "c.yaml"), "--thumb", "64x36",
                 "-o", str(tmp_path / "s.png")]) == 2
    err = capsys.readouterr().err
    assert "needs Chromium" in err and "Traceback" not in err
