"""Entity-level scores of the named-entity tagger on ANERcorp's test split, and its speed.

Prints micro precision/recall/F1 overall and per type (CoNLL rules, seqeval: an entity counts
only when its type and exact span match) and tagging speed in tokens/s on one core, for two modes:
`tag` (each sentence on its own, the standard setting) and `tag_document` over windows of
--window consecutive test sentences (the file is a stream of news articles without boundaries;
names found in one sentence are propagated to the others of the window, no gold label is used).

Then the same on whole news articles as marsad reads them: SaudiNewsNet articles whose PERS, LOC
and ORG names we marked by reading (tests/data/ner_gold_snn.json and ner_gold2_snn.json, the test
set, and tests/data/ner_dev_snn.json, the set rules and training choices were tuned on; the tagger
is also trained on other such articles, scripts/data/ner_snn_train_*.json), scored on exact
character spans and types of `marsad.extract.names` (tagger and tables), MISC left out.

    .venv/bin/python bench/eval_ner.py [--model path/to/ner.zip] [--show]
        [--data ../shared/data/ner/anercorp_test.txt]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from marsad.extract import entities, names
from marsad.extract.known import complete
from marsad.model import Mention

ROOT = Path(__file__).resolve().parents[1]
TEST = ROOT.parent / "shared" / "data" / "ner" / "anercorp_test.txt"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet"
NEWS_GOLD = {"test": [ROOT / "tests" / "data" / f"ner_gold{n}_snn.json" for n in ("", "2")],
             "dev": [ROOT / "tests" / "data" / "ner_dev_snn.json"]}
NEWS_TYPES = ("PERS", "LOC", "ORG")

Sentence = tuple[list[str], list[str]]


def scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """Micro precision, recall and F1 of entities."""
    return {"precision": float(precision_score(gold, predicted)),
            "recall": float(recall_score(gold, predicted)),
            "f1": float(f1_score(gold, predicted))}


def run(data: list[Sentence], tag_doc: Callable[[list[list[str]]], list[list[str]]],
        window: int) -> tuple[list[list[str]], float]:
    """Predicted labels of every sentence, by windows of `window` sentences, and tokens per second
    (CPU time of this process, after a warm-up pass)."""
    tag_doc([tokens for tokens, _ in data[:50]])
    start = time.process_time()
    predicted: list[list[str]] = []
    for i in range(0, len(data), window):
        predicted += tag_doc([tokens for tokens, _ in data[i:i + window]])
    elapsed = time.process_time() - start
    return predicted, sum(len(t) for t, _ in data) / max(elapsed, 1e-9)


def report(title: str, gold: list[list[str]], predicted: list[list[str]], speed: float) -> None:
    """Print the per-type and micro scores and the speed of one mode."""
    print(f"== {title}")
    print(classification_report(gold, predicted, digits=4))
    micro = scores(gold, predicted)
    print("micro " + " ".join(f"{k}={v:.4f}" for k, v in micro.items()))
    print(f"speed {speed:,.0f} tokens/s (one process, CPU time; {os.cpu_count()} cores on the machine)\n")


def news_articles(gold_paths: list[Path]) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(content, gold PERS/LOC/ORG spans) of each article of gold files of SaudiNewsNet names."""
    marked = entities.read_marked([p for p in gold_paths if p.exists()], SAUDINEWSNET)
    return [(text, {s for s in spans if s[2] in NEWS_TYPES}) for text, spans in marked]


def news_scores(gold_paths: list[Path], find: Callable[[str], list[Mention]] = names,
                show: bool = False) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 of `find` on the PERS, LOC and ORG names of a gold
    file, micro over the three types ("all") and per type."""
    hits: dict[str, int] = dict.fromkeys(NEWS_TYPES, 0)
    n_pred = dict(hits)
    n_gold = dict(hits)
    for text, gold in news_articles(gold_paths):
        found = {(m.start, m.end, m.type.value) for m in find(text) if m.type.value in NEWS_TYPES}
        for start, end, kind in found:
            n_pred[kind] += 1
            hits[kind] += (start, end, kind) in gold
        for start, end, kind in gold:
            n_gold[kind] += 1
            if show and (start, end, kind) not in found:
                print(f"  missed {kind} {text[start:end]!r}")
        if show:
            for start, end, kind in sorted(found - gold):
                print(f"  wrong  {kind} {text[start:end]!r}")
    out = {}
    for kind in (*NEWS_TYPES, "all"):
        h, p, g = ((sum(x.values()) for x in (hits, n_pred, n_gold)) if kind == "all"
                   else (hits[kind], n_pred[kind], n_gold[kind]))
        precision, recall = h / max(p, 1), h / max(g, 1)
        out[kind] = {"precision": precision, "recall": recall, "gold": g,
                     "f1": 2 * precision * recall / max(precision + recall, 1e-9)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=TEST)
    parser.add_argument("--model", type=Path, help="a model file other than the shipped one")
    parser.add_argument("--window", type=int, default=30, help="sentences per document for tag_document")
    parser.add_argument("--show", action="store_true", help="list the news articles' misses and errors")
    args = parser.parse_args()
    tagger = entities.Tagger.from_zip(args.model.read_bytes()) if args.model else entities.shipped()
    data = entities.read_conll(args.data)
    gold = [labels for _, labels in data]
    print("$ " + " ".join([".venv/bin/python", *sys.argv]))
    print(f"{len(data)} sentences, {sum(len(g) for g in gold)} tokens ({args.data.name})\n")
    predicted, speed = run(data, lambda sents: [tagger.tag(s) for s in sents], 1)
    report("tag: each sentence on its own", gold, predicted, speed)
    predicted, speed = run(data, tagger.tag_document, args.window)
    report(f"tag_document: windows of {args.window} sentences", gold, predicted, speed)
    def find(text: str) -> list[Mention]:
        return complete(text, entities.mentions(text, tagger))  # as marsad.extract.names

    for name, paths in NEWS_GOLD.items():
        files = ", ".join(str(p.relative_to(ROOT)) for p in paths if p.exists())
        print(f"== SaudiNewsNet articles read by us, {name} set ({files}), marsad.extract.names, exact spans")
        for kind, figures in news_scores(paths, find, show=args.show).items():
            print(f"{kind:5} " + " ".join(f"{k}={v:.4f}" if k != "gold" else f"gold={v}"
                                          for k, v in figures.items()))
        print()


if __name__ == "__main__":
    main()
