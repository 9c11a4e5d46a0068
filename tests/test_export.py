"""`marsad export`: CSV a spreadsheet opens safely (no formula runs, Excel reads the Arabic with
--excel), JSON that no terminal acts on and that reads back unchanged."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad import export


def marsad(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("http://evil.example","انقر هنا")', '\'=HYPERLINK("http://evil.example","انقر هنا")'),
    ("+966 11 000 0000", "'+966 11 000 0000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\n=1+1"),  # line ends are written as \n, the cell still quoted
    ("خبر عن =الاجتماع", "خبر عن =الاجتماع"),  # only the first character counts
    ("\x1b]0;title\x07عاجل \u202eعكس", "عاجل عكس"),
    (["e1", "e2"], "e1 e2"),
    (-1, -1),
    (0.93, 0.93),
    (None, None),
])
def test_a_csv_cell_is_never_a_formula_nor_terminal_control(value: object,
                                                            expected: object) -> None:
    assert export.cell(value) == expected


def test_json_escapes_what_a_terminal_acts_on_and_reads_back_unchanged() -> None:
    record = {"title": "\u202eعكس\x1b[2J\x9b31m\u2066x\u2069\u2028", "n": 1}
    text = export.dumps(record)
    assert all(c not in text for c in "\u202e\x1b\x9b\u2066\u2069\u2028")
    assert "عكس" in text and json.loads(text) == record


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("export")
    article = {"title": '=HYPERLINK("http://evil.example","اضغط هنا")',
               "text": "أعلنت وزارة الصحة عن حالات جديدة في المنطقة الشرقية. " * 8,
               "outlet": "@outlet\u202e", "published": "2024-10-25"}
    (tmp / "a.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp / "e.db")
    result = marsad("ingest", "a.jsonl", "--no-extract", "--db", db, cwd=tmp)
    assert result.returncode == 0, result.stderr
    return tmp, db


def test_csv_export_quotes_formulas(store: tuple[Path, str]) -> None:
    tmp, db = store
    result = marsad("export", "articles", "--format", "csv", "--db", db, cwd=tmp)
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","اضغط هنا")'
    assert row["outlet"] == "'@outlet"
    assert "\u202e" not in result.stdout


def test_excel_csv_begins_with_a_byte_order_mark(store: tuple[Path, str]) -> None:
    tmp, db = store
    for flags, bom in (([], False), (["--excel"], True)):
        target = tmp / f"articles{len(flags)}.csv"
        result = marsad("export", "articles", "--format", "csv", *flags, "-o", str(target),
                        "--db", db, cwd=tmp)
        assert result.returncode == 0, result.stderr
        assert target.read_bytes().startswith(b"\xef\xbb\xbfid,") is bom
        with target.open(encoding="utf-8-sig", newline="") as fh:
            assert next(csv.DictReader(fh))["published"].startswith("2024-10-25")
    wrong = marsad("export", "articles", "--excel", "--db", db, cwd=tmp)
    assert wrong.returncode == 2 and "--format csv" in wrong.stderr


def test_jsonl_export_keeps_the_data_and_escapes_it(store: tuple[Path, str]) -> None:
    tmp, db = store
    result = marsad("export", "articles", "--db", db, cwd=tmp)
    assert "\u202e" not in result.stdout
    assert json.loads(result.stdout)["outlet"] == "@outlet\u202e"
