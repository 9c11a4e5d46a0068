"""The CLI: every command has help text and is shown in the README; errors are one clean line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from marsad.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 20
    assert f"marsad {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin)


def test_unknown_id_is_one_clean_error_line(tmp_path: Path) -> None:
    result = run("show", "abcdef12", "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error:")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_store_that_is_a_directory_is_one_clean_error_line(tmp_path: Path) -> None:
    result = run("stats", "--db", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2 and "is a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_export_and_show_through_the_cli(tmp_path: Path, seeds_dir: Path) -> None:
    import csv
    import json

    db = str(tmp_path / "c.db")
    ingest = run("ingest", str(seeds_dir), str(tmp_path / "nothing-here"), "--db", db,
                 cwd=tmp_path)
    assert ingest.returncode == 1  # one input was rejected
    assert "nothing-here: no such file or directory" in ingest.stderr
    out = run("export", "articles", "--format", "jsonl", "--db", db, cwd=tmp_path)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 5
    for key in ("id", "url", "outlet", "title", "published", "duplicate_of", "event_id",
                "storyline_id", "text", "clean_text"):
        assert key in rows[0]
    assert len({r["storyline_id"] for r in rows}) == 1
    target = tmp_path / "events.csv"
    assert run("export", "events", "--format", "csv", "-o", str(target), "--db", db,
               cwd=tmp_path).returncode == 0
    with target.open(encoding="utf-8") as fh:
        events = list(csv.DictReader(fh))
    assert len(events) >= 2 and set(events[0]) >= {"id", "storyline_id", "article_ids"}
    shown = run("show", rows[0]["id"][:8], "--db", db, cwd=tmp_path)
    assert shown.returncode == 0 and rows[0]["id"] in shown.stdout
    story = run("show", rows[0]["storyline_id"], "--db", db, cwd=tmp_path)
    assert story.returncode == 0 and "5 events" in story.stdout
    listed = run("storylines", "--db", db, cwd=tmp_path)
    assert rows[0]["storyline_id"] in listed.stdout


def test_article_content_is_not_read_as_markup(tmp_path: Path) -> None:
    import json

    text = "[bold red]حقن[/] <script>alert(1)</script> " + "خبر عن المنظمة والاجتماع " * 10
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": text, "title": "[link=x]عنوان[/link]"},
                                                 ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert run("ingest", str(tmp_path / "x.jsonl"), "--db", db, cwd=tmp_path).returncode == 0
    out = run("export", "articles", "--db", db, cwd=tmp_path)
    art_id = json.loads(out.stdout)["id"]
    shown = run("show", art_id, "--db", db, cwd=tmp_path)
    assert "[bold red]حقن[/]" in shown.stdout and "[link=x]عنوان[/link]" in shown.stdout


def test_analyze_prints_names_entities_and_quotes_with_offsets(tmp_path: Path) -> None:
    import json

    text = ('قال المتحدث باسم الكرملين دميتري بيسكوف الثلاثاء إن "هناك مشاكل معينة في '
            'علاقاتنا الثنائية" مع أرمينيا.\n')
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = run("analyze", str(tmp_path / "a.txt"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    for m in found["entities"]:
        assert text[m["start"] : m["end"]] == m["surface"]
        assert m["type"] in ("PERS", "ORG", "LOC", "MISC")
    [quote] = found["quotes"]
    assert text[quote["start"] : quote["end"]] == quote["text"] == ("هناك مشاكل معينة في "
                                                                    "علاقاتنا الثنائية")
    assert "بيسكوف" in quote["speaker"] and quote["direct"] and quote["verb"] == "قال"
    assert text[quote["speaker_start"] : quote["speaker_end"]] == quote["speaker"]
    same = run("analyze", "-", cwd=tmp_path, stdin=text)
    assert json.loads(same.stdout) == found
    [day] = found["dates"]
    assert day["text"] == "الثلاثاء" and not day["resolved"]
    dated = json.loads(run("analyze", "-", "--published", "2024-05-09", cwd=tmp_path,
                           stdin=text).stdout)
    assert dated["dates"][0]["value"] == "2024-05-07" and dated["dates"][0]["granularity"] == "day"


def test_analyze_a_missing_or_binary_file_is_one_clean_error(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00\x81" * 10)
    for name in ("missing.txt", "b.txt"):
        result = run("analyze", str(tmp_path / name), cwd=tmp_path)
        assert result.returncode == 2 and name in result.stderr
        assert "Traceback" not in result.stderr


def test_tag_keeps_the_conll_layout(tmp_path: Path) -> None:
    (tmp_path / "t.conll").write_text("زار O\nبوتين O\nموسكو O\n\nقال O\nباشينيان O\n",
                                      encoding="utf-8")
    result = run("tag", str(tmp_path / "t.conll"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip("\n").split("\n\n")
    rows = [[line.split("\t") for line in block.splitlines()] for block in blocks]
    assert [[r[0] for r in block] for block in rows] == [["زار", "بوتين", "موسكو"],
                                                         ["قال", "باشينيان"]]
    labels = [r[1] for block in rows for r in block]
    assert all(lab == "O" or lab[:2] in ("B-", "I-") for lab in labels)
    assert labels[1] == "B-PERS" and labels[4] == "B-PERS"


def test_list_pages_say_where_they_stand_and_go_on_with_offset(sample_db: Path) -> None:
    import json

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(app, [*args, "--db", str(sample_db)])
        assert result.exit_code == 0, result.output
        return result.output

    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(invoke("events", "--min-size", "1", "--format",
                                                   "json", *args))]

    assert ids("--limit", "5") + ids("--limit", "5", "--offset", "5") == ids("--limit", "10")
    total = len(ids("--limit", "1000"))
    assert f"1–5 of {total}: --offset 5 shows the next" in invoke("events", "--min-size", "1",
                                                                  "--limit", "5")
    assert f"the list has {total} events" in invoke("events", "--min-size", "1", "--offset",
                                                    "5000")
    outlet = json.loads(invoke("export", "articles", "--format", "jsonl").splitlines()[-1])
    stories = json.loads(invoke("storylines", "--min-events", "1", "--outlet", outlet["outlet"],
                                "--format", "json"))
    assert outlet["storyline_id"] in {s["id"] for s in stories}
