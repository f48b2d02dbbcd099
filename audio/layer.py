"""The audio layer contract and the one registry of layer classes.

A layer is a small class, like a scene: parameters declared once as
:class:`scenes.params.Param` (validation, the JSON Schema, ``driftlight audio --layers``
and docs all come from them), built from validated values and a seed, and rendering
``render(start, n)`` — stereo float32 samples ``[start, start + n)`` of session time.
Spans are always :data:`audio.dsp.BLOCK`-aligned (see :mod:`audio.dsp`).

Rules: the output is a pure function of ``(params, seed, rate, sample index)``;
randomness only from ``self.rng(...)``; caches are fine, history is not. Layers aim
for roughly −20 dBFS RMS at ``level_db = 0``: the session normalises the phase mix to
the loudness target, ``level_db`` sets the balance between layers.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from audio.dsp import RATE, db
from scenes.params import Param, Value, resolve

LAYERS: dict[str, type[Layer]] = {}


def level_param(default: float = 0.0) -> Param:
    """The balance control every layer shares."""
    return Param("level_db", default, "layer level in dB relative to the others "
                 "(the phase mix is normalised to the loudness target afterwards)",
                 min=-40.0, max=12.0)


class Layer:
    """Base class of every generative layer; subclasses set the class attributes."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()

    def __init__(self, params: Mapping[str, Any] | None = None, seed: int = 0,
                 rate: int = RATE) -> None:
        values, errors = resolve(self.params, params or {}, owner=f"layer '{self.name}'")
        if errors:
            raise errors[0]
        self.p: dict[str, Value] = values
        self.seed = int(seed)
        self.rate = int(rate)
        self.gain = db(float(values.get("level_db", 0.0)))

    def rng(self, *stream: int) -> np.random.Generator:
        """A fresh generator for ``stream``: the same numbers every call, for this seed."""
        key = [self.seed, zlib.crc32(self.name.encode()), *stream]
        return np.random.default_rng([k % (1 << 63) for k in key])

    def render(self, start: int, n: int) -> np.ndarray:
        """Stereo float32 ``(n, 2)`` for samples ``[start, start + n)``."""
        raise NotImplementedError


def register(cls: type[Layer]) -> type[Layer]:
    """Class decorator: add ``cls`` to the registry under ``cls.name``."""
    LAYERS[cls.name] = cls
    return cls
