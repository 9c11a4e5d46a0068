"""GET /api/articles, events, storylines, entities, quotes: the lists (paginated and filtered
as the Reader allows) and single resources by id (or a unique id prefix)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

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
from marsad.api.stores import Stores
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


async def stores(request: Request) -> Stores:
    """The server's store handles. An async dependency runs on the event loop, not in a worker
    thread: a handler asks for its thread's Observatory itself (`stores.observatory()`), in the
    thread that uses it."""
    return request.app.state.stores  # type: ignore[no-any-return]


StoresDep = Annotated[Stores, Depends(stores)]


def answer(content: Any) -> JSONResponse:
    """The handler's JSON as is: its shape is the route's response model (the tests check
    it), so FastAPI need not validate it again on every request."""
    return JSONResponse(content)


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
def list_articles(stores: StoresDep, outlet: Outlet = None, since: Since = None, until: Until = None,
                  event: IdFilter = None, storyline: IdFilter = None,
                  entity: EntityFilter = None, originals_only: bool = False,
                  limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    """Articles in ingestion order (without their text: GET /api/articles/{id} has it)."""
    obs = stores.observatory()
    found = obs.reader.article_page(
        outlet=outlet, since=_day(since), until=_day(until),
        event_id=_full_id(obs, event, "event"), storyline_id=_full_id(obs, storyline, "storyline"),
        entity_id=_entity_id(obs, entity), originals_only=originals_only, offset=offset,
        limit=limit)
    return answer(convert.page(found, limit, [convert.article_summary(a) for a in found.items]))


@router.get("/articles/{id}", response_model=ArticleOut, tags=["articles"])
def get_article(stores: StoresDep, id: IdParam) -> JSONResponse:
    """One article in full: its text, its cleaned text, and what extraction found in it."""
    obs = stores.observatory()
    article = obs.reader.article(_full_id(obs, id, "article") or id)
    return answer(convert.article(article, obs.findings(article)))


@router.get("/events", response_model=PageOut[EventOut], tags=["events"])
def list_events(stores: StoresDep, storyline: IdFilter = None,
                min_size: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                outlet: Outlet = None, since: Since = None, until: Until = None,
                entity: EntityFilter = None, sort: Sort = "size", limit: Limit = 50,
                offset: Offset = 0) -> JSONResponse:
    """Events (articles about one happening), largest or newest first."""
    obs = stores.observatory()
    found = obs.reader.event_page(
        storyline_id=_full_id(obs, storyline, "storyline"), min_size=min_size, outlet=outlet,
        since=_day(since), until=_day(until), entity_id=_entity_id(obs, entity), sort=sort,
        offset=offset, limit=limit)
    return answer(convert.page(found, limit, [event_record(e) for e in found.items]))


@router.get("/events/{id}", response_model=EventDetail, tags=["events"])
def get_event(stores: StoresDep, id: IdParam) -> JSONResponse:
    """One event, with its articles by date and the entities they name most."""
    obs = stores.observatory()
    event = obs.reader.event(_full_id(obs, id, "event") or id)
    articles = obs.reader.articles_by_ids(event.article_ids)
    top = obs.reader.top_entities(event.article_ids, limit=TOP_ENTITIES)
    return answer(event_record(event) | {
        "articles": [convert.article_summary(a) for a in articles],
        "top_entities": [convert.named_count(e, n) for e, n in top]})


@router.get("/storylines", response_model=PageOut[StorylineSummary], tags=["storylines"])
def list_storylines(stores: StoresDep, min_events: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                    min_size: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                    outlet: Outlet = None, since: Since = None, until: Until = None,
                    entity: EntityFilter = None, sort: Sort = "size", limit: Limit = 50,
                    offset: Offset = 0) -> JSONResponse:
    """Storylines (events of one running thread), most events first or newest first."""
    obs = stores.observatory()
    found = obs.reader.storyline_page(
        min_events=min_events, min_size=min_size, outlet=outlet, since=_day(since),
        until=_day(until), entity_id=_entity_id(obs, entity), sort=sort, offset=offset,
        limit=limit)
    return answer(convert.page(found, limit, [convert.storyline(s) for s in found.items]))


@router.get("/storylines/{id}", response_model=StorylineOut, tags=["storylines"])
def get_storyline(stores: StoresDep, id: IdParam) -> JSONResponse:
    """One storyline, with its events by date and the entities its articles name most."""
    obs = stores.observatory()
    story = obs.reader.storyline(_full_id(obs, id, "storyline") or id)
    events = obs.reader.events_by_ids(story.event_ids)
    top = obs.reader.top_entities([a for e in events for a in e.article_ids],
                                  limit=TOP_ENTITIES)
    return answer(convert.storyline(story) | {
        "events": [event_record(e) for e in events],
        "top_entities": [convert.named_count(e, n) for e, n in top]})


@router.get("/entities", response_model=PageOut[EntitySummary], tags=["entities"])
def list_entities(stores: StoresDep, type: Annotated[EntityType | None, Query(
                      description="PERS, ORG, LOC or MISC.")] = None,
                  since: Since = None, until: Until = None, event: IdFilter = None,
                  storyline: IdFilter = None, sort: Sort = "size", limit: Limit = 50,
                  offset: Offset = 0) -> JSONResponse:
    """Entities most mentioned first (newest: last seen first); with since/until, those named
    on those days; with event/storyline, those named in its articles."""
    obs = stores.observatory()
    found = obs.reader.entity_page(
        type_=type, since=_day(since), until=_day(until), event_id=_full_id(obs, event, "event"),
        storyline_id=_full_id(obs, storyline, "storyline"), sort=sort, offset=offset,
        limit=limit)
    return answer(convert.page(found, limit, [convert.entity_summary(e) for e in found.items]))


@router.get("/entities/{id}", response_model=EntityOut, tags=["entities"])
def get_entity(stores: StoresDep, id: Annotated[str, Path(max_length=500, description=(
        "An entity's id, or one of its names."))]) -> JSONResponse:
    """One entity: its names, and the articles, events and storylines that name it."""
    obs = stores.observatory()
    entity = obs.entity(id)
    return answer(entity_record(entity, obs.entity_groups(entity.id)))


@router.get("/quotes", response_model=PageOut[QuoteOut], tags=["quotes"])
def list_quotes(stores: StoresDep, speaker: EntityFilter = None, outlet: Outlet = None,
                since: Since = None, until: Until = None, event: IdFilter = None,
                storyline: IdFilter = None,
                sort: Annotated[Literal["ingested", "newest"], Query(
                    description="ingested: in ingestion order; newest: latest first.")] = (
                    "ingested"),
                limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    """Quotes (who said what, in which article)."""
    obs = stores.observatory()
    found = obs.reader.quote_page(
        speaker=_entity_id(obs, speaker), outlet=outlet, since=_day(since), until=_day(until),
        event_id=_full_id(obs, event, "event"), storyline_id=_full_id(obs, storyline, "storyline"),
        sort=sort, offset=offset, limit=limit)
    return answer(convert.page(found, limit, [quote_record(*row) for row in found.items]))
