"""Our records as the API's JSON: the dicts of `marsad.export` where they exist, so that the API,
`--format json` and `marsad export` agree on every field."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from marsad import export
from marsad.model import Article, Entity, Findings, Mention, Storyline
from marsad.search import SearchPage
from marsad.store.codec import ts
from marsad.store.read import Page

_SUMMARY_DROP = ("text", "clean_text")


def page(p: Page[Any], limit: int, items: list[Any]) -> dict[str, Any]:
    """A Reader page as the API's page (its items already converted)."""
    return {"items": items, "total": p.total, "offset": p.offset, "limit": limit,
            "next_offset": p.next_offset}


def article_summary(a: Article) -> dict[str, Any]:
    rec = export.article_record(a)
    for name in _SUMMARY_DROP:
        rec.pop(name)
    return rec


def article(a: Article, found: Findings | None) -> dict[str, Any]:
    return export.article_record(a) | {"findings": findings(found) if found else None}


def findings(f: Findings) -> dict[str, Any]:
    return {"title_mentions": [mention(m) for m in f.title_mentions],
            "mentions": [mention(m) for m in f.mentions],
            "dates": [asdict(t) for t in f.dates],
            "quotes": [export.quote_record(f.article_id, q) for q in f.quotes]}


def mention(m: Mention) -> dict[str, Any]:
    return {"surface": m.surface, "start": m.start, "end": m.end, "type": m.type.value,
            "entity_id": m.entity_id}


def entity_summary(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type.value, "name": e.name,
            "mentions": sum(e.surface_forms.values()), "first_seen": ts(e.first_seen),
            "last_seen": ts(e.last_seen), "surface_forms": e.surface_forms,
            "aliases": e.aliases}


def named_count(e: Entity, n: int) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type.value, "mentions": n}


def storyline(s: Storyline) -> dict[str, Any]:
    return export.storyline_record(s)


def search_page(found: SearchPage, dropped: tuple[str, ...]) -> dict[str, Any]:
    after = found.offset + len(found.hits)
    return found.to_dict() | {"dropped": list(dropped),
                              "next_offset": after if after < found.total else None}
