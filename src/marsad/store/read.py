"""The read side of a store: a query service for people and programs (CLI, Python API, web).

It imports only the records (`marsad.model`) and the errors, never a pipeline stage, so that a
reading command starts fast and a second backend implements the same contract. Every list is a
`Page`: a stable order (ties broken by id), a total, and the offset of the next page; reads are
batched (a page costs a few queries whatever its length, never one per row).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Literal, TypeVar

from marsad.errors import QueryError
from marsad.model import (
    Article,
    Entity,
    EntityType,
    Event,
    Findings,
    Quote,
    Storyline,
    TimeExpression,
)

T = TypeVar("T")
Sort = Literal["size", "newest"]
QuoteSort = Literal["ingested", "newest"]
Kind = Literal["article", "event", "storyline"]
MAX_LIMIT = 10_000  # rows of one page at most
PAGE = 500  # rows per page when every item is read (`each`)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, how many the whole list holds, where it starts, and the
    offset of the next page (None on the last)."""

    items: list[T]
    total: int
    offset: int = 0
    next_offset: int | None = None

    @classmethod
    def of(cls, items: list[T], total: int, offset: int) -> Page[T]:
        after = offset + len(items)
        return cls(items, total, offset, after if after < total and items else None)


@dataclass(slots=True)
class TimelineInput:
    """What a timeline is built from: the originals of an event, storyline or article, their
    temporal expressions (article id -> in text order), and the copies of each original."""

    originals: list[Article] = field(default_factory=list)
    dates: dict[str, list[TimeExpression]] = field(default_factory=dict)
    copies: dict[str, list[Article]] = field(default_factory=dict)


def check_page(offset: int, limit: int) -> None:
    """Raise QueryError for an offset or a limit no page can have."""
    if offset < 0:
        raise QueryError(f"offset {offset} is negative: give 0 or more")
    if not 0 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit {limit} is out of range: give 0 to {MAX_LIMIT:,} "
                         "(and read further with the offset)")


def pages(fetch: Callable[..., Page[T]], page_size: int, **filters: object
          ) -> Iterator[Page[T]]:
    """Every page of a list, in order (`fetch` is a Reader's *_page method)."""
    offset: int | None = 0
    while offset is not None:
        page = fetch(offset=offset, limit=page_size, **filters)
        yield page
        offset = page.next_offset


def each(fetch: Callable[..., Page[T]], page_size: int, **filters: object) -> Iterator[T]:
    """Every item of a list, read page by page."""
    for page in pages(fetch, page_size, **filters):
        yield from page.items


class Reader(ABC):
    """Articles, events, storylines, entities, quotes and dates as stored: lists, single
    resources by id, and counts. Raises NotFoundError for an unknown id, QueryError for a bad
    page or filter, StoreError when the backend fails."""

    # --- lists ------------------------------------------------------------------------------
    @abstractmethod
    def article_page(self, *, outlet: str | None = None, since: datetime | None = None,
                     until: datetime | None = None, event_id: str | None = None,
                     storyline_id: str | None = None, entity_id: str | None = None,
                     originals_only: bool = False, offset: int = 0, limit: int = 50
                     ) -> Page[Article]:
        """Articles in ingestion order. `outlet`: whose outlet contains this text (any case);
        `since`/`until`: published on or after / on or before that day (undated ones left
        out); `entity_id`: that name it."""

    @abstractmethod
    def event_page(self, *, storyline_id: str | None = None, min_size: int = 1,
                   outlet: str | None = None, since: datetime | None = None,
                   until: datetime | None = None, entity_id: str | None = None,
                   sort: Sort = "size", offset: int = 0, limit: int = 50) -> Page[Event]:
        """Events largest first (`sort="newest"`: latest end first, undated last). `outlet`:
        with an article of that outlet; `since`/`until`: whose days meet those days."""

    @abstractmethod
    def storyline_page(self, *, min_events: int = 1, min_size: int = 1,
                       outlet: str | None = None, since: datetime | None = None,
                       until: datetime | None = None, entity_id: str | None = None,
                       sort: Sort = "size", offset: int = 0, limit: int = 50
                       ) -> Page[Storyline]:
        """Storylines with most events first (then most articles), or latest first."""

    @abstractmethod
    def entity_page(self, *, type_: EntityType | None = None, since: datetime | None = None,
                    until: datetime | None = None, event_id: str | None = None,
                    storyline_id: str | None = None, sort: Sort = "size", offset: int = 0,
                    limit: int = 50) -> Page[Entity]:
        """Entities most mentioned first (`newest`: last seen first); `since`/`until`: seen on
        those days; `event_id`/`storyline_id`: named in its articles."""

    @abstractmethod
    def quote_page(self, *, speaker: str | None = None,
                   article_ids: Sequence[str] | None = None, outlet: str | None = None,
                   since: datetime | None = None, until: datetime | None = None,
                   event_id: str | None = None, storyline_id: str | None = None,
                   sort: QuoteSort = "ingested", offset: int = 0, limit: int = 50
                   ) -> Page[tuple[str, Quote]]:
        """(article id, quote) in ingestion order (`newest`: latest article first), of one
        speaker (an entity id), of some articles, outlets, days, an event or a storyline."""

    @abstractmethod
    def time_expression_page(self, *, article_ids: Sequence[str] | None = None,
                             event_id: str | None = None, storyline_id: str | None = None,
                             offset: int = 0, limit: int = 50
                             ) -> Page[tuple[str, TimeExpression]]:
        """(article id, temporal expression) in ingestion then text order."""

    # --- single resources and batches -------------------------------------------------------
    @abstractmethod
    def article(self, id_: str) -> Article:
        """One article by id; raises NotFoundError."""

    @abstractmethod
    def articles_by_ids(self, ids: Sequence[str]) -> list[Article]:
        """The stored ones of these articles, in the order given."""

    @abstractmethod
    def event(self, id_: str) -> Event:
        """One event by id, its articles by date; raises NotFoundError."""

    @abstractmethod
    def events_by_ids(self, ids: Sequence[str]) -> list[Event]:
        """The stored ones of these events, in the order given."""

    @abstractmethod
    def storyline(self, id_: str) -> Storyline:
        """One storyline by id, its events by date; raises NotFoundError."""

    @abstractmethod
    def entity(self, id_: str) -> Entity:
        """One entity by id, with its surface forms; raises NotFoundError."""

    @abstractmethod
    def entities_by_ids(self, ids: Sequence[str]) -> list[Entity]:
        """The stored ones of these entities, in the order given."""

    @abstractmethod
    def resolve(self, prefix: str) -> tuple[str, str]:
        """(kind, full id) for an id or unique id prefix; kind is article, event or storyline."""

    @abstractmethod
    def entity_ids_for_keys(self, keys: Sequence[str]) -> list[str]:
        """Ids of the entities the linker knows by one of these keys, or by a key ending with one
        of them as its last word (a family name), whole matches first, then most mentioned."""

    @abstractmethod
    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        """Where an entity is named: {"articles"|"events"|"storylines": {id: mentions}}."""

    @abstractmethod
    def entity_groups_many(self, ids: Sequence[str]) -> dict[str, dict[str, dict[str, int]]]:
        """`entity_groups` of several entities at once: entity id -> where it is named."""

    @abstractmethod
    def top_entities(self, article_ids: Sequence[str], limit: int = 10
                     ) -> list[tuple[Entity, int]]:
        """The entities most named in these articles, with their mention counts there."""

    @abstractmethod
    def findings(self, article_id: str) -> Findings | None:
        """What extraction found in one article (None if it has not run on it)."""

    def findings_many(self, article_ids: Sequence[str]) -> dict[str, Findings]:
        """`findings` of several articles (those extracted), by article id."""
        return {i: f for i in article_ids if (f := self.findings(i)) is not None}

    @abstractmethod
    def timeline_inputs(self, kind: Kind, ids: Sequence[str]) -> dict[str, TimelineInput]:
        """What the timeline of each of these events, storylines or articles is built from."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts: articles, duplicates, events, storylines, rejections, findings."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # --- every item of a list, page by page (what `marsad export` and the Python API use) ---
    def articles(self, *, event_id: str | None = None, originals_only: bool = False,
                 limit: int | None = None) -> Iterator[Article]:
        """Stored articles in ingestion order."""
        return _upto(self.article_page, limit, event_id=event_id, originals_only=originals_only)

    def events(self, *, storyline_id: str | None = None, min_size: int = 1,
               limit: int | None = None) -> Iterator[Event]:
        """Events, largest first."""
        return _upto(self.event_page, limit, storyline_id=storyline_id, min_size=min_size)

    def storylines(self, *, min_events: int = 1, limit: int | None = None
                   ) -> Iterator[Storyline]:
        """Storylines, largest first."""
        return _upto(self.storyline_page, limit, min_events=min_events)

    def entities(self, *, type_: EntityType | None = None, limit: int | None = None
                 ) -> Iterator[Entity]:
        """Entities, most mentioned first."""
        return _upto(self.entity_page, limit, type_=type_)

    def quotes(self, *, entity_id: str | None = None, article_ids: Sequence[str] | None = None,
               limit: int | None = None) -> Iterator[tuple[str, Quote]]:
        """(article id, quote) in ingestion order, of one speaker or of some articles."""
        return _upto(self.quote_page, limit, speaker=entity_id, article_ids=article_ids)

    def time_expressions(self, article_ids: Sequence[str]
                         ) -> Iterator[tuple[str, TimeExpression]]:
        """(article id, temporal expression) of these articles, in text order."""
        return each(self.time_expression_page, PAGE, article_ids=list(article_ids))

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _upto(fetch: Callable[..., Page[T]], limit: int | None, **filters: object) -> Iterator[T]:
    """The first `limit` items of a list (all of them without a limit, or with 0)."""
    if not limit:
        yield from each(fetch, PAGE, **filters)
        return
    for n, item in enumerate(each(fetch, min(PAGE, limit), **filters), start=1):
        yield item
        if n == limit:  # before reading the next page
            return
