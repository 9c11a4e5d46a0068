"""Deduplication: exact and near copies are linked to the earliest copy, never dropped."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from marsad.arabic import normalize
from marsad.dedup import find_copies, fingerprint, is_near_copy
from marsad.model import Article, BatchWrite
from marsad.store.sqlite import SQLiteStore

WIRE = ("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في قصر السلام بجدة اليوم "
        "وزير الخارجية المصري سامح شكري والوفد المرافق له، ونقل شكري خلال الاستقبال تحيات الرئيس "
        "عبدالفتاح السيسي وتقديره لخادم الحرمين الشريفين، وجرى خلال الاستقبال استعراض العلاقات "
        "الأخوية بين البلدين الشقيقين وسبل تعزيزها في مختلف المجالات، إضافة إلى بحث مستجدات "
        "الأحداث على الساحتين العربية والدولية والجهود المبذولة تجاهها.")
EDITED = ("واس - جدة: " + WIRE.replace("اليوم", "أمس").replace("الشقيقين", "")
          .replace("والدولية", "والإقليمية والدولية"))
OTHER = ("أعلنت وزارة الصحة تسجيل حالات جديدة من فيروس كورونا المسبب لمتلازمة الشرق الأوسط "
         "التنفسية في مدينة الرياض، وأوضحت الوزارة أن الحالات تتلقى العلاج في المستشفيات وأن "
         "الفرق الميدانية تتابع المخالطين وتجري الفحوص اللازمة لهم وفق الإجراءات المعتمدة.")


def art(id_: str, text: str, day: int | None) -> Article:
    return Article(id=id_, text=text, clean_text=text, origin=f"test:{id_}",
                   published=datetime(2015, 7, day) if day else None)


def run(store: SQLiteStore, articles: list[Article]):
    prints = {a.id: fingerprint(normalize(a.clean_text)) for a in articles}
    matches, repoints = find_copies(articles, prints, store, 0.5)
    for a in articles:
        m = matches.get(a.id)
        if m and m.original_id:
            a.duplicate_of, a.duplicate_kind = m.original_id, m.kind
        a.event_id = "e" + a.id
    store.write(BatchWrite(articles, prints, repoints, [], [], {}, None, []))
    return matches, repoints


@pytest.fixture
def store(tmp_path: Path):
    with SQLiteStore(tmp_path / "t.db") as s:
        yield s


def test_exact_and_near_copies_link_to_the_first(store: SQLiteStore) -> None:
    matches, _ = run(store, [art("a1", WIRE, 20), art("a2", WIRE, 21), art("a3", EDITED, 21),
                             art("a4", OTHER, 21)])
    assert matches["a2"].kind == "exact" and matches["a2"].original_id == "a1"
    assert matches["a3"].kind == "near" and matches["a3"].original_id == "a1"
    assert "a4" not in matches and "a1" not in matches


def test_copies_are_found_across_batches_in_the_store(store: SQLiteStore) -> None:
    run(store, [art("a1", WIRE, 20)])
    matches, _ = run(store, [art("b1", EDITED, 22)])
    assert matches["b1"].original_id == "a1"
    assert matches["b1"].matched_event_id == "ea1"
    assert store.article("b1").duplicate_of == "a1"


def test_an_older_copy_arriving_later_becomes_the_original(store: SQLiteStore) -> None:
    run(store, [art("late", WIRE, 25), art("late2", EDITED, 26)])
    matches, repoints = run(store, [art("early", EDITED, 20)])
    assert [(r.old, r.new) for r in repoints] == [("late", "early")]
    assert matches["early"].original_id is None
    assert store.article("late").duplicate_of == "early"
    assert store.article("late2").duplicate_of == "early"
    assert store.article("early").duplicate_of is None


@pytest.mark.parametrize(("jaccard", "n_a", "n_b", "expected"), [
    (0.9, 100, 100, True),
    (0.5, 100, 100, True),
    (0.35, 100, 100, False),
    (0.4, 50, 150, True),   # a short version contained in a long one: 57 of 50 shared -> 1.0
    (0.2, 30, 150, False),  # too little in common to call it a copy
])
def test_near_copy_rule(jaccard: float, n_a: int, n_b: int, expected: bool) -> None:
    assert is_near_copy(jaccard, n_a, n_b, 0.5) is expected


def test_short_texts_are_never_near_copies() -> None:
    assert fingerprint(normalize("عاجل")).band_keys == []


@pytest.mark.parametrize("same_batch", [True, False])
def test_a_whole_page_is_the_original_of_its_truncated_copy_stored_first(
        store: SQLiteStore, same_batch: bool) -> None:
    cut = art("t1", WIRE[: len(WIRE) * 2 // 3], 20)
    cut.truncated = True
    whole = art("w1", WIRE, 20)
    if same_batch:
        matches, repoints = run(store, [cut, whole])
    else:
        run(store, [cut])
        matches, repoints = run(store, [whole])
    assert matches["w1"].original_id is None  # the whole page is the original
    assert [(r.old, r.new) for r in repoints] == [("t1", "w1")]
    assert store.article("t1").duplicate_of == "w1" and store.article("t1").truncated
    later = art("t2", WIRE[: len(WIRE) * 3 // 4], 19)  # even an earlier truncated copy
    later.truncated = True
    matches, _ = run(store, [later])
    assert matches["t2"].original_id == "w1"
