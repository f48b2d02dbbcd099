"""``play --vr``: the session in a headset through OpenXR (the optional ``driftlight[vr]``).

- :mod:`player.vr.states`: the OpenXR session states as pure logic;
- :mod:`player.vr.runtime`: the small interface the headset needs from a runtime;
- :mod:`player.vr.openxr`: that interface over pyopenxr (the only module importing it);
- :mod:`player.vr.headset`: states, frames, world-locked layers, losses and retries;
- :mod:`player.vr.painter`: the OpenGL side (the headset's compositor, per-eye re-sampling);
- :mod:`player.vr.output`: the headset as an output of :class:`player.session.Session`;
- :mod:`player.vr.start`: starting it, with every refusal said before the session.
"""
