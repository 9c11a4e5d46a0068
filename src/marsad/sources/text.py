"""Plain-text articles: one .txt file, one article, as scraped (no metadata).

The title and the publication date are taken from the text where present: a date line among the
first lines (e.g. "الجمعة 25 أكتوبر / October 2024"), and a short first line that does not end
like a sentence. A sidecar NAME.meta.json may give outlet, url, title, author and published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import date_line, from_url, parse_datetime
from marsad.sources.decode import decode
from marsad.sources.limits import read_limited

TITLE_MAX_WORDS = 20
_SENTENCE_END = (".", "!", "?", "؟", ":", "،", ",")


def header_fields(text: str) -> tuple[str | None, tuple[str, object] | None]:
    """(title, (date line, datetime)) found at the top of a text; either may be None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:3]
    found = None
    for line in lines:
        when = date_line(line)
        if when is not None:
            found = (line, when)
            break
    title = None
    for line in lines:
        if found is not None and line == found[0]:
            continue
        if len(line.split()) <= TITLE_MAX_WORDS and not line.endswith(_SENTENCE_END):
            title = line
        break
    return title, found


def _sidecar(path: Path) -> dict[str, object]:
    meta = path.with_suffix(".meta.json")
    if not meta.is_file():
        return {}
    data = json.loads(meta.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the sidecar is not a JSON object")
    return data


def read_text(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection | Notice]:
    """The one article of a text file."""
    origin = str(path)
    data = read_limited(path, max_bytes)
    text, encoding = decode(data, origin)
    if encoding:
        yield Notice(origin, f"decoded as {encoding} (not UTF-8)")
    title, found = header_fields(text)
    doc = RawDocument(text=text, origin=origin, title=title, format="text")
    if found is not None:
        doc.published, doc.published_source = found[1], DateSource.HEADER  # type: ignore[assignment]
    try:
        meta = _sidecar(path)
    except (ValueError, UnicodeDecodeError) as exc:
        yield Rejection(f"{path.with_suffix('.meta.json')}", f"unreadable sidecar ({exc})")
        meta = {}
    _apply_meta(doc, meta)
    yield doc


def _apply_meta(doc: RawDocument, meta: dict[str, object]) -> None:
    for key in ("outlet", "url", "title", "author"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            setattr(doc, key, value.strip())
    when = parse_datetime(meta.get("published"))
    if when is not None:
        doc.published, doc.published_source = when, DateSource.USER
    elif doc.published is None and (when := from_url(doc.url)) is not None:
        doc.published, doc.published_source = when, DateSource.URL
