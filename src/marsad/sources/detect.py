"""Which reader a path needs: by extension, then by its first bytes."""

from __future__ import annotations

from pathlib import Path

from marsad.errors import InputError

FORMATS = ("text", "jsonl", "json", "saudinewsnet", "html", "feed", "warc")

_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".zip": "saudinewsnet",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "feed", ".rss": "feed",
    ".atom": "feed", ".warc": "warc", ".arc": "warc",
}


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def detect_format(path: Path) -> str:
    """The format of a file; InputError with the reason when it cannot be told."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _sniff_json(path)
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    return _sniff(path)


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _sniff_json(path: Path) -> str:
    head = _head(path, 2048).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if b'"date_extracted"' in head:
        return "saudinewsnet"
    return "json"


def _sniff(path: Path) -> str:
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = head[:1024].lower()
    if head.startswith(b"PK\x03\x04"):
        return "saudinewsnet"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
        return "feed"
    if b"<html" in lower or b"<!doctype html" in lower or b"<body" in lower:
        return "html"
    if head.startswith(b"\x1f\x8b"):
        raise InputError(str(path), "gzip file of unknown content: give --format warc if it is "
                                    "a WARC archive")
    return "text"
