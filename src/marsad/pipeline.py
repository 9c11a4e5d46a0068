"""The pipeline, in one place: read → clean → deduplicate → group → store, then extract.

Each stage is a plain function or small object from its own subpackage, taking and returning the
records of `marsad.model`. Articles flow in batches; each batch is written in one transaction, so
an interrupted ingest leaves the store as it was after the last whole batch, and running it again
skips what is stored and completes the rest.

The per-article work (cleaning, fingerprints, feature tokens, search keys) is pure and runs in worker
processes (`Settings.workers`), one batch ahead of the work that needs the store (matching
copies, grouping, writing), which runs here in order.

Extraction (names linked to entities, dates, quotes) is its own incremental stage, `extract`,
run after `ingest` on every original article not extracted yet: tagging costs ten times what the
rest of the pipeline does, and kept apart it neither slows grouping nor is lost when interrupted.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from marsad import clean, dedup, extract, sources
from marsad.arabic import normalize, words
from marsad.errors import StoreError
from marsad.extract.dates import find_dates
from marsad.extract.linking import EntityIndex, link, speaker_entity
from marsad.extract.quotes import find_quotes
from marsad.model import (
    Article,
    BatchWrite,
    DateSource,
    ExtractWrite,
    Findings,
    Fingerprint,
    Match,
    Notice,
    Quote,
    RawDocument,
    Rejection,
    article_id,
    sanitize,
)
from marsad.search.keys import index_document
from marsad.settings import Settings
from marsad.store.write import Writer
from marsad.stories import Grouper, GroupingParams, feature_tokens
from marsad.workers import Preparer

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
    storylines_merged: int = 0
    seconds: float = 0.0
    bytes_total: int = 0  # size of the input files (for progress bars)
    bytes_done: int = 0  # of which the files read whole
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0


Progress = Callable[[IngestReport], None]


@dataclass(slots=True)
class Prepared:
    """An article cleaned, fingerprinted and featurised (stage 3 and the per-article parts of
    stages 4 and 5), ready for the stages that need the store."""

    article: Article
    fingerprint: Fingerprint
    features: list[str]
    search_doc: tuple[str, str]  # what the search index holds of it (marsad.search)


def prepare(raws: list[RawDocument], learned: list[frozenset[int]], with_names: bool = False
            ) -> tuple[list[Prepared], list[Rejection]]:
    """Clean each document (dropping the lines in its `learned` set too), then fingerprint it
    and take its feature tokens (with the names of its title when `with_names`). Pure: this is
    what the worker processes run. A document that makes a stage fail is rejected, with the
    error, and the others go on."""
    ready: list[Prepared] = []
    rejected: list[Rejection] = []
    for raw, keys in zip(raws, learned, strict=True):
        try:
            ready.append(_prepare_one(raw, keys, with_names))
        except _Empty:
            rejected.append(Rejection(raw.origin, "no article text left after removing "
                                                  "boilerplate", record=True))
        except Exception as exc:  # deliberate: one document must not stop a batch
            rejected.append(Rejection(raw.origin, unexpected("cleaning", exc), record=True))
    return ready, rejected


class _Empty(Exception):
    """Nothing is left of a document once its boilerplate is removed."""


def _prepare_one(raw: RawDocument, keys: frozenset[int], with_names: bool) -> Prepared:
    result = clean.clean(raw.text, title=raw.title, learned=keys,
                         date_header=raw.published_source == DateSource.HEADER)
    if not result.text.strip():
        raise _Empty
    article = Article.from_raw(raw, result.text, removed=result.removed)
    norm = result.normalized
    tokens = words(norm)
    names = extract.name_features(_headline(article)) if with_names else []
    title = normalize(article.title or "")
    return Prepared(article, dedup.fingerprint(norm, tokens), feature_tokens(title, tokens, names),
                    index_document(title, tokens))


def unexpected(stage: str, exc: Exception) -> str:
    """The reason shown for a document that made a stage fail in a way marsad does not expect."""
    return (f"unexpected error while {stage} ({type(exc).__name__}: {str(exc)[:200]}); "
            "please report it")


def _headline(article: Article) -> str:
    """The title, or for an article without one its first line (at most 30 words)."""
    if article.title:
        return article.title
    first = article.clean_text.strip().split("\n", 1)[0]
    return " ".join(first.split()[:30])


@dataclass(slots=True)
class _Batch:
    """A batch on its way: prepared by the workers, then finished here."""

    result: Callable[[], tuple[list[Prepared], list[Rejection]]]
    rejected: list[Rejection]
    line_counts: Counter[tuple[str, int]]  # of every document (what `learned` counts in flight)
    line_keys: dict[str, frozenset[int]]  # each document's line keys, by article id


def ingest(store: Writer, paths: Iterable[str | os.PathLike[str]], *, fmt: str | None = None,
           settings: Settings | None = None, published: datetime | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Read every article under `paths` and store it, its copies, events and storylines.

    `published` is used for articles whose input gives no publication date. Bad inputs never
    stop the run: each becomes a Rejection in the report. Raises StoreError if the store fails.
    """
    settings = settings or Settings()
    run = _Run(store, settings, progress)
    paths = list(paths)
    run.report.bytes_total = sources.input_bytes(paths, fmt)
    if progress is not None:
        progress(run.report)

    def file_done(size: int) -> None:
        run.report.bytes_done += size

    stream = sources.read(paths, fmt, max_article_bytes=settings.max_article_bytes,
                          on_done=file_done)
    with Preparer(partial(prepare, with_names=settings.name_features), settings.workers) as workers:
        for chunk in _batched(stream, settings.batch_size):
            # 1. Read: split what the readers found into documents, rejections and notices.
            raws, rejected = _split(chunk, run.report, published)
            # 2. Skip what is stored (or on its way): re-ingesting the same input adds nothing.
            raws = run.unseen(raws)
            # 3. Clean, in the workers; an outlet's learned boilerplate is decided here.
            learned, counts, keys = run.learned(raws)
            run.pending.append(_Batch(workers.submit(raws, learned), rejected, counts,
                                      {article_id(r.outlet, r.url, r.text): k
                                       for r, k in zip(raws, keys, strict=True)}))
            run.in_flight += counts
            if len(run.pending) > 1:
                run.finish(run.pending.popleft())
        while run.pending:
            run.finish(run.pending.popleft())
    return run.done()


class _Run:
    """The state of one ingest, and stages 4 to 6 of each batch."""

    def __init__(self, store: Writer, settings: Settings, progress: Progress | None) -> None:
        self.store, self.settings, self.progress = store, settings, progress
        self.report = IngestReport()
        self.started = time.perf_counter()
        self.grouper = Grouper(store, _grouping_params(settings))
        self.pending: deque[_Batch] = deque()
        self.in_flight: Counter[tuple[str, int]] = Counter()

    def finish(self, batch: _Batch) -> None:
        prepared, empty = batch.result()
        prepared.sort(key=lambda p: (p.article.published is None,
                                     p.article.published_utc or datetime.min))
        rejected = batch.rejected + empty
        try:
            self._store(prepared, rejected, batch.line_keys)
        except StoreError:
            raise
        except Exception:  # deliberate: find the document that fails and set it aside
            self._one_by_one(prepared, rejected, batch.line_keys)
        self.in_flight -= batch.line_counts
        r = self.report
        r.rejections += rejected
        r.seconds = time.perf_counter() - self.started
        if self.progress is not None:
            self.progress(r)

    def _store(self, prepared: list[Prepared], rejected: list[Rejection],
               line_keys: dict[str, frozenset[int]]) -> None:
        """Stages 4 to 6 of some prepared articles; nothing is written if any of them fails.
        The lines of the stored articles alone count towards their outlets' boilerplate (a
        rejected document is read again by the next run: it must not count twice)."""
        line_counts = Counter((p.article.outlet, k) for p in prepared if p.article.outlet
                              for k in line_keys.get(p.article.id, ()))
        articles = [p.article for p in prepared]
        prints = {p.article.id: p.fingerprint for p in prepared}
        # 4. Deduplicate: exact and near copies are linked to the earliest copy, never dropped.
        matches, repoints = dedup.find_copies(articles, prints, self.store,
                                              self.settings.near_duplicate_threshold)
        _link(articles, matches)
        # 5. Group: articles into events, new events into storylines.
        grouped = self.grouper.group(articles, matches,
                                     {p.article.id: p.features for p in prepared})
        for art in articles:
            art.event_id = grouped.event_of[art.id]
        # 6. Store the batch in one transaction.
        self.store.write(BatchWrite(
            articles=articles, fingerprints=prints, repoints=repoints, groups=grouped.changed,
            merged_groups=grouped.merged, line_counts=dict(line_counts),
            doc_freq=grouped.doc_freq if articles else None, rejections=rejected,
            search_docs={p.article.id: p.search_doc for p in prepared}))
        r = self.report
        r.stored += len(articles)
        r.exact_duplicates += sum(1 for m in matches.values() if m.kind == "exact")
        r.near_duplicates += sum(1 for m in matches.values() if m.kind == "near")
        r.events_opened += grouped.opened_events
        r.storylines_opened += grouped.opened_storylines
        r.storylines_merged += len(grouped.merged)

    def _one_by_one(self, prepared: list[Prepared], rejected: list[Rejection],
                    line_keys: dict[str, frozenset[int]]) -> None:
        """A batch failed in stages 4 to 6 (the store is as it was): store its articles one at
        a time, from the store's state, and reject the one that fails, with its error."""
        self.grouper = Grouper(self.store, _grouping_params(self.settings))
        for p in prepared:
            try:
                self._store([p], [], line_keys)
            except StoreError:
                raise
            except Exception as exc:
                rejected.append(Rejection(p.article.origin, unexpected("grouping", exc),
                                          record=True))
                self.grouper = Grouper(self.store, _grouping_params(self.settings))
        self.store.write(BatchWrite([], {}, [], [], [], {}, None, rejected))

    def unseen(self, raws: list[RawDocument]) -> list[RawDocument]:
        """The documents not stored yet, nor in a batch on its way, nor earlier in this one."""
        ids = [article_id(r.outlet, r.url, r.text) for r in raws]
        skip = self.store.known_ids(ids)
        for batch in self.pending:
            skip |= batch.line_keys.keys() & set(ids)
        out = []
        for raw, id_ in zip(raws, ids, strict=True):
            if id_ in skip:
                self.report.already_stored += 1
                continue
            skip.add(id_)
            out.append(raw)
        return out

    def learned(self, raws: list[RawDocument]
                ) -> tuple[list[frozenset[int]], Counter[tuple[str, int]], list[frozenset[int]]]:
        """Each document's lines that its outlet repeats in at least
        `boilerplate_min_articles` articles (stored, on their way, or in this batch)."""
        keys = [frozenset(clean.line_keys(r.text)) if r.outlet else frozenset() for r in raws]
        added: Counter[tuple[str, int]] = Counter(
            (r.outlet, k) for r, ks in zip(raws, keys, strict=True) if r.outlet for k in ks)
        stored = self.store.line_counts(list(added))
        floor = self.settings.boilerplate_min_articles
        learned = [
            frozenset(k for k in ks if stored.get((r.outlet, k), 0) + self.in_flight[(r.outlet, k)]
                      + added[(r.outlet, k)] >= floor) if r.outlet else frozenset()
            for r, ks in zip(raws, keys, strict=True)]
        return learned, added, keys

    def done(self) -> IngestReport:
        self.report.seconds = time.perf_counter() - self.started
        return self.report


def _link(articles: Sequence[Article], matches: dict[str, Match]) -> None:
    """Each copy's link to its original; none on the others (a batch stored again one article
    at a time after a failure must not keep a link to an article that was then rejected)."""
    for art in articles:
        if (m := matches.get(art.id)) is not None and m.original_id is not None:
            art.duplicate_of, art.duplicate_kind = m.original_id, m.kind
            art.duplicate_similarity = round(m.similarity, 4)
        else:
            art.duplicate_of = art.duplicate_kind = art.duplicate_similarity = None


def _grouping_params(s: Settings) -> GroupingParams:
    return GroupingParams(
        event_threshold=s.event_threshold, event_window=timedelta(days=s.event_window_days),
        storyline_threshold=s.storyline_threshold,
        storyline_window=timedelta(days=s.storyline_window_days))


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


EARLIEST, LATEST = 1800, 2199  # years a publication date can have


def plausible(when: datetime) -> bool:
    """Whether a publication date is one a news article can have (9999-12-31 is not: it is a
    placeholder, and date arithmetic near it overflows)."""
    return EARLIEST <= when.year <= LATEST


def _split(chunk: Sequence[RawDocument | Rejection | Notice], report: IngestReport,
           published: datetime | None) -> tuple[list[RawDocument], list[Rejection]]:
    raws: list[RawDocument] = []
    rejected: list[Rejection] = []
    for item in chunk:
        if isinstance(item, RawDocument):
            if item.published is not None and not plausible(item.published):
                report.notices.append(Notice(item.origin, f"publication date "
                                             f"{item.published.isoformat()} ignored: not "
                                             f"between {EARLIEST} and {LATEST}"))
                item.published, item.published_source = None, None
            if item.published is None and published is not None:
                item.published, item.published_source = published, DateSource.USER
            raws.append(item)
        elif isinstance(item, Rejection):
            rejected.append(item)
        else:
            report.notices.append(item)
    report.read += len(raws)
    return raws, rejected


@dataclass(slots=True)
class ExtractReport:
    """What one extraction run did."""

    backlog: int = 0  # originals waiting when it started (for progress bars)
    articles: int = 0
    mentions: int = 0
    quotes: int = 0
    dates: int = 0
    entities: int = 0  # entities created or changed
    seconds: float = 0.0
    failures: list[Rejection] = field(default_factory=list)  # articles set aside, with why

    @property
    def rate(self) -> float:
        """Articles extracted per second."""
        return self.articles / self.seconds if self.seconds else 0.0


ExtractProgress = Callable[[ExtractReport], None]


def extract_stored(store: Writer, settings: Settings | None = None,
                   progress: ExtractProgress | None = None) -> ExtractReport:
    """7. Extract, for every stored original not extracted yet: names linked to canonical
    entities (an index shared by all articles, kept in the store), dates resolved against the
    article's date, quotes with their speakers' entities. Copies share their original's.

    Tagging runs in worker processes one batch ahead; linking runs here in ingestion order, so
    that the same input always gives the same entities. Each batch is one transaction: an
    interrupted run resumes where it stopped. Raises StoreError if the store fails.
    """
    settings = settings or Settings()
    report = ExtractReport(backlog=store.extraction_backlog())
    started = time.perf_counter()
    index = EntityIndex.restore(*store.entity_state())
    pending: deque[tuple[list[Article], Callable[[], tuple[list[Findings],
                                                           list[tuple[str, str]]]]]] = deque()
    after = 0
    if progress is not None:
        progress(report)
    with Preparer(extract.find, settings.extract_workers) as workers:
        while True:
            queue = store.extraction_queue(after, settings.batch_size)
            if queue:
                after = queue[-1][0]
                batch = [a for _, a in queue]
                pending.append((batch, workers.submit(batch, [None] * len(batch))))
            if not pending:
                break
            if len(pending) > 1 or not queue:
                articles, result = pending.popleft()
                found, failed = result()
                found, failed = _link_findings(articles, found, failed, index)
                entities, keys = index.drain()
                store.write_extraction(ExtractWrite(found, entities, keys, failed))
                origins = {a.id: a.origin for a in articles}
                report.failures += [Rejection(f"{origins[i]} (article {i})",
                                              f"extraction failed, set aside: {why}", record=True)
                                    for i, why in failed]
                report.articles += len(found)
                report.mentions += sum(len(f.mentions) + len(f.title_mentions) for f in found)
                report.quotes += sum(len(f.quotes) for f in found)
                report.dates += sum(len(f.dates) for f in found)
                report.entities += len(entities)
                report.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _link_findings(articles: Sequence[Article], found: list[Findings],
                   failed: list[tuple[str, str]], index: EntityIndex
                   ) -> tuple[list[Findings], list[tuple[str, str]]]:
    """Link each article's names to entities (title and text as one article), in order, and
    give each quote its speaker's entity. Returns the findings linked and the failures, those
    of the workers and of linking (an article whose linking fails may have counted some of its
    names before it failed: rare enough not to pay for a copy of the index per article)."""
    by_id = {a.id: a for a in articles}
    linked_ok: list[Findings] = []
    for f in found:
        article = by_id[f.article_id]
        try:
            linked = link(f.title_mentions + f.mentions, index, article.published)
            f.title_mentions = linked[:len(f.title_mentions)]
            f.mentions = linked[len(f.title_mentions):]
            for q in f.quotes:
                q.entity_id = speaker_entity(q, f.mentions, article.clean_text)
        except Exception as exc:  # deliberate: set the article aside, not the batch
            failed.append((f.article_id, f"{type(exc).__name__}: {str(exc)[:200]}"))
            continue
        linked_ok.append(f)
    return linked_ok, failed


def analyze(text: str, published: datetime | None = None,
            index: EntityIndex | None = None, *, raw: bool = False) -> dict[str, Any]:
    """What marsad finds in one text: the names with their canonical entities, the temporal
    expressions resolved against `published` (unresolved, with what is known, without it), and
    the quotes with their speakers. Names are linked against `index` (a store's entities, say;
    it is updated), else the known tables.

    The text is cleaned first, as an ingested article is (boilerplate such as a wire service's
    credit line would come out as a name); `raw` analyses it as given. Offsets are character
    offsets into the text analysed, returned as `text`, with the lines cleaning `removed`.

    >>> [q["speaker"] for q in analyze('وقال بوتين "إن العلاقات تتطور بسرعة".')["quotes"]]
    ['بوتين']
    """
    removed: list[tuple[str, str]] = []
    if not raw:
        cleaned = clean.clean(sanitize(text))
        if cleaned.text.strip():
            text, removed = cleaned.text, cleaned.removed
    # 7. Extract: names linked to canonical entities, then who said what.
    found = link(extract.names(text), index or EntityIndex(), published)
    quotes = find_quotes(text, found)
    for q in quotes:
        q.entity_id = speaker_entity(q, found, text)
    return {
        "entities": [{"surface": m.surface, "start": m.start, "end": m.end,
                      "type": m.type.value, "entity": m.entity_id} for m in found],
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "value": d.value,
                   "granularity": d.granularity, "resolved": d.resolved, "partial": d.partial,
                   "range_end": d.range_end}
                  for d in find_dates(text, published.date() if published else None)],
        "quotes": [_quote_record(q) for q in quotes],
        "removed": [{"reason": why, "line": line} for why, line in removed],
        "text": text,
    }


def _quote_record(q: Quote) -> dict[str, Any]:
    """A quote as `analyze` gives it."""
    return {"speaker": q.speaker, "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end, "entity": q.entity_id,
            "text": q.text, "start": q.start, "end": q.end, "direct": q.direct, "verb": q.verb,
            "implicit_speaker": q.implicit}
