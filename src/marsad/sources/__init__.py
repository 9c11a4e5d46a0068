"""Readers: every supported input format, streamed, with bad inputs rejected one by one.

`read(paths)` yields a RawDocument for each article found, a Rejection for each input (file,
line, member, item, record) that cannot be read, with the reason the user sees, and a Notice for
what the user should know about an input that was still read (e.g. "decoded as windows-1256").
It never raises for a bad input; only an unknown `fmt` is a usage error (ConfigError).
Every article meets the same bounds whichever reader found it (`marsad.sources.bounds`: text size,
one-line title, author and outlet of bounded length, URL length).

>>> for item in read(["../shared/seeds/"]):  # doctest: +SKIP
...     print(item.origin, item.title if isinstance(item, RawDocument) else item)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from marsad.errors import ConfigError, InputError
from marsad.model import Notice, RawDocument, Rejection
from marsad.sources.bounds import bounded
from marsad.sources.detect import FORMATS, detect_format, is_input_name, is_url
from marsad.sources.feed import read_feed_file, read_feed_url
from marsad.sources.html import read_html
from marsad.sources.jsonl import read_jsonl
from marsad.sources.saudinewsnet import read_records
from marsad.sources.text import SIDECAR, read_text
from marsad.sources.warc import read_warc

Item = RawDocument | Rejection | Notice
Reader = Callable[[Path, int], Iterator[Item]]

__all__ = ["FORMATS", "Item", "detect_format", "input_bytes", "read"]

READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "json": lambda path, max_bytes: read_records(path, "json", max_bytes),
    "saudinewsnet": lambda path, max_bytes: read_records(path, "saudinewsnet", max_bytes),
    "html": read_html,
    "feed": read_feed_file,
    "warc": read_warc,
}
UNEXPECTED = "unexpected error while reading"


def read(paths: Iterable[str | os.PathLike[str]], fmt: str | None = None, *,
         max_article_bytes: int = 5_000_000,
         on_done: Callable[[int], None] | None = None) -> Iterator[Item]:
    """Stream every article of every path: files, folders (walked, sorted) and feed URLs.

    In a folder, files whose extension names no input format (a README.md, a script) are
    skipped with a Notice unless `fmt` is given; files without an extension are sniffed.

    `fmt` forces one format (one of FORMATS) for every file; by default each file's format is
    detected. A one-article file (text, html) above `max_article_bytes` is rejected.
    `on_done(size)` is called after each file with its size in bytes (see `input_bytes`).
    Raises ConfigError for an unknown `fmt`, before reading anything.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ConfigError(f"unknown input format {fmt!r}: use one of {', '.join(FORMATS)}")
    if isinstance(paths, str | os.PathLike):  # one path, not the characters of its name
        paths = [paths]
    return _read_all(paths, fmt, max_article_bytes, on_done or (lambda size: None))


def input_bytes(paths: Iterable[str | os.PathLike[str]], fmt: str | None = None) -> int:
    """The total size of the files that `read(paths, fmt)` reads (URLs count as 0)."""
    total = 0
    for source in paths:
        path = Path(os.fspath(source))
        files = ([c for c in walk(path) if fmt is not None or is_input_name(c.name)]
                 if path.is_dir() else [path])
        total += sum(_size(f) for f in files)
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _read_all(paths: Iterable[str | os.PathLike[str]], fmt: str | None,
              max_bytes: int, on_done: Callable[[int], None]) -> Iterator[Item]:
    for source in paths:
        name = os.fspath(source)
        path = Path(name)
        if not name.strip():
            yield Rejection(repr(name), "empty path")
        elif is_url(name):
            yield from _guarded(name, bounded(_read_url(name, fmt), max_bytes))
        elif not path.exists():
            yield Rejection(name, "no such file or directory")
        elif path.is_dir():
            for child in walk(path):
                if fmt is None and not is_input_name(child.name):
                    yield Notice(str(child), "skipped: not a file type marsad reads from a folder "
                                             "(name the file, or give --format, to read it)")
                    continue
                yield from _guarded(str(child), _read_file(child, fmt, max_bytes))
                on_done(_size(child))
        else:
            yield from _guarded(name, _read_file(path, fmt, max_bytes))
            on_done(_size(path))


def walk(folder: Path) -> Iterator[Path]:
    """The files under a folder, sorted, without hidden files or folders, __pycache__ and sidecars."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(SIDECAR):
                yield Path(root) / name


def _read_url(url: str, fmt: str | None) -> Iterator[Item]:
    if fmt not in (None, "feed"):
        yield Rejection(url, f"a URL is read as a feed, not as {fmt}")
        return
    yield from read_feed_url(url)


def _read_file(path: Path, fmt: str | None, max_bytes: int) -> Iterator[Item]:
    if (kind := _special(path)) is not None:
        yield Rejection(str(path), f"not a regular file but {kind}")
        return
    try:
        yield from bounded(READERS[fmt or detect_format(path)](path, max_bytes), max_bytes)
    except InputError as exc:
        yield Rejection(exc.origin, exc.reason, exc.record)
    except PermissionError:
        yield Rejection(str(path), "permission denied")
    except OSError as exc:
        yield Rejection(str(path), f"cannot read the file ({exc.strerror or exc})")


def _special(path: Path) -> str | None:
    """What a path is when it is a device or a socket (/dev/zero never ends), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # the reader says why it cannot be read
    for test, kind in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return None


def _guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input; a bug that a strange input triggers in a reader or a library
    rejects that input (reported, with the error) instead of ending the whole run."""
    try:
        yield from items
    except Exception as exc:  # deliberate: one bad input must not stop a 1 GB ingest
        yield Rejection(origin, f"{UNEXPECTED} ({type(exc).__name__}: {exc}); please report it")
