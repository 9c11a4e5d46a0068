"""Draw pairs of articles that a store puts in one storyline but in different events (issue 12).

    .venv/bin/python bench/blind/draw_story_pairs.py --db STORE --seed 31 --n 120 --out DIR

The corpus-wide check of storyline precision: of such pairs, how many are truly one story?
Pairs are drawn as `eval_pairs.py --corpus --sample` draws them (an original article at random
among those whose storyline holds more than one event, then another original of that storyline
in another event), with a recorded seed. Writes DIR/pairs.jsonl (the pairs, by URL and outlet,
so that any other grouping of the same articles can be checked against the labels) and
DIR/batch_K.txt for readers (outlet, date, title and lead of each side; no group ids, nothing
of marsad's output). The texts stay out of the repository (SaudiNewsNet is not ours to copy).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from pathlib import Path

LEAD = 350  # characters of cleaned text shown after the title


def draw(db: Path, n: int, seed: int) -> list[dict]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT a.id, a.event_id, g.parent_id, a.published, a.title, a.outlet, "
                       "a.url, a.clean_text FROM articles a JOIN groups g ON g.id = a.event_id "
                       "WHERE a.duplicate_of IS NULL ORDER BY a.seq").fetchall()
    by_story: dict[str, list[tuple]] = {}
    for r in rows:
        by_story.setdefault(r[2], []).append(r)
    pool = [r for r in rows if len({x[1] for x in by_story[r[2]]}) > 1]
    rng = random.Random(seed)
    seen: set[frozenset[str]] = set()
    pairs: list[dict] = []
    while len(pairs) < n:
        a = rng.choice(pool)
        b = rng.choice([x for x in by_story[a[2]] if x[1] != a[1]])
        key = frozenset((a[0], b[0]))
        if key in seen:
            continue
        seen.add(key)
        pairs.append({"pair": len(pairs) + 1, "a": _side(a), "b": _side(b)})
    return pairs


def _side(r: tuple) -> dict:
    lead = " ".join((r[7] or "").split())[:LEAD]
    return {"url": r[6], "outlet": r[5], "published": r[3], "title": r[4] or "", "lead": lead}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--batch", type=int, default=60)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    pairs = draw(args.db, args.n, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "pairs.jsonl", "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps({"pair": p["pair"], **{s: {k: p[s][k] for k in ("url", "outlet")}
                                                      for s in ("a", "b")}},
                               ensure_ascii=False) + "\n")
    for k in range(0, len(pairs), args.batch):
        with open(args.out / f"batch_{k // args.batch + 1}.txt", "w", encoding="utf-8") as f:
            for p in pairs[k:k + args.batch]:
                f.write(f"PAIR {p['pair']}\n")
                for s in ("a", "b"):
                    d = p[s]
                    f.write(f"  {s.upper()}: [{d['outlet']}, {(d['published'] or '')[:10]}] "
                            f"{d['title']}\n     {d['lead']}\n")
                f.write("\n")
    print(f"{len(pairs)} pairs (seed {args.seed}) written to {args.out}")


if __name__ == "__main__":
    main()
