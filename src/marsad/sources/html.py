"""HTML pages: the main text, title, date, author and site, by trafilatura.

`extract` is shared with the WARC reader. The outlet is the site name the page declares, else the
host of its URL; the date is the page's own (published_source METADATA), else a date in the URL,
else the crawl time a caller passes (WARC-Date).

A page that opens its <html> or <body> and never closes either was cut short (an interrupted
download): it is still read, flagged `truncated`, with a Notice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from marsad.errors import InputError
from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources.dates import from_url, parse_datetime
from marsad.sources.decode import decode, read_limited

# Only the page's own metadata: a full-text date search picks up any date the article mentions.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_OPENS = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_CLOSES = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
TRUNCATED = "truncated page: it ends before its </body> and </html> (stored, flagged truncated)"


@cache
def _quiet_extractors() -> None:
    """trafilatura and htmldate log why a page has no text; the Rejection already says it."""
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract(html: str, origin: str, url: str | None = None,
            crawled: datetime | None = None) -> RawDocument:
    """The article of an HTML page; InputError "no article text found in HTML" when there is none.

    `url` is where the page was fetched (else the page's canonical URL is used); `crawled` dates
    a page that has no date of its own (published_source CRAWL).
    """
    _quiet_extractors()
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, date_extraction_params=_DATE_PARAMS)
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        raise InputError(origin, "no article text found in HTML", record=True)  # a page read
    url = url or doc.url
    out = RawDocument(text=doc.text, origin=origin, outlet=doc.sitename or host_of(url), url=url,
                      title=doc.title or None, author=doc.author or None, format="html",
                      truncated=is_cut(html))
    _date(out, parse_datetime(doc.date), crawled)
    return out


def is_cut(html: str) -> bool:
    """Whether a page opens <html> or <body> and closes neither: the end is missing.

    >>> is_cut("<html><body><p>قال الرئيس إن المنظ"), is_cut("<html><body><p>نص</p></body></html>")
    (True, False)
    """
    return _OPENS.search(html) is not None and _CLOSES.search(html) is None


def host_of(url: str | None) -> str | None:
    """The host of a URL without "www.", or None."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _date(doc: RawDocument, own: datetime | None, crawled: datetime | None) -> None:
    """The best date: the page's own, then the URL's, then the crawl time."""
    in_url = from_url(doc.url)
    if own is not None and own == in_url:  # htmldate read it from the URL too
        own = None
    for when, source in ((own, DateSource.METADATA), (in_url, DateSource.URL),
                         (crawled, DateSource.CRAWL)):
        if when is not None:
            doc.published, doc.published_source = when, source
            return


def read_html(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection | Notice]:
    """The article of one saved HTML page, with a Notice when it was not UTF-8."""
    origin = str(path)
    text, encoding = decode(read_limited(path, max_bytes), origin)
    if encoding:
        yield Notice(origin, f"decoded as {encoding} (not UTF-8)")
    doc = extract(text, origin)
    if doc.truncated:
        yield Notice(origin, TRUNCATED)
    yield doc
