"""Draw the blind set of articles for quotes and dates (issue 12), before any reading.

Articles of the SaudiNewsNet days that are not held out, drawn at random (seed recorded), one
outlet at a time in turn so that no outlet dominates, among articles of 120 to 700 words that
use a reporting verb (a quote-free article tests nothing of the quote finder; the filter is a
word list, not marsad). Articles of the older quote, date and NER sets are left out.

    .venv/bin/python bench/blind/draw_articles.py --seed 20261203 --n 48

writes bench/blind/articles.jsonl (zip, url, outlet, date, title, split dev/test: no text, since
SaudiNewsNet is not ours to copy) and, outside git, the batches readers annotate,
bench/blind/work/articles_batch_*.txt (each article's `content` as given, numbered).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TextIO

from corpus import earlier_sets, records, seen_urls, set_files  # bench/blind/corpus.py, beside this script

VERBS = re.compile(r"(^|\s)[وف]?(قال|قالت|أكد|أكدت|أوضح|أوضحت|أضاف|أضافت|ذكر|ذكرت|أشار|أشارت|"
                   r"أعلن|أعلنت|صرح|صرحت|كشف|كشفت|أفاد|أفادت)(\s|$)")
BATCH = 12
AGREEMENT = 10  # articles a second reader annotates
OUT = Path(__file__).resolve().parent


def reference_date(art: dict) -> date:
    """The article's date: the one in its URL (/2015/07/21/), else the day it was crawled."""
    m = re.search(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/._-]|$)", art["url"])
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    return date.fromisoformat(art["date"][:10])


def write_article(fh: TextIO, n: int, art: dict) -> None:
    ref = reference_date(art)
    fh.write(f"=== ARTICLE {n} === {art['outlet']} · REFERENCE DATE {ref.isoformat()} "
             f"({ref.strftime('%A')})\nTITLE: {art['title']}\n{art['text']}\n\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--n", type=int, default=48)
    ap.add_argument("--set", type=int, default=1, help="which blind set (2, 3…: drawn later, "
                                                       "holding no article of the earlier sets)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pairs_name, articles_name, work = set_files(args.set)
    seen = seen_urls() | earlier_sets(args.set)
    pairs = {json.loads(line)[side]["url"] for line in (OUT / pairs_name).open()
             for side in ("a", "b")}
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for zpath, rec in records():
        text = rec.get("content") or ""
        if (rec["url"] in seen or rec["url"] in pairs
                or not 120 <= len(text.split()) <= 700 or not VERBS.search(text)):
            continue
        by_outlet[rec["source"]].append({"zip": zpath.name, "url": rec["url"],
                                         "outlet": rec["source"], "date": rec["date_extracted"],
                                         "title": rec.get("title") or "", "text": text})
    outlets = sorted(by_outlet)
    rng.shuffle(outlets)
    for arts in by_outlet.values():
        rng.shuffle(arts)
    chosen: list[dict] = []
    urls: set[str] = set()
    while len(chosen) < args.n:
        for outlet in outlets:
            if len(chosen) < args.n and by_outlet[outlet]:
                art = by_outlet[outlet].pop()
                if art["url"] not in urls:
                    urls.add(art["url"])
                    chosen.append(art)
    rng.shuffle(chosen)
    work.mkdir(parents=True, exist_ok=True)
    with (OUT / articles_name).open("w", encoding="utf-8") as fh:
        for n, art in enumerate(chosen, 1):
            split = "dev" if n % 2 else "test"
            fh.write(json.dumps({"article": n, "split": split,
                                 "published": reference_date(art).isoformat()} |
                                {k: art[k] for k in ("zip", "url", "outlet", "date", "title")},
                                ensure_ascii=False) + "\n")
    for k in range(0, len(chosen), BATCH):
        with (work / f"articles_batch_{k // BATCH + 1}.txt").open("w", encoding="utf-8") as fh:
            for n, art in enumerate(chosen[k:k + BATCH], k + 1):
                write_article(fh, n, art)
    # a slice for a second reader, to measure agreement
    agree = sorted(rng.sample(range(len(chosen)), AGREEMENT))
    with (work / "articles_batch_agree.txt").open("w", encoding="utf-8") as fh:
        for k in agree:
            write_article(fh, k + 1, chosen[k])
    print(f"{len(chosen)} articles from {len({a['outlet'] for a in chosen})} outlets; "
          f"agreement slice: {[k + 1 for k in agree]}")


if __name__ == "__main__":
    main()
