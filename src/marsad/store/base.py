"""The one interface every store implements (SQLite by default, PostgreSQL as an extra): its
read side (`read.Reader`, what people and programs read) and its write side (`write.Writer`,
what the pipeline writes), in one object opened for reading or for writing."""

from __future__ import annotations

from marsad.store.read import Reader
from marsad.store.write import Writer


class Store(Reader, Writer):
    """Both sides of one store; a store opened for reading refuses writes with StoreError."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
