"""Temporal expressions against hand-written gold: ours and dateparser's, side by side.

    .venv/bin/python bench/eval_dates.py [--show]

Two gold sets, written by reading: the five seeds (tests/data/dates_gold_seeds.json, texts as
shipped in the package; only seed 004 has a publication date) and 15 SaudiNewsNet articles
(tests/data/dates_gold_snn.json, texts read from ../shared/data/saudinewsnet).

A prediction matches a gold expression (one to one, in text order) when their spans overlap and
their values agree: the same normalised value, or both unresolved with the same partial fields.
dateparser gives a full datetime and no granularity: its date agrees when, cut to the gold's
granularity (day, ISO week, month or year), it equals the gold value; it never leaves an
expression unresolved, so it cannot match unresolved gold.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.extract.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
GOLD_SEEDS = ROOT / "tests" / "data" / "dates_gold_seeds.json"
GOLD_SNN = ROOT / "tests" / "data" / "dates_gold_snn.json"
SEEDS = ROOT / "src" / "marsad" / "sample" / "seeds"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet"

Prediction = dict[str, Any]
Extractor = Callable[[str, date | None], list[Prediction]]


def ours(text: str, published: date | None) -> list[Prediction]:
    """Our expressions as plain records."""
    return [{"start": e.start, "end": e.end, "text": e.text, "value": e.value,
             "partial": e.partial, "day": None} for e in find_dates(text, published)]


def theirs(text: str, published: date | None) -> list[Prediction]:
    """dateparser's `search_dates`, its strings located in the text in order."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"RELATIVE_BASE": datetime.combine(published, datetime.min.time())
                                } if published else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["ar"], settings=settings) or []
    out, cursor = [], 0
    for string, when in found:
        start = text.find(string, cursor)
        if start < 0:
            start = text.find(string)
        if start < 0:
            continue
        cursor = start + len(string)
        out.append({"start": start, "end": start + len(string), "text": string,
                    "value": when.date().isoformat(), "partial": {}, "day": when.date()})
    return out


def agrees(pred: Prediction, gold: dict[str, Any]) -> bool:
    """Same value (a dateparser day cut to the gold's granularity), or the same partial fields."""
    if gold["value"] is None:
        return pred["value"] is None and pred["partial"] == gold.get("partial", {})
    if pred["day"] is None:
        return bool(pred["value"] == gold["value"])
    day: date = pred["day"]
    cut = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year),
           "week": f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}"}
    return cut[gold["granularity"]] == gold["value"]


def match(preds: list[Prediction], golds: list[dict[str, Any]]) -> int:
    """The number of one-to-one matches: overlapping spans with agreeing values."""
    used: set[int] = set()
    hits = 0
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and p["start"] < g["end"] and g["start"] < p["end"] and agrees(p, g):
                used.add(i)
                hits += 1
                break
    return hits


def articles(gold: Path) -> list[tuple[str, date | None, list[dict[str, Any]]]]:
    """(text, publication date, gold expressions) of each article of a gold file."""
    out = []
    for art in json.loads(gold.read_text(encoding="utf-8"))["articles"]:
        pub = date.fromisoformat(art["published"]) if art["published"] else None
        out.append((_text(art), pub, art["expressions"]))
    return out


def _text(art: dict[str, Any]) -> str:
    if "file" in art:
        return (SEEDS / art["file"]).read_text(encoding="utf-8")
    with zipfile.ZipFile(SAUDINEWSNET / art["zip"]) as zf:
        return str(json.loads(zf.read(zf.namelist()[0]))[art["index"]]["content"])


def score(extract: Extractor, gold: Path, show: bool = False) -> dict[str, float]:
    """Precision, recall, F1 and speed (articles/s) of one extractor on one gold file."""
    data = articles(gold)
    tp = n_pred = n_gold = 0
    elapsed = 0.0
    for text, pub, golds in data:
        t0 = time.perf_counter()
        preds = extract(text, pub)
        elapsed += time.perf_counter() - t0
        tp += match(preds, golds)
        n_pred, n_gold = n_pred + len(preds), n_gold + len(golds)
        if show:
            _show(preds, golds)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "articles_per_s": len(data) / max(elapsed, 1e-9),
            "expressions_per_s": n_pred / max(elapsed, 1e-9)}


def _show(preds: list[Prediction], golds: list[dict[str, Any]]) -> None:
    for g in golds:
        hit = [p for p in preds if p["start"] < g["end"] and g["start"] < p["end"] and agrees(p, g)]
        if not hit:
            print(f"  missed {g['text']!r} {g['value'] or g.get('partial')}")
    for p in preds:
        if not any(p["start"] < g["end"] and g["start"] < p["end"] and agrees(p, g) for g in golds):
            print(f"  wrong  {p['text']!r} {p['value'] or p['partial']}")


def _line(name: str, who: str, s: dict[str, float]) -> str:
    return (f"{name:6} {who:10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
            f"{s['articles_per_s']:8.1f} articles/s  {s['expressions_per_s']:9.1f} expressions/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print misses and wrong predictions")
    args = parser.parse_args()
    print("command: .venv/bin/python bench/eval_dates.py" + (" --show" if args.show else ""))
    sets = [("seeds", GOLD_SEEDS)] + ([("snn", GOLD_SNN)] if SAUDINEWSNET.exists() else [])
    for name, gold in sets:
        theirs(" ", None)  # both build their tables on first use: not timed
        ours(" ", None)
        mine = score(ours, gold, args.show)
        print(_line(name, "marsad", mine))
        print(_line(name, "dateparser", score(theirs, gold)))
    if not SAUDINEWSNET.exists():
        print(f"SaudiNewsNet not found at {SAUDINEWSNET}: its gold set was skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
