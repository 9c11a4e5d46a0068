"""Members of a damaged zip file, read front to back from their local headers.

A zip cut short (an interrupted download) has lost its central directory, so `zipfile` refuses
it whole; its members are still there, each behind a local header. Reading them in order saves
every article before the cut.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from typing import IO

CHUNK = 65_536
# A member may expand to MAX_RATIO times its compressed size (JSON text: 4 to 10 times; a zip
# bomb: 1000), and always to FREE_BYTES.
MAX_RATIO = 100
FREE_BYTES = 50_000_000
LOCAL_HEADER = b"PK\x03\x04"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_DESCRIPTOR = b"PK\x07\x08"
_DIRECTORY = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")  # central directory records


class BrokenMember(EOFError):
    """The zip file ends, or its compressed data breaks, inside a member."""


class TooExpanded(BrokenMember):
    """A member expands more than MAX_RATIO times its compressed size: a zip bomb."""

    def __init__(self, name: str, size: int) -> None:
        super().__init__(f"member {name} expands more than {MAX_RATIO} times its compressed "
                         f"size (a zip bomb?): stopped after {size / 1e6:.0f} MB")


def expansion_limit(compressed: int) -> int:
    """How many bytes a member of `compressed` bytes may expand to."""
    return max(FREE_BYTES, MAX_RATIO * compressed)


class Capped:
    """A member's stream that raises TooExpanded past `limit` bytes."""

    def __init__(self, stream: IO[bytes], name: str, limit: int) -> None:
        self.stream, self.name, self.limit = stream, name, limit
        self.size = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.stream.read(size)
        self.size += len(data)
        if self.size > self.limit:
            raise TooExpanded(self.name, self.size)
        return data

    def peek(self, size: int = 0, /) -> bytes:
        return self.stream.peek(size)  # type: ignore[attr-defined,no-any-return]


class _Member:
    """One member's uncompressed bytes, a chunk per read: a reader gets every byte before a
    break (a buffered read of n bytes would lose them). `finish` moves to the next header."""

    broken = False

    def __init__(self, fh: IO[bytes], name: str) -> None:
        self.fh, self.name = fh, name
        self._pending = b""

    def read(self, size: int = -1, /) -> bytes:
        data = self._pending or self._chunk()
        cut = len(data) if size is None or size < 0 else size
        out, self._pending = data[:cut], data[cut:]
        return out

    def peek(self, size: int = 0, /) -> bytes:
        if not self._pending:
            self._pending = self._chunk()
        return self._pending

    def _chunk(self) -> bytes:
        raise NotImplementedError

    def _ends_early(self) -> BrokenMember:
        self.broken = True
        return BrokenMember(f"the zip file ends inside member {self.name}")

    def finish(self) -> None:
        while self._chunk():
            pass


class _Deflated(_Member):
    def __init__(self, fh: IO[bytes], name: str) -> None:
        super().__init__(fh, name)
        self.z = zlib.decompressobj(-zlib.MAX_WBITS)
        self.consumed = self.produced = 0

    def _chunk(self) -> bytes:
        while not self.z.eof:
            data = self.z.unconsumed_tail
            if not data:
                data = self.fh.read(CHUNK)
                self.consumed += len(data)
            if not data:
                raise self._ends_early()
            try:
                out = self.z.decompress(data, CHUNK)
            except zlib.error as exc:
                self.broken = True
                raise BrokenMember(f"damaged data in member {self.name} ({exc})") from None
            self.produced += len(out)
            if self.produced > expansion_limit(self.consumed):
                self.broken = True
                raise TooExpanded(self.name, self.produced)
            if out:
                return out
        return b""

    def finish(self) -> None:
        super().finish()
        self.fh.seek(-len(self.z.unused_data), os.SEEK_CUR)


class _Stored(_Member):
    def __init__(self, fh: IO[bytes], name: str, size: int) -> None:
        super().__init__(fh, name)
        self.left = size

    def _chunk(self) -> bytes:
        if not self.left:
            return b""
        data = self.fh.read(min(CHUNK, self.left))
        if not data:
            raise self._ends_early()
        self.left -= len(data)
        return data


def local_members(fh: IO[bytes]) -> Iterator[tuple[str, _Member]]:
    """(name, stream) for each member, in file order, until the central directory or the end.

    Raises BrokenMember where the file ends inside a header, and for a member that cannot be
    read without the central directory (encrypted, or compressed other than by deflate).
    """
    while (header := fh.read(_HEADER.size)).startswith(LOCAL_HEADER):
        if len(header) < _HEADER.size:
            raise BrokenMember("the zip file ends inside a member's header")
        _, _, flags, method, _, _, _, size, _, name_len, extra_len = _HEADER.unpack(header)
        name = fh.read(name_len).decode("utf-8" if flags & 0x800 else "cp437", "replace")
        fh.seek(extra_len, os.SEEK_CUR)
        member = _open(fh, name, flags, method, size)
        yield name, member
        if member.broken:
            return
        try:
            member.finish()
        except BrokenMember:
            return
        if flags & 0x08:
            _skip_descriptor(fh)
    if header and not header.startswith(_DIRECTORY):
        raise BrokenMember("unreadable bytes where the next member should start")


def _open(fh: IO[bytes], name: str, flags: int, method: int, size: int) -> _Member:
    if flags & 0x01:
        raise BrokenMember(f"member {name} is encrypted")
    if method == 8:
        return _Deflated(fh, name)
    if method == 0 and not flags & 0x08:
        return _Stored(fh, name, size)
    raise BrokenMember(f"member {name} (compression method {method}) cannot be read without "
                       "the zip's central directory")


def _skip_descriptor(fh: IO[bytes]) -> None:
    """Skip the data descriptor after a member (CRC and sizes, with or without a signature)."""
    start = fh.read(4)
    fh.seek(12 if start == _DESCRIPTOR else 8, os.SEEK_CUR)
