"""`marsad serve`: the JSON HTTP API over one store, under uvicorn (FastAPI is imported only
here, so that the other commands start as fast as before)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from marsad.cli.base import DbOption, app, err
from marsad.cli.search import _settings


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0: every "
                                                     "interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65_535, help="Port to listen "
                                                                        "on.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the store as a JSON API under /api/ (articles, events, storylines, entities, quotes,
    timelines, search, counts, stats; the schema at /openapi.json). Reads are open to all;
    POST /api/articles (ingest JSON Lines) needs `Authorization: Bearer $MARSAD_ADMIN_TOKEN`
    and is refused when MARSAD_ADMIN_TOKEN is not set. One process, many threads: stop it
    with Ctrl-C."""
    import uvicorn

    from marsad.api import create_app
    from marsad.store import open_reader

    settings = _settings(db)
    open_reader(settings.db, lock_timeout=settings.lock_timeout).close()  # no store: say so now
    token = os.environ.get("MARSAD_ADMIN_TOKEN") or None
    err.print(f"serving {settings.db} on http://{host}:{port}/api/ (schema: /openapi.json); "
              + ("ingestion allowed with the admin token" if token
                 else "read-only: MARSAD_ADMIN_TOKEN is not set"), markup=False)
    uvicorn.run(create_app(settings.db, admin_token=token), host=host, port=port, workers=1,
                ws="none", log_level="warning", access_log=False)
