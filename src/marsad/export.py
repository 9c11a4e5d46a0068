"""Rows for `marsad export`: articles, events and storylines as JSON Lines or CSV.

Both are safe to print on a terminal and to open in a spreadsheet:
- JSON escapes every control character, bidi override and line separator (\\u001b, \\u202e):
  the data is unchanged, only written so that no terminal acts on it;
- a CSV cell has terminal control sequences, control characters and bidi overrides removed
  (`render.plain`), and a cell that starts with =, +, -, @, a tab or a line end is prefixed
  with a single quote, so that no spreadsheet reads it as a formula (OWASP's advice against
  CSV injection): '=HYPERLINK(...) is text. Numbers are written as numbers;
- `--excel` begins the CSV with a UTF-8 byte-order mark: without it Excel reads UTF-8 as the
  local code page and shows Arabic as mojibake.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from marsad.model import Article, Entity, Event, Happening, Quote, Storyline, format_offset
from marsad.render import plain
from marsad.store.codec import ts
from marsad.store.read import PAGE, Page, Reader, pages

TIMELINE_PAGE = 100  # storylines whose timelines are built together (their articles in memory)

# what json.dumps(ensure_ascii=False) leaves raw that a terminal may act on: DEL and the C1
# controls (U+009B is CSI), bidi embeddings, overrides and isolates, line and paragraph separators
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # a CR is made \n first

ARTICLE_FIELDS = ["id", "url", "outlet", "title", "author", "published", "published_source",
                  "truncated", "duplicate_of", "duplicate_kind", "duplicate_similarity", "event_id",
                  "storyline_id", "origin", "text", "clean_text"]
EVENT_FIELDS = ["id", "storyline_id", "title", "start", "end", "size", "article_ids"]
STORYLINE_FIELDS = ["id", "title", "start", "end", "size", "event_ids"]
ENTITY_FIELDS = ["id", "type", "name", "mentions", "first_seen", "last_seen", "surface_forms",
                 "aliases", "article_ids", "event_ids", "storyline_ids"]
QUOTE_FIELDS = ["article_id", "speaker", "entity_id", "text", "start", "end", "direct", "verb",
                "implicit_speaker", "attribution", "speaker_start", "speaker_end"]
HAPPENING_FIELDS = ["storyline_id", "date", "granularity", "partial", "range_end", "kind",
                    "expression", "sentence", "article_ids", "outlets"]
FIELDS = {"articles": ARTICLE_FIELDS, "events": EVENT_FIELDS, "storylines": STORYLINE_FIELDS,
          "entities": ENTITY_FIELDS, "quotes": QUOTE_FIELDS, "timelines": HAPPENING_FIELDS}


def article_record(a: Article) -> dict[str, Any]:
    rec = {f: getattr(a, f) for f in ARTICLE_FIELDS}
    rec["published"] = published(a)
    rec["published_source"] = a.published_source.value if a.published_source else None
    return rec


def published(a: Article) -> str | None:
    """The publication time as the source gave it: local time, with its offset when known
    (2024-05-10T01:30:00+03:00), else as written (2024-05-10T01:30:00)."""
    if a.published is None or a.utc_offset is None:
        return ts(a.published)
    return f"{ts(a.published)}{format_offset(a.utc_offset)}"


def event_record(e: Event) -> dict[str, Any]:
    return {"id": e.id, "storyline_id": e.storyline_id, "title": e.title, "start": ts(e.start),
            "end": ts(e.end), "size": e.size, "article_ids": e.article_ids}


def storyline_record(s: Storyline) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "start": ts(s.start), "end": ts(s.end),
            "size": s.size, "event_ids": s.event_ids}


def entity_record(e: Entity, where: dict[str, dict[str, int]]) -> dict[str, Any]:
    """An entity with its names (surface -> mentions) and where it is named."""
    return {"id": e.id, "type": e.type.value, "name": e.name,
            "mentions": sum(e.surface_forms.values()), "first_seen": ts(e.first_seen),
            "last_seen": ts(e.last_seen), "surface_forms": e.surface_forms, "aliases": e.aliases,
            "article_ids": list(where["articles"]), "event_ids": list(where["events"]),
            "storyline_ids": list(where["storylines"])}


def quote_record(article_id: str, q: Quote) -> dict[str, Any]:
    """A quote with its article; offsets are into the article's clean_text."""
    return {"article_id": article_id, "speaker": q.speaker, "entity_id": q.entity_id,
            "text": q.text, "start": q.start, "end": q.end, "direct": q.direct, "verb": q.verb,
            "implicit_speaker": q.implicit, "attribution": q.attribution,
            "speaker_start": q.speaker_start, "speaker_end": q.speaker_end}


def happening_record(storyline_id: str, h: Happening) -> dict[str, Any]:
    """One happening of a storyline's timeline."""
    return {"storyline_id": storyline_id, "date": h.value, "granularity": h.granularity,
            "partial": h.partial or None, "range_end": h.range_end, "kind": h.kind,
            "expression": h.expression, "sentence": h.sentence,
            "article_ids": [s.article_id for s in h.sources],
            "outlets": sorted({s.outlet for s in h.sources if s.outlet})}


def records(reader: Reader, kind: str) -> Iterator[dict[str, Any]]:
    """Every record of `kind` (articles, events, storylines, entities, quotes, timelines), read
    page by page: each page in a few queries, whatever its length."""
    if kind == "entities":
        return (rec for page in pages(reader.entity_page, PAGE) for rec in _entities(reader, page))
    if kind == "timelines":
        return (rec for page in pages(reader.storyline_page, TIMELINE_PAGE)
                for rec in _timelines(reader, page))
    lists: dict[str, tuple[Callable[..., Page[Any]], Callable[[Any], dict[str, Any]]]] = {
        "articles": (reader.article_page, article_record),
        "events": (reader.event_page, event_record),
        "storylines": (reader.storyline_page, storyline_record),
        "quotes": (reader.quote_page, lambda row: quote_record(*row))}
    fetch, one = lists[kind]
    return (one(item) for page in pages(fetch, PAGE) for item in page.items)


def _entities(reader: Reader, page: Page[Entity]) -> list[dict[str, Any]]:
    where = reader.entity_groups_many([e.id for e in page.items])
    return [entity_record(e, where[e.id]) for e in page.items]


def _timelines(reader: Reader, page: Page[Storyline]) -> Iterator[dict[str, Any]]:
    from marsad.timeline import build_timeline  # the normaliser (numpy) only when needed

    inputs = reader.timeline_inputs("storyline", [s.id for s in page.items])
    for s in page.items:
        t = inputs[s.id]
        for h in build_timeline(t.originals, t.dates, t.copies):
            yield happening_record(s.id, h)


def dumps(value: Any, indent: int | None = None) -> str:
    r"""JSON with Arabic as is and every character a terminal could act on escaped.

    >>> dumps({"t": "\u202eخبر\x1b[2J"})
    '{"t": "\\u202eخبر\\u001b[2J"}'
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write(records: Iterator[dict[str, Any]], fields: list[str], fmt: str, out: TextIO, *,
          bom: bool = False) -> int:
    """Write records as `jsonl` or `csv` (lists joined by spaces), the CSV with a UTF-8
    byte-order mark first if `bom` (Excel reads the file as UTF-8 only then); return how many."""
    n = 0
    writer = csv.DictWriter(out, fieldnames=fields) if fmt == "csv" else None
    if writer is not None:
        if bom:
            out.write("\ufeff")
        writer.writeheader()
    for rec in records:
        if writer is not None:
            writer.writerow({k: cell(v) for k, v in rec.items()})
        else:
            out.write(dumps(rec) + "\n")
        n += 1
    return n


def cell(value: Any) -> Any:
    """A CSV cell: lists joined by spaces, mappings as JSON, text without terminal control and
    never read as a formula by a spreadsheet.

    >>> cell("=SUM(A1:A9)"), cell("-1"), cell(-1), cell(["a", "b"])
    ("'=SUM(A1:A9)", "'-1", -1, 'a b')
    """
    if isinstance(value, list):
        value = " ".join(value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        return value
    value = plain(value, oneline=False)
    return "'" + value if value.startswith(_FORMULA_START) else value
