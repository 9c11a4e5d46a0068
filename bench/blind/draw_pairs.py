"""Draw the blind set of article pairs for events and storylines (issue 12), before any reading.

Pairs of articles of two different outlets, from the SaudiNewsNet days that are not held out,
drawn at random (seed recorded) across strata of TF-IDF cosine similarity (an independent
measure: marsad's grouping is not used), half published less than two days apart and half two
or more days apart. Exact copies (the same text) are left out: they say nothing about grouping.
Articles of the older quote and NER sets are left out too, so that nothing here was read before.

    .venv/bin/python bench/blind/draw_pairs.py --seed 20261203 --n 420

writes bench/blind/pairs.jsonl (the pairs: outlets, URLs, dates, titles, stratum; no text, since
SaudiNewsNet is not ours to copy) and, outside git, the batches readers label,
bench/blind/work/pairs_batch_*.txt (batch "agree" holds pairs of the other batches for a second
reader). Needs scikit-learn (the train extra).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime
from pathlib import Path

import numpy as np
from corpus import earlier_sets, records, seen_urls, set_files  # bench/blind/corpus.py, beside this script
from sklearn.feature_extraction.text import TfidfVectorizer

from marsad.arabic import normalize

STRATA = [(0.6, 1.01), (0.4, 0.6), (0.25, 0.4), (0.15, 0.25), (0.05, 0.15)]
LEAD_CHARS = 900  # what a reader sees of each article (the lead says what it is about)
BATCH = 60  # pairs a reader labels in one sitting
AGREEMENT = 60  # pairs labelled by a second reader, drawn from the other batches
OUT = Path(__file__).resolve().parent


def load(exclude: set[str]) -> list[dict]:
    seen = seen_urls() | exclude
    arts, texts = [], set()
    for _, rec in records():
        content = (rec.get("content") or "").strip()
        if len(content) < 200 or rec["url"] in seen or content in texts:
            continue
        texts.add(content)
        arts.append({"outlet": rec["source"], "url": rec["url"], "date": rec["date_extracted"],
                     "title": rec.get("title") or "", "text": content})
    return arts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--n", type=int, default=420)
    ap.add_argument("--set", type=int, default=1, help="which blind set (2, 3…: drawn later, "
                                                       "holding no article of the earlier sets)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pairs_name, _, work = set_files(args.set)
    arts = load(earlier_sets(args.set))
    print(f"{len(arts)} articles from {len({a['date'][:10] for a in arts})} days")
    docs = [normalize(a["title"] + " " + a["title"] + " " + a["text"][:3000]) for a in arts]
    x = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.3).fit_transform(docs)
    days = np.array([datetime.fromisoformat(a["date"]).toordinal() for a in arts])
    outlets = np.array([a["outlet"] for a in arts])
    per_cell = args.n // (2 * len(STRATA))
    want = {(far, s): per_cell for far in (False, True) for s in range(len(STRATA))}
    pairs: list[dict] = []
    used: set[tuple[int, int]] = set()
    order = list(range(len(arts)))
    rng.shuffle(order)
    for i in order:
        if not any(want.values()):
            break
        sims = (x @ x[i].T).toarray().ravel()
        far = np.abs(days - days[i]) >= 2
        ok = outlets != outlets[i]
        cells = [(f, s) for (f, s), left in want.items() if left]
        rng.shuffle(cells)
        for f, s in cells:
            lo, hi = STRATA[s]
            cand = np.flatnonzero(ok & (far == f) & (sims >= lo) & (sims < hi))
            cand = [j for j in cand if (min(i, j), max(i, j)) not in used]
            if not cand:
                continue
            j = int(rng.choice(cand))
            used.add((min(i, j), max(i, j)))
            want[(f, s)] -= 1
            pairs.append({"a": i, "b": j, "stratum": s, "days_apart": int(abs(days[i] - days[j])),
                          "cosine": round(float(sims[j]), 3)})
            break  # one pair per anchor article
    rng.shuffle(pairs)
    with (OUT / pairs_name).open("w", encoding="utf-8") as fh:
        for n, p in enumerate(pairs, 1):
            a, b = arts[p["a"]], arts[p["b"]]
            fh.write(json.dumps({"pair": n, "stratum": p["stratum"], "cosine": p["cosine"],
                                 "days_apart": p["days_apart"],
                                 "a": {k: a[k] for k in ("outlet", "url", "date", "title")},
                                 "b": {k: b[k] for k in ("outlet", "url", "date", "title")}},
                                ensure_ascii=False) + "\n")
    work.mkdir(parents=True, exist_ok=True)
    numbered = list(enumerate(pairs, 1))
    batches = {str(k // BATCH + 1): numbered[k:k + BATCH] for k in range(0, len(pairs), BATCH)}
    batches["agree"] = sorted(rng.sample(numbered, AGREEMENT), key=lambda np_: np_[0])
    for name, batch in batches.items():
        with (work / f"pairs_batch_{name}.txt").open("w", encoding="utf-8") as fh:
            for n, p in batch:
                fh.write(f"=== PAIR {n} ===\n")
                for side in ("a", "b"):
                    art = arts[p[side]]
                    fh.write(f"--- {side.upper()}: {art['outlet']} · {art['date'][:10]}\n"
                             f"TITLE: {art['title']}\n{art['text'][:LEAD_CHARS]}\n")
                fh.write("\n")
    print(f"{len(pairs)} pairs ({sum(p['days_apart'] >= 2 for p in pairs)} two or more days "
          f"apart); unfilled cells: {[c for c, left in want.items() if left]}")


if __name__ == "__main__":
    main()
