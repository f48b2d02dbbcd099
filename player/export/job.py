"""What one export is: everything a worker needs, and a fingerprint of it.

An :class:`ExportJob` is plain, picklable data — the fitted timeline (with any client
profile already applied), the seed, plugin files to load, size, rate, codec, quality,
the range of frames and the projection (flat, or a headset's 180°/360° frame with one
eye or two) — so the same job can be handed to a spawned process, or to another machine
(docs/export.md). Frame ``k`` shows session time ``start + k / fps``.

The fingerprint hashes all of it (and the program version): finished segments on disk
are reused only by a job with the same fingerprint, so changing the config, the size or
the codec never splices old frames into a new file.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

from player import __version__
from player.export.encode import CODECS, Codec
from player.gl.view import DEFAULT_IPD_M, View, Viewport, stereo_pair
from player.timeline import Timeline

SEGMENT_S = 30.0     # long enough that encoder start-up is noise, short enough to resume


@dataclass(frozen=True)
class ExportJob:
    timeline: Timeline
    seed: int
    size: tuple[int, int]
    fps: int
    codec_name: str
    crf: int
    start: float                  # session time of frame 0 (--from)
    frames: int                   # how many frames
    brightness_cap: float = 0.9
    plugins: tuple[str, ...] = ()
    segment_s: float = SEGMENT_S  # seconds per segment (the unit of work and of resuming)
    projection: str = "flat"      # flat | 180 | 360 (--projection)
    stereo: str = "mono"          # mono | lr | tb (--stereo): both eyes in each frame
    ipd_m: float = DEFAULT_IPD_M  # between the eyes of a stereo export (display.ipd_mm)

    @property
    def codec(self) -> Codec:
        return CODECS[self.codec_name]

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def time(self, k: int) -> float:
        """Session time of frame ``k``."""
        return self.start + k / self.fps

    @property
    def eye_size(self) -> tuple[int, int]:
        """One eye's picture: the frame, or half of it for a stereo export."""
        w, h = self.size
        return {"lr": (w // 2, h), "tb": (w, h // 2)}.get(self.stereo, (w, h))

    def views(self) -> list[tuple[View, Viewport | None]] | None:
        """How a 180°/360° frame looks at the scenes, and where each eye goes in it (left
        eye left, or on top); None for a flat export (the compositor's own screen)."""
        if self.projection == "flat":
            return None
        view = (View("equirect360", "sphere") if self.projection == "360" else
                View("equirect180", "dome"))
        if self.stereo == "mono":
            return [(view, None)]
        (w, h), (ew, eh) = self.size, self.eye_size
        ports: list[Viewport] = ([(0, 0, ew, h), (ew, 0, w - ew, h)] if self.stereo == "lr"
                                 else [(0, h - eh, w, eh), (0, 0, w, h - eh)])   # GL: y up
        return [(eye, port) for eye, port in zip(stereo_pair(view, self.ipd_m), ports,
                                                 strict=True)]

    def fingerprint(self) -> str:
        what = {"version": __version__, "timeline": repr(self.timeline), "seed": self.seed,
                "size": self.size, "fps": self.fps, "codec": self.codec_name, "crf": self.crf,
                "start": self.start, "frames": self.frames, "cap": self.brightness_cap,
                "plugins": self.plugins, "segment": self.segment_s,
                "projection": self.projection, "stereo": self.stereo, "ipd": self.ipd_m}
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def frame_count(start: float, end: float, fps: int) -> int:
    """Frames in [start, end): every frame whose time is before ``end``."""
    return max(0, math.ceil((end - start) * fps - 1e-9))
