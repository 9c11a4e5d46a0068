"""Bytes each ingest batch writes to the store, and the share of the document frequencies (issue 13).

    .venv/bin/python bench/docfreq_bytes.py --data DIR [--no-doc-freq] [--db PATH]

Ingests the SaudiNewsNet day files in DIR into a fresh SQLite store with the WAL's automatic
checkpoint off, so that the WAL's growth over one batch's transaction is what that batch wrote
(every page it changed, once, plus SQLite's 24-byte frame headers). Prints, per batch, the
articles stored, the WAL growth, and the document-frequency payload the batch carried: the bytes of
the whole snapshot (a store before issue 13) or the delta's rows (after). `--no-doc-freq` writes
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
    with marsad.open(db) as obs:
        store: Any = obs._store
        store.db.execute("PRAGMA wal_autocheckpoint=0")
        write = store.write

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

        store.write = measured
        report = obs.ingest(files)
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
    print(f"{report.stored:,} articles stored in {len(rows)} writes; page size {page}")
    print("batch  articles  WAL bytes  snapshot bytes  delta rows")
    for i, (n, grown, blob, delta) in enumerate(rows, 1):
        print(f"{i:5d}  {n:8d}  {grown:9,d}  {blob:14,d}  {delta:10,d}")
    full = [r for r in rows if r[0]]
    print(f"total WAL bytes {sum(r[1] for r in rows):,}; per batch with articles: mean "
          f"{sum(r[1] for r in full) / len(full):,.0f}, last {full[-1][1]:,}; snapshot bytes "
          f"mean {sum(r[2] for r in full) / len(full):,.0f}, last {full[-1][2]:,}; delta rows "
          f"mean {sum(r[3] for r in full) / len(full):,.0f}, last {full[-1][3]:,}")


if __name__ == "__main__":
    main()
