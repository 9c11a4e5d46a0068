"""Print a random sample of events of two or more articles, for a person to judge by reading.

    .venv/bin/python bench/sample_events.py --db STORE [--n 20] [--seed 0]

Each event is shown with its articles (outlet, date, copy mark, title). The reader decides for
each event whether its articles report one happening; bench/RESULTS.md records the verdicts.
"""

from __future__ import annotations

import argparse
import random

import marsad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with marsad.open(args.db, readonly=True) as obs:
        events = sorted(obs.events(min_size=2), key=lambda e: e.id)
        print(f"{len(events):,} events of two or more articles; sample of {args.n} "
              f"(seed {args.seed})")
        for n, event in enumerate(random.Random(args.seed).sample(events, args.n), start=1):
            print(f"\n{n:2}. {event.id} · {event.size} articles")
            for a in obs.articles(event_id=event.id):
                mark = "copy" if a.duplicate_of else "    "
                day = a.published.strftime("%Y-%m-%d") if a.published else "undated"
                print(f"    {a.outlet or '?':12} {day} {mark} {(a.title or '')[:90]}")


if __name__ == "__main__":
    main()
