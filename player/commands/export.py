"""``driftlight export``: the session as a video file with its soundtrack.

Frames come from the same GL compositor as ``still`` (offscreen, one context per worker
process), encoded by ffmpeg through a pipe — 10-bit HEVC by default (no banding in dark
gradients), or 8-bit H.264 for old players — in segments that N workers render in
parallel and that are joined without re-encoding; the sound is ``driftlight audio``'s,
muxed as AAC, sample-accurate. An interrupted export resumes from its finished segments
when the same command runs again. ``--projection 180|360 [--stereo lr|tb]`` makes an
equirectangular video for a headset's player, with its Spherical Video metadata and
file-name tags (:mod:`player.export.spherical`). docs/export.md has the details.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from player.commands._common import add_session_args, plan_session
from player.commands.still import parse_size
from player.durations import DurationError, format_duration, parse_duration
from player.errors import UserError
from player.export.encode import CODECS
from player.export.segments import SEGMENT_S

HELP = "export the session as a video file with its soundtrack (parallel, resumable)"
ORDER = 65
SUFFIXES = (".mp4", ".mov", ".mkv")
SPHERICAL_SUFFIXES = (".mp4", ".mov")         # the Spherical Video V2 boxes are MP4 boxes
PROJECTIONS = ("flat", "180", "360")
STEREO = ("lr", "tb")


def default_jobs() -> int:
    return max(1, min(4, (os.cpu_count() or 1) // 2))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_args(parser)
    parser.add_argument("--size", metavar="WxH", help="frame size in pixels (default "
                        "1920x1080; with --projection: 4096x2048 for 360, 2048x2048 per eye "
                        "for 180)")
    parser.add_argument("--projection", default="flat", metavar="flat|180|360",
                        help="flat: a screen (default); 180: VR180, the scene on a dome in "
                             "front of the viewer; 360: all around (scenes that support it); "
                             "equirectangular with Spherical Video metadata for headsets")
    parser.add_argument("--stereo", metavar="lr|tb", help="with --projection: both eyes in "
                        "each frame, left|right or top|bottom (default: one picture)")
    parser.add_argument("--fps", default="30", metavar="N",
                        help="frames per second, 1..120 (default 30)")
    parser.add_argument("--codec", default="hevc", metavar="h264|hevc",
                        help="hevc: 10-bit HEVC, no banding in dark gradients (default); "
                             "h264: 8-bit H.264, for players without HEVC")
    parser.add_argument("--quality", metavar="CRF", help="constant rate factor, 0..51, lower "
                        "is better and larger (default: hevc "
                        f"{CODECS['hevc'].crf}, h264 {CODECS['h264'].crf})")
    parser.add_argument("--from", dest="start", metavar="TIME",
                        help="start at this moment of the session (default 0)")
    parser.add_argument("--to", dest="end", metavar="TIME",
                        help="end at this moment of the session (default: its end)")
    parser.add_argument("--jobs", default=str(default_jobs()), metavar="N",
                        help=f"worker processes, each with its own GL context "
                             f"(default {default_jobs()} here)")
    parser.add_argument("--segment", default=None, metavar="SECONDS",
                        help="seconds of video per segment, the unit of parallel work and "
                             "of resuming (default 30)")
    parser.add_argument("--keep-parts", action="store_true",
                        help="keep the segments folder OUT.parts after joining")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.mp4",
                        help="video file to write (.mp4, .mov or .mkv)")


def _int(text: str, option: str, lo: int, hi: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise UserError(f"driftlight: error: {option} '{text}' must be a whole number "
                        f"from {lo} to {hi}")
    return value


def _moment(text: str | None, option: str, default: float, length: float) -> float:
    if text is None:
        return default
    try:
        at = 0.0 if text.strip() in ("0", "0.0") else parse_duration(text)
    except DurationError as exc:
        raise UserError(f"driftlight: error: {option}: {exc}") from None
    if at > length:
        raise UserError(f"driftlight: error: {option} {text} is after the end of the session "
                        f"({format_duration(length)})")
    return at


def _projection(args: argparse.Namespace) -> tuple[str, str]:
    """(``--projection``, ``--stereo`` or ``mono``), checked."""
    projection, stereo = args.projection, args.stereo or "mono"
    if projection not in PROJECTIONS:
        raise UserError(f"driftlight: error: --projection '{projection}' is not known; choose "
                        f"{', '.join(PROJECTIONS[:-1])} or {PROJECTIONS[-1]}")
    if args.stereo is not None and args.stereo not in STEREO:
        side = " (side by side is lr here)" if args.stereo.startswith("sbs") else ""
        raise UserError(f"driftlight: error: --stereo '{args.stereo}' is not known{side}; "
                        f"choose lr (left eye left, right eye right) or tb (left eye on top)")
    if projection == "flat" and stereo != "mono":
        raise UserError(f"driftlight: error: --stereo {stereo} needs --projection 180 or 360 "
                        f"(a video for a headset); for 3D glasses and TVs use driftlight "
                        f"play --stereo sbs")
    return projection, stereo


def _size(text: str | None, projection: str, stereo: str) -> tuple[int, int]:
    from player.export.spherical import check_size, frame_size

    if text is None:
        return (1920, 1080) if projection == "flat" else frame_size(projection, stereo)
    size = parse_size(text)
    if size[0] % 2 or size[1] % 2:
        raise UserError(f"driftlight: error: --size {text}: width and height must be "
                        f"even (4:2:0 video)")
    if projection != "flat":
        check_size(size, projection, stereo)
    return size


def _output(text: str, projection: str = "flat", stereo: str = "mono") -> Path:
    """The file to write: checked, and named as headset players expect for a projection."""
    out = Path(text)
    if out.suffix.lower() not in SUFFIXES:
        raise UserError(f"driftlight: error: -o {text}: the file name must end in "
                        f"{', '.join(SUFFIXES)}")
    if projection != "flat":
        from player.export.spherical import tagged_name

        if out.suffix.lower() not in SPHERICAL_SUFFIXES:
            raise UserError(f"driftlight: error: -o {text}: --projection {projection} "
                            f"writes its headset metadata into an .mp4 or .mov file; "
                            f"choose one of those")
        out = tagged_name(out, projection, stereo)
    if out.is_dir():
        raise UserError(f"driftlight: error: -o {text} is a folder; give a file name")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{out}: error: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and
                                                    not os.access(out, os.W_OK)):
        raise UserError(f"{out}: error: cannot write here (permission denied); choose "
                        f"another folder")
    return out


def run(args: argparse.Namespace) -> int:
    from player.export.job import ExportJob, frame_count
    from player.export.tools import find_tools, require_encoder

    if args.codec not in CODECS:
        raise UserError(f"driftlight: error: --codec '{args.codec}' is not known; choose "
                        f"{' or '.join(CODECS)}")
    codec = CODECS[args.codec]
    projection, stereo = _projection(args)
    size = _size(args.size, projection, stereo)
    if size[0] % 2 or size[1] % 2:
        raise UserError(f"driftlight: error: --size {args.size}: width and height must be "
                        f"even (4:2:0 video)")
    fps = _int(args.fps, "--fps", 1, 120)
    crf = codec.crf if args.quality is None else _int(args.quality, "--quality", 0, 51)
    jobs = _int(args.jobs, "--jobs", 1, 64)
    segment = None if args.segment is None else _int(args.segment, "--segment", 1, 3600)
    out = _output(args.output, projection, stereo)
    plan = plan_session(args)
    if projection != "flat":
        from player.projections import check_playlist, surface

        check_playlist(plan.config, plan.playlist, surface(projection),   # as the client's
                       f"--projection {projection}")                     # profile left it
    length = plan.timeline.length
    start = _moment(args.start, "--from", 0.0, length)
    end = _moment(args.end, "--to", length, length)
    if start >= end:
        raise UserError(f"driftlight: error: --from {args.start or 0} is not before --to "
                        f"{args.end or format_duration(length)}; nothing to export")
    tools = find_tools()
    require_encoder(tools, codec.encoder, f"--codec {codec.name}")
    require_encoder(tools, "aac", "the soundtrack")
    job = ExportJob(plan.timeline, plan.seed, size, fps, codec.name, crf, start,
                    frame_count(start, end, fps), plan.config.display.brightness_cap,
                    tuple(os.path.abspath(p) for p in args.plugin),
                    segment_s=float(segment or SEGMENT_S), projection=projection,
                    stereo=stereo, ipd_m=plan.config.display.ipd_mm / 1000)
    return _export(job, out, jobs, tools, sound_of(plan), args)


class Silence:
    """The soundtrack of a config whose ``audio.enabled`` is false."""

    rate = 48000

    def render(self, start: int, n: int) -> Any:
        import numpy as np

        return np.zeros((n, 2), np.float32)


def sound_of(plan: Any) -> Any:
    """The session's :class:`audio.session.SessionAudio` (silence when the config turns
    sound off), or a UserError for a bad sound file."""
    from player.commands.audio import session_sound

    if not plan.config.audio.enabled:
        return Silence()
    return session_sound(plan)


def _export(job: Any, out: Path, jobs: int, tools: Any, sound: Any,
            args: argparse.Namespace) -> int:
    from player.export.driver import ExportFailed, Interrupted, parts_folder
    from player.export.driver import run as drive
    from player.export.mux import MuxError
    from player.export.progress import Progress, clock_text

    progress = Progress(job.frames, job.fps, enabled=False if args.quiet else None)
    resume = (f"run the same command again to resume ({parts_folder(out)} keeps the "
              f"finished segments)")
    try:
        outcome = drive(job, out, jobs, tools, sound, progress, args.keep_parts)
    except (Interrupted, KeyboardInterrupt):
        print(f"\ndriftlight: interrupted; {resume}", file=sys.stderr)
        return 130
    except (ExportFailed, MuxError) as exc:
        print(f"\n{out}: error: the export stopped: {exc}; {resume}", file=sys.stderr)
        return 2
    except OSError as exc:          # the parts folder or the output itself (disk full, …)
        print(f"\n{out}: error: the export stopped: {exc.strerror or exc} "
              f"({exc.filename or parts_folder(out)}); {resume}", file=sys.stderr)
        return 2
    for line in outcome.faults:
        print(f"driftlight: warning: {line}", file=sys.stderr)
    mb = out.stat().st_size / 1e6
    reused = (f"; {outcome.reused} of {outcome.segments} segments reused"
              if outcome.reused else "")
    shape = {"flat": "", "360": " 360°", "180": " VR180"}[job.projection] + {
        "mono": "", "lr": " left|right", "tb": " top|bottom"}[job.stereo]
    print(f"wrote {out}: {clock_text(job.duration)} of {job.size[0]}x{job.size[1]}{shape} at "
          f"{job.fps} fps ({job.codec.name} {job.codec.bits}-bit, AAC), {mb:.1f} MB, in "
          f"{clock_text(outcome.seconds)} ({job.duration / max(outcome.seconds, 1e-9):.2f}x "
          f"real time{reused})")
    return 0
