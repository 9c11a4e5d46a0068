"""The read side's contract, written against `marsad.store.Reader` alone: every backend runs
these tests (add its name to BACKENDS and a branch to `reader`). The store is the seeds and 60
SaudiNewsNet articles of the sample, ingested and extracted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import NotFoundError, QueryError
from marsad.model import Article, EntityType
from marsad.store import Page, Reader, open_reader

BACKENDS = ["sqlite"]


@pytest.fixture(scope="module", params=BACKENDS)
def reader(request: pytest.FixtureRequest, sample_db: Path) -> Iterator[Reader]:
    if request.param == "sqlite":
        with open_reader(str(sample_db)) as opened:
            yield opened


def everything(fetch: Callable[..., Page[Any]], **filters: Any) -> list[Any]:
    return fetch(limit=10_000, **filters).items


def ids(items: list[Any]) -> list[str]:
    return [i.id for i in items]


# --- pages ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["article", "event", "storyline", "entity", "quote"])
def test_pages_are_slices_of_one_stable_order_with_a_total(reader: Reader, kind: str) -> None:
    fetch = getattr(reader, f"{kind}_page")
    whole = everything(fetch)
    assert len(whole) > 7
    walked, offset = [], 0
    while True:
        page = fetch(offset=offset, limit=7)
        assert page.total == len(whole) and page.offset == offset
        walked += page.items
        if page.next_offset is None:
            break
        assert page.next_offset == offset + 7
        offset = page.next_offset
    assert walked == whole
    assert fetch(offset=len(whole), limit=7).items == []


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, -1), (0, 10_001)])
def test_a_page_out_of_range_is_a_query_error(reader: Reader, offset: int, limit: int) -> None:
    with pytest.raises(QueryError, match="give"):
        reader.event_page(offset=offset, limit=limit)


def test_an_unknown_sort_is_a_query_error(reader: Reader) -> None:
    with pytest.raises(QueryError, match="sort 'oldest' is unknown"):
        reader.storyline_page(sort="oldest")  # type: ignore[arg-type]


def test_events_largest_first_ties_by_id(reader: Reader) -> None:
    events = everything(reader.event_page)
    keys = [(-e.size, e.start or datetime.min, e.id) for e in events]
    assert keys == sorted(keys)
    assert all(len(e.article_ids) == e.size for e in events)


def test_newest_first_puts_the_undated_last(reader: Reader) -> None:
    stories = everything(reader.storyline_page, sort="newest")
    ends = [s.end or s.start for s in stories]
    dated = [d for d in ends if d is not None]
    assert dated == sorted(dated, reverse=True) and ends[: len(dated)] == dated


# --- filters --------------------------------------------------------------------------------
def test_articles_by_outlet_and_day(reader: Reader) -> None:
    articles: list[Article] = everything(reader.article_page)
    outlet = next(a.outlet for a in articles if a.outlet)
    part = outlet[1:4].upper() if outlet.isascii() else outlet[1:4]
    found = everything(reader.article_page, outlet=part)
    assert found and all(part.casefold() in (a.outlet or "").casefold() for a in found)
    assert len(found) == sum(part.casefold() in (a.outlet or "").casefold() for a in articles)
    day = datetime(2015, 7, 23)
    on_day = everything(reader.article_page, since=day, until=day)
    assert on_day and all(a.published and a.published.date() == day.date() for a in on_day)
    assert len(on_day) == sum(bool(a.published and a.published.date() == day.date())
                              for a in articles)


def test_events_and_storylines_by_outlet_and_days(reader: Reader) -> None:
    articles = everything(reader.article_page)
    outlet = next(a.outlet for a in articles if a.outlet)
    events = everything(reader.event_page, outlet=outlet)
    assert events and all(any(a.outlet == outlet for a in reader.articles_by_ids(e.article_ids))
                          for e in events)
    stories = everything(reader.storyline_page, outlet=outlet)
    assert {s.id for s in stories} == {e.storyline_id for e in events}
    day = datetime(2015, 7, 23)
    for s in everything(reader.storyline_page, since=day, until=day):
        assert s.start is not None and s.start.date() <= day.date() <= (s.end or s.start).date()


def test_storyline_event_and_size_filters(reader: Reader) -> None:
    story = everything(reader.storyline_page)[0]
    events = everything(reader.event_page, storyline_id=story.id)
    assert sorted(ids(events)) == sorted(story.event_ids) and len(events) > 1
    assert all(e.size >= 2 for e in everything(reader.event_page, min_size=2))
    assert all(len(s.event_ids) >= 2 for s in everything(reader.storyline_page, min_events=2))
    members = everything(reader.article_page, storyline_id=story.id)
    assert sorted(ids(members)) == sorted(a for e in events for a in e.article_ids)
    one = events[0]
    assert sorted(ids(everything(reader.article_page, event_id=one.id))) == sorted(one.article_ids)


def test_entity_filters_follow_the_mentions(reader: Reader) -> None:
    entity = everything(reader.entity_page, type_=EntityType.LOC)[0]
    assert entity.type == EntityType.LOC
    where = reader.entity_groups(entity.id)
    assert sorted(ids(everything(reader.article_page, entity_id=entity.id))) == sorted(
        where["articles"])
    assert sorted(ids(everything(reader.event_page, entity_id=entity.id))) == sorted(
        where["events"])
    assert sorted(ids(everything(reader.storyline_page, entity_id=entity.id))) == sorted(
        where["storylines"])
    event_id = next(iter(where["events"]))
    assert entity.id in ids(everything(reader.entity_page, event_id=event_id))


def test_quotes_by_speaker_article_and_event(reader: Reader) -> None:
    quotes = everything(reader.quote_page)
    speaker = next(q.entity_id for _, q in quotes if q.entity_id)
    said = everything(reader.quote_page, speaker=speaker)
    assert said and all(q.entity_id == speaker for _, q in said)
    article_id = quotes[0][0]
    assert everything(reader.quote_page, article_ids=[article_id]) == [
        row for row in quotes if row[0] == article_id]
    event_id = reader.article(article_id).event_id
    assert (article_id, quotes[0][1]) in everything(reader.quote_page, event_id=event_id)
    newest = [reader.article(a).published for a, _ in everything(reader.quote_page,
                                                                  sort="newest")]
    dated = [d for d in newest if d is not None]
    assert dated == sorted(dated, reverse=True)


def test_time_expressions_of_articles_in_text_order(reader: Reader) -> None:
    rows = everything(reader.time_expression_page)
    article_id = rows[0][0]
    mine = everything(reader.time_expression_page, article_ids=[article_id])
    assert [t.start for _, t in mine] == sorted(t.start for _, t in mine)
    assert mine == [r for r in rows if r[0] == article_id]


# --- single resources and batches ------------------------------------------------------------
def test_single_resources_by_id_and_prefix(reader: Reader) -> None:
    story = everything(reader.storyline_page)[0]
    assert reader.storyline(story.id) == story
    event = reader.event(story.event_ids[0])
    assert event.storyline_id == story.id
    article = reader.article(event.article_ids[0])
    assert article.event_id == event.id and article.storyline_id == story.id
    assert reader.resolve(story.id[:8]) == ("storyline", story.id)
    assert reader.resolve(article.id) == ("article", article.id)
    assert reader.articles_by_ids([article.id, "missing", article.id]) == [article]
    assert reader.events_by_ids(list(reversed(story.event_ids))) == list(reversed(
        reader.events_by_ids(story.event_ids)))


@pytest.mark.parametrize("getter", ["article", "event", "storyline", "entity"])
def test_an_unknown_id_is_not_found(reader: Reader, getter: str) -> None:
    with pytest.raises(NotFoundError, match=r"no .* with id nothing-here"):
        getattr(reader, getter)("nothing-here")


def test_an_ambiguous_or_short_prefix_is_not_found(reader: Reader) -> None:
    with pytest.raises(NotFoundError, match="too short"):
        reader.resolve("e1")


def test_entities_with_their_forms_and_places(reader: Reader) -> None:
    top = everything(reader.entity_page)[:5]
    assert all(e.surface_forms for e in top)
    assert reader.entities_by_ids(ids(top)) == top
    many = reader.entity_groups_many(ids(top))
    assert all(many[e.id] == reader.entity_groups(e.id) for e in top)
    assert reader.entity_groups_many(["nobody"]) == {
        "nobody": {"articles": {}, "events": {}, "storylines": {}}}


def test_top_entities_and_findings_of_articles(reader: Reader) -> None:
    story = everything(reader.storyline_page)[0]
    articles = [a for e in reader.events_by_ids(story.event_ids) for a in e.article_ids]
    top = reader.top_entities(articles, limit=3)
    assert 0 < len(top) <= 3 and [n for _, n in top] == sorted((n for _, n in top), reverse=True)
    found = reader.findings(articles[0])
    assert found is not None and found.mentions
    assert [t.start for t in found.dates] == sorted(t.start for t in found.dates)
    assert reader.findings("nothing-here") is None


def test_timeline_inputs_hold_originals_dates_and_copies(reader: Reader) -> None:
    story = everything(reader.storyline_page)[0]
    inputs = reader.timeline_inputs("storyline", [story.id])[story.id]
    members = everything(reader.article_page, storyline_id=story.id)
    assert {a.id for a in inputs.originals} >= {a.id for a in members if not a.duplicate_of}
    assert all(a.duplicate_of is None for a in inputs.originals)
    assert set(inputs.dates) <= {a.id for a in inputs.originals} and inputs.dates
    event_inputs = reader.timeline_inputs("event", story.event_ids)
    assert sorted(a.id for t in event_inputs.values() for a in t.originals) == sorted(
        a.id for a in inputs.originals)


def test_stats_count_what_the_lists_hold(reader: Reader) -> None:
    stats = reader.stats()
    assert stats["articles"] == reader.article_page(limit=0).total
    assert stats["events"] == reader.event_page(limit=0).total
    assert stats["storylines"] == reader.storyline_page(limit=0).total
    assert stats["entities"] == reader.entity_page(limit=0).total
    assert stats["quotes"] == reader.quote_page(limit=0).total
    assert stats["time_expressions"] == reader.time_expression_page(limit=0).total


def test_iterators_read_every_item_page_by_page(reader: Reader) -> None:
    assert list(reader.articles()) == everything(reader.article_page)
    assert list(reader.events(limit=3)) == everything(reader.event_page)[:3]
    assert len(list(reader.entities())) == reader.entity_page(limit=0).total
