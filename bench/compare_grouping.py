"""Where two groupings of the same articles differ: pairs of originals put in one event by one
store and not by the other, with a random sample of each kind to read one by one.

    .venv/bin/python bench/compare_grouping.py --before /tmp/before.db --after /tmp/after.db

Both stores must hold the same input (e.g. bench/ingest.py run twice with a setting changed).
A change that groups better turns more of "only after" into true pairs than it loses true pairs
from "only before"; the counts alone do not say that, reading the samples does.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

Info = dict[str, tuple[str, str, str]]


def pairs(db: Path) -> tuple[set[tuple[str, str]], Info]:
    """Pairs of originals sharing an event, and each article's outlet, day and title."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    members: dict[str, list[str]] = defaultdict(list)
    info: Info = {}
    for id_, event, copy_of, outlet, published, title in conn.execute(
            "SELECT id, event_id, duplicate_of, outlet, published, title FROM articles"):
        if copy_of is None:
            members[event].append(id_)
        info[id_] = (outlet or "", (published or "")[:10], " ".join((title or "").split()))
    out = {p for ids in members.values() for p in itertools.combinations(sorted(ids), 2)}
    return out, info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--n", type=int, default=15, help="pairs to show of each kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for db in (args.before, args.after):
        if not db.exists():
            sys.exit(f"{db}: no such store")
    before, info = pairs(args.before)
    after, _ = pairs(args.after)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"pairs of originals in one event: before {len(before):,}, after {len(after):,}; "
          f"only before {len(before - after):,}, only after {len(after - before):,}")
    rng = random.Random(args.seed)
    for name, only in (("only after (joined by the change)", after - before),
                       ("only before (split by the change)", before - after)):
        print(f"\n== {name}")
        for i, (a, b) in enumerate(rng.sample(sorted(only), min(args.n, len(only))), 1):
            print(f"{i:2}. {' · '.join(info[a])}\n    {' · '.join(info[b])}")


if __name__ == "__main__":
    main()
