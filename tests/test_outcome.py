"""What an ingest tells a batch user: exit 0 when only records inside readable inputs were
skipped (with a summary by reason), 1 when an input could not be read or with --strict; a
progress line every few seconds in a log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app, running
from marsad.model import Rejection
from marsad.outcome import LogTicker, exit_code, skipped_summary, unreadable

TEXT = "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة الرياض. " * 3


@pytest.mark.parametrize(("origin", "whole_input"), [
    ("day.zip:member 2015-07-23.json:item 660", False),
    ("news.jsonl:line 3", False),
    ("crawl.warc.gz:record 12", False),
    ("https://example.com/rss:item 4", False),
    ("day.zip:member 2015-07-23.json", True),  # a member is a file inside the zip
    ("day.zip", True),
    ("nothing-here", True),
    ("https://example.com/rss", True),
    ("مقالات/خبر.txt", True),  # a one-article file: no article in it is the file unread
])
def test_a_rejection_is_of_a_whole_input_or_of_one_record(origin: str, whole_input: bool) -> None:
    assert unreadable(Rejection(origin, "why")) is whole_input


def test_the_exit_code_fails_on_an_unreadable_input_and_on_any_skip_when_strict() -> None:
    skip, unread = Rejection("a.jsonl:line 2", "no text"), Rejection("b.zip", "not a zip file")
    assert exit_code([]) == 0 and exit_code([skip]) == 0
    assert exit_code([skip, unread]) == 1 and exit_code([skip], strict=True) == 1


def test_the_summary_groups_skipped_records_by_reason_most_frequent_first() -> None:
    skipped = ([Rejection(f"d.zip:member d.json:item {n}", "no article text") for n in range(5)]
               + [Rejection("d.zip:member d.json:item 9", "article too large")])
    lines = skipped_summary(skipped)
    assert lines[0].startswith("6 records skipped (2 reasons), not an error")
    assert lines[1] == ("  5 × no article text: d.zip:member d.json:item 0, d.zip:member "
                        "d.json:item 1, d.zip:member d.json:item 2, …")
    assert lines[2] == "  1 × article too large: d.zip:member d.json:item 9"
    assert skipped_summary([]) == []


def test_the_summary_shows_the_most_frequent_reasons_and_counts_the_others() -> None:
    skipped = [Rejection(f"x.jsonl:line {n}", f"reason {n % 7}") for n in range(70)]
    lines = skipped_summary(skipped)
    assert len(lines) == 1 + 5 + 1
    assert lines[-1] == "  20 more for 2 other reasons"


def test_the_log_ticker_is_silent_for_a_short_run_then_emits_every_few_seconds() -> None:
    now = [100.0]
    lines: list[str] = []
    tick = LogTicker(lines.append, every=5.0, clock=lambda: now[0])
    for t, n in [(101.0, 1), (104.9, 2), (105.0, 3), (107.0, 4), (110.5, 5), (111.0, 6)]:
        now[0] = t
        tick(lambda n=n: f"line {n}")  # type: ignore[misc]
    assert lines == ["line 3", "line 5"]
    with pytest.raises(ValueError, match="positive number of seconds"):
        LogTicker(lines.append, every=0)


def ingest(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ingest", *args, "--no-extract", "--db",
                                      str(tmp_path / "o.db")], env={"MARSAD_WORKERS": "0"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    """Two articles and, between them, a record without text (as every SaudiNewsNet day has)."""
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": TEXT, "title": "مستشفى جديد"}, {"title": "بلا نص", "text": ""},
        {"text": TEXT.replace("الرياض", "جدة"), "title": "مستشفى في جدة"}]), encoding="utf-8")
    return path


def test_records_skipped_inside_a_readable_file_are_a_summary_not_a_failure(
        tmp_path: Path, jsonl: Path) -> None:
    code, stderr = ingest(tmp_path, str(jsonl))
    assert code == 0, stderr
    assert "1 record skipped (1 reason), not an error" in stderr
    assert f"1 × no article text (text, content and body are missing or empty): {jsonl}:line 2" \
        in stderr
    assert "rejected" not in stderr.replace("inputs rejected", "")


def test_strict_makes_a_skipped_record_fail_and_verbose_lists_each(
        tmp_path: Path, jsonl: Path) -> None:
    code, stderr = ingest(tmp_path, str(jsonl), "--strict", "--verbose")
    assert code == 1
    assert f"skipped: {jsonl}:line 2: no article text" in stderr


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01\x02binary\xff" * 20])
def test_an_input_that_cannot_be_read_fails_the_run_and_the_rest_is_read(
        tmp_path: Path, jsonl: Path, content: bytes | None) -> None:
    bad = tmp_path / "bad.jsonl"
    if content is not None:
        bad.write_bytes(content)
    code, stderr = ingest(tmp_path, str(jsonl), str(bad))
    assert code == 1
    assert f"rejected: {bad}: " in stderr
    assert "2 stored" in stderr


def test_a_log_gets_progress_lines(tmp_path: Path, jsonl: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(running, "LOG_EVERY", 1e-9)
    code, stderr = ingest(tmp_path, str(jsonl))
    assert code == 0
    assert "ingest: 2 read · 2 stored · " in stderr


def test_an_interrupted_run_says_how_far_it_got() -> None:
    from marsad.outcome import Reached
    from marsad.pipeline import ExtractReport, IngestReport

    tail = ": every batch stored so far is kept; run the same command again to finish"
    ingest = IngestReport(read=1_200, stored=1_000)
    assert Reached(ingest).interrupted() == (
        "interrupted after 1,200 articles read, 1,000 stored" + tail)
    assert Reached(ingest, ExtractReport(backlog=900, articles=500)).interrupted("SIGTERM") == (
        "interrupted (SIGTERM) after 1,200 articles read, 1,000 stored and 500 of 900 articles "
        "extracted" + tail)
    assert Reached(extracting=True).interrupted() == (
        "interrupted before extraction stored its first batch" + tail)


def test_an_interrupted_redo_says_to_finish_without_redo_once_it_stored_a_batch(
        capsys: pytest.CaptureFixture[str]) -> None:
    from marsad.outcome import Reached, Terminated
    from marsad.pipeline import ExtractReport

    assert running._interrupted(Reached(extracting=True), KeyboardInterrupt(), redo=True
                            ).exit_code == 130
    assert capsys.readouterr().err.rstrip().endswith("run the same command again to finish")
    started = Reached(extract=ExtractReport(backlog=900, articles=500), extracting=True)
    assert running._interrupted(started, Terminated(), redo=True).exit_code == 143
    assert capsys.readouterr().err.rstrip().endswith(
        "run `marsad extract` without --redo to finish")
