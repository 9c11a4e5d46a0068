"""The store as the API's request handlers use it: one read-only Observatory and one search index
per worker thread, opened on a thread's first request and kept (a SQLite connection is cheap to
keep and costs a few statements to open; in WAL mode each statement sees the last commit), and
a writer opened per ingest, under the one-writer lock."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from marsad.errors import ConfigError
from marsad.observatory import Observatory
from marsad.settings import Settings
from marsad.store import SearchIndex, open_search

H = TypeVar("H", Observatory, SearchIndex)


def settings_for(db: str) -> Settings:
    """The settings of a server of the store `db` (the rest from MARSAD_* variables)."""
    try:
        return Settings(db=db)
    except ValidationError as exc:
        raise ConfigError(f"invalid setting: {exc.errors()[0]['msg']}") from exc


class Stores:
    """Read-only handles on one store, one set per thread, all closed by `close`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._opened: list[Observatory | SearchIndex] = []
        self._guard = threading.Lock()

    def observatory(self) -> Observatory:
        """This thread's read-only Observatory (StoreError when the store cannot be opened)."""
        obs: Observatory | None = getattr(self._local, "obs", None)
        if obs is None:
            obs = self._local.obs = self._keep(Observatory(self.settings, readonly=True))
        return obs

    def search(self) -> SearchIndex:
        """This thread's search index."""
        index: SearchIndex | None = getattr(self._local, "search", None)
        if index is None:
            index = self._local.search = self._keep(
                open_search(self.settings.db, lock_timeout=self.settings.lock_timeout))
        return index

    def _keep(self, handle: H) -> H:
        with self._guard:
            self._opened.append(handle)
        return handle

    def close(self) -> None:
        """Close every handle (at shutdown, when no request runs)."""
        with self._guard:
            opened, self._opened = self._opened, []
        for handle in opened:
            handle.close()

    def state_tag(self) -> str:
        """A validator of what the store holds now, from the size and modification time of the
        store file and its write-ahead log (two stat calls: every commit changes the log, every
        checkpoint the file). Used as the ETag of every read."""
        parts = []
        for path in (self.settings.db_path, Path(f"{self.settings.db_path}-wal")):
            try:
                st = os.stat(path)
            except OSError:
                parts.append("-")
                continue
            parts.append(f"{st.st_size:x}.{st.st_mtime_ns:x}")
        return 'W/"' + "-".join(parts) + '"'
