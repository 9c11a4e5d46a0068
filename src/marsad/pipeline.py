"""The pipeline, in one place: read → clean → deduplicate → group → store.

Each stage is a plain function or small object from its own subpackage, taking and returning the
records of `marsad.model`. Articles flow in batches; each batch is written in one transaction, so
an interrupted ingest leaves the store as it was after the last whole batch, and running it again
skips what is stored and completes the rest.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import TypeVar

from marsad import clean, dedup, sources
from marsad.arabic import normalize, words
from marsad.model import (
    Article,
    BatchWrite,
    DateSource,
    Notice,
    RawDocument,
    Rejection,
    article_id,
)
from marsad.settings import Settings
from marsad.store.base import Store
from marsad.stories import Grouper, GroupingParams

T = TypeVar("T")


@dataclass(slots=True)
class IngestReport:
    """What one ingest did; `rejections` and `notices` name each input and the reason."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    events_opened: int = 0
    storylines_opened: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0


Progress = Callable[[IngestReport], None]


def ingest(store: Store, paths: Iterable[str | os.PathLike[str]], *, fmt: str | None = None,
           settings: Settings | None = None, published: datetime | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Read every article under `paths` and store it, its copies, events and storylines.

    `published` is used for articles whose input gives no publication date. Bad inputs never
    stop the run: each becomes a Rejection in the report. Raises StoreError if the store fails.
    """
    settings = settings or Settings()
    report = IngestReport()
    started = time.perf_counter()
    grouper = Grouper(store, _grouping_params(settings))
    stream = sources.read(paths, fmt, max_article_bytes=settings.max_article_bytes)
    for chunk in _batched(stream, settings.batch_size):
        # 1. Read: split what the readers found into documents, rejections and notices.
        raws, rejected = _split(chunk, report, published)
        # 2. Skip what is stored already: re-ingesting the same input adds nothing.
        raws = _unseen(store, raws, report)
        # 3. Clean: boilerplate patterns, each outlet's learned boilerplate, repeated lines.
        articles, line_counts, empty = _clean(store, raws, settings.boilerplate_min_articles)
        rejected += empty
        # 4. Deduplicate: exact and near copies are linked to the earliest copy, never dropped.
        normalised = {a.id: normalize(a.clean_text) for a in articles}
        tokens = {id_: words(text) for id_, text in normalised.items()}
        prints = {id_: dedup.fingerprint(normalised[id_], tokens[id_]) for id_ in normalised}
        matches, repoints = dedup.find_copies(articles, prints, store,
                                              settings.near_duplicate_threshold)
        for art in articles:
            if (m := matches.get(art.id)) is not None and m.original_id is not None:
                art.duplicate_of, art.duplicate_kind = m.original_id, m.kind
                art.duplicate_similarity = round(m.similarity, 4)
        # 5. Group: articles into events, new events into storylines.
        grouped = grouper.group(articles, matches, tokens)
        for art in articles:
            art.event_id = grouped.event_of[art.id]
        # 6. Store the batch in one transaction.
        store.write(BatchWrite(articles=articles, fingerprints=prints, repoints=repoints,
                               groups=grouped.changed, merged_groups=grouped.merged,
                               line_counts=line_counts,
                               doc_freq=grouped.doc_freq if articles else None,
                               rejections=rejected))
        _count(report, articles, matches, grouped.opened_events, grouped.opened_storylines)
        report.rejections += rejected
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _grouping_params(s: Settings) -> GroupingParams:
    return GroupingParams(
        event_threshold=s.event_threshold, event_window=timedelta(days=s.event_window_days),
        storyline_threshold=s.storyline_threshold,
        storyline_window=timedelta(days=s.storyline_window_days))


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _split(chunk: Sequence[RawDocument | Rejection | Notice], report: IngestReport,
           published: datetime | None) -> tuple[list[RawDocument], list[Rejection]]:
    raws: list[RawDocument] = []
    rejected: list[Rejection] = []
    for item in chunk:
        if isinstance(item, RawDocument):
            if item.published is None and published is not None:
                item.published, item.published_source = published, DateSource.USER
            raws.append(item)
        elif isinstance(item, Rejection):
            rejected.append(item)
        else:
            report.notices.append(item)
    report.read += len(raws)
    return raws, rejected


def _unseen(store: Store, raws: list[RawDocument], report: IngestReport) -> list[RawDocument]:
    ids = [article_id(r.outlet, r.url, r.text) for r in raws]
    known = store.known_ids(ids)
    out, seen = [], set()
    for raw, id_ in zip(raws, ids, strict=True):
        if id_ in known or id_ in seen:
            report.already_stored += 1
            continue
        seen.add(id_)
        out.append(raw)
    return out


def _clean(store: Store, raws: list[RawDocument], min_articles: int
           ) -> tuple[list[Article], dict[tuple[str, int], int], list[Rejection]]:
    """Clean a batch; lines repeated across `min_articles` articles of an outlet are dropped."""
    keys = [set(clean.line_keys(r.text)) if r.outlet else set() for r in raws]
    added = Counter((r.outlet, k) for r, ks in zip(raws, keys, strict=True) for k in ks
                    if r.outlet)
    stored = store.line_counts(list(added))
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for raw, ks in zip(raws, keys, strict=True):
        learned = {k for k in ks if stored.get((raw.outlet, k), 0) + added[(raw.outlet, k)]
                   >= min_articles}
        result = clean.clean(raw.text, title=raw.title, learned=learned,
                             date_header=raw.published_source == DateSource.HEADER)
        if not result.text.strip():
            rejected.append(Rejection(raw.origin, "no article text left after removing "
                                                  "boilerplate"))
            continue
        articles.append(Article.from_raw(raw, result.text, removed=result.removed))
    articles.sort(key=lambda a: (a.published is None, a.published or datetime.min))
    return articles, {k: n for k, n in added.items() if k[0] is not None}, rejected


def _count(report: IngestReport, articles: list[Article], matches: dict, events: int,
           storylines: int) -> None:
    report.stored += len(articles)
    for m in matches.values():
        if m.kind == "exact":
            report.exact_duplicates += 1
        else:
            report.near_duplicates += 1
    report.events_opened += events
    report.storylines_opened += storylines
