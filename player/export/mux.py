"""The soundtrack, and the finished segments joined into one file with it.

The sound is the same pure function of the sample index as ``driftlight audio``:
samples ``[round(start · 48000), … + round(duration · 48000))`` of the session, written
as a float WAV (``audio.wav``, renamed into place when whole, so a resume reuses it).

Joining uses ffmpeg's concat demuxer with ``-c:v copy``: the video is never encoded
twice, and MPEG-TS segments put every frame exactly on ``k / fps``. The sound is
encoded to AAC (192 kb/s) in the same pass; ffmpeg writes the encoder's priming delay
into the MP4 edit list, so the first sample plays with the first frame. The result is
written under a temporary name in the parts folder (where a 180° or 360° export gets
its Spherical Video metadata, :mod:`player.export.spherical`), checked (every frame
counted), and only then renamed to the name asked for: a failed or interrupted export
never leaves a broken file there.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from player.export.job import ExportJob
from player.export.segments import Segment, probe
from player.export.tools import Tools

AUDIO_CHUNK_S = 10.0
AAC_BITRATE = "192k"


class MuxError(Exception):
    """Joining or muxing failed; the message is ffmpeg's own last line."""


def _spherical(job: ExportJob, path: Path) -> None:
    """A 180°/360° export's Spherical Video metadata, added to ffmpeg's file."""
    from player.export.mp4box import MP4Error
    from player.export.spherical import inject_in_place, metadata_for

    try:
        inject_in_place(path, metadata_for(job.projection, job.stereo))
    except MP4Error as exc:
        raise MuxError(f"cannot add the 360°/VR180 metadata: {exc}") from None


def audio_range(job: ExportJob, rate: int) -> tuple[int, int]:
    """(first sample, count) of the export's sound."""
    return round(job.start * rate), round(job.frames * rate / job.fps)


def soundtrack(job: ExportJob, sound, folder: Path) -> Path:
    """``folder/audio.wav`` (rendered unless a whole one is there already)."""
    from audio.wav import WavWriter

    out, part = folder / "audio.wav", folder / "audio.part.wav"
    if out.exists():
        return out
    first, count = audio_range(job, sound.rate)
    step = int(AUDIO_CHUNK_S * sound.rate)
    writer = WavWriter(part, sound.rate, True)
    try:
        for i in range(0, count, step):
            writer.write(sound.render(first + i, min(step, count - i)))
    finally:
        writer.close()
    os.replace(part, out)
    return out


def join(tools: Tools, job: ExportJob, folder: Path, segments: list[Segment], audio: Path,
         out: Path) -> None:
    """Segments and sound into ``out``, through a checked temporary file."""
    listing = folder / "segments.txt"
    listing.write_text("".join(f"file '{s.name}'\n" for s in segments))
    fmt = "matroska" if out.suffix.lower() == ".mkv" else "mp4"
    partial = folder / f"joined.part{out.suffix.lower() or '.mp4'}"
    args = [tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y",
            "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio),
            "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
            "-c:a", "aac", "-b:a", AAC_BITRATE]
    if fmt == "mp4":
        args += ["-movflags", "+faststart"]
        if job.codec.tag:
            args += ["-tag:v", job.codec.tag]
    args += ["-f", fmt, str(partial)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise MuxError(lines[-1] if lines else f"ffmpeg exited with code {done.returncode}")
    if job.projection != "flat":
        _spherical(job, partial)
    info = probe(tools, partial)
    if not info or int(info.get("nb_read_packets", -1)) != job.frames:
        raise MuxError(f"the joined file does not hold {job.frames} frames")
    os.replace(partial, out)
