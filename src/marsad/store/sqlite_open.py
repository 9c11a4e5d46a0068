"""Opening a SQLite store: for writing (under the writer lock; creates and migrates the file) or
for reading (never creates a file, never writes, except an old schema's migration, which it
runs under the writer lock as a writer would: a reader need not wait for the next ingest to
read a store made by an older marsad)."""

from __future__ import annotations

import sqlite3
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.errors import NoStoreError, StoreError
from marsad.store.lock import WriterLock
from marsad.store.sqlite_errors import store_error

_SESSION = ("PRAGMA cache_size=-131072",  # 128 MB of page cache
            "PRAGMA temp_store=MEMORY", "PRAGMA foreign_keys=ON")


@cache
def migrations() -> tuple[str, ...]:
    """The schema migrations, in order: sql/0001_*.sql, sql/0002_*.sql, ... (read once)."""
    folder = resources.files("marsad.store") / "sql"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return tuple((folder / n).read_text(encoding="utf-8") for n in names)


def connect_writer(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-write connection, the file created and migrated; the caller holds the lock."""
    db = _connect(str(path), uri=False, timeout=timeout)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        migrate(db, path)
        # Search index (issue 13): a store made before it gets its articles indexed, once.
        from marsad.store.sqlite_search import backfill
        backfill(db)
        # Document frequencies as a base and a log (issue 13): an older store's snapshot becomes
        # the base, once.
        from marsad.store.sqlite_doc_freq import convert_doc_freq_blob
        try:
            convert_doc_freq_blob(db)
        except StoreError as exc:
            raise StoreError(f"{path}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


def connect_reader(path: Path, lock: WriterLock, timeout: float) -> sqlite3.Connection:
    """A connection that only reads an existing store (an old schema migrated under `lock`).

    It is opened read-write without create (mode=rw: the file is never created, and it falls
    back to read-only when the file is write-protected) so that, like any reader of a WAL
    store, it can use the -wal and -shm files; `query_only` keeps marsad from writing."""
    if not path.exists():
        raise NoStoreError(f"no marsad store at {path}: `marsad ingest` creates one")
    db = _connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=timeout)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise NoStoreError(f"{path} holds no marsad store yet: `marsad ingest` creates one")
        _not_newer(version, path)
        if version < len(migrations()):
            _migrate_locked(db, path, lock, timeout)
        db.execute("PRAGMA query_only=ON")
    except BaseException:
        db.close()
        raise
    return db


def _connect(target: str, *, uri: bool, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(target, uri=uri, timeout=timeout, isolation_level=None,
                         check_same_thread=False)
    db.row_factory = sqlite3.Row
    for pragma in _SESSION:
        db.execute(pragma)
    return db


def _migrate_locked(db: sqlite3.Connection, path: Path, lock: WriterLock, timeout: float) -> None:
    """Bring an old store's schema up to date as a writer would: under the writer lock."""
    lock.acquire(timeout)
    try:
        migrate(db, path)
    finally:
        lock.release()


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Run the migrations the store has not had, each in one transaction (under the lock)."""
    steps = migrations()
    version = db.execute("PRAGMA user_version").fetchone()[0]
    _not_newer(version, path)
    if version == 0 and db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path} is a SQLite database of another program, not a marsad store: "
                         "give another file")
    for number, script in enumerate(steps[version:], start=version + 1):
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")


def _not_newer(version: int, path: Path) -> None:
    if version > (known := len(migrations())):
        raise StoreError(f"{path} has schema version {version}, newer than this marsad "
                         f"({known}): upgrade marsad")


class SQLiteFile:
    """The connection to one store file, opened for writing (holding the writer lock until
    closed) or for reading; the SQLite store's two sides run their statements on `db`."""

    def __init__(self, path: str | Path, *, write: bool = True, lock_timeout: float = 10.0,
                 command: str | None = None) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory: give a file path for the database")
        self._lock = WriterLock(self.path, command or _this_program())
        try:
            if write:
                self._lock.acquire(lock_timeout)
                self.db = connect_writer(self.path, lock_timeout)
            else:
                self.db = connect_reader(self.path, self._lock, lock_timeout)
        except sqlite3.Error as exc:
            self._lock.release()
            raise store_error(exc, self.path) from exc
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._lock.release()


def _this_program() -> str:
    """How a writer that did not name itself (marsad.open) is shown to the writers it keeps
    waiting: the script's name."""
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c") else "python"
    return f"{script} (marsad.open)"
