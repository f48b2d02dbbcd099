"""Photosensitivity safety: prove the visuals cannot trigger a seizure.

- :mod:`~player.safety.criteria` — the WCAG 2.3.1 numbers, declared once;
- :mod:`~player.safety.luminance` — relative luminance and the red value of sRGB pixels;
- :mod:`~player.safety.transitions` — per-pixel peaks and valleys → dated transitions;
- :mod:`~player.safety.area` — the 10° field-of-view windows, their flashing area, and
  the regions whose light must flash with a pixel;
- :mod:`~player.safety.analyser` — frames in, a :class:`~player.safety.report.Report` out;
- :mod:`~player.safety.video` — any video file, linearised and shrunk by ffmpeg;
- :mod:`~player.safety.playlist` — every frame a playlist will show, as a display shows it;
- :mod:`~player.safety.guard` — the live guard that keeps strobing off the screen;
- :mod:`~player.safety.guardsim` — the guard in a numpy model of the compositor;
- :mod:`~player.safety.corpus` — known-answer videos for tests and ``bench safety``;
- :mod:`~player.safety.strobes` — a deliberately broken plugin for the strobe sweep.

The method, its sources and its limits are in ``docs/safety.md``.
"""
