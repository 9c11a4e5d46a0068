"""Conversions between records and the column values every SQL store uses (without numpy: the
read side imports this; the grouping state's vectors are in `codec_groups`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from marsad.model import (
    Article,
    DateSource,
    Entity,
    EntityType,
    Event,
    Mention,
    Quote,
    Storyline,
    TimeExpression,
)


def ts(value: datetime | None) -> str | None:
    """ISO 8601 text of a datetime, seconds precision, or None."""
    return value.replace(microsecond=0).isoformat() if value is not None else None


def parse_ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def article_row(a: Article) -> dict[str, Any]:
    """Column values of an article, without fingerprint and link columns."""
    return {
        "id": a.id, "outlet": a.outlet, "url": a.url, "title": a.title, "author": a.author,
        "published": ts(a.published),
        "published_source": a.published_source.value if a.published_source else None,
        "origin": a.origin, "format": a.format, "text": a.text, "clean_text": a.clean_text,
        "removed": json.dumps(a.removed, ensure_ascii=False),
        "duplicate_of": a.duplicate_of, "duplicate_kind": a.duplicate_kind,
        "duplicate_similarity": a.duplicate_similarity, "event_id": a.event_id,
        "utc_offset": a.utc_offset, "truncated": int(a.truncated),
    }


def article_from(row: Any) -> Article:
    """An Article from a row with the articles columns and the event's storyline_id."""
    return Article(
        id=row["id"], text=row["text"], clean_text=row["clean_text"], origin=row["origin"],
        outlet=row["outlet"], url=row["url"], title=row["title"], author=row["author"],
        published=parse_ts(row["published"]),
        published_source=DateSource(row["published_source"]) if row["published_source"] else None,
        format=row["format"], removed=[tuple(x) for x in json.loads(row["removed"])],
        duplicate_of=row["duplicate_of"], duplicate_kind=row["duplicate_kind"],
        duplicate_similarity=row["duplicate_similarity"], event_id=row["event_id"],
        storyline_id=row["storyline_id"], utc_offset=row["utc_offset"],
        truncated=bool(row["truncated"]),
    )


def event_from(row: Any, article_ids: list[str]) -> Event:
    return Event(id=row["id"], article_ids=article_ids, storyline_id=row["parent_id"],
                 title=row["title"], start=parse_ts(row["start"]), end=parse_ts(row["end"]),
                 size=row["size"])


def storyline_from(row: Any, event_ids: list[str]) -> Storyline:
    return Storyline(id=row["id"], event_ids=event_ids, title=row["title"],
                     start=parse_ts(row["start"]), end=parse_ts(row["end"]), size=row["size"])


# --- extraction -----------------------------------------------------------------------------

def entity_row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type.value, "name": e.name,
            "aliases": json.dumps(e.aliases, ensure_ascii=False),
            "mentions": sum(e.surface_forms.values()),
            "first_seen": ts(e.first_seen), "last_seen": ts(e.last_seen)}


def entity_from(row: Any, forms: dict[str, int]) -> Entity:
    return Entity(id=row["id"], type=EntityType(row["type"]), name=row["name"],
                  surface_forms=forms, aliases=json.loads(row["aliases"]),
                  first_seen=parse_ts(row["first_seen"]), last_seen=parse_ts(row["last_seen"]))


def mention_row(article_id: str, part: str, m: Mention) -> tuple[Any, ...]:
    return (article_id, part, m.start, m.end, m.surface, m.type.value, m.entity_id)


def mention_from(row: Any) -> Mention:
    return Mention(row["surface"], row["start"], row["end"], EntityType(row["type"]),
                   row["entity_id"])


QUOTE_COLUMNS = ("article_id", "start", "end", "text", "speaker", "speaker_start", "speaker_end",
                 "entity_id", "direct", "verb", "implicit", "attribution")


def quote_row(article_id: str, q: Quote) -> tuple[Any, ...]:
    return (article_id, q.start, q.end, q.text, q.speaker, q.speaker_start, q.speaker_end,
            q.entity_id, int(q.direct), q.verb, int(q.implicit), int(q.attribution))


def quote_from(row: Any) -> Quote:
    return Quote(speaker=row["speaker"], speaker_start=row["speaker_start"],
                 speaker_end=row["speaker_end"], text=row["text"], start=row["start"],
                 end=row["end"], direct=bool(row["direct"]), verb=row["verb"],
                 implicit=bool(row["implicit"]), attribution=bool(row["attribution"]),
                 entity_id=row["entity_id"])


TIME_COLUMNS = ("article_id", "start", "end", "text", "value", "granularity", "resolved",
                "partial", "range_end", "kind")


def time_row(article_id: str, t: TimeExpression) -> tuple[Any, ...]:
    return (article_id, t.start, t.end, t.text, t.value, t.granularity, int(t.resolved),
            json.dumps(t.partial) if t.partial else None, t.range_end, t.kind)


def time_from(row: Any) -> TimeExpression:
    return TimeExpression(text=row["text"], start=row["start"], end=row["end"],
                          value=row["value"], granularity=row["granularity"],
                          resolved=bool(row["resolved"]),
                          partial=json.loads(row["partial"]) if row["partial"] else {},
                          range_end=row["range_end"], kind=row["kind"])
