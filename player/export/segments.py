"""The split of an export into segments, and the check that one on disk is complete.

A segment is a run of whole frames encoded to its own MPEG-TS file. It is written as
``seg-NNNNN.part.ts`` and renamed to ``seg-NNNNN.ts`` only after ffmpeg exits cleanly
and ffprobe counts exactly the frames it should hold; a resumed export checks every
finished segment again (a copy, a crash of the disk, a hand-edited folder) and renders
any that fail the check.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from player.export.job import SEGMENT_S, ExportJob
from player.export.tools import Tools

__all__ = ["SEGMENT_S", "Segment", "complete", "probe", "split"]


@dataclass(frozen=True)
class Segment:
    index: int
    first: int            # first frame (of the export)
    count: int

    @property
    def name(self) -> str:
        return f"seg-{self.index:05d}.ts"

    @property
    def part_name(self) -> str:
        return f"seg-{self.index:05d}.part.ts"


def split(job: ExportJob) -> list[Segment]:
    """Segments of ``job.segment_s`` seconds (whole frames; the last may be shorter)."""
    per = max(1, round(job.segment_s * job.fps))
    return [Segment(i, first, min(per, job.frames - first))
            for i, first in enumerate(range(0, job.frames, per))]


def probe(tools: Tools, path: Path) -> dict | None:
    """ffprobe's view of the first video stream (packets counted), or None if unreadable."""
    try:
        done = subprocess.run(
            [tools.ffprobe, "-v", "error", "-select_streams", "v:0", "-count_packets",
             "-show_entries", "stream=nb_read_packets,width,height,pix_fmt,codec_name",
             "-of", "json", str(path)], capture_output=True, text=True, timeout=120)
        streams = json.loads(done.stdout or "{}").get("streams", [])
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return streams[0] if done.returncode == 0 and streams else None


def complete(tools: Tools, job: ExportJob, seg: Segment, path: Path) -> bool:
    """Whether ``path`` holds exactly this segment's frames at the job's size and format."""
    info = probe(tools, path)
    return info is not None and bool(info) and (
        int(info.get("nb_read_packets", -1)) == seg.count
        and (info.get("width"), info.get("height")) == job.size
        and info.get("pix_fmt") == job.codec.pix_fmt)
