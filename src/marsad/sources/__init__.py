"""Readers: every supported input format, streamed, with bad inputs rejected one by one.

`read(paths)` yields RawDocument for each article found, Rejection for each input (file, line,
record) that cannot be read, with the reason, and Notice for what the user should know (e.g. a
file decoded from Windows-1256). It never raises for a bad input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.errors import ConfigError, InputError
from marsad.model import Notice, RawDocument, Rejection
from marsad.sources.detect import FORMATS, detect_format, is_url
from marsad.sources.feed import read_feed
from marsad.sources.html import read_html
from marsad.sources.records import read_json, read_jsonl, read_zip
from marsad.sources.text import read_text
from marsad.sources.warc import read_warc

Item = RawDocument | Rejection | Notice

__all__ = ["FORMATS", "Item", "detect_format", "read"]


def read(paths: Iterable[str | os.PathLike[str]], fmt: str | None = None, *,
         max_article_bytes: int = 5_000_000) -> Iterator[Item]:
    """Stream every article of every path (files, folders, feed URLs).

    `fmt` forces one format for every file; by default each file's format is detected.
    Raises ConfigError for an unknown `fmt`, before reading anything.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ConfigError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    for source in paths:
        source = os.fspath(source)
        if is_url(source):
            yield from read_feed(source)
            continue
        path = Path(source)
        if not path.exists():
            yield Rejection(source, "no such file or directory")
        elif path.is_dir():
            for child in _walk(path):
                yield from _read_file(child, fmt, max_article_bytes)
        else:
            yield from _read_file(path, fmt, max_article_bytes)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, sorted, without hidden files and sidecars."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(".meta.json"):
                yield Path(root) / name


def _read_file(path: Path, fmt: str | None, max_bytes: int) -> Iterator[Item]:
    try:
        kind = fmt or detect_format(path)
        yield from _dispatch(path, kind, max_bytes)
    except InputError as exc:
        yield Rejection(exc.origin, exc.reason)
    except PermissionError:
        yield Rejection(str(path), "permission denied")
    except OSError as exc:
        yield Rejection(str(path), f"cannot read ({exc.strerror or exc})")


def _dispatch(path: Path, kind: str, max_bytes: int) -> Iterator[Item]:
    if kind == "text":
        yield from read_text(path, max_bytes)
    elif kind == "jsonl":
        yield from read_jsonl(path)
    elif kind in ("json", "saudinewsnet") and path.suffix.lower() != ".zip":
        yield from read_json(path, kind)
    elif kind == "saudinewsnet":
        yield from read_zip(path)
    elif kind == "html":
        yield from read_html(path, max_bytes)
    elif kind == "feed":
        yield from read_feed(str(path))
    else:
        yield from read_warc(path)
