"""JSON arrays of article records, streamed: SaudiNewsNet day files and `.json` files.

A SaudiNewsNet day file is a `.zip` holding one or more `.json` members, each a JSON array of
objects with the fields `source, url, date_extracted, title, author, content`; or one such array
as a `.json` file. `source` becomes the outlet and `date_extracted` ("2015-07-21 02:51:32", the
crawl time) the publication date, with published_source CRAWL. A generic `.json` array of records
(format "json") has the fields of JSON Lines (see `marsad.sources.jsonl`); a `.json` file holding
one object is one article.

Nothing is loaded whole: the array is split into items (`marsad.sources.jsonsplit`), each parsed
on its own, so a bad item (invalid, a 20-digit id is fine, a 5,000-digit number is not, too large,
nested too deeply) is rejected alone; a truncated array or zip yields every article before the
break, then one Rejection ("truncated JSON after 812 articles"). A zip member may expand to at
most 100 times its compressed size (`zipstream.MAX_RATIO`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, cast

from marsad.model import Notice, Rejection
from marsad.sources.jsonl import Item, record_items
from marsad.sources.jsonsplit import JsonBreak, Skipped, array_items, loads
from marsad.sources.zipstream import (
    LOCAL_HEADER,
    BrokenMember,
    Capped,
    TooExpanded,
    expansion_limit,
    local_members,
)

_BOM = b"\xef\xbb\xbf"
_ZIP_ERRORS = (zipfile.BadZipFile, EOFError, zlib.error)  # EOFError covers BrokenMember


class Stream(Protocol):
    """A binary stream that can show its next bytes without consuming them."""

    def read(self, size: int = -1, /) -> bytes: ...
    def peek(self, size: int = 0, /) -> bytes: ...


def read_records(path: Path, fmt: str, max_bytes: int) -> Iterator[Item]:
    """The articles of a `.zip` of JSON arrays or of one `.json` file, as format `fmt`."""
    with path.open("rb") as fh:
        is_zip = fh.read(4) == LOCAL_HEADER or path.suffix.lower() == ".zip"
        fh.seek(0)
        if not is_zip:
            yield from read_json_stream(fh, str(path), fmt, max_bytes)
            return
    yield from read_zip(path, fmt, max_bytes)


def read_json_stream(stream: Stream, origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    """The records of a JSON array (streamed), or of a single JSON object."""
    head = stream.peek(64)[:64]
    if head.startswith(_BOM):
        stream.read(len(_BOM))
        head = head[len(_BOM):]
    first = head.lstrip()[:1]
    if not head.strip() and len(head) < 64:  # peek shows up to 64 bytes unless the end is near
        yield Rejection(origin, "empty file")
    elif first == b"{":
        yield from _one_object(stream, origin, fmt, max_bytes)
    elif first in (b"[", b""):
        yield from _array(stream, origin, fmt, max_bytes)
    else:
        yield Rejection(origin, f"not a JSON array of articles (it starts with {head[:20]!r})")


def item_limit(max_bytes: int) -> int:
    """The largest JSON record read for articles of `max_bytes`: room for escapes (\\u0627 is
    six bytes for a two-byte letter) and for the other fields."""
    return 4 * max_bytes + 4096


def _array(stream: Stream, origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    n = 0
    try:
        for n, item in enumerate(array_items(stream, item_limit(max_bytes)), start=1):
            yield from _item(item, f"{origin}:item {n}", fmt, max_bytes)
    except JsonBreak as exc:
        yield Rejection(origin, f"truncated JSON after {n} articles" if exc.truncated
                        else f"invalid JSON after {n} articles ({exc.reason})")
    except TooExpanded as exc:
        yield Rejection(origin, f"{exc}; {n} articles read before")
    except _ZIP_ERRORS as exc:
        yield Rejection(origin, f"damaged or truncated zip member after {n} articles ({exc})")
    except OSError as exc:
        yield Rejection(origin, f"read error after {n} articles ({exc.strerror or exc})")
    else:
        if n == 0:
            yield Notice(origin, "no articles: the JSON array is empty")


def _item(item: bytes | Skipped, origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    if isinstance(item, Skipped):
        yield Rejection(origin, item.reason)
        return
    record, error = loads(item)
    if error is not None:
        yield Rejection(origin, error)
    else:
        yield from record_items(record, origin, fmt, max_bytes)


def _one_object(stream: Stream, origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    data = _read_up_to(stream, item_limit(max_bytes) + 1)
    if len(data) > item_limit(max_bytes):
        yield Rejection(origin, "JSON object too large for one article")
        return
    record, error = loads(data)
    if error is not None:
        yield Rejection(origin, error)
    else:
        yield from record_items(record, origin, fmt, max_bytes)


def _read_up_to(stream: Stream, limit: int) -> bytes:
    """Up to `limit` bytes, from a stream that may return fewer than asked at each read."""
    parts, size = [], 0
    while size < limit and (part := stream.read(min(limit - size, 1 << 20))):
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def read_zip(path: Path, fmt: str, max_bytes: int) -> Iterator[Item]:
    """Every `.json` member of a zip file; a damaged zip is read front to back."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        yield from _salvage(path, fmt, max_bytes, exc)
        return
    except (NotImplementedError, ValueError, EOFError) as exc:  # e.g. "zip file version 20.6"
        yield Rejection(str(path), f"unsupported or damaged zip file ({exc})")
        return
    with archive:
        members = [m for m in archive.infolist() if _is_json(m.filename)]
        if not members:
            names = ", ".join(archive.namelist()[:5]) or "nothing"
            yield Rejection(str(path), f"no .json member in the zip file (it holds {names})")
        for member in members:
            origin = f"{path}:member {member.filename}"
            try:
                with archive.open(member) as fh:  # a ZipExtFile, which has peek()
                    capped = Capped(fh, member.filename, expansion_limit(member.compress_size))
                    yield from read_json_stream(cast(Stream, capped), origin, fmt, max_bytes)
            except (*_ZIP_ERRORS, OSError, NotImplementedError, RuntimeError) as exc:
                yield Rejection(origin, f"unreadable zip member ({exc})")


def _is_json(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return name.lower().endswith(".json") and not base.startswith(".") and "__MACOSX" not in name


def _salvage(path: Path, fmt: str, max_bytes: int, error: Exception) -> Iterator[Item]:
    """A zip without its central directory (cut short): its members, read in file order."""
    origin = str(path)
    with path.open("rb") as fh:
        if fh.read(4) != LOCAL_HEADER:
            yield Rejection(origin, f"not a valid zip file ({error})")
            return
        fh.seek(0)
        yield Notice(origin, f"damaged zip file ({error}): reading its members front to back")
        found = 0
        try:
            for name, member in local_members(fh):
                if _is_json(name):
                    found += 1
                    yield from read_json_stream(member, f"{origin}:member {name}", fmt, max_bytes)
        except BrokenMember as exc:
            yield Rejection(origin, f"damaged or truncated zip file ({exc}); "
                                    f"{found} .json members read before it")
            return
    if not found:
        yield Rejection(origin, f"not a valid zip file ({error}) and no .json member found in it")
