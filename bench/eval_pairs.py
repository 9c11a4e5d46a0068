"""Events and storylines against the blind pairs of bench/blind (issue 12): pair F1 with bootstrap
intervals, and the one-parameter baseline (a TF-IDF cosine threshold tuned on the dev pairs).

    .venv/bin/python bench/eval_pairs.py --db STORE [--split dev|test|all] [--show]

STORE holds the SaudiNewsNet days that are not held out, ingested by marsad (`marsad ingest
DAY.zip … --no-extract`; bench/blind/README.md). A pair counts as predicted "same event" when
marsad put its two articles in one event (a copy is in its original's event), "same storyline"
when in one storyline. Gold: event for events; event or story for storylines. Figures are given
for all pairs, for pairs published less than two days apart, and for pairs two or more days apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "bench" / "blind"
BOOTSTRAP = 1000


def gold_pairs(split: str, set_: int = 1) -> list[dict]:
    """The labelled pairs of a split (odd pair numbers dev, even test) of blind set 1 or 2."""
    labels: dict[int, str] = {}
    folder = BLIND / "labels" if set_ == 1 else BLIND / "labels" / f"set{set_}"
    for path in sorted(folder.glob("pairs_batch_[0-9]*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                number, label, *_ = line.split("\t")
                labels[int(number)] = label.strip()
    pairs = []
    name = "pairs.jsonl" if set_ == 1 else f"pairs{set_}.jsonl"
    for line in (BLIND / name).read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        if split == "all" or (pair["pair"] % 2 == 1) == (split == "dev"):
            pairs.append(pair | {"label": labels[pair["pair"]]})
    return pairs


def story_pairs() -> list[dict]:
    """The corpus storyline pairs of bench/blind/story_pairs1.jsonl with their readers' labels
    (pairs a store put in one storyline but different events; labels/story1/)."""
    labels: dict[int, str] = {}
    for path in sorted((BLIND / "labels" / "story1").glob("batch_[0-9]*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                number, label, *_ = line.split("\t")
                labels[int(number)] = label.strip()
    pairs = [json.loads(line) for line in
             (BLIND / "story_pairs1.jsonl").read_text(encoding="utf-8").splitlines()]
    return [p | {"label": labels[p["pair"]]} for p in pairs if p["pair"] in labels]


def score_story_pairs(pairs: Sequence[dict], where: dict[str, tuple[str | None, str | None]]
                      ) -> None:
    """Of the labelled corpus pairs, how many a grouping keeps in one storyline, and how many of
    those are truly one story (a precision estimate for changes that split storylines)."""
    together = [p for p in pairs if where[p["a"]["url"]][1] is not None
                and where[p["a"]["url"]][1] == where[p["b"]["url"]][1]]
    good = [p for p in together if p["label"] in ("event", "story")]
    all_good = sum(p["label"] in ("event", "story") for p in pairs)
    print(f"corpus storyline pairs: {len(together)} of {len(pairs)} kept in one storyline; "
          f"{len(good)} of them one story (P {len(good) / max(1, len(together)):.3f}); "
          f"one-story pairs kept {len(good)} of {all_good}")


def groups_of(db: Path, pairs: Sequence[dict]) -> dict[str, tuple[str | None, str | None]]:
    """(event id, storyline id) of each article url of the pairs, as the store has them."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out: dict[str, tuple[str | None, str | None]] = {}
    for pair in pairs:
        for side in ("a", "b"):
            url = pair[side]["url"]
            row = con.execute("SELECT a.event_id, g.parent_id FROM articles a LEFT JOIN groups g "
                              "ON g.id = a.event_id WHERE a.url = ? AND a.outlet = ? "
                              "ORDER BY a.seq LIMIT 1", (url, pair[side]["outlet"])).fetchone()
            out[url] = (row[0], row[1]) if row else (None, None)
    return out


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def interval(gold: Sequence[bool], pred: Sequence[bool], seed: int = 0) -> tuple[float, float]:
    """95 % bootstrap interval of F1 (pairs resampled with replacement)."""
    rng = random.Random(seed)
    n = len(gold)
    scores = []
    for _ in range(BOOTSTRAP):
        idx = [rng.randrange(n) for _ in range(n)]
        scores.append(prf([gold[i] for i in idx], [pred[i] for i in idx])[2])
    scores.sort()
    return scores[int(0.025 * BOOTSTRAP)], scores[int(0.975 * BOOTSTRAP) - 1]


def report(name: str, pairs: Sequence[dict], is_gold: Callable[[dict], bool],
           predict: Callable[[dict], bool]) -> None:
    for part, keep in (("all", lambda p: True), ("<2 days", lambda p: p["days_apart"] < 2),
                       ("≥2 days", lambda p: p["days_apart"] >= 2)):
        chosen = [p for p in pairs if keep(p)]
        gold = [is_gold(p) for p in chosen]
        pred = [predict(p) for p in chosen]
        p, r, f = prf(gold, pred)
        lo, hi = interval(gold, pred)
        print(f"{name:<22} {part:<8} n={len(chosen):>3} gold+={sum(gold):>3} pred+={sum(pred):>3}"
              f"  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  [{lo:.3f}, {hi:.3f}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--set", type=int, choices=(1, 2, 3), default=1, dest="set_",
                    help="blind set: 1 and 2 (development since their tests were scored) or 3")
    ap.add_argument("--story-pairs", action="store_true",
                    help="also the labelled corpus storyline pairs (story_pairs1.jsonl)")
    ap.add_argument("--show", action="store_true", help="list the pairs marsad gets wrong")
    ap.add_argument("--corpus", action="store_true",
                    help="the whole store: group sizes, spans, the ten largest events and "
                         "storylines (no pairs scored)")
    ap.add_argument("--sample", type=int, default=0, metavar="N",
                    help="with --corpus, N random pairs of originals in one storyline but "
                         "different events, to read (seed 12)")
    args = ap.parse_args()
    if args.corpus:
        corpus(args.db, args.sample)
        return
    pairs = gold_pairs(args.split, args.set_)
    print(f"command: python bench/eval_pairs.py --db {args.db} --split {args.split} "
          f"--set {args.set_}")
    score(pairs, groups_of(args.db, pairs), args.show)
    if args.story_pairs:
        story = story_pairs()
        score_story_pairs(story, groups_of(args.db, story))


def corpus(db: Path, sample: int = 0) -> None:
    """Print the whole-store picture of events and storylines (articles counted with copies)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT a.id, a.event_id, g.parent_id, a.published, a.title, a.outlet, "
                       "a.duplicate_of FROM articles a JOIN groups g ON g.id = a.event_id"
                       ).fetchall()
    titles = dict(con.execute("SELECT id, title FROM groups"))
    print(f"command: python bench/eval_pairs.py --db {db} --corpus --sample {sample}")
    for level, col in (("events", 1), ("storylines", 2)):
        members: dict[str, list[tuple]] = {}
        for r in rows:
            members.setdefault(r[col], []).append(r)
        sizes = sorted((len(v) for v in members.values()), reverse=True)
        n = len(rows)
        print(f"{level}: {len(members)} for {n} articles; singletons "
              f"{sum(x == 1 for x in sizes)}; ≥50 articles: {sum(x >= 50 for x in sizes)}; "
              f"the ten largest hold {sum(sizes[:10]) / n:.1%}")
        for gid, arts in sorted(members.items(), key=lambda kv: -len(kv[1]))[:10]:
            days = sorted(r[3][:10] for r in arts if r[3])
            span = f"{days[0]}..{days[-1]}" if days else "undated"
            print(f"  {len(arts):>5} articles {span}: {(titles.get(gid) or '')[:70]}")
    if sample:
        rng = random.Random(12)
        originals = [r for r in rows if r[6] is None]
        by_story: dict[str, list[tuple]] = {}
        for r in originals:
            by_story.setdefault(r[2], []).append(r)
        pool = [r for r in originals if len({x[1] for x in by_story[r[2]]}) > 1]
        print(f"\n{sample} random pairs in one storyline, different events (seed 12):")
        for k in range(sample):
            a = rng.choice(pool)
            b = rng.choice([x for x in by_story[a[2]] if x[1] != a[1]])
            print(f"{k + 1:>2}. [{a[3][:10]} {a[5]}] {a[4]}\n    [{b[3][:10]} {b[5]}] {b[4]}")


def _above(pair: dict, threshold: float) -> bool:
    return bool(pair["cosine"] >= threshold)


def score(pairs: Sequence[dict], where: dict[str, tuple[str | None, str | None]],
          show: bool = False) -> None:
    """Print the figures of events, storylines and the baseline; with `show`, the pairs wrong."""
    missing = [p["pair"] for p in pairs if where[p["a"]["url"]][0] is None
               or where[p["b"]["url"]][0] is None]
    print(f"{len(pairs)} pairs; articles not in the store: {len(missing)} pairs {missing[:10]}")
    pairs = [p for p in pairs if p["pair"] not in missing]

    def same(level: int) -> Callable[[dict], bool]:
        return lambda p: where[p["a"]["url"]][level] == where[p["b"]["url"]][level]

    report("events", pairs, lambda p: p["label"] == "event", same(0))
    report("storylines", pairs, lambda p: p["label"] != "unrelated", same(1))
    for threshold in (0.3, 0.4, 0.5):
        report(f"baseline cos≥{threshold} ev", pairs, lambda p: p["label"] == "event",
               partial(_above, threshold=threshold))
    if show:
        for p in pairs:
            ev, st = same(0)(p), same(1)(p)
            if (p["label"] == "event") != ev or (p["label"] != "unrelated") != st:
                print(f"pair {p['pair']:>3} gold {p['label']:<9} marsad event={ev} story={st} "
                      f"cos={p['cosine']} days={p['days_apart']}: {p['a']['title'][:50]} | "
                      f"{p['b']['title'][:50]}")

if __name__ == "__main__":
    main()
