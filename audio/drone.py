"""An evolving pad: open just-intonation chords that change slowly and glide into each other.

Each chord note is two oscillators detuned by a few cents (a slow, gentle chorus,
spread left and right) plus a soft octave harmonic. Chord ``j`` sounds from
``j * change`` to ``(j + 1) * change`` seconds and crossfades into the next over
``glide`` seconds with a smootherstep, so nothing ever steps.
"""

from __future__ import annotations

import numpy as np

from audio.dsp import block_times, interp, silence, sines, smootherstep
from audio.layer import Layer, level_param, register
from scenes.params import Param

# Chords as frequency ratios to the root (just intonation: 3/2 fifths, 5/4 thirds).
PROGRESSIONS: dict[str, tuple[tuple[float, ...], ...]] = {
    "open": ((1, 3 / 2, 2, 5 / 2), (4 / 3, 2, 8 / 3, 10 / 3),
             (5 / 6, 5 / 4, 5 / 3, 2), (3 / 4, 9 / 8, 3 / 2, 2)),
    "minor": ((1, 3 / 2, 2, 12 / 5), (4 / 5, 6 / 5, 8 / 5, 2),
              (2 / 3, 1, 4 / 3, 8 / 5), (3 / 4, 9 / 8, 3 / 2, 9 / 5)),
    "suspended": ((1, 3 / 2, 2, 8 / 3), (1, 4 / 3, 2, 9 / 4), (2 / 3, 1, 4 / 3, 2),
                  (3 / 4, 9 / 8, 3 / 2, 9 / 4)),
}


@register
class Drone(Layer):
    name = "drone"
    description = "an evolving pad of slow, consonant chord changes with gentle detuning"
    params = (
        Param("root", 110.0, "root pitch in Hz (110 is a low A)", min=40.0, max=440.0),
        Param("chords", "open", "chord progression", choices=tuple(PROGRESSIONS)),
        Param("change", 45.0, "seconds between chord changes", min=8.0, max=600.0),
        Param("glide", 16.0, "seconds each chord change takes", min=2.0, max=120.0),
        Param("detune", 5.0, "detuning between paired oscillators, in cents",
              min=0.0, max=30.0),
        Param("warmth", 0.35, "level of the soft octave harmonic", min=0.0, max=1.0),
        level_param(),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chords = PROGRESSIONS[str(self.p["chords"])]
        self.change = float(self.p["change"])
        self.glide = min(float(self.p["glide"]), 0.9 * self.change)
        self.first = int(self.rng(0).integers(len(self.chords)))
        d = 2 ** (float(self.p["detune"]) / 1200)
        self.spread = np.array([1 / d, d], dtype=np.float64)
        # Slow, incommensurate swells per voice (periods 23–61 s), seeded.
        r = self.rng(1)
        self.swell_hz = 1 / r.uniform(23, 61, size=8)
        self.swell_ph = r.uniform(0, 2 * np.pi, size=8)

    def _weight(self, j: int, t: np.ndarray) -> np.ndarray:
        rise = smootherstep((t - j * self.change) / self.glide + 0.5)
        fall = smootherstep((t - (j + 1) * self.change) / self.glide + 0.5)
        return rise - fall if j > 0 else 1.0 - fall  # chord 0 has sounded since t = -inf

    def render(self, start: int, n: int) -> np.ndarray:
        t = block_times(start, n, self.rate)
        j0 = max(0, int((t[0] - self.glide) // self.change))
        j1 = int((t[-1] + self.glide) // self.change)
        out = silence(n)
        root = float(self.p["root"])
        warmth = np.float32(float(self.p["warmth"]) * 0.3)
        for j in range(j0, j1 + 1):
            w = self._weight(j, t)
            if not np.any(w > 0):
                continue
            notes = np.asarray(self.chords[(self.first + j) % len(self.chords)]) * root
            swell = 0.75 + 0.25 * np.sin(2 * np.pi * self.swell_hz[: len(notes), None] * t
                                         + self.swell_ph[: len(notes), None])
            amp = interp(swell * w / np.sqrt(notes / root)[:, None])  # (notes, n)
            pair = sines(start, n, (notes[:, None] * self.spread).reshape(-1), self.rate)
            pair = pair.reshape(len(notes), 2, n)
            octave = sines(start, n, notes * 2, self.rate) * warmth
            left = ((pair[:, 0] + 0.6 * pair[:, 1] + octave) * amp).sum(0)
            right = ((pair[:, 1] + 0.6 * pair[:, 0] + octave) * amp).sum(0)
            out[:, 0] += left
            out[:, 1] += right
        return out * np.float32(0.05 * self.gain)
