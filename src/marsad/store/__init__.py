"""Storage behind one interface, chosen by the `db` setting: a file path means SQLite;
a postgresql:// URL is reserved for the PostgreSQL store, which this version does not have yet.

A store has one writer at a time (see `store.lock`) and any number of readers; only a store
opened for writing is created or migrated."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from marsad.errors import MissingExtraError, StoreError
from marsad.store.base import Store
from marsad.store.read import Page, Reader
from marsad.store.search_base import SearchIndex
from marsad.store.write import Writer


def open_store(db: str, *, write: bool, lock_timeout: float = 10.0,
               command: str | None = None) -> Store:
    """Open the store named by `db`.

    For writing (`write=True`) the store is created and migrated if needed and held by this
    process, as `command` (shown to other writers), until closed; another writer waits up to
    `lock_timeout` seconds. For reading, the store must exist (StoreError says so otherwise) and
    is never created nor written. Raises StoreError when the store cannot be opened."""
    if _postgres(db):
        return _postgres_store(db)
    from marsad.store.sqlite import SQLiteStore

    return SQLiteStore(db, write=write, lock_timeout=lock_timeout, command=command)


def open_reader(db: str, *, lock_timeout: float = 10.0) -> Reader:
    """Open the store named by `db` for reading only: its read side, without the pipeline's
    modules (a reading command starts fast). The store must exist (NoStoreError otherwise) and
    is never created nor written; `lock_timeout` bounds the wait for an old schema's
    migration. Raises StoreError when the store cannot be opened."""
    if _postgres(db):
        return _postgres_store(db)
    from marsad.store.sqlite_read import SQLiteReadStore

    return SQLiteReadStore(db, lock_timeout=lock_timeout,
                           command="marsad (a reader upgrading the schema)")


def _postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def _postgres_store(db: str) -> Store:
    if importlib.util.find_spec("marsad.store.postgres") is None:
        raise StoreError(f"{db}: this version of marsad has no PostgreSQL store yet; "
                         "give a SQLite file path")
    try:
        from marsad.store.postgres import PostgresStore  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError("The PostgreSQL store", "postgres") from exc
    return PostgresStore(db)  # type: ignore[no-any-return]


def open_search(db: str, *, lock_timeout: float = 10.0) -> SearchIndex:
    """The search side of the existing store named by `db`, for reading (it loads neither
    numpy nor the pipeline). Raises StoreError when the store cannot be opened."""
    if _postgres(db):
        raise StoreError(f"{db}: search needs the SQLite store in this version of marsad; "
                         "give a SQLite file path")
    from marsad.store.sqlite_search import SQLiteSearch

    return SQLiteSearch(Path(db).expanduser(), lock_timeout=lock_timeout)


__all__ = ["Page", "Reader", "SearchIndex", "Store", "Writer", "open_reader", "open_search",
           "open_store"]
