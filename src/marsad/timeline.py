"""Timelines: the dated happenings of an event or a storyline, in order, each happening told by
several outlets merged into one with all its sources.

A happening is a sentence with a temporal expression, dated by that expression (resolved against
its article's publication date by the extraction stage); the publication of each dated article
is one too (its title, dated by its metadata or the date line at its head). Two sentences of
different articles are one happening when their dates agree (the same value, or for unresolved
dates the same known parts) and they share most of their words (Jaccard ≥ MERGE_SIMILARITY over
normalised words).
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.arabic import normalize, stopwords, words
from marsad.arabic.sentences import sentence_spans
from marsad.model import Article, Happening, Source, TimeExpression

MERGE_SIMILARITY = 0.4


def build_timeline(articles: Sequence[Article],
                   dates: dict[str, list[TimeExpression]],
                   copies: dict[str, list[Article]] | None = None) -> list[Happening]:
    """The happenings of `articles` (originals, in any order), dated by `dates` (article id ->
    its temporal expressions); `copies` (original id -> its copies) adds the copies' outlets as
    sources. Resolved happenings come first, in date order; unresolved ones follow, with what is
    known of their dates."""
    copies = copies or {}
    merged: list[Happening] = []
    by_key: dict[tuple[object, ...], list[tuple[Happening, frozenset[str]]]] = {}
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or 0, a.id))
    for article in ordered:
        text = article.clean_text
        spans = sentence_spans(text)
        told = sorted(dates.get(article.id, []), key=lambda t: t.start)
        if (own := _publication(article)) is not None:
            told.insert(0, own)
        for t in told:
            if t.kind == "published":
                sentence = article.title or " ".join(text.split()[:20])
            else:
                a, b = _sentence_of(spans, t)
                sentence = text[a:b].strip()
            bag = _bag(sentence)
            key = _date_key(t)
            sources = [_source(x, t) for x in (article, *copies.get(article.id, []))]
            same = next((h for h, other in by_key.get(key, ())
                         if _jaccard(bag, other) >= MERGE_SIMILARITY), None)
            if same is None:
                same = Happening(t.value, t.granularity, dict(t.partial), t.text, sentence,
                                 range_end=t.range_end,
                                 kind="published" if t.kind == "published" else "text")
                merged.append(same)
                by_key.setdefault(key, []).append((same, bag))
            known = {s.article_id for s in same.sources}
            same.sources += [s for s in sources if s.article_id not in known]
    return sorted(merged, key=_order)


def _publication(article: Article) -> TimeExpression | None:
    """The publication of a dated article as a temporal expression (offsets -1: not in the
    clean text), written as its date line when it had one."""
    if article.published is None:
        return None
    line = next((line for reason, line in article.removed if reason == "date-header"), None)
    day = article.published.date().isoformat()
    return TimeExpression(line or day, -1, -1, day, "day", True, kind="published")


def _sentence_of(spans: Sequence[tuple[int, int]], t: TimeExpression) -> tuple[int, int]:
    return next(((a, b) for a, b in spans if a <= t.start < b), (t.start, t.end))


def _bag(sentence: str) -> frozenset[str]:
    stop = stopwords()
    return frozenset(w for w in words(normalize(sentence)) if w not in stop)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _date_key(t: TimeExpression) -> tuple[object, ...]:
    if t.kind == "published":
        return ("published", t.value)
    if t.value is not None:
        return ("v", t.value, t.range_end)
    return ("p", tuple(sorted(t.partial.items())))


def _source(article: Article, t: TimeExpression) -> Source:
    return Source(article.id, article.outlet, article.published, t.start, t.end)


def _order(h: Happening) -> tuple[object, ...]:
    if h.value is not None:
        return (0, h.value, h.range_end or "")
    return (1, tuple(h.partial.get(k, 0) for k in ("year", "month", "day")), h.expression)
