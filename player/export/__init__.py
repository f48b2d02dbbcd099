"""Exporting a session as a video file: one more driver of the one compositor.

Time is the only input (DESIGN.md), so an export is a list of timestamps: frame ``k``
of an export that starts at session time ``start`` shows ``start + k / fps``, rendered
offscreen by the same :class:`~player.compositor.Compositor` as ``driftlight still``,
and the soundtrack is the same pure function of the sample index as
``driftlight audio``. Nothing depends on what was rendered before, so the frames split
into independent *segments*:

- :mod:`player.export.job` — what to export (timeline, size, rate, codec, range) and the
  fingerprint that says whether finished segments on disk belong to it;
- :mod:`player.export.segments` — the split into segments, and the check that a
  segment file on disk is complete (its packets counted by ffprobe);
- :mod:`player.export.tools` — finding ffmpeg and ffprobe, or one clear line;
- :mod:`player.export.encode` — one ffmpeg process per segment, fed raw frames through
  a pipe (8-bit H.264, or 10-bit HEVC whose dither survives the encoder);
- :mod:`player.export.worker` — a worker process: its own offscreen GL context,
  renders its segments and encodes them;
- :mod:`player.export.mux` — the soundtrack, then segments joined without re-encoding
  (ffmpeg's concat demuxer) and muxed with AAC sound into the final file;
- :mod:`player.export.driver` — runs the segments on N spawned workers, resumes from
  finished ones, reports progress (:mod:`player.export.progress`);
- :mod:`player.export.banding` — how visible banding is in a decoded file.

docs/export.md has the how and why, and how a cluster would run the segments.
"""
