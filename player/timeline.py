"""The timeline: a pure function from (playlist, session length) to what to draw.

``Timeline.build(playlist, length)`` fits the phases (see :mod:`player.fitting`)
and lays each phase out as *slots* — one per scene shown in turn. ``at(t)`` then
answers, for any session time, which scene slots are visible with what weight, which
phase is playing, and the master fade level. Nothing depends on earlier calls, so
the live player, a preview at any speed, a still, an export and the safety analysis
all ask the same question and get the same answer.

Crossfades are centred on slot boundaries and follow a smootherstep curve, so the
mix has no kink; the session fades in from and out to black the same way.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from player.easing import smootherstep
from player.fitting import fit
from player.playlist import PhaseSpec, Playlist, SceneRef

__all__ = ["FramePlan", "Layer", "Phase", "Slot", "Timeline", "smootherstep"]


@dataclass(frozen=True)
class Phase:
    index: int
    name: str
    start: float
    end: float
    spec: PhaseSpec

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Slot:
    """One scene shown from ``start`` to ``end`` (crossfades straddle the ends)."""

    index: int
    phase: int
    key: tuple[int, int]      # (phase, position in the phase's scene list): one scene instance
    scene: SceneRef
    start: float
    end: float
    fade_in: float            # crossfade length centred on ``start`` (0 for the first slot)
    fade_out: float           # crossfade length centred on ``end`` (0 for the last slot)
    offset: float             # scene time already shown by earlier slots of the same key

    def local_t(self, t: float) -> float:
        """Seconds since this scene became visible, continuing earlier turns of it."""
        return t - (self.start - self.fade_in / 2) + self.offset


@dataclass(frozen=True)
class Layer:
    slot: Slot
    t: float
    weight: float


@dataclass(frozen=True)
class FramePlan:
    t: float
    layers: tuple[Layer, ...]
    phase: Phase
    fade: float


@dataclass(frozen=True)
class Timeline:
    playlist: Playlist
    length: float
    phases: tuple[Phase, ...]
    slots: tuple[Slot, ...]
    fade_in: float
    fade_out: float
    turns: tuple[float, ...]   # seconds per scene turn in each phase (fixed at first fit)

    @classmethod
    def build(cls, playlist: Playlist, length: float) -> Timeline:
        durations = fit(playlist.phases, length, playlist.name)
        return cls.from_durations(playlist, durations)

    @classmethod
    def from_durations(cls, playlist: Playlist, durations: Sequence[float],
                       turns: Sequence[float] | None = None) -> Timeline:
        """Lay out phases of the given durations. ``turns`` keeps the scene rotation of an
        earlier layout, so re-timing a live session never moves a boundary already shown."""
        phases: list[Phase] = []
        start = 0.0
        for i, (spec, dur) in enumerate(zip(playlist.phases, durations)):
            end = start + dur
            phases.append(Phase(i, spec.name, start, end, spec))
            start = end
        length = phases[-1].end
        fade_in, fade_out = playlist.fade_in, playlist.fade_out
        if fade_in + fade_out > 0.8 * length:  # short sessions still fade, proportionally
            k = 0.8 * length / (fade_in + fade_out)
            fade_in, fade_out = fade_in * k, fade_out * k
        if turns is None:  # even turns, and every listed scene gets at least one
            turns = [p.duration / max(len(p.spec.scenes), round(p.duration / p.spec.rotate)
                                      if p.spec.rotate else 1) for p in phases]
        slots = _layout(phases, turns)
        return cls(playlist, length, tuple(phases), slots, fade_in, fade_out, tuple(turns))

    def phase_at(self, t: float) -> Phase:
        starts = [p.start for p in self.phases]
        i = max(0, min(len(self.phases) - 1, bisect.bisect_right(starts, t) - 1))
        return self.phases[i]

    def fade(self, t: float) -> float:
        """Master fade level in [0, 1]: 0 before the start and after the end."""
        if t <= 0 or t >= self.length:
            return 0.0
        up = smootherstep(t / self.fade_in) if self.fade_in > 0 else 1.0
        down = smootherstep((self.length - t) / self.fade_out) if self.fade_out > 0 else 1.0
        return up * down

    def at(self, t: float) -> FramePlan:
        """What to draw at session time ``t`` (clamped to the session)."""
        t = min(max(t, 0.0), self.length)
        starts = [s.start for s in self.slots]
        k = max(0, min(len(self.slots) - 1, bisect.bisect_right(starts, t) - 1))
        slot = self.slots[k]
        layers: tuple[Layer, ...]
        if k > 0 and t < slot.start + slot.fade_in / 2:
            prev = self.slots[k - 1]
            m = smootherstep((t - slot.start) / slot.fade_in + 0.5)
            layers = (Layer(prev, prev.local_t(t), 1 - m), Layer(slot, slot.local_t(t), m))
        elif k + 1 < len(self.slots) and t >= slot.end - slot.fade_out / 2:
            nxt = self.slots[k + 1]
            m = smootherstep((t - slot.end) / slot.fade_out + 0.5)
            layers = (Layer(slot, slot.local_t(t), 1 - m), Layer(nxt, nxt.local_t(t), m))
        else:
            layers = (Layer(slot, slot.local_t(t), 1.0),)
        layers = tuple(layer for layer in layers if layer.weight > 0) or layers[-1:]
        return FramePlan(t, layers, self.phases[slot.phase], self.fade(t))


def _layout(phases: Sequence[Phase], turns: Sequence[float]) -> tuple[Slot, ...]:
    """Split each phase into scene turns of ``turns[i]`` seconds — a boundary wherever one
    falls before the phase's own outgoing crossfade — then set every crossfade."""
    raw: list[tuple[int, int, SceneRef, float, float]] = []
    for ph, turn in zip(phases, turns):
        scenes = ph.spec.scenes
        n = len(scenes)
        last = ph.end - ph.spec.transition / 2 - 1e-6
        bounds = [ph.start]
        while n > 1 and bounds[-1] + turn < last:
            bounds.append(bounds[-1] + turn)
        bounds.append(ph.end)
        for j, (a, b) in enumerate(pairwise(bounds)):
            raw.append((ph.index, j % n, scenes[j % n], a, b))
    slots: list[Slot] = []
    shown: dict[tuple[int, int], float] = {}
    for i, (phase, pos, ref, start, end) in enumerate(raw):
        def boundary(a: int, b: int) -> float:
            want = phases[raw[b][0]].spec.transition
            return min(want, raw[a][4] - raw[a][3], raw[b][4] - raw[b][3])
        fade_in = boundary(i - 1, i) if i > 0 else 0.0
        fade_out = boundary(i, i + 1) if i + 1 < len(raw) else 0.0
        key = (phase, pos)
        slots.append(Slot(i, phase, key, ref, start, end, fade_in, fade_out, shown.get(key, 0.0)))
        shown[key] = shown.get(key, 0.0) + (end - start) + (fade_in + fade_out) / 2
    return tuple(slots)
