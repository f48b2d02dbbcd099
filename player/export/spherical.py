"""Spherical Video V2 metadata: telling a headset's player that a file is 360° or VR180.

Google's Spherical Video V2 RFC (github.com/google/spatial-media, docs/spherical-video-
v2-rfc.md) puts two boxes inside the video track's sample entry (``moov/trak/mdia/minf/
stbl/stsd/hvc1``):

- ``st3d`` (a full box): ``stereo_mode`` — 0 mono, 1 top-bottom (left eye on top),
  2 left-right (left eye on the left);
- ``sv3d``: ``svhd`` (a full box; the writer's name, NUL-terminated) and ``proj``, which
  holds ``prhd`` (the pose: yaw, pitch, roll in 16.16 fixed-point degrees) and ``equi``
  (a full box; how much of the sphere the frame leaves out at its top, bottom, left and
  right, as 0.32 fixed-point fractions of the frame). A full 360° sphere leaves nothing
  out; VR180 is a sphere cropped to its front half: a quarter (``0x40000000``) off each
  side.

ffmpeg's mp4 muxer writes these boxes only when they come with the input stream, never
from its command line, so :func:`inject` adds them to the file ffmpeg wrote
(:mod:`player.export.mp4box` does the box surgery) and :func:`read` reads them back —
as ffmpeg's own demuxer does (``mov_read_st3d``, ``mov_read_sv3d``), whose ffprobe shows
them as a stream's "Spherical Mapping" and "Stereo 3D" side data.

Players that go by the file name instead (the Oculus/Meta 360 video player, Skybox,
RAD TV, …) look for tags such as ``_360``, ``_180`` and ``_LR``/``_TB``:
:func:`tagged_name` adds them (docs/export.md lists who reads what).
"""

from __future__ import annotations

import math
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from player.errors import UserError
from player.export.mp4box import Box, MP4Error, parse, read_moov, rewrite

STEREO_MODES = {"mono": 0, "tb": 1, "lr": 2}           # st3d stereo_mode
PROJECTIONS = ("360", "180")
EYE_SIZE = {"360": (4096, 2048), "180": (2048, 2048)}  # per eye, by default
QUARTER = 0x40000000                                   # 0.25 in 0.32 fixed point
SOURCE = "driftlight"
VISUAL_ENTRY = 78       # bytes of a VisualSampleEntry's fields before its child boxes


@dataclass(frozen=True)
class Metadata:
    """What a file says about its sphere: what :func:`inject` writes, :func:`read` reads."""

    stereo: str = "mono"                                 # mono | tb | lr (or "mode N")
    projection: str = "equirectangular"                  # equirectangular | cubemap | mesh
    bounds: tuple[int, int, int, int] = (0, 0, 0, 0)     # top, bottom, left, right (0.32)
    pose: tuple[float, float, float] = (0.0, 0.0, 0.0)   # yaw, pitch, roll (degrees)
    source: str = SOURCE

    @property
    def degrees(self) -> float:
        """Horizontal field of view the frame covers (360, or 180 for VR180)."""
        _, _, left, right = self.bounds
        return 360.0 * (1.0 - (left + right) / 2**32)


def metadata_for(projection: str, stereo: str) -> Metadata:
    """The metadata of an export with ``--projection`` and ``--stereo``."""
    bounds = (0, 0, 0, 0) if projection == "360" else (0, 0, QUARTER, QUARTER)
    return Metadata(stereo, "equirectangular", bounds)


def frame_size(projection: str, stereo: str) -> tuple[int, int]:
    """The default frame: one eye's equirectangular image, or two side by side (lr) or
    one above the other (tb)."""
    w, h = EYE_SIZE[projection]
    return (w * 2, h) if stereo == "lr" else (w, h * 2) if stereo == "tb" else (w, h)


def check_size(size: tuple[int, int], projection: str, stereo: str) -> None:
    """A UserError unless ``size`` has the shape the projection needs (2:1 per eye for
    360°, square per eye for 180°): players stretch a frame of another shape."""
    want = frame_size(projection, stereo)
    if size[0] * want[1] != size[1] * want[0]:
        eye = "2:1" if projection == "360" else "1:1"
        layout = {"mono": "", "lr": ", two eyes side by side",
                  "tb": ", two eyes one above the other"}[stereo]
        example = f"{want[0] // 2}x{want[1] // 2}"
        k = math.gcd(*want)
        raise UserError(f"driftlight: error: --size {size[0]}x{size[1]} does not fit "
                        f"--projection {projection}: each eye's picture is {eye}{layout}, "
                        f"so the frame is {want[0] // k}:{want[1] // k} (for example {example}, or "
                        f"leave --size out for {want[0]}x{want[1]})")


# --- file names -------------------------------------------------------------------------

_PROJECTION_WORDS = {"360", "180"}
_STEREO_WORDS = {"lr": {"lr", "sbs", "3dh"}, "tb": {"tb", "ou", "3dv"}}


def tags(projection: str, stereo: str) -> list[str]:
    """The file-name tags players look for: ``['360']``, ``['180', 'LR']``, …"""
    return [projection] + ([stereo.upper()] if stereo != "mono" else [])


def tagged_name(out: Path, projection: str, stereo: str) -> Path:
    """``out`` with the tags it lacks added before the suffix (``trip.mp4`` →
    ``trip_180_LR.mp4``); a UserError when the name already says something else."""
    words = set(re.split(r"[^0-9a-z]+", out.stem.lower()))
    wrong = sorted((words & _PROJECTION_WORDS) - {projection})
    for mode, synonyms in _STEREO_WORDS.items():
        if mode != stereo:
            wrong += sorted(words & synonyms)
    if wrong:
        says = ", ".join(f"'{w}'" for w in wrong)
        raise UserError(f"driftlight: error: -o {out}: the name says {says}, but this is "
                        f"--projection {projection}"
                        f"{'' if stereo == 'mono' else f' --stereo {stereo}'}; headset "
                        f"players go by the name: choose another name")
    missing = [t for t in tags(projection, stereo) if t.lower() not in words and
               not (t.lower() in _STEREO_WORDS and words & _STEREO_WORDS[t.lower()])]
    if not missing:
        return out
    return out.with_name(f"{out.stem}_{'_'.join(missing)}{out.suffix}")


# --- the boxes --------------------------------------------------------------------------

def _full(kind: str, body: bytes) -> Box:
    return Box(kind, b"\0\0\0\0" + body)          # version 0, flags 0


def _fixed16(degrees: float) -> int:
    return round(degrees * 65536)


def boxes(meta: Metadata) -> list[Box]:
    """``st3d`` and ``sv3d`` for ``meta`` (equirectangular only: all we write)."""
    if meta.stereo not in STEREO_MODES or meta.projection != "equirectangular":
        raise ValueError(f"cannot write {meta}")
    pose = struct.pack(">3i", *(_fixed16(d) for d in meta.pose))
    proj = Box("proj", b"", [_full("prhd", pose),
                             _full("equi", struct.pack(">4I", *meta.bounds))])
    svhd = _full("svhd", meta.source.encode() + b"\0")
    return [_full("st3d", bytes([STEREO_MODES[meta.stereo]])),
            Box("sv3d", b"", [svhd, proj])]


def _video_entry(moov: Box, where: str) -> Box:
    """The video track's sample entry, its child boxes parsed."""
    for trak in moov.children or ():
        hdlr = trak.path("mdia", "hdlr")
        if trak.kind != "trak" or hdlr is None or hdlr.data[8:12] != b"vide":
            continue
        stsd = trak.path("mdia", "minf", "stbl", "stsd")
        if stsd is None or not stsd.children:
            raise MP4Error(f"{where}: the video track has no sample description ('stsd')")
        entry = stsd.children[0]
        if entry.children is None:
            if len(entry.data) < VISUAL_ENTRY:
                raise MP4Error(f"{where}: the video sample entry '{entry.kind}' is too short")
            entry.children = parse(entry.data[VISUAL_ENTRY:], where)
            entry.data = entry.data[:VISUAL_ENTRY]
        return entry
    raise MP4Error(f"{where}: no video track")


def inject(src: Path, dst: Path, meta: Metadata) -> None:
    """Write ``src`` to ``dst`` with ``meta`` in its video track (replacing any spherical
    boxes it had). Raises :class:`MP4Error`."""
    def edit(moov: Box) -> None:
        entry = _video_entry(moov, str(src))
        assert entry.children is not None
        entry.children = [c for c in entry.children if c.kind not in ("st3d", "sv3d")]
        entry.children += boxes(meta)

    rewrite(src, dst, edit)


def inject_in_place(path: Path, meta: Metadata) -> None:
    """:func:`inject` through a temporary file beside ``path``, renamed over it when whole."""
    tmp = path.with_name(path.name + ".spherical.part")
    try:
        inject(path, tmp, meta)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _fields(box: Box | None, fmt: str, where: str) -> tuple:
    if box is None or len(box.data) < 4 + struct.calcsize(fmt):
        raise MP4Error(f"{where}: spherical box '{box.kind if box else '?'}' is incomplete")
    return struct.unpack_from(fmt, box.data, 4)


def read(path: Path) -> Metadata | None:
    """The spherical metadata of the video track, or None when it has none."""
    where = str(path)
    try:
        with open(path, "rb") as f:
            _, moov = read_moov(f, where)
    except OSError as exc:
        raise MP4Error(f"{where}: cannot read ({exc.strerror or exc})") from None
    entry = _video_entry(moov, where)
    sv3d, st3d = entry.child("sv3d"), entry.child("st3d")
    if sv3d is None:
        return None
    stereo = "mono"
    if st3d is not None:
        (mode,) = _fields(st3d, ">B", where)
        stereo = next((k for k, v in STEREO_MODES.items() if v == mode), f"mode {mode}")
    svhd, proj = sv3d.child("svhd"), sv3d.child("proj")
    source = svhd.data[4:].split(b"\0")[0].decode(errors="replace") if svhd else ""
    if proj is None:
        raise MP4Error(f"{where}: 'sv3d' has no 'proj' box")
    yaw, pitch, roll = (v / 65536 for v in _fields(proj.child("prhd"), ">3i", where))
    equi = proj.child("equi")
    if equi is None:
        kinds = {c.kind for c in proj.children or ()}
        other = "cubemap" if "cbmp" in kinds else "mesh" if "mshp" in kinds else "unknown"
        return Metadata(stereo, other, (0, 0, 0, 0), (yaw, pitch, roll), source)
    top, bottom, left, right = _fields(equi, ">4I", where)
    return Metadata(stereo, "equirectangular", (top, bottom, left, right), (yaw, pitch, roll),
                    source)
