"""Document frequencies written as changes (issue 13): what is stored (a base plus a log of batch
deltas, folded now and then) is, after every batch, the DocFreq the Grouper holds; a store
ingested in one run groups like one ingested in two, however often the log is folded; an older
store's snapshot becomes the base once; a document rejected by the retry path leaves no counts."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import marsad
import marsad.pipeline
from marsad.sample import sample_paths
from marsad.store import sqlite_doc_freq
from marsad.store.sqlite_doc_freq import add_doc_freq, read_doc_freq
from marsad.stories import Grouper
from marsad.stories.features import DocFreq

BATCH = 40


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The first 240 articles of the sample day, as two files of 120 (three batches each)."""
    folder = tmp_path_factory.mktemp("halves")
    with zipfile.ZipFile(sample_paths()[1]) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))[:240]
    out = []
    for i, part in enumerate((records[:120], records[120:])):
        out.append(folder / f"part{i}.json")
        out[-1].write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
    return out[0], out[1]


def open_store(db: Path) -> marsad.Observatory:
    return marsad.open(db, workers=0, batch_size=BATCH)


def table(db: Path) -> tuple[dict[int, int], int]:
    """The stored document frequencies (the base plus the log), as {column: count}, documents."""
    con = sqlite3.connect(db)
    try:
        cols, counts, n_docs = read_doc_freq(con)
        return dict(zip(cols.tolist(), counts.tolist(), strict=True)), n_docs
    finally:
        con.close()


def layout(con: Any) -> tuple[int, int, int]:
    """(base rows, log rows, bytes of the log's blobs)."""
    base = con.execute("SELECT COUNT(*) FROM doc_freq_base").fetchone()[0]
    rows, size = con.execute("SELECT COUNT(*), COALESCE(SUM(length(cols) + length(counts)), 0) "
                             "FROM doc_freq_log").fetchone()
    return base, rows, size


def groups(db: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, level, size, parent_id FROM groups ORDER BY id").fetchall()
    finally:
        con.close()


def dense(rows: dict[int, int], n_docs: int) -> DocFreq:
    return DocFreq.from_counts(np.array(list(rows), np.int64),
                               np.array(list(rows.values()), np.int64), n_docs)


@pytest.fixture
def groupers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Grouper]]:
    """Every Grouper the pipeline makes, in order."""
    made: list[Grouper] = []

    class Recorded(Grouper):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(marsad.pipeline, "Grouper", Recorded)
    yield made


@pytest.mark.parametrize("log_rows", [sqlite_doc_freq.LOG_ROWS, 2])
def test_the_store_holds_the_groupers_document_frequencies_after_every_batch(
        tmp_path: Path, halves: tuple[Path, Path], groupers: list[Grouper],
        monkeypatch: pytest.MonkeyPatch, log_rows: int) -> None:
    monkeypatch.setattr(sqlite_doc_freq, "LOG_ROWS", log_rows)
    db = tmp_path / "one.db"
    checked, layouts = [], []
    with open_store(db) as obs:
        store: Any = obs._store
        write = store.write

        def checked_write(batch: Any) -> None:
            write(batch)
            if batch.doc_freq is not None:
                cols, counts, n_docs = store.doc_freq()
                held = groupers[-1].seen
                assert n_docs == held.n_docs
                assert np.array_equal(DocFreq.from_counts(cols, counts, n_docs).df, held.df)
                checked.append(n_docs)
                layouts.append(layout(store.db))

        store.write = checked_write
        report = obs.ingest(list(halves))
    assert report.stored > 200 and len(checked) == 6 and checked[-1] > 200
    assert checked == sorted(checked)
    assert all(base == 1 and rows <= log_rows for base, rows, _ in layouts)
    rows = [r for _, r, _ in layouts]
    assert rows[0] == 0  # the first batch makes the base
    assert any(rows) and any(b > a for a, b in pairwise(rows))  # appended
    assert any(b < a for a, b in pairwise(rows))  # and folded again


def test_the_log_is_folded_into_the_base_by_rows_and_by_bytes_and_the_sums_hold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_doc_freq, "LOG_ROWS", 4)
    db = tmp_path / "log.db"
    with open_store(db):
        pass
    rng = np.random.default_rng(13)
    want = np.zeros(2**20, np.int64)
    n_want = 0
    con = sqlite3.connect(db, isolation_level=None)
    steps = []
    for size in [5000] + [20] * 10 + [20000, 20]:
        cols = np.unique(rng.integers(0, 2**20, size))
        counts = rng.integers(1, 40, cols.size)
        con.execute("BEGIN IMMEDIATE")
        folded = add_doc_freq(con, cols, counts, 40)
        con.execute("COMMIT")
        want[cols] += counts
        n_want += 40
        got_cols, got_counts, n_docs = read_doc_freq(con)
        assert n_docs == n_want
        assert np.array_equal(got_cols, np.flatnonzero(want))
        assert np.array_equal(got_counts, want[got_cols])
        steps.append((folded, *layout(con)[:2]))
    con.close()
    # the first makes the base; small deltas are appended until a fifth row would be one too
    # many; a delta larger than the base folds at once
    assert [s[2] for s in steps] == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 0, 1]
    assert [s[0] for s in steps] == [s[2] == 0 for s in steps]
    assert all(s[1] == 1 for s in steps)
    assert table(db)[1] == n_want
    with open_store(db):  # a writer's opening leaves it as it is
        pass
    assert table(db)[1] == n_want


def test_one_run_and_two_runs_store_the_same_groups_and_counts(
        tmp_path: Path, halves: tuple[Path, Path]) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    with open_store(one) as obs:
        obs.ingest(list(halves))
    for half in halves:  # a new run: the Grouper reads the counts of the first from the table
        with open_store(two) as obs:
            obs.ingest([half])
    assert groups(one) == groups(two)
    assert len(groups(one)) > 50
    assert table(one) == table(two)


def test_folding_at_every_batch_or_seldom_groups_alike(
        tmp_path: Path, halves: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    seldom, always = tmp_path / "seldom.db", tmp_path / "always.db"
    with open_store(seldom) as obs:
        obs.ingest(list(halves))
    monkeypatch.setattr(sqlite_doc_freq, "LOG_ROWS", 0)
    with open_store(always) as obs:
        obs.ingest(list(halves))
    assert groups(seldom) == groups(always)
    assert table(seldom) == table(always)
    con = sqlite3.connect(always)
    assert layout(con)[:2] == (1, 0)
    con.close()


def old_store(db: Path) -> tuple[dict[int, int], int]:
    """Make a store of schema 5 look like one written before it: the counts as the snapshot
    blob an older marsad kept in state, the new tables gone, schema version 4."""
    counts = table(db)
    con = sqlite3.connect(db)
    try:
        con.executescript("BEGIN; DROP TABLE doc_freq_base; DROP TABLE doc_freq_log; "
                          "PRAGMA user_version=4; COMMIT;")
        con.execute("INSERT INTO state(name, value) VALUES ('doc_freq', ?)",
                    (dense(*counts).to_bytes(),))
        con.commit()
    finally:
        con.close()
    return counts


def test_an_older_stores_snapshot_becomes_the_base_once_and_grouping_goes_on_alike(
        tmp_path: Path, halves: tuple[Path, Path]) -> None:
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    for db in (new, old):
        with open_store(db) as obs:
            obs.ingest([halves[0]])
    before = old_store(old)
    with marsad.open(old, readonly=True) as obs:  # a reader migrates the schema, not the blob
        assert obs.stats()["articles"] > 100
    with open_store(old):
        pass
    assert table(old) == before
    con = sqlite3.connect(old)
    assert con.execute("SELECT COUNT(*) FROM state WHERE name = 'doc_freq'").fetchone()[0] == 0
    assert layout(con)[:2] == (1, 0)  # the base, nothing in the log
    con.close()
    with open_store(old):  # again: nothing left to convert, nothing added
        pass
    assert table(old) == before
    for db in (new, old):
        with open_store(db) as obs:
            obs.ingest([halves[1]])
    assert groups(old) == groups(new)
    assert table(old) == table(new)


def test_a_document_rejected_after_grouping_leaves_no_counts(
        tmp_path: Path, halves: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        groupers: list[Grouper]) -> None:
    records = json.loads(halves[0].read_text(encoding="utf-8"))
    poison = records[50]["title"]
    assert poison
    without = tmp_path / "without.json"
    without.write_text(json.dumps([*records[:50], records[0], *records[51:]],
                                  ensure_ascii=False), encoding="utf-8")
    group = Grouper.group

    def failing(self: Grouper, articles: Any, *args: Any) -> Any:
        got = group(self, articles, *args)  # the counts are in memory when it fails
        if any(a.title == poison for a in articles):
            raise RuntimeError("poisoned")
        return got

    clean = tmp_path / "clean.db"
    with open_store(clean) as obs:  # the same batches, the poisoned one a repeat instead
        obs.ingest([without])
    monkeypatch.setattr(Grouper, "group", failing)
    db = tmp_path / "poisoned.db"
    with open_store(db) as obs:
        report = obs.ingest([halves[0]])
    assert [r.reason for r in report.rejections if "poisoned" in r.reason]
    assert len(groupers) > 2  # the retry path made new Groupers from the store
    assert table(db) == table(clean)
    held = groupers[-1].seen
    assert (held.n_docs, held.df.sum()) == (table(db)[1], sum(table(db)[0].values()))
