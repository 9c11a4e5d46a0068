"""WARC archives (warcio): every HTML response record is read as a page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.errors import InputError
from marsad.model import RawDocument, Rejection
from marsad.sources.dates import parse_datetime
from marsad.sources.html import extract

MAX_RECORD_BYTES = 20_000_000


def read_warc(path: Path) -> Iterator[RawDocument | Rejection]:
    """The articles of the HTML responses of a WARC file; other records are skipped."""
    n = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                n += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                yield _record(record, f"{path}:record {n}", ctype)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Rejection(str(path), f"truncated or invalid WARC after {n} records ({exc})")


def _record(record: object, origin: str, ctype: str) -> RawDocument | Rejection:
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    crawled = parse_datetime(record.rec_headers.get_header("WARC-Date"))  # type: ignore[attr-defined]
    data = record.content_stream().read(MAX_RECORD_BYTES)  # type: ignore[attr-defined]
    charset = ctype.split("charset=")[-1].split(";")[0].strip() if "charset=" in ctype else "utf-8"
    try:
        html = data.decode(charset, errors="replace")
    except LookupError:
        html = data.decode("utf-8", errors="replace")
    try:
        return extract(html, origin, url=url, fallback_date=crawled)
    except InputError as exc:
        return Rejection(origin, exc.reason)
