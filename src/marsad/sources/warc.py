"""WARC archives (.warc, .warc.gz; ARC too), by warcio: every successful HTML response is a page.

Each page goes through the HTML extractor with its WARC-Target-URI as URL and its WARC-Date as the
crawl time (used when the page has no date). Other records (requests, metadata, images,
redirects) are skipped silently. A broken record or a truncated file is one Rejection, after
every article before it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any, TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.errors import InputError
from marsad.model import Notice, RawDocument, Rejection
from marsad.sources.dates import parse_datetime
from marsad.sources.decode import decode
from marsad.sources.html import TRUNCATED, extract

_PAGE_RECORDS = ("response", "resource")
MAX_LINE = 1 << 16  # a WARC or HTTP header line; warcio would read a longer one whole
_BROKEN = (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error)

Item = RawDocument | Rejection | Notice
T = TypeVar("T")


def read_warc(path: Path, max_bytes: int) -> Iterator[Item]:
    """The articles of the HTML pages archived in a WARC file."""
    n, pages, inside = 0, 0, False
    with path.open("rb") as fh:
        archive = ArchiveIterator(fh, arc2warc=True)
        archive.reader.readline = _bounded(archive.reader.readline)
        try:
            for item in _records(archive, str(path)):
                if isinstance(item, Notice):
                    yield item
                    continue
                n += 1
                if not _has_length(item):  # mandatory: the headers were cut short
                    yield Rejection(f"{path}:record {n}",
                                    "truncated or broken WARC record (no Content-Length)")
                elif (ctype := page_type(item)) is not None:
                    inside, pages = True, pages + 1
                    yield from _page(item, f"{path}:record {n}", ctype, max_bytes)
                    inside = False
                elif _cut_short(item):  # its HTTP headers may be cut too: any record counts
                    yield Rejection(f"{path}:record {n}",
                                    "truncated WARC record (the file ends inside it)")
        except _BROKEN as exc:
            broken = n if inside else n + 1
            yield Rejection(f"{path}:record {broken}", f"truncated or broken WARC record ({exc}); "
                                                       f"{broken - 1} records read before it")
            return
        yield from _check_end(path, archive.offset, n)
        if n and not pages:
            yield Notice(str(path), f"no HTML page in the file ({n} record{'s' * (n != 1)})")


def _bounded(readline: Callable[[int | None], bytes]) -> Callable[[int | None], bytes]:
    """warcio's readline, refusing a line longer than MAX_LINE (it only reads header lines)."""
    def read_line(length: int | None = None) -> bytes:
        line = readline(MAX_LINE if length is None else min(length, MAX_LINE))
        if len(line) >= MAX_LINE // 2 and not line.endswith(b"\n"):  # warcio stops short
            raise ValueError(f"a header line longer than {MAX_LINE // 1024} KB")
        return line
    return read_line


def _has_length(record: Any) -> bool:
    """Whether the record's headers give its Content-Length (a cut may leave "Content-Length:")."""
    value = record.rec_headers.get_header("Content-Length")
    return record.length is not None and value is not None and value.strip().isdigit()


def _cut_short(record: Any) -> bool:
    """Whether the file ends before the record's Content-Length bytes (read through, quietly)."""
    stream = record.raw_stream
    _quiet(lambda: _drain(stream))
    return getattr(stream, "limit", 0) > 0


def _drain(stream: Any) -> None:
    while stream.read(1 << 16):
        pass


def _check_end(path: Path, offset: int, n: int) -> Iterator[Rejection]:
    """warcio stops quietly at a cut inside a record's headers: the bytes left over say so."""
    size = path.stat().st_size
    if n == 0:
        yield Rejection(str(path), "empty file" if size == 0 else "no WARC record in the file")
    elif size > offset:
        yield Rejection(f"{path}:record {n + 1}", f"truncated WARC file: the last {size - offset} "
                                                  f"bytes are not a whole record; {n} records read")


def _quiet(call: Callable[[], T]) -> tuple[T, str]:
    """The result of a warcio call and what it wrote to stderr (without letting it through).

    Never wraps a yield: the caller's own output to stderr must not be captured."""
    captured = io.StringIO()
    with redirect_stderr(captured):
        result = call()
    return result, " ".join(captured.getvalue().split())


def _records(archive: ArchiveIterator, origin: str) -> Iterator[Any]:
    """The records of an archive; warcio's warnings on stderr become Notices."""
    it = iter(archive)
    while True:
        try:
            record, warning = _quiet(lambda: next(it, None))
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            # warcio trips on some damaged headers (a missing WARC-Target-URI, say)
            raise ValueError(f"damaged record headers: {type(exc).__name__}: {exc}") from exc
        if warning:
            yield Notice(origin, f"WARC irregularity: {warning}")
        if record is None:
            return
        yield record


def page_type(record: Any) -> str | None:
    """The Content-Type of a record that holds a successfully fetched HTML page, else None."""
    if record.rec_type not in _PAGE_RECORDS:
        return None
    http = record.http_headers
    if http is not None and not (http.get_statuscode() or "").startswith("2"):
        return None
    ctype = (http.get_header("Content-Type") if http is not None else None) or \
        record.rec_headers.get_header("Content-Type") or ""
    return ctype if "html" in ctype.lower() else None


def _page(record: Any, origin: str, ctype: str, max_bytes: int) -> Iterator[Item]:
    data, warning = _quiet(lambda: record.content_stream().read(max_bytes + 1))
    if warning:
        yield Notice(origin, f"WARC irregularity: {warning}")
    if len(data) > max_bytes:
        yield Rejection(origin, f"page too large for one article (> {max_bytes / 1e6:.1f} MB)")
        return
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
        yield Rejection(origin, "truncated WARC record (the file ends inside it)")
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    crawled = parse_datetime(record.rec_headers.get_header("WARC-Date"))
    try:
        html, note = _decode(data, ctype, origin)
        if note:
            yield Notice(origin, note)
        doc = extract(html, origin, url=url, crawled=crawled)
    except InputError as exc:
        yield Rejection(origin, exc.reason, exc.record)
        return
    if (cut := record.rec_headers.get_header("WARC-Truncated")) is not None:
        doc.truncated = True
        yield Notice(origin, f"truncated page: the crawler cut it ({cut}); stored, flagged truncated")
    elif doc.truncated:
        yield Notice(origin, TRUNCATED)
    yield doc


def _decode(data: bytes, ctype: str, origin: str) -> tuple[str, str | None]:
    """The page's text: in the charset its HTTP header names, else as a text file is decoded."""
    charset = ctype.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
    if charset:
        try:
            return data.decode(charset, errors="replace"), None
        except LookupError:
            pass
    text, encoding = decode(data, origin)
    return text, f"decoded as {encoding} (not UTF-8)" if encoding else None
