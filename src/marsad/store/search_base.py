"""The search side of a store: full text, counts over time, names named together.

Kept apart from the rest of the reading side so that `marsad search` loads neither numpy nor
the pipeline; a second backend (PostgreSQL) implements the same methods."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal, Self

from marsad.search.query import Query
from marsad.search.results import SearchPage

Kind = Literal["articles", "events", "storylines"]
By = Literal["day", "outlet"]


@dataclass(frozen=True, slots=True)
class Count:
    """Articles of one day (YYYY-MM-DD, or 'undated') or one outlet."""

    key: str
    articles: int


@dataclass(frozen=True, slots=True)
class Named:
    """An entity named in `articles` of the articles that name another."""

    id: str
    name: str
    type: str
    articles: int


class SearchIndex(ABC):
    """Read-only search over one store."""

    @abstractmethod
    def search(self, query: Query, kind: Kind = "articles", limit: int = 10,
               offset: int = 0) -> SearchPage:
        """One page of articles (originals), events or storylines matching `query`, best
        first, with the number of hits in all. Raises QueryError for an unknown entity:."""

    @abstractmethod
    def counts(self, query: Query, by: By = "day", storyline: str | None = None) -> list[Count]:
        """Articles matching `query` (copies included), per day or per outlet; with
        `storyline` (an id or a unique prefix), only that storyline's. Raises QueryError."""

    @abstractmethod
    def cooccurring(self, entity: str, limit: int = 20) -> tuple[Named, list[Named]]:
        """An entity (id or name) with the number of articles naming it, and the entities most
        often named in those same articles. Raises QueryError for an unknown entity."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the store."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
