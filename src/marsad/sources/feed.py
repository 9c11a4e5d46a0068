"""RSS and Atom feeds (feedparser), from a file or an http(s) URL."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import feedparser
import lxml.html

from marsad.model import DateSource, RawDocument, Rejection
from marsad.sources.dates import from_url

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per paragraph or block."""
    if "<" not in fragment:
        return fragment.strip()
    root = lxml.html.fromstring(f"<div>{fragment}</div>")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _when(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None)


def read_feed(source: str) -> Iterator[RawDocument | Rejection]:
    """Every item of a feed; a feed that cannot be parsed is one Rejection."""
    parsed = feedparser.parse(source)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", "not a feed")
        yield Rejection(source, f"not a readable RSS or Atom feed ({reason})")
        return
    outlet = parsed.feed.get("title") or urlparse(parsed.feed.get("link", "")).hostname
    for n, entry in enumerate(parsed.entries, start=1):
        origin = f"{source}:item {n}"
        content = entry.get("content")
        body = content[0].get("value", "") if content else entry.get("summary", "")
        text = html_to_text(body or "")
        if not text:
            yield Rejection(origin, "feed item has no text (no content or summary)")
            continue
        doc = RawDocument(text=text, origin=origin, outlet=outlet, url=entry.get("link"),
                          title=entry.get("title"), author=entry.get("author"), format="feed")
        when, source_kind = _when(entry), DateSource.FEED
        if when is None and (when := from_url(doc.url)) is not None:
            source_kind = DateSource.URL
        if when is not None:
            doc.published, doc.published_source = when, source_kind
        yield doc
