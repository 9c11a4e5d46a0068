"""The SQLite store's reads of what extraction found: entities and their names, quotes,
temporal expressions, the findings of an article, and where an entity is named; every page and
batch in a few queries (forms, counts and places read for a whole page at once)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from marsad.errors import NotFoundError, QueryError
from marsad.model import Entity, EntityType, Findings, Quote, TimeExpression
from marsad.store import codec
from marsad.store.read import Page, QuoteSort, Reader, Sort
from marsad.store.sqlite_query import IN_LIST, Where, in_order, json_list, like, page

_ENTITY_ORDER = {"size": "e.mentions DESC, e.id",
                 "newest": "e.last_seen IS NULL, e.last_seen DESC, e.mentions DESC, e.id"}
_QUOTE_ORDER = {"ingested": "a.seq, q.start",
                "newest": "a.published IS NULL, a.published DESC, a.seq, q.start"}
_IN_STORYLINE = "SELECT id FROM groups WHERE parent_id = ?"  # a storyline's events


def _order(orders: dict[str, str], sort: str) -> str:
    if sort not in orders:
        raise QueryError(f"sort '{sort}' is unknown: give one of {', '.join(orders)}")
    return orders[sort]


class FindingsReader(Reader):
    """Reads of the extraction tables, mixed into SQLiteReader (which owns `db`)."""

    db: sqlite3.Connection

    # --- entities -------------------------------------------------------------------------
    def entity_page(self, *, type_: EntityType | None = None, since: datetime | None = None,
                    until: datetime | None = None, event_id: str | None = None,
                    storyline_id: str | None = None, sort: Sort = "size", offset: int = 0,
                    limit: int = 50) -> Page[Entity]:
        named = ("e.id IN (SELECT m.entity_id FROM mentions m JOIN articles a ON "
                 "a.id = m.article_id WHERE a.event_id {})")
        where = (Where().add("e.mentions > 0")
                 .when(type_, "e.type = ?", type_ and EntityType(type_).value)
                 .dated("e.first_seen", "e.last_seen", since, until)
                 .when(event_id, named.format("= ?"), event_id)
                 .when(storyline_id, named.format(f"IN ({_IN_STORYLINE})"), storyline_id))
        return page(self.db, "SELECT e.* FROM entities e", where, _order(_ENTITY_ORDER, sort),
                    offset, limit, self._entities)

    def entity(self, id_: str) -> Entity:
        found = self.entities_by_ids([id_])
        if not found:
            raise NotFoundError(f"no entity with id {id_}")
        return found[0]

    def entities_by_ids(self, ids: Sequence[str]) -> list[Entity]:
        rows = self.db.execute(f"SELECT * FROM entities WHERE id {IN_LIST}",
                               (json_list(ids),)).fetchall()
        return in_order(ids, {e.id: e for e in self._entities(rows)})

    def _entities(self, rows: list[Any]) -> list[Entity]:
        """Entities of these rows, with their surface forms read in one query."""
        forms: dict[str, dict[str, int]] = {}
        for entity_id, surface, n in self.db.execute(
                f"SELECT entity_id, surface, n FROM entity_forms WHERE entity_id {IN_LIST} "
                "ORDER BY n DESC, surface", (json_list([r["id"] for r in rows]),)):
            forms.setdefault(entity_id, {})[surface] = n
        return [codec.entity_from(r, forms.get(r["id"], {})) for r in rows]

    def entity_ids_for_keys(self, keys: Sequence[str]) -> list[str]:
        ids: list[str] = []
        for key in keys:
            rows = self.db.execute(
                "SELECT k.entity_id FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
                "WHERE k.key = ? OR k.key LIKE ? ESCAPE '\\' GROUP BY k.entity_id "
                "ORDER BY MIN(k.key = ?) DESC, MAX(e.mentions) DESC",
                (key, "% " + like(key), key))
            ids += [r[0] for r in rows]
        return list(dict.fromkeys(ids))

    def entity_groups(self, id_: str) -> dict[str, dict[str, int]]:
        return self.entity_groups_many([id_])[id_]

    def entity_groups_many(self, ids: Sequence[str]) -> dict[str, dict[str, dict[str, int]]]:
        rows = self.db.execute(
            "SELECT m.entity_id, m.article_id, a.event_id, g.parent_id, COUNT(*) AS n "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"LEFT JOIN groups g ON g.id = a.event_id WHERE m.entity_id {IN_LIST} "
            "GROUP BY m.entity_id, m.article_id ORDER BY a.seq", (json_list(ids),)).fetchall()
        out: dict[str, dict[str, dict[str, int]]] = {
            i: {"articles": {}, "events": {}, "storylines": {}} for i in ids}
        for entity_id, article_id, event_id, storyline_id, n in rows:
            where = out[entity_id]
            where["articles"][article_id] = n
            for level, gid in (("events", event_id), ("storylines", storyline_id)):
                if gid is not None:
                    where[level][gid] = where[level].get(gid, 0) + n
        return out

    def top_entities(self, article_ids: Sequence[str], limit: int = 10
                     ) -> list[tuple[Entity, int]]:
        rows = self.db.execute(
            "SELECT entity_id, COUNT(*) AS n FROM mentions WHERE entity_id IS NOT NULL AND "
            f"article_id {IN_LIST} GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?",
            (json_list(article_ids), limit)).fetchall()
        found = {e.id: e for e in self.entities_by_ids([r["entity_id"] for r in rows])}
        return [(found[r["entity_id"]], r["n"]) for r in rows if r["entity_id"] in found]

    # --- quotes, dates, findings ----------------------------------------------------------
    def quote_page(self, *, speaker: str | None = None,
                   article_ids: Sequence[str] | None = None, outlet: str | None = None,
                   since: datetime | None = None, until: datetime | None = None,
                   event_id: str | None = None, storyline_id: str | None = None,
                   sort: QuoteSort = "ingested", offset: int = 0, limit: int = 50
                   ) -> Page[tuple[str, Quote]]:
        where = (Where().when(speaker, "q.entity_id = ?", speaker)
                 .contains("a.outlet", outlet)
                 .dated("a.published", "a.published", since, until))
        self._scope(where, "q", article_ids, event_id, storyline_id)
        return page(self.db, "SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id",
                    where, _order(_QUOTE_ORDER, sort), offset, limit,
                    lambda rows: [(r["article_id"], codec.quote_from(r)) for r in rows])

    def time_expression_page(self, *, article_ids: Sequence[str] | None = None,
                             event_id: str | None = None, storyline_id: str | None = None,
                             offset: int = 0, limit: int = 50
                             ) -> Page[tuple[str, TimeExpression]]:
        where = self._scope(Where(), "t", article_ids, event_id, storyline_id)
        return page(self.db, "SELECT t.* FROM time_expressions t JOIN articles a ON "
                             "a.id = t.article_id", where, "a.seq, t.start", offset, limit,
                    lambda rows: [(r["article_id"], codec.time_from(r)) for r in rows])

    @staticmethod
    def _scope(where: Where, table: str, article_ids: Sequence[str] | None,
               event_id: str | None, storyline_id: str | None) -> Where:
        """Rows of some articles, of an event's or of a storyline's articles (`a` joined)."""
        if article_ids is not None:
            where.add(f"{table}.article_id {IN_LIST}", json_list(article_ids))
        return (where.when(event_id, "a.event_id = ?", event_id)
                .when(storyline_id, f"a.event_id IN ({_IN_STORYLINE})", storyline_id))

    def _dates(self, article_ids: Sequence[str]) -> dict[str, list[TimeExpression]]:
        """The temporal expressions of these articles in text order, in one query."""
        out: dict[str, list[TimeExpression]] = {}
        for row in self.db.execute(f"SELECT * FROM time_expressions WHERE article_id {IN_LIST} "
                                   "ORDER BY start", (json_list(article_ids),)):
            out.setdefault(row["article_id"], []).append(codec.time_from(row))
        return out

    def findings(self, article_id: str) -> Findings | None:
        if self.db.execute("SELECT 1 FROM extracted WHERE article_id = ?",
                           (article_id,)).fetchone() is None:
            return None
        rows = self.db.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY part, start",
                               (article_id,)).fetchall()
        quotes = self.db.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY start",
                                 (article_id,))
        return Findings(
            article_id,
            [codec.mention_from(r) for r in rows if r["part"] == "title"],
            [codec.mention_from(r) for r in rows if r["part"] == "text"],
            self._dates([article_id]).get(article_id, []),
            [codec.quote_from(r) for r in quotes])

    def findings_many(self, article_ids: Sequence[str]) -> dict[str, Findings]:
        ids = json_list(article_ids)
        done = [r[0] for r in self.db.execute(
            f"SELECT article_id FROM extracted WHERE article_id {IN_LIST}", (ids,))]
        out = {i: Findings(i, [], [], [], []) for i in done}
        for r in self.db.execute(f"SELECT * FROM mentions WHERE article_id {IN_LIST} "
                                 "ORDER BY part, start", (ids,)):
            if (f := out.get(r["article_id"])) is not None:
                (f.title_mentions if r["part"] == "title" else f.mentions).append(
                    codec.mention_from(r))
        for r in self.db.execute(f"SELECT * FROM quotes WHERE article_id {IN_LIST} "
                                 "ORDER BY start", (ids,)):
            if (f := out.get(r["article_id"])) is not None:
                f.quotes.append(codec.quote_from(r))
        for aid, dates in self._dates(done).items():
            out[aid].dates = dates
        return out

    def extraction_stats(self) -> dict[str, int]:
        one = lambda sql: int(self.db.execute(sql).fetchone()[0])  # noqa: E731
        return {"extracted": one("SELECT COUNT(*) FROM extracted"),
                "extraction_failures": one("SELECT COUNT(*) FROM extraction_failures"),
                "entities": one("SELECT COUNT(*) FROM entities WHERE mentions > 0"),
                "mentions": one("SELECT COUNT(*) FROM mentions"),
                "quotes": one("SELECT COUNT(*) FROM quotes"),
                "time_expressions": one("SELECT COUNT(*) FROM time_expressions")}
