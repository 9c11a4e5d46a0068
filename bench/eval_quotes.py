"""Quote extraction against hand-written gold: precision, recall and F1.

    .venv/bin/python bench/eval_quotes.py [--show] [--no-names]

Two gold sets, written by reading: the five seeds (tests/data/quotes_gold_seeds.json, texts as
shipped in the package) and 15 SaudiNewsNet articles (tests/data/quotes_gold_snn.json, texts
read from ../shared/data/saudinewsnet). A third set, 15 other SaudiNewsNet articles from other
days (tests/data/quotes_dev_snn.json), is the one rules are tuned on; the two gold sets are the
test.

A predicted quote matches a gold quote (one to one, in text order) when their reported words
overlap by at least half of each, and the predicted speaker names the gold speaker in one of
the ways the text does (the words of one contain the words of the other, after normalisation).
Quotes are found as `marsad analyze` finds them: with the names of the text from the entity
tagger, so that a quote with no named speaker goes to the nearest person named before it
(`--no-names`: without them, to the last speaker named).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.arabic import normalize, words
from marsad.extract import mentions
from marsad.extract.quotes import Quote, find_quotes

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "quotes_gold_seeds.json"
GOLD_SNN = ROOT / "tests" / "data" / "quotes_gold_snn.json"
DEV_SNN = ROOT / "tests" / "data" / "quotes_dev_snn.json"
SEEDS = ROOT / "src" / "marsad" / "sample" / "seeds"  # the seeds as shipped for the demo
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet"


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter >= 0.5 * (a1 - a0) and inter >= 0.5 * (b1 - b0)


def _name_words(text: str) -> set[str]:
    """Normalised words without the article: الصحيفة and صحيفة name the same speaker."""
    return {w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words(normalize(text))}


def names_speaker(predicted: str, forms: list[str]) -> bool:
    mine = _name_words(predicted)
    return bool(mine) and any((f := _name_words(form)) <= mine or mine <= f for form in forms)


def score(gold: list[dict[str, Any]], predicted: dict[str, list[Quote]]) -> dict[str, float]:
    """Micro precision, recall and F1 over all texts (also counting content-only matches).
    Gold quotes and predictions are keyed by text (a seed's file name, an article's URL)."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_file[_key(g)].append(g)
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


def _key(g: dict[str, Any]) -> str:
    return str(g.get("file") or g["url"])


def seed_text(key: str) -> str:
    return (SEEDS / key).read_text(encoding="utf-8")


def snn_texts(gold: list[dict[str, Any]]) -> dict[str, str]:
    """The `content` of the SaudiNewsNet records named by URL in the gold."""
    wanted = {g["url"]: g["zip"] for g in gold}
    out: dict[str, str] = {}
    for name in sorted(set(wanted.values())):
        with zipfile.ZipFile(SAUDINEWSNET / name) as archive:
            for record in json.loads(archive.read(archive.namelist()[0])):
                if record["url"] in wanted and record["url"] not in out:
                    out[record["url"]] = record["content"]
    return out


def run(gold_path: Path = GOLD, text_of: Callable[[str], str] = seed_text, *,
        names: bool = True) -> tuple[dict[str, float], float]:
    """Score find_quotes on one gold set (with the tagger's names unless `names` is False);
    returns the figures and the seconds it took."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
    texts = {k: text_of(k) for k in sorted({_key(g) for g in gold})}
    t0 = time.perf_counter()
    predicted = {k: find_quotes(t, mentions(t) if names else ()) for k, t in texts.items()}
    return score(gold, predicted), time.perf_counter() - t0


def run_snn(gold_path: Path = GOLD_SNN, *, names: bool = True) -> tuple[dict[str, float], float]:
    """Score find_quotes on a SaudiNewsNet gold set (the test gold unless told)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
    texts = snn_texts(gold)
    return run(gold_path, texts.__getitem__, names=names)


def _line(name: str, figures: dict[str, float], seconds: float) -> str:
    return (f"{name}: {figures['gold']} gold quotes, {figures['predicted']} predicted; "
            f"P {figures['precision']:.3f} R {figures['recall']:.3f} F1 {figures['f1']:.3f} "
            f"(reported words found: {figures['span_recall']:.3f}); {seconds * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each predicted quote")
    parser.add_argument("--no-names", action="store_true",
                        help="without the entity tagger's names")
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    names = not args.no_names
    print(_line("seeds", *run(names=names)))
    if SAUDINEWSNET.is_dir():
        print(_line("SaudiNewsNet", *run_snn(names=names)))
        print(_line("SaudiNewsNet dev", *run_snn(DEV_SNN, names=names)))
    else:
        print(f"SaudiNewsNet: skipped, not found at {SAUDINEWSNET}")
    if args.show:
        for f in sorted(SEEDS.glob("*.txt")):
            for q in find_quotes(f.read_text(encoding="utf-8")):
                print(f"{f.name[:3]} [{q.verb}] {q.speaker} | {'D' if q.direct else 'I'} | "
                      f"{q.text[:60]}")


if __name__ == "__main__":
    main()
