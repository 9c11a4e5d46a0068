"""HTTP caching of reads, derived from the store's state (`Stores.state_tag`: two stat calls):

- an ETag on every successful GET under /api/, and 304 Not Modified, without running the
  handler, when If-None-Match names the current tag;
- the answers themselves, kept in memory (least recently used first out, `budget` bytes in
  all) under (tag, path, query): a repeated read of an unchanged store is answered without
  touching the store, and any write (a commit changes the tag) retires every kept answer.

Every response also says nosniff: JSON is never read as HTML."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Key = tuple[bytes, str, bytes]
NOSNIFF = (b"x-content-type-options", b"nosniff")
MAX_ANSWER = 4_000_000  # bytes: larger answers are not kept


class Answers:
    """Kept answers: key -> (headers, body), least recently used first out."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.tag = b""
        self._kept: OrderedDict[Key, tuple[list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def get(self, key: Key) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: Key, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if key[0] != self.tag:  # the store changed: nothing kept is current any more
            self._kept.clear()
            self.size, self.tag = 0, key[0]
        if len(body) > min(MAX_ANSWER, self.budget) or key in self._kept:
            return
        self._kept[key] = (headers, body)
        self.size += len(body)
        while self.size > self.budget:
            _, (_, old) = self._kept.popitem(last=False)
            self.size -= len(old)


class ReadCache:
    """ASGI middleware: ETags, 304s and kept answers for GETs under /api/ (see the module)."""

    def __init__(self, app: ASGIApp, tag: Callable[[], str], budget: int) -> None:
        self.app = app
        self.tag = tag
        self.answers = Answers(budget)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/api/"):
            await self._read(scope, receive, send)
        else:
            await self.app(scope, receive, _with_headers(send, [NOSNIFF]))

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> None:
        etag = self.tag().encode()
        tagged = [(b"etag", etag), (b"cache-control", b"no-cache"), NOSNIFF]
        if _matches(_header(scope, b"if-none-match"), etag):
            await send({"type": "http.response.start", "status": 304, "headers": tagged})
            await send({"type": "http.response.body", "body": b""})
            return
        key = (etag, scope["path"], scope.get("query_string", b""))
        kept = self.answers.get(key) if self.answers.budget else None
        if kept is not None:
            headers, body = kept
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._keeping(send, key, tagged))

    def _keeping(self, send: Send, key: Key, tagged: list[tuple[bytes, bytes]]) -> Send:
        """`send`, adding the tag to a 200 and keeping its answer once whole."""
        state: dict[str, Any] = {"ok": False, "body": []}

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["ok"] = message["status"] == 200
                headers = [*message.get("headers", []), *(tagged if state["ok"] else [NOSNIFF])]
                state["headers"] = headers
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and state["ok"] and self.answers.budget:
                state["body"].append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.answers.put(key, state["headers"], b"".join(state["body"]))
            await send(message)

        return keep


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


def _header(scope: Scope, name: bytes) -> bytes:
    return next((v for k, v in scope.get("headers", []) if k == name), b"")


def _matches(given: bytes, etag: bytes) -> bool:
    """If-None-Match against our tag, compared weakly (W/ ignored), '*' matching any."""
    if not given:
        return False
    ours = etag.removeprefix(b"W/")
    return any(t.strip() == b"*" or t.strip().removeprefix(b"W/") == ours
               for t in given.split(b","))
