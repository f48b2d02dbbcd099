"""The few MP4 (ISO BMFF) boxes we edit after ffmpeg has written a file, as a small tree.

An MP4 file is a row of boxes — ``size`` (32 bits, or 1 and a 64-bit size after the
type, or 0 for "to the end of the file"), a four-character type, a payload. Some boxes
hold others: the index ``moov`` holds a ``trak`` per stream, down to the sample table
``stbl`` whose ``stsd`` lists the codec's *sample entry* (``hvc1``, ``avc1`` …) and
whose ``stco``/``co64`` give the file offset of every chunk of samples in ``mdat``.

:func:`rewrite` reads only ``moov`` into a :class:`Box` tree (a few hundred kB for an
hour of video), lets a caller edit it, and writes the file again: the edited ``moov``,
every other box copied byte for byte. When ``moov`` comes before the media data
(ffmpeg's ``-movflags +faststart``, so players can start before the whole file has
arrived) a bigger ``moov`` moves the data, so every chunk offset that points past it
moves by the same amount (a ``stco`` that would overflow 32 bits becomes a ``co64``).
A damaged or cut-off file is an :class:`MP4Error` that says what is wrong where.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CONTAINERS = frozenset({"moov", "trak", "mdia", "minf", "stbl", "stsd", "edts", "dinf",
                        "sv3d", "proj"})
PREFIX = {"stsd": 8}        # bytes of fields before the children (version, flags, count)
COPY_CHUNK = 1 << 22


class MP4Error(Exception):
    """The file is not an MP4 we can edit; the message says what and where."""


@dataclass
class Box:
    kind: str                              # the four-character type
    data: bytes = b""                      # a leaf: its payload; a container: fields first
    children: list[Box] | None = None      # None for a leaf

    def payload(self) -> bytes:
        return self.data + b"".join(c.to_bytes() for c in self.children or ())

    def to_bytes(self) -> bytes:
        body = self.payload()
        kind = self.kind.encode("latin-1")
        if len(body) + 8 <= 0xFFFFFFFF:
            return struct.pack(">I4s", len(body) + 8, kind) + body
        return struct.pack(">I4sQ", 1, kind, len(body) + 16) + body

    def size(self) -> int:
        return len(self.to_bytes())

    def child(self, kind: str) -> Box | None:
        return next((c for c in self.children or () if c.kind == kind), None)

    def path(self, *kinds: str) -> Box | None:
        """The first box down this chain of types (``moov.path('mvhd')``)."""
        box: Box | None = self
        for kind in kinds:
            box = box.child(kind) if box is not None else None
        return box

    def walk(self) -> Iterator[Box]:
        yield self
        for c in self.children or ():
            yield from c.walk()


def _header(buf: bytes, pos: int, left: int, offset: int, where: str) -> tuple[str, int, int]:
    """(type, header length, box length) of the box whose header is at ``buf[pos:]``;
    ``left`` bytes remain in its parent from there, and it starts at file byte ``offset``."""
    if left < 8:
        raise MP4Error(f"{where}: {left} stray bytes at byte {offset} where a box should "
                       f"start: the file is cut off or damaged")
    size, raw = struct.unpack_from(">I4s", buf, pos)
    kind = raw.decode("latin-1")
    head = 8
    if size == 1:
        if left < 16:
            raise MP4Error(f"{where}: box '{kind}' at byte {offset} is cut off in its header")
        size, head = struct.unpack_from(">Q", buf, pos + 8)[0], 16
    elif size == 0:
        size = left
    if size < head or size > left:
        raise MP4Error(f"{where}: box '{kind}' at byte {offset} claims {size} bytes but "
                       f"{left} are left: the file is cut off or damaged")
    return kind, head, size


def parse(data: bytes, where: str = "MP4", base: int = 0) -> list[Box]:
    """The boxes in ``data`` (which starts at file byte ``base``), containers of
    :data:`CONTAINERS` with their children."""
    boxes, at = [], 0
    while at < len(data):
        kind, head, size = _header(data, at, len(data) - at, base + at, where)
        body = data[at + head:at + size]
        if kind in CONTAINERS:
            n = PREFIX.get(kind, 0)
            if len(body) < n:
                raise MP4Error(f"{where}: box '{kind}' at byte {base + at} is too short")
            boxes.append(Box(kind, body[:n], parse(body[n:], where, base + at + head + n)))
        else:
            boxes.append(Box(kind, body))
        at += size
    return boxes


@dataclass(frozen=True)
class Extent:
    """A top-level box: where it is in the file, how long (header included)."""

    kind: str
    offset: int
    size: int


def top_level(f: BinaryIO, where: str) -> list[Extent]:
    """The boxes at the top of the file, found by seeking (``mdat`` is never read)."""
    end = f.seek(0, 2)
    found, at = [], 0
    while at < end:
        f.seek(at)
        kind, _, size = _header(f.read(16).ljust(16, b"\0"), 0, end - at, at, where)
        found.append(Extent(kind, at, size))
        at += size
    if not found or found[0].kind != "ftyp":
        raise MP4Error(f"{where}: does not start with an 'ftyp' box: not an MP4 file")
    return found


def read_moov(f: BinaryIO, where: str) -> tuple[list[Extent], Box]:
    """The top-level boxes and the parsed ``moov``."""
    boxes = top_level(f, where)
    moovs = [b for b in boxes if b.kind == "moov"]
    if len(moovs) != 1:
        raise MP4Error(f"{where}: {len(moovs)} 'moov' boxes (the index) where one belongs: "
                       f"the file was cut off before its index was written, or is damaged")
    m = moovs[0]
    f.seek(m.offset)
    (moov,) = parse(f.read(m.size), where, m.offset)
    return boxes, moov


def _offsets(box: Box) -> list[int]:
    wide = box.kind == "co64"
    if len(box.data) < 8:
        raise MP4Error(f"'{box.kind}' box too short")
    (count,) = struct.unpack_from(">I", box.data, 4)
    fmt = f">{count}{'Q' if wide else 'I'}"
    if len(box.data) != 8 + struct.calcsize(fmt):
        raise MP4Error(f"'{box.kind}' box holds {len(box.data) - 8} bytes for {count} "
                       f"chunk offsets: the index is damaged")
    return list(struct.unpack_from(fmt, box.data, 8))


def _set_offsets(box: Box, flags: bytes, offsets: list[int]) -> None:
    box.kind = "co64" if max(offsets, default=0) > 0xFFFFFFFF else box.kind
    fmt = f">I{len(offsets)}{'Q' if box.kind == 'co64' else 'I'}"
    box.data = flags + struct.pack(fmt, len(offsets), *offsets)


def shift_chunks(moov: Box, old_end: int, edited: Callable[[Box], None]) -> Box:
    """``moov`` after ``edited``, with every chunk offset at or past ``old_end`` (the byte
    after the old ``moov``) moved by however much the new ``moov`` grew or shrank."""
    old_size = moov.size()
    edited(moov)
    tables = [(b, b.kind, b.data[:4], _offsets(b)) for b in moov.walk()
              if b.kind in ("stco", "co64")]
    delta = moov.size() - old_size
    while True:
        for box, kind, flags, offsets in tables:
            box.kind = kind
            _set_offsets(box, flags, [o + delta if o >= old_end else o for o in offsets])
        grown = moov.size() - old_size
        if grown == delta:              # a stco that became a co64 grows moov once more
            return moov
        delta = grown


def rewrite(src: Path, dst: Path, edit: Callable[[Box], None]) -> None:
    """Write ``src`` to ``dst`` with its ``moov`` edited in place by ``edit``."""
    where = str(src)
    with open(src, "rb") as f:
        boxes, moov = read_moov(f, where)
        m = next(b for b in boxes if b.kind == "moov")
        new = shift_chunks(moov, m.offset + m.size, edit).to_bytes()
        with open(dst, "wb") as out:
            for b in boxes:
                if b is m:
                    out.write(new)
                    continue
                f.seek(b.offset)
                left = b.size
                while left:
                    chunk = f.read(min(COPY_CHUNK, left))
                    if not chunk:
                        raise MP4Error(f"{where}: ended while copying box '{b.kind}'")
                    out.write(chunk)
                    left -= len(chunk)
