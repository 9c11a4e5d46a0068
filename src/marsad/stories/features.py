"""TF-IDF vectors of articles over hashed stems of normalised Arabic text.

Vectors live in a fixed hashed space (no vocabulary to grow or store), so a vector made today
compares with a centroid stored a month ago and partitions can be featurised independently.
Document frequencies start from a prior shipped with the package (learnt from SaudiNewsNet by
scripts/build_idf.py) and grow with the store.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import mmh3
import numpy as np
import scipy.sparse as sp

from marsad.arabic import stem_tokens, stems

N_FEATURES = 2**20
LEAD_TOKENS = 400  # the lead of a news article says what it is about; the tail wanders
TITLE_WEIGHT = 2
NAME_WEIGHT = 1  # a name shared by two titles: one more shared term, in every spelling


_INDEX: dict[str, int] = {}  # token -> column, a cache (the vocabulary of news is small)
_INDEX_MAX = 2_000_000


def column(token: str) -> int:
    """The column of a token in the hashed space: |MurmurHash3 (32-bit, seed 0) of its UTF-8|
    modulo N_FEATURES, the scheme of scikit-learn's HashingVectorizer (the shipped prior and
    every stored centroid were made with it, so it must never change).

    >>> column("موسكو") == column("موسكو") < N_FEATURES
    True
    """
    col = _INDEX.get(token)
    if col is None:
        if len(_INDEX) >= _INDEX_MAX:
            _INDEX.clear()
        col = _INDEX[token] = abs(mmh3.hash(token.encode("utf-8", "surrogatepass"), 0)) % N_FEATURES
    return col


def feature_tokens(normalised_title: str, tokens: list[str], names: Sequence[str] = ()
                   ) -> list[str]:
    """Stems of the title (counted TITLE_WEIGHT times) and of the lead of the text, given as
    its normalised word tokens (marsad.arabic.words), and the title's canonical name features
    (`names`, counted NAME_WEIGHT times; see marsad.extract.name_features)."""
    # Cut before stemming, with a margin for the stopwords: the tail is not used anyway.
    body = stem_tokens(tokens[: LEAD_TOKENS * 2])[:LEAD_TOKENS]
    return stems(normalised_title) * TITLE_WEIGHT + body + list(names) * NAME_WEIGHT


def term_counts(docs: list[list[str]]) -> sp.csr_matrix:
    """Hashed term counts, one row per document."""
    indptr = [0]
    indices: list[int] = []
    for doc in docs:
        indices += map(column, doc)
        indptr.append(len(indices))
    counts = sp.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int32),
                            np.asarray(indptr, dtype=np.int64)), shape=(len(docs), N_FEATURES))
    counts.sum_duplicates()
    return counts


@dataclass(slots=True)
class DocFreq:
    """Document frequencies over the hashed space: the shipped prior plus what the store has seen."""

    df: np.ndarray  # int32, N_FEATURES
    n_docs: int

    def idf(self) -> np.ndarray:
        """Smoothed inverse document frequency, as scikit-learn computes it."""
        return np.log((1.0 + self.n_docs) / (1.0 + self.df)) + 1.0

    def add(self, counts: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Count each row of `counts` as one more document. Returns what they added: the
        columns they have (ascending) and in how many of them each is."""
        present = counts.copy()
        present.data[:] = 1
        added = np.asarray(present.sum(axis=0)).ravel().astype(np.int32)
        self.df += added
        self.n_docs += counts.shape[0]
        cols = np.flatnonzero(added)
        return cols, added[cols].astype(np.int64)

    @classmethod
    def from_counts(cls, cols: np.ndarray, counts: np.ndarray, n_docs: int) -> DocFreq:
        """The dense table of sparse counts (columns and their document counts)."""
        df = np.zeros(N_FEATURES, dtype=np.int32)
        df[np.asarray(cols, dtype=np.int64)] = np.asarray(counts, dtype=np.int32)
        return cls(df=df, n_docs=int(n_docs))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        nz = np.flatnonzero(self.df)
        np.savez(buf, idx=nz.astype(np.int32), df=self.df[nz], n=np.array([self.n_docs]))
        return zlib.compress(buf.getvalue(), 3)

    @classmethod
    def from_bytes(cls, blob: bytes) -> DocFreq:
        data = np.load(io.BytesIO(zlib.decompress(blob)))
        df = np.zeros(N_FEATURES, dtype=np.int32)
        df[data["idx"]] = data["df"]
        return cls(df=df, n_docs=int(data["n"][0]))

    @classmethod
    def empty(cls) -> DocFreq:
        return cls(df=np.zeros(N_FEATURES, dtype=np.int32), n_docs=0)


@cache
def prior() -> DocFreq:
    """The document frequencies shipped with marsad (an empty table if the file is missing)."""
    path = resources.files("marsad.stories") / "data" / "df_prior.bin"
    if not path.is_file():
        return DocFreq.empty()
    return DocFreq.from_bytes(path.read_bytes())


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF times IDF, rows scaled to unit length."""
    x = counts.astype(np.float32).tocsr(copy=True)
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf.astype(np.float32)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x, dtype=np.float32)
