"""Generative ambient sound that follows the session timeline.

Audio is a pure function of ``(timeline, seed, sample index)``, like the picture is
of ``(timeline, t)``::

    from audio.session import SessionAudio
    sound = SessionAudio(timeline, seed=1)          # 48 kHz stereo
    samples = sound.render(0, 48000)                # float32 (48000, 2): the first second

Rendering ``[a, b)`` in one piece or in any chunks gives the same samples, so the
live player, an offline export and the tests all hear the same session.

Each phase's ``audio:`` section lists *layers* (``drone``, ``noise``, ``chimes``,
``bed``, ``binaural``), each a small class with declared :class:`scenes.params.Param`
values, plus an optional user file. Phases crossfade exactly when the visuals do and
the session fades in and out with the picture. ``audio.live.LiveAudio`` streams it to
the sound device; nothing here knows about pygame surfaces.
"""
