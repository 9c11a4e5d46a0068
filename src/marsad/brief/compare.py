"""The outlet comparison of a story: outlets × facts, and where outlets disagree.

A fact is a cluster of sentences that say the same thing, a dated happening, a quote or a
number of a known kind; for each, the first outlet to report it (the earliest dated carrier),
every carrier and the outlets that do not carry it. Outlets disagree when sentences that say
the same thing otherwise (cosine >= NEAR) and are about one day (`same_day`) give different
numbers of the same kind (deaths, injured, an amount in one currency, a percentage), or
(cosine >= SAME) different absolute dates of one granularity; or when one quote is given to
speakers who share no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from marsad.arabic import normalize, stems
from marsad.brief.numbers import normalized_numbers, numbers
from marsad.brief.records import Citation, Comparison, Disagreement, Fact, Version
from marsad.brief.units import SAME, Clustering, Unit, outlet_of
from marsad.model import Article, Findings, Happening, Quote

MAX_SENTENCES = 20  # sentence facts beyond the brief's own, at most
MAX_HAPPENINGS = 12
MAX_QUOTES = 10
MAX_NUMBERS = 10
MAX_DISAGREEMENTS = 12  # of numbers, and of dates, shown at most (the most similar sentences)
QUOTE_MATCH = 0.5  # Jaccard of stems at which two quotes are the same words
SAME_DAY = timedelta(days=1)  # publications this close may give one day's numbers


def cite(article: Article, start: int | None, end: int | None, text: str | None,
         copies: Mapping[str, list[Article]]) -> list[Citation]:
    """The citation of a passage of an original, then one for each of its copies that has the
    same words (spaces and line breaks aside), with their offsets there. A near copy that does
    not have them (it tells another part of the story, or in other words) is not cited; without
    a passage (`text` None) every copy is, without offsets."""
    out = [Citation(article.id, outlet_of(article), article.published, start, end)]
    for copy in copies.get(article.id, []):
        span = _find(copy.clean_text, text) if text else None
        if text and span is None:
            continue
        out.append(Citation(copy.id, outlet_of(copy), copy.published,
                            span[0] if span else None, span[1] if span else None,
                            copy_of=article.id))
    return out


def _find(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` is in `text`, any run of spaces and line breaks matching any other."""
    at = text.find(passage)
    if at >= 0:
        return at, at + len(passage)
    words = passage.split()
    if not words or not all(w in text for w in words[:1] + words[-1:]):
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return (m.start(), m.end()) if m else None


def unit_citations(units: Iterable[Unit], copies: Mapping[str, list[Article]]) -> list[Citation]:
    return [c for u in units for c in cite(u.article, u.start, u.end, u.text, copies)]


def first(citations: Sequence[Citation]) -> Citation:
    """The earliest dated citation (the first given when none is dated)."""
    dated = [c for c in citations if c.published is not None]
    return min(dated, key=lambda c: c.published or datetime.min) if dated else citations[0]


def _fact(kind: str, text: str, carriers: list[Citation], outlets: Sequence[str],
          value: str | None = None) -> Fact:
    have = {c.outlet for c in carriers}
    return Fact(kind, text, first(carriers), carriers, [o for o in outlets if o not in have],
                value)


def compare(cl: Clustering, representatives: Mapping[int, int], outlets: Sequence[str],
            copies: Mapping[str, list[Article]], findings: Mapping[str, Findings],
            happenings: Sequence[Happening]) -> Comparison:
    """The comparison of a story whose units are clustered in `cl`; `representatives` maps
    the brief's clusters to the unit that shows them (they lead the sentence facts)."""
    facts = _sentence_facts(cl, representatives, outlets, copies)
    facts += _happening_facts(happenings, outlets, cl, copies)
    quote_facts, speakers = _quotes(cl, outlets, copies, findings)
    number_facts, counts = _numbers(cl, outlets, copies, happenings)
    return Comparison(list(outlets), facts + quote_facts + number_facts,
                      counts + _dates(cl, findings, copies) + speakers)


def _sentence_facts(cl: Clustering, representatives: Mapping[int, int],
                    outlets: Sequence[str], copies: Mapping[str, list[Article]]) -> list[Fact]:
    support = {c: len({cl.units[i].outlet for i in m}) for c, m in enumerate(cl.clusters)}
    shared = sorted((c for c in range(len(cl.clusters)) if support[c] >= 2
                     and c not in representatives), key=lambda c: (-support[c], c))
    out = []
    for c in [*representatives, *shared[:MAX_SENTENCES]]:
        shown = representatives.get(c, cl.clusters[c][0])
        members = cl.saying(c, shown)
        out.append(_fact("sentence", cl.units[shown].text,
                         unit_citations((cl.units[i] for i in members), copies), outlets))
    return out


def _happening_facts(happenings: Sequence[Happening], outlets: Sequence[str], cl: Clustering,
                     copies: Mapping[str, list[Article]]) -> list[Fact]:
    articles = {u.article.id: u.article for u in cl.units}
    articles |= {c.id: c for cs in copies.values() for c in cs}
    told = [h for h in happenings if h.kind == "text" and h.value]
    told.sort(key=lambda h: -len({s.outlet or s.article_id for s in h.sources}))
    out = []
    for h in told[:MAX_HAPPENINGS]:
        cits = [Citation(s.article_id, outlet_of(articles[s.article_id])
                         if s.article_id in articles else (s.outlet or s.article_id),
                         s.published, s.start, s.end) for s in h.sources]
        out.append(_fact("happening", h.sentence, cits, outlets, h.value))
    return sorted(out, key=lambda f: f.value or "")


# --- quotes ------------------------------------------------------------------------------
def _quotes(cl: Clustering, outlets: Sequence[str], copies: Mapping[str, list[Article]],
            findings: Mapping[str, Findings]) -> tuple[list[Fact], list[Disagreement]]:
    articles = {u.article.id: u.article for u in cl.units}
    groups: list[tuple[frozenset[str], list[tuple[Article, Quote]]]] = []
    holding: dict[str, list[int]] = {}  # stem -> the groups whose bag has it, in group order
    for aid, article in articles.items():
        for q in findings[aid].quotes if aid in findings else []:
            bag = frozenset(stems(normalize(q.text)))
            g = _first_group(bag, groups, holding)
            if g is None:
                for s in bag:
                    holding.setdefault(s, []).append(len(groups))
                groups.append((bag, [(article, q)]))
            elif all(a.id != aid for a, _ in groups[g][1]):
                groups[g][1].append((article, q))
    groups.sort(key=lambda g: -len({outlet_of(a) for a, _ in g[1]}))
    facts = [_fact("quote", told[0][1].text,
                   [c for a, q in told for c in cite(a, q.start, q.end, q.text, copies)],
                   outlets, told[0][1].speaker) for _, told in groups[:MAX_QUOTES]]
    return facts, [d for _, told in groups if (d := _speakers(told)) is not None]


def _first_group(bag: frozenset[str], groups: list[tuple[frozenset[str], list[Any]]],
                 holding: Mapping[str, list[int]]) -> int | None:
    """The first group whose bag of stems has a Jaccard of QUOTE_MATCH or more with `bag`
    (groups sharing no stem with it are never looked at)."""
    shared: dict[int, int] = {}
    for s in bag:
        for g in holding.get(s, ()):
            shared[g] = shared.get(g, 0) + 1
    for g in sorted(shared):
        n = shared[g]
        if n / (len(bag) + len(groups[g][0]) - n) >= QUOTE_MATCH:
            return g
    return None


def _speakers(told: list[tuple[Article, Quote]]) -> Disagreement | None:
    """A disagreement when outlets give the same words to speakers who share no name."""
    named = [(a, q, frozenset(stems(normalize(q.speaker)))) for a, q in told if not q.implicit]
    if len({outlet_of(a) for a, _, _ in named}) < 2:
        return None
    for i, (a, q, bag) in enumerate(named):
        for b, r, other in named[i + 1:]:
            if outlet_of(a) != outlet_of(b) and bag and other and not bag & other and \
                    not (q.entity_id and q.entity_id == r.entity_id):
                return Disagreement("speaker", [_version(q.speaker, q.text, a, q),
                                                _version(r.speaker, r.text, b, r)])
    return None


def _version(value: str, text: str, article: Article, q: Quote) -> Version:
    return Version(value, text, Citation(article.id, outlet_of(article), article.published,
                                         q.start, q.end))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


# --- numbers and dates -------------------------------------------------------------------
def _numbers(cl: Clustering, outlets: Sequence[str], copies: Mapping[str, list[Article]],
             happenings: Sequence[Happening] = ()) -> tuple[list[Fact], list[Disagreement]]:
    found = [normalized_numbers(u.normalized) if u.normalized else numbers(u.text)
             for u in cl.units]
    carriers: dict[tuple[str, str], list[int]] = {}
    for i, pairs in enumerate(found):
        for pair in dict.fromkeys(pairs):
            carriers.setdefault(pair, []).append(i)
    ranked = sorted(carriers.items(), key=lambda kv: -len({cl.units[i].outlet for i in kv[1]}))
    facts = [_fact("number", cl.units[idx[0]].text,
                   unit_citations((cl.units[i] for i in idx), copies), outlets,
                   f"{kind}: {value}") for (kind, value), idx in ranked[:MAX_NUMBERS]]
    return facts, _differ(cl, lambda i: found[i], 0.0, same_day(cl, happenings))


def same_day(cl: Clustering, happenings: Sequence[Happening]) -> Callable[[int, int], bool]:
    """Whether two units can be about the same day, so that different tolls or amounts in
    them are a disagreement rather than news of two days: when both tell dated happenings
    (day dates of the timeline), they share one; else their articles were published within
    SAME_DAY of each other (undated: not comparable)."""
    told: dict[int, set[str]] = {}
    at: dict[str, list[int]] = {}
    for i, u in enumerate(cl.units):
        at.setdefault(u.article.id, []).append(i)
    for h in happenings:
        if h.kind != "text" or not h.value or h.granularity != "day":
            continue
        for src in h.sources:
            for i in at.get(src.article_id, ()):
                if cl.units[i].start <= src.start < cl.units[i].end:
                    told.setdefault(i, set()).add(h.value)

    def same(i: int, j: int) -> bool:
        if i in told and j in told:
            return bool(told[i] & told[j])
        a, b = cl.units[i].article.published, cl.units[j].article.published
        if a is None or b is None:
            return False
        if (a.tzinfo is None) != (b.tzinfo is None):  # one naive: read both as wall times
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        return abs(a - b) <= SAME_DAY
    return same


def _dates(cl: Clustering, findings: Mapping[str, Findings],
           copies: Mapping[str, list[Article]]) -> list[Disagreement]:
    def told(i: int) -> list[tuple[str, str]]:
        u = cl.units[i]
        dates = findings[u.article.id].dates if u.article.id in findings else []
        return [(f"date ({t.granularity})", t.value) for t in dates
                if t.value and t.kind == "absolute" and u.start <= t.start < u.end]
    return _differ(cl, told, SAME)


def _differ(cl: Clustering, get: Callable[[int], list[tuple[str, str]]], threshold: float,
            comparable: Callable[[int, int], bool] | None = None) -> list[Disagreement]:
    """Disagreements between similar units of different outlets (and `comparable`): a kind
    both give, with no value in common: those of the MAX_DISAGREEMENTS most similar pairs
    (likeliest to tell one thing), in the order found."""
    out: dict[tuple[str, frozenset[str]], tuple[float, Disagreement]] = {}
    for i, near in cl.near.items():
        mine = _by_kind(get(i))
        if not mine:
            continue
        for j, sim in near:
            if j <= i or sim < threshold or cl.units[i].outlet == cl.units[j].outlet:
                continue
            theirs = _by_kind(get(j))
            kinds = sorted(mine.keys() & theirs.keys())
            if not kinds or (comparable is not None and not comparable(i, j)):
                continue
            for kind in kinds:
                if mine[kind] & theirs[kind]:
                    continue
                key = (kind, frozenset(mine[kind] | theirs[kind]))
                if key not in out:
                    out[key] = (sim, Disagreement(kind, [
                        _unit_version(cl.units[i], mine[kind]),
                        _unit_version(cl.units[j], theirs[kind])]))
    found = list(out.values())
    best = sorted(range(len(found)), key=lambda k: -found[k][0])[:MAX_DISAGREEMENTS]
    return [found[k][1] for k in sorted(best)]


def _by_kind(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for kind, value in pairs:
        out.setdefault(kind, set()).add(value)
    return out


def _unit_version(u: Unit, values: set[str]) -> Version:
    return Version(", ".join(sorted(values)), u.text,
                   Citation(u.article.id, u.outlet, u.article.published, u.start, u.end))
