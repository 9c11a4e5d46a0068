"""The Python API: `marsad.open(db)` gives an Observatory over one store.

>>> import marsad
>>> with marsad.open("news.db") as obs:                       # doctest: +SKIP
...     report = obs.ingest(["feeds/", "archive.jsonl"])
...     for story in obs.storylines(min_events=2):
...         print(story.title, story.size)

`marsad.open(db)` opens for writing: it creates the store if needed and holds it (one writer at
a time) until closed, so keep it open only while ingesting or extracting. To look without
writing, and without keeping a writer waiting, open it with `readonly=True`: the store must
exist then, and is never created nor changed. Everything read goes through the store's read
side (`obs.reader`, a `marsad.store.Reader`), whose lists come in pages with their totals:

>>> with marsad.open("news.db", readonly=True) as obs:       # doctest: +SKIP
...     page = obs.reader.event_page(outlet="sabq", since=datetime(2015, 7, 21), limit=20)
...     print(page.total, [e.title for e in page.items], page.next_offset)
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
)
from marsad.settings import Settings
from marsad.store import Reader, Store, open_reader, open_store

if TYPE_CHECKING:  # the pipeline, the tagger and the tables load when a method needs them
    from marsad.brief.records import Brief
    from marsad.pipeline import ExtractProgress, ExtractReport, IngestReport, Progress
    from marsad.store.read import Kind


class Observatory:
    """Articles, events and storylines of one store, and the pipeline that fills it."""

    def __init__(self, settings: Settings, *, readonly: bool = False,
                 command: str | None = None) -> None:
        """Open the store of `settings.db`: for writing (created if needed, held by this process
        as `command` until closed) or, `readonly`, for reading an existing store."""
        self.settings = settings
        self.readonly = readonly
        self._store: Store | None = None
        self.reader: Reader
        if readonly:
            self.reader = open_reader(settings.db, lock_timeout=settings.lock_timeout)
        else:
            self._store = self.reader = open_store(settings.db, write=True,
                                                   lock_timeout=settings.lock_timeout,
                                                   command=command)

    @property
    def store(self) -> Store:
        """The whole store, write side included (opened read-only on first use when this
        observatory is read-only: the read side alone is `reader`)."""
        if self._store is None:
            self._store = open_store(self.settings.db, write=False,
                                     lock_timeout=self.settings.lock_timeout)
        return self._store

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
        return self.reader.entities(type_=type_, limit=limit)

    def entity(self, id_or_name: str) -> Entity:
        """An entity by id, or by one of its names (the most mentioned entity of that name); a
        Latin name matches a table entity's Latin form by whole words, in any case (Pashinyan:
        Nikol Pashinyan).

        Raises NotFoundError when nothing is known by that id or name."""
        try:
            return self.reader.entity(id_or_name.strip())
        except NotFoundError:
            from marsad.extract.names import name_key, table

            key = name_key(id_or_name)
            canon = table().get(key)
            if canon is None and key.isascii() and (words := set(key.split())):
                canon = next((c for k, c in table().items()
                              if k.isascii() and words <= set(k.split())), None)
            ids = [canon.id] if canon else self.reader.entity_ids_for_keys([key])
            if not ids:
                raise NotFoundError(f"no entity has the id or the name '{id_or_name}': "
                                    "`marsad entities` lists them") from None
            return self.reader.entity(ids[0])

    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        """Where an entity is named: its articles, events and storylines, with mention counts."""
        return self.reader.entity_groups(id_)

    def findings(self, article: Article) -> Findings | None:
        """What extraction found in an article (in its original's text, for a copy)."""
        return self.reader.findings(article.duplicate_of or article.id)

    def quotes(self, *, speaker: str | None = None, limit: int | None = None
               ) -> Iterator[tuple[str, Quote]]:
        """(article id, quote), of one speaker (an entity id or name) or of all."""
        entity_id = self.entity(speaker).id if speaker else None
        return self.reader.quotes(entity_id=entity_id, limit=limit)

    def timeline(self, id_or_prefix: str) -> list[Happening]:
        """The dated happenings of an event or storyline (or of one article), in date order,
        each with every article that reports it."""
        kind, full = self.reader.resolve(id_or_prefix)
        return self.timelines(kind, [full])[full]  # type: ignore[arg-type]

    def timelines(self, kind: Kind, ids: list[str]) -> dict[str, list[Happening]]:
        """The timelines of several events, storylines or articles (by full id), read together
        (a few queries for all of them)."""
        from marsad.timeline import build_timeline

        return {i: build_timeline(t.originals, t.dates, t.copies)
                for i, t in self.reader.timeline_inputs(kind, ids).items()}

    def brief(self, id_or_prefix: str, *, sentences: int | None = None) -> Brief:
        """The brief of an event or storyline (by id or unique prefix): its cited sentences
        (5 for an event, 8 for a storyline unless `sentences`), the outlet comparison, who
        relays whom and the articles' quality flags. Read in a few queries.

        Raises NotFoundError for an unknown id, QueryError for an article's id."""
        from marsad.brief import brief_event, brief_storyline
        from marsad.errors import QueryError
        from marsad.timeline import build_timeline

        kind, full = self.reader.resolve(id_or_prefix)
        if kind == "article":
            raise QueryError(f"{full} is an article: a brief is of an event or a storyline "
                             "(`marsad show` shows an article with its event)")
        story = self.reader.timeline_inputs(kind, [full])[full]  # type: ignore[arg-type]
        findings = self.reader.findings_many([a.id for a in story.originals])
        happenings = build_timeline(story.originals, story.dates, story.copies)
        extra = {"n": sentences} if sentences is not None else {}
        if kind == "event":
            return brief_event(self.reader.event(full), story.originals, findings,
                               copies=story.copies, happenings=happenings, **extra)
        return brief_storyline(self.reader.storyline(full), story.originals, findings,
                               copies=story.copies, happenings=happenings, **extra)

    def articles(self, *, event_id: str | None = None, originals_only: bool = False,
                 limit: int | None = None) -> Iterator[Article]:
        return self.reader.articles(event_id=event_id, originals_only=originals_only,
                                    limit=limit)

    def events(self, *, storyline_id: str | None = None, min_size: int = 1,
               limit: int | None = None) -> Iterator[Event]:
        return self.reader.events(storyline_id=storyline_id, min_size=min_size, limit=limit)

    def storylines(self, *, min_events: int = 1, limit: int | None = None) -> Iterator[Storyline]:
        return self.reader.storylines(min_events=min_events, limit=limit)

    def get(self, id_or_prefix: str) -> Article | Event | Storyline:
        """The article, event or storyline with this id (or unique id prefix)."""
        kind, full = self.reader.resolve(id_or_prefix)
        if kind == "article":
            return self.reader.article(full)
        if kind == "event":
            return self.reader.event(full)
        return self.reader.storyline(full)

    def stats(self) -> dict[str, int]:
        return self.reader.stats()

    def close(self) -> None:
        try:
            self.reader.close()
        finally:
            if self._store is not None and self._store is not self.reader:
                self._store.close()

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
