"""Search latency on a store: median and p95 of `SQLiteSearch.search` over a list of queries.

    .venv/bin/python bench/search.py --db STORE [--queries bench/search_queries.json] [--rounds 5]

Each query and each of its spelling variants runs `--rounds` times for articles, events and
storylines (first ten, with snippets); the first round warms the page cache and is not counted.
Prints the figures and the command that made them. Not a test: timings on a shared machine vary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from marsad.search import parse_query
from marsad.store.sqlite_search import SQLiteSearch

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "search_queries.json")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text(encoding="utf-8"))["queries"]
    texts = [t for q in queries for t in [q["query"], *q["variants"]]]
    texts += ["السعودية", "عدن from:2015-07-25 to:2015-07-31", "الحوثيين OR صالح -تعز",
              "outlet:sabq الرياض"]
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    with SQLiteSearch(args.db) as index:
        n = index.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        print(f"store: {args.db} ({n:,} articles); {len(texts)} queries x 3 kinds")
        for kind in ("articles", "events", "storylines"):
            times: list[float] = []
            for rnd in range(args.rounds):
                for text in texts:
                    t0 = time.perf_counter()
                    index.search(parse_query(text), kind, 10)  # type: ignore[arg-type]
                    if rnd:
                        times.append(time.perf_counter() - t0)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"{kind:>10}: median {1000 * statistics.median(times):.1f} ms, "
                  f"p95 {1000 * p95:.1f} ms, max {1000 * times[-1]:.1f} ms ({len(times)} runs)")


if __name__ == "__main__":
    main()
