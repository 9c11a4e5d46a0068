"""Hostile inputs that once crashed marsad or ate its memory, through the CLI in a child process
limited to 1.5 GB of address space; and feeds served over HTTP by a server on 127.0.0.1 that
this test starts (no other network)."""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_hostile_readers import ANSI, LAUGHS, TITLE, one_zip, record, rss, rss_item
from test_sources import ARTICLE, snn_record

import marsad
from marsad.model import RawDocument, Rejection
from marsad.sources import UNEXPECTED, feed, read

MARSAD = Path(sys.executable).parent / "marsad"
LIMIT = 1_500_000_000


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def cli_ingest(paths: list[Path], db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MARSAD), "ingest", *map(str, paths), "--db", str(db), "--no-extract"],
                          capture_output=True, text=True, timeout=300, preexec_fn=limited,
                          check=False)


def crash_cases() -> dict[str, bytes]:
    """The inputs of issue 11 item 3 that killed or starved the process."""
    snn = json.dumps([snn_record(n) for n in range(3)], ensure_ascii=False)
    return {
        # format sniffing met a 4,400-digit integer: segmentation fault
        "bigint.json": ('[{"date_extracted": "2015-07-21", "id": ' + "9" * 4400
                        + ', "content": "نص"}]').encode(),
        # 200 KB of brackets: 23.7 GB of memory
        "deep.json": b"[" * 100_001 + b"]" * 100_001,
        # one long Arabic string through a zip that expands 1000:1: minutes of parsing
        "long.zip": one_zip("d.json", ('[{"source": "sabq", "content": "' + "خ" * 40_000_000
                                       + '"}]').encode(), level=9),
        # a 5.5 MB title: 2.3 GB of memory
        "title.jsonl": json.dumps(record(1, title="عنوان " * 1_000_000), ensure_ascii=False)
        .encode(),
        "snn.json": snn.encode(),
    }


def test_crashing_inputs_end_in_articles_or_named_rejections(tmp_path: Path) -> None:
    paths = []
    for name, data in crash_cases().items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    done = cli_ingest(paths, tmp_path / "x.db")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and UNEXPECTED not in done.stderr, done.stderr[-2000:]
    err = " ".join(done.stderr.split())  # rich wraps long lines
    for name, reason in [("bigint.json:item 1", "a number of more than 4300 digits"),
                         ("deep.json:item 1", "nested too deeply"),
                         ("long.zip:member d.json", "expands more than 100 times")]:
        assert name in err and reason in err, (name, err[-2000:])
    with marsad.open(tmp_path / "x.db", extract=False) as obs:
        titles = [a.title for a in obs.articles()]
    assert len(titles) == 4 and max(len(t or "") for t in titles) <= 1000
    con = sqlite3.connect(tmp_path / "x.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


# --- feeds over HTTP -----------------------------------------------------------------------


class Server:
    """Serves fixed bodies by path on 127.0.0.1, in a thread; /drip sends a byte at a time until
    the client goes."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/drip":
                    self.drip()
                    return
                body = bodies.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def drip(self) -> None:
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                try:
                    for _ in range(100_000):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.01)
                except OSError:  # the client gave up
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    local = tmp_path / "local.rss"
    local.write_text(rss(rss_item(title="خبر محلي سري", text="نص لا يخرج من هذا الجهاز")),
                     encoding="utf-8")
    srv = Server({
        "/good": rss(rss_item() + rss_item(title=ANSI + TITLE, link="https://news.example/2"))
        .encode(),
        "/passwd": b"/etc/passwd",
        "/local": str(local).encode(),
        "/zero": b"/dev/zero",
        "/xxe": rss(rss_item(text="&xxe; " + ARTICLE), head='<!DOCTYPE rss [<!ENTITY xxe SYSTEM '
                    '"file:///etc/passwd">]>').encode(),
        "/laughs": rss(rss_item(text="&lol9; " + ARTICLE), head=LAUGHS[21:]).encode(),
        "/big": rss(rss_item(text=ARTICLE * 18_000) + rss_item(link="https://news.example/3"))
        .encode(),
        "/remote": b"http://127.0.0.1:1/feed",
    })
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join()


@pytest.mark.parametrize(("path", "articles", "reason"), [
    ("/good", 2, None),
    ("/passwd", 0, "not a readable RSS or Atom feed"),
    ("/local", 0, "not a readable RSS or Atom feed"),
    ("/zero", 0, "not a readable RSS or Atom feed"),
    ("/remote", 0, "not a readable RSS or Atom feed"),
    ("/xxe", 1, None),
    ("/laughs", 1, None),
    ("/big", 1, "article too large (5.3 MB > 5.0 MB)"),
    ("/missing", 0, "cannot fetch the feed (Not Found)"),
])
def test_feeds_over_http(server: Server, path: str, articles: int, reason: str | None) -> None:
    items = list(read([server.url(path)]))
    found = [i for i in items if isinstance(i, RawDocument)]
    assert len(found) == articles
    rejected = [r.reason for r in items if isinstance(r, Rejection)]
    assert rejected[0].startswith(reason) if reason else not rejected
    for doc in found:
        assert "root:" not in doc.text and "lollol" not in doc.text
        assert doc.title is None or "\x1b" not in doc.title
        assert doc.origin.startswith(server.url(path))


def test_a_feed_that_drips_is_given_up(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "FETCH_SECONDS", 0.2)
    [rejection] = list(read([server.url("/drip")]))
    assert rejection == Rejection(server.url("/drip"), "cannot fetch the feed (the server took "
                                                       "more than 0.2 s to send it)")


def test_feeds_over_http_through_the_pipeline(server: Server, tmp_path: Path) -> None:
    urls = [server.url(p) for p in ("/good", "/passwd", "/local", "/zero", "/xxe", "/big")]
    with marsad.open(tmp_path / "x.db", workers=0, extract=False) as obs:
        report = obs.ingest(urls)
        stored = list(obs.articles())
    assert report.stored == len(stored) == 3
    assert not any("سري" in (a.title or "") or "root:" in a.text for a in stored)
    assert {r.origin.split(":item")[0] for r in report.rejections} == set(urls[1:4] + urls[5:])
    con = sqlite3.connect(tmp_path / "x.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
