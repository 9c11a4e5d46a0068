"""Bytes each ingest batch writes to the store, and the share of the document frequencies (issue 13).

    .venv/bin/python bench/docfreq_bytes.py --data DIR [--no-doc-freq] [--db PATH]

Ingests the SaudiNewsNet day files in DIR into a fresh SQLite store with the WAL's automatic
checkpoint off, so that the WAL's growth over one batch's transaction is what that batch wrote
(every page it changed, once, plus SQLite's 24-byte frame headers). Prints, per batch, the
articles stored, the WAL growth, and the document-frequency payload the batch carried: the bytes of
the whole snapshot (a store before issue 13) or the delta's columns (after); with the base and log
layout, also what the batch wrote of them: the bytes of the row it appended to the log, or of the
new base when it folded the log (marked *), and the log's rows after it. `--no-doc-freq` writes
every batch without its document frequencies: the difference with a normal run is their share of
the WAL. Works on the code before and after issue 13 (run it with the older source on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import marsad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--db", type=Path, default=None, help="store to create (default: temp)")
    parser.add_argument("--no-doc-freq", action="store_true",
                        help="write no document frequencies (the baseline of their share)")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.zip"))
    db = args.db or Path(tempfile.mkdtemp()) / "bytes.db"
    if db.exists():
        sys.exit(f"{db} exists: give a fresh store")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"marsad from {Path(marsad.__file__).parent}")
    wal = Path(str(db) + "-wal")
    rows: list[tuple[int, int, int, int]] = []
    logged: list[tuple[int, bool, int]] = []  # (bytes written to base or log, folded, log rows)
    with marsad.open(db) as obs:
        store: Any = obs._store
        store.db.execute("PRAGMA wal_autocheckpoint=0")
        write = store.write
        has_log = store.db.execute("SELECT COUNT(*) FROM sqlite_master "
                                   "WHERE name = 'doc_freq_log'").fetchone()[0] > 0

        def measured(batch: Any) -> None:
            if args.no_doc_freq:
                batch = replace(batch, doc_freq=None)
            before = wal.stat().st_size if wal.exists() else 0
            write(batch)
            grown = wal.stat().st_size - before
            df = batch.doc_freq
            blob = len(df) if isinstance(df, bytes) else 0
            delta = len(df.cols) if df is not None and not isinstance(df, bytes) else 0
            rows.append((len(batch.articles), grown, blob, delta))
            if has_log:
                base = store.db.execute("SELECT COALESCE(SUM(length(cols) + length(counts)), 0) "
                                        "FROM doc_freq_base").fetchone()[0]
                n_log, last = store.db.execute(
                    "SELECT COUNT(*), COALESCE((SELECT length(cols) + length(counts) FROM "
                    "doc_freq_log ORDER BY seq DESC LIMIT 1), 0) FROM doc_freq_log").fetchone()
                folded = delta > 0 and n_log == 0
                logged.append((base if folded else last if delta else 0, folded, n_log))

        store.write = measured
        report = obs.ingest(files)
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
    print(f"{report.stored:,} articles stored in {len(rows)} writes; page size {page}")
    print("batch  articles  WAL bytes  snapshot bytes  delta cols" + (
        "  base/log bytes  log rows" if logged else ""))
    for i, (n, grown, blob, delta) in enumerate(rows, 1):
        line = f"{i:5d}  {n:8d}  {grown:9,d}  {blob:14,d}  {delta:10,d}"
        if logged:
            size, folded, n_log = logged[i - 1]
            line += f"  {size:13,d}{'*' if folded else ' '}  {n_log:8d}"
        print(line)
    full = [r for r in rows if r[0]]
    print(f"total WAL bytes {sum(r[1] for r in rows):,}; per batch with articles: mean "
          f"{sum(r[1] for r in full) / len(full):,.0f}, last {full[-1][1]:,}; snapshot bytes "
          f"mean {sum(r[2] for r in full) / len(full):,.0f}, last {full[-1][2]:,}; delta rows "
          f"mean {sum(r[3] for r in full) / len(full):,.0f}, last {full[-1][3]:,}")
    if logged:
        appended = [size for size, folded, _ in logged if size and not folded]
        bases = [size for size, folded, _ in logged if folded]
        print(f"base/log bytes written: mean {sum(s for s, _, _ in logged) / len(full):,.0f} a "
              f"batch; {len(appended)} rows appended (mean {sum(appended) / max(len(appended), 1):,.0f}"
              f"), {len(bases)} folds (bases of {', '.join(f'{b:,}' for b in bases)})")


if __name__ == "__main__":
    main()
