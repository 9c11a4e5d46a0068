"""Small pieces of SQL the SQLite store's two sides share: bound lists, filters, pages."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from marsad.store.read import Page, check_page

T = TypeVar("T")
CHUNK = 900  # stay under SQLite's limit on bound parameters


def chunks(seq: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), CHUNK):
        yield seq[i : i + CHUNK]


def marks(n: int) -> str:
    return ",".join("?" * n)


def json_list(values: Sequence[str]) -> str:
    """A list of ids as one bound parameter (read back with json_each): no limit on how many."""
    return json.dumps(list(values))


IN_LIST = "IN (SELECT value FROM json_each(?))"  # `column IN_LIST` with json_list(ids) bound


def like(text: str) -> str:
    """Text matched literally by LIKE … ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def day(value: datetime) -> str:
    return value.date().isoformat()


def next_day(value: datetime) -> str:
    return (value.date() + timedelta(days=1)).isoformat()


@dataclass(slots=True)
class Where:
    """The conditions of a query and their bound values, added one filter at a time."""

    clauses: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, clause: str, *args: Any) -> Where:
        self.clauses.append(clause)
        self.args.extend(args)
        return self

    def when(self, value: object, clause: str, *args: Any) -> Where:
        """Add `clause` only when `value` is given (not None, not empty)."""
        if value is not None and value != "":
            self.add(clause, *args)
        return self

    def contains(self, column: str, text: str | None, within: str = "{}") -> Where:
        """`column` contains `text`, in any case (ASCII; Arabic has no case); `within` wraps
        the condition (an EXISTS over related rows)."""
        clause = within.format(f"{column} LIKE ? ESCAPE '\\'")
        return self.when(text, clause, f"%{like(text or '')}%")

    def dated(self, start: str, end: str, since: datetime | None,
              until: datetime | None) -> Where:
        """The days start..end meet the days since..until (an undated row never does)."""
        if since is not None or until is not None:
            self.add(f"{start} IS NOT NULL")
        self.when(since, f"COALESCE({end}, {start}) >= ?", since and day(since))
        return self.when(until, f"{start} < ?", until and next_day(until))

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def page(db: sqlite3.Connection, select: str, where: Where, order: str, offset: int,
         limit: int, convert: Callable[[list[sqlite3.Row]], list[T]]) -> Page[T]:
    """One page of `select` filtered by `where` in `order` (ending with a unique tiebreak),
    with the total; `convert` turns the page's rows into items (in a few batched queries)."""
    check_page(offset, limit)
    query = select + where.sql()
    total = int(db.execute(f"SELECT COUNT(*) FROM ({query})", where.args).fetchone()[0])
    if limit == 0 or offset >= total:
        return Page.of([], total, offset)
    rows = db.execute(f"{query} ORDER BY {order} LIMIT ? OFFSET ?",
                      [*where.args, limit, offset]).fetchall()
    return Page.of(convert(rows), total, offset)


def grouped(rows: Iterator[Any] | list[Any]) -> dict[str, list[str]]:
    """(key, value) rows as key -> values, in row order."""
    out: dict[str, list[str]] = {}
    for key, value in rows:
        out.setdefault(key, []).append(value)
    return out


def in_order(ids: Sequence[str], found: dict[str, T]) -> list[T]:
    """The found items in the order of `ids` (ids not found are left out)."""
    return [found[i] for i in dict.fromkeys(ids) if i in found]
