"""The grouping stage's document frequencies in a SQLite store (issue 13): a base snapshot plus an
append-only log of what each batch added, so that a batch writes only new pages.

Layout (schema 5, `sql/0005_doc_freq.sql`): `doc_freq_base`, at most one row, and
`doc_freq_log`, one row per batch since the base was made; each row holds a number of documents
and sparse counts, the hashed columns (ascending) and in how many of those documents each is.
The stored document frequencies are the base plus the sum of the log.

Encoding of a row's two blobs: the columns as their gaps (the first from 0), the counts as they
are, each an array of little-endian uint32 whose four byte planes are laid one after the other
(the high planes are nearly all zero) and then zlib-compressed: about 1.5 bytes a column, where a
NumPy .npz of int32 arrays takes 2.5.

A batch appends one row, in its own transaction. When the log would hold more than `LOG_ROWS`
rows, or more bytes than the base, that batch instead folds the log and its own counts into a new
base and deletes the log rows, in the same transaction: what is read at start-up stays bounded
(the base and at most `LOG_ROWS` rows), and the bytes written stay within about twice what the
deltas take (a base of B bytes is rewritten only after the log has taken B bytes since).
"""

from __future__ import annotations

import io
import sqlite3
import zlib
from typing import Any

import numpy as np

from marsad.errors import StoreError

LOG_ROWS = 32  # the log is folded into the base when it would hold more rows than this
DENSE = 2**24  # columns below this are summed in a dense array (grouping's space is 2^20)

Counts = tuple[np.ndarray, np.ndarray, int]  # columns (int64, ascending), counts (int64), docs


def _planes(values: np.ndarray) -> bytes:
    return zlib.compress(np.ascontiguousarray(
        values.astype("<u4").view(np.uint8).reshape(-1, 4).T).tobytes(), 6)


def _unplanes(blob: bytes) -> np.ndarray:
    raw = np.frombuffer(zlib.decompress(blob), dtype=np.uint8)
    if raw.size % 4:
        raise ValueError(f"{raw.size} bytes is not a whole number of uint32")
    return np.ascontiguousarray(raw.reshape(4, -1).T).view("<u4").ravel().astype(np.int64)


def encode(cols: Any, counts: Any) -> tuple[bytes, bytes]:
    """The two blobs of sparse counts (columns ascending, no repeats, each < 2^32)."""
    gaps = np.diff(np.asarray(cols, dtype=np.int64), prepend=0)
    counts = np.asarray(counts, dtype=np.int64)
    if gaps.size != counts.size or (gaps.size and (gaps[0] < 0 or (gaps[1:] <= 0).any())):
        raise ValueError("sparse counts need ascending columns, one count each")
    return _planes(gaps), _planes(counts)


def decode(cols: bytes, counts: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The columns and counts of two blobs made by `encode`."""
    c, n = np.cumsum(_unplanes(bytes(cols))), _unplanes(bytes(counts))
    if c.size != n.size:
        raise ValueError(f"{c.size} columns but {n.size} counts")
    return c, n


def _damaged(exc: Exception) -> StoreError:
    return StoreError("the document frequencies of grouping cannot be read "
                      f"({type(exc).__name__}: {exc}); ingest again into a new store")


def _sum(parts: list[Counts]) -> Counts:
    """The sum of sparse counts."""
    n_docs = sum(p[2] for p in parts)
    cols = np.concatenate([np.zeros(0, np.int64), *(p[0] for p in parts)])
    counts = np.concatenate([np.zeros(0, np.int64), *(p[1] for p in parts)])
    if not cols.size:
        return cols, counts, int(n_docs)
    if cols.max() < DENSE:  # the hashed space of grouping: one pass, no sort
        dense = np.bincount(cols, weights=counts)  # float64: exact below 2^53
        out = np.flatnonzero(dense)
        return out, dense[out].astype(np.int64), int(n_docs)
    out, where = np.unique(cols, return_inverse=True)
    summed = np.bincount(where.ravel(), weights=counts, minlength=out.size)
    return out, summed.astype(np.int64), int(n_docs)


def read_doc_freq(db: sqlite3.Connection) -> Counts:
    """The stored document frequencies: the base plus the sum of the log."""
    rows = [*db.execute("SELECT n_docs, cols, counts FROM doc_freq_base"),
            *db.execute("SELECT n_docs, cols, counts FROM doc_freq_log ORDER BY seq")]
    try:
        return _sum([(*decode(r[1], r[2]), int(r[0])) for r in rows])
    except (zlib.error, ValueError) as exc:
        raise _damaged(exc) from exc


def _fold(db: sqlite3.Connection, extra: Counts) -> None:
    """Write the base plus the log plus `extra` as the new base; empty the log."""
    cols, counts, n_docs = _sum([read_doc_freq(db), extra])
    db.execute("INSERT OR REPLACE INTO doc_freq_base(id, n_docs, cols, counts) "
               "VALUES (1, ?, ?, ?)", (n_docs, *encode(cols, counts)))
    db.execute("DELETE FROM doc_freq_log")


def add_doc_freq(db: sqlite3.Connection, cols: Any, counts: Any, n_docs: int) -> bool:
    """Add one batch's counts (columns ascending) and number of documents, inside the caller's
    transaction: one row appended to the log, or, when the log is due to be folded, a new base.
    Returns whether the log was folded."""
    cols, counts = np.asarray(cols, dtype=np.int64), np.asarray(counts, dtype=np.int64)
    if not cols.size and not n_docs:
        return False
    blobs = encode(cols, counts)
    rows, logged = db.execute("SELECT COUNT(*), COALESCE(SUM(length(cols) + length(counts)), 0) "
                              "FROM doc_freq_log").fetchone()
    base = db.execute("SELECT length(cols) + length(counts) FROM doc_freq_base").fetchone()
    if rows + 1 > LOG_ROWS or logged + len(blobs[0]) + len(blobs[1]) > (base[0] if base else 0):
        _fold(db, (cols, counts, int(n_docs)))
        return True
    db.execute("INSERT INTO doc_freq_log(n_docs, cols, counts) VALUES (?, ?, ?)",
               (int(n_docs), *blobs))
    return False


def convert_doc_freq_blob(db: sqlite3.Connection) -> int:
    """A store written before schema 5 holds its document frequencies as one compressed snapshot
    (the row 'doc_freq' of state: zlib of a NumPy .npz with `idx`, the columns, `df`, their
    counts, and `n`, the number of documents). Make it the base (with whatever else is stored,
    normally nothing) and delete it, in one transaction: once, since the snapshot is gone after.
    The caller holds the writer lock. Returns the number of columns converted (0: no snapshot)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute("SELECT value FROM state WHERE name = 'doc_freq'").fetchone()
        if row is None:
            db.execute("COMMIT")
            return 0
        try:
            with np.load(io.BytesIO(zlib.decompress(bytes(row[0])))) as data:
                cols, counts, n_docs = data["idx"], data["df"], int(data["n"][0])
            order = np.argsort(cols, kind="stable")
            _fold(db, (np.asarray(cols, np.int64)[order], np.asarray(counts, np.int64)[order],
                       n_docs))
        except (zlib.error, ValueError, KeyError, OSError, IndexError) as exc:
            raise StoreError("the document frequencies kept by an older marsad cannot be read "
                             f"({type(exc).__name__}: {exc})") from exc
        db.execute("DELETE FROM state WHERE name = 'doc_freq'")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return len(cols)
