"""Storage behind one interface, chosen by the `db` setting: a file path means SQLite,
a postgresql:// URL means PostgreSQL (needs marsad[postgres])."""

from __future__ import annotations

from marsad.errors import MissingExtraError
from marsad.store.base import Store


def open_store(db: str) -> Store:
    """Open (creating and migrating if needed) the store named by `db`."""
    if db.startswith(("postgresql://", "postgres://")):
        try:
            from marsad.store.postgres import PostgresStore  # type: ignore[import-not-found]
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError("The PostgreSQL store", "postgres") from exc
        return PostgresStore(db)  # type: ignore[no-any-return]
    from marsad.store.sqlite import SQLiteStore

    return SQLiteStore(db)


__all__ = ["Store", "open_store"]
