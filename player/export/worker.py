"""A worker process: its own offscreen GL context, and the segments it is given.

Workers are *spawned*, never forked (a forked copy of a process that holds a GL
context shares driver state it must not). Each builds one compositor for the job —
the same one ``driftlight still`` uses, live guard off, dither to the codec's levels,
at one eye's size, looking through the job's views (a 180°/360° camera, two eyes) —
and for each segment renders frame after frame into an ffmpeg pipe. The file becomes
``seg-NNNNN.ts`` only when ffmpeg exited cleanly and ffprobe counted every frame.

:func:`render_segment` is a plain function of (job, segment, folder): a cluster runs
the same call on another machine (docs/export.md).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.export.encode import EncodeError, Encoder, encode_args
from player.export.job import ExportJob
from player.export.segments import Segment, complete
from player.export.tools import find_tools

REPORT_EVERY = 4                   # frames between progress reports
_STATE: dict[str, Any] = {}        # per process: the compositor of the current job, the queue


def init(plugins: tuple[str, ...], progress: Any = None) -> None:
    """Pool initializer: Ctrl+C is the parent's to handle; the job's plugins loaded."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("DRIFTLIGHT_NO_WARMUP", "1")
    from player.commands._common import load_plugins

    load_plugins(list(plugins))
    _STATE["queue"] = progress


def _compositor(job: ExportJob) -> Any:
    from player.compositor import Compositor

    key = job.fingerprint()
    if _STATE.get("key") != key:
        old = _STATE.pop("compositor", None)
        if old is not None:
            old.release()
        _STATE["compositor"] = Compositor(job.eye_size, seed=job.seed, guard=False,
                                          brightness_cap=job.brightness_cap,
                                          levels=job.codec.levels,
                                          on_fault=_STATE.setdefault("faults", []).append)
        _STATE["key"] = key
    return _STATE["compositor"]


def render_segment(job: ExportJob, seg: Segment, folder: str,
                   report: Callable[[int], None] | None = None) -> list[str]:
    """Render and encode one segment into ``folder``; the scene faults it met (each one
    line). Raises :class:`EncodeError` when ffmpeg fails (disk full, …)."""
    tools = find_tools()
    comp = _compositor(job)
    faults: list = _STATE.setdefault("faults", [])
    faults.clear()
    part, final = Path(folder, seg.part_name), Path(folder, seg.name)
    read = comp.frame if job.codec.bits == 8 else comp.frame16
    views = job.views()
    enc = Encoder(encode_args(tools, job.codec, job.size, job.fps, job.crf, part))
    done = 0
    try:
        for k in range(seg.first, seg.first + seg.count):
            enc.write(read(job.timeline.at(job.time(k)), views=views))
            done += 1
            if report is not None and done % REPORT_EVERY == 0:
                report(REPORT_EVERY)
        enc.close()
    except BaseException:
        enc.kill()
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    if report is not None and done % REPORT_EVERY:
        report(done % REPORT_EVERY)
    if not complete(tools, job, seg, part):
        raise EncodeError(f"{part} is incomplete after encoding (ffprobe does not count "
                          f"{seg.count} frames)")
    os.replace(part, final)
    return [f"scene '{f.scene}' failed at {f.t:.1f} s ({f.error}); the fallback shows there, "
            f"as it would live" for f in faults]


def pool_task(job: ExportJob, seg: Segment, folder: str) -> tuple[int, list[str]]:
    """What a pool runs: render_segment with progress sent to the parent's queue."""
    q = _STATE.get("queue")
    report = (lambda n: q.put((seg.index, n))) if q is not None else None
    return seg.index, render_segment(job, seg, folder, report)
