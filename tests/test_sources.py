"""Readers: every format streamed, bad inputs rejected one by one with a clear reason."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar
from urllib.error import URLError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.errors import ConfigError, InputError
from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources import FORMATS, UNEXPECTED, detect_format, input_bytes, jsonsplit, read
from marsad.sources import feed as feed_module
from marsad.sources.dates import date_line, from_url, parse_datetime
from marsad.sources.feed import html_to_text
from marsad.sources.text import header_fields

ARTICLE = ("قال رئيس الوزراء الأرميني نيكول باشينيان الإثنين إن بلاده قد تنسحب من منظمة معاهدة "
           "الأمن الجماعي التي تقودها موسكو، في عرض جديد للاستياء من عدم وجود دعم من روسيا.")
WORDS = ARTICLE.split()
Items = list[RawDocument | Rejection | Notice]


def run(*paths: Path | str, fmt: str | None = None, **kw: Any) -> Items:
    return list(read(paths, fmt, **kw))


def docs(items: Items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejections(items: Items) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def notices(items: Items) -> list[Notice]:
    return [i for i in items if isinstance(i, Notice)]


def varied_text(seed: int) -> str:
    """An Arabic paragraph that differs from record to record (so that it compresses badly)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(60)) + f" {seed}."


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("الجمعة 25 أكتوبر / October 2024", datetime(2024, 10, 25)),
    ("الثلاثاء 3 كانون الثاني 2023", datetime(2023, 1, 3)),
    ("الأحد ١٢ مايو ٢٠٢٤", datetime(2024, 5, 12)),
    ("الخميس 13 جوان 2024", datetime(2024, 6, 13)),
    ("22 تشرين الأول / أكتوبر 2023", datetime(2023, 10, 22)),
    ("Friday 25 October 2024", datetime(2024, 10, 25)),
    ("25/10/2024", datetime(2024, 10, 25)),
    ("2015-07-21", datetime(2015, 7, 21)),
    ("قال رئيس الوزراء في 25 أكتوبر 2024 إن بلاده ستنسحب من المنظمة التي تقودها روسيا", None),
    ("وسط توتر العلاقة.. أرمينيا تجمد مشاركتها في التحالف العسكري مع روسيا", None),
    ("31 فبراير 2024", None),
])
def test_date_lines(line: str, expected: datetime | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/news/2024/10/25/armenia-csto", datetime(2024, 10, 25)),
    ("https://example.com/2023-09-19-karabakh.html", datetime(2023, 9, 19)),
    ("http://www.aleqt.com/2015/07/20/article_974853.html", datetime(2015, 7, 20)),
    ("https://example.com/article/410826?d=2024/10/25", None),
    ("https://example.com/2024/13/45/x", None),
    (None, None),
])
def test_url_dates(url: str | None, expected: datetime | None) -> None:
    assert from_url(url) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-10-25", datetime(2024, 10, 25)),
    ("2015-07-21 02:51:32", datetime(2015, 7, 21, 2, 51, 32)),
    ("2024-10-25T14:30:00+03:00", datetime(2024, 10, 25, 11, 30, tzinfo=UTC)),  # zone kept
    ("2024-10-25T14:30:00Z", datetime(2024, 10, 25, 14, 30, tzinfo=UTC)),
    ("9999-12-31T23:59:59-14:00", None),  # beyond the calendar in UTC
    ("أمس", None), ("", None), (1729814400, None),
])
def test_iso_dates(value: object, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


# --- text ---------------------------------------------------------------------------------


def test_seed_titles_and_header_date(seeds_dir: Path) -> None:
    found = {Path(d.origin).name[:3]: d for d in docs(run(seeds_dir))}
    assert sorted(found) == ["000", "001", "002", "003", "004"]
    assert found["001"].title == "محاولة روسيا للحفاظ على نفوذها في أرمينيا"
    assert found["004"].title == "وسط توتر العلاقة.. أرمينيا تجمد مشاركتها في التحالف العسكري مع روسيا"
    assert found["004"].published == datetime(2024, 10, 25)
    assert found["004"].published_source is DateSource.HEADER
    for seed in ("000", "002", "003"):
        assert found[seed].title is None and found[seed].published is None
    for seed, doc in found.items():
        assert doc.text == next(seeds_dir.glob(f"{seed}_*.txt")).read_text("utf-8")
        assert doc.format == "text" and doc.outlet is None


@pytest.mark.parametrize(("text", "title", "date"), [
    (f"أرمينيا تجمد مشاركتها\n{ARTICLE}", "أرمينيا تجمد مشاركتها", None),
    (f"\n25/10/2024\n\nأرمينيا تجمد مشاركتها\n{ARTICLE}", "أرمينيا تجمد مشاركتها",
     datetime(2024, 10, 25)),
    (f"أرمينيا تجمد مشاركتها\nالسبت 26 أكتوبر 2024\n{ARTICLE}", "أرمينيا تجمد مشاركتها",
     datetime(2024, 10, 26)),
    (f"{ARTICLE}\n{ARTICLE}", None, None),
    (f"قال الرئيس إن المنظمة فشلت.\n{ARTICLE}", None, None),
    ("أرمينيا تجمد مشاركتها", None, None),
    (f"{ARTICLE}\nالجمعة 25 أكتوبر 2024", None, datetime(2024, 10, 25)),
])
def test_title_and_date_from_the_top(text: str, title: str | None, date: datetime | None) -> None:
    assert header_fields(text) == (title, date)


def test_sidecar_gives_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"الجمعة 25 أكتوبر 2024\n{ARTICLE}", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"outlet": "الأناضول", "url": "https://aa.com.tr/ar/x", "title": "عنوان الخبر",
         "published": "2023-05-22"}), encoding="utf-8")
    [doc] = docs(run(tmp_path))
    assert (doc.outlet, doc.title, doc.url) == ("الأناضول", "عنوان الخبر", "https://aa.com.tr/ar/x")
    assert doc.published == datetime(2023, 5, 22) and doc.published_source is DateSource.USER


def test_sidecar_url_dates_an_undated_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"url": "https://x.example/2024/02/23/a"}', "utf-8")
    [doc] = docs(run(tmp_path / "a.txt"))
    assert doc.published == datetime(2024, 2, 23) and doc.published_source is DateSource.URL


@pytest.mark.parametrize(("sidecar", "message"), [
    ("{broken", "sidecar ignored: not a readable JSON file"),
    ('["a"]', "a JSON object is expected, not list"),
    ('{"published": "أمس"}', "sidecar date 'أمس' ignored"),
])
def test_bad_sidecar_is_a_notice(tmp_path: Path, sidecar: str, message: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(sidecar, encoding="utf-8")
    items = run(tmp_path / "a.txt")
    assert len(docs(items)) == 1 and not rejections(items)
    assert message in notices(items)[0].message


def test_folders_are_walked_sorted_without_hidden_files(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.txt", "a.txt", ".hidden.txt", ".git/x.txt", "a.meta.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE if name.endswith("txt") else "{}", encoding="utf-8")
    names = [Path(i.origin).relative_to(tmp_path).as_posix() for i in run(tmp_path)]
    assert names == ["a.txt", "b/1.txt", "b/2.txt"]


def test_progress_counts_each_file_read_once_whole(tmp_path: Path) -> None:
    for name in ("a.txt", "b/c.jsonl", "README.md", "empty.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("" if name == "empty.txt" else ARTICLE, encoding="utf-8")
    done: list[int] = []
    list(read([tmp_path, tmp_path / "missing.txt"], on_done=done.append))
    sizes = [(tmp_path / n).stat().st_size for n in ("a.txt", "b/c.jsonl", "empty.txt")]
    assert sorted(d for d in done if d) == sorted(s for s in sizes if s)
    assert sum(done) == input_bytes([tmp_path, tmp_path / "missing.txt"]) == sum(sizes)


def test_a_folder_skips_files_of_other_types_with_a_notice(tmp_path: Path) -> None:
    for name in ("README.md", "tool.py", "article", "news.2024", "a.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    items = run(tmp_path)
    assert sorted(Path(d.origin).name for d in docs(items)) == ["a.txt", "article", "news.2024"]
    assert sorted(Path(n.origin).name for n in notices(items)) == ["README.md", "tool.py"]
    assert all("skipped" in n.message for n in notices(items))
    assert len(docs(run(tmp_path / "README.md"))) == 1  # a file named on its own is read
    assert len(docs(run(tmp_path, fmt="text"))) == 5


# --- decoding and bad files ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "binary file, not text (looks like PNG)"),
    ("doc.html", b"%PDF-1.7\n" + bytes(100), "binary file, not text (looks like PDF)"),
    ("nul.txt", b"abc\x00def" * 50, "binary file, not text (NUL bytes)"),
    ("french.txt", "Élections à Erevan: la Russie déçue".encode("latin-1"),
     "not UTF-8 and not a known Arabic encoding"),
    ("empty.jsonl", b"", "empty file"),
    ("image.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(300), "binary file, not JSON Lines"),
])
def test_bad_files_are_rejected(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    [rej] = run(tmp_path / name)
    assert isinstance(rej, Rejection) and rej.origin == str(tmp_path / name)
    assert rej.reason.startswith(reason)


@pytest.mark.parametrize(("encoding", "data_encoding"), [
    ("windows-1256", "windows-1256"), ("iso-8859-6", "iso-8859-6"), ("UTF-16", "utf-16"),
])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str, data_encoding: str) -> None:
    text = f"أرمينيا تجمد مشاركتها\n{ARTICLE}".replace("،", "")  # ISO-8859-6 has no ، at 0xA1
    (tmp_path / "old.txt").write_bytes(text.encode(data_encoding))
    items = run(tmp_path / "old.txt")
    [doc] = docs(items)
    assert doc.text == text and doc.title == "أرمينيا تجمد مشاركتها"
    assert [n.message for n in notices(items)] == [f"decoded as {encoding} (not UTF-8)"]


def test_a_stray_byte_in_utf8_is_replaced_and_noted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode() * 3 + b"\xff" + ARTICLE.encode())
    items = run(tmp_path / "a.txt")
    assert docs(items)[0].text.count("\ufffd") == 1
    assert "invalid bytes replaced" in notices(items)[0].message


def test_size_limit_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")
    items = run(tmp_path / "big.txt", tmp_path / "nope.txt", max_article_bytes=10_000)
    assert [r.reason for r in rejections(items)] == [
        "file too large for one article (0.1 MB > 0.0 MB)", "no such file or directory"]


# --- JSON Lines and JSON arrays ------------------------------------------------------------


def test_jsonl_bad_lines_are_rejected_and_the_rest_read(tmp_path: Path) -> None:
    good = {"text": ARTICLE, "title": "عنوان", "source": "واس", "date": "2015-07-21T10:00:00"}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", "[1, 2]", "",
             json.dumps({"title": "بلا نص"}, ensure_ascii=False),
             json.dumps(good, ensure_ascii=False)[:40]]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = run(tmp_path / "a.jsonl")
    [doc] = docs(items)
    assert (doc.outlet, doc.title, doc.format) == ("واس", "عنوان", "jsonl")
    assert doc.published == datetime(2015, 7, 21, 10) and doc.published_source is DateSource.METADATA
    reasons = {r.origin.removeprefix(f"{tmp_path / 'a.jsonl'}:"): r.reason for r in rejections(items)}
    assert reasons == {
        "line 2": "invalid JSON (Expecting property name enclosed in double quotes: column 2)",
        "line 3": "not a JSON object but an array",
        "line 5": "no article text (text, content and body are missing or empty)",
        "line 6": "invalid JSON (Unterminated string starting at: column 10)",
    }


@pytest.mark.parametrize(("record", "field", "value"), [
    ({"content": ARTICLE}, "text", ARTICLE),
    ({"body": ARTICLE, "text": "  "}, "text", ARTICLE),
    ({"text": ARTICLE, "outlet": "الجزيرة", "source": "x"}, "outlet", "الجزيرة"),
    ({"text": ARTICLE, "source": "سبق"}, "outlet", "سبق"),
    ({"text": ARTICLE, "author": " وكالة الأنباء "}, "author", "وكالة الأنباء"),
    ({"text": ARTICLE, "published": "2024-10-25T14:30:00+03:00"}, "published",
     datetime(2024, 10, 25, 11, 30, tzinfo=UTC)),
    ({"text": ARTICLE, "date_extracted": "2015-07-21 02:51:32"}, "published_source",
     DateSource.CRAWL),
    ({"text": ARTICLE, "url": "https://x.example/2024/10/25/a"}, "published_source",
     DateSource.URL),
])
def test_record_fields_and_aliases(tmp_path: Path, record: dict[str, Any], field: str,
                                   value: object) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    [doc] = run(tmp_path / "a.jsonl")
    assert getattr(doc, field) == value


def test_unreadable_date_is_noted_and_the_article_kept(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": ARTICLE, "published": "أمس"}), "utf-8")
    notice, doc = run(tmp_path / "a.jsonl")
    assert isinstance(doc, RawDocument) and doc.published is None
    assert isinstance(notice, Notice) and notice.origin.endswith(":line 1")
    assert "not an ISO 8601 date" in notice.message


def test_jsonl_reader_gives_up_on_a_file_that_is_not_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{ARTICLE}\n" * 500, encoding="utf-8")
    items = run(tmp_path / "a.txt", fmt="jsonl")
    assert len(items) == 101 and "not JSON Lines" in items[-1].reason  # type: ignore[union-attr]


def test_json_array_uses_the_jsonl_fields(tmp_path: Path) -> None:
    records = [{"text": ARTICLE, "outlet": "الجزيرة", "published": "2024-10-25"}, {"body": ""}]
    (tmp_path / "a.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert detect_format(tmp_path / "a.json") == "json"
    doc, rej = run(tmp_path / "a.json")
    assert isinstance(doc, RawDocument) and isinstance(rej, Rejection)
    assert (doc.outlet, doc.published, doc.format) == ("الجزيرة", datetime(2024, 10, 25), "json")
    assert rej.origin == f"{tmp_path / 'a.json'}:item 2"


def test_json_file_with_one_object_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"text": ARTICLE}, indent=2), encoding="utf-8")
    [doc] = run(tmp_path / "a.json")
    assert isinstance(doc, RawDocument) and doc.text == ARTICLE


# --- SaudiNewsNet -------------------------------------------------------------------------


def snn_record(n: int) -> dict[str, str]:
    return {"source": "sabq", "url": f"http://sabq.org/{n}", "title": "عنوان",
            "date_extracted": "2015-07-21 02:51:32", "author": "واس", "content": varied_text(n)}


def zip_bytes(members: dict[str, list[dict[str, str]]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, records in members.items():
            z.writestr(name, json.dumps(records, ensure_ascii=False))
    return buf.getvalue()


def test_saudinewsnet_zip(tmp_path: Path) -> None:
    records = [snn_record(1), snn_record(2) | {"content": " "}]
    (tmp_path / "d.zip").write_bytes(zip_bytes({"2015-07-21.json": records}))
    doc, rej = run(tmp_path / "d.zip")
    assert isinstance(doc, RawDocument) and isinstance(rej, Rejection)
    assert (doc.outlet, doc.author, doc.format) == ("sabq", "واس", "saudinewsnet")
    assert doc.published == datetime(2015, 7, 21, 2, 51, 32)
    assert doc.published_source is DateSource.CRAWL
    assert doc.origin == f"{tmp_path / 'd.zip'}:member 2015-07-21.json:item 1"
    assert rej.reason.startswith("no article text")


def test_truncated_json_keeps_what_came_before(tmp_path: Path) -> None:
    text = json.dumps([snn_record(n) for n in range(5)], ensure_ascii=False)
    (tmp_path / "d.json").write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    items = run(tmp_path / "d.json")
    assert len(docs(items)) == 3 and items[-1] == Rejection(str(tmp_path / "d.json"),
                                                            "truncated JSON after 3 articles")


def test_truncated_zip_keeps_what_came_before(tmp_path: Path) -> None:
    members = {"a.json": [snn_record(n) for n in range(20)],
               "b.json": [snn_record(n) for n in range(20, 60)]}
    data = zip_bytes(members)
    (tmp_path / "d.zip").write_bytes(data[: len(data) * 3 // 4])
    items = run(tmp_path / "d.zip")
    read_b = [d for d in docs(items) if ":member b.json:" in d.origin]
    assert len(docs(items)) == 20 + len(read_b) and 0 < len(read_b) < 40
    assert "damaged zip file (File is not a zip file)" in notices(items)[0].message
    [rej] = rejections(items)
    assert rej.reason.startswith(f"damaged or truncated zip member after {len(read_b)} articles")


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04" + bytes(20), "damaged or truncated zip file (the zip file ends inside a member's"),
    (b"PK\x03\x04" + bytes(40), "damaged or truncated zip file (unreadable bytes where the next"),
    ("قال الرئيس".encode(), "not a valid zip file (File is not a zip file)"),
])
def test_broken_zip_files(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "d.zip").write_bytes(data)
    assert rejections(run(tmp_path / "d.zip"))[0].reason.startswith(reason)


def test_zip_without_json_member(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "d.zip", "w") as z:
        z.writestr("a.txt", ARTICLE)
    [rej] = run(tmp_path / "d.zip")
    assert rej == Rejection(str(tmp_path / "d.zip"), "no .json member in the zip file (it holds a.txt)")


def test_all_saudinewsnet_days_are_read(saudinewsnet_dir: Path) -> None:
    zips = sorted(saudinewsnet_dir.glob("*.zip"))
    items = run(*zips)
    assert len(zips) == 18 and not notices(items)
    assert len(docs(items)) + len(rejections(items)) == 31_030
    # 354 records have blank content (a title only); everything else is an article
    assert {r.reason for r in rejections(items)} == {
        "no article text (text, content and body are missing or empty)"}
    assert {Path(d.origin.split(":")[0]) for d in docs(items)} == set(zips)


# --- HTML ---------------------------------------------------------------------------------

HEAD = ("<meta property='og:site_name' content='الأناضول'>"
        "<meta property='article:published_time' content='2024-02-23T10:00:00+03:00'>")
HTML = ("<html><head><title>أرمينيا تجمد مشاركتها</title>" + HEAD + "</head><body>"
        "<nav>الرئيسية</nav><article><h1>أرمينيا تجمد مشاركتها</h1>"
        f"<p>{ARTICLE}</p><p>{varied_text(1)}</p></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>")


def test_html_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.html").write_text(HTML, encoding="utf-8")
    [doc] = run(tmp_path / "p.html")
    assert isinstance(doc, RawDocument) and doc.format == "html"
    assert "باشينيان" in doc.text and "الرئيسية" not in doc.text and "محفوظة" not in doc.text
    assert (doc.outlet, doc.title) == ("الأناضول", "أرمينيا تجمد مشاركتها")
    assert doc.published == datetime(2024, 2, 23) and doc.published_source is DateSource.METADATA
    assert capsys.readouterr().out == ""


def test_html_in_a_legacy_encoding(tmp_path: Path) -> None:
    page = HTML.replace("<head>", '<head><meta charset="windows-1256">').replace("،", ",")
    (tmp_path / "p.html").write_bytes(page.encode("windows-1256"))
    notice, doc = run(tmp_path / "p.html")
    assert notice == Notice(str(tmp_path / "p.html"), "decoded as windows-1256 (not UTF-8)")
    assert isinstance(doc, RawDocument) and "باشينيان" in doc.text


@pytest.mark.parametrize("html", ["<html><body><nav></nav></body></html>", "<<<>>>", "<html><b"])
def test_html_without_text_is_rejected(tmp_path: Path, html: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    # a page read whole that holds no article: a record skipped, not an input unreadable
    assert run(tmp_path / "p.html") == [Rejection(str(tmp_path / "p.html"),
                                                  "no article text found in HTML", record=True)]
    assert capsys.readouterr().out == ""


# --- feeds --------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>وكالة الأنباء</title><link>https://news.example</link>
<item><title>أرمينيا تجمد مشاركتها</title><link>https://news.example/1</link>
<pubDate>Fri, 23 Feb 2024 10:00:00 +0300</pubDate><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;
&lt;p&gt;فقرة &lt;b&gt;ثانية&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>بلا نص</title><link>https://news.example/2024/02/24/2</link></item>
<item><title>رابط مؤرخ</title><link>https://news.example/2024/02/24/3</link>
<description>نص قصير.</description></item></channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>الجزيرة نت</title><link href="https://www.aljazeera.example/"/>
<entry><title>باشينيان في موسكو</title><link href="https://www.aljazeera.example/a"/>
<updated>2024-05-08T12:00:00Z</updated><summary>ملخص قصير</summary>
<content type="html">&lt;div&gt;&lt;p&gt;{ARTICLE}&lt;/p&gt;
&lt;p&gt;فقرة ثانية.&lt;/p&gt;&lt;/div&gt;</content>
</entry></feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_text(RSS, encoding="utf-8")
    first, no_text, dated = run(tmp_path / "f.xml")
    assert isinstance(first, RawDocument) and isinstance(dated, RawDocument)
    assert (first.outlet, first.url, first.format) == ("وكالة الأنباء", "https://news.example/1", "feed")
    assert first.published == datetime(2024, 2, 23, 7) and first.published_source is DateSource.FEED
    assert first.text.splitlines() == [ARTICLE, "فقرة ثانية."]
    assert no_text == Rejection(f"{tmp_path / 'f.xml'}:item 2",
                                "feed item has no text (no content or summary)")
    assert dated.published_source is DateSource.URL and dated.text == "نص قصير."


def test_atom_feed_prefers_full_content(tmp_path: Path) -> None:
    (tmp_path / "f.atom").write_text(ATOM, encoding="utf-8")
    [doc] = run(tmp_path / "f.atom")
    assert isinstance(doc, RawDocument) and doc.outlet == "الجزيرة نت"
    assert doc.text.splitlines() == [ARTICLE, "فقرة ثانية."]
    assert doc.published == datetime(2024, 5, 8, 12) and doc.published_source is DateSource.FEED


@pytest.mark.parametrize(("fragment", "text"), [
    ("<p>قال الرئيس</p><p>إن <b>المنظمة</b> فشلت</p>", "قال الرئيس\nإن المنظمة فشلت"),
    ("سطر أول<br>سطر ثان<script>alert(1)</script>", "سطر أول\nسطر ثان"),
    ("<ul><li>أرمينيا</li><li>روسيا</li></ul>", "أرمينيا\nروسيا"),
    ("نص  بلا   وسوم", "نص بلا وسوم"),
    ("<p></p>", ""),
])
def test_html_fragments_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


def test_garbage_feed_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "f.rss").write_text("قال الرئيس <<< >", encoding="utf-8")
    [rej] = run(tmp_path / "f.rss")
    assert isinstance(rej, Rejection) and rej.reason.startswith("not a readable RSS or Atom feed")


class FakeResponse(io.BytesIO):
    headers: ClassVar[dict[str, str]] = {"Content-Type": "application/rss+xml; charset=utf-8"}


def test_feed_from_url_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_module, "urlopen", lambda request, timeout: FakeResponse(RSS.encode()))
    items = run("https://news.example/rss")
    assert len(docs(items)) == 2 and docs(items)[0].origin == "https://news.example/rss:item 1"


def test_unreachable_feed_url_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(request: object, timeout: float) -> None:
        raise URLError("no network in tests")

    monkeypatch.setattr(feed_module, "urlopen", fail)
    assert run("https://news.example/rss") == [
        Rejection("https://news.example/rss", "cannot fetch the feed (no network in tests)")]
    assert run("https://news.example/rss", fmt="html")[0].reason.startswith("a URL is read as a feed")


# --- WARC ---------------------------------------------------------------------------------


def warc_record(writer: WARCWriter, uri: str, body: bytes, ctype: str = "text/html; charset=utf-8",
                status: str = "200 OK", kind: str = "response") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(body),
                                                  length=len(body), http_headers=headers))


def warc_bytes(gzip: bool, pages: int = 2) -> bytes:
    page = HTML.replace(HEAD, "").encode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    warc_record(writer, "https://news.example/robots.txt", b"User-agent: *", "text/plain")
    warc_record(writer, "https://news.example/old", page, status="404 Not Found")
    warc_record(writer, "https://news.example/logo.png", b"\x89PNG\r\n", "image/png")
    for n in range(pages):
        warc_record(writer, f"https://www.news.example/2024/02/2{n}/a", page)
    warc_record(writer, "https://news.example/undated", page)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["a.warc.gz", "a.warc"])
def test_warc(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(warc_bytes(name.endswith(".gz")))
    first, _, undated = run(tmp_path / name)
    assert isinstance(first, RawDocument) and isinstance(undated, RawDocument)
    assert first.origin == f"{tmp_path / name}:record 4" and first.format == "html"
    assert (first.url, first.outlet) == ("https://www.news.example/2024/02/20/a", "news.example")
    assert "باشينيان" in first.text and first.published_source is DateSource.URL
    assert undated.published_source is DateSource.CRAWL and undated.published is not None


@pytest.mark.parametrize("name", ["a.warc.gz", "a.warc"])
def test_truncated_warc_keeps_the_records_before(tmp_path: Path, name: str) -> None:
    data = warc_bytes(name.endswith(".gz"), pages=4)
    (tmp_path / name).write_bytes(data[: len(data) * 6 // 7])
    items = run(tmp_path / name)
    assert len(docs(items)) >= 3 and len(rejections(items)) == 1
    assert "truncated" in items[-1].reason  # type: ignore[union-attr]


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("a.txt", ARTICLE, "text"), ("a.ndjson", "{}", "jsonl"), ("a.htm", "", "html"),
    ("a.rss", "", "feed"), ("a.warc.gz", "", "warc"), ("a.zip", "", "saudinewsnet"),
    ("a.json", json.dumps([snn_record(1)]), "saudinewsnet"),
    ("a.json", json.dumps([{"text": ARTICLE}]), "json"),
    ("a.json", '{"text": "نص"}\n{"text": "نص"}', "jsonl"),
    ("a.json", '{\n  "text": "نص"\n}', "json"),
    ("a.data", RSS, "feed"), ("a.data", HTML, "html"), ("a.data", ARTICLE, "text"),
    ("a.data", '{"text": "نص"}', "jsonl"), ("a.data", "WARC/1.0\r\n", "warc"),
    ("https://news.example/feed", None, "feed"),
])
def test_format_detection(tmp_path: Path, name: str, content: str | None, fmt: str) -> None:
    if content is None:
        assert detect_format(name) == fmt
        return
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert detect_format(tmp_path / name) == fmt


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(50), "cannot tell the format: binary data (looks like PNG)"),
    (b"\x1f\x8b\x08\x00" + bytes(50), "cannot tell the format: a gzip file that is not a WARC"),
])
def test_undetectable_format(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "a.bin").write_bytes(data)
    with pytest.raises(InputError, match=re.escape(reason)):
        detect_format(tmp_path / "a.bin")
    assert run(tmp_path / "a.bin")[0].reason.startswith(reason)  # type: ignore[union-attr]


def test_a_folder_of_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": ARTICLE}), encoding="utf-8")
    (tmp_path / "c.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "d.zip").write_bytes(zip_bytes({"d.json": [snn_record(1)]}))
    assert [d.format for d in docs(run(tmp_path))] == ["text", "jsonl", "feed", "saudinewsnet"]


def test_one_path_or_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert len(list(read(tmp_path / "a.txt"))) == len(list(read(str(tmp_path / "a.txt")))) == 1
    assert run("") == [Rejection("''", "empty path")]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(alphabet=st.sampled_from('ab"\\[]{},: نص\n')),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(items=st.lists(_JSON_VALUES, max_size=5), chunk=st.sampled_from([1, 2, 3, 7, 1 << 20]),
       ascii_only=st.booleans(), indent=st.sampled_from([None, 1]))
def test_array_split_gives_each_item_whole(items: list[Any], chunk: int, ascii_only: bool,
                                           indent: int | None) -> None:
    data = json.dumps(items, ensure_ascii=ascii_only, indent=indent).encode()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jsonsplit, "CHUNK", chunk)
        parts = list(jsonsplit.array_items(io.BytesIO(data), len(data)))
    assert [json.loads(p) for p in parts] == items  # type: ignore[arg-type]


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    (tmp_path / "c.log").write_text(json.dumps({"text": ARTICLE}), encoding="utf-8")
    assert docs(run(tmp_path / "c.log", fmt="jsonl"))[0].format == "jsonl"
    with pytest.raises(ConfigError, match="use one of text, jsonl, json, saudinewsnet, html"):
        read([tmp_path], "pdf")
    assert FORMATS == ("text", "jsonl", "json", "saudinewsnet", "html", "feed", "warc")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".jsonl", ".json", ".zip", ".html", ".xml", ".warc",
                               ".warc.gz", ".bin"]))
def test_any_bytes_never_crash_a_reader(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    for fmt in (None, *FORMATS):
        for item in read([path], fmt):
            assert isinstance(item, RawDocument | Rejection | Notice)
            assert not (isinstance(item, Rejection) and item.reason.startswith(UNEXPECTED)), item


@cache
def sound_inputs() -> dict[str, bytes]:
    """One well-formed input of each format, to be damaged by the property test below."""
    return {
        "d.zip": zip_bytes({"a.json": [snn_record(n) for n in range(4)], "b.json": [snn_record(9)]}),
        "a.warc.gz": warc_bytes(gzip=True), "a.warc": warc_bytes(gzip=False),
        "a.json": json.dumps([snn_record(n) for n in range(3)], ensure_ascii=False).encode(),
        "a.jsonl": "\n".join(json.dumps(snn_record(n)) for n in range(3)).encode(),
        "f.xml": RSS.encode(), "f.atom": ATOM.encode(), "p.html": HTML.encode(),
        "a.txt": f"الجمعة 25 أكتوبر 2024\nعنوان\n{ARTICLE}".encode("windows-1256", "replace"),
    }


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(sound_inputs())), cut=st.none() | st.floats(0, 1),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4))
def test_damaged_inputs_never_crash_a_reader(tmp_path: Path, name: str, cut: float | None,
                                             flips: list[tuple[float, int]]) -> None:
    data = bytearray(sound_inputs()[name])
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    path = tmp_path / name
    path.write_bytes(bytes(data if cut is None else data[: int(cut * len(data))]))
    for item in read([path]):
        assert isinstance(item, RawDocument | Rejection | Notice)
        assert not (isinstance(item, Rejection) and item.reason.startswith(UNEXPECTED)), item
