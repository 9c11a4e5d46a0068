"""The whole path on real input: seeds in, cleaned articles, events and one storyline out."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import marsad
from marsad.errors import ConfigError

# The boilerplate lines that ../shared/DATA.md names, by seed file prefix.
BOILERPLATE = {
    "001": ["بترجمة هذا الخبر"],
    "002": ["Star Inactive"],
    "003": ["(SeaPRwire)", "يتم توفير المقال من قبل مزود محتوى خارجي", "القطاعات:",
            "يوفر SeaPRwire"],
    "004": ["شارك القصة", "تابع القراءة", "المصادر:", "Close"],
}
CAPTION = "لطالما كانت أرمينيا وروسيا حليف"
BODY_SENTENCE = "ولطالما كانت أرمينيا وروسيا حليفتين، لكن علاقتهما توترت"


@pytest.fixture
def seeded(tmp_path: Path, seeds_dir: Path):
    with marsad.open(tmp_path / "seeds.db") as obs:
        report = obs.ingest(seeds_dir)
        yield obs, report


def by_seed(obs: marsad.Observatory) -> dict[str, marsad.Article]:
    return {Path(a.origin).name[:3]: a for a in obs.articles()}


def test_boilerplate_is_gone_from_clean_text_and_kept_in_the_original(seeded) -> None:
    obs, report = seeded
    assert report.stored == 5 and not report.rejections
    arts = by_seed(obs)
    for seed, needles in BOILERPLATE.items():
        for needle in needles:
            assert needle in arts[seed].text, (seed, needle)
            assert needle not in arts[seed].clean_text, (seed, needle)
    assert arts["003"].clean_text.startswith("زار موسكو وعقد محادثات الأربعاء")


def test_the_caption_of_004_appears_once_and_its_body_sentence_stays(seeded) -> None:
    obs, _ = seeded
    text = by_seed(obs)["004"].clean_text
    assert sum(line.startswith(CAPTION) for line in text.splitlines()) == 1
    assert BODY_SENTENCE in text


def test_the_seeds_are_one_storyline_but_not_one_event(seeded) -> None:
    obs, _ = seeded
    arts = list(obs.articles())
    assert len({a.storyline_id for a in arts}) == 1
    assert len({a.event_id for a in arts}) > 1
    assert by_seed(obs)["004"].published.isoformat()[:10] == "2024-10-25"


def test_reingesting_adds_nothing(seeded, seeds_dir: Path) -> None:
    obs, _ = seeded
    before = obs.stats()
    again = obs.ingest(seeds_dir)
    assert again.stored == 0 and again.already_stored == 5
    assert obs.stats() == before


def test_copies_are_linked_not_dropped(tmp_path: Path, seeds_dir: Path) -> None:
    text = (seeds_dir / "002_8cd17d58e663564e.txt").read_text(encoding="utf-8")
    lines = [
        json.dumps({"text": text, "outlet": "أ", "url": "https://a.example/1",
                    "published": "2023-05-22"}, ensure_ascii=False),
        json.dumps({"text": text, "outlet": "ب", "url": "https://b.example/1",
                    "published": "2023-05-23"}, ensure_ascii=False),
        json.dumps({"text": "عاجل: " + text.replace("الإثنين", "يوم الإثنين"), "outlet": "ج",
                    "url": "https://c.example/1", "published": "2023-05-21"},
                   ensure_ascii=False),
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with marsad.open(tmp_path / "w.db") as obs:
        report = obs.ingest(tmp_path / "wire.jsonl")
        arts = {a.outlet: a for a in obs.articles()}
    assert report.stored == 3
    assert arts["ج"].duplicate_of is None  # the earliest copy is the original
    assert arts["أ"].duplicate_of == arts["ج"].id and arts["ب"].duplicate_of == arts["ج"].id
    assert {a.event_id for a in arts.values()} == {arts["ج"].event_id}


BAD_INPUTS = {
    "empty.txt": b"",
    "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "broken.json": b'[{"text": "\xd9\x86\xd8\xb5", "title": "x"}, {"text": "',
    "broken.zip": b"PK\x03\x04" + b"\x00" * 40,
    "page.html": b"<html><body><div>",
}


def test_bad_inputs_are_named_and_the_rest_goes_on(tmp_path: Path, seeds_dir: Path) -> None:
    for name, data in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / n for n in BAD_INPUTS] + [tmp_path / "missing.txt", seeds_dir]
    with marsad.open(tmp_path / "b.db") as obs:
        report = obs.ingest(paths)
        assert report.stored == 5 + 1  # the seeds, and the record before the JSON breaks off
    rejected = {Path(r.origin.split(":")[0]).name: r.reason for r in report.rejections}
    assert set(rejected) >= {*BAD_INPUTS, "missing.txt"}
    assert "empty" in rejected["empty.txt"] and "PNG" in rejected["image.txt"]
    assert "truncated" in rejected["broken.json"] and "zip" in rejected["broken.zip"]
    assert "no such file" in rejected["missing.txt"]


def test_windows_1256_text_is_decoded_with_a_notice(tmp_path: Path, seeds_dir: Path) -> None:
    text = (seeds_dir / "002_8cd17d58e663564e.txt").read_text(encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(text.encode("windows-1256", errors="replace"))
    with marsad.open(tmp_path / "l.db") as obs:
        report = obs.ingest(tmp_path / "legacy.txt")
        art = next(obs.articles())
    assert report.stored == 1 and "windows-1256" in report.notices[0].message
    assert "باشينيان" in art.text


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with marsad.open(tmp_path / "f.db") as obs, pytest.raises(ConfigError, match="jsonl"):
        obs.ingest(tmp_path, fmt="docx")


def _day_files(saudinewsnet: Path, out: Path, n: int) -> list[Path]:
    """Copies of SaudiNewsNet's first days, small enough for a test."""
    files = []
    for day in sorted(saudinewsnet.glob("*.zip"))[:n]:
        target = out / day.name
        with zipfile.ZipFile(day) as src, zipfile.ZipFile(target, "w") as dst:
            member = src.namelist()[0]
            records = json.loads(src.read(member))[:400]
            dst.writestr(member, json.dumps(records, ensure_ascii=False))
        files.append(target)
    return files


def test_an_ingest_killed_midway_completes_when_run_again(tmp_path: Path,
                                                          saudinewsnet_dir: Path) -> None:
    files = _day_files(saudinewsnet_dir, tmp_path, 3)
    db = tmp_path / "k.db"
    args = [sys.executable, "-c", "from marsad.cli import main; main()", "ingest", "--db",
            str(db), *map(str, files)]
    env = {**os.environ, "MARSAD_BATCH_SIZE": "50"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not db.exists() or _count(db) < 100):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < 1200
    subprocess.run(args, env=env, check=False, capture_output=True, timeout=300)
    with marsad.open(db) as obs:
        ids = [a.id for a in obs.articles()]
        assert len(ids) == len(set(ids))
        assert len(ids) + obs.stats()["rejections"] == 1200
        assert all(a.event_id for a in obs.articles())


def _count(db: Path) -> int:
    import sqlite3

    try:
        con = sqlite3.connect(db)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0
