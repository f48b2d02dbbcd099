"""Compile the session's shaders ahead, in a separate process, so no frame waits for them.

A software renderer (Mesa's llvmpipe) or a GPU driver compiles a shader to machine code
the first time it draws — on llvmpipe close to a second for the larger scenes, which
would freeze the picture for that long when a new scene fades in. Drivers keep what
they compiled in an on-disk cache, so a small process that compiles and draws every
scene of the session once, at start-up and at low priority, turns the session's own
later compiles into cache hits. It is only an optimisation: if it fails or the driver
has no cache, the session is merely slower to start a scene.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable


def start(names: Iterable[str]) -> subprocess.Popen | None:
    """Warm the given built-in scenes in the background; returns the process (or None)."""
    names = sorted(set(names))
    if not names or os.environ.get("DRIFTLIGHT_NO_WARMUP"):
        return None
    try:
        return subprocess.Popen([sys.executable, "-m", "player.gl.warmup", *names],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    except OSError:
        return None


def warm(names: list[str]) -> None:
    from player.gl.context import offscreen
    from player.gl.scenepass import ShaderLayer
    from scenes import registry
    from scenes.base import ShaderScene

    if hasattr(os, "nice"):
        os.nice(10)
    ctx = offscreen()
    for name in names:
        try:
            cls = registry.get(name)
            if issubclass(cls, ShaderScene):
                layer = ShaderLayer(ctx, cls({}, seed=0))
                layer.draw(0.0, (8, 8), 0.25)
                ctx.finish()
                layer.release()
        except Exception:     # warming is best effort
            continue


if __name__ == "__main__":
    warm(sys.argv[1:])
