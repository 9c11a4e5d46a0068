"""Exact and near-duplicate detection: copies are linked to the earliest copy, never dropped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from marsad.arabic import words
from marsad.dedup.minhash import band_keys, exact_key, shingles, signature, similarity
from marsad.model import Article, Candidate, Fingerprint, Match, Repoint

MIN_SHINGLES = 8  # below this a text is too short to call a near copy; exact copies still count
CONTAINMENT = 0.8  # a short text this much contained in a longer one is a (truncated) copy
MIN_JACCARD_FOR_CONTAINMENT = 0.3


class CopyIndex(Protocol):
    """What deduplication needs to know of the articles already stored."""

    def exact_candidates(self, keys: Sequence[int]) -> dict[int, Candidate]: ...

    def near_candidates(self, keys: Sequence[int]) -> dict[str, Candidate]: ...


def fingerprint(normalised: str, tokens: list[str] | None = None) -> Fingerprint:
    """Fingerprint of an article's normalised cleaned text (and its word tokens, if known)."""
    grams = shingles(words(normalised) if tokens is None else tokens)
    sig = signature(grams)
    return Fingerprint(exact_key=exact_key(normalised), n_shingles=len(grams), signature=sig,
                       band_keys=band_keys(sig) if len(grams) >= MIN_SHINGLES else [])


def is_near_copy(jaccard: float, n_a: int, n_b: int, threshold: float) -> bool:
    """Near copies share most word 3-grams, or one is (almost) contained in the other."""
    if jaccard >= threshold:
        return True
    if jaccard < MIN_JACCARD_FOR_CONTAINMENT or min(n_a, n_b) == 0:
        return False
    inter = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return inter / min(n_a, n_b) >= CONTAINMENT


def _earlier(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and a < b


def find_copies(articles: Sequence[Article], prints: dict[str, Fingerprint], index: CopyIndex,
                threshold: float) -> tuple[dict[str, Match], list[Repoint]]:
    """Match each article against the store and the articles before it in the batch.

    Returns the matches by article id and the re-pointings (old original, new original) needed
    when a new article is older than the original it copies.
    """
    stored_exact = index.exact_candidates([prints[a.id].exact_key for a in articles])
    stored_near = index.near_candidates([k for a in articles for k in prints[a.id].band_keys])
    by_band: dict[int, set[str]] = defaultdict(set)
    for cand in stored_near.values():
        for key in _bands_of(cand):
            by_band[key].add(cand.id)
    known: dict[str, Candidate] = dict(stored_near)
    exact: dict[int, Candidate] = dict(stored_exact)
    matches: dict[str, Match] = {}
    repoints: list[Repoint] = []
    for art in articles:
        fp = prints[art.id]
        match = _best(fp, exact, by_band, known, threshold)
        me = Candidate(art.id, None, art.published, None, fp.n_shingles, fp.signature,
                       art.truncated)
        if match is not None:
            cand, kind, sim = match
            root = known.get(cand.root, cand)
            if _takes_over(art, me, root):
                repoints.append(Repoint(root.id, art.id, kind, sim))
                _repoint(known, exact, root.id, art.id)
                matches[art.id] = Match(cand.id, None, kind, sim, cand.event_id)
            else:
                me.original_id = cand.root
                matches[art.id] = Match(cand.id, cand.root, kind, sim, cand.event_id)
        known[art.id] = me
        exact.setdefault(fp.exact_key, me)
        for key in fp.band_keys:
            by_band[key].add(art.id)
    return matches, repoints


def _takes_over(art: Article, me: Candidate, root: Candidate) -> bool:
    """Whether a new copy becomes the original of what it copies: a whole text over one that
    was cut short (a truncated page stored first), else the earlier one."""
    if me.truncated != root.truncated:
        return root.truncated
    return _earlier(art.published, root.published)


def _bands_of(cand: Candidate) -> list[int]:
    return band_keys(cand.signature) if cand.n_shingles >= MIN_SHINGLES else []


def _best(fp: Fingerprint, exact: dict[int, Candidate], by_band: dict[int, set[str]],
          known: dict[str, Candidate], threshold: float) -> tuple[Candidate, str, float] | None:
    hit = exact.get(fp.exact_key)
    if hit is not None:
        return hit, "exact", 1.0
    ids = set().union(*(by_band.get(k, ()) for k in fp.band_keys)) if fp.band_keys else set()
    best: tuple[Candidate, str, float] | None = None
    for cid in sorted(ids):  # in a fixed order, so that ties go the same way in every run
        cand = known[cid]
        sim = similarity(fp.signature, cand.signature)
        if is_near_copy(sim, fp.n_shingles, cand.n_shingles, threshold) and (
            best is None or sim > best[2]
        ):
            best = (cand, "near", sim)
    return best


def _repoint(known: dict[str, Candidate], exact: dict[int, Candidate], old: str, new: str) -> None:
    for cand in known.values():
        if cand.id == old or cand.original_id == old:
            cand.original_id = new
    for cand in exact.values():
        if cand.id == old or cand.original_id == old:
            cand.original_id = new
