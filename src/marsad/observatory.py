"""The Python API: `marsad.open(db)` gives an Observatory over one store.

>>> import marsad
>>> with marsad.open("news.db") as obs:                       # doctest: +SKIP
...     report = obs.ingest(["feeds/", "archive.jsonl"])
...     for story in obs.storylines(min_events=2):
...         print(story.title, story.size)

`marsad.open(db)` opens for writing: it creates the store if needed and holds it (one writer at
a time) until closed, so keep it open only while ingesting or extracting. To look without
writing, and without keeping a writer waiting, open it with `readonly=True`: the store must
exist then, and is never created nor changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from marsad.errors import NotFoundError, StoreError
from marsad.model import (
    Article,
    Entity,
    EntityType,
    Event,
    Findings,
    Happening,
    Quote,
    Storyline,
    TimeExpression,
)
from marsad.settings import Settings
from marsad.store import open_store

if TYPE_CHECKING:  # the pipeline, the tagger and the tables load when a method needs them
    from marsad.pipeline import ExtractProgress, ExtractReport, IngestReport, Progress


class Observatory:
    """Articles, events and storylines of one store, and the pipeline that fills it."""

    def __init__(self, settings: Settings, *, readonly: bool = False,
                 command: str | None = None) -> None:
        """Open the store of `settings.db`: for writing (created if needed, held by this process
        as `command` until closed) or, `readonly`, for reading an existing store."""
        self.settings = settings
        self.readonly = readonly
        self.store = open_store(settings.db, write=not readonly,
                                lock_timeout=settings.lock_timeout, command=command)

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.settings.db} was opened read-only: "
                             "open it with marsad.open(db) to ingest or extract")

    def ingest(self, paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
               fmt: str | None = None, published: datetime | None = None,
               progress: Progress | None = None) -> IngestReport:
        """Read, clean, deduplicate, group and store every article under `paths` (then call
        `extract` for names, entities, dates and quotes)."""
        from marsad.pipeline import ingest

        self._writable()
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        return ingest(self.store, paths, fmt=fmt, settings=self.settings, published=published,
                      progress=progress)

    def extract(self, progress: ExtractProgress | None = None, *, redo: bool = False
                ) -> ExtractReport:
        """Extract names (linked to entities), dates and quotes from every stored original
        not extracted yet; with `redo`, forget every finding first and extract everything again
        (after an upgrade of the tagger or the tables: entity ids may change)."""
        from marsad.pipeline import extract_stored

        self._writable()
        if redo:
            self.store.reset_extraction()
        return extract_stored(self.store, self.settings, progress)

    def analyze(self, text: str, published: datetime | None = None, *, raw: bool = False
                ) -> dict[str, Any]:
        """What marsad finds in one text (cleaned first unless `raw`), its names linked to this
        store's entities (the store is not changed)."""
        from marsad.extract.linking import EntityIndex
        from marsad.pipeline import analyze

        return analyze(text, published, EntityIndex.restore(*self.store.entity_state()),
                       raw=raw)

    def entities(self, *, type_: EntityType | None = None, limit: int | None = None
                 ) -> Iterator[Entity]:
        """Entities, most mentioned first."""
        return self.store.entities(type_=type_, limit=limit)

    def entity(self, id_or_name: str) -> Entity:
        """An entity by id, or by one of its names (the most mentioned entity of that name); a
        Latin name matches a table entity's Latin form by whole words, in any case (Pashinyan:
        Nikol Pashinyan).

        Raises NotFoundError when nothing is known by that id or name."""
        try:
            return self.store.entity(id_or_name.strip())
        except NotFoundError:
            from marsad.extract.names import name_key, table

            key = name_key(id_or_name)
            canon = table().get(key)
            if canon is None and key.isascii() and (words := set(key.split())):
                canon = next((c for k, c in table().items()
                              if k.isascii() and words <= set(k.split())), None)
            ids = [canon.id] if canon else self.store.entity_ids_for_keys([key])
            if not ids:
                raise NotFoundError(f"no entity has the id or the name '{id_or_name}': "
                                    "`marsad entities` lists them") from None
            return self.store.entity(ids[0])

    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        """Where an entity is named: its articles, events and storylines, with mention counts."""
        return self.store.entity_groups(id_)

    def findings(self, article: Article) -> Findings | None:
        """What extraction found in an article (in its original's text, for a copy)."""
        return self.store.findings(article.duplicate_of or article.id)

    def quotes(self, *, speaker: str | None = None, limit: int | None = None
               ) -> Iterator[tuple[str, Quote]]:
        """(article id, quote), of one speaker (an entity id or name) or of all."""
        entity_id = self.entity(speaker).id if speaker else None
        return self.store.quotes(entity_id=entity_id, limit=limit)

    def timeline(self, id_or_prefix: str) -> list[Happening]:
        """The dated happenings of an event or storyline (or of one article), in date order,
        each with every article that reports it."""
        item = self.get(id_or_prefix)
        if isinstance(item, Storyline):
            members = [a for e in item.event_ids for a in self.store.articles(event_id=e)]
        elif isinstance(item, Event):
            members = list(self.store.articles(event_id=item.id))
        else:
            members = [item]
        originals = {a.id: a for a in members if a.duplicate_of is None}
        copies: dict[str, list[Article]] = {}
        for a in members:
            if a.duplicate_of is not None:
                if a.duplicate_of not in originals:
                    originals[a.duplicate_of] = self.store.article(a.duplicate_of)
                copies.setdefault(a.duplicate_of, []).append(a)
        dates: dict[str, list[TimeExpression]] = {}
        for article_id, t in self.store.time_expressions(list(originals)):
            dates.setdefault(article_id, []).append(t)
        from marsad.stories.timeline import build_timeline

        return build_timeline(list(originals.values()), dates, copies)

    def articles(self, *, event_id: str | None = None, originals_only: bool = False,
                 limit: int | None = None) -> Iterator[Article]:
        return self.store.articles(event_id=event_id, originals_only=originals_only, limit=limit)

    def events(self, *, storyline_id: str | None = None, min_size: int = 1,
               limit: int | None = None) -> Iterator[Event]:
        return self.store.events(storyline_id=storyline_id, min_size=min_size, limit=limit)

    def storylines(self, *, min_events: int = 1, limit: int | None = None) -> Iterator[Storyline]:
        return self.store.storylines(min_events=min_events, limit=limit)

    def get(self, id_or_prefix: str) -> Article | Event | Storyline:
        """The article, event or storyline with this id (or unique id prefix)."""
        kind, full = self.store.resolve(id_or_prefix)
        if kind == "article":
            return self.store.article(full)
        if kind == "event":
            return self.store.event(full)
        return self.store.storyline(full)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Observatory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(db: str | os.PathLike[str] | None = None, *, readonly: bool = False,
         **settings: Any) -> Observatory:
    """Open the store at `db` (default: MARSAD_DB or ./marsad.db).

    By default for writing: the store is created if needed and this process is its one writer
    until `close()` (another writer waits `lock_timeout` seconds, then StoreError names it).
    With `readonly=True` the store must exist (StoreError otherwise) and is never changed.
    Other keyword arguments override Settings fields, e.g. event_threshold=0.5.
    """
    if db is not None:
        settings["db"] = os.fspath(db)
    return Observatory(Settings(**settings), readonly=readonly)
