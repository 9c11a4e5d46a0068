"""Rows for `marsad export`: articles, events and storylines as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from marsad.model import Article, Event, Storyline
from marsad.store.codec import ts

ARTICLE_FIELDS = ["id", "url", "outlet", "title", "author", "published", "published_source",
                  "duplicate_of", "duplicate_kind", "duplicate_similarity", "event_id",
                  "storyline_id", "origin", "text", "clean_text"]
EVENT_FIELDS = ["id", "storyline_id", "title", "start", "end", "size", "article_ids"]
STORYLINE_FIELDS = ["id", "title", "start", "end", "size", "event_ids"]
FIELDS = {"articles": ARTICLE_FIELDS, "events": EVENT_FIELDS, "storylines": STORYLINE_FIELDS}


def article_record(a: Article) -> dict[str, Any]:
    rec = {f: getattr(a, f) for f in ARTICLE_FIELDS}
    rec["published"] = ts(a.published)
    rec["published_source"] = a.published_source.value if a.published_source else None
    return rec


def event_record(e: Event) -> dict[str, Any]:
    return {"id": e.id, "storyline_id": e.storyline_id, "title": e.title, "start": ts(e.start),
            "end": ts(e.end), "size": e.size, "article_ids": e.article_ids}


def storyline_record(s: Storyline) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "start": ts(s.start), "end": ts(s.end),
            "size": s.size, "event_ids": s.event_ids}


def write(records: Iterator[dict[str, Any]], fields: list[str], fmt: str, out: TextIO) -> int:
    """Write records as `jsonl` or `csv` (lists joined by spaces); return how many."""
    n = 0
    writer = csv.DictWriter(out, fieldnames=fields) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for rec in records:
        if writer is not None:
            writer.writerow({k: " ".join(v) if isinstance(v, list) else v
                             for k, v in rec.items()})
        else:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
