"""Which reader a path needs: by its extension, else by its first bytes.

.txt → text; .jsonl, .ndjson → jsonl; .json → saudinewsnet when its first object has
`date_extracted`, else json (jsonl when its first line is a whole object); .zip → saudinewsnet;
.html, .htm → html; .xml, .rss, .atom → feed; .warc, .warc.gz, .arc, .arc.gz → warc;
an http(s) URL → feed.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from pathlib import Path

from marsad.errors import InputError
from marsad.sources.decode import binary_kind
from marsad.sources.jsonsplit import first_item

FORMATS = ("text", "jsonl", "json", "saudinewsnet", "html", "feed", "warc")

_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".zip": "saudinewsnet", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".warc": "warc", ".arc": "warc",
}
_HEAD_BYTES = 65_536
_WHITESPACE = b"\xef\xbb\xbf \t\r\n"
_KEY = re.compile(rb'"([A-Za-z_]{1,40})"\s*:')


def is_url(source: str) -> bool:
    """Whether `source` is an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def is_input_name(name: str) -> bool:
    """Whether a file name looks like an input: an extension of a format marsad reads, or none
    at all (scraped files often have none; their content decides)."""
    lower = name.lower()
    suffix = Path(lower).suffix
    return (not suffix or suffix in _BY_SUFFIX or lower.endswith((".json", ".warc.gz", ".arc.gz"))
            or not suffix[1:].isalpha())


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file (one of FORMATS), or "feed" for an http(s) URL.

    Raises InputError when it cannot be told (the reason says why and suggests --format).
    """
    source = os.fspath(path)
    if is_url(source):
        return "feed"
    file = Path(source)
    name = file.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if name.endswith(".json"):
        return _sniff_json(file)
    if (by_suffix := _BY_SUFFIX.get(file.suffix.lower())) is not None:
        return by_suffix
    return _sniff(file)


def _head(path: Path) -> bytes:
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    if path.is_dir():
        raise InputError(str(path), "a directory, not a file")
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES)


def _sniff_json(path: Path) -> str:
    head = _head(path).lstrip(_WHITESPACE)
    if head.startswith(b"{"):
        first_line = head.split(b"\n", 1)[0]
        return "jsonl" if _is_object(first_line) else "json"
    return "saudinewsnet" if "date_extracted" in first_keys(head) else "json"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def first_keys(head: bytes) -> set[str]:
    """The keys of the first object of a JSON array, from the first bytes of the file (when
    they end inside that object, the keys seen so far).

    >>> sorted(first_keys(b'[{"source": "sabq", "date_extracted": "2015-07-21", "content": "'))
    ['content', 'date_extracted', 'source']
    """
    first = first_item(head)
    if isinstance(first, dict):
        return set(first)
    if first is not None:
        return set()
    return {m.group(1).decode() for m in _KEY.finditer(head)}


def _sniff(path: Path) -> str:
    head = _head(path)
    start = head.lstrip(_WHITESPACE)
    lower = start[:2048].lower()
    if start.startswith(b"PK\x03\x04"):
        return "saudinewsnet"
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        return _sniff_gzip(path)
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "saudinewsnet" if "date_extracted" in first_keys(start) else "json"
    if any(tag in lower for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if any(tag in lower for tag in (b"<html", b"<!doctype html", b"<body", b"<head")):
        return "html"
    if (kind := binary_kind(head[:8192])) is not None:
        raise InputError(str(path), f"cannot tell the format: binary data ({kind}); "
                                    f"give --format, one of {', '.join(FORMATS)}")
    return "text"


def _sniff_gzip(path: Path) -> str:
    try:
        with gzip.open(path, "rb") as fh:
            inner = fh.read(16)
    except (OSError, EOFError, zlib.error):
        inner = b""
    if inner.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    raise InputError(str(path), "cannot tell the format: a gzip file that is not a WARC archive "
                                "(give --format warc if it is one)")
