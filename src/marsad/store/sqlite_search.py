"""Search in the SQLite store: the FTS5 index `article_search` (sql/0004_search.sql), written
with the articles, and the queries that read it (full text, counts over time, co-occurrence).

Ranking is FTS5's BM25 with the title weighing TITLE_WEIGHT times the text. Events and
storylines are ranked through their articles: the BM25 scores of their matching articles
(copies included: coverage counts) are summed, and the best of those articles gives the snippet.
Every grouping is done by SQL, one statement per answer, never one per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from marsad.arabic import normalize, normalize_small, words
from marsad.errors import QueryError
from marsad.search.keys import index_document
from marsad.search.query import Query
from marsad.search.results import Hit, SearchPage
from marsad.search.snippets import marked, snippet
from marsad.store.lock import WriterLock
from marsad.store.search_base import By, Count, Kind, Named, SearchIndex
from marsad.store.sqlite_errors import translate_errors
from marsad.store.sqlite_open import connect_reader

TITLE_WEIGHT = 4.0
MAX_LIMIT = 1_000
_BACKFILL_CHUNK = 2_000
_RANK = f"bm25(article_search, {TITLE_WEIGHT}, 1.0)"


# --- writing --------------------------------------------------------------------------------

def document(title: str | None, text: str) -> tuple[str, str]:
    """The indexed form of an article: the search keys of its title and of its cleaned text."""
    return index_document(normalize(title or ""), words(normalize(text)))


def index_articles(db: sqlite3.Connection, articles: Iterable[Any], seqs: Mapping[str, int],
                   made: Mapping[str, tuple[str, str]] | None = None) -> None:
    """Index stored articles (anything with id, title and clean_text) under their seq, in the
    caller's transaction; `made` holds the documents the ingest workers already made."""
    made = made or {}
    db.executemany("INSERT INTO article_search(rowid, title, body) VALUES (?, ?, ?)",
                   [(seqs[a.id], *(made.get(a.id) or document(a.title, a.clean_text)))
                    for a in articles])


def backfill(db: sqlite3.Connection) -> int:
    """Index the articles a store made before the index holds (sql/0004 marks such a store),
    a chunk per transaction so that an interrupted run goes on where it stopped; the caller
    holds the writer lock. Returns the number of articles indexed."""
    done = 0
    while (row := db.execute("SELECT value FROM state WHERE name = 'search_backfill'").fetchone()):
        after = int(row[0] or 0)
        rows = db.execute("SELECT seq, title, clean_text FROM articles WHERE seq > ? ORDER BY seq "
                          "LIMIT ?", (after, _BACKFILL_CHUNK)).fetchall()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO article_search(rowid, title, body) VALUES (?, ?, ?)",
                           [(seq, *document(title, text)) for seq, title, text in rows])
            if rows:
                db.execute("UPDATE state SET value = ? WHERE name = 'search_backfill'",
                           (rows[-1][0],))
            else:
                db.execute("DELETE FROM state WHERE name = 'search_backfill'")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done += len(rows)
    return done


def reindex(db: sqlite3.Connection) -> int:
    """Build the index again from every stored article (after an upgrade of the search keys);
    the caller holds the writer lock. Returns the number of articles indexed."""
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO article_search(article_search) VALUES ('delete-all')")
    db.execute("INSERT OR REPLACE INTO state(name, value) VALUES ('search_backfill', 0)")
    db.execute("COMMIT")
    return backfill(db)


# --- reading --------------------------------------------------------------------------------

@translate_errors(SearchIndex)
class SQLiteSearch(SearchIndex):
    """Search over one SQLite store, opened for reading (see sqlite_open.connect_reader)."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        lock = WriterLock(self.path, "marsad search (a reader upgrading the schema)")
        try:
            self.db = connect_reader(self.path, lock, lock_timeout)
        except sqlite3.Error as exc:
            from marsad.store.sqlite_errors import store_error

            raise store_error(exc, self.path) from exc

    def search(self, query: Query, kind: Kind = "articles", limit: int = 10,
               offset: int = 0) -> SearchPage:
        limit, offset = _page(limit, offset)
        if kind == "articles":
            hits, total = self._articles(query, limit, offset)
        else:
            hits, total = self._groups(query, kind, limit, offset)
        return SearchPage(query.text, kind, total, offset, limit, hits, complete=self._complete())

    def counts(self, query: Query, by: By = "day", storyline: str | None = None) -> list[Count]:
        cte, sel, args = self._selection(query, originals=False)
        if storyline is not None:
            sel += (" AND a.event_id IN (SELECT id FROM groups WHERE level = 'event' "
                    "AND parent_id = ?)")
            args.append(self._storyline(storyline))
        key = "COALESCE(substr(a.published, 1, 10), 'undated')" if by == "day" else (
            "COALESCE(a.outlet, '')")
        order = "key" if by == "day" else "n DESC, key"
        rows = self.db.execute(f"{cte} SELECT {key} AS key, COUNT(*) AS n {sel} GROUP BY key "
                               f"ORDER BY {order}", args).fetchall()
        return [Count(r["key"], r["n"]) for r in rows]

    def cooccurring(self, entity: str, limit: int = 20) -> tuple[Named, list[Named]]:
        ids = self._entity_ids(entity)
        row = self.db.execute(
            "SELECT e.id, e.name, e.type, (SELECT COUNT(DISTINCT article_id) FROM mentions "
            "WHERE entity_id = e.id) AS n FROM entities e WHERE e.id = ?", (ids[0],)).fetchone()
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, COUNT(DISTINCT m2.article_id) AS n "
            "FROM mentions m1 JOIN mentions m2 ON m2.article_id = m1.article_id "
            "AND m2.entity_id <> m1.entity_id JOIN entities e ON e.id = m2.entity_id "
            "WHERE m1.entity_id = ? GROUP BY e.id ORDER BY n DESC, e.mentions DESC, e.id "
            "LIMIT ?", (ids[0], max(1, min(limit, MAX_LIMIT)))).fetchall()
        return Named(*row), [Named(*r) for r in rows]

    def close(self) -> None:
        self.db.close()

    # --- the parts ----------------------------------------------------------------------------
    def _selection(self, query: Query, *, originals: bool, join: str = ""
                   ) -> tuple[str, str, list[Any]]:
        """(WITH …, FROM … WHERE …, parameters) of the articles `a` that `query` selects (only
        originals, or copies too), each with its `h.score` (lower is better; 0 without words);
        `join` adds tables. The matches are materialised: FTS5 ranks only in its own query."""
        if query.match is None:
            cte = "WITH h AS (SELECT seq, 0.0 AS score FROM articles)"
            args: list[Any] = []
        else:
            cte = (f"WITH h AS MATERIALIZED (SELECT rowid AS seq, {_RANK} AS score "
                   "FROM article_search WHERE article_search MATCH ?)")
            args = [query.match]
        sql = "FROM h JOIN articles a ON a.seq = h.seq" + join + " WHERE 1"
        if originals:
            sql += " AND a.duplicate_of IS NULL"
        if query.outlet:
            sql += " AND a.outlet LIKE ? ESCAPE '\\'"
            args.append("%" + _like(query.outlet) + "%")
        if query.since:
            sql += " AND a.published >= ?"
            args.append(query.since.isoformat())
        if query.until:
            sql += " AND a.published < ?"
            args.append((query.until + timedelta(days=1)).isoformat())
        if query.entity:
            ids = self._entity_ids(query.entity)
            sql += (" AND COALESCE(a.duplicate_of, a.id) IN (SELECT article_id FROM mentions "
                    f"WHERE entity_id IN ({','.join('?' * len(ids))}))")
            args += ids
        return cte, sql, args

    def _articles(self, query: Query, limit: int, offset: int) -> tuple[list[Hit], int]:
        cte, sel, args = self._selection(query, originals=True)
        order = "h.score, a.seq" if query.match else "a.published DESC, a.seq DESC"
        rows = self.db.execute(
            f"{cte} SELECT a.id, a.title, a.outlet, a.published, a.clean_text, h.score, "
            f"(SELECT COUNT(*) FROM articles c WHERE c.duplicate_of = a.id) AS copies {sel} "
            f"ORDER BY {order} LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        total = self.db.execute(f"{cte} SELECT COUNT(*) {sel}", args).fetchone()[0]
        keys = query.keys
        hits = [Hit(kind="article", id=r["id"], title=r["title"], score=_score(r["score"]),
                    article_id=r["id"], outlet=r["outlet"], published=r["published"],
                    copies=r["copies"], title_snippet=marked(r["title"] or "", keys),
                    snippet=snippet(r["clean_text"], keys)) for r in rows]
        return hits, total

    def _groups(self, query: Query, kind: str, limit: int, offset: int) -> tuple[list[Hit], int]:
        if kind == "events":
            gid, join = "a.event_id", ""
        else:
            gid, join = "e.parent_id", " JOIN groups e ON e.id = a.event_id"
        cte, sel, args = self._selection(query, originals=False, join=join)
        matched = (f"SELECT {gid} AS gid, SUM(h.score) AS score, COUNT(*) AS n, "
                   f"MIN(h.score) AS best, a.id AS best_id {sel} AND {gid} IS NOT NULL "
                   "GROUP BY gid")
        rows = self.db.execute(
            f"{cte} SELECT g.id, g.title, g.start, g.end, g.size, m.score, m.n, b.id AS best_id, "
            f"b.title AS best_title, b.clean_text FROM ({matched}) m "
            "JOIN groups g ON g.id = m.gid JOIN articles b ON b.id = m.best_id "
            "ORDER BY m.score, m.n DESC, g.id LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        total = self.db.execute(f"{cte} SELECT COUNT(*) FROM ({matched})", args).fetchone()[0]
        keys = query.keys
        hits = [Hit(kind=kind[:-1], id=r["id"], title=r["title"], score=_score(r["score"]),
                    article_id=r["best_id"], start=r["start"], end=r["end"], size=r["size"],
                    matches=r["n"], title_snippet=marked(r["title"] or r["best_title"] or "", keys),
                    snippet=snippet(r["clean_text"], keys)) for r in rows]
        return hits, total

    def _entity_ids(self, name: str) -> list[str]:
        """The entity an entity: filter names (id, name, a surface form or a matching key),
        the most mentioned when several have that name."""
        key = normalize_small(name)
        row = self.db.execute(
            "SELECT e.id FROM entities e WHERE e.id = ?1 OR e.name = ?1 "
            "OR e.id IN (SELECT entity_id FROM entity_forms WHERE surface = ?1) "
            "OR e.id IN (SELECT entity_id FROM entity_keys WHERE key = ?2) "
            "ORDER BY e.id = ?1 DESC, e.mentions DESC LIMIT 1", (name.strip(), key)).fetchone()
        if row is None:
            raise QueryError(f"no entity has the id or the name '{name[:60]}': "
                             "`marsad entities` lists them")
        return [row[0]]

    def _storyline(self, id_or_prefix: str) -> str:
        prefix = id_or_prefix.strip()
        rows = self.db.execute("SELECT id FROM groups WHERE level = 'storyline' AND "
                               "(id = ? OR id LIKE ? ESCAPE '\\') LIMIT 2",
                               (prefix, _like(prefix) + "%")).fetchall()
        exact = [r[0] for r in rows if r[0] == prefix]
        if exact or len(rows) == 1:
            return exact[0] if exact else str(rows[0][0])
        if not rows or len(prefix) < 4:
            raise QueryError(f"no storyline has the id '{prefix[:60]}': `marsad storylines` "
                             "lists them (give at least 4 characters of an id)")
        raise QueryError(f"storyline id prefix {prefix[:60]} is ambiguous: give more characters")

    def _complete(self) -> bool:
        return self.db.execute(
            "SELECT 1 FROM state WHERE name = 'search_backfill'").fetchone() is None


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT:,}: got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more: got {offset}")
    return limit, offset


def _score(rank: float) -> float:
    """BM25 as FTS5 gives it is lower for better hits; shown the other way round."""
    return round(-float(rank), 4) + 0.0


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def rebuild(path: str | Path, *, lock_timeout: float = 10.0, command: str = "marsad reindex"
            ) -> int:
    """Build the search index of the store at `path` again, as its one writer. Returns the
    number of articles indexed. Raises StoreError (NoStoreError when there is no store)."""
    from marsad.errors import NoStoreError
    from marsad.store.sqlite_open import connect_writer

    path = Path(path)
    if not path.exists():
        raise NoStoreError(f"no marsad store at {path}: `marsad ingest` creates one")
    lock = WriterLock(path, command)
    lock.acquire(lock_timeout)
    try:
        db = connect_writer(path, lock_timeout)
        try:
            return reindex(db)
        finally:
            db.close()
    except sqlite3.Error as exc:
        from marsad.store.sqlite_errors import store_error

        raise store_error(exc, path) from exc
    finally:
        lock.release()
