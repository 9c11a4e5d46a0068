"""MinHash signatures and LSH band keys over word 3-grams of normalised text (datasketch)."""

from __future__ import annotations

import hashlib
from functools import cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
# 32 bands of 4 rows: a pair with Jaccard 0.5 becomes a candidate with probability 0.87,
# one with 0.6 with 0.99, one with 0.2 with 0.05; candidates are then checked on the signature.
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_SEED = 1
_SCHEME = "affine32"  # datasketch 2.x: uint32 values, collision-free permutations


@cache
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)


class _WordHashes(dict[str, int]):
    """word -> stable 32-bit hash (blake2b), computed on first use; emptied when it grows past
    MAX_CACHED words so that a long ingest stays in bounded memory."""

    MAX_CACHED = 500_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.MAX_CACHED:
            self.clear()
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
        self[word] = value
        return value


_word_hashes = _WordHashes()


_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)


def shingles(tokens: list[str], size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the distinct word `size`-grams of a token list (one shingle if the text
    is shorter). Word hashes are cached, and combined position by position with numpy."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter(map(_word_hashes.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    if len(h) < size:
        h = np.concatenate([h, np.zeros(size - len(h), dtype=np.uint64)])
    n = len(h) - size + 1
    combined = np.zeros(n, dtype=np.uint64)
    for i in range(size):
        combined = (combined * np.uint64(31)) ^ (h[i : i + n] * _MIX[i])
    return np.unique(combined & np.uint64(0xFFFFFFFF))


def signature(grams: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a set of shingle hashes."""
    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations,
                scheme=_SCHEME, hashfunc=int)
    if len(grams):
        m.update_batch(grams.tolist())
    return m.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band; equal keys make two articles candidates."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def exact_key(normalised: str) -> int:
    """Signed 64-bit key of the normalised text, for exact duplicates."""
    digest = hashlib.blake2b(normalised.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)
