"""Multi-document briefs: an extractive summary of an event or a storyline whose every sentence
cites the outlets that carry it.

The sentences of the story's originals are clustered (`units`: the same thing said in several
articles is one cluster). A cluster scores by its support (distinct outlets: a copy adds its
citation, never support), its centrality (cosine to the story's centroid) and its place (early
sentences lead); the brief takes the best clusters by maximal marginal relevance (a cluster too
close to one taken is left out), a storyline's preferring events not covered yet. Each is shown
by one of its sentences as written, preferably from an article without a quality flag there
and one that does not lean on the sentence before it, and cites the articles of the cluster
that say it (cosine NEAR or more to it, copies where they have its words) with offsets into
their clean texts. The sentences come in
time order: by the date of the happening they tell (the timeline's), else their article's day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from marsad.brief.compare import compare, unit_citations
from marsad.brief.flags import story_flags
from marsad.brief.provenance import provenance
from marsad.brief.records import Brief, BriefSentence, Flag
from marsad.brief.units import SAME, Clustering, cluster, leans_on_context, outlet_of
from marsad.model import Article, Event, Findings, Happening, Storyline

EVENT_SENTENCES = 5
STORYLINE_SENTENCES = 8
REDUNDANCY = 0.3  # MMR weight of the similarity to sentences already taken
NEW_EVENT = 0.15  # a storyline's bonus for a sentence of an event not covered yet
CANDIDATES = 300  # clusters looked at by MMR, best scores first
LEANING = 0.5  # score factor of a cluster whose every sentence leans on the one before
_MEANING_FLAGS = frozenset({"translation", "repeated-words", "foreign-letters"})


def brief_event(event: Event, articles: Sequence[Article], findings: Mapping[str, Findings],
                *, copies: Mapping[str, list[Article]] | None = None,
                happenings: Sequence[Happening] = (), n: int = EVENT_SENTENCES) -> Brief:
    """The brief of an event from its original articles, their findings (article id ->), the
    copies of each original and the event's timeline (`marsad.timeline.build_timeline`).

    Raises ValueError when `n` is below 1."""
    return _brief("event", event.id, event.title, event.start, event.end, articles, findings,
                  copies or {}, happenings, n)


def brief_storyline(storyline: Storyline, articles: Sequence[Article],
                    findings: Mapping[str, Findings], *,
                    copies: Mapping[str, list[Article]] | None = None,
                    happenings: Sequence[Happening] = (), n: int = STORYLINE_SENTENCES
                    ) -> Brief:
    """The brief of a storyline, as `brief_event`; its sentences cover its events first."""
    return _brief("storyline", storyline.id, storyline.title, storyline.start, storyline.end,
                  articles, findings, copies or {}, happenings, n)


def _brief(kind: str, id_: str, title: str | None, start: datetime | None,
           end: datetime | None, articles: Sequence[Article], findings: Mapping[str, Findings],
           copies: Mapping[str, list[Article]], happenings: Sequence[Happening], n: int
           ) -> Brief:
    if n < 1:
        raise ValueError(f"a brief of {n} sentences: give 1 or more")
    originals = list(articles)
    every = [*originals, *(c for a in originals for c in copies.get(a.id, []))]
    outlets = sorted({outlet_of(a) for a in every})
    flags = story_flags(originals, findings)
    cl = cluster(originals)
    chosen = select(cl, n, flags, by_event=kind == "storyline")
    sentences = [_sentence(cl, c, rep, copies, flags, happenings) for c, rep in chosen.items()]
    sentences.sort(key=_time_order)
    return Brief(kind, id_, title, start, end, len(every), outlets, sentences,
                 compare(cl, chosen, outlets, copies, findings, happenings),
                 provenance(every), flags)


def _flagged(cl: Clustering, flags: Sequence[Flag]) -> list[list[Flag]]:
    """The meaning flags (translation, garbled words) on each unit."""
    by_article: dict[str, list[Flag]] = {}
    for f in flags:
        if f.kind in _MEANING_FLAGS and f.start is not None:
            by_article.setdefault(f.article_id, []).append(f)
    return [[f for f in by_article.get(u.article.id, [])
             if f.start is not None and f.end is not None and f.start < u.end and u.start < f.end]
            for u in cl.units]


def select(cl: Clustering, n: int, flags: Sequence[Flag], *, by_event: bool = False
           ) -> dict[int, int]:
    """The brief's clusters, each with the unit that shows it (cluster -> unit), in the
    order taken."""
    if not cl.units:
        return {}
    flagged = _flagged(cl, flags)
    centroid = cl.vectors.mean()
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = cl.vectors.dot(centroid)
    leaning = [leans_on_context(u.text, u.normalized or None) for u in cl.units]
    reps = [_representative(m, centrality, flagged, leaning) for m in cl.clusters]
    scores = np.array([_score(cl, m, centrality, flagged[r], leaning[r]) for m, r in
                       zip(cl.clusters, reps, strict=True)])
    ranked = [int(c) for c in np.argsort(-scores, kind="stable")[:CANDIDATES]]
    rep_rows = [reps[c] for c in ranked]
    closest = np.zeros(len(ranked))
    covered: set[str | None] = set()
    taken: dict[int, int] = {}
    while len(taken) < n:
        gain = [-np.inf if ranked[k] in taken or closest[k] >= SAME else
                scores[ranked[k]] - REDUNDANCY * closest[k]
                + (NEW_EVENT if by_event and _events(cl, ranked[k]) - covered else 0.0)
                for k in range(len(ranked))]
        best = int(np.argmax(gain))
        if gain[best] == -np.inf:
            break
        c = ranked[best]
        taken[c] = reps[c]
        covered |= _events(cl, c)
        sims = cl.vectors.cosines(reps[c], rep_rows)
        closest = np.maximum(closest, sims)
    return taken


def _events(cl: Clustering, c: int) -> set[str | None]:
    return {cl.units[i].article.event_id for i in cl.clusters[c]}


def _representative(members: list[int], centrality: np.ndarray,
                    flagged: list[list[Flag]], leaning: Sequence[bool]) -> int:
    """The unit that shows a cluster: unflagged first, then one that stands on its own (does
    not lean on the sentence before it), then the most central."""
    return max(members, key=lambda i: (not flagged[i], not leaning[i], float(centrality[i]),
                                       -i))


def _score(cl: Clustering, members: list[int], centrality: np.ndarray,
           flags: list[Flag], leaning: bool = False) -> float:
    """Support (outlets, copies once), centrality and place, halved for a flagged sentence
    and for a cluster told only by sentences that lean on the one before (LEANING)."""
    support = len({cl.units[i].outlet for i in members})
    place = 1.0 / (1.0 + min(cl.units[i].index for i in members) / 3.0)
    score = (0.45 * (1.0 - 1.0 / (1.0 + support)) * 2.0 + 0.35 * max(
        float(centrality[i]) for i in members) + 0.2 * place)
    score = score / 2.0 if flags else score
    return score * LEANING if leaning else score


def _sentence(cl: Clustering, c: int, rep: int, copies: Mapping[str, list[Article]],
              flags: Sequence[Flag], happenings: Sequence[Happening]) -> BriefSentence:
    members = cl.saying(c, rep)
    units = [cl.units[i] for i in members]
    shown = units[0]
    reasons = [f.reason for f in flags if f.article_id == shown.article.id and
               f.start is not None and f.end is not None and f.start < shown.end
               and shown.start < f.end]
    return BriefSentence(shown.text, unit_citations(units, copies),
                         len({u.outlet for u in units}), _date(units, happenings), reasons)


def _date(units: Sequence, happenings: Sequence[Happening]) -> str | None:  # type: ignore[type-arg]
    """The earliest date of a happening told in one of these sentences, else the earliest
    publication day of their articles."""
    told = [h.value for h in happenings if h.kind == "text" and h.value for s in h.sources
            if any(s.article_id == u.article.id and u.start <= s.start < u.end for u in units)]
    if told:
        return min(told)
    days = [u.article.published.date().isoformat() for u in units if u.article.published]
    return min(days) if days else None


def _time_order(s: BriefSentence) -> tuple[bool, str, datetime, str, int]:
    c = s.citations[0]
    return (s.date is None, s.date or "", c.published or datetime.max, c.article_id,
            c.start or 0)
