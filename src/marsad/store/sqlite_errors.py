"""SQLite's errors as marsad's: every sqlite3.Error leaving a store method becomes one StoreError
line that names the file and says what to do, translated here and nowhere else."""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from marsad.errors import StoreBusyError, StoreError

C = TypeVar("C", bound=type)

# (words of SQLite's message, what it means for the user); the first match wins
_MEANINGS = (
    ("locked", "is locked by another program; close it (or wait) and try again"),
    ("busy", "is locked by another program; close it (or wait) and try again"),
    ("not a database", "is not a marsad store (not a SQLite database): give the path of a "
                       "store, or a new file to `marsad ingest`"),
    ("malformed", "is damaged; restore it from a copy, or ingest again into a new file"),
    ("full", "cannot grow: the disk is full; free some space and run the command again"),
    ("readonly", "cannot be written (read-only file or folder); check its permissions"),
    ("unable to open", "cannot be opened; check that its folder exists and is readable"),
    ("disk i/o", "cannot be read or written (disk I/O error); check the disk"),
)


def describe(exc: sqlite3.Error, path: Path | str) -> str:
    """One line for a SQLite error on the store at `path`, with SQLite's own words last."""
    said = str(exc).strip() or type(exc).__name__
    low = said.lower()
    for words, meaning in _MEANINGS:
        if words in low:
            return f"{path} {meaning} ({said})"
    return f"{path}: the store failed: {said}"


def store_error(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """The StoreError to raise (from `exc`) for a SQLite error on the store at `path`."""
    busy = isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in ("locked", "busy"))
    return (StoreBusyError if busy else StoreError)(describe(exc, path))


def translate_errors(public: type) -> Callable[[C], C]:
    """Class decorator: wrap each public method of the interface `public` so that a sqlite3.Error
    leaves it as StoreError (generators too, while they are iterated)."""

    def decorate(cls: C) -> C:
        for name in public_methods(public):
            setattr(cls, name, _wrap(getattr(cls, name)))
        return cls

    return decorate


def public_methods(interface: type) -> list[str]:
    """The public methods of an interface and of the interfaces it extends."""
    names = {name for klass in interface.__mro__ if klass is not object
             for name, attr in vars(klass).items()
             if not name.startswith("_") and callable(attr)}
    return sorted(names)


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def iterate(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise store_error(exc, self.path) from exc

        return iterate

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    return call
