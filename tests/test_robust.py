"""No record crashes a batch: strange characters and dates, documents that make a stage fail,
articles whose extraction fails; and the time zone a source gives is kept."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from marsad import extract, pipeline
from marsad.model import RawDocument, sanitize

BODY = ("قال وزير الخارجية الأرميني إن بلاده جمدت مشاركتها في منظمة معاهدة الأمن الجماعي، "
        "وأضاف أن القرار جاء بعد أشهر من التوتر مع موسكو بشأن إقليم كاراباخ.")


WORDS = ["الرياض", "جدة", "مكة", "الدمام", "تبوك", "أبها", "حائل", "نجران", "جازان", "الوزير",
         "الوفد", "المجلس", "الاجتماع", "القرار", "المشروع", "الاتفاق", "الميناء", "المطار",
         "المدرسة", "الجامعة", "المستشفى", "السوق", "الملعب", "الطريق", "الجسر", "المصنع",
         "الحديقة", "المكتبة", "المتحف"]


def body(n: int) -> str:
    """A distinct article text (no two are copies of each other)."""
    rng = random.Random(n)
    return f"{BODY}\n" + " ".join(rng.choice(WORDS) for _ in range(80)) + f" رقم {n}."


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, as a real file would have them
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("field", ["text", "title", "url", "outlet", "author"])
def test_a_lone_surrogate_in_any_field_is_stored_with_the_rest_of_the_batch(
        tmp_path: Path, field: str) -> None:
    records = [{"text": body(i), "title": f"خبر {i}", "outlet": "سبق",
                "url": f"https://x.example/{i}", "author": "واس"} for i in range(30)]
    records[7][field] = records[7][field] + " \ud800 الخبر\x00"
    src = write_jsonl(tmp_path / "a.jsonl", records)
    with marsad.open(tmp_path / "s.db") as obs:
        report = obs.ingest(src)
        assert report.stored == 30 and not report.rejections
        stored = [getattr(a, field) for a in obs.articles()]
    assert any("\ufffd" in (v or "") for v in stored)
    assert all("\x00" not in (v or "") for v in stored)
    assert integrity(tmp_path / "s.db") == "ok"


@pytest.mark.parametrize("published", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00",
                                       "9999-12-31", "0001-01-01"])
def test_an_impossible_date_is_ignored_with_a_notice_and_the_batch_stored(
        tmp_path: Path, published: str) -> None:
    records = [{"text": body(i), "published": "2024-05-09"} for i in range(20)]
    records[3]["published"] = published
    src = write_jsonl(tmp_path / "a.jsonl", records)
    with marsad.open(tmp_path / "s.db") as obs:
        report = obs.ingest(src)
        obs.extract()
        assert report.stored == 20 and not report.rejections
        assert sum(a.published is None for a in obs.articles()) == 1
    assert any("ignored" in n.message for n in report.notices)
    with marsad.open(tmp_path / "s.db") as obs:  # and a rerun adds nothing
        again = obs.ingest(src)
    assert (again.stored, again.already_stored) == (0, 20)


def test_a_document_that_makes_grouping_fail_is_rejected_and_the_others_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A bug that one strange document triggers (simulated: the grouping stage fails on it).
    real = pipeline.Grouper.group

    def group(self: Any, articles: Any, matches: Any, features: Any) -> Any:
        if any("رقم 5." in a.clean_text for a in articles):
            raise RuntimeError("boom")
        return real(self, articles, matches, features)

    monkeypatch.setattr(pipeline.Grouper, "group", group)
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": body(i)} for i in range(12)])
    with marsad.open(tmp_path / "s.db") as obs:
        report = obs.ingest(src)
        assert report.stored == 11
        [rej] = report.rejections
        assert rej.origin.endswith("a.jsonl:line 6") and "RuntimeError: boom" in rej.reason
        sizes = {e.id: e.size for e in obs.events()}
        assert sum(sizes.values()) == 11
    monkeypatch.setattr(pipeline.Grouper, "group", real)
    with marsad.open(tmp_path / "s.db") as obs:  # the rerun stores it, and only it
        again = obs.ingest(src)
        assert (again.stored, again.already_stored) == (1, 11)
        assert obs.stats()["articles"] == 12


def test_an_article_whose_extraction_fails_is_set_aside_and_the_rest_extracted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = extract.findings

    def findings(article: Any) -> Any:
        if "رقم 4." in article.clean_text:
            raise MemoryError("too large")
        return real(article)

    monkeypatch.setattr(extract, "findings", findings)
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": body(i)} for i in range(8)])
    with marsad.open(tmp_path / "s.db", workers=0, extract_workers=0) as obs:
        obs.ingest(src)
        report = obs.extract()
        assert report.articles == 7
        [failure] = report.failures
        assert "a.jsonl:line 5" in failure.origin and "MemoryError: too large" in failure.reason
        again = obs.extract()  # set aside: not retried, not blocking
        assert (again.articles, again.failures, again.backlog) == (0, [], 0)
        assert obs.stats()["extraction_failures"] == 1


def test_a_time_zone_is_kept_and_the_local_date_shown(tmp_path: Path) -> None:
    # Friday 01:30 in Riyadh is Thursday 22:30 UTC: the article is Friday's.
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"text": body(1), "published": "2024-05-10T01:30:00+03:00"},
        {"text": body(2), "published": "2024-05-10T01:30:00"}])
    with marsad.open(tmp_path / "s.db") as obs:
        obs.ingest(src)
        zoned, plain = sorted(obs.articles(), key=lambda a: a.utc_offset is None)
    assert (zoned.published, zoned.utc_offset) == (datetime(2024, 5, 10, 1, 30), 180)
    assert zoned.published_utc == datetime(2024, 5, 9, 22, 30)
    assert (plain.published, plain.utc_offset) == (datetime(2024, 5, 10, 1, 30), None)


_ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=_ANY_TEXT, title=_ANY_TEXT, year=st.integers(1, 9999), zone=st.integers(-14, 14))
def test_property_no_record_crashes_a_batch(tmp_path: Path, extra: str, title: str, year: int,
                                            zone: int) -> None:
    """Lone surrogates, NULs, control and bidi characters, any year and zone: each record is
    stored or rejected with a reason, and the good records around it are stored."""
    db = tmp_path / f"p{abs(hash((extra, title, year, zone)))}.db"
    published = f"{year:04d}-06-15T12:00:00{zone:+03d}:00"
    records = [{"text": body(1)}, {"text": BODY + extra + "\u202e\x1b[2J", "title": title,
                                   "published": published}, {"text": body(2)}]
    src = write_jsonl(tmp_path / f"{db.stem}.jsonl", records)
    with marsad.open(db, workers=0, extract_workers=0) as obs:
        report = obs.ingest(src)
        obs.extract()
        assert report.stored + len(report.rejections) == 3
        assert report.stored >= 2
    assert integrity(db) == "ok"


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=80))
def test_property_sanitize_gives_encodable_text_without_controls(text: str) -> None:
    out = sanitize(text)
    out.encode("utf-8")  # no lone surrogate left
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in out)
    assert sanitize(out) == out


def test_raw_documents_are_sanitised_as_they_are_made() -> None:
    doc = RawDocument(text="نص \ud800\x00", origin="f\x1b]0;x\x07", title="\x0cعنوان")
    assert (doc.text, doc.origin, doc.title) == ("نص \ufffd", "f", "\nعنوان")  # OSC gone whole


def test_analyze_cleans_the_text_first(seeds_dir: Path) -> None:
    """Wire boilerplate (SeaPRwire's credit lines) is no organisation of the article."""
    text = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    raw = pipeline.analyze(text, raw=True)
    found = pipeline.analyze(text)
    assert any("SeaPRwire" in e["surface"] for e in raw["entities"])
    assert not any("SeaPRwire" in e["surface"] for e in found["entities"])
    assert any("SeaPRwire" in r["line"] for r in found["removed"])
    for e in found["entities"]:
        assert found["text"][e["start"]:e["end"]] == e["surface"]


def test_the_local_time_and_its_offset_are_shown_and_exported(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = write_jsonl(tmp_path / "a.jsonl", [
        {"text": body(1), "published": "2024-05-10T01:30:00+03:00", "url": "https://x.example/1"}])
    db = tmp_path / "s.db"
    marsad_cli = [sys.executable, "-c", "from marsad.cli import main; main()"]
    subprocess.run([*marsad_cli, "ingest", str(src), "--db", str(db), "--no-extract"], check=True,
                   capture_output=True)
    rows = subprocess.run([*marsad_cli, "export", "articles", "--db", str(db)], check=True,
                          capture_output=True, text=True).stdout
    assert json.loads(rows)["published"] == "2024-05-10T01:30:00+03:00"
    with marsad.open(db, readonly=True) as obs:
        article_id = next(obs.articles()).id
    shown = subprocess.run([*marsad_cli, "show", article_id, "--db", str(db)], check=True,
                           capture_output=True, text=True).stdout
    assert "2024-05-10 01:30 UTC+03:00" in shown  # Friday in Riyadh, not Thursday 22:30 UTC


def test_an_article_that_is_all_boilerplate_is_a_skipped_record_not_a_failure(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(body(3), encoding="utf-8")
    (folder / "empty.txt").write_text("شارك القصة\nتابع القراءة\nClose\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "ingest",
                          str(folder), "--db", str(tmp_path / "s.db"), "--no-extract"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1 records skipped" in run.stderr and "1 stored" in run.stderr


def test_a_stray_escape_introducer_does_not_cut_the_article() -> None:
    """A lone U+009D or ESC ] (a broken encoding) drops that character, not the text after it."""
    text = "قال الوزير \x9d إن العلاقات جيدة.\n" * 50 + "وختم \x1b]بالشكر."
    out = sanitize(text)
    assert out.count("إن العلاقات جيدة") == 50 and out.endswith("وختم بالشكر.")


def test_a_copy_whose_original_is_rejected_in_the_retry_keeps_no_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When a batch is stored again one article at a time, a copy of an article that is then
    rejected is stored as an original, not linked to an article the store does not have."""
    real = pipeline.Grouper.group

    def group(self: Any, articles: Any, matches: Any, features: Any) -> Any:
        if any(a.title == "الأصل" for a in articles):
            raise RuntimeError("boom")
        return real(self, articles, matches, features)

    monkeypatch.setattr(pipeline.Grouper, "group", group)
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"text": body(1), "title": "الأصل", "url": "https://x.example/1"},
        {"text": body(1), "title": "النسخة", "url": "https://y.example/1"},
        {"text": body(2)}])
    with marsad.open(tmp_path / "s.db", workers=0) as obs:
        report = obs.ingest(src)
        assert report.stored == 2 and len(report.rejections) == 1
        stored = {a.id for a in obs.articles()}
        assert all(a.duplicate_of is None or a.duplicate_of in stored for a in obs.articles())
