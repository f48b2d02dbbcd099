"""A pulse-less bed for integration: a low, steady harmonic hum with a breath of air.

Five soft harmonics of one root, each drifting in level on its own very slow,
incommensurate period (80–210 s), so the bed never swells in a rhythm the body
could lock onto; an optional wash of brown noise (a quiet :class:`audio.noise.Noise`)
adds air. It is meant for the quiet end of a session, under or instead of the drone.
"""

from __future__ import annotations

import numpy as np

from audio.dsp import block_times, interp, sines
from audio.layer import Layer, level_param, register
from audio.noise import Noise
from scenes.params import Param

HARMONICS = np.array([1.0, 2.0, 3.0, 4.0, 6.0])
HARMONIC_LEVEL = np.array([1.0, 0.55, 0.25, 0.12, 0.05])


@register
class Bed(Layer):
    name = "bed"
    description = "a low, steady, pulse-less harmonic bed with a breath of air"
    params = (
        Param("root", 73.4, "pitch of the bed in Hz (73.4 is a low D)", min=40.0, max=220.0),
        Param("air", 0.3, "amount of soft brown-noise air", min=0.0, max=1.0),
        Param("brightness", 0.5, "how much of the upper harmonics", min=0.0, max=1.0),
        level_param(),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        r = self.rng(0)
        self.drift_hz = 1 / r.uniform(80, 210, size=(2, len(HARMONICS)))
        self.drift_ph = r.uniform(0, 2 * np.pi, size=(2, len(HARMONICS)))
        b = float(self.p["brightness"])
        self.levels = HARMONIC_LEVEL ** (1.5 - b)
        self.air = Noise({"colour": "brown", "cutoff": 400.0, "sweep": 0.7, "period": 173.0,
                          "swell": 0.0, "width": 0.9}, seed=self.seed, rate=self.rate)
        self.freqs = float(self.p["root"]) * HARMONICS * 2 ** (np.array([0, 2, -2, 3, -3]) / 1200)

    def render(self, start: int, n: int) -> np.ndarray:
        t = block_times(start, n, self.rate)
        drift = 0.7 + 0.3 * np.sin(2 * np.pi * self.drift_hz[..., None] * t + self.drift_ph[
            ..., None])                                          # (2 channels, harmonics, t)
        tones = sines(start, n, self.freqs, self.rate)           # (harmonics, n)
        out = np.stack([(tones * interp(drift[c] * self.levels[:, None])).sum(0)
                        for c in (0, 1)], axis=1)
        out *= np.float32(0.07)
        air = float(self.p["air"])
        if air > 0:
            out += self.air.render(start, n) * np.float32(0.35 * air)
        return out * np.float32(self.gain)
