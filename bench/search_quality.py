"""Search quality on a store: the twenty queries of bench/search_queries.json (written before any
result was seen). Checks that every spelling variant of a query returns the same first ten, and
prints each query's first ten titles for judging by reading (judgements: search_judgements.tsv,
whose precision@10 is printed when present).

    .venv/bin/python bench/search_quality.py --db STORE [--quiet]

Exit status 1 when a variant's first ten differ. Not a test: it needs a store of SaudiNewsNet.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from marsad.search import parse_query
from marsad.store.sqlite_search import SQLiteSearch

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def first_ten(index: SQLiteSearch, text: str) -> list[tuple[str, str]]:
    return [(h.id, h.title or "") for h in index.search(parse_query(text), "articles", 10).hits]


def judgements(path: Path) -> dict[tuple[str, str], int]:
    """(query id, article id) -> 1 relevant, 0 not, from the TSV (query, article, relevant)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#")]
    return {(r[0], r[1]): int(r[2]) for r in rows[1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--quiet", action="store_true", help="no titles, only the checks")
    args = parser.parse_args()
    queries = json.loads((BENCH / "search_queries.json").read_text(encoding="utf-8"))["queries"]
    judged = judgements(BENCH / "search_judgements.tsv")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    unequal, precisions = 0, []
    with SQLiteSearch(args.db) as index:
        for q in queries:
            top = first_ten(index, q["query"])
            differ = [v for v in q["variants"] if first_ten(index, v) != top]
            unequal += bool(differ)
            total = index.search(parse_query(q["query"]), "articles", 1).total
            same = "same first ten for every variant" if not differ else f"DIFFER: {differ}"
            print(f"\n{q['id']} {q['query']} ({q['about']}): {total:,} articles; {same}")
            marks = [judged.get((q["id"], art)) for art, _ in top]
            if top and all(m is not None for m in marks):
                precisions.append(sum(m or 0 for m in marks) / len(top))
                print(f"  precision@10 {precisions[-1]:.1f}")
            if not args.quiet:
                for n, (art, title) in enumerate(top, 1):
                    print(f"  {n:>2}. {art} {title[:100]}")
    print(f"\nvariant equality: {len(queries) - unequal} of {len(queries)} queries")
    if precisions:
        print(f"mean precision@10 over {len(precisions)} judged queries: "
              f"{sum(precisions) / len(precisions):.2f}")
    sys.exit(1 if unequal else 0)


if __name__ == "__main__":
    main()
