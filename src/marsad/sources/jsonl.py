"""JSON Lines: one article a line, as a JSON object; and the record fields every JSON format shares.

Fields of a record (JSONL line, or item of a JSON array):

| field | alias | meaning |
|---|---|---|
| `text` | `content`, `body` | the article text (required) |
| `title` | | the headline |
| `url` | | where it was published; a /2024/10/25/ path dates an undated record |
| `outlet` | `source` | the outlet's name or id |
| `published` | `date` | ISO 8601 date or datetime (`2024-10-25`, `2024-10-25T14:30:00+03:00`) |
| `author` | | the byline |
| `date_extracted` | | crawl time (SaudiNewsNet), used when there is no `published` |

Other fields are ignored. A line that is not valid JSON, not an object, or without text is
rejected on its own ("line 17: invalid JSON (Expecting ',' delimiter: line 1 column 40)"); the
other lines are read. A truncated last line is just an invalid line. A field of the wrong type is
named ("text is a number, not a string"). HTML entities that scrapers leave in the strings
(`&quot;البقمي&quot;`, `&#8220;`) are unescaped once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from marsad.errors import InputError
from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import from_url, parse_datetime
from marsad.sources.decode import binary_kind
from marsad.sources.jsonsplit import loads, type_name

TEXT_FIELDS = ("text", "content", "body")
OUTLET_FIELDS = ("outlet", "source")
DATE_FIELDS = (("published", DateSource.METADATA), ("date", DateSource.METADATA),
               ("date_extracted", DateSource.CRAWL))
GIVE_UP_AFTER = 100  # invalid lines in a row, before any good one: this is not JSON Lines
MAX_BAD_RUN = 10_000  # invalid lines in a row after good ones: the rest is not worth a report each
# A named or numeric character reference with its semicolon: "&copy=2" in a URL is no entity.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

Item = RawDocument | Rejection | Notice


def record_items(record: Any, origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    """The article of one JSON record, or a Rejection saying what is wrong with it; a Notice
    first when a date field cannot be read."""
    if not isinstance(record, dict):
        yield Rejection(origin, f"not a JSON object but {type_name(record)}")
        return
    text = next((v for k in TEXT_FIELDS if isinstance(v := record.get(k), str) and v.strip()), None)
    if text is None:
        yield Rejection(origin, _no_text(record))
        return
    if len(text) * 4 > max_bytes and (size := len(text.encode("utf-8", "replace"))) > max_bytes:
        yield Rejection(origin, f"article too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB)")
        return
    doc = RawDocument(text=unescape(text), origin=origin, outlet=_string(record, *OUTLET_FIELDS),
                      url=_string(record, "url", escaped=False), title=_string(record, "title"),
                      author=_string(record, "author"), format=fmt)
    yield from _wrong_types(record, origin)
    yield from _date(doc, record)
    yield doc


def unescape(text: str) -> str:
    """The text with its HTML character references replaced, once.

    >>> unescape("&quot;البقمي&quot; &amp;quot; AT&T")
    '"البقمي" &quot; AT&T'
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def _string(record: dict[str, Any], *keys: str, escaped: bool = True) -> str | None:
    """The first non-empty string among `keys`, stripped (and unescaped when `escaped`)."""
    value = next((v for k in keys if isinstance(v := record.get(k), str) and v.strip()), None)
    if value is None:
        return None
    return (unescape(value) if escaped else value).strip() or None


def _no_text(record: dict[str, Any]) -> str:
    """Why a record has no text: a text field of another type, or none."""
    for key in TEXT_FIELDS:
        if key in record and not isinstance(record[key], str | type(None)):
            return f"{key} is {type_name(record[key])}, not a string"
    return "no article text (text, content and body are missing or empty)"


def _wrong_types(record: dict[str, Any], origin: str) -> Iterator[Notice]:
    for key in ("title", "url", "author", *OUTLET_FIELDS):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            yield Notice(origin, f"{key} ignored: {key} is {type_name(value)}, not a string")


def _date(doc: RawDocument, record: dict[str, Any]) -> Iterator[Notice]:
    for key, source in DATE_FIELDS:
        value = record.get(key)
        if value in (None, ""):
            continue
        if (when := parse_datetime(value)) is not None:
            doc.published, doc.published_source = when, source
            return
        yield Notice(doc.origin, f"{key} {value!r} ignored: not an ISO 8601 date "
                                 "(e.g. 2024-10-25 or 2024-10-25T14:30:00+03:00)")
    if (when := from_url(doc.url)) is not None:
        doc.published, doc.published_source = when, DateSource.URL


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    """One article a line; a bad line is rejected and the others are read."""
    origin = str(path)
    with path.open("rb") as fh:
        _check_start(fh, origin)
        good, bad = 0, 0
        for number, line in _lines(fh, 4 * max_bytes + 4096):
            where = f"{origin}:line {number}"
            record, error = _parse(line, number == 1)
            if error is not None:
                yield Rejection(where, error)
                bad += 1
                if not good and bad >= GIVE_UP_AFTER:
                    yield Rejection(origin, f"not JSON Lines: the first {bad} lines are not JSON; "
                                            "stopped reading (give another --format?)")
                    return
                if bad >= MAX_BAD_RUN:
                    yield Rejection(origin, f"{bad:,} invalid lines in a row after line "
                                            f"{number - bad}: stopped reading")
                    return
                continue
            good, bad = good + 1, 0
            yield from record_items(record, where, "jsonl", max_bytes)


def _check_start(fh: IO[bytes], origin: str) -> None:
    head = fh.read(8192)
    if not head.strip() and len(head) < 8192:
        raise InputError(origin, "empty file")
    if (kind := binary_kind(head)) is not None:
        raise InputError(origin, f"binary file, not JSON Lines ({kind})")
    fh.seek(0)


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each non-blank line; None for a line longer than `limit` bytes,
    which is skipped without being held in memory."""
    number = 0
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        elif line.strip():
            yield number, line


def _parse(line: bytes | None, first: bool) -> tuple[Any, str | None]:
    """(record, None) or (None, the reason the line cannot be read)."""
    if line is None:
        return None, "line too long for one article"
    return loads(line, "utf-8-sig" if first else "utf-8")
