"""Online, incremental clustering: articles into events, events into storylines.

One algorithm serves both levels. Items arrive in mini-batches; each item joins the most similar
group (cosine of its TF-IDF vector with the group's centroid) whose time span, widened by a window,
contains the item's time, if that similarity reaches the threshold; otherwise it opens a new group.
Within a batch, decisions use the centroids as they stood at the start of the batch plus the
founding vectors of groups opened earlier in the batch, so a batch can be computed from the store's
state alone (partitionable by time range). Centroids are updated once, at the end of the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from marsad.arabic import normalize, stems
from marsad.model import Group
from marsad.stories.features import N_FEATURES, column
from marsad.stories.routine import is_routine

CENTROID_TERMS = 100  # strongest terms kept in a centroid (they carry most of its weight)


@dataclass(slots=True)
class Item:
    """One thing to group: an article (for events) or an event (for storylines)."""

    id: str
    new_group_id: str  # the id of the group this item opens if it joins none
    title: str | None
    start: datetime | None
    end: datetime | None
    size: int = 1


@dataclass(frozen=True, slots=True)
class Rows:
    """Some rows of a CSR matrix, read without copying the matrix."""

    matrix: sp.csr_matrix
    rows: Sequence[int]

    def parts(self) -> tuple[np.ndarray, np.ndarray, int]:
        """(indices, data, number of rows) of the selected rows, concatenated."""
        m = self.matrix
        spans = [(m.indptr[r], m.indptr[r + 1]) for r in self.rows]
        idx = np.concatenate([m.indices[a:b] for a, b in spans]) if spans else np.zeros(0)
        val = np.concatenate([m.data[a:b] for a, b in spans]) if spans else np.zeros(0)
        return idx, val, len(self.rows)


@dataclass(frozen=True, slots=True)
class Params:
    """How one level groups. `threshold` is the cosine an item needs with a group's centroid;
    an item more than `near` after or before the group's first item needs `far_threshold`
    (the same text days apart is a recurring report more often than the same happening).
    A group never spans more than `span`, and its centroid stops moving once it holds `cap`
    vectors, so that it stays what its founding items were about instead of drifting. When the
    item's or the group's title is of a routine genre (stories.routine), the group may span no
    more than `routine_span`: two market reports or two weather forecasts days apart are not one
    story."""

    threshold: float
    window: timedelta
    level: str  # "event" or "storyline"
    near: timedelta | None = None
    far_threshold: float | None = None
    span: timedelta | None = None
    cap: int | None = None
    routine_span: timedelta | None = None
    specific: float | None = None  # the least part of the cosine carried by specific terms
    # Titles that share `linked_terms` stems of IDF ≥ `linked_idf` (names, rare words: «المجيشي»،
    # «بارق»؛ «الرسوم الصخرية» «حائل») are linked: such an item needs only `threshold`, however
    # far in time, and the group may span `linked_span` (the follow-up of one announcement,
    # the funeral of one soldier days after his death). Never for routine genres.
    linked_terms: int | None = None
    linked_idf: float = 5.5
    linked_span: timedelta | None = None
    linked_threshold: float | None = None  # the cosine a linked item needs (None: `threshold`)

    def __post_init__(self) -> None:
        if (self.near is None) != (self.far_threshold is None):
            raise ValueError("give `near` and `far_threshold` together (or neither)")
        if self.linked_terms is not None and self.linked_terms < 1:
            raise ValueError(f"linked_terms must be at least 1 (or None), not {self.linked_terms}")

    @property
    def reach(self) -> timedelta:
        """How far in time a group may be from an item and still take it (linked titles too)."""
        return max(self.window, self.linked_span or self.window)

    def needed(self, t0: datetime | None, t1: datetime | None, g_start: datetime | None
               ) -> float:
        """The cosine an item spanning [t0, t1] needs to join a group that began at g_start; an
        undated item or group needs `far_threshold`: nothing shows the two are near in time."""
        if self.near is None or self.far_threshold is None:
            return self.threshold
        if t0 is None or g_start is None:
            return self.far_threshold
        t1 = t1 or t0
        gap = max(t0 - g_start, g_start - t1, timedelta(0))
        return self.threshold if gap <= self.near else self.far_threshold

    def fits(self, t0: datetime | None, t1: datetime | None, g_start: datetime | None,
             g_end: datetime | None, routine: bool = False, linked: bool = False) -> bool:
        """True when an item spanning [t0, t1] may join a group spanning [g_start, g_end];
        `routine` when either is of a routine genre, `linked` when their titles are linked."""
        linked = linked and self.linked_span is not None
        if not _compatible(t0, t1, g_start, g_end, self.reach if linked else self.window):
            return False
        span = self.routine_span if routine and self.routine_span is not None else self.span
        if linked:
            span = self.linked_span
        if span is None or t0 is None or g_start is None or g_end is None:
            return True
        return max(t1 or t0, g_end) - min(t0, g_start) <= span

    def routine(self, *titles: str | None) -> bool:
        """True when this level limits routine genres and one of the titles is of one."""
        return self.routine_span is not None and any(map(is_routine, titles))


def centroid_matrix(groups: Sequence[Group]) -> sp.csr_matrix:
    """Unit-length centroids as rows of a sparse matrix."""
    if not groups:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    indptr = np.cumsum([0] + [len(g.centroid_idx) for g in groups])
    idx = np.concatenate([g.centroid_idx for g in groups]).astype(np.int32)
    val = np.concatenate([g.centroid_val for g in groups]).astype(np.float32)
    m = sp.csr_matrix((val, idx, indptr), shape=(len(groups), N_FEATURES))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m, dtype=np.float32)


def cosines(rows: sp.csr_matrix, others: sp.csr_matrix) -> np.ndarray:
    """Dense (len(rows), len(others)) dot products of two sets of unit-length rows.

    """
    return (rows @ others.T).toarray()


def _compatible(t0: datetime | None, t1: datetime | None, g_start: datetime | None,
                g_end: datetime | None, window: timedelta) -> bool:
    """True when an item spanning [t0, t1] falls within the group's span widened by `window`.
    Undated items or groups are compatible with any time: the text alone decides."""
    if t0 is None or g_start is None or g_end is None:
        return True
    t1 = t1 or t0
    return t1 >= g_start - window and t0 <= g_end + window


def assign(items: Sequence[Item], vectors: sp.csr_matrix, groups: Sequence[Group],
           params: Params, matrix: sp.csr_matrix | None = None,
           specific_terms: np.ndarray | None = None, idf: np.ndarray | None = None
           ) -> tuple[list[str], list[Group]]:
    """Assign each item to a group; return the group id of each item and the groups opened.

    `vectors` holds one unit-length row per item; `matrix`, if given, is centroid_matrix(groups).
    Existing groups are not modified here: call `update` with the assignments once accepted.
    With `params.specific`, an item joins a group only if the terms flagged in `specific_terms`
    (0/1 by column: names and rare words) carry at least that much of their cosine. `idf`, by
    column, tells which titles are linked (Params.linked_terms).
    """
    old = centroid_matrix(groups) if matrix is None else matrix
    sims_old = cosines(vectors, old) if groups else np.zeros((len(items), 0))
    sims_new = (vectors @ vectors.T).toarray()
    if params.specific is not None and specific_terms is not None:
        # a storyline shares names or rare words, not only the words of a domain (match,
        # league, shares, ministry, poem) that chain a whole section of the paper
        masked = sp.csr_matrix(vectors.multiply(specific_terms[None, :]))
        spec_old = cosines(masked, old) if groups else sims_old
        spec_new = (masked @ vectors.T).toarray()
        sims_old = np.where(spec_old >= params.specific, sims_old, 0.0)
        sims_new = np.where(spec_new >= params.specific, sims_new, 0.0)
    assigned: list[str] = []
    opened: list[Group] = []
    founders: list[int] = []  # row of the founding item of each opened group
    lowest = min(params.threshold, params.far_threshold or params.threshold)
    for i, item in enumerate(items):
        best, best_id = 0.0, None
        for j in np.flatnonzero(sims_old[i] >= lowest):
            g = groups[int(j)]
            if sims_old[i, j] >= best and _joins(item, g, float(sims_old[i, j]), params, idf):
                best, best_id = sims_old[i, j], g.id
        for k, row in enumerate(founders):
            g = opened[k]
            if sims_new[i, row] >= best and _joins(item, g, float(sims_new[i, row]), params, idf):
                best, best_id = sims_new[i, row], g.id
        if best_id is None:
            group = _open(item, params)
            opened.append(group)
            founders.append(i)
            best_id = group.id
        assigned.append(best_id)
    return assigned, opened


def _joins(item: Item, g: Group, sim: float, params: Params, idf: np.ndarray | None = None
           ) -> bool:
    routine = params.routine(item.title, g.title)
    linked = (not routine and idf is not None and params.linked_terms is not None
              and sim >= (params.linked_threshold or params.threshold)
              and shared_title_terms(item.title, g.title, idf, params.linked_idf)
              >= params.linked_terms)
    return ((linked or sim >= params.needed(item.start, item.end, g.start))
            and params.fits(item.start, item.end, g.start, g.end, routine, linked))


@lru_cache(maxsize=1 << 16)
def title_columns(title: str | None) -> frozenset[int]:
    """The columns of a title's stems in the hashed space."""
    return frozenset(column(s) for s in stems(normalize(title or "")))


def shared_title_terms(a: str | None, b: str | None, idf: np.ndarray, least: float) -> int:
    """How many stems of IDF ≥ `least` two titles share.

    >>> shared_title_terms("وفاة المخرج رأفت الميهي", "رحيل رأفت الميهي", np.full(2**20, 9.0), 5.5)
    2
    """
    if not a or not b:
        return 0
    return int(sum(idf[c] >= least for c in title_columns(a) & title_columns(b)))


def _open(item: Item, params: Params) -> Group:
    return Group(
        id=item.new_group_id, level=params.level, title=item.title,
        start=item.start, end=item.end or item.start, size=0, n_vectors=0,
        centroid_idx=np.zeros(0, np.int32), centroid_val=np.zeros(0, np.float32),
        founder_id=item.id,
    )


def update(group: Group, items: Sequence[Item], vectors: sp.csr_matrix | Rows | None,
           cap: int | None = None) -> None:
    """Fold items (and their vectors, if given) into a group: size, span, centroid (until it
    holds `cap` vectors)."""
    for item in items:
        group.size += item.size
        if item.start is not None:
            end = item.end or item.start
            group.start = item.start if group.start is None else min(group.start, item.start)
            group.end = end if group.end is None else max(group.end, end)
        if group.title is None and item.title:
            group.title = item.title
    if vectors is None:
        return
    rows = vectors if isinstance(vectors, Rows) else Rows(vectors.tocsr(),
                                                          range(vectors.shape[0]))
    idx, val, n = rows.parts()
    if n:
        _fold_in(group, idx, val, n, cap)


def merge_similar(grown: Sequence[Group], others: Sequence[Group], others_matrix: sp.csr_matrix,
                  params: Params) -> list[tuple[Group, Group]]:
    """Merge groups that have come to say the same thing.

    Each group of `grown` (whose centroids changed in this batch) is compared with the other
    `grown` groups and with `others` (rows of `others_matrix`, their centroids as they stood
    before the batch); pairs reaching the threshold, if time-compatible, are merged, the
    smaller into the larger. Returns (absorbed, kept) pairs; the kept group is updated in place.
    """
    if not grown:
        return []
    grown_ids = {g.id for g in grown}
    left = centroid_matrix(grown)
    candidates: list[tuple[float, Group, Group]] = []
    for sims, right, among_grown in ((left @ left.T, grown, True),
                                     (left @ others_matrix.T, others, False)):
        coo = sp.coo_matrix(sims)
        keep = coo.data >= params.threshold
        for i, j, v in zip(coo.row[keep], coo.col[keep], coo.data[keep], strict=True):
            a, b = grown[i], right[j]
            # a grown group's stale pre-batch row in `others` is compared through `grown`
            if a.id != b.id and (among_grown or b.id not in grown_ids):
                candidates.append((float(v), a, b))
    return _merge_pairs(sorted(candidates, key=lambda c: -c[0]), params)


def _merge_pairs(pairs: list[tuple[float, Group, Group]], params: Params
                 ) -> list[tuple[Group, Group]]:
    home: dict[str, Group] = {}  # absorbed id -> the group it now lives in

    def find(g: Group) -> Group:
        while g.id in home:
            g = home[g.id]
        return g

    merged: list[tuple[Group, Group]] = []
    for _, x, y in pairs:
        a, b = find(x), find(y)
        if a.id == b.id or not params.fits(a.start, a.end, b.start, b.end,
                                           params.routine(a.title, b.title)):
            continue
        keep, gone = (a, b) if (a.size, b.id) >= (b.size, a.id) else (b, a)
        _absorb(keep, gone, params.cap)
        home[gone.id] = keep
        merged.append((gone, keep))
    return merged


def _absorb(keep: Group, gone: Group, cap: int | None = None) -> None:
    """Fold group `gone` into `keep`: size, span and the weighted mean of the centroids."""
    keep.size += gone.size
    for t in (gone.start, gone.end):
        if t is not None:
            keep.start = t if keep.start is None else min(keep.start, t)
            keep.end = t if keep.end is None else max(keep.end, t)
    if gone.n_vectors:
        _fold_in(keep, gone.centroid_idx, gone.centroid_val * gone.n_vectors, gone.n_vectors,
                 cap)


def _fold_in(group: Group, idx: np.ndarray, val: np.ndarray, count: int,
             cap: int | None = None) -> None:
    """Add `count` vectors whose summed weights are (idx, val) to the group's mean centroid,
    keeping its strongest CENTROID_TERMS terms; a centroid of `cap` vectors no longer moves
    (a batch that crosses the cap is folded in whole: the cap is reached, not exact)."""
    if cap is not None and group.n_vectors >= cap:
        return
    idx = np.concatenate([group.centroid_idx, idx]).astype(np.int64)
    val = np.concatenate([group.centroid_val * group.n_vectors, val]).astype(np.float32)
    uniq, inverse = np.unique(idx, return_inverse=True)
    total = np.bincount(inverse, weights=val).astype(np.float32)
    group.n_vectors += count
    total /= group.n_vectors
    if len(total) > CENTROID_TERMS:
        top = np.sort(np.argpartition(total, -CENTROID_TERMS)[-CENTROID_TERMS:])
        uniq, total = uniq[top], total[top]
    group.centroid_idx = uniq.astype(np.int32)
    group.centroid_val = total
