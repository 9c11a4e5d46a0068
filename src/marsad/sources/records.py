"""Article records as JSON objects: JSON Lines, JSON arrays and SaudiNewsNet day files.

Fields of a JSONL/JSON record: `text` (or `content`, `body`), `title`, `url`, `outlet` (or
`source`), `published` (ISO 8601 date or datetime; or `date`), `author`. SaudiNewsNet records
(`source, url, date_extracted, title, author, content`) map onto the same fields, with
`date_extracted` kept as the crawl time.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from marsad.model import DateSource, RawDocument, Rejection
from marsad.sources.dates import from_url, parse_datetime

_TEXT = ("text", "content", "body")
_OUTLET = ("outlet", "source")
_DATE = ("published", "date")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def to_document(record: Any, origin: str, fmt: str) -> RawDocument | Rejection:
    """One record as a RawDocument, or a Rejection saying what is wrong with it."""
    if not isinstance(record, dict):
        return Rejection(origin, f"not a JSON object but {type(record).__name__}")
    text = _first(record, _TEXT)
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "no article text (fields text, content or body are empty)")
    doc = RawDocument(text=text, origin=origin, outlet=_str(_first(record, _OUTLET)),
                      url=_str(record.get("url")), title=_str(record.get("title")),
                      author=_str(record.get("author")), format=fmt)
    when, source = parse_datetime(_first(record, _DATE)), DateSource.METADATA
    if when is None and (when := parse_datetime(record.get("date_extracted"))) is not None:
        source = DateSource.CRAWL
    if when is None and (when := from_url(doc.url)) is not None:
        source = DateSource.URL
    if when is not None:
        doc.published, doc.published_source = when, source
    return doc


def read_jsonl(path: Path) -> Iterator[RawDocument | Rejection]:
    """One article a line; a bad line is rejected and the others are read."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            origin = f"{path}:line {number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield Rejection(origin, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            except json.JSONDecodeError as exc:
                yield Rejection(origin, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield to_document(record, origin, "jsonl")


def read_array(stream: IO[bytes], origin: str, fmt: str) -> Iterator[RawDocument | Rejection]:
    """Stream the objects of a JSON array; a truncated or broken array ends with a Rejection."""
    n = 0
    try:
        for n, record in enumerate(ijson.items(stream, "item", use_float=True), start=1):
            yield to_document(record, f"{origin}:item {n}", fmt)
    except (ijson.JSONError, ijson.IncompleteJSONError) as exc:
        yield Rejection(origin, f"truncated or invalid JSON after {n} articles ({exc})")
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        yield Rejection(origin, f"truncated archive member after {n} articles ({exc})")
    if n == 0:
        return


def read_json(path: Path, fmt: str) -> Iterator[RawDocument | Rejection]:
    """A .json file holding an array of article objects."""
    with path.open("rb") as fh:
        yield from read_array(fh, str(path), fmt)


def read_zip(path: Path) -> Iterator[RawDocument | Rejection]:
    """A .zip of JSON arrays (a SaudiNewsNet day file)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        yield Rejection(str(path), f"not a valid zip file ({exc})")
        return
    with archive:
        members = [m for m in archive.namelist() if m.lower().endswith(".json")]
        if not members:
            yield Rejection(str(path), "the zip file holds no .json member")
        for member in members:
            try:
                with archive.open(member) as fh:
                    yield from read_array(fh, f"{path}:{member}", "saudinewsnet")
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                yield Rejection(f"{path}:{member}", f"unreadable zip member ({exc})")
