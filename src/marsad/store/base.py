"""The one interface every store implements (SQLite by default, PostgreSQL as an extra)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from datetime import datetime

from marsad.model import (
    Article,
    BatchWrite,
    Candidate,
    Entity,
    EntityType,
    Event,
    ExtractWrite,
    Findings,
    Group,
    Quote,
    Storyline,
    TimeExpression,
)


class Store(ABC):
    """Articles, their copies, events and storylines, and the state the stages keep between runs."""

    # --- what the pipeline reads while ingesting -------------------------------------------
    @abstractmethod
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The ids among `ids` that are stored already."""

    @abstractmethod
    def exact_candidates(self, keys: Sequence[int]) -> dict[int, Candidate]:
        """A stored article for each exact-text key that has one."""

    @abstractmethod
    def near_candidates(self, keys: Sequence[int]) -> dict[str, Candidate]:
        """Stored articles sharing at least one LSH band key with `keys`."""

    @abstractmethod
    def line_counts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """How many stored articles of an outlet carry each (outlet, line key)."""

    @abstractmethod
    def group_ids(self, level: str, lo: datetime | None, hi: datetime | None,
                  recent: int) -> list[str]:
        """Ids of the groups of `level` whose span meets [lo, hi], plus the `recent` most
        recently updated ones (for undated items)."""

    @abstractmethod
    def load_groups(self, ids: Sequence[str]) -> list[Group]:
        """The working state of the given groups."""

    @abstractmethod
    def get_state(self, name: str) -> bytes | None:
        """A named blob of stage state (e.g. document frequencies)."""

    @abstractmethod
    def write(self, batch: BatchWrite) -> None:
        """Write one batch in one transaction: all of it or nothing."""

    # --- what the extraction stage reads and writes ------------------------------------------
    @abstractmethod
    def extraction_queue(self, after: int, limit: int) -> list[tuple[int, Article]]:
        """Up to `limit` (seq, article) of the originals not extracted yet whose ingestion
        sequence number is above `after`, in ingestion order."""

    @abstractmethod
    def extraction_backlog(self) -> int:
        """How many originals the extraction stage has not done yet."""

    @abstractmethod
    def entity_state(self) -> tuple[list[Entity], list[tuple[EntityType, str, str]]]:
        """Every entity with its surface forms, and the linker's keys (type, key, entity id) in
        the order they were made."""

    @abstractmethod
    def write_extraction(self, batch: ExtractWrite) -> None:
        """Write one extraction batch in one transaction: all of it or nothing."""

    @abstractmethod
    def reset_extraction(self) -> None:
        """Forget every finding (entities, mentions, quotes, dates) in one transaction, so that
        the extraction stage runs again on every original (after the tables or the model
        changed). Articles, events and storylines are untouched."""

    # --- what users read --------------------------------------------------------------------
    @abstractmethod
    def articles(self, *, event_id: str | None = None, originals_only: bool = False,
                 limit: int | None = None) -> Iterator[Article]:
        """Stored articles in ingestion order."""

    @abstractmethod
    def article(self, id_: str) -> Article:
        """One article by id; raises NotFoundError."""

    @abstractmethod
    def events(self, *, storyline_id: str | None = None, min_size: int = 1,
               limit: int | None = None) -> Iterator[Event]:
        """Events, largest first."""

    @abstractmethod
    def storylines(self, *, min_events: int = 1, limit: int | None = None) -> Iterator[Storyline]:
        """Storylines, largest first."""

    @abstractmethod
    def event(self, id_: str) -> Event:
        """One event by id; raises NotFoundError."""

    @abstractmethod
    def storyline(self, id_: str) -> Storyline:
        """One storyline by id; raises NotFoundError."""

    @abstractmethod
    def resolve(self, prefix: str) -> tuple[str, str]:
        """(kind, full id) for an id or unique id prefix; kind is article, event or storyline."""

    @abstractmethod
    def entities(self, *, type_: EntityType | None = None, limit: int | None = None
                 ) -> Iterator[Entity]:
        """Entities, most mentioned first."""

    @abstractmethod
    def entity(self, id_: str) -> Entity:
        """One entity by id, with its surface forms; raises NotFoundError."""

    @abstractmethod
    def entity_ids_for_keys(self, keys: Sequence[str]) -> list[str]:
        """Ids of the entities the linker knows by one of these keys, or by a key ending with one
        of them as its last word (a family name), whole matches first, then most mentioned."""

    @abstractmethod
    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        """Where an entity is named: {"articles"|"events"|"storylines": {id: mentions}}."""

    @abstractmethod
    def top_entities(self, article_ids: Sequence[str], limit: int = 10
                     ) -> list[tuple[Entity, int]]:
        """The entities most named in these articles, with their mention counts there."""

    @abstractmethod
    def findings(self, article_id: str) -> Findings | None:
        """What extraction found in one article (None if it has not run on it)."""

    @abstractmethod
    def quotes(self, *, entity_id: str | None = None, article_ids: Sequence[str] | None = None,
               limit: int | None = None) -> Iterator[tuple[str, Quote]]:
        """(article id, quote) in ingestion order, of one speaker or of some articles."""

    @abstractmethod
    def time_expressions(self, article_ids: Sequence[str]) -> Iterator[tuple[str, TimeExpression]]:
        """(article id, temporal expression) of these articles, in text order."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts: articles, duplicates, events, storylines, rejections."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
