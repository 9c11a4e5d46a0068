"""Quotes and dates of marsad on the blind articles of issue 12, with bootstrap intervals.

    .venv/bin/python bench/eval_blind.py --split dev|test|all [--show]

The 48 SaudiNewsNet articles of bench/blind/articles.jsonl (odd numbers dev, even test), labelled
by readers who never saw marsad's output (bench/blind/labels/{quotes,dates}_batch_{1..4}.jsonl,
rules in bench/blind/RULES_{quotes,dates}.md). Texts are the records' `content` as given, read
from ../shared/data/saudinewsnet; gold offsets are where each label's `text` is found verbatim
(its `occurrence`-th time for dates; for quotes the first place no earlier label took).

marsad reads each text as `marsad analyze --raw` does (`pipeline.analyze(text, published,
raw=True)`: names, then quotes; dates resolved against the article's reference date). Matching
is that of bench/eval_quotes.py (reported words overlapping by half of each, speaker naming one
of the gold speaker's forms) and bench/eval_dates.py (overlapping spans, same value). Figures are
micro P/R/F1 over the split, with a 95 % bootstrap interval over articles (1000 resamples,
seed 0). The reader agreement is the same matching, second reader against first, on the
agreement slice (its dev articles with --split dev, all ten with --split test).

The test split was scored once, blind, after issue 12's first rules (commit c7e9a75); it is
spent, and all 48 articles of this set are now development material (`--split all`, `--show` on
any split). The next blind test is set 2, which this script never reads.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_dates import agrees
from eval_dates import match as match_dates
from eval_quotes import names_speaker, overlaps, snn_texts
from eval_quotes import score as score_quotes

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "bench" / "blind"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet"
RESAMPLES = 1000
BLIND_SET = [1]  # which blind set the functions read (main's --set); 1 unless told


def _articles_file() -> Path:
    return BLIND / ("articles.jsonl" if BLIND_SET[0] == 1 else f"articles{BLIND_SET[0]}.jsonl")


def _labels_dir() -> str:
    return "labels" if BLIND_SET[0] == 1 else f"labels/set{BLIND_SET[0]}"

Counts = tuple[int, int, int]  # (true positives, predicted, gold) of one article


def blind_articles(split: str) -> list[dict[str, Any]]:
    """The articles of one split (dev, test or all), as listed in articles.jsonl."""
    if split not in ("dev", "test", "all"):
        raise ValueError(f"split must be 'dev', 'test' or 'all', not {split!r}")
    lines = _articles_file().read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [a for a in rows if split in ("all", a["split"])]


def labels(kind: str, numbers: set[int], batch: str = "[1-4]") -> dict[int, list[dict[str, Any]]]:
    """The readers' labels of `kind` (quotes or dates) for the articles `numbers`, by article
    (an article the reader found empty has an empty list)."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(BLIND.glob(f"{_labels_dir()}/{kind}_batch_{batch}.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (row := json.loads(line))["article"] in numbers:
                out[row["article"]] += [] if row.get("none") else [row]
    return out


def locate(text: str, said: str, occurrence: int = 1, taken: Sequence[int] = ()) -> tuple[int, int]:
    """(start, end) of `said` in `text`: its occurrence-th place not in `taken`, spaces matched
    loosely (a label copied across a line break); (-1, -1) when it is not there."""
    pattern = r"\s+".join(re.escape(w) for w in said.split())
    places = [(m.start(), m.end()) for m in re.finditer(pattern, text) if m.start() not in taken]
    return places[occurrence - 1] if len(places) >= occurrence else (-1, -1)


def gold_quotes(text: str, rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The gold quotes of one article, with offsets and the speaker among its forms."""
    out: list[dict[str, Any]] = []
    for row in rows:
        start, end = locate(text, row["text"], taken=[g["start"] for g in out])
        out.append({"url": key, "start": start, "end": end, "text": row["text"],
                    "speaker": row["speaker"],
                    "speaker_forms": [row["speaker"], *row.get("speaker_forms", [])]})
    return out


def gold_dates(text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold expressions of one article, with offsets."""
    out = []
    for row in rows:
        start, end = locate(text, row["text"], row.get("occurrence", 1))
        out.append({**row, "start": start, "end": end})
    return out


def marsad(text: str, published: str) -> tuple[list[Any], list[dict[str, Any]]]:
    """marsad's quotes (as Quote-like records) and dates (as eval_dates predictions) of a text."""
    from marsad.pipeline import analyze

    found = analyze(text, datetime.fromisoformat(published), raw=True)
    quotes = [SimpleNamespace(**q) for q in found["quotes"]]
    dates = [{"start": d["start"], "end": d["end"], "text": d["text"], "value": d["value"],
              "partial": d["partial"] or {}, "day": None} for d in found["dates"]]
    return quotes, dates


def quote_counts(gold: list[dict[str, Any]], predicted: list[Any], key: str) -> Counts:
    """(true positives, predicted, gold) of one article, by eval_quotes' matching."""
    figures = score_quotes(gold, {key: predicted})
    return round(figures["recall"] * len(gold)), len(predicted), len(gold)


def date_counts(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> Counts:
    return match_dates(predicted, gold), len(predicted), len(gold)


def prf(counts: Sequence[Counts]) -> tuple[float, float, float]:
    tp, n_pred, n_gold = (sum(c[i] for c in counts) for i in range(3))
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def bootstrap(counts: Sequence[Counts], resamples: int = RESAMPLES, seed: int = 0
              ) -> dict[str, tuple[float, float]]:
    """95 % intervals of P, R and F1 over articles drawn with replacement."""
    rng = random.Random(seed)
    draws = [prf([counts[rng.randrange(len(counts))] for _ in counts]) for _ in range(resamples)]
    out = {}
    for i, name in enumerate(("precision", "recall", "f1")):
        values = sorted(d[i] for d in draws)
        out[name] = (values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1])
    return out


def line(name: str, counts: Sequence[Counts]) -> str:
    p, r, f1 = prf(counts)
    ci = bootstrap(counts)
    tp, n_pred, n_gold = (sum(c[i] for c in counts) for i in range(3))
    return (f"{name}: {len(counts)} articles, {n_gold} gold, {n_pred} predicted, {tp} right; "
            f"P {p:.3f} [{ci['precision'][0]:.3f}, {ci['precision'][1]:.3f}] "
            f"R {r:.3f} [{ci['recall'][0]:.3f}, {ci['recall'][1]:.3f}] "
            f"F1 {f1:.3f} [{ci['f1'][0]:.3f}, {ci['f1'][1]:.3f}]")


def evaluate(split: str, show: Callable[..., None] | None = None
             ) -> tuple[list[Counts], list[Counts], int]:
    """Per-article counts of quotes and dates on one split, and how many gold labels could not
    be found in their text."""
    arts = blind_articles(split)
    numbers = {a["article"] for a in arts}
    texts = snn_texts(arts)
    gq, gd = labels("quotes", numbers), labels("dates", numbers)
    quotes, dates, lost = [], [], 0
    for a in arts:
        text = texts[a["url"]]
        golds_q = gold_quotes(text, gq[a["article"]], a["url"])
        golds_d = gold_dates(text, gd[a["article"]])
        lost += sum(g["start"] < 0 for g in golds_q + golds_d)
        pred_q, pred_d = marsad(text, a["published"])
        quotes.append(quote_counts(golds_q, pred_q, a["url"]))
        dates.append(date_counts(golds_d, pred_d))
        if show is not None:
            show(a, text, golds_q, pred_q, golds_d, pred_d)
    return quotes, dates, lost


@cache
def f1_scores(split: str, set_: int = 1) -> tuple[float, float]:
    """Quotes F1 and dates F1 of one split of a blind set (for the pinned floors of the test
    suite)."""
    BLIND_SET[0], was = set_, BLIND_SET[0]
    try:
        quotes, dates, _ = evaluate(split)
    finally:
        BLIND_SET[0] = was
    return prf(quotes)[2], prf(dates)[2]


def agreement(numbers: set[int]) -> tuple[list[Counts], list[Counts]]:
    """Second reader against first on the agreement slice's articles among `numbers`, by the
    same matching (the second reader's labels as predictions)."""
    second_q = labels("quotes", numbers, "agree")
    second_d = labels("dates", numbers, "agree")
    slice_ = set(second_q) | set(second_d)
    arts = [a for s in ("dev", "test") for a in blind_articles(s) if a["article"] in slice_]
    texts = snn_texts(arts)
    first_q, first_d = labels("quotes", slice_), labels("dates", slice_)
    quotes, dates = [], []
    for a in arts:
        text, n = texts[a["url"]], a["article"]
        gold = gold_quotes(text, first_q[n], a["url"])
        theirs = [SimpleNamespace(**g) for g in gold_quotes(text, second_q[n], a["url"])]
        quotes.append(quote_counts(gold, theirs, a["url"]))
        other = [{**g, "partial": {}, "day": None} for g in gold_dates(text, second_d[n])]
        dates.append(date_counts(gold_dates(text, first_d[n]), other))
    return quotes, dates


def _show(a: dict[str, Any], text: str, golds_q: list[dict[str, Any]], pred_q: list[Any],
          golds_d: list[dict[str, Any]], pred_d: list[dict[str, Any]]) -> None:
    """Every miss and wrong prediction of one article."""
    print(f"\n=== article {a['article']} ({a['outlet']}, {a['published']})")
    free = list(golds_q)
    for q in pred_q:
        hit = next((g for g in free if overlaps(q.start, q.end, g["start"], g["end"])), None)
        if hit is None:
            print(f"  Q wrong  [{q.verb}] {q.speaker} | {q.text[:90]}")
            continue
        free.remove(hit)
        if not names_speaker(q.speaker, hit["speaker_forms"]):
            print(f"  Q who    [{q.verb}] {q.speaker!r} should be {hit['speaker']!r} | {q.text[:70]}")
    for g in free:
        where = "" if g["start"] >= 0 else " (NOT FOUND IN TEXT)"
        print(f"  Q missed {g['speaker']} | {g['text'][:90]}{where}")
    for g in golds_d:
        if not any(p["start"] < g["end"] and g["start"] < p["end"] and agrees(p, g) for p in pred_d):
            got = [f"{p['text']}={p['value']}" for p in pred_d
                   if p["start"] < g["end"] and g["start"] < p["end"]]
            print(f"  D missed {g['text']!r} {g['value']} got {got}")
    for p in pred_d:
        if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in golds_d):
            print(f"  D wrong  {p['text']!r} {p['value'] or p['partial']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), required=True)
    parser.add_argument("--show", action="store_true",
                        help="print every miss and wrong prediction")
    parser.add_argument("--set", type=int, choices=(1, 2, 3), default=1, dest="set_",
                        help="blind set: 1 (development since its test was scored) or 2 (the "
                             "test of the next round: score it once, --split all)")
    args = parser.parse_args()
    BLIND_SET[0] = args.set_
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    if not SAUDINEWSNET.is_dir():
        parser.error(f"SaudiNewsNet not found at {SAUDINEWSNET}")
    quotes, dates, lost = evaluate(args.split, _show if args.show else None)
    print(line(f"quotes {args.split}", quotes))
    print(line(f"dates  {args.split}", dates))
    if lost:
        print(f"({lost} gold labels not found verbatim in their text: counted as missed)")
    numbers = {a["article"] for a in blind_articles(args.split)}
    agree_q, agree_d = agreement(numbers if args.split == "dev" else set(range(1, 49)))
    print(line("reader agreement, quotes", agree_q))
    print(line("reader agreement, dates ", agree_d))


if __name__ == "__main__":
    main()
