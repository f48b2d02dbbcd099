"""An optional binaural beat: two steady tones, one per ear, a few Hz apart.

The brain hears the difference as a slow beat only over **headphones**; through
loudspeakers the two tones mix in the air into an ordinary slow tremolo. It is off
unless a phase lists it, and its level is low by default.
"""

from __future__ import annotations

import numpy as np

from audio.dsp import sines
from audio.layer import Layer, level_param, register
from scenes.params import Param


@register
class Binaural(Layer):
    name = "binaural"
    description = "a binaural beat (headphones needed; off unless a phase lists it)"
    params = (
        Param("carrier", 200.0, "carrier pitch in Hz", min=60.0, max=600.0),
        Param("beat", 6.0, "beat frequency in Hz: the difference between the ears",
              min=0.5, max=30.0),
        level_param(-10.0),
    )

    def render(self, start: int, n: int) -> np.ndarray:
        c, b = float(self.p["carrier"]), float(self.p["beat"])
        ears = sines(start, n, np.array([c - b / 2, c + b / 2]), self.rate)
        return (ears.T * np.float32(0.1 * self.gain)).astype(np.float32)
