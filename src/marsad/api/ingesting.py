"""POST /api/articles: ingest a JSON Lines body, with the readers and rules of `marsad ingest`,
as the store's one writer, for the holder of the admin token only.

The body is written to a temporary .jsonl file and ingested as `marsad ingest FILE` would
(then extracted, unless extract=false). It runs in this server's process, without worker
processes: post batches (MAX_BODY at most); a large archive is for `marsad ingest`."""

from __future__ import annotations

import hmac
import os
import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from marsad.api.models import ErrorOut, IngestOut
from marsad.errors import InputError, MarsadError
from marsad.model import Rejection
from marsad.observatory import Observatory
from marsad.settings import Settings

router = APIRouter(prefix="/api")
MAX_BODY = 50_000_000  # bytes
BODY = "body"  # what a rejection's origin calls the posted body


class Unauthorized(MarsadError):
    """No bearer token was given (401)."""


class Forbidden(MarsadError):
    """Ingestion is off, or the token is wrong (403)."""


class TooLarge(MarsadError):
    """The body is larger than MAX_BODY (413)."""


def admin(request: Request) -> None:
    """Let the request through only with `Authorization: Bearer <the server's admin token>`."""
    token: str | None = request.app.state.admin_token
    if not token:
        raise Forbidden("ingestion is turned off on this server: start it with "
                        "MARSAD_ADMIN_TOKEN set to allow POST /api/articles")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("give the admin token: Authorization: Bearer $MARSAD_ADMIN_TOKEN")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("the admin token is wrong")


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": what} for code, what in (
        (400, "the body cannot be read as JSON Lines"), (401, "no bearer token"),
        (403, "ingestion off, or a wrong token"), (413, "body too large"),
        (503, "another writer holds the store"))}


@router.post("/articles", response_model=IngestOut, dependencies=[Depends(admin)],
             responses=_ERRORS, tags=["articles"], openapi_extra={"requestBody": {
                 "required": True, "content": {"application/x-ndjson": {"schema": {
                     "type": "string", "description": "One JSON article a line: text (required), "
                     "title, url, outlet, published, author"}}}}})
async def post_articles(request: Request, extract: Annotated[bool, Query(
        description="Then extract names, dates and quotes, as `marsad ingest` does.")] = True,
                        ) -> dict[str, Any]:
    """Ingest articles (JSON Lines): cleaned, linked to their copies, grouped into events and
    storylines, stored, then extracted. Posting the same body again stores nothing more.
    Needs `Authorization: Bearer $MARSAD_ADMIN_TOKEN`."""
    body = await _body(request)
    settings: Settings = request.app.state.stores.settings
    return await run_in_threadpool(ingest_body, body, settings, extract)


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise TooLarge(f"the body is {int(declared):,} bytes: post at most {MAX_BODY:,} "
                       "at a time (or use `marsad ingest` on the server)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise TooLarge(f"the body is over {MAX_BODY:,} bytes: post smaller batches")
        chunks.append(chunk)
    return b"".join(chunks)


def ingest_body(body: bytes, settings: Settings, extract: bool) -> dict[str, Any]:
    """Ingest a JSON Lines body as the store's writer; the report as the API answers it."""
    fd, path = tempfile.mkstemp(suffix=".jsonl", prefix="marsad-post-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        writer = settings.model_copy(update={"workers": 0, "extract_workers": 0})
        with Observatory(writer, command="marsad serve (POST /api/articles)") as obs:
            report = obs.ingest([path], fmt="jsonl")
            whole = [r for r in report.rejections if r.origin == path and r.record is not True]
            if whole:
                raise InputError(BODY, whole[0].reason)
            done = obs.extract() if extract and report.stored else None
    finally:
        os.unlink(path)
    out = {name: getattr(report, name) for name in IngestOut.model_fields
           if name not in ("rejections", "notices", "extracted")}
    return out | {
        "rejections": [_rejection(r, path) for r in report.rejections],
        "notices": [{"origin": _origin(n.origin, path), "message": n.message}
                    for n in report.notices],
        "extracted": None if done is None else {
            "articles": done.articles, "mentions": done.mentions, "quotes": done.quotes,
            "failures": [_rejection(r, path) for r in done.failures]}}


def _rejection(r: Rejection, path: str) -> dict[str, str]:
    return {"origin": _origin(r.origin, path), "reason": r.reason}


def _origin(origin: str, path: str) -> str:
    """The temporary file's name is of no use to the client: the body is `body`."""
    return origin.replace(path, BODY)
