"""HTML pages: main text, title, date and site by trafilatura."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import trafilatura

from marsad.errors import InputError
from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import from_url, parse_datetime
from marsad.sources.decode import decode
from marsad.sources.limits import read_limited

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def extract(html: str, origin: str, url: str | None = None,
            fallback_date: datetime | None = None) -> RawDocument:
    """The article of an HTML page; InputError when no article text is found in it."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False})
    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for
        raise InputError(origin, "unexpected extraction result")
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        raise InputError(origin, "no article text found in HTML")
    assert doc is not None
    url = url or doc.url
    host = urlparse(url).hostname if url else None
    out = RawDocument(text=text, origin=origin, outlet=doc.sitename or doc.hostname or host,
                      url=url, title=doc.title, author=doc.author, format="html")
    when = parse_datetime(doc.date)
    if when is not None:
        out.published, out.published_source = when, DateSource.METADATA
    elif (when := from_url(url)) is not None:
        out.published, out.published_source = when, DateSource.URL
    elif fallback_date is not None:
        out.published, out.published_source = fallback_date, DateSource.CRAWL
    return out


def read_html(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection | Notice]:
    """The article of one saved HTML page."""
    origin = str(path)
    text, encoding = decode(read_limited(path, max_bytes), origin)
    if encoding:
        yield Notice(origin, f"decoded as {encoding} (not UTF-8)")
    yield extract(text, origin)
