"""RSS and Atom feeds (feedparser), from a file or an http(s) URL: one article per item.

The text is the item's full content, else its summary, as plain text with one line per
paragraph; the outlet is the feed's title, else its host; the date is the item's published
(else updated) time, in UTC, with published_source FEED.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import Request, urlopen

import feedparser
import lxml.etree
import lxml.html

from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import from_url
from marsad.sources.html import host_of

MAX_FEED_BYTES = 100_000_000  # feedparser holds a whole feed in memory
TIMEOUT_SECONDS = 30  # for each wait on the server
FETCH_SECONDS = 120  # for the whole feed: a server that drips bytes is given up
USER_AGENT = "marsad (Arabic news feed reader)"
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "pre", "section", "article", "figcaption", "dd", "dt")

# Characters XML cannot hold (lxml refuses them): control characters, non-characters, surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

Item = RawDocument | Rejection | Notice


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per paragraph or block.

    >>> html_to_text("<p>قال الرئيس</p><p>إن <b>المنظمة</b> فشلت</p>")
    'قال الرئيس\\nإن المنظمة فشلت'
    """
    fragment = _NOT_XML.sub("", fragment)
    if "<" in fragment:
        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (lxml.etree.ParserError, ValueError):
            return ""
        for junk in list(root.iter("script", "style")):
            junk.drop_tree()
        for el in root.iter(*_BLOCKS):
            el.tail = "\n" + (el.tail or "")
        fragment = root.text_content()
    return "\n".join(" ".join(line.split()) for line in fragment.splitlines() if line.strip())


def read_feed_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """Every item of a feed file."""
    with path.open("rb") as fh:
        data = fh.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        size = max(path.stat().st_size, len(data))
        yield Rejection(str(path), f"feed file too large ({size / 1e6:.1f} MB > "
                                   f"{MAX_FEED_BYTES / 1e6:.0f} MB)")
        return
    yield from parse_feed(data, str(path))


def read_feed_url(url: str) -> Iterator[Item]:
    """Every item of the feed at an http(s) URL; a feed that cannot be fetched is a Rejection."""
    request = Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = _download(response, MAX_FEED_BYTES + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except (URLError, OSError, ValueError) as exc:
        yield Rejection(url, f"cannot fetch the feed ({getattr(exc, 'reason', exc)})")
        return
    if len(data) > MAX_FEED_BYTES:
        yield Rejection(url, f"feed too large (> {MAX_FEED_BYTES / 1e6:.0f} MB)")
        return
    headers.setdefault("content-location", url)
    yield from parse_feed(data, url, headers)


def _download(response: Any, limit: int) -> bytes:
    """Up to `limit` bytes of a response, within FETCH_SECONDS (TimeoutError after)."""
    deadline = time.monotonic() + FETCH_SECONDS
    parts, size = [], 0
    while size < limit and (part := response.read1(min(limit - size, 1 << 16))):
        parts.append(part)
        size += len(part)
        if time.monotonic() > deadline:
            raise TimeoutError(f"the server took more than {FETCH_SECONDS} s to send it")
    return b"".join(parts)


def parse_feed(data: bytes, origin: str, headers: dict[str, str] | None = None) -> Iterator[Item]:
    """Every item of a feed's bytes; a feed that cannot be parsed is one Rejection."""
    try:
        # A stream, never the bytes themselves: feedparser opens bytes that name a file.
        parsed = feedparser.parse(io.BytesIO(_safe_char_refs(data)),
                                  response_headers=headers or {})
    except (UnicodeDecodeError, ValueError, LookupError) as exc:  # a damaged XML declaration
        yield Rejection(origin, f"not a readable RSS or Atom feed ({exc})")
        return
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception") or "not well-formed"
            yield Rejection(origin, f"not a readable RSS or Atom feed ({reason})")
        else:
            yield Notice(origin, "the feed has no items")
        return
    feed = parsed.feed
    outlet = feed.get("title") or host_of(feed.get("link")) or host_of(origin)
    for n, entry in enumerate(parsed.entries, start=1):
        yield entry_item(entry, f"{origin}:item {n}", outlet)


def _safe_char_refs(data: bytes) -> bytes:
    """The feed with each character reference to no character (&#xD800;, &#0;) made U+FFFD:
    feedparser's fallback parser fails on the whole feed for one of them.

    >>> _safe_char_refs(b"<title>&#xD800;&#1575;</title>")
    b'<title>&#xFFFD;&#1575;</title>'
    """
    if b"&#" not in data:
        return data
    return _CHAR_REF.sub(_char_ref, data)


def _char_ref(m: re.Match[bytes]) -> bytes:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return m.group() if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"


def entry_item(entry: Any, origin: str, outlet: str | None) -> RawDocument | Rejection:
    """One feed item as an article, or a Rejection when it has no text."""
    content = entry.get("content")
    body = (content[0].get("value") if content else None) or entry.get("summary") or ""
    text = html_to_text(body)
    if not text:
        return Rejection(origin, "feed item has no text (no content or summary)")
    doc = RawDocument(text=text, origin=origin, outlet=outlet, url=entry.get("link") or None,
                      title=entry.get("title") or None, author=entry.get("author") or None,
                      format="feed")
    if (when := _when(entry)) is not None:
        doc.published, doc.published_source = when, DateSource.FEED
    elif (when := from_url(doc.url)) is not None:
        doc.published, doc.published_source = when, DateSource.URL
    return doc


def _when(entry: Any) -> datetime | None:
    # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed
    # with a DeprecationWarning.
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None)

