"""The default store: one SQLite file, schema versioned by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.errors import NotFoundError, StoreError
from marsad.model import Article, BatchWrite, Candidate, Event, Group, Storyline
from marsad.store import codec, sqlite_search
from marsad.store.base import Store
from marsad.store.lock import WriterLock
from marsad.store.sqlite_errors import store_error, translate_errors
from marsad.store.sqlite_findings import FindingsTables
from marsad.store.sqlite_open import connect_reader, connect_writer
from marsad.store.sqlite_open import migrations as migrations  # re-exported

_CHUNK = 900  # stay under SQLite's limit on bound parameters


def _chunks(seq: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), _CHUNK):
        yield seq[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


@translate_errors(Store)
class SQLiteStore(FindingsTables, Store):
    """Store in one SQLite file (WAL journal; each batch one transaction).

    Opened for writing (`write=True`), it holds the store's writer lock until closed, creating
    and migrating the file as needed; a second writer waits up to `lock_timeout` seconds, then
    StoreError names the holder. Opened for reading, it needs an existing store, never creates a
    file and takes no lock (an old schema is migrated under the writer lock, then read).
    Every sqlite3 error leaving a method is a StoreError naming the file.
    """

    def __init__(self, path: str | Path, *, write: bool = True, lock_timeout: float = 10.0,
                 command: str | None = None) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory: give a file path for the database")
        self._lock = WriterLock(self.path, command or _this_program())
        try:
            if write:
                self._lock.acquire(lock_timeout)
                self.db = connect_writer(self.path, lock_timeout)
            else:
                self.db = connect_reader(self.path, self._lock, lock_timeout)
        except sqlite3.Error as exc:
            self._lock.release()
            raise store_error(exc, self.path) from exc
        except BaseException:
            self._lock.release()
            raise

    # --- ingest-time reads ----------------------------------------------------------------
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for part in _chunks(list(ids)):
            rows = self.db.execute(f"SELECT id FROM articles WHERE id IN ({_marks(len(part))})",
                                   part)
            out.update(r[0] for r in rows)
        return out

    _CAND = ("SELECT id, duplicate_of, published, event_id, n_shingles, signature, exact_key, "
             "truncated "
             "FROM articles")

    @staticmethod
    def _candidate(row: Any) -> Candidate:
        return Candidate(id=row["id"], original_id=row["duplicate_of"],
                         published=codec.parse_ts(row["published"]), event_id=row["event_id"],
                         n_shingles=row["n_shingles"], signature=codec.sig_array(row["signature"]),
                         truncated=bool(row["truncated"]))

    def exact_candidates(self, keys: Sequence[int]) -> dict[int, Candidate]:
        out: dict[int, Candidate] = {}
        for part in _chunks(sorted(set(keys))):
            sql = f"{self._CAND} WHERE exact_key IN ({_marks(len(part))}) ORDER BY seq DESC"
            for row in self.db.execute(sql, part):
                out[row["exact_key"]] = self._candidate(row)  # the earliest stored wins
        return out

    def near_candidates(self, keys: Sequence[int]) -> dict[str, Candidate]:
        out: dict[str, Candidate] = {}
        for part in _chunks(sorted(set(keys))):
            sql = (f"{self._CAND} WHERE seq IN (SELECT article_seq FROM lsh "
                   f"WHERE key IN ({_marks(len(part))}))")
            for row in self.db.execute(sql, part):
                out[row["id"]] = self._candidate(row)
        return out

    def line_counts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], int]:
        out: dict[tuple[str, int], int] = {}
        by_outlet: dict[str, list[int]] = {}
        for outlet, key in set(pairs):
            by_outlet.setdefault(outlet, []).append(key)
        for outlet, keys in by_outlet.items():
            for part in _chunks(keys):
                sql = (f"SELECT key, n FROM outlet_lines WHERE outlet = ? "
                       f"AND key IN ({_marks(len(part))})")
                for key, n in self.db.execute(sql, [outlet, *part]):
                    out[(outlet, key)] = n
        return out

    def group_ids(self, level: str, lo: datetime | None, hi: datetime | None,
                  recent: int) -> list[str]:
        ids: list[str] = []
        if lo is not None and hi is not None:
            ids += [r[0] for r in self.db.execute(
                "SELECT id FROM groups WHERE level = ? AND end >= ? AND start <= ?",
                (level, codec.ts(lo), codec.ts(hi)))]
        ids += [r[0] for r in self.db.execute(
            "SELECT id FROM groups WHERE level = ? ORDER BY updated_seq DESC LIMIT ?",
            (level, recent))]
        ids += [r[0] for r in self.db.execute(
            "SELECT id FROM groups WHERE level = ? AND end IS NULL ORDER BY updated_seq DESC "
            "LIMIT ?", (level, recent))]
        return list(dict.fromkeys(ids))

    def load_groups(self, ids: Sequence[str]) -> list[Group]:
        out: list[Group] = []
        for part in _chunks(list(ids)):
            rows = self.db.execute(f"SELECT * FROM groups WHERE id IN ({_marks(len(part))})",
                                   part)
            out += [codec.group_from(r) for r in rows]
        return out

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    # --- the one write path -----------------------------------------------------------------
    def write(self, batch: BatchWrite) -> None:
        now = codec.ts(datetime.now(UTC).replace(tzinfo=None))
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            seq0 = db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            self._write_articles(batch, now)
            for rp in batch.repoints:
                db.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?",
                           (rp.new, rp.old))
                db.execute("UPDATE articles SET duplicate_of = ?, duplicate_kind = ?, "
                           "duplicate_similarity = ? WHERE id = ?",
                           (rp.new, rp.kind, round(rp.similarity, 4), rp.old))
            for gone, keep in batch.merged_groups:
                db.execute("UPDATE groups SET parent_id = ? WHERE parent_id = ?", (keep, gone))
                db.execute("DELETE FROM groups WHERE id = ?", (gone,))
            self._write_groups(batch.groups, seq0)
            db.executemany(
                "INSERT INTO outlet_lines(outlet, key, n) VALUES (?, ?, ?) "
                "ON CONFLICT(outlet, key) DO UPDATE SET n = n + excluded.n",
                [(o, k, n) for (o, k), n in batch.line_counts.items()])
            if batch.doc_freq is not None:
                db.execute("INSERT OR REPLACE INTO state(name, value) VALUES ('doc_freq', ?)",
                           (batch.doc_freq,))
            db.executemany("INSERT INTO rejections(origin, reason, at) VALUES (?, ?, ?) "
                           "ON CONFLICT(origin, reason) DO UPDATE SET at = excluded.at",
                           [(r.origin, r.reason, now) for r in batch.rejections])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _write_articles(self, batch: BatchWrite, now: str | None) -> None:
        rows = []
        for a in batch.articles:
            fp = batch.fingerprints[a.id]
            row = codec.article_row(a)
            row.update(exact_key=fp.exact_key, n_shingles=fp.n_shingles,
                       signature=codec.sig_blob(fp.signature), ingested_at=now)
            rows.append(row)
        if not rows:
            return
        cols = list(rows[0])
        self.db.executemany(
            f"INSERT INTO articles({','.join(cols)}) VALUES ({','.join(':' + c for c in cols)})",
            rows)
        seqs = dict(self.db.execute(
            f"SELECT id, seq FROM articles WHERE seq > (SELECT MAX(seq) FROM articles) - {len(rows)}"
        ).fetchall())
        self.db.executemany("INSERT OR IGNORE INTO lsh(key, article_seq) VALUES (?, ?)",
                            [(k, seqs[a.id]) for a in batch.articles
                             for k in batch.fingerprints[a.id].band_keys])
        # Search index (issue 13): the articles' search keys, in this same transaction.
        sqlite_search.index_articles(self.db, batch.articles, seqs, batch.search_docs)

    def _write_groups(self, groups: list[Group], seq: int) -> None:
        rows = [codec.group_row(g) | {"updated_seq": seq} for g in groups]
        if not rows:
            return
        cols = list(rows[0])
        updates = ",".join(f"{c} = excluded.{c}" for c in cols if c != "id")
        self.db.executemany(
            f"INSERT INTO groups({','.join(cols)}) VALUES ({','.join(':' + c for c in cols)}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}", rows)

    # --- user-facing reads ------------------------------------------------------------------
    _ARTICLE = ("SELECT a.*, g.parent_id AS storyline_id FROM articles a "
                "LEFT JOIN groups g ON g.id = a.event_id")

    def articles(self, *, event_id: str | None = None, originals_only: bool = False,
                 limit: int | None = None) -> Iterator[Article]:
        where, args = [], []
        if event_id is not None:
            where.append("a.event_id = ?")
            args.append(event_id)
        if originals_only:
            where.append("a.duplicate_of IS NULL")
        sql = self._ARTICLE + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY a.seq" + (f" LIMIT {int(limit)}" if limit else "")
        for row in self.db.execute(sql, args):
            yield codec.article_from(row)

    def article(self, id_: str) -> Article:
        row = self.db.execute(self._ARTICLE + " WHERE a.id = ?", (id_,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {id_}")
        return codec.article_from(row)

    def _members(self, column: str, value: str, table: str, order: str) -> list[str]:
        sql = f"SELECT id FROM {table} WHERE {column} = ? ORDER BY {order}"
        return [r[0] for r in self.db.execute(sql, (value,))]

    def events(self, *, storyline_id: str | None = None, min_size: int = 1,
               limit: int | None = None) -> Iterator[Event]:
        sql = "SELECT * FROM groups WHERE level = 'event' AND size >= ?"
        args: list[Any] = [min_size]
        if storyline_id is not None:
            sql += " AND parent_id = ?"
            args.append(storyline_id)
        sql += " ORDER BY size DESC, start, id" + (f" LIMIT {int(limit)}" if limit else "")
        for row in self.db.execute(sql, args).fetchall():
            yield codec.event_from(row, self._members("event_id", row["id"], "articles",
                                                      "published, seq"))

    def storylines(self, *, min_events: int = 1, limit: int | None = None) -> Iterator[Storyline]:
        sql = ("SELECT s.*, (SELECT COUNT(*) FROM groups e WHERE e.parent_id = s.id) AS n_events "
               "FROM groups s WHERE s.level = 'storyline' AND n_events >= ? "
               "ORDER BY n_events DESC, s.size DESC, s.start, s.id"
               + (f" LIMIT {int(limit)}" if limit else ""))
        for row in self.db.execute(sql, (min_events,)).fetchall():
            yield codec.storyline_from(row, self._members("parent_id", row["id"], "groups",
                                                          "start, id"))

    def event(self, id_: str) -> Event:
        row = self.db.execute("SELECT * FROM groups WHERE id = ? AND level = 'event'",
                              (id_,)).fetchone()
        if row is None:
            raise NotFoundError(f"no event with id {id_}")
        return codec.event_from(row, self._members("event_id", id_, "articles", "published, seq"))

    def storyline(self, id_: str) -> Storyline:
        row = self.db.execute("SELECT * FROM groups WHERE id = ? AND level = 'storyline'",
                              (id_,)).fetchone()
        if row is None:
            raise NotFoundError(f"no storyline with id {id_}")
        return codec.storyline_from(row, self._members("parent_id", id_, "groups", "start, id"))

    def resolve(self, prefix: str) -> tuple[str, str]:
        prefix = prefix.strip()
        if len(prefix) < 4:
            raise NotFoundError(f"id '{prefix}' is too short: give at least 4 characters")
        like = prefix.replace("%", "").replace("_", "") + "%"
        hits = [("article", r[0]) for r in self.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (like,))]
        hits += [(r[1], r[0]) for r in self.db.execute(
            "SELECT id, level FROM groups WHERE id LIKE ? LIMIT 2", (like,))]
        exact = [h for h in hits if h[1] == prefix]
        if exact:
            return exact[0]
        if not hits:
            raise NotFoundError(f"no article, event or storyline has an id starting with {prefix}")
        if len(hits) > 1:
            raise NotFoundError(f"id prefix {prefix} is ambiguous: give more characters")
        return hits[0]

    def stats(self) -> dict[str, int]:
        one = lambda sql: int(self.db.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "exact_duplicates": one(
                "SELECT COUNT(*) FROM articles WHERE duplicate_kind = 'exact'"),
            "near_duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_kind = 'near'"),
            "events": one("SELECT COUNT(*) FROM groups WHERE level = 'event'"),
            "storylines": one("SELECT COUNT(*) FROM groups WHERE level = 'storyline'"),
            "rejections": one("SELECT COUNT(*) FROM rejections"),
        } | self.extraction_stats()

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._lock.release()


def _this_program() -> str:
    """How a writer that did not name itself (marsad.open) is shown to the writers it keeps
    waiting: the script's name."""
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c") else "python"
    return f"{script} (marsad.open)"
