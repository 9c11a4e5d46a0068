"""Storage behind one interface, chosen by the `db` setting: a file path means SQLite;
a postgresql:// URL is reserved for the PostgreSQL store, which this version does not have yet."""

from __future__ import annotations

import importlib.util

from marsad.errors import MissingExtraError, StoreError
from marsad.store.base import Store


def open_store(db: str) -> Store:
    """Open (creating and migrating if needed) the store named by `db`."""
    if db.startswith(("postgresql://", "postgres://")):
        if importlib.util.find_spec("marsad.store.postgres") is None:
            raise StoreError(f"{db}: this version of marsad has no PostgreSQL store yet; "
                             "give a SQLite file path")
        try:
            from marsad.store.postgres import PostgresStore  # type: ignore[import-not-found]
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError("The PostgreSQL store", "postgres") from exc
        return PostgresStore(db)  # type: ignore[no-any-return]
    from marsad.store.sqlite import SQLiteStore

    return SQLiteStore(db)


__all__ = ["Store", "open_store"]
