"""Sparse, soft bells: seeded strikes from a pentatonic scale that ring out slowly.

Time is cut into cells of ``60 / rate`` seconds; cell ``k``'s own generator decides
whether it holds a strike, when, which note, how loud and where in the stereo field.
A span is rendered by asking only the cells whose ringing could reach it, so any span
is exact on its own. Each strike has a soft raised-cosine attack (no click), an
exponential ring of inharmonic bell partials, and a smooth taper to exactly zero.
"""

from __future__ import annotations

import numpy as np

from audio.dsp import block_times, interp, silence, sines, smootherstep
from audio.layer import Layer, level_param, register
from scenes.params import Param

SCALES = {
    "pentatonic": (1, 9 / 8, 5 / 4, 3 / 2, 5 / 3, 2, 9 / 4, 5 / 2),
    "minor": (1, 6 / 5, 4 / 3, 3 / 2, 9 / 5, 2, 12 / 5, 8 / 3),
    "fifths": (1, 3 / 2, 2, 3, 4),
}
# Partial frequency ratios, levels and relative decay speeds of a soft bell.
PARTIALS = np.array([1.0, 2.0, 2.76, 5.4])
PARTIAL_LEVEL = np.array([1.0, 0.35, 0.2, 0.06])
PARTIAL_DECAY = np.array([1.0, 1.6, 2.2, 3.5])
RING = 5.0  # a strike lasts RING decay times (−43 dB), then tapers to zero


@register
class Chimes(Layer):
    name = "chimes"
    description = "sparse soft bells from a calm scale, placed by the seed"
    params = (
        Param("rate", 4.0, "average strikes per minute", min=0.5, max=30.0),
        Param("root", 440.0, "lowest bell pitch in Hz", min=110.0, max=1760.0),
        Param("scale", "pentatonic", "notes the bells choose from", choices=tuple(SCALES)),
        Param("decay", 3.0, "seconds for a bell to fade by 1/e (it rings ~5x longer)",
              min=0.5, max=15.0),
        Param("attack", 0.04, "seconds of soft attack", min=0.01, max=2.0),
        Param("spread", 0.6, "stereo spread of the bells (0 = centre)", min=0.0, max=1.0),
        level_param(-4.0),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cell = 60.0 / float(self.p["rate"])
        self.decay = float(self.p["decay"])
        self.length = RING * self.decay + float(self.p["attack"])
        self.notes = np.asarray(SCALES[str(self.p["scale"])]) * float(self.p["root"])

    def strike(self, k: int) -> tuple[float, float, float, float] | None:
        """Cell ``k``'s strike as (time s, frequency Hz, level, pan −1..1), or None."""
        if k < 0:
            return None
        r = self.rng(k)
        u = r.random(5)
        if u[0] > 0.75:
            return None
        freq = self.notes[int(u[2] * len(self.notes))]
        pan = (2 * u[4] - 1) * float(self.p["spread"])
        return (k + u[1]) * self.cell, float(freq), 0.5 + 0.5 * float(u[3]), pan

    def _envelope(self, age: np.ndarray, speed: float) -> np.ndarray:
        attack = float(self.p["attack"])
        rise = 0.5 - 0.5 * np.cos(np.pi * np.clip(age / attack, 0, 1))
        ring = np.exp(-np.maximum(age - attack, 0) * speed / self.decay)
        taper = smootherstep((self.length - age) / (0.3 * self.length))
        return np.where(age > 0, rise * ring * taper, 0.0)

    def render(self, start: int, n: int) -> np.ndarray:
        t = block_times(start, n, self.rate)
        out = silence(n)
        k0 = int((t[0] - self.length) // self.cell)
        k1 = int(t[-1] // self.cell)
        for k in range(k0, k1 + 1):
            s = self.strike(k)
            if s is None or s[0] >= t[-1] or s[0] + self.length <= t[0]:
                continue
            when, freq, level, pan = s
            envs = np.stack([self._envelope(t - when, d) for d in PARTIAL_DECAY])
            amp = interp(envs * (PARTIAL_LEVEL * level)[:, None])
            tone = (sines(start, n, freq * PARTIALS, self.rate) * amp).sum(0)
            out[:, 0] += tone * np.float32(np.sqrt(0.5 * (1 - pan)))
            out[:, 1] += tone * np.float32(np.sqrt(0.5 * (1 + pan)))
        return out * np.float32(0.12 * self.gain)
