"""Running an export: segments on N spawned workers, resumable, with progress.

1. The parts folder ``OUT.mp4.parts/`` beside the output holds ``job.json`` (the job's
   fingerprint), finished segments and the soundtrack. A folder of another job (other
   settings, another config) is emptied first; finished segments of *this* job are
   checked again with ffprobe and reused.
2. The remaining segments go to a pool of ``jobs`` spawned workers
   (:mod:`player.export.worker`); meanwhile this process renders the soundtrack.
3. When all are done they are joined and muxed with the sound (:mod:`player.export.mux`)
   and the parts folder is removed.

Ctrl+C stops the workers and keeps every finished segment (:class:`Interrupted`); an
ffmpeg failure — a full disk — does the same with ffmpeg's reason
(:class:`ExportFailed`). Either way, the same command resumes.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.export import segments as segs
from player.export.job import ExportJob
from player.export.mux import join, soundtrack
from player.export.progress import Progress
from player.export.tools import Tools
from player.export.worker import init, pool_task

POLL_S = 0.1


class Interrupted(Exception):
    """Ctrl+C: finished segments kept."""


class ExportFailed(Exception):
    """ffmpeg failed (disk full, …); finished segments kept. The message says why."""


@dataclass
class Outcome:
    segments: int
    reused: int
    seconds: float
    faults: list[str] = field(default_factory=list)
    render_seconds: float = 0.0


def parts_folder(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def prepare(folder: Path, job: ExportJob) -> bool:
    """Make ``folder`` this job's; whether it held another job's parts (now removed)."""
    manifest = folder / "job.json"
    stale = False
    if folder.exists():
        try:
            stale = json.loads(manifest.read_text()).get("fingerprint") != job.fingerprint()
        except (OSError, ValueError):
            stale = True
        if stale:
            shutil.rmtree(folder)
    folder.mkdir(exist_ok=True)
    for leftover in folder.glob("*.part.*"):      # a segment cut off by a crash or Ctrl+C
        leftover.unlink()
    manifest.write_text(json.dumps({"fingerprint": job.fingerprint(), "frames": job.frames,
                                    "fps": job.fps, "size": list(job.size),
                                    "codec": job.codec_name}, indent=2))
    return stale


def finished(tools: Tools, job: ExportJob, folder: Path, plan: list[segs.Segment]) -> set[int]:
    """Indexes of segments already on disk and complete; broken ones are deleted."""
    done = set()
    for seg in plan:
        path = folder / seg.name
        if path.exists():
            if segs.complete(tools, job, seg, path):
                done.add(seg.index)
            else:
                path.unlink()
    return done


def run(job: ExportJob, out: Path, jobs: int, tools: Tools, sound: Any,
        progress: Progress | None = None, keep_parts: bool = False) -> Outcome:
    started = time.perf_counter()
    folder = parts_folder(out)
    prepare(folder, job)
    plan = segs.split(job)
    done = finished(tools, job, folder, plan)
    todo = [s for s in plan if s.index not in done]
    if progress is not None:
        progress.resume_from(sum(s.count for s in plan if s.index in done))
    faults: list[str] = []
    if todo:
        faults = _render(job, todo, folder, jobs, sound, progress)
    render_s = time.perf_counter() - started
    audio = soundtrack(job, sound, folder)
    if progress is not None:
        progress.finish()
    join(tools, job, folder, plan, audio, out)
    if not keep_parts:
        shutil.rmtree(folder, ignore_errors=True)
    return Outcome(len(plan), len(done), time.perf_counter() - started, faults, render_s)


def _render(job: ExportJob, todo: list[segs.Segment], folder: Path, jobs: int, sound: Any,
            progress: Progress | None) -> list[str]:
    ctx = mp.get_context("spawn")      # never fork a process that may hold a GL context
    reports: Any = ctx.Queue()
    pool = ctx.Pool(max(1, min(jobs, len(todo))), initializer=init,
                    initargs=(job.plugins, reports))
    faults: list[str] = []
    try:
        pending = [pool.apply_async(pool_task, (job, seg, str(folder))) for seg in todo]
        soundtrack(job, sound, folder)          # while the workers render
        while pending:
            _drain(reports, progress)
            for res in [r for r in pending if r.ready()]:
                pending.remove(res)
                try:
                    faults += res.get()[1]
                except Exception as exc:     # EncodeError from a worker: ffmpeg's reason
                    raise ExportFailed(str(exc)) from None
            time.sleep(POLL_S)
        _drain(reports, progress)
        pool.close()
    except KeyboardInterrupt:
        raise Interrupted() from None
    finally:
        pool.terminate()
        pool.join()
    return faults


def _drain(reports: Any, progress: Progress | None) -> None:
    while True:
        try:
            _, n = reports.get_nowait()
        except queue.Empty:
            return
        if progress is not None:
            progress.advance(n)
