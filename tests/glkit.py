"""Rendering helpers for tests: scenes and frames through the offscreen GL context."""

from __future__ import annotations

import numpy as np

from player.compositor import Compositor
from player.gl.context import offscreen
from player.gl.scenepass import make_layer
from scenes.base import Scene

LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)


def scene_image(scene: Scene, t: float, size: tuple[int, int] = (96, 54)) -> np.ndarray:
    """The scene's own float32 sRGB picture (H, W, 3), first row at the top."""
    ctx = offscreen()
    layer = make_layer(ctx, scene)
    try:
        tex = layer.draw(t, size, 2.0 / size[1])
        w, h = tex.size
        comps = tex.components
        data = np.frombuffer(tex.read(), np.float16 if tex.dtype == "f2" else np.float32)
        img = data.reshape(h, w, comps)[:, :, :3].astype(np.float32)
        return img if layer.flip else img[::-1].copy()
    finally:
        layer.release()


def luminance(img: np.ndarray) -> float:
    """Mean relative luminance of an sRGB image in [0, 1] or 0..255."""
    arr = img.astype(np.float32)
    if arr.max() > 1.5:
        arr = arr / 255.0
    lin = np.where(arr <= 0.04045, arr / 12.92, ((arr + 0.055) / 1.055) ** 2.4)
    return float((lin @ LUMA).mean())


def compositor(size: tuple[int, int], **kwargs) -> Compositor:
    kwargs.setdefault("guard", False)
    return Compositor(size, seed=kwargs.pop("seed", 1), **kwargs)
