"""What driftlight needs from an OpenXR runtime, as a small interface.

:class:`player.vr.openxr.PyOpenXR` implements it over pyopenxr; the tests implement it
with a fake (``tests/vrfake.py``), so everything above it — the session states, the
layers, the retries, the log — is tested without a headset. Poses are in the reference
space (STAGE where the runtime has one, else LOCAL): both are gravity-aligned, so a
layer posed with an identity orientation is world-locked and its horizon level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

IDENTITY = (0.0, 0.0, 0.0, 1.0)        # quaternion x, y, z, w
EYES = ("both", "left", "right")       # a layer's eye visibility (XrEyeVisibility)


class RuntimeLost(Exception):
    """The runtime or the session went away (XR_ERROR_SESSION_LOST, instance lost, ...)."""


class NoRuntime(Exception):
    """No OpenXR runtime answers (none installed or none running)."""


@dataclass(frozen=True)
class Pose:
    orientation: tuple[float, float, float, float] = IDENTITY
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Eye:
    """One eye's view this frame: its pose and the tangents of its field of view."""

    pose: Pose
    fov: tuple[float, float, float, float]    # angle left, right, up, down (radians)


@dataclass(frozen=True)
class RuntimeInfo:
    runtime: str                 # "Monado(XRT) by Collabora et al 'v25.0.0'", ...
    system: str                  # the headset's name
    layers: frozenset[str]       # composition layer kinds beyond projection: equirect2, cylinder
    eye_size: tuple[int, int]    # recommended per-eye image size
    space: str                   # "stage" or "local"


@dataclass(frozen=True)
class Timing:
    display_time: int            # predicted display time (runtime nanoseconds)
    period_ns: int               # the runtime's frame period
    should_render: bool


@dataclass(frozen=True)
class EquirectLayer:
    """The scene texture on a sphere around the viewer (XR_KHR_composition_layer_equirect2):
    360° wide for a sphere, 180° for a dome; radius 0 is infinitely far. In stereo there
    is one layer per eye (``eye`` "left"/"right"), each showing its half of one image
    (``offset``: where its ``size`` rectangle starts in the swapchain image)."""

    chain: int
    size: tuple[int, int]
    eye: str = "both"
    offset: tuple[int, int] = (0, 0)
    pose: Pose = field(default_factory=Pose)
    central_angle: float = 2 * math.pi
    upper_angle: float = math.pi / 2
    lower_angle: float = -math.pi / 2
    radius: float = 0.0


@dataclass(frozen=True)
class CylinderLayer:
    """The scene texture on a curved screen around the viewer
    (XR_KHR_composition_layer_cylinder); ``eye`` and ``offset`` as for the equirect."""

    chain: int
    size: tuple[int, int]
    eye: str = "both"
    offset: tuple[int, int] = (0, 0)
    pose: Pose = field(default_factory=Pose)
    radius: float = 2.5
    central_angle: float = math.radians(100)
    aspect: float = 16 / 9

    @property
    def fov_deg(self) -> float:
        """The screen's vertical size as seen from its axis (for its stereo parallax)."""
        height = self.radius * self.central_angle / self.aspect
        return math.degrees(2 * math.atan(height / 2 / self.radius))


@dataclass(frozen=True)
class ProjectionView:
    chain: int
    size: tuple[int, int]
    eye: Eye


@dataclass(frozen=True)
class ProjectionLayer:
    """Our own per-eye images, re-sampled from the scene texture with each eye's pose."""

    views: tuple[ProjectionView, ...]


Layer = EquirectLayer | CylinderLayer | ProjectionLayer


class Runtime(Protocol):
    """The calls the headset makes; each raises :class:`RuntimeLost` when the runtime
    has gone, ``open`` :class:`NoRuntime` when there is none."""

    def open(self, layers: frozenset[str]) -> RuntimeInfo:
        """Instance (asking for the wanted layer extensions it has), system, session
        bound to the current OpenGL context, reference space."""
        ...

    def poll(self) -> list[str]:
        """Session states the runtime moved to since the last poll (names of
        :data:`player.vr.states.STATE_NAMES`)."""
        ...

    def begin(self) -> None: ...
    def end(self) -> None: ...

    def request_exit(self) -> None:
        """Ask the runtime to stop the session (it answers with STOPPING)."""
        ...

    def wait_frame(self) -> Timing: ...
    def begin_frame(self) -> None: ...
    def locate_eyes(self, display_time: int) -> list[Eye]: ...

    def swapchain(self, size: tuple[int, int], static: bool) -> int:
        """A colour swapchain (sRGB); ``static``: one image, written once per change."""
        ...

    def acquire(self, chain: int) -> int:
        """Acquire and wait for the next image; returns its OpenGL texture name."""
        ...

    def release(self, chain: int) -> None: ...
    def end_frame(self, display_time: int, layers: list[Layer]) -> None: ...
    def close(self) -> None: ...
