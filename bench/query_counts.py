"""How many SQL statements the reading commands run on a store (issue 13: a number that does not
grow with the rows shown). Counted with sqlite3's trace callback, every connection the command
opens included (the PRAGMAs of opening too).

    .venv/bin/python bench/query_counts.py marsad-demo.db

prints one line per command: the statements it ran, and the command.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """Every statement run by a sqlite3 connection opened inside the block."""
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        con = connect(*args, **kwargs)
        con.set_trace_callback(seen.append)
        return con

    sqlite3.connect = traced  # type: ignore[assignment]
    try:
        yield seen
    finally:
        sqlite3.connect = connect  # type: ignore[assignment]


def run(args: list[str]) -> int:
    """Statements run by `marsad ARGS` (its output discarded)."""
    from typer.testing import CliRunner

    from marsad.cli import app

    with counting() as seen, contextlib.redirect_stderr(io.StringIO()):
        result = CliRunner().invoke(app, args)
    if result.exit_code != 0:
        raise SystemExit(f"marsad {' '.join(args)} failed: {result.output}")
    return len(seen)


def largest_storyline(db: str) -> str:
    con = sqlite3.connect(db)
    row = con.execute("SELECT parent_id, COUNT(*) AS n FROM groups WHERE level = 'event' "
                      "AND parent_id IS NOT NULL GROUP BY parent_id ORDER BY n DESC, parent_id "
                      "LIMIT 1").fetchone()
    con.close()
    return str(row[0])


def main(db: str) -> None:
    story = largest_storyline(db)
    for args in (["show", story], ["timeline", story], ["entities", "--limit", "30"],
                 ["entities", "--limit", "30", "--format", "json"], ["quotes"],
                 ["events", "--outlet", "a"], ["export", "timelines"], ["export", "entities"],
                 ["stats"]):
        n = run([*args, "--db", db])
        print(f"{n:>7,}  marsad {' '.join(args)} --db {db}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "marsad-demo.db")
