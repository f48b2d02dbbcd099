"""The scene contract.

A scene is a small class. It declares its parameters once (``params``), is built
from validated parameter values and a seed, and renders frame ``t`` — seconds since
the scene began — over a coordinate :class:`Grid`::

    @register
    class Glow(Scene):
        name = "glow"
        description = "a soft breathing glow"
        params = (palette_param("dusk"), speed_param())
        tags = ("paced", "abstract", "warm")

        def render(self, t: float, grid: Grid) -> np.ndarray:
            r = np.hypot(grid.x, grid.y)
            return colourise(self.p["palette"], np.exp(-r * r) * 0.8)

Rules, so that scrubbing, previews, exports and the safety analysis all see the
same picture: the output is a pure function of ``(params, seed, grid, t)``;
randomness comes only from ``self.rng()``; caches (per grid, per parameter) are
fine, state that changes the output from one frame to the next is not.

The output is a float32 ``(H, W, 3)`` sRGB image in [0, 1] at the grid's size.

Built-in scenes are :class:`ShaderScene`: the same class and parameters, but the
picture is GLSL run by the GPU at the output resolution — a function
``vec3 scene(vec2 p, float t)`` of the scene coordinates ``p`` (the grid's convention),
the scene time, the seed (through the shared hash functions) and the parameters, which
arrive as uniforms ``u_<name>``::

    @register
    class Glow(ShaderScene):
        name = "glow"
        description = "a soft breathing glow"
        params = (palette_param("dusk"), speed_param())
        shader = '''
            vec3 scene(vec2 p, float t) {
                return palette(0.8 * glow(p, 0.9 + 0.05 * sin(t * u_speed)));
            }
        '''

The shared library (``scenes/glsl``: noise, fbm, palettes, soft points, signed
distances) is included once for every scene. numpy scenes remain the contract for
plugins; the compositor uploads their frames and composes them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import numpy as np

from scenes import palettes
from scenes.params import Param, ParamError, Value, resolve


@dataclass(frozen=True, eq=False)
class Grid:
    """Coordinates of every pixel a scene renders.

    ``x`` runs from ``-aspect`` (left) to ``+aspect`` (right) and ``y`` from -1 (top)
    to +1 (bottom), sampled at pixel centres, so a circle stays round on any screen.
    A later projection (stereo eyes, 360°) is just another grid.
    """

    width: int
    height: int
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def shape(self) -> tuple[int, int]:
        return (self.height, self.width)


@cache
def grid(width: int, height: int) -> Grid:
    """The flat screen grid of ``width`` × ``height`` pixels (cached, read-only)."""
    aspect = width / height
    xs = ((np.arange(width, dtype=np.float32) + 0.5) / width * 2 - 1) * aspect
    ys = (np.arange(height, dtype=np.float32) + 0.5) / height * 2 - 1
    x, y = np.meshgrid(xs, ys)
    x.flags.writeable = False
    y.flags.writeable = False
    return Grid(width, height, x, y)


class Scene:
    """Base class of every scene; subclasses set the class attributes and ``render``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    """Mood tags from :mod:`scenes.tags`: one mood (its part in a session) and families."""
    projections: ClassVar[tuple[str, ...]] = ("flat",)
    """Surfaces it may be shown on (:mod:`player.gl.view`): flat, dome (VR180), sphere."""

    def __init__(self, params: Mapping[str, Any] | None = None, seed: int = 0) -> None:
        values, errors = resolve(self.params, params or {})
        if errors:
            raise errors[0]
        self.p: dict[str, Value] = values
        self.seed = int(seed)

    def rng(self, stream: int = 0) -> np.random.Generator:
        """A fresh generator for ``stream``: the same numbers every call, for this seed."""
        return np.random.default_rng([self.seed, stream, _name_key(self.name)])

    def render(self, t: float, grid: Grid) -> np.ndarray:
        raise NotImplementedError

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()`` once per ``key`` for this scene instance (static, per-grid data)."""
        store = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = make()
        return store[key]

    def scratch(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A reused float32 work buffer: fresh large arrays every frame cost page faults.

        A scene may return a scratch buffer from ``render``; callers that keep a frame
        must copy it, because the next ``render`` call overwrites it.
        """
        return self.memo(("scratch", name, shape), lambda: np.empty(shape, np.float32))

    @classmethod
    def check_params(cls, given: Mapping[str, Any]) -> list[ParamError]:
        """Every problem with ``given`` for this scene (unknown keys, types, ranges)."""
        return resolve(cls.params, given)[1]


class ShaderScene(Scene):
    """A scene drawn on the GPU: ``shader`` defines ``vec3 scene(vec2 p, float t)``.

    Parameters become uniforms: numbers and booleans ``uniform float u_<name>``, the
    palette a lookup-table texture read with ``palette(x)``, any other choice the
    index of the chosen value (with ``#define <NAME>_<CHOICE> index``).
    """

    shader: ClassVar[str] = ""
    projections: ClassVar[tuple[str, ...]] = ("flat", "dome")

    def render(self, t: float, grid: Grid) -> np.ndarray:
        raise TypeError(f"scene '{self.name}' is drawn by the GPU; use the compositor")

    @classmethod
    def declarations(cls) -> str:
        """GLSL uniform declarations of this scene's parameters."""
        lines = []
        for p in cls.params:
            if p.choices == palettes.NAMES:
                continue                      # the palette texture, declared for all
            lines.append(f"uniform float u_{p.name};")
            for i, choice in enumerate(p.choices or ()):
                lines.append(f"#define {p.name.upper()}_{choice.upper()} {i}.0")
        return "\n".join(lines)

    def uniforms(self) -> dict[str, float]:
        """This instance's parameter values as uniform values (palettes excluded)."""
        out = {}
        for p in self.params:
            value = self.p[p.name]
            if p.choices == palettes.NAMES:
                continue
            out[f"u_{p.name}"] = float(p.choices.index(value)) if p.choices else float(value)
        return out

    def palette_name(self) -> str:
        for p in self.params:
            if p.choices == palettes.NAMES:
                return str(self.p[p.name])
        return "dusk"

    def seed_uniforms(self) -> dict[str, Any]:
        """The seed as the shader sees it: a 32-bit hash key and a far noise offset."""
        key = int(self.rng(0x5eed).integers(0, 2**32, dtype=np.uint64))
        offset = self.rng(0x0ff5e7).uniform(64.0, 512.0, 2)
        return {"u_seed_u": key, "u_seed_offset": (float(offset[0]), float(offset[1]))}


def _name_key(name: str) -> int:
    return sum((i + 1) * ord(c) for i, c in enumerate(name))


# Parameters most scenes share, so their names, ranges and help read the same everywhere.

def palette_param(default: str = "dusk") -> Param:
    return Param("palette", default, "colour palette", choices=palettes.NAMES)


def speed_param(default: float = 1.0) -> Param:
    return Param("speed", default, "motion speed; 1 is the calm default", min=0.05, max=4.0)


def brightness_param(default: float = 1.0) -> Param:
    return Param("brightness", default, "scene brightness before the master cap",
                 min=0.1, max=1.5)


def scale_param(default: float = 1.0, help: str = "size of the features") -> Param:
    return Param("scale", default, help, min=0.25, max=4.0)


def density_param(default: float = 1.0, help: str = "how many elements") -> Param:
    return Param("density", default, help, min=0.1, max=4.0)
