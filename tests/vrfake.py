"""A fake OpenXR runtime: the :class:`player.vr.runtime.Runtime` interface, scripted.

Swapchain images are real GL textures in the session's context, so what the headset
paints can be read back; time is the test's fake clock (``xrWaitFrame`` sleeps it one
display period), and the head turns a little every frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from player.vr.runtime import (
    Eye,
    Layer,
    NoRuntime,
    Pose,
    RuntimeInfo,
    RuntimeLost,
    Timing,
)

PERIOD_S = 1 / 60


@dataclass
class Paint:
    at: float          # fake seconds since the first open
    mean: float        # of the image's RGB, 0..255
    max: int


@dataclass
class FakeRuntime:
    ctx: object
    fake: object                                  # tests.fakeclock.FakeClock
    script: dict[float, list[str]] = field(default_factory=dict)   # at → states
    lose_at: float | None = None                  # wait_frame raises RuntimeLost once then
    layers_supported: frozenset[str] = frozenset({"equirect2", "cylinder"})
    available: bool = True
    opens: int = 0
    calls: list[str] = field(default_factory=list)
    submitted: list[list[Layer]] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    brightest: dict[int, np.ndarray] = field(default_factory=dict)   # chain → (H, W, 3)
    yaw: float = 0.0
    _t0: int | None = None
    _pending: list[str] = field(default_factory=list)
    _chains: list[tuple[tuple[int, int], list]] = field(default_factory=list)
    _acquired: dict[int, Any] = field(default_factory=dict)
    _display: int = 0

    def now_s(self) -> float:
        return 0.0 if self._t0 is None else (self.fake.now() - self._t0) / 1e9

    # -- Runtime ----------------------------------------------------------------------
    def open(self, layers: frozenset[str]) -> RuntimeInfo:
        if not self.available:
            raise NoRuntime("RuntimeUnavailableError")
        if self._t0 is None:
            self._t0 = self.fake.now()
        self.opens += 1
        self.calls.append("open")
        self._chains = []
        self._pending = ["idle", "ready"]
        return RuntimeInfo("Fake runtime 1.0", "Fake HMD", layers & self.layers_supported,
                           (32, 24), "local")

    def poll(self) -> list[str]:
        now = self.now_s()
        for at in sorted(self.script):
            if at <= now:
                self._pending += self.script.pop(at)
        out, self._pending = self._pending, []
        return out

    def begin(self) -> None:
        self.calls.append("begin")
        self._pending += ["synchronized", "visible", "focused"]

    def end(self) -> None:
        self.calls.append("end")
        self._pending += ["idle"]

    def request_exit(self) -> None:
        self.calls.append("request_exit")
        self._pending += ["visible", "synchronized", "stopping"]

    def wait_frame(self) -> Timing:
        if self.lose_at is not None and self.now_s() >= self.lose_at:
            self.lose_at = None
            raise RuntimeLost("XR_ERROR_SESSION_LOST")
        self.fake.sleep(PERIOD_S)
        self._display += round(PERIOD_S * 1e9)
        self.yaw += 0.02
        return Timing(self._display, round(PERIOD_S * 1e9), True)

    def begin_frame(self) -> None:
        pass

    def locate_eyes(self, display_time: int) -> list[Eye]:
        q = (0.0, math.sin(self.yaw / 2), 0.0, math.cos(self.yaw / 2))
        return [Eye(Pose(q, (x, 0.0, 0.0)), (-0.8, 0.8, 0.7, -0.7)) for x in (-0.03, 0.03)]

    def swapchain(self, size: tuple[int, int], static: bool = False) -> int:
        self._chains.append((size, [self.ctx.texture(size, 4) for _ in range(3)]))
        return len(self._chains) - 1

    def acquire(self, chain: int) -> int:
        size, images = self._chains[chain]
        images.append(images.pop(0))
        self._acquired[chain] = images[0]
        return images[0].glo

    def release(self, chain: int) -> None:
        tex = self._acquired.pop(chain)
        w, h = tex.size
        rgb = np.frombuffer(tex.read(), np.uint8).reshape(h, w, 4)[::-1, :, :3]
        best = self.brightest.get(chain)
        if best is None or best.mean() < rgb.mean():
            self.brightest[chain] = rgb
        if chain == 0:
            self.paints.append(Paint(self.now_s(), float(rgb.mean()), int(rgb.max())))

    def end_frame(self, display_time: int, layers: list[Layer]) -> None:
        self.submitted.append(list(layers))

    def close(self) -> None:
        self.calls.append("close")
