"""One test for each hostile input of issue 11 that a reader got wrong (items 3, 4, 5, 9, 10, 14):
each failed before its fix. The cases that crashed the process or exhausted its memory are in
test_hostile_cli.py, in a child process."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from test_hostile_readers import TITLE, html_page, record, rss, rss_item, warc_of
from test_sources import ARTICLE, snn_record, warc_bytes

from marsad.model import Notice, RawDocument, Rejection
from marsad.sources import jsonl, read, zipstream

Items = list[RawDocument | Rejection | Notice]


def run(path: Path, **kw: int) -> Items:
    return list(read([path], **kw))


def docs(items: Items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def reasons(items: Items) -> list[str]:
    return [i.reason for i in items if isinstance(i, Rejection)]


def messages(items: Items) -> list[str]:
    return [i.message for i in items if isinstance(i, Notice)]


# --- 3. JSON -------------------------------------------------------------------------------


def test_a_20_digit_id_keeps_the_rest_of_the_array(tmp_path: Path) -> None:
    records = [snn_record(n) | {"id": 12345678901234567890 + n} for n in range(50)]
    (tmp_path / "d.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    items = run(tmp_path / "d.json")
    assert len(docs(items)) == 50 and not reasons(items)


def test_a_number_too_long_rejects_its_item_and_the_others_are_read(tmp_path: Path) -> None:
    body = ",".join([json.dumps(snn_record(1)), '{"content": "x", "n": ' + "9" * 5000 + "}",
                     json.dumps(snn_record(2))])
    (tmp_path / "d.json").write_text(f"[{body}]", encoding="utf-8")
    items = run(tmp_path / "d.json", fmt="saudinewsnet")  # type: ignore[arg-type]
    assert len(docs(items)) == 2
    assert items[1] == Rejection(f"{tmp_path / 'd.json'}:item 2",
                                 "invalid JSON (a number of more than 4300 digits)")


def test_a_number_too_long_on_one_line_rejects_that_line_only(tmp_path: Path) -> None:
    lines = [json.dumps(record(1)), '{"text": "x", "n": ' + "1" * 100_000 + "}",
             json.dumps(record(2))]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = run(tmp_path / "a.jsonl")
    assert len(docs(items)) == 2
    assert reasons(items) == ["invalid JSON (a number of more than 4300 digits)"]


def test_deep_nesting_inside_an_item_rejects_that_item(tmp_path: Path) -> None:
    body = ",".join([json.dumps(snn_record(1)), "[" * 5000 + "]" * 5000, json.dumps(snn_record(2))])
    (tmp_path / "d.json").write_text(f"[{body}]", encoding="utf-8")
    items = run(tmp_path / "d.json")
    assert len(docs(items)) == 2 and reasons(items) == ["nested too deeply (more than 64 levels)"]


def test_bytes_out_of_place_between_items_are_rejected_and_the_rest_read(tmp_path: Path) -> None:
    first, second = (json.dumps(snn_record(n), ensure_ascii=False) for n in (1, 2))
    (tmp_path / "d.json").write_text(f"[{first} xx {{}}}}, {second}]", encoding="utf-8")
    items = run(tmp_path / "d.json")
    assert len(docs(items)) == 2
    assert [r.split(" at byte")[0] for r in reasons(items)] == ["invalid JSON (bytes"] * 2


def test_a_long_run_of_bad_lines_ends_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setattr(jsonl, "MAX_BAD_RUN", 5)
    lines = [json.dumps(record(1)), *["{"] * 20, json.dumps(record(2))]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = run(tmp_path / "a.jsonl")
    assert len(docs(items)) == 1 and len(reasons(items)) == 6
    assert reasons(items)[-1] == "5 invalid lines in a row after line 1: stopped reading"


def test_an_item_not_in_utf8_is_rejected_alone(tmp_path: Path) -> None:
    good = json.dumps(snn_record(1), ensure_ascii=False).encode()
    bad = json.dumps(snn_record(2), ensure_ascii=False).encode("utf-8").replace(
        "عنوان".encode(), "عنوان".encode("windows-1256"))
    (tmp_path / "d.json").write_bytes(b"[" + b",".join([good, bad, good]) + b"]")
    items = run(tmp_path / "d.json")
    assert len(docs(items)) == 2 and reasons(items)[0].startswith("not UTF-8")


def test_a_zip_member_that_expands_like_a_bomb_is_stopped(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipstream, "FREE_BYTES", 1_000_000)
    member = json.dumps([snn_record(1), snn_record(2) | {"content": "خبر " * 1_000_000}])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("d.json", member)
    (tmp_path / "d.zip").write_bytes(buf.getvalue())
    items = run(tmp_path / "d.zip")
    assert len(docs(items)) == 1
    [reason] = reasons(items)
    assert reason.startswith("member d.json expands more than 100 times its compressed size")
    (tmp_path / "cut.zip").write_bytes(buf.getvalue()[:-30])  # no central directory: salvaged
    assert "expands more than 100 times" in reasons(run(tmp_path / "cut.zip"))[0]


def test_titles_authors_and_urls_are_bounded(tmp_path: Path) -> None:
    rec = record(1, title="عنوان " * 1_000_000, author=f"وكالة\nالأنباء {'x' * 2000}",
                 url="https://x.example/" + "a" * 10_000)
    (tmp_path / "a.jsonl").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    items = run(tmp_path / "a.jsonl")
    [doc] = docs(items)
    assert doc.title is not None and 990 < len(doc.title) <= 1000 and doc.title.endswith("…")
    assert doc.author is not None and doc.author.startswith("وكالة الأنباء x") and len(doc.author) < 301
    assert doc.url is None
    assert messages(items) == ["title cut to 1000 characters (it had 5,999,999)",
                               "author cut to 300 characters (it had 2,014)",
                               "url ignored: longer than 4,096 characters (10,018)"]


def test_a_json_value_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    lines = ['{"text": 123}', '{"content": ["نص"]}', '{"text": "", "body": false}',
             json.dumps({"text": ARTICLE, "title": 5}), '{"title": "بلا نص"}']
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = run(tmp_path / "a.jsonl")
    assert reasons(items) == ["text is a number, not a string", "content is an array, not a string",
                              "body is true or false, not a string",
                              "no article text (text, content and body are missing or empty)"]
    assert messages(items) == ["title ignored: title is a number, not a string"]


def test_a_deep_or_huge_sidecar_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{TITLE}\n{ARTICLE}", encoding="utf-8")
    (tmp_path / "a.meta.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    items = run(tmp_path / "a.txt")
    assert len(docs(items)) == 1
    assert messages(items) == ["sidecar ignored: not a readable JSON file (invalid JSON (nested "
                               "too deeply))"]


# --- 4. feeds and devices ------------------------------------------------------------------


def test_a_feed_whose_body_is_a_path_is_not_that_file(tmp_path: Path) -> None:
    (tmp_path / "other.rss").write_text(rss(rss_item(title="خبر سري")), encoding="utf-8")
    (tmp_path / "a.rss").write_text(str(tmp_path / "other.rss"), encoding="utf-8")
    items = run(tmp_path / "a.rss")
    assert not docs(items) and reasons(items)[0].startswith("not a readable RSS or Atom feed")


def test_an_oversized_feed_item_is_rejected_and_the_others_read(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(rss(rss_item(text=ARTICLE * 18_000) + rss_item()),
                                    encoding="utf-8")
    items = run(tmp_path / "a.rss")
    assert len(docs(items)) == 1
    assert reasons(items) == ["article too large (5.3 MB > 5.0 MB)"]


def test_a_character_reference_to_no_character_leaves_the_feed_readable(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(rss(rss_item(title=f"&#xD800;{TITLE}") + rss_item()),
                                    encoding="utf-8")
    items = run(tmp_path / "a.rss")
    assert len(docs(items)) == 2 and docs(items)[0].title == f"\ufffd{TITLE}"


def test_a_device_is_not_read() -> None:
    assert reasons(list(read(["/dev/zero"], "feed"))) == ["not a regular file but a character device"]


# --- 5. WARC -------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", [b"WARC-Type: response", b"WARC-Target-URI: https://news.example/und",
                                  b"Content-Length: ", b"HTTP/1.1 20", b"Content-Type: tex"])
def test_a_warc_cut_in_the_headers_of_its_last_record_says_so(tmp_path: Path, mark: bytes) -> None:
    data = warc_bytes(False, pages=2)
    last = data.rfind(b"WARC/1.0\r\n")
    (tmp_path / "a.warc").write_bytes(data[: data.index(mark, last) + len(mark)])
    items = run(tmp_path / "a.warc")
    assert len(docs(items)) == 2
    [rej] = [i for i in items if isinstance(i, Rejection)]
    assert rej.origin == f"{tmp_path / 'a.warc'}:record 6" and "truncated" in rej.reason


def test_a_warc_cut_in_the_headers_of_its_first_record_says_so(tmp_path: Path) -> None:
    data = warc_bytes(False)
    (tmp_path / "a.warc").write_bytes(data[: data.index(b"Content-Length: ") + 16])
    items = run(tmp_path / "a.warc")
    assert [i for i in items if isinstance(i, Rejection)] == [Rejection(
        f"{tmp_path / 'a.warc'}:record 1", "truncated or broken WARC record (no Content-Length)")]
    assert messages(items) == ["no HTML page in the file (1 record)"]


def test_a_warc_header_line_without_end_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"a" * 3_000_000)
    assert "a header line longer than 64 KB" in reasons(run(tmp_path / "a.warc"))[0]


# --- 9. entities ---------------------------------------------------------------------------


def test_html_entities_in_saudinewsnet_titles_are_unescaped_once(tmp_path: Path) -> None:
    rec = snn_record(1) | {"title": "&quot;البقمي&quot; &#8220;يفوز&#8221; &amp;quot;",
                           "author": "واس&nbsp;", "url": "http://sabq.org/a?b=1&copy=2"}
    (tmp_path / "d.json").write_text(json.dumps([rec], ensure_ascii=False), encoding="utf-8")
    [doc] = run(tmp_path / "d.json")
    assert isinstance(doc, RawDocument)
    assert (doc.title, doc.author) == ('"البقمي" “يفوز” &quot;', "واس")
    assert doc.url == "http://sabq.org/a?b=1&copy=2"


# --- 10. truncated HTML --------------------------------------------------------------------


def test_a_truncated_html_page_is_flagged_with_a_notice(tmp_path: Path) -> None:
    page = html_page().encode()
    (tmp_path / "p.html").write_bytes(page[: len(page) * 4 // 5])
    (tmp_path / "whole.html").write_bytes(page)
    items = run(tmp_path / "p.html")
    [doc] = docs(items)
    assert doc.truncated
    assert items[0] == Notice(str(tmp_path / "p.html"), "truncated page: it ends before its </body> "
                                                       "and </html> (stored, flagged truncated)")
    assert not docs(run(tmp_path / "whole.html"))[0].truncated


def test_a_page_the_crawler_cut_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(warc_of(("https://a.example/1", html_page().encode()),
                                              headers=[("WARC-Truncated", "length")]))
    items = run(tmp_path / "a.warc")
    assert docs(items)[0].truncated
    assert messages(items) == ["truncated page: the crawler cut it (length); stored, flagged "
                               "truncated"]
