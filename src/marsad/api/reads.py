"""GET /api/articles, events, storylines, entities, quotes: the lists (paginated and filtered
as the Reader allows) and single resources by id (or a unique id prefix)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from marsad.api import convert
from marsad.api.models import (
    ArticleOut,
    ArticleSummary,
    EntityOut,
    EntitySummary,
    EventDetail,
    EventOut,
    PageOut,
    QuoteOut,
    StorylineOut,
    StorylineSummary,
)
from marsad.errors import NotFoundError
from marsad.export import entity_record, event_record, quote_record
from marsad.model import EntityType
from marsad.observatory import Observatory

router = APIRouter(prefix="/api")
MAX_LIMIT = 1_000
MAX_OFFSET = 10**9  # past any store; larger ints do not fit SQLite's
TOP_ENTITIES = 12

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items skipped (the next page: "
                                                               "next_offset).")]
Since = Annotated[date | None, Query(description="Dated on or after this day (YYYY-MM-DD); "
                                                 "undated ones are left out.")]
Until = Annotated[date | None, Query(description="Dated on or before this day (YYYY-MM-DD).")]
Outlet = Annotated[str | None, Query(max_length=200, description="An outlet whose name "
                                                                 "contains this (any case).")]
IdParam = Annotated[str, Path(max_length=200, description="An id, or a unique prefix of one "
                                                          "(4 characters or more).")]
IdFilter = Annotated[str | None, Query(max_length=200, description="An id or unique prefix.")]
EntityFilter = Annotated[str | None, Query(max_length=500, description="An entity's id or name.")]
Sort = Annotated[Literal["size", "newest"], Query(description="size: largest first; newest: "
                                                              "latest first.")]


def observatory(request: Request) -> Observatory:
    """This worker thread's read-only view of the store."""
    return request.app.state.stores.observatory()  # type: ignore[no-any-return]


Obs = Annotated[Observatory, Depends(observatory)]


def _day(d: date | None) -> datetime | None:
    return None if d is None else datetime.combine(d, time())


def _full_id(obs: Observatory, value: str | None, kind: str) -> str | None:
    """The full id of an article, event or storyline given by id or unique prefix."""
    if value is None:
        return None
    found, full = obs.reader.resolve(value)
    if found != kind:
        raise NotFoundError(f"{value} is the id of a {found}, not of a {kind}")
    return full


def _entity_id(obs: Observatory, value: str | None) -> str | None:
    return None if value is None else obs.entity(value).id


@router.get("/articles", response_model=PageOut[ArticleSummary], tags=["articles"])
def list_articles(obs: Obs, outlet: Outlet = None, since: Since = None, until: Until = None,
                  event: IdFilter = None, storyline: IdFilter = None,
                  entity: EntityFilter = None, originals_only: bool = False,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Articles in ingestion order (without their text: GET /api/articles/{id} has it)."""
    found = obs.reader.article_page(
        outlet=outlet, since=_day(since), until=_day(until),
        event_id=_full_id(obs, event, "event"), storyline_id=_full_id(obs, storyline, "storyline"),
        entity_id=_entity_id(obs, entity), originals_only=originals_only, offset=offset,
        limit=limit)
    return convert.page(found, limit, [convert.article_summary(a) for a in found.items])


@router.get("/articles/{id}", response_model=ArticleOut, tags=["articles"])
def get_article(obs: Obs, id: IdParam) -> dict[str, Any]:
    """One article in full: its text, its cleaned text, and what extraction found in it."""
    article = obs.reader.article(_full_id(obs, id, "article") or id)
    return convert.article(article, obs.findings(article))


@router.get("/events", response_model=PageOut[EventOut], tags=["events"])
def list_events(obs: Obs, storyline: IdFilter = None,
                min_size: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                outlet: Outlet = None, since: Since = None, until: Until = None,
                entity: EntityFilter = None, sort: Sort = "size", limit: Limit = 50,
                offset: Offset = 0) -> dict[str, Any]:
    """Events (articles about one happening), largest or newest first."""
    found = obs.reader.event_page(
        storyline_id=_full_id(obs, storyline, "storyline"), min_size=min_size, outlet=outlet,
        since=_day(since), until=_day(until), entity_id=_entity_id(obs, entity), sort=sort,
        offset=offset, limit=limit)
    return convert.page(found, limit, [event_record(e) for e in found.items])


@router.get("/events/{id}", response_model=EventDetail, tags=["events"])
def get_event(obs: Obs, id: IdParam) -> dict[str, Any]:
    """One event, with its articles by date and the entities they name most."""
    event = obs.reader.event(_full_id(obs, id, "event") or id)
    articles = obs.reader.articles_by_ids(event.article_ids)
    top = obs.reader.top_entities(event.article_ids, limit=TOP_ENTITIES)
    return event_record(event) | {
        "articles": [convert.article_summary(a) for a in articles],
        "top_entities": [convert.named_count(e, n) for e, n in top]}


@router.get("/storylines", response_model=PageOut[StorylineSummary], tags=["storylines"])
def list_storylines(obs: Obs, min_events: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                    min_size: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                    outlet: Outlet = None, since: Since = None, until: Until = None,
                    entity: EntityFilter = None, sort: Sort = "size", limit: Limit = 50,
                    offset: Offset = 0) -> dict[str, Any]:
    """Storylines (events of one running thread), most events first or newest first."""
    found = obs.reader.storyline_page(
        min_events=min_events, min_size=min_size, outlet=outlet, since=_day(since),
        until=_day(until), entity_id=_entity_id(obs, entity), sort=sort, offset=offset,
        limit=limit)
    return convert.page(found, limit, [convert.storyline(s) for s in found.items])


@router.get("/storylines/{id}", response_model=StorylineOut, tags=["storylines"])
def get_storyline(obs: Obs, id: IdParam) -> dict[str, Any]:
    """One storyline, with its events by date and the entities its articles name most."""
    story = obs.reader.storyline(_full_id(obs, id, "storyline") or id)
    events = obs.reader.events_by_ids(story.event_ids)
    top = obs.reader.top_entities([a for e in events for a in e.article_ids],
                                  limit=TOP_ENTITIES)
    return convert.storyline(story) | {
        "events": [event_record(e) for e in events],
        "top_entities": [convert.named_count(e, n) for e, n in top]}


@router.get("/entities", response_model=PageOut[EntitySummary], tags=["entities"])
def list_entities(obs: Obs, type: Annotated[EntityType | None, Query(
                      description="PERS, ORG, LOC or MISC.")] = None,
                  since: Since = None, until: Until = None, event: IdFilter = None,
                  storyline: IdFilter = None, sort: Sort = "size", limit: Limit = 50,
                  offset: Offset = 0) -> dict[str, Any]:
    """Entities most mentioned first (newest: last seen first); with since/until, those named
    on those days; with event/storyline, those named in its articles."""
    found = obs.reader.entity_page(
        type_=type, since=_day(since), until=_day(until), event_id=_full_id(obs, event, "event"),
        storyline_id=_full_id(obs, storyline, "storyline"), sort=sort, offset=offset,
        limit=limit)
    return convert.page(found, limit, [convert.entity_summary(e) for e in found.items])


@router.get("/entities/{id}", response_model=EntityOut, tags=["entities"])
def get_entity(obs: Obs, id: Annotated[str, Path(max_length=500, description=(
        "An entity's id, or one of its names."))]) -> dict[str, Any]:
    """One entity: its names, and the articles, events and storylines that name it."""
    entity = obs.entity(id)
    return entity_record(entity, obs.entity_groups(entity.id))


@router.get("/quotes", response_model=PageOut[QuoteOut], tags=["quotes"])
def list_quotes(obs: Obs, speaker: EntityFilter = None, outlet: Outlet = None,
                since: Since = None, until: Until = None, event: IdFilter = None,
                storyline: IdFilter = None,
                sort: Annotated[Literal["ingested", "newest"], Query(
                    description="ingested: in ingestion order; newest: latest first.")] = (
                    "ingested"),
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Quotes (who said what, in which article)."""
    found = obs.reader.quote_page(
        speaker=_entity_id(obs, speaker), outlet=outlet, since=_day(since), until=_day(until),
        event_id=_full_id(obs, event, "event"), storyline_id=_full_id(obs, storyline, "storyline"),
        sort=sort, offset=offset, limit=limit)
    return convert.page(found, limit, [quote_record(*row) for row in found.items])
