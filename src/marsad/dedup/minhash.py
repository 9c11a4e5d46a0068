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


def shingles(tokens: list[str], size: int = SHINGLE) -> set[bytes]:
    """Distinct word `size`-grams of a token list, as bytes (one shingle if the text is shorter)."""
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def signature(grams: set[bytes]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a set of shingles."""
    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations,
                scheme=_SCHEME)
    if grams:
        m.update_batch(list(grams))
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
