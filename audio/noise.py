"""Coloured noise with slow filter sweeps and swells: ocean, wind, distant rain.

Filters with memory cannot be seeked, so the noise is built from overlapping grains
instead: grain ``g`` (``HOP`` samples apart, twice as long) is white noise seeded by
``g``, shaped in the frequency domain (pink 1/f or brown 1/f² colour, a low-pass at
the sweep's cutoff for that moment, a gentle high-pass against rumble) and windowed
with a sine window. To stay cheap, each grain draws its two channel spectra from a
seeded pool of white spectra (an 0.3 s noise grain recurring among dozens, with
different neighbours, filter and pan, is inaudible as a pattern). Neighbouring
grains are independent and sine² windows sum to 1, so the power stays constant
across every overlap, and any span can be rebuilt on its own.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from audio.dsp import BLOCK, control, silence
from audio.layer import Layer, level_param, register
from scenes.params import Param

HOP = 8 * BLOCK
GRAIN = 2 * HOP
_WINDOW = np.sin(np.pi * (np.arange(GRAIN, dtype=np.float32) + 0.5) / GRAIN)
POOL = 48
COLOURS = {"white": 0.0, "pink": 1.0, "brown": 2.0}


@register
class Noise(Layer):
    name = "noise"
    description = "pink or brown noise with a slow filter sweep and swell (ocean, wind)"
    params = (
        Param("colour", "pink", "noise colour: brown is deep like surf, pink is airy "
              "like wind, white is bright", choices=tuple(COLOURS)),
        Param("cutoff", 900.0, "centre of the low-pass sweep in Hz", min=80.0, max=12000.0),
        Param("sweep", 1.5, "how far the cutoff sweeps up and down, in octaves",
              min=0.0, max=4.0),
        Param("period", 47.0, "seconds for one slow sweep", min=5.0, max=900.0),
        Param("swell", 0.3, "depth of slow wave-like level swells (0 = steady)",
              min=0.0, max=0.9),
        Param("swell_period", 11.0, "seconds from one swell to the next", min=3.0, max=120.0),
        Param("width", 0.7, "stereo width: 0 mono, 1 fully independent channels",
              min=0.0, max=1.0),
        level_param(),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        freqs = np.fft.rfftfreq(GRAIN, 1 / self.rate)
        f = np.maximum(freqs, 1.0)
        colour = f ** (-COLOURS[str(self.p["colour"])] / 2)
        highpass = 1 / np.sqrt(1 + (30.0 / f) ** 4)
        self._shape = (colour * highpass).astype(np.float32)
        self._freqs = f.astype(np.float32)
        self._grain = lru_cache(maxsize=8)(self._make_grain)
        r = self.rng(1)
        self._sweep_ph, self._swell_ph = r.uniform(0, 2 * np.pi, size=2)
        spec = self.rng(3).standard_normal((2, POOL, len(f)), dtype=np.float32)
        self._pool = (spec[0] + 1j * spec[1]).astype(np.complex64)

    def _cutoff(self, t: np.ndarray) -> np.ndarray:
        octaves = float(self.p["sweep"]) * np.sin(2 * np.pi * t / float(self.p["period"])
                                                  + self._sweep_ph)
        return float(self.p["cutoff"]) * 2.0 ** octaves

    def _swell(self, t: np.ndarray) -> np.ndarray:
        depth = float(self.p["swell"])
        # Two incommensurate waves, so the swells never settle into an exact pulse.
        p = float(self.p["swell_period"])
        s = (0.6 * np.sin(2 * np.pi * t / p + self._swell_ph)
             + 0.4 * np.sin(2 * np.pi * t / (p * 1.618) + 1.3))
        return 1 - depth * (0.5 + 0.5 * s)

    def _make_grain(self, g: int) -> np.ndarray:
        """Grain ``g``: stereo float32 ``(GRAIN, 2)`` starting at sample ``g * HOP``."""
        a, b = self.rng(2, g).choice(POOL, size=2, replace=False)
        fc = float(self._cutoff(np.array((g * HOP + HOP) / self.rate)))
        lp = 1 / np.sqrt(1 + (self._freqs / np.float32(fc)) ** 4)
        width = float(self.p["width"])
        mix = np.stack([self._pool[a], np.float32(np.sqrt(1 - width)) * self._pool[a]
                        + np.float32(np.sqrt(width)) * self._pool[b]])
        x = np.fft.irfft(mix * (self._shape * lp), n=GRAIN).astype(np.float32)
        # Normalise to the grain filter's expected power so sweeps change tone, not level.
        power = float(np.sum((self._shape * lp) ** 2)) * 2 / GRAIN**2
        return (x * _WINDOW).T * np.float32(0.1 / np.sqrt(max(power, 1e-20)))

    def render(self, start: int, n: int) -> np.ndarray:
        out = silence(n)
        g0, g1 = start // HOP - 1, (start + n - 1) // HOP
        for g in range(max(g0, -1), g1 + 1):
            a, b = max(start, g * HOP), min(start + n, g * HOP + GRAIN)
            if a < b:
                out[a - start:b - start] += self._grain(g)[a - g * HOP:b - g * HOP]
        swell = control(self._swell, start, n, self.rate)
        return out * (swell * np.float32(self.gain))[:, None]
