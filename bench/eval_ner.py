"""Entity-level scores of the named-entity tagger on ANERcorp's test split, and its speed.

Prints micro precision/recall/F1 overall and per type (CoNLL rules, seqeval: an entity counts
only when its type and exact span match) and tagging speed in tokens/s on one core, for two modes:
`tag` (each sentence on its own, the standard setting) and `tag_document` over windows of
--window consecutive test sentences (the file is a stream of news articles without boundaries;
names found in one sentence are propagated to the others of the window, no gold label is used).

    .venv/bin/python bench/eval_ner.py [--model path/to/ner.zip] [--data ../shared/data/ner/anercorp_test.txt]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from marsad.extract import entities

ROOT = Path(__file__).resolve().parents[1]
TEST = ROOT.parent / "shared" / "data" / "ner" / "anercorp_test.txt"

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=TEST)
    parser.add_argument("--model", type=Path, help="a model file other than the shipped one")
    parser.add_argument("--window", type=int, default=30, help="sentences per document for tag_document")
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


if __name__ == "__main__":
    main()
