"""The sentences of a story's articles as units, and their clusters: sentences of different
articles that say the same thing.

A unit is a sentence of an article's clean text (offsets into it) of MIN_WORDS to MAX_WORDS
words, with the stems of its content words (digits left out, so that two tellings that differ
only in a number still match). Units are compared by the cosine of their TF-IDF vectors over
stems (IDF over the story's units); a unit joins the cluster of its most similar earlier unit
of another article when the cosine is SAME or more (leader clustering in publication order:
the first telling leads its cluster).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import PurePath

import numpy as np

from marsad.arabic import normalize, stems
from marsad.arabic.sentences import sentence_spans
from marsad.model import Article

MIN_WORDS = 7
MAX_WORDS = 90
SAME = 0.5  # cosine at which two sentences say the same thing
NEAR = 0.35  # cosine at which two sentences are compared for disagreements
_ARABIC = re.compile("[\u0621-\u064a]")
_DIGITS = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:[.,٫]\d+)*")
_CAPTION = re.compile(r"\s[-–—]\s*[^\s.،]+(?:\s[^\s.،]+)?$")  # a photo's credit ends it


# Openings that lean on the sentence before (an anaphor, a connective, a speaker named before):
# normalised (`normalize`), matched as whole words at the start of a sentence.
LEANING_OPENINGS = tuple(normalize(o) for o in (
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "وهذا", "وهذه", "وذلك", "وتلك", "وهؤلاء", "كما",
    "وكما", "إلى ذلك", "وإلى ذلك", "من جهة أخرى", "ومن جهة أخرى", "من جهة ثانية",
    "ومن جهة ثانية", "من جهته", "ومن جهته", "من جهتها", "ومن جهتها", "من جانبه", "ومن جانبه",
    "من جانبها", "ومن جانبها", "من ناحية أخرى", "ومن ناحية أخرى", "في الوقت الذي",
    "وفي الوقت الذي", "في غضون ذلك", "وفي غضون ذلك", "في هذه الأثناء", "وفي هذه الأثناء",
    "في السياق ذاته", "وفي السياق ذاته", "في السياق نفسه", "وفي السياق نفسه", "في هذا السياق",
    "وفي هذا السياق", "في هذا الصدد", "وفي هذا الصدد", "بدوره", "وبدوره", "بدورها", "وبدورها",
    "وأضاف", "وأضافت", "وتابع", "وتابعت", "واستطرد", "وزاد", "إضافة إلى ذلك",
    "بالإضافة إلى ذلك", "فضلا عن ذلك", "علاوة على ذلك", "وعلى صعيد آخر", "على صعيد آخر",
    "ففي", "وفي المقابل", "في المقابل", "فيما", "بينما", "من جانب آخر", "ومن جانب آخر",
    "على صعيد", "وعلى صعيد", "ميدانيا", "وميدانيا", "في سياق متصل", "وفي سياق متصل"))
# A speaker's verb then "that" with no subject between (وأفاد أن …، وأشار إلى أن …): he or she
# was named in the sentence before.
_UNNAMED_SPEAKER = re.compile(
    r"^و?(?:قال|اضاف|افاد|اوضح|اشار|بين|ابان|اكد|تابع|لفت|نوه|شدد|اعتبر|ذكر|اعرب|استطرد|زاد)"
    r"(?:ت)?\s*(?:ان|بان|انه|انها|انهم|الي ان|الي انه|الي انها|:|،|,)(?!\w)")
DEMONSTRATIVES = frozenset(normalize(w) for w in (
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "هذان", "هاتان", "هذين", "هاتين", "وهذا",
    "وهذه", "وذلك", "وتلك", "بهذا", "بهذه", "بذلك", "بتلك", "لهذا", "لهذه", "لذلك", "لتلك"))
SHORT = 8  # words: a shorter sentence with a demonstrative leans on the one before
_OPENING_MARKS = re.compile(r"^[\W_]+")


@cache
def _leaning() -> re.Pattern[str]:
    """LEANING_OPENINGS as one pattern: an opening, then no letter or digit."""
    return re.compile("(?:" + "|".join(re.escape(o) for o in sorted(
        LEANING_OPENINGS, key=len, reverse=True)) + r")(?![^\W_])")


def leans_on_context(text: str, normalized: str | None = None) -> bool:
    """Whether a sentence needs the one before it to be understood: it opens with an anaphor or
    a connective (هذا، كما، إلى ذلك، من جهة أخرى، وفي الوقت الذي …), or it is shorter than
    SHORT words and points with a demonstrative.

    >>> leans_on_context("وفي الوقت الذي أعلنت فيه الوزارة النتائج، احتج الطلاب على التأخير")
    True
    >>> leans_on_context("أعلنت وزارة التعليم نتائج الامتحانات العامة لطلاب المرحلة الثانوية")
    False
    """
    norm = _OPENING_MARKS.sub("", normalized if normalized is not None else normalize(text))
    if _leaning().match(norm) or _UNNAMED_SPEAKER.match(norm):
        return True
    tokens = norm.split()
    return len(tokens) < SHORT and any(t.strip("،,.:؛") in DEMONSTRATIVES for t in tokens)


def outlet_of(article: Article) -> str:
    """The outlet of an article, or its file name (without folder and extension) when the
    source named none.

    >>> outlet_of(Article("a1", "t", "t", "/seeds/001_787c.txt"))
    '001_787c'
    """
    if article.outlet:
        return article.outlet
    name = article.origin.rsplit(":", 1)[-1] if "://" not in article.origin else article.origin
    return PurePath(name).stem or article.id


@dataclass(slots=True)
class Unit:
    """One sentence of an article: offsets into its clean text, and its content stems."""

    article: Article
    index: int  # its place among the article's units
    start: int
    end: int
    text: str
    stems: list[str]
    normalized: str = ""  # `normalize(text)`

    @property
    def outlet(self) -> str:
        return outlet_of(self.article)


@dataclass(slots=True)
class Clustering:
    """The units of a story, their vectors (rows L2-normalised), the similar pairs of units of
    different articles (i -> [(j, cosine)] for cosine >= NEAR) and the clusters (unit indices,
    the leader first)."""

    units: list[Unit]
    vectors: Vectors
    near: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    clusters: list[list[int]] = field(default_factory=list)
    cluster_of: list[int] = field(default_factory=list)

    def similarity(self, i: int, j: int) -> float:
        return float(self.vectors.cosines(i, [j])[0])

    def saying(self, c: int, shown: int) -> list[int]:
        """The units of cluster `c` that say what unit `shown` says: `shown` first, then those
        whose cosine to it is NEAR or more (a cluster chains sentences, and the end of a chain
        may share only a clause with the sentence shown)."""
        others = [i for i in self.clusters[c] if i != shown]
        if not others:
            return [shown]
        sims = self.vectors.cosines(shown, others)
        return [shown, *(i for i, s in zip(others, sims, strict=True) if s >= NEAR)]


def article_units(article: Article) -> list[Unit]:
    """The units of one article, a sentence that repeats an earlier one left out."""
    text = article.clean_text
    out: list[Unit] = []
    seen: set[tuple[str, ...]] = set()
    for a, b in sentence_spans(text):
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        sentence = text[a:b]
        n = len(sentence.split())
        if not MIN_WORDS <= n <= MAX_WORDS or sentence.endswith(("?", "؟", ":")) \
                or _CAPTION.search(sentence) \
                or len(_ARABIC.findall(sentence)) < len(sentence) / 3:
            continue
        normalized = normalize(sentence)
        key = tuple(s for s in stems(normalized) if not _DIGITS.search(s))
        if len(key) < 3 or key in seen:
            continue
        seen.add(key)
        out.append(Unit(article, len(out), a, b, sentence, list(key), normalized))
    return out


def _order(article: Article) -> tuple[bool, datetime]:
    return (article.published is None, article.published or datetime.min)


def cluster(articles: Sequence[Article]) -> Clustering:
    """Units of `articles` (originals), their similar pairs and their clusters."""
    ordered = sorted(articles, key=_order)  # stable: undated ones keep the order given
    units = [u for a in ordered for u in article_units(a)]
    result = Clustering(units, _vectors(units))
    if not units:
        return result
    result.near = _near_pairs(result.vectors, units)
    _leaders(result)
    return result


@dataclass(frozen=True, slots=True)
class Vectors:
    """Sparse rows (CSR: `indptr`, `indices`, `data`) of `width` columns, in numpy alone: the
    few products a brief needs, without importing scipy (a fifth of a second) for a story
    small enough (DENSE_GRAM)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def _row_of(self) -> np.ndarray:
        return np.repeat(np.arange(self.rows), np.diff(self.indptr))

    def mean(self) -> np.ndarray:
        """The mean row, dense."""
        total = np.bincount(self.indices, weights=self.data, minlength=self.width)
        return total / max(self.rows, 1)

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """Each row's dot product with a dense vector."""
        return np.bincount(self._row_of(), weights=self.data * vector[self.indices],
                           minlength=self.rows)

    def cosines(self, row: int, rows: Sequence[int]) -> np.ndarray:
        """The dot products of row `row` with rows `rows` (cosines: rows are unit length)."""
        dense = np.zeros(self.width)
        a, b = self.indptr[row], self.indptr[row + 1]
        dense[self.indices[a:b]] = self.data[a:b]
        picked = np.asarray(rows, dtype=np.int64)
        lengths = self.indptr[picked + 1] - self.indptr[picked]
        owner = np.repeat(np.arange(len(picked)), lengths)
        at = np.repeat(self.indptr[picked] - np.cumsum(lengths) + lengths, lengths) + \
            np.arange(int(lengths.sum()))
        return np.bincount(owner, weights=self.data[at] * dense[self.indices[at]],
                           minlength=len(picked))

    def pairs(self, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, cosine) of the row pairs (self-pairs included) whose cosine is `threshold`
        or more, by i then j."""
        n = self.rows
        if n * n > DENSE_GRAM:
            from scipy import sparse  # a big story: its sparse product

            x = sparse.csr_matrix((self.data, self.indices, self.indptr), shape=(n, self.width))
            gram = sparse.csr_matrix(x @ x.T)
            gram.sort_indices()
            keep = np.flatnonzero(gram.data >= threshold)
            return (np.searchsorted(gram.indptr, keep, side="right") - 1,
                    gram.indices[keep], gram.data[keep])
        # every pair of entries of one column adds their product to the pair of their rows
        order = np.argsort(self.indices, kind="stable")
        col_rows, col_data = self._row_of()[order], self.data[order]
        sizes = np.bincount(self.indices, minlength=self.width)[self.indices[order]]
        firsts = np.concatenate(([0], np.cumsum(np.bincount(self.indices,
                                                            minlength=self.width))[:-1]))
        left = np.repeat(np.arange(len(order)), sizes)
        offsets = np.arange(len(left)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        right = np.repeat(firsts[self.indices[order]], sizes) + offsets
        gram = np.bincount(col_rows[left] * n + col_rows[right],
                           weights=col_data[left] * col_data[right], minlength=n * n)
        keep = np.flatnonzero(gram >= threshold)
        return keep // n, keep % n, gram[keep]


DENSE_GRAM = 4_000_000  # row pairs up to which the similarities are summed in numpy


def _vectors(units: list[Unit]) -> Vectors:
    """Binary TF-IDF vectors of the units' stems, rows L2-normalised."""
    vocab: dict[str, int] = {}
    cols: list[int] = []
    indptr = [0]
    for u in units:
        cols.extend(sorted({vocab.setdefault(s, len(vocab)) for s in u.stems}))
        indptr.append(len(cols))
    indices = np.array(cols, dtype=np.int64)
    df = np.bincount(indices, minlength=len(vocab))
    idf = np.log((len(units) + 1) / (df + 1)) + 1.0
    data = idf[indices]
    pointers = np.array(indptr, dtype=np.int64)
    rows = np.repeat(np.arange(len(units)), np.diff(pointers))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(units)))
    norms[norms == 0] = 1.0
    return Vectors(pointers, indices, (1.0 / norms)[rows] * data, len(vocab))


def _near_pairs(x: Vectors, units: list[Unit]) -> dict[int, list[tuple[int, float]]]:
    """i -> [(j, cosine)] for units of different articles with cosine >= NEAR, best first."""
    ids: dict[str, int] = {}
    article = np.array([ids.setdefault(u.article.id, len(ids)) for u in units])
    rows, cols, data = x.pairs(NEAR)
    other = article[rows] != article[cols]
    rows, cols, data = rows[other], cols[other], data[other]
    order = np.lexsort((cols, -data, rows))  # by unit, best first, then in unit order
    near: dict[int, list[tuple[int, float]]] = {}
    for i, j, s in zip(rows[order].tolist(), cols[order].tolist(), data[order].tolist(),
                       strict=True):
        near.setdefault(i, []).append((j, s))
    return near


def _figures(unit: Unit) -> frozenset[str]:
    """The numbers a unit gives (its stems leave them out)."""
    return frozenset(_FIGURE.findall(unit.normalized or normalize(unit.text)))


def _leaders(result: Clustering) -> None:
    """Leader clustering in unit order: a unit joins the cluster of its most similar earlier
    unit (cosine >= SAME) that holds no sentence of its article yet, unless its numbers clash
    with that unit's or with the cluster leader's (each gives one the other does not: two
    days' prices, two tolls). Such sentences do not say the same thing, so neither is cited
    for the other; their numbers are still compared for disagreements (`near`)."""
    result.cluster_of = [-1] * len(result.units)
    members_of: list[set[str]] = []
    figures = [_figures(u) for u in result.units]

    def agree(i: int, j: int) -> bool:  # neither gives a number the other lacks both ways
        a, b = figures[i], figures[j]
        return not a or not b or a <= b or b <= a

    for i, unit in enumerate(result.units):
        target = next((result.cluster_of[j] for j, s in result.near.get(i, [])
                       if s >= SAME and j < i and result.cluster_of[j] >= 0
                       and unit.article.id not in members_of[result.cluster_of[j]]
                       and agree(i, j) and agree(i, result.clusters[result.cluster_of[j]][0])),
                      -1)
        if target < 0:
            target = len(result.clusters)
            result.clusters.append([])
            members_of.append(set())
        result.clusters[target].append(i)
        members_of[target].add(unit.article.id)
        result.cluster_of[i] = target
