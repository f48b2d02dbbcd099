"""``driftlight bench audio``: offline render speed, live generation CPU, underruns, loudness.

Goals: offline ≥ 50× real time; live generation ≤ 5 % of one core with zero underruns
(dummy audio driver unless SDL_AUDIODRIVER says otherwise); integrated loudness within
±1 LU of the target and true peak ≤ −1 dBTP. Exit 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import time

from player.bench._verdict import verdict
from player.playlist import PhaseSpec, Playlist, SceneRef

HELP = "offline audio render speed, live generation CPU%, underruns and loudness"
GOAL_SPEED, GOAL_CPU, GOAL_LU, GOAL_TP = 50.0, 5.0, 1.0, -1.0
TARGET = -23.0


def bench_playlist() -> Playlist:
    """A session using every layer kind, with crossfades, so the numbers are honest."""
    scene = (SceneRef("sunrise"),)

    def phase(name: str, weight: float, *layers: dict) -> PhaseSpec:
        return PhaseSpec(name, scene, weight=weight, transition=20,
                         audio={"layers": list(layers)})
    return Playlist("bench", (
        phase("arrival", 1, {"layer": "drone"},
              {"layer": "noise", "params": {"colour": "brown", "level_db": -6}}),
        phase("deep", 2, {"layer": "drone", "params": {"chords": "suspended"}},
              {"layer": "chimes"}, {"layer": "noise", "params": {"level_db": -10}}),
        phase("integration", 1, {"layer": "bed"}, {"layer": "chimes"},
              {"layer": "binaural", "params": {"level_db": -20}}),
    ), fade_in=20, fade_out=30)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--seconds", type=float, default=600.0, metavar="S",
                        help="length of the offline render (default 600)")
    parser.add_argument("--live-seconds", type=float, default=30.0, metavar="S",
                        help="length of the live playback (default 30; 600 for the "
                             "10-minute underrun goal)")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from audio import loudness
    from audio.live import LiveAudio
    from audio.session import SessionAudio
    from player.timeline import Timeline

    timeline = Timeline.build(bench_playlist(), max(60.0, args.seconds))
    sound = SessionAudio(timeline, seed=1, target_lufs=TARGET)
    step = sound.rate
    t0 = time.perf_counter()
    pieces = [sound.render(s, min(step, sound.length - s)) for s in range(0, sound.length, step)]
    offline_s = time.perf_counter() - t0
    import numpy as np

    x = np.concatenate(pieces)
    lufs, peak = loudness.integrated(x), loudness.true_peak(x)
    del x, pieces

    events: list[str] = []
    live = LiveAudio(SessionAudio(timeline, seed=1, target_lufs=TARGET), 0.7,
                     lambda kind, info: events.append(kind))
    t1 = time.perf_counter()
    live.start(60.0)
    time.sleep(args.live_seconds)
    wall = time.perf_counter() - t1
    cpu = 100 * live.cpu_s / wall
    live.stop(1.0)
    res = {
        "offline_speed": round(timeline.length / offline_s, 1),
        "offline_seconds": round(offline_s, 2),
        "session_seconds": timeline.length,
        "live_cpu_percent": round(cpu, 2),
        "live_seconds": round(wall, 1),
        "underruns": live.underruns,
        "audio_device": live.available,
        "integrated_lufs": round(lufs, 2),
        "true_peak_dbtp": round(peak, 2),
        "target_lufs": TARGET,
    }
    goals = {
        f"offline >= {GOAL_SPEED:g}x real time": res["offline_speed"] >= GOAL_SPEED,
        "a sound device (set SDL_AUDIODRIVER=dummy on a machine without one)": live.available,
        f"live <= {GOAL_CPU:g}% of one core": live.available and cpu <= GOAL_CPU,
        "no underruns": live.underruns == 0,
        f"{TARGET:g} ± {GOAL_LU:g} LUFS": abs(lufs - TARGET) <= GOAL_LU,
        f"true peak <= {GOAL_TP:g} dBTP": peak <= GOAL_TP,
    }
    lines = [f"offline: {res['offline_speed']}x real time ({timeline.length:.0f} s in "
             f"{offline_s:.1f} s)",
             f"live:    {cpu:.2f}% of one core over {wall:.0f} s, {live.underruns} underruns",
             f"level:   {lufs:.2f} LUFS integrated, {peak:.2f} dBTP true peak"]
    return verdict(res, goals, args.json, lines)
