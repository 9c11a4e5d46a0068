"""The SQLite store's tables of what extraction finds: entities, their names, mentions, quotes
and temporal expressions (schema 0002)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from marsad.errors import NotFoundError
from marsad.model import Article, Entity, EntityType, ExtractWrite, Findings, Quote, TimeExpression
from marsad.store import codec


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT OR REPLACE INTO {table}({','.join(columns)}) VALUES ({_marks(len(columns))})"


class FindingsTables:
    """Extraction reads and writes, mixed into SQLiteStore (which owns `db`)."""

    db: sqlite3.Connection

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

    # --- user-facing reads ------------------------------------------------------------------
    def _forms(self, id_: str) -> dict[str, int]:
        return dict(self.db.execute(
            "SELECT surface, n FROM entity_forms WHERE entity_id = ? ORDER BY n DESC, surface",
            (id_,)).fetchall())

    def entities(self, *, type_: EntityType | None = None, limit: int | None = None
                 ) -> Iterator[Entity]:
        sql = "SELECT * FROM entities WHERE mentions > 0"
        args: list[Any] = []
        if type_ is not None:
            sql += " AND type = ?"
            args.append(type_.value)
        sql += " ORDER BY mentions DESC, id" + (f" LIMIT {int(limit)}" if limit else "")
        for row in self.db.execute(sql, args).fetchall():
            yield codec.entity_from(row, self._forms(row["id"]))

    def entity(self, id_: str) -> Entity:
        row = self.db.execute("SELECT * FROM entities WHERE id = ?", (id_,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity with id {id_}")
        return codec.entity_from(row, self._forms(id_))

    def entity_ids_for_keys(self, keys: Sequence[str]) -> list[str]:
        ids: list[str] = []
        for key in keys:
            rows = self.db.execute(
                "SELECT k.entity_id FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
                "WHERE k.key = ? OR k.key LIKE ? ESCAPE '\\' GROUP BY k.entity_id "
                "ORDER BY MIN(k.key = ?) DESC, MAX(e.mentions) DESC",
                (key, "% " + _like(key), key))
            ids += [r[0] for r in rows]
        return list(dict.fromkeys(ids))

    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        rows = self.db.execute(
            "SELECT m.article_id, a.event_id, g.parent_id, COUNT(*) AS n FROM mentions m "
            "JOIN articles a ON a.id = m.article_id LEFT JOIN groups g ON g.id = a.event_id "
            "WHERE m.entity_id = ? GROUP BY m.article_id ORDER BY a.seq", (id_,)).fetchall()
        out: dict[str, dict[str, int]] = {"articles": {}, "events": {}, "storylines": {}}
        for article_id, event_id, storyline_id, n in rows:
            out["articles"][article_id] = n
            for level, gid in (("events", event_id), ("storylines", storyline_id)):
                if gid is not None:
                    out[level][gid] = out[level].get(gid, 0) + n
        return out

    def top_entities(self, article_ids: Sequence[str], limit: int = 10
                     ) -> list[tuple[Entity, int]]:
        rows = self.db.execute(
            "SELECT entity_id, COUNT(*) AS n FROM mentions WHERE entity_id IS NOT NULL AND "
            "article_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id "
            "ORDER BY n DESC, entity_id LIMIT ?", (_json_list(article_ids), limit)).fetchall()
        return [(self.entity(r["entity_id"]), r["n"]) for r in rows]

    def findings(self, article_id: str) -> Findings | None:
        if self.db.execute("SELECT 1 FROM extracted WHERE article_id = ?",
                           (article_id,)).fetchone() is None:
            return None
        rows = self.db.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY part, start",
                               (article_id,)).fetchall()
        return Findings(
            article_id,
            [codec.mention_from(r) for r in rows if r["part"] == "title"],
            [codec.mention_from(r) for r in rows if r["part"] == "text"],
            [t for _, t in self.time_expressions([article_id])],
            [q for _, q in self.quotes(article_ids=[article_id])])

    def quotes(self, *, entity_id: str | None = None, article_ids: Sequence[str] | None = None,
               limit: int | None = None) -> Iterator[tuple[str, Quote]]:
        where, args = [], []
        if entity_id is not None:
            where.append("q.entity_id = ?")
            args.append(entity_id)
        if article_ids is not None:
            where.append("q.article_id IN (SELECT value FROM json_each(?))")
            args.append(_json_list(article_ids))
        sql = ("SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY a.seq, q.start" + (f" LIMIT {int(limit)}" if limit else ""))
        for row in self.db.execute(sql, args).fetchall():
            yield row["article_id"], codec.quote_from(row)

    def time_expressions(self, article_ids: Sequence[str]) -> Iterator[tuple[str, TimeExpression]]:
        rows = self.db.execute(
            "SELECT t.* FROM time_expressions t JOIN articles a ON a.id = t.article_id "
            "WHERE t.article_id IN (SELECT value FROM json_each(?)) ORDER BY a.seq, t.start",
            (_json_list(article_ids),)).fetchall()
        for row in rows:
            yield row["article_id"], codec.time_from(row)

    def extraction_stats(self) -> dict[str, int]:
        one = lambda sql: int(self.db.execute(sql).fetchone()[0])  # noqa: E731
        return {"extracted": one("SELECT COUNT(*) FROM extracted"),
                "extraction_failures": one("SELECT COUNT(*) FROM extraction_failures"),
                "entities": one("SELECT COUNT(*) FROM entities WHERE mentions > 0"),
                "mentions": one("SELECT COUNT(*) FROM mentions"),
                "quotes": one("SELECT COUNT(*) FROM quotes"),
                "time_expressions": one("SELECT COUNT(*) FROM time_expressions")}


def _json_list(values: Sequence[str]) -> str:
    """A list of ids as one bound parameter (read back with json_each): no limit on how many."""
    return json.dumps(list(values))


def _like(text: str) -> str:
    """Text matched literally by LIKE … ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
