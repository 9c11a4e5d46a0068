"""Hostile inputs, the long run: every reader's cases of tests/test_hostile_readers.py with deeper
nesting, more cuts and many random byte flips (seeded), each ingested into a real SQLite store by
a child process limited to 1.5 GB of address space.

    .venv/bin/python bench/hostile.py [--seed 20261203] [--flips 150] [--cuts 60] [--deep 100000]

Prints, per reader and in all: cases, cases that stored an article, cases rejected by name, cases
that ended in notices only, crashes (the child died: the case is reported and the run goes on),
unexpected errors (a reader's bug caught by the guard), the store's integrity check, the peak RSS
of the children and the slowest case. Not a test: it runs for minutes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

LIMIT = 1_500_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--flips", type=int, default=150, help="byte-flipped copies per reader")
    parser.add_argument("--cuts", type=int, default=60, help="cut offsets per sound input")
    parser.add_argument("--deep", type=int, default=100_000, help="nesting of HTML and XML cases")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.skip)
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="marsad-hostile-") as tmp:
        totals: Counter[str] = Counter()
        slowest = (0.0, "")
        for reader in readers():
            counts, slow = run_reader(reader, Path(tmp), args)
            peak = max(totals["peak_rss_mb"], counts["peak_rss_mb"])
            totals += counts
            totals["peak_rss_mb"] = peak
            slowest = max(slowest, slow)
            print(line(reader, counts), flush=True)
        print(line("all", totals))
    print(f"slowest case: {slowest[1]} ({slowest[0]:.1f} s); run time {time.perf_counter() - started:.0f} s")
    print("command: .venv/bin/python bench/hostile.py " + " ".join(
        f"--{k} {getattr(args, k)}" for k in ("seed", "flips", "cuts", "deep")))


def readers() -> tuple[str, ...]:
    import test_hostile_readers as h
    return h.READERS


def build(reader: str, args: argparse.Namespace) -> list[tuple[str, bytes]]:
    """The cases of one reader: the suite's own, more cuts of its sound input, and flips."""
    import test_hostile_readers as h
    h.DEEP = args.deep
    cases = h.CASES[reader]()
    sound = h.sound(reader)
    name = h.SOUND[reader]
    cases += h.cuts(f"long-{name}", sound.data, args.cuts)
    cases += h.flips(name, sound.data, args.flips, seed=args.seed)
    return [(c.name, c.data) for c in cases]


def run_reader(reader: str, tmp: Path, args: argparse.Namespace
               ) -> tuple[Counter[str], tuple[float, str]]:
    folder = tmp / reader
    folder.mkdir()
    cases = build(reader, args)
    for name, data in cases:
        (folder / name).write_bytes(data)
    db = tmp / f"{reader}.db"
    counts: Counter[str] = Counter(cases=len(cases))
    slowest, done = (0.0, ""), 0
    while done < len(cases):
        results, crashed = run_child(folder, db, done)
        for result in results:
            counts[result["outcome"]] += 1
            if result["outcome"] == "notices_only":
                print(f"  notices only: {reader}/{result['case']}", flush=True)
            counts["unexpected"] += result["unexpected"]
            slowest = max(slowest, (result["seconds"], f"{reader}/{result['case']}"))
        done += len(results)
        if crashed is not None:
            counts["crashes"] += 1
            print(f"  crash: {reader}/{crashed}", flush=True)
            done += 1
    counts["integrity_failures"] += integrity(db) != "ok"
    counts["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return counts, slowest


def run_child(folder: Path, db: Path, skip: int) -> tuple[list[dict[str, object]], str | None]:
    """The results of the cases from `skip` on, and the case the child died in (or None)."""
    proc = subprocess.run([sys.executable, __file__, "--child", str(folder), str(db),
                           "--skip", str(skip)], capture_output=True, text=True,
                          preexec_fn=_limited, check=False)
    results, current = [], None
    for raw in proc.stdout.splitlines():
        record = json.loads(raw)
        if "start" in record:
            current = record["start"]
        else:
            results.append(record)
            current = None
    if proc.returncode != 0 and current is None:
        current = f"(after the last case: exit {proc.returncode}) {proc.stderr[-300:]}"
    return results, current if proc.returncode != 0 else None


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def child(folder: Path, db: Path, skip: int) -> None:
    """Ingest each case alone, printing one JSON line before (start) and after (result)."""
    import marsad
    from marsad.sources import UNEXPECTED

    with marsad.open(db, workers=0, extract=False) as obs:
        warm = folder.parent / f"warm-{folder.name}.txt"  # load the tables before timing cases
        warm.write_text("قال رئيس الوزراء إن بلاده قد تنسحب من المنظمة.", encoding="utf-8")
        obs.ingest([warm])
        for path in sorted(folder.iterdir())[skip:]:
            print(json.dumps({"start": path.name}), flush=True)
            began = time.perf_counter()
            report = obs.ingest([path])
            articles = report.stored + report.already_stored
            outcome = ("stored" if articles else "rejected" if report.rejections
                       else "notices_only")
            print(json.dumps({"case": path.name, "outcome": outcome,
                              "unexpected": sum(r.reason.startswith(UNEXPECTED)
                                                for r in report.rejections),
                              "seconds": time.perf_counter() - began}), flush=True)


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def line(label: str, c: Counter[str]) -> str:
    return (f"{label:13} cases {c['cases']:5}  stored {c['stored']:5}  rejected {c['rejected']:5}  "
            f"notices only {c['notices_only']:4}  crashes {c['crashes']}  unexpected "
            f"{c['unexpected']}  integrity failures {c['integrity_failures']}  "
            f"peak RSS {c['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
