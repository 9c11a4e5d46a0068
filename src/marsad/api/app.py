"""The FastAPI application: the routes of `reads`, `searching` and `ingesting`, marsad's errors
translated once into JSON errors with a status code, and the caching of reads (`caching`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from marsad.api import ingesting, reads, searching
from marsad.api.caching import ReadCache
from marsad.api.models import ErrorOut
from marsad.api.stores import Stores, settings_for
from marsad.errors import (
    ConfigError,
    InputError,
    MarsadError,
    MissingExtraError,
    NoStoreError,
    NotFoundError,
    QueryError,
    StoreBusyError,
    StoreError,
)

# (our error, status, code), the first that matches wins: subclasses before their bases
_STATUS: tuple[tuple[type[MarsadError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (QueryError, 400, "bad_query"),
    (InputError, 400, "bad_input"),
    (ConfigError, 400, "bad_setting"),
    (ingesting.Unauthorized, 401, "unauthorized"),
    (ingesting.Forbidden, 403, "forbidden"),
    (ingesting.TooLarge, 413, "too_large"),
    (StoreBusyError, 503, "store_busy"),
    (NoStoreError, 503, "no_store"),
    (StoreError, 503, "store_unavailable"),
    (MissingExtraError, 503, "missing_dependency"),
    (MarsadError, 400, "bad_request"),
)
_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large"}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None
          ) -> JSONResponse:
    """The JSON of every error: {"error": {"code": ..., "message": ...}}."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


def create_app(db: str, *, admin_token: str | None = None) -> FastAPI:
    """The API over the store `db` (a SQLite file that `marsad ingest` made). Reads are open to
    all; POST /api/articles needs `admin_token` (refused altogether without one). The store is
    opened per worker thread on its first request: a missing store is a 503 saying so."""
    stores = Stores(settings_for(db))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(title="marsad", version=_version(), lifespan=lifespan,
                  description="Arabic news: articles, events, storylines, entities, quotes, "
                              "timelines, search and counts, read from one marsad store.",
                  responses={400: {"model": ErrorOut}, 404: {"model": ErrorOut},
                             422: {"model": ErrorOut}, 503: {"model": ErrorOut}})
    app.state.stores = stores
    app.state.admin_token = admin_token or None
    for router in (reads.router, searching.router, ingesting.router):
        app.include_router(router)
    _handlers(app)
    app.add_middleware(ReadCache, tag=stores.state_tag,
                       budget=stores.settings.api_cache_mb * 1_000_000)
    return app


def _version() -> str:
    from importlib.metadata import version

    return version("marsad")


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> JSONResponse:
        status, code = next((s, c) for kind, s, c in _STATUS if isinstance(exc, kind))
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error(status, code, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, "invalid_parameter", "; ".join(_problem(e) for e in exc.errors()[:5]))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = ("no such path: GET /openapi.json lists them" if exc.status_code == 404
                   else str(exc.detail))
        return error(exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"), message,
                     dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:  # a bug of ours
        return error(500, "internal", f"marsad failed on this request ({type(exc).__name__}); "
                                      "please report it")


def _problem(e: Any) -> str:
    """One validation problem in words: `limit` (query): Input should be ≤ 1000."""
    where = [str(part) for part in e.get("loc", ()) if part not in ("query", "path", "body")]
    return f"{'.'.join(where) or 'request'}: {e.get('msg', 'invalid')}"
