"""The SQLite store: migrations, one transaction per batch, lookups by id prefix."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import NotFoundError, StoreError
from marsad.model import Article, BatchWrite, Fingerprint, Group
from marsad.store import open_store
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
    with pytest.raises(StoreError, match="upgrade marsad"):
        SQLiteStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("ليست قاعدة بيانات" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(path))


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
        with pytest.raises(sqlite3.IntegrityError):
            store.write(batch(article("a2"), article("a1")))  # a1 again: unique id violated
        assert store.stats() == before
        assert store.known_ids(["a2"]) == set()
        assert store.line_counts([("واس", 7)]) == {("واس", 7): 1}
