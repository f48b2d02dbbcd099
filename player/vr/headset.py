"""The headset: OpenXR session states, frames and layers over a :class:`Runtime`.

Each call to :meth:`Headset.frame` is one step of the runtime's frame loop: read the
state changes, and while the runtime wants frames, ``xrWaitFrame`` (which paces us at
the headset's refresh), ``xrBeginFrame``, and ``xrEndFrame`` with one world-locked
layer. The scene texture behind that layer is painted only every few runtime frames
(at least ``scene_hz``); in between the runtime keeps re-projecting the last one with
the newest head pose, so head tracking runs at the headset's rate whatever the scene
costs. Where the runtime has neither equirect2 nor cylinder layers we re-sample the
scene texture into each eye's image every runtime frame (cheap) instead.

In stereo (``eyes=2``) the scene image is twice as wide: the left eye's picture in its
left half, the right eye's in its right half, both drawn in one compositor frame (one
guard judgement); two layers, one per eye (``eye`` "left"/"right"), show their halves;
the projection fallback re-samples each eye from its own half. In mono (a software
renderer cannot afford two pictures) both eyes see the one picture.

The headset never ends the session: taken off, stopped, lost or crashed, it is logged
(``vr_state``, ``vr_lost``), let go of, and tried again a little later, while the
desktop window goes on showing the picture.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from player.vr.runtime import (
    CylinderLayer,
    EquirectLayer,
    Eye,
    Layer,
    NoRuntime,
    ProjectionLayer,
    ProjectionView,
    Runtime,
    RuntimeInfo,
    RuntimeLost,
)
from player.vr.states import SessionStates

CLOSE_FRAMES = 60                     # frames to wait for STOPPING at the end
RETRY_S = (2.0, 5.0, 10.0, 30.0)      # waits between tries to get the runtime back
WANTED_LAYERS = frozenset({"equirect2", "cylinder"})


class Painter(Protocol):
    """The OpenGL side (:mod:`player.vr.painter`): draws into the runtime's images."""

    def scene(self, texture: int | None, size: tuple[int, int], kind: str,
              eyes: int = 1) -> None:
        """Paint the scene now into ``texture`` (None: the painter's own scene texture)
        of ``size``, as an equirect (``kind`` "equirect") or a flat screen ("screen");
        with ``eyes`` 2 the left eye's picture in the left half, the right's in the right."""
        ...

    def eye(self, texture: int, size: tuple[int, int], eye: Eye, half: int | None = None
            ) -> None:
        """Re-sample the last scene texture (its ``half`` 0 or 1 in stereo) into one
        eye's image."""
        ...


@dataclass
class FrameCount:
    """On-time statistics in the runtime's own clock (predicted display times)."""

    submitted: int = 0
    missed: int = 0          # display periods that passed without a frame of ours
    scenes: int = 0          # scene texture paints
    first_ns: int | None = None
    last_ns: int | None = None
    periods: list[int] = field(default_factory=list)

    def add(self, display_ns: int, period_ns: int) -> None:
        if self.last_ns is not None and period_ns > 0:
            self.missed += max(0, round((display_ns - self.last_ns) / period_ns) - 1)
        if self.first_ns is None:
            self.first_ns = display_ns
        self.last_ns = display_ns
        self.submitted += 1
        if period_ns > 0:          # a runtime may say 0 (unknown): no refresh rate from it
            self.periods = [*self.periods[-15:], period_ns]     # the latest 16

    @property
    def on_time(self) -> float:
        total = self.submitted + self.missed
        return self.submitted / total if total else 0.0

    @property
    def span_s(self) -> float:
        return 0.0 if self.first_ns is None or self.last_ns is None else \
            (self.last_ns - self.first_ns) / 1e9

    @property
    def refresh_hz(self) -> float:
        """The runtime's refresh rate (from its frame period)."""
        return 1e9 / sorted(self.periods)[len(self.periods) // 2] if self.periods else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"submitted": self.submitted, "missed": self.missed, "scenes": self.scenes,
                "on_time": round(self.on_time, 4), "span_s": round(self.span_s, 3),
                "refresh_hz": round(self.refresh_hz, 3)}


class Headset:
    """One headset for the length of a session; ``log(kind, **data)`` records events."""

    def __init__(self, runtime: Runtime, log: Callable[..., None], *,
                 scene_size: tuple[int, int] = (2048, 1024), scene_hz: float = 30.0,
                 eyes: int = 1, now: Callable[[], float] = time.monotonic) -> None:
        self.runtime = runtime
        self.eyes = eyes
        self.log = log
        self.scene_size = scene_size
        self.scene_hz = scene_hz
        self.now = now
        self.states = SessionStates()
        self.info: RuntimeInfo | None = None
        self.count = FrameCount()
        self.layer_kind = ""
        self._open = False
        self._chains: list[int] = []
        self._eye_chains: list[int] = []
        self._scene_at: int | None = None    # display time of the last scene paint
        self._tries = 0
        self._retry_at = 0.0

    # -- life -----------------------------------------------------------------------
    def start(self) -> RuntimeInfo:
        """Connect; raises :class:`NoRuntime` (said before the session starts)."""
        info = self._connect()
        self.log("vr_start", runtime=info.runtime, system=info.system, layer=self.layer_kind,
                 space=info.space, eye_size=list(info.eye_size),
                 scene_size=list(self.scene_size), stereo=self.eyes == 2)
        return info

    def _connect(self) -> RuntimeInfo:
        info = self.runtime.open(WANTED_LAYERS)
        self.info, self._open = info, True
        self.states = SessionStates()
        self.layer_kind = next((k for k in ("equirect2", "cylinder") if k in info.layers),
                               "projection")
        size = self.scene_size if self.layer_kind != "cylinder" else \
            (self.scene_size[0] // 2, round(self.scene_size[0] / 2 / CylinderLayer.aspect))
        self._chain_size = size                       # one eye's picture
        self._image_size = (size[0] * self.eyes, size[1])   # the eyes side by side
        self._chains = [self.runtime.swapchain(self._image_size, False)] \
            if self.layer_kind != "projection" else []
        self._eye_chains = [self.runtime.swapchain(info.eye_size, False)
                            for _ in range(2)] if self.layer_kind == "projection" else []
        self._scene_at = None
        return info

    def close(self) -> None:
        """End the headset session as OpenXR asks: request an exit, go on with empty
        frames until the runtime says STOPPING, end the session, let go."""
        if self._open:
            with contextlib.suppress(Exception):
                if self.states.running:
                    self.runtime.request_exit()
                for _ in range(CLOSE_FRAMES):
                    if not self.states.running:
                        break
                    self._poll()
                    if self.states.submitting:
                        timing = self.runtime.wait_frame()
                        self.runtime.begin_frame()
                        self.runtime.end_frame(timing.display_time, [])
            self._open = False
            with contextlib.suppress(Exception):
                self.runtime.close()
        self.log("vr_end", **self.count.as_dict())

    # -- the frame loop ------------------------------------------------------------------
    @property
    def submitting(self) -> bool:
        return self._open and self.states.submitting

    def frame(self, painter: Painter) -> bool:
        """One step; returns whether the scene texture was painted (so the desktop
        mirror may be drawn on the same beat). Never raises."""
        try:
            if not self._open:
                self._retry()
                return False
            self._poll()
            if not self.submitting:
                return False
            return self._submit(painter)
        except RuntimeLost as exc:
            self._lose(str(exc) or "runtime lost")
        except Exception as exc:           # a runtime's bug must not end the session
            self._lose(f"{type(exc).__name__}: {exc}")
        return False

    def _poll(self) -> None:
        for state in self.runtime.poll():
            action = self.states.change(state)
            self.log("vr_state", state=state, worn=self.states.worn)
            if action == "begin":
                self.runtime.begin()
            elif action == "end":
                self.runtime.end()
            elif action == "release":
                self._lose(state)
                return

    def _submit(self, painter: Painter) -> bool:
        rt = self.runtime
        timing = rt.wait_frame()
        rt.begin_frame()
        layers: list[Layer] = []
        painted = False
        if timing.should_render:
            if self._scene_due(timing.display_time, timing.period_ns):
                painted = True
                self._scene_at = timing.display_time
                self.count.scenes += 1
                if self.layer_kind == "projection":
                    painter.scene(None, self._image_size, "equirect", self.eyes)
                else:
                    texture = rt.acquire(self._chains[0])
                    try:
                        painter.scene(texture, self._image_size, self._scene_kind, self.eyes)
                    finally:
                        rt.release(self._chains[0])
            layers += self._layers(timing.display_time, painter)
        rt.end_frame(timing.display_time, layers)
        self.count.add(timing.display_time, timing.period_ns)
        return painted

    @property
    def _scene_kind(self) -> str:
        return "screen" if self.layer_kind == "cylinder" else "equirect"

    def _scene_due(self, display_ns: int, period_ns: int) -> bool:
        if self._scene_at is None:
            return True
        every = max(1, math.floor(1e9 / max(period_ns, 1) / self.scene_hz + 1e-6))
        return display_ns - self._scene_at >= every * period_ns - period_ns // 2

    def _layers(self, display_ns: int, painter: Painter) -> list[Layer]:
        """The world-locked layers: identity orientation in the gravity-aligned space,
        whatever the head does, one for both eyes or one per eye (only the projection
        fallback follows the eyes, to re-sample the same world-locked sphere)."""
        w = self._chain_size[0]
        eyes = [("both", (0, 0))] if self.eyes == 1 else [("left", (0, 0)), ("right", (w, 0))]
        if self.layer_kind == "equirect2":
            return [EquirectLayer(self._chains[0], self._chain_size, eye=e, offset=at)
                    for e, at in eyes]
        if self.layer_kind == "cylinder":
            return [CylinderLayer(self._chains[0], self._chain_size, eye=e, offset=at)
                    for e, at in eyes]
        views = []
        assert self.info is not None
        located = self.runtime.locate_eyes(display_ns)
        for half, (chain, eye) in enumerate(zip(self._eye_chains, located)):
            texture = self.runtime.acquire(chain)
            try:
                painter.eye(texture, self.info.eye_size, eye, half if self.eyes == 2 else None)
            finally:
                self.runtime.release(chain)
            views.append(ProjectionView(chain, self.info.eye_size, eye))
        return [ProjectionLayer(tuple(views))]

    # -- loss and retries ----------------------------------------------------------------
    def _lose(self, reason: str) -> None:
        self.states.lost()
        self.log("vr_lost", reason=reason, **self.count.as_dict())
        if self._open:
            self._open = False
            with contextlib.suppress(Exception):
                self.runtime.close()
        self._retry_at = self.now() + RETRY_S[min(self._tries, len(RETRY_S) - 1)]

    def _retry(self) -> None:
        if self.now() < self._retry_at:
            return
        self._tries += 1
        try:
            info = self._connect()
        except (NoRuntime, RuntimeLost, Exception) as exc:
            self._retry_at = self.now() + RETRY_S[min(self._tries, len(RETRY_S) - 1)]
            if self._tries <= 3 or self._tries % 20 == 0:
                self.log("vr_retry", tries=self._tries, error=str(exc) or type(exc).__name__)
            return
        self._tries = 0
        self.log("vr_back", runtime=info.runtime, layer=self.layer_kind)
