"""Grouping of articles into events and of events into storylines, incrementally."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from marsad.model import Article, DocFreqDelta, Group, Match
from marsad.stories import grouping
from marsad.stories.features import DocFreq, feature_tokens, prior, term_counts, tfidf
from marsad.stories.routine import is_routine

__all__ = ["Grouped", "Grouper", "GroupingParams", "display_title", "feature_tokens"]

RECENT_GROUPS = 2000  # undated items are compared with this many most recently updated groups


class GroupIndex(Protocol):
    """What grouping needs to read of the store."""

    def group_ids(self, level: str, lo: datetime | None, hi: datetime | None,
                  recent: int) -> list[str]: ...

    def load_groups(self, ids: Sequence[str]) -> list[Group]: ...

    def doc_freq(self) -> tuple[np.ndarray, np.ndarray, int] | None:
        """The document frequencies stored: the columns counted, their counts, and how many
        documents they are of (None, or empty arrays, when none is)."""
        ...


@dataclass(frozen=True, slots=True)
class GroupingParams:
    # Tuned on the dev pairs of bench/blind (issue 12; bench/RESULTS.md).
    event_threshold: float = 0.30
    event_window: timedelta = timedelta(days=3)
    storyline_threshold: float = 0.20
    storyline_window: timedelta = timedelta(days=60)
    # An article more than a day from an event's first needs a closer text: the same wording
    # days apart is more often the next market report or forecast than the same happening.
    event_near: timedelta | None = timedelta(days=1)
    event_far_threshold: float | None = 0.50
    event_span: timedelta | None = timedelta(days=3)
    event_cap: int | None = None
    # An article whose title shares three stems of IDF ≥ 4.5 with an event's title (names, rare
    # words) joins it at cosine 0.40 up to five days away: the follow-up of one announcement, the
    # funeral of one soldier, the reactions to one report (grouping.Params).
    event_linked_terms: int | None = 3
    event_linked_idf: float = 4.5
    event_linked_span: timedelta | None = timedelta(days=5)
    event_linked_threshold: float | None = 0.40
    storyline_near: timedelta | None = None
    storyline_far_threshold: float | None = None
    storyline_span: timedelta | None = None
    storyline_cap: int | None = None
    event_routine_span: timedelta | None = None
    # An event of a routine genre (stories/data/routine_stems.txt: greetings, weddings, market
    # and weather reports...) is a storyline of its own: two hospitals' Eid greetings or the gold
    # and oil reports of one day are not one running situation (corpus pairs read in
    # bench/blind/labels/story1: within a day they were 11 of the 53 wrong pairs).
    storyline_routine_span: timedelta | None = timedelta(0)
    # Two storylines become one only when their centroids are this close (None: the join
    # threshold); merging at the join threshold chained whole domains over weeks.
    storyline_merge_threshold: float | None = 0.55
    # Terms of at least this IDF are specific (names, rare words; a club's name is about 4.2,
    # «الدوري» 2.6, «مباراة» 3.9); a storyline join needs `storyline_specific` of its cosine
    # carried by them.
    specific_idf: float = 4.5
    storyline_specific: float | None = 0.05

    def level(self, name: str) -> grouping.Params:
        """The parameters of one level, "event" or "storyline"."""
        def get(field: str) -> object:
            return getattr(self, f"{name}_{field}")
        return grouping.Params(get("threshold"), get("window"), name, get("near"),  # type: ignore[arg-type]
                               get("far_threshold"), get("span"), get("cap"),  # type: ignore[arg-type]
                               get("routine_span"),  # type: ignore[arg-type]
                               getattr(self, f"{name}_specific", None),
                               getattr(self, f"{name}_linked_terms", None),
                               getattr(self, f"{name}_linked_idf", 5.5),
                               getattr(self, f"{name}_linked_span", None),
                               getattr(self, f"{name}_linked_threshold", None))


@dataclass(slots=True)
class Grouped:
    """The outcome of grouping one batch."""

    event_of: dict[str, str]  # article id -> event id
    changed: list[Group]  # events and storylines to write
    doc_freq: DocFreqDelta | None = None  # what the batch adds to the document frequencies
    opened_events: int = 0
    opened_storylines: int = 0
    merged: list[tuple[str, str]] = field(default_factory=list)  # (absorbed, kept) storylines


@dataclass(slots=True)
class _Level:
    params: grouping.Params
    cache: dict[str, Group] = field(default_factory=dict)


def display_title(article: Article, words: int = 14) -> str:
    """The article's title, or the opening words of its text when it has none."""
    if article.title:
        return article.title
    tokens = article.clean_text.split()
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")


class Grouper:
    """Keeps the groups near the incoming articles in memory and assigns batches to them."""

    def __init__(self, index: GroupIndex, params: GroupingParams) -> None:
        self.index = index
        self.params = params
        stored = index.doc_freq()
        self.seen = DocFreq.from_counts(*stored) if stored is not None else DocFreq.empty()
        self._delta = DocFreqDelta(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)
        self.events = _Level(params.level("event"))
        self.storylines = _Level(params.level("storyline"))

    def group(self, articles: Sequence[Article], matches: dict[str, Match],
              features: dict[str, list[str]]) -> Grouped:
        """Assign every article of a batch to an event, and every new event to a storyline.

        `features` holds each article's feature tokens (see features.feature_tokens).
        """
        matches = self._near_copies(articles, matches)
        originals = [a for a in articles if a.id not in matches]
        vectors = self._vectors([features[a.id] for a in originals])
        items = [_item(a, "e" + a.id) for a in originals]
        events = self._candidates(self.events, items)
        assigned, opened = grouping.assign(items, vectors, events, self.events.params,
                                           idf=self._idf)
        for g in opened:
            self.events.cache[g.id] = g
        event_of = dict(zip((a.id for a in originals), assigned, strict=True))
        touched = self._fold(self.events, items, assigned, vectors)
        for art in articles:  # copies join the event of what they copy
            if art.id in matches:
                m = matches[art.id]
                event_of[art.id] = m.matched_event_id or event_of[m.matched_id]
                ev = self._get(self.events, event_of[art.id])
                grouping.update(ev, [_item(art, "")], None)
                touched[ev.id] = ev
        n_story, grown, others = self._storylines(opened, event_of, articles, touched)
        merged = self._merge_storylines(grown, others, touched)
        return Grouped(event_of=event_of, changed=list(touched.values()),
                       doc_freq=self._delta, opened_events=len(opened),
                       opened_storylines=n_story, merged=merged)

    def _near_copies(self, articles: Sequence[Article], matches: dict[str, Match]
                     ) -> dict[str, Match]:
        """The matches whose copy may join the event of what it copies: a near copy of a routine
        genre published beyond the event's span is a recurring template (the same cable to
        another country, the same market report another day) and is grouped on its own."""
        params = self.events.params
        when = {a.id: a.published for a in articles}
        kept = {}
        for art in articles:
            m = matches.get(art.id)
            if m is None:
                continue
            if m.matched_event_id is not None:
                ev = self._get(self.events, m.matched_event_id)
                start, end = ev.start, ev.end
            else:
                start = end = when.get(m.matched_id)
            if (m.kind == "exact" or not is_routine(display_title(art))
                    or params.fits(art.published, art.published, start, end)):
                kept[art.id] = m
        return kept

    def _merge_storylines(self, grown: list[Group], others: tuple[list[Group], sp.csr_matrix],
                          touched: dict[str, Group]) -> list[tuple[str, str]]:
        """Storylines that a new event has brought close enough become one."""
        level = self.storylines
        merge = self.params.storyline_merge_threshold
        params = level.params if merge is None else replace(level.params, threshold=merge)
        pairs = grouping.merge_similar(grown, others[0], others[1], params)
        moved = {}
        for gone, keep in pairs:
            level.cache.pop(gone.id, None)
            touched.pop(gone.id, None)
            touched[keep.id] = keep
            moved[gone.id] = keep.id
        if moved:
            for ev in self.events.cache.values():
                while ev.parent_id in moved:
                    ev.parent_id = moved[ev.parent_id]
        return [(gone.id, keep.id) for gone, keep in pairs]

    def _vectors(self, docs: list[list[str]]) -> sp.csr_matrix:
        counts = term_counts(docs)
        self._delta = DocFreqDelta(*self.seen.add(counts), n_docs=counts.shape[0])
        base = prior()
        df = DocFreq(df=base.df + self.seen.df, n_docs=base.n_docs + self.seen.n_docs)
        idf = df.idf()
        self._specific = (idf >= self.params.specific_idf).astype(np.float32)
        self._idf = idf
        return tfidf(counts, idf)

    def _candidates(self, level: _Level, items: Sequence[grouping.Item]) -> list[Group]:
        times = [t for it in items for t in (it.start, it.end) if t is not None]
        w = level.params.reach
        lo, hi = (min(times) - w, max(times) + w) if times else (None, None)
        ids = self.index.group_ids(level.params.level, lo, hi, RECENT_GROUPS)
        missing = [i for i in ids if i not in level.cache]
        for g in self.index.load_groups(missing):
            level.cache[g.id] = g
        return [level.cache[i] for i in ids if i in level.cache]

    def _get(self, level: _Level, id_: str) -> Group:
        if id_ not in level.cache:
            for g in self.index.load_groups([id_]):
                level.cache[g.id] = g
        return level.cache[id_]

    def _fold(self, level: _Level, items: Sequence[grouping.Item], assigned: Sequence[str],
              vectors: sp.csr_matrix) -> dict[str, Group]:
        rows: dict[str, list[int]] = defaultdict(list)
        for i, gid in enumerate(assigned):
            rows[gid].append(i)
        touched = {}
        for gid, idx in rows.items():
            g = self._get(level, gid)
            grouping.update(g, [items[i] for i in idx], grouping.Rows(vectors, idx),
                            level.params.cap)
            touched[gid] = g
        return touched

    def _storylines(self, opened: Sequence[Group], event_of: dict[str, str],
                    articles: Sequence[Article], touched: dict[str, Group]
                    ) -> tuple[int, list[Group], tuple[list[Group], sp.csr_matrix]]:
        """Put each newly opened event in a storyline; count every article into its storyline.
        Returns how many storylines were opened, those that received events, and the other
        candidates with their centroid matrix (as before the batch)."""
        items = [grouping.Item(g.id, "s" + g.id[1:], g.title, g.start, g.end, size=0)
                 for g in opened]
        centroids = grouping.centroid_matrix(opened)
        stories = self._candidates(self.storylines, items)
        matrix = grouping.centroid_matrix(stories)
        assigned, new = grouping.assign(items, centroids, stories, self.storylines.params,
                                        matrix, self._specific)
        for g in new:
            self.storylines.cache[g.id] = g
        for g, sid in zip(opened, assigned, strict=True):
            g.parent_id = sid
        touched.update(self._fold(self.storylines, items, assigned, centroids))
        by_story: dict[str, list[Article]] = defaultdict(list)
        for art in articles:
            parent = self._get(self.events, event_of[art.id]).parent_id
            if parent:
                by_story[parent].append(art)
        for sid, arts in by_story.items():
            story = self._get(self.storylines, sid)
            grouping.update(story, [_item(a, "") for a in arts], None)
            touched[sid] = story
        grown = {sid: self.storylines.cache[sid] for sid in assigned}
        return len(new), list(grown.values()), (stories, matrix)


def _item(article: Article, new_group_id: str) -> grouping.Item:
    return grouping.Item(article.id, new_group_id, display_title(article), article.published,
                         article.published, size=1)
