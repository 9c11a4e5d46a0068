"""Plain-text articles: one .txt file is one article, raw as scraped, without metadata.

The title and the publication date are taken from the text where present: a date line among
the first three non-empty lines ("الجمعة 25 أكتوبر / October 2024", "25/10/2024"), and a short
first line that does not end like a sentence. The text itself is kept exactly as the file says,
those lines included; cleaning is another stage.

A sidecar `NAME.meta.json` beside `NAME.txt` may give `outlet`, `url`, `title`, `author` and
`published` (ISO 8601 date or datetime); its fields win over what the text says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import date_line, from_url, parse_datetime
from marsad.sources.decode import decode, read_limited
from marsad.sources.jsonsplit import loads, type_name

TITLE_MAX_WORDS = 20
HEADER_LINES = 3
HEAD_CHARS = 8192  # the top of the text, where a title and a date line can be
SIDECAR = ".meta.json"
SIDECAR_MAX_BYTES = 1_000_000
_SENTENCE_END = (".", "!", "?", "؟", ":", "،", ",", "؛", ";")
_SIDECAR_TEXT = ("outlet", "url", "title", "author")


def header_fields(text: str) -> tuple[str | None, datetime | None]:
    """(title, date) from the top of a raw text; either is None when absent.

    >>> header_fields("الجمعة 25 أكتوبر / October 2024\\n\\nأرمينيا تجمد مشاركتها\\nنص الخبر.")
    ('أرمينيا تجمد مشاركتها', datetime.datetime(2024, 10, 25, 0, 0))
    """
    lines = [line.strip() for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    top = lines[:HEADER_LINES]
    dates = {i: when for i, line in enumerate(top) if (when := date_line(line)) is not None}
    first = next((i for i in range(len(top)) if i not in dates), None)
    title = None
    if first is not None and first < len(lines) - 1 and _is_title(top[first]):
        title = top[first]
    return title, next(iter(dates.values()), None)


def _is_title(line: str) -> bool:
    """A short line with letters that does not end like a sentence."""
    return (len(line.split()) <= TITLE_MAX_WORDS and not line.endswith(_SENTENCE_END)
            and any(c.isalpha() for c in line))


def read_text(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection | Notice]:
    """The one article of a text file, with a Notice for a legacy encoding or a bad sidecar."""
    origin = str(path)
    text, encoding = decode(read_limited(path, max_bytes), origin)
    if encoding:
        yield Notice(origin, f"decoded as {encoding} (not UTF-8)")
    title, when = header_fields(text)
    doc = RawDocument(text=text, origin=origin, title=title, format="text")
    if when is not None:
        doc.published, doc.published_source = when, DateSource.HEADER
    meta, problem = sidecar(path)
    if problem:
        yield Notice(str(sidecar_path(path)), problem)
    yield from _apply_sidecar(doc, meta)
    if doc.published is None and (when := from_url(doc.url)) is not None:
        doc.published, doc.published_source = when, DateSource.URL
    yield doc


def sidecar_path(path: Path) -> Path:
    """`NAME.meta.json` for `NAME.txt`."""
    return path.with_name(path.stem + SIDECAR)


def sidecar(path: Path) -> tuple[dict[str, Any], str | None]:
    """The sidecar's fields ({} when there is none) and, if it cannot be used, why."""
    meta = sidecar_path(path)
    if not meta.is_file():
        return {}, None
    try:
        with meta.open("rb") as fh:
            raw = fh.read(SIDECAR_MAX_BYTES + 1)
    except OSError as exc:
        return {}, f"sidecar ignored: not a readable JSON file ({exc.strerror or exc})"
    if len(raw) > SIDECAR_MAX_BYTES:
        return {}, f"sidecar ignored: larger than {SIDECAR_MAX_BYTES / 1e6:.0f} MB"
    data, error = loads(raw, "utf-8-sig")
    if error is not None:
        return {}, f"sidecar ignored: not a readable JSON file ({error})"
    if not isinstance(data, dict):
        return {}, f"sidecar ignored: a JSON object is expected, not {type(data).__name__}"
    return data, None


def _apply_sidecar(doc: RawDocument, meta: dict[str, Any]) -> Iterator[Notice]:
    for key in _SIDECAR_TEXT:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            setattr(doc, key, value.strip())
        elif value is not None and not isinstance(value, str):
            yield Notice(doc.origin, f"sidecar {key} ignored: {key} is {type_name(value)}, "
                                     "not a string")
    value = meta.get("published")
    if value is None:
        return
    if (when := parse_datetime(value)) is not None:
        doc.published, doc.published_source = when, DateSource.USER
    else:
        yield Notice(doc.origin, f"sidecar date {value!r} ignored: use ISO 8601, e.g. "
                                 "2024-10-25 or 2024-10-25T14:30:00+03:00")
