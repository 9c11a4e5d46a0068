"""The default store: one SQLite file, schema versioned by PRAGMA user_version. Its write side
is `sqlite_write.SQLiteWriter`, its read side `sqlite_read.SQLiteReader`; this module opens the
file for one or the other."""

from __future__ import annotations

from marsad.store.base import Store
from marsad.store.sqlite_errors import translate_errors
from marsad.store.sqlite_open import SQLiteFile
from marsad.store.sqlite_open import migrations as migrations  # re-exported
from marsad.store.sqlite_read import SQLiteReader
from marsad.store.sqlite_write import SQLiteWriter


@translate_errors(Store)
class SQLiteStore(SQLiteFile, SQLiteWriter, SQLiteReader, Store):
    """Store in one SQLite file (WAL journal; each batch one transaction).

    Opened for writing (`write=True`), it holds the store's writer lock until closed, creating
    and migrating the file as needed; a second writer waits up to `lock_timeout` seconds, then
    StoreError names the holder. Opened for reading, it needs an existing store, never creates a
    file and takes no lock (an old schema is migrated under the writer lock, then read).
    Every sqlite3 error leaving a method is a StoreError naming the file.
    """
