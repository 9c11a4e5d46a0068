"""The write side of the SQLite store: the copy index, the grouping state, the entity state, and
one transaction per batch (articles, groups, findings). `SQLiteStore` (store.sqlite) opens the
connection and holds the writer lock; this class only runs the statements."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from marsad.model import (
    Article,
    BatchWrite,
    Candidate,
    Entity,
    EntityType,
    ExtractWrite,
    Group,
)
from marsad.store import codec, codec_groups, sqlite_search
from marsad.store.sqlite_doc_freq import add_doc_freq, read_doc_freq
from marsad.store.sqlite_query import chunks, marks
from marsad.store.write import Writer

if TYPE_CHECKING:
    import numpy as np


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT OR REPLACE INTO {table}({','.join(columns)}) VALUES ({marks(len(columns))})"


class SQLiteWriter(Writer):
    """The Writer of a SQLite store (mixed into SQLiteStore, which owns `db`)."""

    db: sqlite3.Connection

    # --- ingest-time reads ----------------------------------------------------------------
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for part in chunks(list(ids)):
            rows = self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks(len(part))})",
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
                         n_shingles=row["n_shingles"], signature=codec_groups.sig_array(row["signature"]),
                         truncated=bool(row["truncated"]))

    def exact_candidates(self, keys: Sequence[int]) -> dict[int, Candidate]:
        out: dict[int, Candidate] = {}
        for part in chunks(sorted(set(keys))):
            sql = f"{self._CAND} WHERE exact_key IN ({marks(len(part))}) ORDER BY seq DESC"
            for row in self.db.execute(sql, part):
                out[row["exact_key"]] = self._candidate(row)  # the earliest stored wins
        return out

    def near_candidates(self, keys: Sequence[int]) -> dict[str, Candidate]:
        out: dict[str, Candidate] = {}
        for part in chunks(sorted(set(keys))):
            sql = (f"{self._CAND} WHERE seq IN (SELECT article_seq FROM lsh "
                   f"WHERE key IN ({marks(len(part))}))")
            for row in self.db.execute(sql, part):
                out[row["id"]] = self._candidate(row)
        return out

    def line_counts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], int]:
        out: dict[tuple[str, int], int] = {}
        by_outlet: dict[str, list[int]] = {}
        for outlet, key in set(pairs):
            by_outlet.setdefault(outlet, []).append(key)
        for outlet, keys in by_outlet.items():
            for part in chunks(keys):
                sql = (f"SELECT key, n FROM outlet_lines WHERE outlet = ? "
                       f"AND key IN ({marks(len(part))})")
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
        for part in chunks(list(ids)):
            rows = self.db.execute(f"SELECT * FROM groups WHERE id IN ({marks(len(part))})",
                                   part)
            out += [codec_groups.group_from(r) for r in rows]
        return out

    def doc_freq(self) -> tuple[np.ndarray, np.ndarray, int]:
        return read_doc_freq(self.db)

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
                add_doc_freq(db, batch.doc_freq.cols, batch.doc_freq.counts,
                             batch.doc_freq.n_docs)
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
                       signature=codec_groups.sig_blob(fp.signature), ingested_at=now)
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
        rows = [codec_groups.group_row(g) | {"updated_seq": seq} for g in groups]
        if not rows:
            return
        cols = list(rows[0])
        updates = ",".join(f"{c} = excluded.{c}" for c in cols if c != "id")
        self.db.executemany(
            f"INSERT INTO groups({','.join(cols)}) VALUES ({','.join(':' + c for c in cols)}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}", rows)

    def extraction_queue(self, after: int, limit: int) -> list[tuple[int, Article]]:
        rows = self.db.execute(
            "SELECT a.*, NULL AS storyline_id FROM articles a WHERE a.seq > ? "
            "AND a.duplicate_of IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM extracted x WHERE x.article_id = a.id) "
            "AND NOT EXISTS (SELECT 1 FROM extraction_failures f WHERE f.article_id = a.id) "
            "ORDER BY a.seq LIMIT ?", (after, limit))
        return [(row["seq"], codec.article_from(row)) for row in rows]

    def extraction_backlog(self) -> int:
        return int(self.db.execute(
            "SELECT COUNT(*) FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM extracted x WHERE x.article_id = a.id) AND NOT EXISTS "
            "(SELECT 1 FROM extraction_failures f WHERE f.article_id = a.id)").fetchone()[0])

    def entity_state(self) -> tuple[list[Entity], list[tuple[EntityType, str, str]]]:
        forms: dict[str, dict[str, int]] = {}
        for entity_id, surface, n in self.db.execute(
                "SELECT entity_id, surface, n FROM entity_forms"):
            forms.setdefault(entity_id, {})[surface] = n
        entities = [codec.entity_from(row, forms.get(row["id"], {}))
                    for row in self.db.execute("SELECT * FROM entities ORDER BY rowid")]
        keys = [(EntityType(t), k, e) for t, k, e in self.db.execute(
            "SELECT type, key, entity_id FROM entity_keys ORDER BY rowid")]
        return entities, keys

    def write_extraction(self, batch: ExtractWrite) -> None:
        now = codec.ts(datetime.now(UTC).replace(tzinfo=None))
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            self._write_entities(batch)
            for f in batch.findings:
                db.executemany(_insert("mentions", ("article_id", "part", "start", "end",
                                                    "surface", "type", "entity_id")),
                               [codec.mention_row(f.article_id, "title", m)
                                for m in f.title_mentions]
                               + [codec.mention_row(f.article_id, "text", m) for m in f.mentions])
                db.executemany(_insert("quotes", codec.QUOTE_COLUMNS),
                               [codec.quote_row(f.article_id, q) for q in f.quotes])
                db.executemany(_insert("time_expressions", codec.TIME_COLUMNS),
                               [codec.time_row(f.article_id, t) for t in f.dates])
            db.executemany("INSERT OR REPLACE INTO extracted(article_id, at) VALUES (?, ?)",
                           [(f.article_id, now) for f in batch.findings])
            db.executemany("INSERT OR REPLACE INTO extraction_failures(article_id, reason, at) "
                           "VALUES (?, ?, ?)", [(i, why, now) for i, why in batch.failures])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def reset_extraction(self) -> None:
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            for table in ("mentions", "quotes", "time_expressions", "entity_forms", "entity_keys",
                          "entities", "extracted", "extraction_failures"):
                db.execute(f"DELETE FROM {table}")  # fixed table names, not input
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _write_entities(self, batch: ExtractWrite) -> None:
        rows = [codec.entity_row(e) for e in batch.entities]
        if rows:
            cols = list(rows[0])
            updates = ",".join(f"{c} = excluded.{c}" for c in cols if c != "id")
            self.db.executemany(
                f"INSERT INTO entities({','.join(cols)}) VALUES "
                f"({','.join(':' + c for c in cols)}) ON CONFLICT(id) DO UPDATE SET {updates}",
                rows)
        self.db.executemany(
            "INSERT OR REPLACE INTO entity_forms(entity_id, surface, n) VALUES (?, ?, ?)",
            [(e.id, s, n) for e in batch.entities for s, n in e.surface_forms.items()])
        self.db.executemany(
            "INSERT OR IGNORE INTO entity_keys(type, key, entity_id) VALUES (?, ?, ?)",
            [(t.value, k, e) for t, k, e in batch.keys])
