"""Photosensitivity safety: prove the visuals cannot trigger a seizure.

- :mod:`~player.safety.criteria` — the WCAG 2.3.1 numbers, declared once;
- :mod:`~player.safety.luminance` — relative luminance and the red value of sRGB pixels;
- :mod:`~player.safety.transitions` — per-pixel peaks and valleys → transitions;
- :mod:`~player.safety.area` — the 10° field-of-view windows and their flashing area;
- :mod:`~player.safety.analyser` — frames in, a :class:`~player.safety.report.Report` out;
- :mod:`~player.safety.video` — any video file, decoded small by ffmpeg;
- :mod:`~player.safety.playlist` — every frame a playlist will show;
- :mod:`~player.safety.guard` — the live guard that keeps strobing off the screen.

The method, its sources and its limits are in ``docs/safety.md``.
"""
