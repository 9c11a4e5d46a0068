"""Learn fastText word vectors from SaudiNewsNet and cluster them: features of the NER tagger.

fastText (gensim, skip-gram with character n-grams) builds a word's vector from its letters as
well as its contexts, so rare words (most unseen names) get a vector near the names that look and
behave like them. The vectors of every word seen at least --min-count times in SaudiNewsNet, and of
every word of ANERcorp's train file, are clustered by k-means at several granularities. Writes
`word<TAB>e1<TAB>e2...` lines; `scripts/train_ner.py` packs this file into the shipped model.
Deterministic: one worker thread, fixed seeds. gensim is a training-time dependency only
(`pip install -e .[train]`).

    OMP_NUM_THREADS=1 PYTHONHASHSEED=0 .venv/bin/python scripts/build_embeddings.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from gensim.models import FastText
from sklearn.preprocessing import normalize as l2_normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_clusters import clusters, corpus

from marsad.arabic import normalize_word
from marsad.extract.entities import read_conll, segment

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "ner_fasttext.txt"
TRAIN = ROOT.parent / "shared" / "data" / "ner" / "anercorp_train.txt"
SEED = 13


def train_words(rank: dict[str, int]) -> list[str]:
    """The stems (as the tagger looks them up) of the words of ANERcorp's train file."""
    out: set[str] = set()
    for tokens, _ in read_conll(TRAIN):
        for token in tokens:
            norm = normalize_word(token) or token
            out.update((norm, segment(norm, rank)[1]))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/saudinewsnet")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--sizes", default="128,512,2048")
    args = parser.parse_args()
    t0 = time.time()
    texts, freq = corpus(args.data)
    rank = {w: i for i, (w, _) in enumerate(freq.most_common())}
    print(f"{sum(freq.values())} tokens ({time.time() - t0:.0f}s)", flush=True)
    model = FastText(vector_size=args.dims, window=5, min_count=args.min_count, sg=1, min_n=2, max_n=5,
                     bucket=500_000, workers=1, seed=SEED, epochs=args.epochs)
    model.build_vocab(corpus_iterable=texts)
    model.train(corpus_iterable=texts, total_examples=len(texts), epochs=args.epochs)
    print(f"fastText done ({time.time() - t0:.0f}s)", flush=True)
    vocab = list(model.wv.index_to_key)
    known = set(vocab)
    vocab += [w for w in train_words(rank) if w not in known]
    vectors = l2_normalize(np.stack([model.wv[w] for w in vocab]))
    ids = clusters(vectors, [int(k) for k in args.sizes.split(",")])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for i, word in enumerate(vocab):
            out.write(word + "\t" + "\t".join(str(c[i]) for c in ids) + "\n")
    print(f"{len(vocab)} words -> {args.out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
