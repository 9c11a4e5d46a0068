"""The SQLite store: migrations, one transaction per batch, lookups by id prefix."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import NoStoreError, NotFoundError, StoreBusyError, StoreError
from marsad.model import Article, BatchWrite, Fingerprint, Group
from marsad.store import open_store
from marsad.store.lock import WriterLock
from marsad.store.sqlite import SQLiteStore, migrations


def article(id_: str, text: str = "نص الخبر") -> Article:
    return Article(id=id_, text=text, clean_text=text, origin="t", outlet="واس",
                   published=datetime(2015, 7, 21, 10), event_id="e" + id_)


def batch(*articles: Article, groups: list[Group] | None = None) -> BatchWrite:
    prints = {a.id: Fingerprint(1, 1, np.arange(128, dtype=np.uint32), [1, 2]) for a in articles}
    return BatchWrite(list(articles), prints, [], groups or [], [], {("واس", 7): 1}, None, [])


def event(id_: str) -> Group:
    return Group(id=id_, level="event", title="عنوان", start=datetime(2015, 7, 21),
                 end=datetime(2015, 7, 22), size=1, n_vectors=1,
                 centroid_idx=np.array([3, 9], np.int32),
                 centroid_val=np.array([0.6, 0.8], np.float32), parent_id="s1")


def test_new_file_is_migrated_to_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    SQLiteStore(path).close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == len(migrations()) >= 1
    SQLiteStore(path).close()  # opening again migrates nothing and fails nothing


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SQLiteStore(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    for write in (True, False):
        with pytest.raises(StoreError, match=r"newer than this marsad \(\d+\): upgrade marsad"):
            SQLiteStore(path, write=write)


@pytest.mark.parametrize("write", [True, False])
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path, write: bool) -> None:
    path = tmp_path / "notes.db"
    path.write_text("ليست قاعدة بيانات" * 100)
    with pytest.raises(StoreError, match=r"notes.db is not a marsad store \(not a SQLite"):
        open_store(str(path), write=write)


def test_batch_round_trip_and_prefix_lookup(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.write(batch(article("abc123"), groups=[event("eabc123")]))
        got = store.article("abc123")
        assert got.text == "نص الخبر" and got.storyline_id == "s1"
        assert store.resolve("abc1") == ("article", "abc123")
        assert store.resolve("eabc") == ("event", "eabc123")
        assert store.known_ids(["abc123", "zzz"]) == {"abc123"}
        assert store.line_counts([("واس", 7)]) == {("واس", 7): 1}
        g = store.load_groups(["eabc123"])[0]
        assert g.centroid_val.tolist() == pytest.approx([0.6, 0.8])
        with pytest.raises(NotFoundError):
            store.resolve("ffff")


def test_a_failing_batch_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.write(batch(article("a1")))
        before = store.stats()
        with pytest.raises(StoreError, match="UNIQUE constraint failed") as failed:
            store.write(batch(article("a2"), article("a1")))  # a1 again: unique id violated
        assert isinstance(failed.value.__cause__, sqlite3.IntegrityError)
        assert store.stats() == before
        assert store.known_ids(["a2"]) == set()
        assert store.line_counts([("واس", 7)]) == {("واس", 7): 1}


# --- one writer, many readers; only a writer creates or migrates ----------------------------
def test_reading_a_missing_store_says_so_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(NoStoreError, match=r"no marsad store at .*nothing\.db: `marsad ingest`"):
        open_store(str(tmp_path / "nothing.db"), write=False)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_is_no_store_to_read(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    with pytest.raises(StoreError, match="holds no marsad store yet"):
        open_store(str(tmp_path / "empty.db"), write=False)


def test_another_programs_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.close()
    with pytest.raises(StoreError, match="database of another program"):
        open_store(str(path), write=True)


def test_a_reader_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    SQLiteStore(path).close()
    with SQLiteStore(path, write=False) as store, pytest.raises(StoreError, match=r"r\.db cannot be "
                                                                  r"written"):
        store.write(batch(article("a1")))


def test_a_second_writer_waits_then_is_told_who_holds_the_store(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    with SQLiteStore(path, command="marsad ingest"):
        with pytest.raises(StoreBusyError) as busy:
            SQLiteStore(path, lock_timeout=0.1, command="marsad extract")
        message = str(busy.value)
        assert message.startswith(f"{path} is being written by `marsad ingest` (pid {os.getpid()}, "
                                  "this process, since ")
        assert "MARSAD_LOCK_TIMEOUT (now 0.1 s)" in message and "\n" not in message
        with SQLiteStore(path, write=False) as reader:  # readers take no lock
            assert reader.stats()["articles"] == 0
    SQLiteStore(path, lock_timeout=0).close()  # released on close


def test_a_reader_sees_the_last_commit_while_a_writer_is_in_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with SQLiteStore(path) as writer:
        writer.write(batch(article("a1")))
        writer.db.execute("BEGIN IMMEDIATE")
        writer.db.execute("DELETE FROM articles")
        with SQLiteStore(path, write=False, lock_timeout=0) as reader:
            assert reader.known_ids(["a1"]) == {"a1"}
        writer.db.execute("ROLLBACK")


def _old_store(path: Path) -> None:
    """A store left at schema version 1 by an older marsad."""
    con = sqlite3.connect(path)
    con.executescript(f"BEGIN;\n{migrations()[0]}\nPRAGMA user_version=1;\nCOMMIT;")
    con.close()


def test_a_reader_migrates_an_old_schema_under_the_writer_lock(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path)
    holder = WriterLock(path, "marsad ingest")
    holder.acquire(0)
    try:
        with pytest.raises(StoreError, match="is being written by `marsad ingest`"):
            SQLiteStore(path, write=False, lock_timeout=0)
    finally:
        holder.release()
    with SQLiteStore(path, write=False) as reader:
        assert reader.stats()["entities"] == 0  # a table of migration 2
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
    con.close()


def test_a_store_locked_by_another_program_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    SQLiteStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusyError, match=r"l.db is locked by another program.*\(database is "
                                             r"locked\)"):
            SQLiteStore(path, write=False, lock_timeout=0.05).stats()
    finally:
        other.close()


def _damaged_store(path: Path) -> None:
    with SQLiteStore(path) as store:
        store.write(batch(*(article(f"a{i}", "نص طويل " * 400) for i in range(40))))
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)  # every page after the second
    path.write_bytes(bytes(data))


def test_a_damaged_store_fails_with_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    _damaged_store(path)
    with pytest.raises(StoreError) as damaged, SQLiteStore(path, write=False) as store:
        list(store.articles())  # a generator: translated while iterated
    assert str(damaged.value).startswith(f"{path} is damaged; restore it from a copy")
    assert isinstance(damaged.value.__cause__, sqlite3.DatabaseError)


def test_every_store_method_translates_sqlite_errors() -> None:
    from marsad.store import Reader, Store, Writer
    from marsad.store.sqlite_errors import public_methods
    from marsad.store.sqlite_read import SQLiteReadStore

    public = public_methods(Store)
    assert {"write", "article_page", "close"} <= set(public)
    assert set(public) == set(public_methods(Reader)) | set(public_methods(Writer))
    assert all(hasattr(getattr(SQLiteStore, n), "__wrapped__") for n in public)
    assert all(hasattr(getattr(SQLiteReadStore, n), "__wrapped__") for n in public_methods(Reader))


def test_the_python_api_reads_without_creating_and_writes_by_default(tmp_path: Path) -> None:
    import marsad

    with pytest.raises(StoreError, match="no marsad store at"):
        marsad.open(tmp_path / "api.db", readonly=True)
    assert list(tmp_path.iterdir()) == []
    with marsad.open(tmp_path / "api.db", workers=0) as writer:  # creates, and holds the store
        with pytest.raises(StoreError, match=r"\(marsad\.open\)` \(pid \d+, this process"):
            marsad.open(tmp_path / "api.db", lock_timeout=0)
        with marsad.open(tmp_path / "api.db", readonly=True) as reader:
            assert reader.stats() == writer.stats()
            with pytest.raises(StoreError, match="opened read-only"):
                reader.ingest(tmp_path / "nothing.txt")


def test_a_store_in_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="check that the folder exists"):
        open_store(str(tmp_path / "no" / "such" / "s.db"), write=True)
