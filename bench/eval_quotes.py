"""Quote extraction against hand-written gold: precision, recall and F1.

    .venv/bin/python bench/eval_quotes.py [--show]

A predicted quote matches a gold quote (one to one, in text order) when their reported words
overlap by at least half of each, and the predicted speaker names the gold speaker in one of
the ways the text does (the words of one contain the words of the other, after normalisation).
Without names from the entity tagger, a quote with no named speaker goes to the last speaker
named before it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from marsad.arabic import normalize, words
from marsad.extract.quotes import Quote, find_quotes

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "quotes_gold_seeds.json"
SEEDS = ROOT / "src" / "marsad" / "sample" / "seeds"  # the seeds as shipped for the demo


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter >= 0.5 * (a1 - a0) and inter >= 0.5 * (b1 - b0)


def names_speaker(predicted: str, forms: list[str]) -> bool:
    mine = set(words(normalize(predicted)))
    return bool(mine) and any(
        (f := set(words(normalize(form)))) <= mine or mine <= f for form in forms)


def score(gold: list[dict[str, Any]], predicted: dict[str, list[Quote]]) -> dict[str, float]:
    """Micro precision, recall and F1 over all files (also counting content-only matches)."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    tp = span_tp = n_pred = 0
    for name, quotes in predicted.items():
        n_pred += len(quotes)
        free = list(by_file.get(name, []))
        for q in quotes:
            hit = next((g for g in free if overlaps(q.start, q.end, g["start"], g["end"])), None)
            if hit is None:
                continue
            free.remove(hit)
            span_tp += 1
            tp += names_speaker(q.speaker, hit["speaker_forms"])
    p = tp / n_pred if n_pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "span_recall": span_tp / len(gold) if gold else 0.0,
            "gold": len(gold), "predicted": n_pred}


def run(gold_path: Path = GOLD, texts: Path = SEEDS) -> tuple[dict[str, float], float]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
    files = sorted({g["file"] for g in gold})
    t0 = time.perf_counter()
    predicted = {f: find_quotes((texts / f).read_text(encoding="utf-8")) for f in files}
    return score(gold, predicted), time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each predicted quote")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"seeds not found at {SEEDS}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    figures, seconds = run()
    print(f"seeds: {figures['gold']} gold quotes, {figures['predicted']} predicted; "
          f"P {figures['precision']:.3f} R {figures['recall']:.3f} F1 {figures['f1']:.3f} "
          f"(reported words found: {figures['span_recall']:.3f}); {seconds * 1000:.0f} ms")
    if args.show:
        for f in sorted(SEEDS.glob("*.txt")):
            for q in find_quotes(f.read_text(encoding="utf-8")):
                print(f"{f.name[:3]} [{q.verb}] {q.speaker} | {'D' if q.direct else 'I'} | "
                      f"{q.text[:60]}")


if __name__ == "__main__":
    main()
