"""The storyboard strip, rendered in a background process so it never costs a frame.

The preview hands a small child process the timeline and the moments to show (those of
``driftlight storyboard``: each phase's start, middle and every few minutes); it renders
them through the same compositor as ``still --at``, at thumbnail size and low priority,
and streams them back as raw RGB. A reader thread collects them; the frame loop picks
them up between frames. A new schedule (length changed, config saved) starts a new
child; the old one is stopped. If the child cannot run, the strip simply stays empty.

Run as ``python -m player.prepare.thumbs``: reads one pickled job on stdin.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass

from player.commands.storyboard import thumb_times
from player.timeline import Timeline

SIZE = (160, 90)
EVERY_S = 300.0
_HEAD = struct.Struct("<II")     # index, byte count


@dataclass(frozen=True)
class Job:
    timeline: Timeline
    seed: int
    brightness_cap: float
    times: tuple[float, ...]
    size: tuple[int, int] = SIZE
    plugins: tuple[str, ...] = ()


def moments(tl: Timeline, every: float = EVERY_S) -> tuple[float, ...]:
    """The storyboard's moments, the first of every phase before the rest, so the strip
    fills evenly while it is being drawn."""
    picks = thumb_times(tl.phases, tl.fade_in, tl.slots, every)
    firsts = [p[0][0] for p in picks if p]
    rest = [t for p in picks for t, _ in p[1:]]
    return tuple(firsts + rest)


class Thumbnails:
    """One background renderer at a time; :meth:`ready` returns what has arrived."""

    def __init__(self) -> None:
        self.job: Job | None = None
        self._proc: subprocess.Popen | None = None
        self._got: queue.Queue[tuple[Job, int, bytes]] = queue.Queue()

    def start(self, job: Job) -> None:
        self.stop()
        self.job = job
        try:
            proc = subprocess.Popen([sys.executable, "-m", "player.prepare.thumbs"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL)
        except OSError:
            return
        self._proc = proc
        threading.Thread(target=self._read, args=(proc, job), daemon=True,
                         name="driftlight-thumbs").start()

    def _read(self, proc: subprocess.Popen, job: Job) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            proc.stdin.write(pickle.dumps(job))
            proc.stdin.close()
            w, h = job.size
            while True:
                head = proc.stdout.read(_HEAD.size)
                if len(head) < _HEAD.size:
                    return
                index, n = _HEAD.unpack(head)
                data = proc.stdout.read(n)
                if len(data) < n or n != w * h * 3:
                    return
                self._got.put((job, index, data))

    def ready(self) -> list[tuple[float, bytes]]:
        """(moment, RGB bytes) of the thumbnails of the current job that arrived."""
        out: list[tuple[float, bytes]] = []
        while True:
            try:
                job, index, data = self._got.get_nowait()
            except queue.Empty:
                return out
            if job is self.job:
                out.append((job.times[index], data))

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2)


def _render(job: Job) -> None:
    from player.commands._common import load_plugins
    from player.compositor import Compositor

    if hasattr(os, "nice"):
        os.nice(10)
    load_plugins(list(job.plugins))
    comp = Compositor(job.size, seed=job.seed, guard=False,
                      brightness_cap=job.brightness_cap)
    out = sys.stdout.buffer
    for i, t in enumerate(job.times):
        pixels = comp.frame(job.timeline.at(t))
        data = pixels.tobytes()
        out.write(_HEAD.pack(i, len(data)) + data)
        out.flush()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        _render(pickle.loads(sys.stdin.buffer.read()))
