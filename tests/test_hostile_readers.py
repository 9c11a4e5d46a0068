"""Hostile inputs, reader by reader: each case ends in a stored article or a named rejection.

The cases (truncations at each kind of boundary, byte flips, wrong encodings, NULs, lone
surrogates, extreme numbers and dates, deep nesting, compression bombs, oversized fields, terminal
escapes) are built here and shared with `bench/hostile.py`, which runs more of them. Each reader's
cases are read one by one (`read`), then ingested together into a real SQLite store whose
integrity is checked; the cases that once crashed the process or exhausted its memory run through
the CLI in a child process limited to 1.5 GB of address space (test_hostile_cli.py).
"""

from __future__ import annotations

import io
import json
import random
import re
import resource
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_sources import ARTICLE, ATOM, snn_record, varied_text, warc_bytes, zip_bytes
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import marsad
from marsad.model import Article, Notice, RawDocument, Rejection, article_id
from marsad.pipeline import IngestReport
from marsad.sources import UNEXPECTED, read

TITLE = "أرمينيا تجمد مشاركتها في التحالف العسكري مع روسيا"
ANSI = "\x1b[2J\x1b]0;pwned\x07\x1b[31m"  # clear screen, set the terminal's title, red
MB = 1_000_000
DEEP = 5_000  # nesting of the HTML and XML cases (bench/hostile.py raises it)
READERS = ("text", "jsonl", "json", "saudinewsnet", "html", "feed", "warc")


@dataclass(frozen=True)
class Case:
    """One hostile input: a file name (its extension picks the reader) and its bytes;
    `strict` when it must end in an article or a rejection (a byte flip may leave neither,
    e.g. a WARC record that is no longer an HTML page, skipped by design)."""

    name: str
    data: bytes
    strict: bool = True


def record(n: int, **fields: object) -> dict[str, object]:
    return {"text": varied_text(n), "title": TITLE, "outlet": "الأناضول",
            "url": f"https://aa.example/ar/{n}", "published": "2024-10-25T14:30:00+03:00"} | fields


def jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                     for r in records).encode("utf-8", "surrogatepass")


def array(*records: object) -> bytes:
    parts = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("[" + ",\n".join(parts) + "]").encode("utf-8", "surrogatepass")


def one_zip(name: str, data: bytes, level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr(name, data)
    return buf.getvalue()


def html_page(title: str = TITLE, body: str = ARTICLE, head: str = "") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{varied_text(7)}</p></article></body></html>")


def rss(items: str, head: str = "", decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (f"{decl}{head}<rss version=\"2.0\"><channel><title>وكالة الأنباء</title>"
            f"<link>https://news.example</link>{items}</channel></rss>")


def rss_item(title: str = TITLE, text: str = ARTICLE, date: str = "Fri, 23 Feb 2024 10:00:00 +0300",
             link: str = "https://news.example/1") -> str:
    return (f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{text}</description></item>")


def warc_of(*pages: tuple[str, bytes], gz: bool = False, headers: list[tuple[str, str]] | None = None,
            ctype: str = "text/html; charset=utf-8") -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, body in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                        length=len(body), http_headers=http,
                                        warc_headers_dict=dict(headers or []))
        writer.write_record(rec)
    return buf.getvalue()


# --- damage that applies to any input --------------------------------------------------------

_MARKS = frozenset(b'{}[]",:<>\r\n\\ ')


def boundary_cuts(data: bytes, limit: int) -> list[int]:
    """Up to `limit` cut offsets spread over the input: just after a structural byte (bracket,
    quote, colon, comma, angle bracket, line end, backslash, space) and inside multi-byte
    UTF-8 letters."""
    after_mark = [i for i in range(1, len(data)) if data[i - 1] in _MARKS]
    in_letter = [i for i in range(1, len(data)) if 0x80 <= data[i] < 0xC0]
    points = sorted(set(_spread(after_mark, limit - limit // 4) + _spread(in_letter, limit // 4)))
    return points


def _spread(points: list[int], k: int) -> list[int]:
    if len(points) <= k:
        return points
    return [points[i * len(points) // k] for i in range(k)]


def cuts(name: str, data: bytes, limit: int) -> list[Case]:
    return [Case(f"cut{at:06d}-{name}", data[:at]) for at in boundary_cuts(data, limit)]


def flips(name: str, data: bytes, count: int, seed: int) -> list[Case]:
    """`count` copies of the input with 1 to 4 bytes set at random (seeded: the same cases on
    every run)."""
    rng = random.Random(f"{seed}:{name}")
    out = []
    for k in range(count):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        out.append(Case(f"flip{seed}-{k:03d}-{name}", bytes(damaged), strict=False))
    return out


# --- the cases of each reader ----------------------------------------------------------------


def text_cases() -> list[Case]:
    text = f"{TITLE}\nالجمعة 25 أكتوبر 2024\n{ARTICLE}\n{varied_text(3)}"
    return [
        Case("plain.txt", text.encode()),
        Case("cp1256.txt", text.replace("،", ",").encode("windows-1256")),
        Case("iso8859-6.txt", text.replace("،", "").encode("iso-8859-6")),
        Case("utf16.txt", text.encode("utf-16")),
        Case("nul.txt", text.encode() + b"\x00" * 20 + text.encode()),
        Case("one-nul.txt", text.encode() + b"\x00" + text.encode()),
        Case("surrogate.txt", text.encode() + b"\xed\xa0\x80" + text.encode()),
        Case("ansi-title.txt", f"{ANSI}{TITLE}\n{ARTICLE}".encode()),
        Case("long-line.txt", (TITLE + " ") .encode() * 60_000),
        Case("too-large.txt", ARTICLE.encode() * 20_000),
        Case("bidi.txt", f"\u202e{TITLE}\u202c\n{ARTICLE}".encode()),
        Case("date-9999.txt", f"31/12/9999\n{ARTICLE}".encode()),
        Case("date-0001.txt", f"01/01/0001\n{ARTICLE}".encode()),
        Case("empty.txt", b""),
        Case("bom-only.txt", b"\xef\xbb\xbf"),
        Case("controls.txt", bytes(range(1, 32)) * 50),
        *cuts("a.txt", text.encode(), 12),
    ]


def sidecar_cases() -> list[tuple[str, bytes, bytes]]:
    """(name, text, sidecar): a text file with a hostile `.meta.json` beside it."""
    text = f"{TITLE}\n{ARTICLE}".encode()
    return [
        ("deep", text, b"[" * 100_000 + b"]" * 100_000),
        ("bigint", text, b'{"title": "x", "n": ' + b"7" * 5000 + b"}"),
        ("longtitle", text, json.dumps({"title": "خبر " * 400_000}).encode()),
        ("baddate", text, b'{"published": "9999-12-31T23:59:59-14:00"}'),
        ("wrongtype", text, b'{"title": 5, "url": ["x"], "published": 1729814400}'),
    ]


def jsonl_cases() -> list[Case]:
    good = jsonl(*(record(n) for n in range(3)))
    return [
        Case("good.jsonl", good),
        Case("bigint-line.jsonl", jsonl(record(1), '{"text": "x", "n": ' + "1" * 100_000 + "}",
                                        record(2))),
        Case("id20.jsonl", jsonl(record(1, id=2**64), record(2, id=-(2**70)))),
        Case("floats.jsonl", jsonl('{"text": "نص الخبر", "n": 1e999, "m": -1e-999}',
                                   '{"text": "نص الخبر", "n": NaN, "m": -Infinity}')),
        Case("deep-line.jsonl", jsonl("[" * 100_000 + "]" * 100_000, record(3))),
        Case("deep-object.jsonl", jsonl('{"a":' * 50_000 + "1" + "}" * 50_000, record(4))),
        Case("wrong-types.jsonl", jsonl({"text": 123}, {"text": ["نص"]}, {"content": {"a": 1}},
                                        {"text": ARTICLE, "title": 5, "url": [1]}, {"text": None})),
        Case("nul.jsonl", jsonl(record(5, text=f"{ARTICLE}\u0000{ARTICLE}",
                                       title="عنوان\u0000خبر"))),
        Case("raw-nul.jsonl", good.replace(b'"text": "', b'"text": "\x00', 1)),
        Case("surrogates.jsonl", jsonl('{"text": "نص \\ud800 الخبر", "title": "\\udfff"}',
                                       record(6, author="\ud83d"))),
        Case("ansi.jsonl", jsonl(record(7, title=ANSI + TITLE, author=ANSI, outlet=ANSI + "واس"))),
        Case("cp1256.jsonl", "\n".join(json.dumps(record(n), ensure_ascii=False) for n in range(2))
             .replace("،", ",").encode("windows-1256")),
        Case("huge-title.jsonl", jsonl(record(8, title="عنوان " * 1_000_000))),
        Case("huge-fields.jsonl", jsonl(record(9, author="كاتب " * 200_000, outlet="و" * 300_000,
                                               url="https://x.example/" + "a" * 100_000))),
        Case("too-large.jsonl", jsonl(record(10, text=ARTICLE * 30_000), record(11))),
        Case("dates.jsonl", jsonl(*(record(20 + i, published=d) for i, d in enumerate(DATES)))),
        Case("entities.jsonl", jsonl(record(12, title="&quot;البقمي&quot; &#8220;نعم&#8221;"))),
        Case("crlf.jsonl", good.replace(b"\n", b"\r\n")),
        Case("no-newline-garbage.jsonl", b"{" * 300_000),
        Case("binary.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        *cuts("a.jsonl", good, 16),
    ]


DATES = ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0001-01-01", "9999-12-31",
         "2024-02-30", "+275760-09-13", "2024-10-25T25:61:61", "1e308", "2024-10-25T14:30:00+99:00",
         "١٤٤٦-٠٤-٢٢", "", " ")


def json_cases() -> list[Case]:
    good = array(*(record(n) for n in range(3)))
    return [
        Case("good.json", good),
        Case("bigint-first.json", b'[{"id": ' + b"9" * 4400 + ', "text": "نص"}]'.encode()),
        Case("bigint-middle.json", array(record(1), '{"text": "x", "n": ' + "1" * 100_000 + "}",
                                         record(2))),
        Case("id20.json", array(*(record(n, id=2**64 + n) for n in range(50)))),
        Case("deep.json", b"[" * 100_001 + b"]" * 100_001),
        Case("deep-open.json", b"[" * 200_000),
        Case("deep-item.json", array(record(1), "[" * 1000 + "]" * 1000, record(2))),
        Case("long-string.json", array(record(1, text="خبر " * 2_000_000), record(2))),
        Case("escapes.json", array(record(1, text="\\" * 400_000), record(2))),
        Case("one-object.json", json.dumps(record(1), ensure_ascii=False).encode()),
        Case("one-deep-object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        Case("not-array.json", b'"just a string"'),
        Case("scalars.json", '[1, "نص", true, null, 1e400, {}]'.encode()),
        Case("garbage-between.json", array(record(1)).replace(b"}]", b"} xx {}]")),
        Case("trailing-comma.json", array(record(1), record(2)).replace(b"}]", b"},]")),
        Case("wrong-types.json", array({"text": 123}, {"content": False}, record(3, title=[1]))),
        Case("cp1256.json", array(record(1)).decode().replace("،", ",").encode("windows-1256")),
        Case("surrogates.json", array('{"text": "نص \\udc00 الخبر", "title": "\\ud800\\ud800"}')),
        Case("nul.json", array(record(2, text="نص\u0000الخبر", title="\u0000"))),
        Case("ansi.json", array(record(3, title=ANSI + TITLE))),
        Case("huge-title.json", array(record(4, title="عنوان " * 1_000_000))),
        Case("dates.json", array(*(record(i, published=d) for i, d in enumerate(DATES)))),
        Case("bom.json", b"\xef\xbb\xbf" + good),
        Case("utf16.json", good.decode().encode("utf-16")),
        *cuts("a.json", good, 20),
    ]


def snn_cases() -> list[Case]:
    records = [snn_record(n) for n in range(4)]
    data = json.dumps(records, ensure_ascii=False).encode()
    entity = records[0] | {"title": "&quot;البقمي&quot; يفوز", "author": "واس&nbsp;"}
    bomb = b'[{"source": "sabq", "content": "' + b"a" * 60 * MB + b'"}]'
    return [
        Case("good.zip", one_zip("d.json", data)),
        Case("entities.zip", one_zip("d.json", json.dumps([entity], ensure_ascii=False).encode())),
        Case("bigint.zip", one_zip("d.json", b'[{"date_extracted": "2015-07-21", "id": '
                                   + b"9" * 5000 + ', "content": "نص"}]'.encode())),
        Case("deep.zip", one_zip("d.json", b"[" * 100_001 + b"]" * 100_001)),
        Case("bomb.zip", one_zip("d.json", bomb, level=9)),
        Case("id20.zip", one_zip("d.json", json.dumps(
            [r | {"id": 12345678901234567890} for r in records], ensure_ascii=False).encode())),
        Case("long-string.zip", one_zip("d.json", json.dumps(
            [records[0] | {"content": "خبر " * 2_000_000}, records[1]],
            ensure_ascii=False).encode())),
        Case("cp1256.zip", one_zip("d.json", json.dumps(records[:1], ensure_ascii=False)
                                   .replace("،", ",").encode("windows-1256"))),
        Case("dates.zip", one_zip("d.json", json.dumps(
            [records[0] | {"date_extracted": d} for d in DATES], ensure_ascii=False).encode())),
        Case("stored.zip", _stored_zip("d.json", data)),
        Case("many-members.zip", zip_bytes({f"{n}.json": [snn_record(n)] for n in range(30)})),
        Case("snn.json", data),
        *cuts("d.zip", one_zip("d.json", data), 16),
        *cuts("d.json", data, 8),
    ]


def _stored_zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(name, data)
    return buf.getvalue()


def html_cases() -> list[Case]:
    page = html_page()
    head = "<meta property='article:published_time' content='{}'>"
    return [
        Case("good.html", page.encode()),
        Case("cut-mid-word.html", page.encode()[: len(page.encode()) * 3 // 4]),
        Case("cp1256.html", page.replace("،", ",").encode("windows-1256")),
        Case("cp1256-declared.html", page.replace("<head>", '<head><meta charset="windows-1256">')
             .replace("،", ",").encode("windows-1256")),
        Case("nul.html", page.encode().replace(b"<p>", b"<p>\x00", 1)),
        Case("surrogate.html", page.encode().replace(b"<p>", b"<p>\xed\xa0\x80", 1)),
        Case("ansi-title.html", html_page(title=ANSI + TITLE).encode()),
        Case("huge-title.html", html_page(title="عنوان " * 300_000).encode()),
        Case("deep-divs.html", ("<html><body>" + "<div>" * DEEP + ARTICLE + "</div>" * DEEP
                                + "</body></html>").encode()),
        Case("deep-unclosed.html", ("<html><body>" + "<b>" * DEEP + ARTICLE).encode()),
        Case("entities.html", html_page(title="&quot;البقمي&quot;", body="&amp;lt;نص&amp;gt; "
                                        + ARTICLE).encode()),
        Case("xxe.html", ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM '
                          '"file:///etc/passwd">]>' + html_page(body="&x; " + ARTICLE)).encode()),
        Case("laughs.html", (LAUGHS + html_page(body="&lol9; " + ARTICLE)).encode()),
        Case("date-9999.html", html_page(head=head.format("9999-12-31T23:59:59-14:00")).encode()),
        Case("date-0001.html", html_page(head=head.format("0001-01-01T00:00:00+14:00")).encode()),
        Case("too-large.html", html_page(body=ARTICLE * 20_000).encode()),
        Case("no-text.html", b"<html><body><nav></nav></body></html>"),
        Case("only-tags.html", b"<" * 100_000),
        *cuts("a.html", page.encode(), 14),
    ]


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'.replace("&lol0;", "&lol;")
                    for i in range(1, 10)) + "]>")


def feed_cases() -> list[Case]:
    items = rss_item() + rss_item(title="ثاني", link="https://news.example/2")
    good = rss(items)
    return [
        Case("good.rss", good.encode()),
        Case("atom.atom", ATOM.encode()),
        Case("path-body.rss", b"/etc/passwd"),
        Case("path-body-2.rss", b"/etc/hostname\n"),
        Case("xxe.rss", rss(rss_item(text="&xxe; " + ARTICLE),
                            head='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
             .encode()),
        Case("xxe-param.rss", rss(rss_item(), head='<!DOCTYPE rss [<!ENTITY % p SYSTEM '
                                  '"file:///etc/passwd"> %p;]>').encode()),
        Case("laughs.rss", rss(rss_item(text="&lol9; " + ARTICLE), head=LAUGHS[21:]).encode()),
        Case("cp1256-declared-utf8.rss", good.replace("،", ",").encode("windows-1256")),
        Case("cp1256.rss", rss(rss_item(), decl='<?xml version="1.0" encoding="windows-1256"?>')
             .replace("،", ",").encode("windows-1256")),
        Case("nul.rss", good.encode().replace(b"<description>", b"<description>\x00", 1)),
        Case("surrogate.rss", good.encode().replace(b"<description>", b"<description>\xed\xa0\x80")),
        Case("char-ref-surrogate.rss", rss(rss_item(title="&#xD800;" + TITLE)).encode()),
        Case("ansi-title.rss", rss(rss_item(title=ANSI + TITLE)).encode()),
        Case("huge-title.rss", rss(rss_item(title="عنوان " * 200_000)).encode()),
        Case("huge-item.rss", rss(rss_item(text=ARTICLE * 18_000) + rss_item()).encode()),
        Case("deep.rss", rss(rss_item(text="<b>" * DEEP + ARTICLE)).encode()),
        Case("deep-xml.rss", rss("<x>" * DEEP + "</x>" * DEEP + rss_item()).encode()),
        Case("dates.rss", rss("".join(rss_item(date=d, link=f"https://n.example/{i}")
                                      for i, d in enumerate(FEED_DATES))).encode()),
        Case("garbage.rss", "قال الرئيس <<< >".encode()),
        *cuts("a.rss", good.encode(), 16),
        *cuts("a.atom", ATOM.encode(), 8),
    ]


FEED_DATES = ("Fri, 31 Dec 9999 23:59:59 -1400", "Mon, 01 Jan 0001 00:00:00 +1400",
              "Thu, 01 Jan 1970 00:00:00 +0000", "Sun, 31 Dec 1899 12:00:00 GMT",
              "32 Foo 2024", "9" * 400)


def warc_cases() -> list[Case]:
    page = html_page().encode()
    plain = warc_bytes(False, pages=2)
    gz = warc_bytes(True, pages=2)
    return [
        Case("good.warc", plain), Case("good.warc.gz", gz),
        Case("cut-page.warc", warc_of(("https://a.example/1", page[: len(page) // 2]))),
        Case("truncated-header.warc", warc_of(("https://a.example/1", page),
                                              headers=[("WARC-Truncated", "length")])),
        Case("cp1256.warc", warc_of(("https://a.example/1", html_page().replace("،", ",")
                                     .encode("windows-1256")), ctype="text/html")),
        Case("wrong-charset.warc", warc_of(("https://a.example/1", page),
                                           ctype="text/html; charset=x-nonsense")),
        Case("nul.warc", warc_of(("https://a.example/1", page.replace(b"<p>", b"<p>\x00")))),
        Case("ansi-title.warc", warc_of(("https://a.example/1", html_page(title=ANSI).encode()))),
        Case("huge-page.warc", warc_of(("https://a.example/1", html_page(body=ARTICLE * 20_000)
                                        .encode()), ("https://a.example/2", page))),
        Case("date-9999.warc", warc_of(("https://a.example/1", page),
                                       headers=[("WARC-Date", "9999-12-31T23:59:59Z")])),
        Case("uri-ansi.warc", warc_of((f"https://a.example/{ANSI}", page))),
        Case("zero-bomb.warc.gz", zero_bomb(50 * MB) + gz),
        Case("header-line.warc", b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"a" * 30 * MB),
        Case("garbage.warc", b"WARC/1.0\r\n" + bytes(range(256)) * 10),
        *warc_boundary_cuts("b.warc", plain),
        *warc_boundary_cuts("b.warc.gz", gz),
        *cuts("a.warc", plain, 10),
    ]


def zero_bomb(size: int) -> bytes:
    """A .warc.gz member whose record holds `size` zero bytes (about 1000 times its own size)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [z.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n"
                        + f"Content-Length: {size}\r\n\r\n".encode())]
    zeros = bytes(MB)
    parts += [z.compress(zeros) for _ in range(size // MB)]
    return b"".join(parts) + z.compress(b"\r\n\r\n") + z.flush()


WARC_MARKS = (b"WARC/1.0\r\nWARC-Type: response", b"Content-Length: ", b"HTTP/1.1 200",
              b"Content-Type: text/html", b"<title>", b"</html>\r\n\r\n")


def warc_boundary_cuts(name: str, data: bytes) -> list[Case]:
    """Cuts inside the last page record: its WARC header, Content-Length, HTTP status line, HTTP
    headers, body and end (for a .warc.gz, at the same places of its last gzip member)."""
    if name.endswith(".gz"):
        start = _last_member(data)
        return [Case(f"cut{k}-{name}", data[: start + (len(data) - start) * k // 8])
                for k in range(1, 8)]
    start = data.rfind(b"WARC/1.0\r\nWARC-Type: response")
    out = []
    for k, mark in enumerate(WARC_MARKS):
        at = data.find(mark, start)
        out.append(Case(f"cut-mark{k}-{name}", data[: at + len(mark) // 2]))
    return out


def _last_member(data: bytes) -> int:
    pos = last = 0
    while pos < len(data):
        z = zlib.decompressobj(31)
        z.decompress(data[pos:])
        last, pos = pos, len(data) - len(z.unused_data)
    return last


CASES: dict[str, Callable[[], list[Case]]] = {
    "text": text_cases, "jsonl": jsonl_cases, "json": json_cases, "saudinewsnet": snn_cases,
    "html": html_cases, "feed": feed_cases, "warc": warc_cases,
}
SOUND = {"text": "a.txt", "jsonl": "a.jsonl", "json": "a.json", "saudinewsnet": "d.zip",
         "html": "a.html", "feed": "a.rss", "warc": "a.warc.gz"}


def sound(reader: str) -> Case:
    """The well-formed input of a reader, to be damaged."""
    return next(c for c in CASES[reader]() if c.name.startswith("good") or c.name == "plain.txt")


def write(cases: list[Case], folder: Path) -> dict[str, Case]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in cases:
        (folder / case.name).write_bytes(case.data)
        paths[str(folder / case.name)] = case
    return paths


def outcome(path: str, items: list[RawDocument | Rejection | Notice]) -> tuple[int, int]:
    """(articles, rejections) of one case, after checking that nothing is a reader's bug."""
    for item in items:
        assert isinstance(item, RawDocument | Rejection | Notice), item
        assert item.origin == path or item.origin.startswith(f"{path}:"), (path, item.origin)
        if isinstance(item, Rejection):
            assert not item.reason.startswith(UNEXPECTED), item
            assert "\n" not in item.reason and "Traceback" not in item.reason, item
    return (sum(isinstance(i, RawDocument) for i in items),
            sum(isinstance(i, Rejection) for i in items))


def check_document(doc: RawDocument, max_bytes: int = 5 * MB) -> None:
    """The bounds every stored article meets."""
    assert len(doc.text.encode("utf-8", "surrogatepass")) <= max_bytes
    for value in (doc.title, doc.author, doc.outlet):
        assert value is None or (len(value) <= 1000 and one_clean_line(value)), value[:80]
    assert doc.url is None or len(doc.url) <= 4096
    assert CONTROLS.search(doc.text.replace("\n", "").replace("\t", "").replace("\r", "")) is None


CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_clean_line(value: str) -> bool:
    """No control character (escape, NUL, line end…) and no lone surrogate in a field."""
    return CONTROLS.search(value) is None


# --- the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def all_cases() -> dict[str, list[Case]]:
    return {reader: [*build(), *flips(SOUND[reader], sound(reader).data, 6, seed=11)]
            for reader, build in CASES.items()}


@pytest.mark.parametrize("reader", READERS)
def test_each_case_is_stored_or_named(tmp_path: Path, all_cases: dict[str, list[Case]],
                                      reader: str) -> None:
    """Each case read alone ends in articles within bounds or a named rejection; then all of
    them go through the pipeline into one SQLite file, which stays sound."""
    paths = write(all_cases[reader], tmp_path / "in")
    found: dict[str, list[RawDocument]] = {}
    for path, case in paths.items():
        items = list(read([path]))
        n_docs, n_rejected = outcome(path, items)
        assert n_docs or n_rejected or not case.strict, (case.name, items)
        found[path] = [i for i in items if isinstance(i, RawDocument)]
        for doc in found[path]:
            check_document(doc)
    report, stored = ingest(sorted(paths), tmp_path / "x.db")
    assert not [r for r in report.rejections if r.reason.startswith(UNEXPECTED)]
    assert not lost(found, stored, report)
    for article in stored:
        assert article.title is None or (len(article.title) <= 1000 and one_clean_line(article.title))


def lost(found: dict[str, list[RawDocument]], stored: list[Article],
         report: IngestReport) -> list[str]:
    """The articles read that are neither stored nor rejected by name. An identical article
    read again (a cut that kept it whole, say) is the same article, stored or rejected once:
    only the first of them, in ingest order, is followed."""
    ids, first = {a.id for a in stored}, {}
    rejected = {r.origin for r in report.rejections}
    for path in sorted(found):
        for doc in found[path]:
            first.setdefault(article_id(doc.outlet, doc.url, doc.text), doc.origin)
    return [origin for id_, origin in first.items() if id_ not in ids and origin not in rejected]


def ingest(paths: list[str], db: Path) -> tuple[IngestReport, list[Article]]:
    """Ingest into a new SQLite file, and check its integrity."""
    with marsad.open(db, workers=0, extract=False) as obs:
        report = obs.ingest(paths)
        stored = list(obs.articles())
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    return report, stored


def test_sidecars_never_break_the_text(tmp_path: Path) -> None:
    for name, text, meta in sidecar_cases():
        (tmp_path / f"{name}.txt").write_bytes(text)
        (tmp_path / f"{name}.meta.json").write_bytes(meta)
        items = list(read([tmp_path / f"{name}.txt"]))
        [doc] = [i for i in items if isinstance(i, RawDocument)]
        assert not [i for i in items if isinstance(i, Rejection)], (name, items)
        check_document(doc)


def test_memory_stays_under_one_gigabyte() -> None:
    """Run after the cases above (in file order): this process's peak never reached 1 GB."""
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_000_000  # in KB


def cases_of(reader: str) -> Iterator[Case]:
    """Every case of a reader (for the bench)."""
    yield from CASES[reader]()
