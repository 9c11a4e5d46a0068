"""The bounds every article meets, whichever reader found it.

A text above `max_bytes` (UTF-8) is rejected. A title, author or outlet is one line (white space
runs, line ends included, become one space) and is cut at a word to MAX_CHARS of its field with a
Notice; a URL longer than MAX_URL_CHARS is dropped with a Notice (a cut URL would point
elsewhere). Readers may refuse an input earlier (a file or a JSON record too large); this is the
last guard, so that no source is unbounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from marsad.model import Notice, RawDocument, Rejection

MAX_CHARS = {"title": 1000, "author": 300, "outlet": 200}
MAX_URL_CHARS = 4096

Item = RawDocument | Rejection | Notice


def bounded(items: Iterable[Item], max_bytes: int) -> Iterator[Item]:
    """`items` with each RawDocument checked against the bounds: rejected when its text is too
    large, with a Notice before it for each field cut or dropped."""
    for item in items:
        if isinstance(item, RawDocument):
            yield from _bound(item, max_bytes)
        else:
            yield item


def _bound(doc: RawDocument, max_bytes: int) -> Iterator[Item]:
    if len(doc.text) * 4 > max_bytes and (size := len(doc.text.encode("utf-8", "replace"))) > max_bytes:
        yield Rejection(doc.origin, f"article too large ({size / 1e6:.1f} MB > "
                                    f"{max_bytes / 1e6:.1f} MB)")
        return
    for name, limit in MAX_CHARS.items():
        if (value := getattr(doc, name)) is not None:
            line = " ".join(value.split()) or None
            if line is not None and len(line) > limit:
                yield Notice(doc.origin, f"{name} cut to {limit} characters (it had {len(line):,})")
                line = cut(line, limit)
            setattr(doc, name, line)
    if doc.url is not None and len(doc.url) > MAX_URL_CHARS:
        yield Notice(doc.origin, f"url ignored: longer than {MAX_URL_CHARS:,} characters "
                                 f"({len(doc.url):,})")
        doc.url = None
    yield doc


def cut(line: str, limit: int) -> str:
    """The line cut to at most `limit` characters, at a space when there is one near the end,
    with "…" at the cut.

    >>> cut("أرمينيا تجمد مشاركتها في التحالف", 20)
    'أرمينيا تجمد…'
    """
    head = line[:limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head + "…"
