"""How visible banding is in a *decoded* file, measured on a dark gradient.

:class:`Ramp` is a test scene (registered only by :func:`ramp_playlist`, never in the
scene list): a dark blue-grey gradient across the frame, constant down each column —
the picture that bands first. 8-bit video has about 28 codes over it, so without a
dither that survives the encoder it shows as ~22-pixel stripes.

:func:`banding` compares the decoded luma with the exact luma of the same frame. A
band is a staircase around the true ramp: averaged down the columns (as the eye
averages a fine dither) and with the slow difference removed (a small overall offset
is not banding), what is left is the staircase. Its RMS is given in 8-bit steps:
about 0.3 for a bare 8-bit staircase, close to 0 when the dither survived.
"""

from __future__ import annotations

import numpy as np

from player.playlist import PhaseSpec, Playlist, SceneRef
from scenes.base import ShaderScene

LUMA = np.array([0.2126, 0.7152, 0.0722])
SMOOTH_PX = 64          # wider than two 8-bit bands: what varies slower is not banding


class Ramp(ShaderScene):
    name = "export-ramp"
    description = "a dark gradient for measuring banding (bench export)"
    shader = """
        vec3 scene(vec2 p, float t) {
            float x = clamp(p.x / (16.0 / 9.0) * 0.5 + 0.5, 0.0, 1.0);
            return mix(0.03, 0.16, x) * vec3(0.85, 0.95, 1.0);
        }
    """


def ramp_playlist() -> Playlist:
    """A one-phase playlist that shows :class:`Ramp` (registered on first use)."""
    from scenes import registry

    if Ramp.name not in registry.names():
        registry.register(Ramp)
    return Playlist("ramp", (PhaseSpec("ramp", (SceneRef(Ramp.name),), weight=1.0),),
                    fade_in=1.0, fade_out=1.0)


def exact_luma(rgb16: np.ndarray) -> np.ndarray:
    """Y' (BT.709) of an (H, W, 3) uint16 sRGB frame, in [0, 1]."""
    return (rgb16.astype(np.float64) / 65535.0) @ LUMA


def banding(decoded: np.ndarray, exact: np.ndarray) -> dict[str, float]:
    """Banding of a decoded luma frame against the exact one (both (H, W) in [0, 1]):
    RMS and largest staircase error, in 8-bit steps, over the middle half of the rows."""
    h = decoded.shape[0]
    rows = slice(h // 4, 3 * h // 4)
    err = (decoded[rows].mean(axis=0) - exact[rows].mean(axis=0)) * 255.0
    kernel = np.ones(SMOOTH_PX) / SMOOTH_PX
    pad = np.pad(err, SMOOTH_PX // 2, mode="edge")
    slow = np.convolve(pad, kernel, mode="same")[SMOOTH_PX // 2:SMOOTH_PX // 2 + err.size]
    stair = (err - slow)[SMOOTH_PX:-SMOOTH_PX]
    return {"rms_steps": float(np.sqrt(np.mean(stair ** 2))),
            "max_steps": float(np.abs(stair).max()),
            "offset_steps": float(err.mean())}
