"""play --vr with the therapist's console (fake runtime, SDL's dummy video: no X needed):
the console's mirror shows the headset's picture while the patient wears it and the
desktop's when it is taken off; its buttons act on the headset (pause dims it there
too); the headset's state is on the console's health line in plain words.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from player.console.live import LiveConsole
from player.display import DisplayRequest, Window
from player.vr.headset import Headset
from player.vr.output import LOST, TAKEN_OFF, HeadsetOutput
from player.vr.painter import Painter
from tests.fakeclock import FakeClock
from tests.sessionkit import run_session
from tests.vrfake import FakeRuntime

SCENE = (64, 32)
PROBES = (1.5, 2.6, 4.0, 7.0, 9.8, 11.0, 12.5)     # fake seconds the console is looked at
PAUSE_AT, RESUME_AT = 7.5, 10.2


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vrconsole")
    fake = FakeClock()
    window = Window(DisplayRequest(headless=True, size=(160, 90)))
    rt = FakeRuntime(window.ctx, fake, script={
        2.0: ["visible", "synchronized", "stopping"],     # taken off
        3.0: ["ready"],                                    # and put back on
    }, lose_at=12.0)
    seen: dict[float, dict] = {}

    def setup(session) -> None:
        headset = Headset(rt, session.log.event, scene_size=SCENE,
                          now=lambda: fake.now() / 1e9)
        headset.start()
        out = HeadsetOutput(headset, Painter(window.ctx, seed=3, brightness_cap=0.7,
                                             scene_size=SCENE))
        session.headset = out
        console = LiveConsole(window.pygame, where="window", size=(480, 320))
        session.console = console
        console.attach(session)
        probes, actions = list(PROBES), [(PAUSE_AT, "pause"), (RESUME_AT, "pause")]
        before = session.on_frame

        def on_frame(s, wall: float) -> None:
            before(s, wall)
            now = rt.now_s()
            while actions and actions[0][0] <= now:
                console.action(actions.pop(0)[1], wall)         # a click on Pause
            if probes and probes[0] <= now:
                console._capture()                              # the mirror, now
                mirror = console.mirror
                assert mirror is not None and mirror.surface is not None
                import pygame

                pixels = pygame.surfarray.array3d(mirror.surface).astype(float)
                seen[probes.pop(0)] = {
                    "health": console.snapshot(wall).health,
                    "headset": mirror.compositor is out.compositor,
                    "mirror": float(pixels.mean()), "redraws": console.redraws}
        session.on_frame = on_frame

    outcome, events, session = run_session(tmp, 15.0, window=window, fake=fake, setup=setup)
    session.headset.close()
    session.console.close()
    return outcome, events, rt, seen


def test_the_health_line_says_where_the_headset_stands(played) -> None:
    outcome, _, _, seen = played
    assert outcome == "completed"
    said = {at: words for at, (words, _) in ((k, v["health"]) for k, v in seen.items())}
    # (no sound in this test: the health line also says "off", after the headset)
    assert said[1.5].startswith("headset on")
    assert said[2.6].startswith(TAKEN_OFF) and seen[2.6]["health"][1] == "caution"
    assert said[4.0].startswith("headset back")
    assert said[7.0].startswith("headset back")                # said for a while (20 s)
    assert said[12.5].startswith(LOST) and seen[12.5]["health"][1] == "caution"


def test_the_mirror_shows_the_headset_while_it_is_worn(played) -> None:
    _, _, _, seen = played
    assert seen[1.5]["headset"] and seen[4.0]["headset"] and seen[7.0]["headset"]
    assert not seen[2.6]["headset"] and not seen[12.5]["headset"]   # the desktop's then
    assert seen[1.5]["redraws"] > 0                                 # the console draws


def test_pause_from_the_console_dims_the_headset_and_its_mirror(played) -> None:
    _, events, rt, seen = played
    assert [e["event"] for e in events if e["event"] in ("pause", "resume")] == \
        ["pause", "resume"]
    ratio = seen[9.8]["mirror"] / seen[7.0]["mirror"]
    assert 0.2 < ratio < 0.45                                        # PAUSE_DIM 0.3
    before = [p.mean for p in rt.paints if 6.5 <= p.at < PAUSE_AT]
    dimmed = [p.mean for p in rt.paints if 9.0 <= p.at < RESUME_AT]
    assert 0.2 < np.mean(dimmed) / np.mean(before) < 0.45
    assert seen[11.0]["mirror"] > seen[9.8]["mirror"] * 1.4         # resuming, gently


def test_a_console_with_vr_on_one_display_is_a_window(tmp_path: Path) -> None:
    from player.console import preflight

    assert preflight.choose("window", 0, 1, False) == "window"
