"""The write side's contract, written against `marsad.store.Writer` (and the Reader that shows
what was written): every backend runs these tests (add its name to BACKENDS and a branch to
`backend`). Each test writes into a new, empty store."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import StoreBusyError, StoreError
from marsad.model import (
    Article,
    BatchWrite,
    DocFreqDelta,
    Entity,
    EntityType,
    ExtractWrite,
    Findings,
    Fingerprint,
    Group,
    Mention,
    Quote,
    Rejection,
    Repoint,
    TimeExpression,
)
from marsad.store import Reader, Writer, open_reader, open_store

BACKENDS = ["sqlite"]
Open = Callable[..., Writer]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path
            ) -> Iterator[tuple[Open, Callable[[], Reader]]]:
    """(open a writer, open a reader) of one new store."""
    if request.param == "sqlite":
        db = str(tmp_path / "w.db")
        yield (lambda timeout=10.0, command="marsad ingest": open_store(
                   db, write=True, lock_timeout=timeout, command=command),
               lambda: open_reader(db))


@pytest.fixture
def writer(backend: tuple[Open, Callable[[], Reader]]) -> Iterator[Writer]:
    with backend[0]() as opened:
        yield opened


def article(id_: str, *, day: int = 21, outlet: str = "واس", copy_of: str | None = None
            ) -> Article:
    text = f"أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المنطقة {id_}"
    return Article(id=id_, text=text, clean_text=text, origin="t", outlet=outlet,
                   published=datetime(2015, 7, day, 10), event_id="e" + (copy_of or id_),
                   duplicate_of=copy_of, duplicate_kind="exact" if copy_of else None)


def group(id_: str, *, level: str = "event", day: int = 21, size: int = 1) -> Group:
    return Group(id=id_, level=level, title="افتتاح مستشفى", start=datetime(2015, 7, day),
                 end=datetime(2015, 7, day, 12), size=size, n_vectors=size,
                 centroid_idx=np.array([3, 9], np.int32),
                 centroid_val=np.array([0.6, 0.8], np.float32),
                 parent_id="s1" if level == "event" else None)


def key_of(id_: str) -> int:
    """The exact-text key of an article and of its copies (one per original)."""
    return zlib.crc32(id_.encode())


def batch(*articles: Article, groups: list[Group] | None = None, key: int = 7,
          doc_freq: DocFreqDelta | None = None, **rest: object) -> BatchWrite:
    prints = {a.id: Fingerprint(key_of(a.duplicate_of or a.id), 9,
                                np.arange(128, dtype=np.uint32), [11, 12]) for a in articles}
    return BatchWrite(list(articles), prints, rest.get("repoints", []),  # type: ignore[arg-type]
                      groups or [], [], {("واس", key): len(articles)}, doc_freq,
                      rest.get("rejections", []))  # type: ignore[arg-type]


# --- the copy index and the grouping state ----------------------------------------------------
def test_a_batch_is_found_again_by_id_key_band_and_line(writer: Writer) -> None:
    writer.write(batch(article("a1"), article("a2"), groups=[group("ea1"), group("ea2")]))
    assert writer.known_ids(["a1", "a2", "zz"]) == {"a1", "a2"}
    exact = writer.exact_candidates([key_of("a1")])
    assert [c.id for c in exact.values()] == ["a1"]
    assert set(writer.near_candidates([11])) == {"a1", "a2"}
    assert writer.near_candidates([99]) == {}
    assert writer.line_counts([("واس", 7), ("واس", 8)]) == {("واس", 7): 2}


def test_line_counts_add_up_over_batches(writer: Writer) -> None:
    writer.write(batch(article("a1")))
    writer.write(batch(article("a2"), article("a3")))
    assert writer.line_counts([("واس", 7)]) == {("واس", 7): 3}


def test_the_earliest_stored_copy_is_the_exact_candidate(writer: Writer) -> None:
    writer.write(batch(article("a1")))
    writer.write(batch(article("a2", copy_of="a1")))
    found = writer.exact_candidates([key_of("a1")])
    assert [c.id for c in found.values()] == ["a1"]


def test_groups_are_found_by_span_and_recency(writer: Writer) -> None:
    writer.write(batch(article("a1"), groups=[group("e1", day=21), group("e2", day=25)]))
    near = writer.group_ids("event", datetime(2015, 7, 20), datetime(2015, 7, 22), recent=0)
    assert near == ["e1"]
    assert set(writer.group_ids("event", None, None, recent=5)) == {"e1", "e2"}
    loaded = writer.load_groups(["e2"])[0]
    assert loaded.start == datetime(2015, 7, 25)
    assert loaded.centroid_val.tolist() == pytest.approx([0.6, 0.8])


def test_a_later_batch_updates_a_group_and_repoints_copies(
        writer: Writer, backend: tuple[Open, Callable[[], Reader]]) -> None:
    writer.write(batch(article("a1"), groups=[group("e1")]))
    writer.write(batch(article("a2", copy_of="a1"), groups=[group("e1", size=2)]))
    assert writer.load_groups(["e1"])[0].size == 2
    writer.write(batch(article("a0"), repoints=[Repoint("a1", "a0", "exact", 1.0)]))
    assert {c.id: c.original_id for c in writer.exact_candidates(
        [key_of("a1")]).values()} == {"a1": "a0"}  # the earliest stored, now a copy
    with backend[1]() as reader:
        assert [a.duplicate_of for a in reader.articles_by_ids(["a1", "a2"])] == ["a0", "a0"]


def delta(counts: dict[int, int], n_docs: int) -> DocFreqDelta:
    cols = np.array(sorted(counts), dtype=np.int64)
    return DocFreqDelta(cols, np.array([counts[c] for c in cols], dtype=np.int64), n_docs)


def as_dict(doc_freq: tuple[np.ndarray, np.ndarray, int]) -> tuple[dict[int, int], int]:
    cols, counts, n_docs = doc_freq
    return dict(zip(cols.tolist(), counts.tolist(), strict=True)), n_docs


def test_document_frequencies_are_written_as_changes_that_add_up(
        writer: Writer, backend: tuple[Open, Callable[[], Reader]]) -> None:
    assert as_dict(writer.doc_freq()) == ({}, 0)
    writer.write(batch(article("a1"), article("a2"), doc_freq=delta({5: 2, 9: 1}, 2)))
    writer.write(batch(article("a3"), doc_freq=delta({9: 1, 2**20 - 1: 1}, 1)))
    assert as_dict(writer.doc_freq()) == ({5: 2, 9: 2, 2**20 - 1: 1}, 3)
    writer.write(batch(rejections=[Rejection("bad.json", "not JSON")]))  # no articles: none
    writer.write(batch(doc_freq=DocFreqDelta(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)))
    assert as_dict(writer.doc_freq()) == ({5: 2, 9: 2, 2**20 - 1: 1}, 3)
    with backend[1]() as reader:
        assert reader.stats()["rejections"] == 1


def test_a_failed_batch_adds_no_document_frequencies(writer: Writer) -> None:
    writer.write(batch(article("a1"), doc_freq=delta({5: 1}, 1)))
    with pytest.raises(StoreError):  # the same id twice: the batch is refused
        writer.write(batch(article("a2"), article("a2"), doc_freq=delta({5: 2, 7: 2}, 2)))
    assert as_dict(writer.doc_freq()) == ({5: 1}, 1)


def test_a_failing_batch_writes_nothing(writer: Writer,
                                        backend: tuple[Open, Callable[[], Reader]]) -> None:
    writer.write(batch(article("a1")))
    with pytest.raises(StoreError):
        writer.write(batch(article("a2"), article("a1"), groups=[group("e2")]))
    assert writer.known_ids(["a2"]) == set() and writer.load_groups(["e2"]) == []
    assert writer.line_counts([("واس", 7)]) == {("واس", 7): 1}
    with backend[1]() as reader:
        assert reader.stats()["articles"] == 1


# --- the extraction stage -------------------------------------------------------------------
def findings(article_id: str) -> Findings:
    name = Mention("الرياض", 0, 6, EntityType.LOC, "loc:riyadh")
    said = Quote(speaker="الوزير", speaker_start=0, speaker_end=6, text="نعمل بجد", start=10,
                 end=18, direct=True, verb="قال", entity_id=None)
    when = TimeExpression("اليوم", 20, 25, "2015-07-21", "day", True)
    return Findings(article_id, [], [name], [when], [said])


def riyadh(n: int) -> Entity:
    return Entity("loc:riyadh", EntityType.LOC, "الرياض", {"الرياض": n},
                  first_seen=datetime(2015, 7, 21), last_seen=datetime(2015, 7, 21))


def test_extraction_queue_findings_and_entity_state(
        writer: Writer, backend: tuple[Open, Callable[[], Reader]]) -> None:
    writer.write(batch(article("a1"), article("a2"), article("a3", copy_of="a1")))
    queue = writer.extraction_queue(0, 10)
    assert [a.id for _, a in queue] == ["a1", "a2"] and writer.extraction_backlog() == 2
    assert writer.extraction_queue(queue[0][0], 10)[0][1].id == "a2"
    writer.write_extraction(ExtractWrite([findings("a1")], [riyadh(1)],
                                         [(EntityType.LOC, "رياض", "loc:riyadh")],
                                         failures=[("a2", "the tagger failed")]))
    assert writer.extraction_backlog() == 0
    entities, keys = writer.entity_state()
    assert [(e.id, e.surface_forms) for e in entities] == [("loc:riyadh", {"الرياض": 1})]
    assert keys == [(EntityType.LOC, "رياض", "loc:riyadh")]
    with backend[1]() as reader:
        stored = reader.findings("a1")
        assert stored is not None and stored.quotes[0].text == "نعمل بجد"
        assert reader.entity("loc:riyadh").surface_forms == {"الرياض": 1}


def test_reset_extraction_forgets_findings_only(writer: Writer) -> None:
    writer.write(batch(article("a1")))
    writer.write_extraction(ExtractWrite([findings("a1")], [riyadh(1)], []))
    writer.reset_extraction()
    assert writer.entity_state() == ([], [])
    assert writer.extraction_backlog() == 1 and writer.known_ids(["a1"]) == {"a1"}


# --- one writer at a time -------------------------------------------------------------------
def test_a_second_writer_waits_then_is_refused(writer: Writer,
                                               backend: tuple[Open, Callable[[], Reader]]
                                               ) -> None:
    with pytest.raises(StoreBusyError, match="marsad ingest"):
        backend[0](timeout=0.1, command="marsad extract")
    with backend[1]() as reader:  # readers are never kept waiting
        assert reader.stats()["articles"] == 0
