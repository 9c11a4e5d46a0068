"""The write side of a store: the roles the ingest pipeline and the extraction stage use (the
copy index, the grouping state, the entity state, and the one transaction per batch that writes
articles, groups and findings). One writer at a time holds a store (see `store.lock`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from marsad.model import (
    Article,
    BatchWrite,
    Candidate,
    Entity,
    EntityType,
    ExtractWrite,
    Group,
)

if TYPE_CHECKING:
    import numpy as np


class Writer(ABC):
    """What the stages read while they write, and their writes, each batch all or nothing.
    Raises StoreError (StoreBusyError when another writer holds the store) when the backend
    fails."""

    # --- the copy index (deduplication) -----------------------------------------------------
    @abstractmethod
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The ids among `ids` that are stored already."""

    @abstractmethod
    def exact_candidates(self, keys: Sequence[int]) -> dict[int, Candidate]:
        """A stored article for each exact-text key that has one (the earliest stored)."""

    @abstractmethod
    def near_candidates(self, keys: Sequence[int]) -> dict[str, Candidate]:
        """Stored articles sharing at least one LSH band key with `keys`."""

    @abstractmethod
    def line_counts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """How many stored articles of an outlet carry each (outlet, line key)."""

    # --- the grouping state ------------------------------------------------------------------
    @abstractmethod
    def group_ids(self, level: str, lo: datetime | None, hi: datetime | None,
                  recent: int) -> list[str]:
        """Ids of the groups of `level` whose span meets [lo, hi], plus the `recent` most
        recently updated ones (for undated items)."""

    @abstractmethod
    def load_groups(self, ids: Sequence[str]) -> list[Group]:
        """The working state of the given groups."""

    @abstractmethod
    def doc_freq(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The grouping stage's document frequencies, read whole: the hashed columns counted
        (int64), in how many stored originals each is (int64), and how many originals those are.
        Each `write` adds its batch's `doc_freq` delta to them."""

    @abstractmethod
    def write(self, batch: BatchWrite) -> None:
        """Write one ingest batch in one transaction: all of it or nothing."""

    # --- the extraction stage ----------------------------------------------------------------
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

    @abstractmethod
    def close(self) -> None:
        """Release the connection and the writer lock."""

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
