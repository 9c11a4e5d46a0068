"""Readers: every format streamed, bad inputs rejected one by one with a clear reason."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import ConfigError
from marsad.model import DateSource, Notice, RawDocument, Rejection
from marsad.sources import detect_format, read
from marsad.sources.dates import date_line, from_url
from marsad.sources.text import header_fields

ARTICLE = ("قال رئيس الوزراء الأرميني نيكول باشينيان الإثنين إن بلاده قد تنسحب من منظمة معاهدة "
           "الأمن الجماعي التي تقودها موسكو، في عرض جديد للاستياء من عدم وجود دعم من روسيا.")


def docs(items: list) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejections(items: list) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


@pytest.mark.parametrize(("line", "expected"), [
    ("الجمعة 25 أكتوبر / October 2024", datetime(2024, 10, 25)),
    ("الثلاثاء 3 كانون الثاني 2023", datetime(2023, 1, 3)),
    ("25/10/2024", datetime(2024, 10, 25)),
    ("2015-07-21", datetime(2015, 7, 21)),
    ("الأحد ١٢ مايو ٢٠٢٤", datetime(2024, 5, 12)),
    ("قال رئيس الوزراء في 25 أكتوبر 2024 إن بلاده ستنسحب من المنظمة التي تقودها روسيا", None),
    ("وسط توتر العلاقة.. أرمينيا تجمد مشاركتها في التحالف العسكري مع روسيا", None),
])
def test_date_lines(line: str, expected: datetime | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/news/2024/10/25/armenia-csto", datetime(2024, 10, 25)),
    ("https://example.com/2023-09-19-karabakh.html", datetime(2023, 9, 19)),
    ("https://example.com/article/410826", None),
])
def test_url_dates(url: str, expected: datetime | None) -> None:
    assert from_url(url) == expected


def test_seed_titles_and_header_date(seeds_dir: Path) -> None:
    found = {Path(d.origin).name[:3]: d for d in docs(list(read([seeds_dir])))}
    assert len(found) == 5
    assert found["001"].title == "محاولة روسيا للحفاظ على نفوذها في أرمينيا"
    assert found["004"].title.startswith("وسط توتر العلاقة.. أرمينيا تجمد مشاركتها")
    assert found["004"].published == datetime(2024, 10, 25)
    assert found["004"].published_source is DateSource.HEADER
    for seed in ("000", "002", "003"):
        assert found[seed].title is None and found[seed].published is None
    assert found["002"].text == (seeds_dir / "002_8cd17d58e663564e.txt").read_text("utf-8")


def test_title_needs_a_short_line_that_is_not_a_sentence() -> None:
    assert header_fields(ARTICLE + "\n" + ARTICLE) == (None, None)


def test_sidecar_gives_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"outlet": "الأناضول", "url": "https://aa.com.tr/ar/x", "published": "2023-05-22"}),
        encoding="utf-8")
    [doc] = docs(list(read([tmp_path])))
    assert doc.outlet == "الأناضول" and doc.published == datetime(2023, 5, 22)
    assert doc.published_source is DateSource.USER


def test_jsonl_bad_lines_are_rejected_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = {"text": ARTICLE, "title": "عنوان", "source": "واس", "date": "2015-07-21T10:00:00"}
    path.write_text("\n".join([json.dumps(good, ensure_ascii=False), "{not json", "[1, 2]",
                               json.dumps({"title": "بلا نص"}, ensure_ascii=False),
                               json.dumps(good, ensure_ascii=False)[:40]]), encoding="utf-8")
    items = list(read([path]))
    assert len(docs(items)) == 1 and docs(items)[0].outlet == "واس"
    assert docs(items)[0].published_source is DateSource.METADATA
    reasons = {r.origin.rsplit(":", 1)[1]: r.reason for r in rejections(items)}
    assert set(reasons) == {"line 2", "line 3", "line 4", "line 5"}
    assert "invalid JSON" in reasons["line 2"] and "not a JSON object" in reasons["line 3"]


def _day_zip(path: Path, records: list[dict], cut: int | None = None) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("2015-07-21.json", json.dumps(records, ensure_ascii=False))
    data = buf.getvalue()
    path.write_bytes(data[:cut] if cut else data)


RECORD = {"source": "sabq", "url": "http://sabq.org/x", "date_extracted": "2015-07-21 02:51:32",
          "title": "عنوان", "author": "واس", "content": ARTICLE}


def test_saudinewsnet_zip(tmp_path: Path) -> None:
    _day_zip(tmp_path / "d.zip", [RECORD, RECORD | {"content": ""}])
    items = list(read([tmp_path / "d.zip"]))
    [doc] = docs(items)
    assert doc.outlet == "sabq" and doc.published == datetime(2015, 7, 21, 2, 51, 32)
    assert doc.published_source is DateSource.CRAWL and doc.format == "saudinewsnet"
    assert "no article text" in rejections(items)[0].reason


def test_truncated_json_keeps_what_came_before(tmp_path: Path) -> None:
    text = json.dumps([RECORD] * 5, ensure_ascii=False)
    (tmp_path / "d.json").write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    items = list(read([tmp_path / "d.json"]))
    assert len(docs(items)) == 3
    assert "truncated" in rejections(items)[0].reason


def test_truncated_zip_is_rejected(tmp_path: Path) -> None:
    _day_zip(tmp_path / "d.zip", [RECORD] * 50, cut=300)
    items = list(read([tmp_path / "d.zip"]))
    assert docs(items) == [] and "zip" in rejections(items)[0].reason


def test_all_saudinewsnet_days_are_read(saudinewsnet_dir: Path) -> None:
    items = list(read(sorted(saudinewsnet_dir.glob("*.zip"))))
    assert len(docs(items)) + len(rejections(items)) == 31_030
    assert all("no article text" in r.reason for r in rejections(items))


HTML = ("<html><head><title>أرمينيا تجمد مشاركتها</title>"
        "<meta property='og:site_name' content='الأناضول'></head><body><nav>الرئيسية</nav>"
        f"<article><h1>أرمينيا تجمد مشاركتها</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>")


def test_html_page(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(HTML, encoding="utf-8")
    [doc] = docs(list(read([tmp_path / "p.html"])))
    assert "باشينيان" in doc.text and "الرئيسية" not in doc.text
    assert doc.outlet == "الأناضول" and doc.title == "أرمينيا تجمد مشاركتها"


RSS = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>وكالة الأنباء</title><link>https://news.example</link>
<item><title>أرمينيا تجمد مشاركتها</title><link>https://news.example/1</link>
<pubDate>Fri, 23 Feb 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;
&lt;p&gt;فقرة ثانية.&lt;/p&gt;</description></item></channel></rss>"""


def test_rss_feed(tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_text(RSS, encoding="utf-8")
    [doc] = docs(list(read([tmp_path / "f.xml"])))
    assert doc.outlet == "وكالة الأنباء" and doc.url == "https://news.example/1"
    assert doc.published == datetime(2024, 2, 23, 10) and doc.published_source is DateSource.FEED
    assert doc.text.splitlines() == [ARTICLE, "فقرة ثانية."]


# warcio's writer (used here only to build the fixture) leaves a temporary file to the collector
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "a.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.0")
        record = writer.create_warc_record("https://news.example/2024/02/23/a", "response",
                                           payload=io.BytesIO(HTML.encode()),
                                           http_headers=headers)
        writer.write_record(record)
    [doc] = docs(list(read([path])))
    assert doc.url == "https://news.example/2024/02/23/a" and "باشينيان" in doc.text


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"  \n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "PNG"),
    ("nul.txt", b"abc\x00def" * 50, "binary"),
    ("latin.txt", "Ünïcödé ţęxť".encode("utf-16"), "binary"),
])
def test_bad_text_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    [rej] = rejections(list(read([tmp_path / name])))
    assert reason in rej.reason and rej.origin.endswith(name)


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
def test_legacy_arabic_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = "قال الرئيس إن المنظمة لم تحقق أهدافها في المنطقة التي تقودها موسكو"
    (tmp_path / "old.txt").write_bytes(text.encode(encoding))
    items = list(read([tmp_path / "old.txt"]))
    assert docs(items)[0].text == text
    assert any(isinstance(i, Notice) and encoding in i.message for i in items)


def test_size_limit_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")
    items = list(read([tmp_path / "big.txt", tmp_path / "nope"], max_article_bytes=10_000))
    reasons = [r.reason for r in rejections(items)]
    assert "too large" in reasons[0] and reasons[1] == "no such file or directory"


def test_format_detection_and_override(tmp_path: Path) -> None:
    (tmp_path / "a.data").write_text(RSS, encoding="utf-8")
    assert detect_format(tmp_path / "a.data") == "feed"
    (tmp_path / "b.json").write_text(json.dumps([RECORD]), encoding="utf-8")
    assert detect_format(tmp_path / "b.json") == "saudinewsnet"
    (tmp_path / "c.log").write_text(json.dumps({"text": ARTICLE}), encoding="utf-8")
    assert docs(list(read([tmp_path / "c.log"], "jsonl")))[0].format == "jsonl"
    with pytest.raises(ConfigError, match="unknown format"):
        list(read([tmp_path], "pdf"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000),
       suffix=st.sampled_from([".txt", ".jsonl", ".json", ".zip", ".html", ".xml", ".warc",
                               ".bin"]))
def test_any_bytes_never_crash_a_reader(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    for item in read([path]):
        assert isinstance(item, RawDocument | Rejection | Notice)
