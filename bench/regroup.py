"""Group again, in memory, the articles of a store: a fast loop for tuning stories/ (issue 12).

    .venv/bin/python bench/regroup.py --db /tmp/eval/snn13.db [--split dev] [--show] [--corpus]

Reads the stored articles in ingestion order (their copies as the store linked them), computes
their features once (cached next to the store as STORE.features.pkl), and runs marsad's Grouper
over batches of 500 against an in-memory index, as `marsad ingest` would. Then scores the blind
pairs (bench/eval_pairs.py) and, with --corpus, prints the whole-corpus picture. Cleaning and
deduplication are not redone, so the figures approximate a fresh ingest's; confirm with one.
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_pairs

from marsad.model import Article, Group, Match
from marsad.stories import Grouper, GroupingParams

BATCH = 500


class MemoryIndex:
    """The three reads grouping makes of a store, over groups kept in memory."""

    def __init__(self) -> None:
        self.groups: dict[str, Group] = {}
        self.updated: dict[str, int] = {}
        self.moved: dict[str, str] = {}
        self.clock = 0

    def group_ids(self, level: str, lo: datetime | None, hi: datetime | None,
                  recent: int) -> list[str]:
        mine = [g for g in self.groups.values() if g.level == level]
        ids = []
        if lo is not None and hi is not None:
            ids += [g.id for g in mine if g.end is not None and g.start is not None
                    and g.end >= lo and g.start <= hi]
        by_time = sorted(mine, key=lambda g: -self.updated[g.id])
        ids += [g.id for g in by_time[:recent]]
        return list(dict.fromkeys(ids))

    def load_groups(self, ids: Sequence[str]) -> list[Group]:
        return [self.groups[i] for i in ids if i in self.groups]

    def doc_freq(self) -> None:
        return None  # nothing counted yet: the Grouper keeps its counts in memory

    def write(self, changed: Sequence[Group], merged: Sequence[tuple[str, str]]) -> None:
        self.clock += 1
        for gone, keep in merged:
            self.groups.pop(gone, None)
            self.moved[gone] = keep
        for g in changed:
            self.groups[g.id] = g
            self.updated[g.id] = self.clock

    def storyline(self, sid: str | None) -> str | None:
        while sid in self.moved:
            sid = self.moved[sid]
        return sid


def load(db: Path) -> tuple[list[Article], dict[str, str], dict[str, list[str]]]:
    """Articles in ingestion order, the copy links, and each article's feature tokens."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT id, outlet, url, title, published, clean_text, duplicate_of "
                       "FROM articles ORDER BY seq").fetchall()
    arts = [Article(id=r[0], text="", clean_text=r[5], origin="", outlet=r[1], url=r[2],
                    title=r[3], published=datetime.fromisoformat(r[4]) if r[4] else None)
            for r in rows]
    dup = {r[0]: r[6] for r in rows if r[6]}
    cache = db.with_name(db.name + ".features.pkl")
    if cache.exists():
        feats = pickle.loads(cache.read_bytes())
    else:
        from marsad.arabic import normalize, words
        from marsad.extract import name_features
        from marsad.stories import feature_tokens
        feats = {}
        for a in arts:
            head = a.title or " ".join(a.clean_text.strip().split("\n", 1)[0].split()[:30])
            feats[a.id] = feature_tokens(normalize(a.title or ""), words(normalize(a.clean_text)),
                                         name_features(head))
        cache.write_bytes(pickle.dumps(feats))
    return arts, dup, feats


def regroup(arts: list[Article], dup: dict[str, str], feats: dict[str, list[str]],
            params: GroupingParams) -> tuple[dict[str, str], dict[str, str | None], MemoryIndex]:
    """Each article's event, and each event's storyline."""
    index = MemoryIndex()
    grouper = Grouper(index, params)  # type: ignore[arg-type]
    event_of: dict[str, str] = {}
    first_of: dict[str, str] = {}  # copy cluster root -> its first article seen
    for start in range(0, len(arts), BATCH):
        batch = arts[start:start + BATCH]
        matches = {}
        for a in batch:
            root = dup.get(a.id, a.id)
            if root in first_of:
                m = first_of[root]
                matches[a.id] = Match(m, None, "near", 1.0, event_of.get(m))
            else:
                first_of[root] = a.id
        got = grouper.group(batch, matches, feats)
        event_of.update(got.event_of)
        index.write(got.changed, got.merged)
    story_of = {eid: index.storyline(g.parent_id) for eid, g in index.groups.items()
                if g.level == "event"}
    return event_of, story_of, index


def corpus(event_of: dict[str, str], story_of: dict[str, str | None], index: MemoryIndex,
           arts: list[Article]) -> None:
    """Group sizes, spans and the ten largest events and storylines."""
    when = {a.id: a.published for a in arts}
    for level, key in (("event", lambda a: event_of[a]), ("storyline",
                                                        lambda a: story_of[event_of[a]])):
        members: dict[str | None, list[str]] = {}
        for a in event_of:
            members.setdefault(key(a), []).append(a)
        sizes = sorted((len(v) for v in members.values()), reverse=True)
        n = len(event_of)
        print(f"{level}s: {len(members)}; singletons {sum(s == 1 for s in sizes)}; "
              f"largest 10 hold {sum(sizes[:10]) / n:.1%} of {n} articles; "
              f"≥50 articles: {sum(s >= 50 for s in sizes)}")
        top = sorted(members.items(), key=lambda kv: -len(kv[1]))[:10]
        for gid, ids in top:
            days = [d for i in ids if (d := when[i]) is not None]
            span = (max(days) - min(days)).days if days else 0
            g = index.groups.get(gid or "")
            print(f"  {len(ids):>5} articles, {span:>2} days: {((g.title if g else None) or '')[:70]}")


def _param(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    if value.lower() == "none":
        return name, None
    if value.endswith("d"):
        return name, timedelta(days=float(value[:-1]))
    if value.endswith("h"):
        return name, timedelta(hours=float(value[:-1]))
    return name, (int(value) if value.isdigit() else float(value))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--split", choices=("dev", "test", "all", "halves"), default="dev",
                    help="halves: all pairs, then the odd (dev) and even (test) halves")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--corpus", action="store_true")
    ap.add_argument("--dump", type=Path, help="write article -> (event, storyline) as a pickle")
    ap.add_argument("--sets", type=lambda v: [int(x) for x in v.split(",")], default=[1],
                    help="blind sets to score, e.g. 1,2 (default 1)")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="override a GroupingParams field (a number, 'none', or '3d' for days)")
    args = ap.parse_args()
    arts, dup, feats = load(args.db)
    t = time.perf_counter()
    params = replace(GroupingParams(), **dict(map(_param, args.param)))
    event_of, story_of, index = regroup(arts, dup, feats, params)
    print(f"grouped {len(arts)} articles in {time.perf_counter() - t:.1f} s")
    by_url = {(a.url, a.outlet): a.id for a in reversed(arts)}
    where: dict[str, tuple[str | None, str | None]] = {}
    splits = ("all", "dev", "test") if args.split == "halves" else (args.split,)
    for set_, split in [(n, sp) for n in args.sets for sp in splits]:
        pairs = eval_pairs.gold_pairs(split, set_)
        for p in pairs:
            for side in ("a", "b"):
                aid = by_url.get((p[side]["url"], p[side]["outlet"]))
                where[p[side]["url"]] = ((event_of[aid], story_of[event_of[aid]]) if aid
                                         else (None, None))
        print(f"-- set {set_} {split}")
        eval_pairs.score(pairs, where, args.show and split == splits[0])
    story = eval_pairs.story_pairs()
    for p in story:
        for side in ("a", "b"):
            aid = by_url.get((p[side]["url"], p[side]["outlet"]))
            where[p[side]["url"]] = ((event_of[aid], story_of[event_of[aid]]) if aid
                                     else (None, None))
    if story:
        eval_pairs.score_story_pairs(story, where)
    if args.corpus:
        corpus(event_of, story_of, index, arts)
    if args.dump:
        args.dump.write_bytes(pickle.dumps({a: (e, story_of[e]) for a, e in event_of.items()}))


if __name__ == "__main__":
    main()
