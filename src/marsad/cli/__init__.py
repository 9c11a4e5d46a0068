"""The command line: `marsad ingest`, `extract`, `events`, `storylines`, `entities`, `quotes`,
`timeline`, `show`, `export`, `stats`, `analyze`, `tag`, `demo`, `search`, `counts`, `cooccur`,
`reindex`, `serve`, `summarize`, `brief`.

Errors are translated here, once: one clean line on stderr and a non-zero exit code.
Exit codes: 0 the command ran (an ingest may have skipped records inside readable inputs: a
summary line says which and why); 1 an input could not be read at all (missing, empty, binary,
not its format, damaged), or with `ingest --strict` any record was skipped; 2 the command could
not run (a bad option or setting, the store); 130 interrupted by Ctrl-C and 143 by SIGTERM (an
ingest or extraction first says how far it got: what it stored is kept, and running the same
command again finishes it).

The commands live in these modules: `running` (ingest, extract, demo), `lists` (events,
storylines, entities, quotes), `reading` (timeline, show, export, stats, analyze, tag),
`search` (search, counts, cooccur, reindex), `serve` (the JSON API), `summarize` and `brief`.
"""

from __future__ import annotations

import sys

from marsad import render
from marsad.cli.base import app, err
from marsad.errors import MarsadError

# isort: split
# Importing a module registers its commands; the writing commands lead the help.
from marsad.cli import running  # noqa: F401

# isort: split
from marsad.cli import brief, lists, reading, search, serve, summarize  # noqa: F401

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning marsad's errors into one line and exit code 2."""
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]error[/]: {render.esc(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:  # typer turns it into exit 130 itself; ingest and extract say more
        sys.exit(130)
