"""One writer at a time: an advisory lock on a file beside the store (`news.db.lock`).

The pipeline keeps group state in memory for a whole run, so a store has one writer from the
moment it is opened for writing until it is closed; a second writer waits a bounded time, then
says who holds the store. The lock is the kernel's (flock): it goes with the process however it
ends, so a killed ingest leaves no stale lock. The file records the holder (pid, command, start
time) for the waiting writer's message; it stays when released, emptied, since deleting a lock
file races with a writer about to lock it. Readers take no lock (SQLite's WAL serves them a
consistent snapshot). POSIX only: where fcntl is missing (Windows) no lock is taken.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from marsad.errors import StoreBusyError, StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_POLL = 0.05  # seconds between two tries while another writer holds the lock
_HELD: set[int] = set()  # descriptors of the locks this process holds


def _forget_in_child() -> None:
    """A forked worker closes its copies of the lock files, so that the lock goes with the
    writer even when a worker outlives it (closing a copy does not unlock: the writer's stays)."""
    for fd in _HELD:
        os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def lock_path(db: Path) -> Path:
    """The lock file of the store at `db`."""
    return db.with_name(db.name + ".lock")


class WriterLock:
    """The writer lock of one store, held by `command` (e.g. "marsad ingest") once acquired."""

    def __init__(self, db: Path, command: str) -> None:
        self.db, self.path, self.command = db, lock_path(db), command
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting up to `timeout` seconds; raises StoreError naming the holder."""
        if fcntl is None:  # pragma: no cover - Windows
            return
        fd = self._open()
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreBusyError(self._busy_message(timeout))
            time.sleep(_POLL)
        self._fd = fd
        _HELD.add(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(self._record()).encode(), 0)

    def release(self) -> None:
        """Empty the lock file and let the next writer in (closing the file unlocks it)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(fd)
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot create the writer lock {self.path} beside {self.db} "
                             f"({exc.strerror or exc}): check that the folder exists and can be "
                             "written") from exc

    def _record(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "command": self.command,
                "since": datetime.now().astimezone().isoformat(timespec="seconds")}

    def _busy_message(self, timeout: float) -> str:
        holder = read_holder(self.path)
        who = "another marsad process"
        if holder:
            pid = holder.get("pid", "?")
            who = f"`{holder.get('command', 'marsad')}` (pid {pid}"
            who += ", this process" if pid == os.getpid() else ""
            who += f", since {_clock(holder['since'])})" if "since" in holder else ")"
        return (f"{self.db} is being written by {who}; wait for it to finish, or set "
                f"MARSAD_LOCK_TIMEOUT (now {timeout:g} s) to wait longer")


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def read_holder(path: Path) -> dict[str, Any] | None:
    """What the holder of a lock file wrote about itself (None if unreadable or released)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _clock(since: str) -> str:
    """HH:MM:SS of an ISO time, with the date too when it is not today."""
    try:
        at = datetime.fromisoformat(since)
    except ValueError:
        return since
    today = datetime.now(at.tzinfo).date()
    return at.strftime("%H:%M:%S" if at.date() == today else "%Y-%m-%d %H:%M:%S")
