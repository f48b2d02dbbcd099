"""Look up layer classes by name; importing this module registers the built-ins."""

from __future__ import annotations

from audio import bed, binaural, chimes, drone, noise  # noqa: F401  (they register)
from audio.layer import LAYERS, Layer


def names() -> list[str]:
    return sorted(LAYERS)


def layer_class(name: str) -> type[Layer] | None:
    return LAYERS.get(name)
