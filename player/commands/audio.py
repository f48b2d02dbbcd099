"""``driftlight audio``: render the session's soundtrack offline to a WAV file.

The file holds exactly what a live session plays at full volume (48 kHz stereo,
normalised to the config's loudness target), so a video export can mux it as it is.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from player.commands._common import SessionPlan, add_session_args, plan_session
from player.errors import UserError
from player.progress import terminal_progress

if TYPE_CHECKING:
    from audio.session import SessionAudio

HELP = "render the session's soundtrack to a WAV file (48 kHz stereo)"
ORDER = 60
CHUNK_S = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.wav",
                        help="WAV file to write")
    parser.add_argument("--float", dest="float32", action="store_true",
                        help="write 32-bit float samples instead of 16-bit PCM")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def session_sound(plan: SessionPlan) -> SessionAudio:
    """The session's soundtrack (a pure function of the sample index), or a UserError
    naming every sound file that cannot be used."""
    from audio.dsp import RATE
    from audio.session import SessionAudio

    sound = SessionAudio(plan.timeline, seed=plan.seed, rate=RATE,
                         base_dir=plan.config.path.parent,
                         target_lufs=plan.config.audio.loudness_target)
    problems = [f"{plan.config.path}: error: {info['where']}: {info['error']}"
                for kind, info in sound.events]
    if problems:
        raise UserError(*problems)
    return sound


def run(args: argparse.Namespace) -> int:
    from audio.dsp import RATE
    from audio.wav import WavWriter

    plan = plan_session(args)
    out = Path(args.output)
    sound = session_sound(plan)
    try:
        writer = WavWriter(out, RATE, args.float32)
    except OSError as exc:
        raise UserError(f"{out}: error: cannot write the soundtrack: {exc.strerror}; "
                        f"check the folder exists and is writable") from None
    total = sound.length
    step = int(CHUNK_S * RATE)
    report = None if args.quiet else terminal_progress("rendering the soundtrack",
                                                       real_time_s=total / RATE)
    started = time.perf_counter()
    try:
        for start in range(0, total, step):
            writer.write(sound.render(start, min(step, total - start)))
            if report is not None:
                report(min(start + step, total) / total)
    finally:
        writer.close()
    took = time.perf_counter() - started
    print(f"{out}: {total / RATE / 60:.1f} min of sound in {took:.1f} s "
          f"({total / RATE / max(took, 1e-9):.0f}x real time)")
    return 0
