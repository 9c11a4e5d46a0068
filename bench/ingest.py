"""Ingest throughput and memory on SaudiNewsNet: files to stored events and storylines.

    .venv/bin/python bench/ingest.py [--data ../shared/data/saudinewsnet] [--db /tmp/bench.db]

Runs the ingest twice on a fresh store: the first run stores everything, the second must add
nothing. Prints articles/s, peak RSS and the second run's share of the first run's time. Between
the two, the extraction stage (names, entities, dates, quotes) runs on every original and is timed
on its own (`--no-extract` to skip it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import marsad

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker process, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/saudinewsnet")
    parser.add_argument("--db", type=Path, default=None, help="store to create (default: temp)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--no-extract", action="store_true", help="skip the extraction stage")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.zip"))
    if not files:
        sys.exit(f"no SaudiNewsNet day files in {args.data}")
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if db.exists():
        sys.exit(f"{db} exists: the benchmark needs a fresh store")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"input: {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")
    options = {} if args.workers is None else {"workers": args.workers}
    with marsad.open(db, **options) as obs:
        t0 = time.perf_counter()
        first = obs.ingest(files)
        t1 = time.perf_counter() - t0
        stats = obs.stats()
        extracted = None if args.no_extract else obs.extract()
        stats = obs.stats()
        t0 = time.perf_counter()
        second = obs.ingest(files)
        t2 = time.perf_counter() - t0
        after = obs.stats()
    total = first.stored + len(first.rejections) + first.already_stored
    print(f"first run: {total:,} articles in: {first.stored:,} stored, "
          f"{len(first.rejections):,} rejected, {first.already_stored:,} repeated in the input; "
          f"{t1:.1f} s = {total / t1:,.0f} articles/s")
    print(f"  in the store: exact copies {stats['exact_duplicates']:,}, "
          f"near copies {stats['near_duplicates']:,}, events {stats['events']:,}, "
          f"storylines {stats['storylines']:,}")
    if extracted is not None:
        print(f"extraction: {extracted.articles:,} originals in {extracted.seconds:.1f} s = "
              f"{extracted.rate:,.0f} articles/s: {stats['entities']:,} entities, "
              f"{stats['mentions']:,} mentions, {stats['quotes']:,} quotes, "
              f"{stats['time_expressions']:,} temporal expressions")
    print(f"second run: {second.stored:,} stored, {second.already_stored:,} already stored, "
          f"{t2:.1f} s = {100 * t2 / t1:.0f}% of the first run; store unchanged: {after == stats}")
    own, child = peak_rss_mb()
    print(f"peak RSS: {own:,.0f} MB (main process), {child:,.0f} MB (largest worker), "
          f"{own + child:,.0f} MB together at most")
    print(f"store: {db} ({db.stat().st_size / 1e6:,.0f} MB)")


if __name__ == "__main__":
    main()
