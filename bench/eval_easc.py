"""Single-document summaries on EASC: ROUGE-1 and ROUGE-2 F1 of ours and of the baselines.

    .venv/bin/python bench/eval_easc.py [--split dev|test|all] [--tune]

EASC (../shared/data/easc): 153 articles, five human extractive summaries each. Every system
gives a summary of about the article's mean reference length in words, which is then cut to
exactly that many tokens. ROUGE-n F1 is computed on normalised Arabic tokens
(marsad.arabic.normalize, then words; no stemming, stopwords kept) against each of the five
references and averaged over them (multi-reference average, not max), then averaged over
articles. Splits: dev = odd topics (the weights of ours were tuned there), test = even topics.

Baselines, each a few lines here: random (fixed seed), lead, TextRank (Mihalcea and Tarau
2004: word overlap over log lengths, PageRank), LexRank (Erkan and Radev 2004: tf-isf cosine
above 0.1, PageRank), centroid (Radev et al. 2004: cosine to the tf-isf centroid) and the
greedy extractive oracle (adds the sentence that most raises R-1 + R-2 against the five
references while it helps), the ceiling.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from marsad.arabic import normalize, words
from marsad.brief.single import WEIGHTS, Document, Weights, read_document, scores, select

ROOT = Path(__file__).resolve().parents[1]
EASC = ROOT.parent / "shared" / "data" / "easc"
SEED = 14


@dataclass(frozen=True)
class Article:
    topic: int
    text: str
    references: list[list[str]]  # normalised tokens of each human summary

    @property
    def budget(self) -> int:
        """The mean reference length in tokens."""
        return max(1, round(sum(map(len, self.references)) / len(self.references)))


def tokens(text: str) -> list[str]:
    return words(normalize(text))


def load(root: Path = EASC) -> list[Article]:
    """The 153 articles with their references, by topic number."""
    out = []
    for folder in sorted((root / "Articles").iterdir(), key=_topic):
        (path,) = folder.iterdir()
        refs = sorted((root / "MTurk" / folder.name).iterdir())
        out.append(Article(_topic(folder), path.read_text(encoding="utf-8-sig"),
                           [tokens(r.read_text(encoding="utf-8-sig")) for r in refs]))
    return out


def _topic(path: Path) -> int:
    return int(re.sub(r"\D", "", path.name))


def split_of(articles: list[Article], name: str) -> list[Article]:
    if name == "all":
        return articles
    odd = name == "dev"
    return [a for a in articles if (a.topic % 2 == 1) == odd]


# ROUGE -----------------------------------------------------------------------------------------

def _grams(toks: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(toks[i:] for i in range(n)), strict=False))


def rouge_f(system: list[str], reference: list[str], n: int) -> float:
    sys_g, ref_g = _grams(system, n), _grams(reference, n)
    hit = sum((sys_g & ref_g).values())
    if not hit:
        return 0.0
    p, r = hit / sum(sys_g.values()), hit / sum(ref_g.values())
    return 2 * p * r / (p + r)


def rouge(system: list[str], article: Article, n: int) -> float:
    """Mean F1 over the references of the system tokens cut to the budget."""
    cut = system[:article.budget]
    return sum(rouge_f(cut, ref, n) for ref in article.references) / len(article.references)


# systems: each returns the indices of the sentences it takes, in the order it prefers them ----

Ranker = Callable[[Article, Document], list[int]]


def fill(doc: Document, ranked: list[int], budget: int) -> list[int]:
    """The top of a ranking until the budget is met, in text order."""
    out, total = [], 0.0
    for i in ranked:
        if total >= budget:
            break
        out.append(i)
        total += doc.lengths[i]
    return sorted(out)


def random_rank(article: Article, doc: Document) -> list[int]:
    order = list(range(len(doc.sentences)))
    random.Random(SEED * 1000 + article.topic).shuffle(order)
    return order


def lead_rank(article: Article, doc: Document) -> list[int]:
    return list(range(len(doc.sentences)))


def pagerank(sim: np.ndarray, damping: float = 0.85, steps: int = 100) -> np.ndarray:
    n = len(sim)
    sim = sim.copy()
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(steps):
        rank = (1 - damping) / n + damping * trans.T @ rank
    return rank


def _by(values: np.ndarray) -> list[int]:
    return [int(i) for i in np.argsort(-values, kind="stable")]


def textrank_rank(article: Article, doc: Document) -> list[int]:
    sets = [set(s) for s in doc.stems]
    n = len(sets)
    sim = np.zeros((n, n))
    for i, j in itertools.combinations(range(n), 2):
        if len(sets[i]) > 1 and len(sets[j]) > 1:
            sim[i, j] = sim[j, i] = (len(sets[i] & sets[j])
                                     / (np.log(len(sets[i])) + np.log(len(sets[j]))))
    return _by(pagerank(sim))


def lexrank_rank(article: Article, doc: Document, threshold: float = 0.1) -> list[int]:
    sim = doc.vectors @ doc.vectors.T
    return _by(pagerank((sim > threshold).astype(float)))


def centroid_rank(article: Article, doc: Document) -> list[int]:
    return _by(doc.vectors @ doc.centroid)


def ours(weights: Weights = WEIGHTS) -> Ranker:
    def rank(article: Article, doc: Document) -> list[int]:
        return sorted(select(doc, scores(doc, None, weights), article.budget, weights))
    return rank


def oracle_rank(article: Article, doc: Document) -> list[int]:
    """Greedy: add the sentence that most raises R-1 + R-2 (cut to the budget) while one does."""
    sent_tokens = [tokens(s.text) for s in doc.sentences]
    chosen: list[int] = []
    best = 0.0
    while True:
        trials = []
        for i in set(range(len(doc.sentences))) - set(chosen):
            toks = [t for j in sorted([*chosen, i]) for t in sent_tokens[j]]
            trials.append((rouge(toks, article, 1) + rouge(toks, article, 2), -i))
        if not trials or max(trials)[0] <= best:
            return sorted(chosen)
        best, neg = max(trials)
        chosen.append(-neg)


SYSTEMS: dict[str, Ranker] = {"random": random_rank, "lead": lead_rank,
                              "textrank": textrank_rank, "lexrank": lexrank_rank,
                              "centroid": centroid_rank, "ours": ours(), "oracle": oracle_rank}
_CHOSEN = {"ours", "oracle"}  # these pick a summary themselves; the others rank, then fill


def evaluate(articles: list[Article], systems: dict[str, Ranker],
             docs: dict[int, Document] | None = None) -> dict[str, tuple[float, float]]:
    """Mean (R-1 F1, R-2 F1) of each system over the articles."""
    docs = docs if docs is not None else {a.topic: read_document(a.text) for a in articles}
    out = {}
    for name, rank in systems.items():
        r1 = r2 = 0.0
        for a in articles:
            doc = docs[a.topic]
            picked = rank(a, doc)
            if name not in _CHOSEN and not name.startswith("ours"):
                picked = fill(doc, picked, a.budget)
            toks = [t for i in picked for t in tokens(doc.sentences[i].text)]
            r1 += rouge(toks, a, 1)
            r2 += rouge(toks, a, 2)
        out[name] = (r1 / len(articles), r2 / len(articles))
    return out


def tune(articles: list[Article]) -> Weights:
    """Grid search of the weights on the given (dev) articles, by R-1 + R-2 (the defaults came
    from a few rounds of grids like this one, on dev only)."""
    docs = {a.topic: read_document(a.text) for a in articles}
    grid = {"decay": [0.5, 1.0, 2.0], "relative": [0.0, 0.5, 1.0], "paragraph": [0.0, 0.2],
            "centrality": [0.0, 0.3], "keywords": [0.0, 0.2, 0.4], "slack": [0.2, 1.0]}
    best, best_w = -1.0, WEIGHTS
    for values in itertools.product(*grid.values()):
        w = replace(WEIGHTS, **dict(zip(grid, values, strict=True)))
        r1, r2 = evaluate(articles, {"ours": ours(w)}, docs)["ours"]
        if r1 + r2 > best:
            best, best_w = r1 + r2, w
            print(f"{r1:.4f} {r2:.4f} {w}", file=sys.stderr)
    return best_w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="grid-search the weights on dev")
    args = parser.parse_args()
    if not EASC.is_dir():
        sys.exit(f"EASC not found at {EASC}")
    start = time.perf_counter()
    articles = load()
    if args.tune:
        print(tune(split_of(articles, "dev")))
        return
    docs = {a.topic: read_document(a.text) for a in articles}
    results = {name: evaluate(split_of(articles, name), SYSTEMS, docs)
               for name in ("dev", "test", "all")}
    print("command: .venv/bin/python bench/eval_easc.py")
    print(f"{'system':10} {'dev R-1':>8} {'dev R-2':>8} {'test R-1':>9} {'test R-2':>9} "
          f"{'all R-1':>8} {'all R-2':>8}")
    for name in SYSTEMS:
        cells = " ".join(f"{results[s][name][0]:8.4f} {results[s][name][1]:8.4f}"
                         for s in ("dev", "test", "all"))
        print(f"{name:10} {cells}")
    print(f"({len(articles)} articles: dev = {len(split_of(articles, 'dev'))} odd topics, "
          f"tuned on; test = {len(split_of(articles, 'test'))} even topics; "
          f"{time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
