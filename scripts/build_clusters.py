"""Learn the word clusters used as features by the named-entity tagger (marsad.extract.entities).

Reads the SaudiNewsNet articles (../shared/data/saudinewsnet/*.zip, ~9M tokens), counts
co-occurrences within ±2 words between the frequent words and the most frequent context words,
weights them by positive PMI, reduces them with TruncatedSVD and clusters the word vectors with
k-means at several granularities. Writes `word<TAB>c1<TAB>c2...` lines (one cluster id per
granularity); `scripts/train_ner.py` packs this file into the shipped model.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/build_clusters.py [--data ../shared/data/saudinewsnet]
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2_normalize

from marsad.arabic import normalize, words
from marsad.extract.entities import segment

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "ner_clusters.txt"
SEED = 13


def documents(folder: Path) -> Iterator[list[str]]:
    """Normalised word tokens of each article of every zip in `folder`."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for record in json.loads(archive.read(name)):
                    yield words(normalize(record.get("content") or ""))


def stemmed(texts: list[list[str]], freq: Counter[str]) -> list[list[str]]:
    """The texts with conjunction and preposition clitics off (as the tagger looks words up)."""
    rank = {w: i for i, (w, _) in enumerate(freq.most_common())}
    table = {w: segment(w, rank)[1] for w in freq}
    return [[table[w] for w in doc] for doc in texts]


def corpus(folder: Path) -> tuple[list[list[str]], Counter[str]]:
    """The SaudiNewsNet texts of `folder` as stemmed words, with the stems' counts."""
    texts = list(documents(folder))
    texts = stemmed(texts, Counter(w for doc in texts for w in doc))
    return texts, Counter(w for doc in texts for w in doc)


def cooccurrences(docs: list[np.ndarray], n_words: int, n_ctx: int) -> sparse.csr_matrix:
    """Counts of (word id < n_words, context id < n_ctx) pairs within ±2 tokens."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for ids in docs:
        for d in (1, 2):
            a, b = ids[:-d], ids[d:]
            for w, c in ((a, b), (b, a)):
                keep = (w < n_words) & (c < n_ctx)
                rows.append(w[keep])
                cols.append(c[keep])
    r, c = np.concatenate(rows), np.concatenate(cols)
    data = np.ones(len(r), dtype=np.float32)
    return sparse.coo_matrix((data, (r, c)), shape=(n_words, n_ctx)).tocsr()


def ppmi(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information, with context smoothing (alpha 0.75)."""
    total = counts.sum()
    row = np.asarray(counts.sum(axis=1)).ravel() / total
    col = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    col /= col.sum()
    coo = counts.tocoo()
    pmi = np.log(coo.data / total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)


def clusters(vectors: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """k-means cluster ids of each row, one array per granularity."""
    out = []
    for k in sizes:
        km = MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3, max_iter=100)
        out.append(km.fit_predict(vectors))
        print(f"  k={k} done")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/saudinewsnet")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--max-words", type=int, default=80_000)
    parser.add_argument("--contexts", type=int, default=8_000)
    parser.add_argument("--dims", type=int, default=120)
    parser.add_argument("--sizes", default="64,256,1024")
    args = parser.parse_args()
    t0 = time.time()
    texts, freq = corpus(args.data)
    vocab = [w for w, n in freq.most_common(args.max_words) if n >= args.min_count]
    index = {w: i for i, w in enumerate(vocab)}
    oov = len(vocab) + args.contexts  # beyond both limits
    docs = [np.array([index.get(w, oov) for w in doc], dtype=np.int64) for doc in texts]
    print(f"{sum(freq.values())} tokens, {len(vocab)} words ({time.time() - t0:.0f}s)")
    counts = cooccurrences(docs, len(vocab), args.contexts)
    svd = TruncatedSVD(n_components=args.dims, random_state=SEED, algorithm="randomized")
    svd.fit(ppmi(counts))
    # Left singular vectors without the singular values (weighting exponent 0): better similarities.
    vectors = l2_normalize(svd.transform(ppmi(counts)) / svd.singular_values_)
    print(f"SVD done ({time.time() - t0:.0f}s)")
    ids = clusters(vectors, [int(k) for k in args.sizes.split(",")])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for i, word in enumerate(vocab):
            out.write(word + "\t" + "\t".join(str(c[i]) for c in ids) + "\n")
    print(f"{len(vocab)} words -> {args.out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
