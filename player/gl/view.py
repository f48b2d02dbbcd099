"""How output pixels look at a scene: a *camera* and a *surface*, plus which eye.

Every scene is a function ``scene(p, t)`` of flat scene coordinates ``p`` (x from
``-aspect`` to ``+aspect`` left to right, y from -1 at the top to +1 at the bottom). A
:class:`View` says how an output pixel finds its ``p``:

1. the **camera** turns the pixel into a ray, an origin and a direction in the world
   (OpenXR's frame: x right, y up, -z forward, metres, the viewer's head at 0):

   - ``screen``: today's flat picture; no ray at all, ``p`` comes straight from the
     pixel, so a mono ``screen`` view is exactly the picture driftlight always drew;
   - ``equirect360``: the full sphere, 2:1, longitude -180°..180° left to right;
   - ``equirect180``: the front hemisphere (VR180), 1:1 per eye;
   - ``eye``: one eye of a headset: asymmetric field-of-view *tangents*
     ``fov = (left, right, up, down)`` (left and down negative, as ``tan`` of an
     ``XrFovf``'s angles) and the head's ``orientation`` quaternion ``(x, y, z, w)``
     (an ``XrQuaternionf``); content is world-locked, so turning the head turns the ray;

2. the **surface** the scene is shown on turns the ray into ``p``:

   - ``flat``: a screen ``distance_m`` in front (2 m by default, never nearer), its
     height ``2·d·tan(screen_fov/2)``; outside it, darkness;
   - ``dome``: a large curved screen, a hemisphere ``distance_m`` (3 m) around the
     viewer: ``p`` is longitude and latitude times ``DOME_UNITS_PER_RADIAN`` (the scene's
     16:9 frame spans about 160°×90°), fading into a dim surround beyond the frame;
   - ``sphere``: all around (360°), for scenes that declare it: the dome's mapping as a
     belt, the seam behind the viewer crossfaded, the poles drawn as two caps seen from
     the inside (a gnomonic chart each), crossfaded into the belt, so nothing pinches.

3. the **eye**: ``eye_m`` is the eye's sideways offset in metres, ``-ipd_m/2`` for the
   left eye, ``+ipd_m/2`` for the right, 0 for a mono picture. On a ``screen`` the
   screen itself is the zero-disparity plane; scene layers placed at depths with the
   GLSL ``at_depth(p, metres)`` (``scenes/glsl/depth.glsl``) shift per eye by the
   parallax their depth implies relative to the surface, scaled so that infinity lies
   ``comfort_deg`` (1°) of vergence behind the surface, nearer layers softly limited to
   as much in front of it.
   With ``eye_m == 0`` ``at_depth`` returns ``p`` unchanged: mono pictures are exact.

A scene class declares the surfaces it supports once: ``projections = ("flat", "dome",
"sphere")`` (shader scenes default to flat and dome; numpy scenes to flat).

The compositor compiles one program per (scene class, :attr:`View.variant`) — the
camera and the surface as ``#define``s, because a software renderer runs both sides of
every branch — and sets :meth:`View.uniforms` per draw::

    from player.gl.view import SCREEN, View, stereo_pair

    comp.render(plan, 1.0, target)                                  # today's picture
    comp.render(plan, 1.0, target, view=View("equirect360", "sphere"))
    left, right = stereo_pair(SCREEN, ipd_m=0.063)
    comp.render_views(plan, 1.0, target, [(left, (0, 0, 1920, 1080)),
                                          (right, (1920, 0, 1920, 1080))])

``render_views`` draws several views of ONE frame (two eyes into two viewports of one
target, or two eye textures): the scenes draw once per view, the live guard judges the
first view only and both eyes get the same hold, the dither pattern and the fault
handling run once per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

Camera = Literal["screen", "equirect360", "equirect180", "eye"]
Surface = Literal["flat", "dome", "sphere"]
CAMERAS: tuple[str, ...] = ("screen", "equirect360", "equirect180", "eye")
SURFACES: tuple[str, ...] = ("flat", "dome", "sphere")
PROJECTIONS = SURFACES                # what a scene declares and a therapist chooses
DEFAULT_IPD_M = 0.063
MIN_DISTANCE_M = 2.0
DEFAULT_DISTANCE_M = {"flat": 2.0, "dome": 3.0, "sphere": 3.0}
DOME_UNITS_PER_RADIAN = 4.0 / math.pi      # the frame's height (2 units) spans 90°
FRAME_ASPECT = 16 / 9                      # the frame a scene is composed for, on the dome
DIM_SURROUND = 0.12                        # the dome's surround, relative to the frame
Viewport = tuple[int, int, int, int]       # x, y (from the bottom, GL), width, height


@dataclass(frozen=True)
class View:
    """One picture's camera, surface and eye; hashable, cheap, built per session."""

    camera: Camera = "screen"
    surface: Surface = "flat"
    eye_m: float = 0.0
    ipd_m: float = DEFAULT_IPD_M
    distance_m: float | None = None
    screen_fov_deg: float = 24.0
    """The flat screen's vertical size as an angle (for parallax in scene units)."""
    comfort_deg: float = 1.0
    fov: tuple[float, float, float, float] = (-1.0, 1.0, 1.0, -1.0)
    orientation: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)

    def __post_init__(self) -> None:
        if self.camera not in CAMERAS:
            raise ValueError(f"unknown camera {self.camera!r}; one of {', '.join(CAMERAS)}")
        if self.surface not in SURFACES:
            raise ValueError(f"unknown surface {self.surface!r}; one of {', '.join(SURFACES)}")
        if self.camera == "screen" and self.surface != "flat":
            raise ValueError("the screen camera shows the flat surface only")

    @property
    def surface_m(self) -> float:
        """How far the surface is: the distance at which a layer has no disparity."""
        d = DEFAULT_DISTANCE_M[self.surface] if self.distance_m is None else self.distance_m
        return max(MIN_DISTANCE_M, d)

    @property
    def variant(self) -> tuple[str, str]:
        """What a compiled program depends on (uniforms carry the rest)."""
        return (self.camera, self.surface)

    def defines(self) -> str:
        return (f"#define CAMERA_{self.camera.upper()} 1\n"
                f"#define SURFACE_{self.surface.upper()} 1\n")

    @property
    def flat_units_per_m(self) -> float:
        """Scene units per metre on the flat screen (its height is 2 units)."""
        height = 2.0 * self.surface_m * math.tan(math.radians(self.screen_fov_deg) / 2)
        return 2.0 / height

    def aspect(self, size: tuple[int, int]) -> float:
        """The width of the scene's frame over its height: the picture's on a screen, the
        16:9 frame a scene is composed for on the dome (scenes place things by it)."""
        return size[0] / size[1] if self.camera == "screen" else FRAME_ASPECT

    def px(self, size: tuple[int, int]) -> float:
        """A pixel's size in scene units (scenes anti-alias with it)."""
        w, h = size
        if self.camera == "screen":
            return 2.0 / h
        if self.camera == "eye":
            angle = math.atan(self.fov[2]) - math.atan(self.fov[3])
            return angle * DOME_UNITS_PER_RADIAN / h * (1.0 if self.surface != "flat" else
                                                       self.flat_units_per_m * self.surface_m
                                                       / DOME_UNITS_PER_RADIAN)
        span = 2 * math.pi if self.camera == "equirect360" else math.pi
        return span / w * DOME_UNITS_PER_RADIAN

    def uniforms(self, size: tuple[int, int]) -> dict[str, object]:
        """The projection uniforms of a scene program for a picture of ``size``."""
        span = {"screen": (0.0, 0.0, 0.0, 0.0),
                "equirect360": (-math.pi, math.pi, -math.pi / 2, math.pi / 2),
                "equirect180": (-math.pi / 2, math.pi / 2, -math.pi / 2, math.pi / 2),
                "eye": (self.fov[0], self.fov[1], self.fov[3], self.fov[2])}[self.camera]
        units = (self.flat_units_per_m if self.surface == "flat" else DOME_UNITS_PER_RADIAN)
        return {
            "u_stereo": (float(self.eye_m), self.surface_m, math.radians(self.comfort_deg),
                         float(self.ipd_m)),
            "u_surface": (units, self.aspect(size), DIM_SURROUND, 0.0),
            "u_span": span,
            "u_camera": _rotation(self.orientation),
        }

    def disparity(self, metres: float) -> float:
        """The horizontal shift, in scene units, of a layer at ``metres`` between the
        left and the right eye of this view's pair on the flat screen (what
        ``at_depth`` does; tests compare screenshots with it)."""
        comfort = math.radians(self.comfort_deg)
        scale = min(1.0, comfort * self.surface_m / self.ipd_m)
        x = min(0.0, scale * self.ipd_m * (1 / self.surface_m - 1 / max(metres, 0.05)) / comfort)
        ratio = scale * (math.tanh(x) / x if x < -1e-4 else 1.0)
        return self.ipd_m * (1.0 - self.surface_m / max(metres, 0.05)) * ratio * (
            self.flat_units_per_m)


SCREEN = View()


def stereo_pair(view: View, ipd_m: float = DEFAULT_IPD_M) -> tuple[View, View]:
    """The left and right eye of ``view``."""
    return (replace(view, eye_m=-ipd_m / 2, ipd_m=ipd_m),
            replace(view, eye_m=ipd_m / 2, ipd_m=ipd_m))


def _rotation(q: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A unit quaternion (x, y, z, w) as a column-major 3×3 matrix (GLSL ``mat3``)."""
    x, y, z, w = q
    n = math.sqrt(x * x + y * y + z * z + w * w) or 1.0
    x, y, z, w = x / n, y / n, z / n, w / n
    cols = ((1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w)),
            (2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w)),
            (2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y)))
    return tuple(v for col in cols for v in col)


# Stereo layouts for ``play --stereo`` and ``still --stereo``: where each eye goes in
# the output, and how big each eye's picture is.
LAYOUTS = ("sbs", "sbs-half", "tb")


def layout(name: str, output: tuple[int, int]) -> tuple[tuple[int, int], list[Viewport]]:
    """The per-eye picture size and the (left, right) viewports for a stereo layout.

    ``sbs``: full side by side (VITURE's 3D mode: 3840×1080, 1920×1080 per eye);
    ``sbs-half``: each eye squeezed into half the width (3D TVs, projectors); ``tb``:
    top and bottom, left eye on top, each squeezed to half the height.
    """
    w, h = output
    half_w, half_h = w // 2, h // 2
    if name == "sbs":
        return (half_w, h), [(0, 0, half_w, h), (half_w, 0, w - half_w, h)]
    if name == "sbs-half":
        return (w, h), [(0, 0, half_w, h), (half_w, 0, w - half_w, h)]
    if name == "tb":
        return (w, h), [(0, h - half_h, w, half_h), (0, 0, w, h - half_h)]
    raise ValueError(f"unknown stereo layout {name!r}; one of {', '.join(LAYOUTS)}")


def stereo_views(name: str, output: tuple[int, int], ipd_m: float = DEFAULT_IPD_M,
                 view: View = SCREEN
                 ) -> tuple[tuple[int, int], list[tuple[View, Viewport | None]]]:
    """Each eye's picture size, and the (view, viewport) of each eye for a stereo layout
    of an output of ``output`` pixels: what ``Compositor.render_views`` takes."""
    eye, (left_vp, right_vp) = layout(name, output)
    left, right = stereo_pair(view, ipd_m)
    return eye, [(left, left_vp), (right, right_vp)]
