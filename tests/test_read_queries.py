"""Reading commands run a number of SQL statements that does not grow with the rows they show
(issue 13): counted with sqlite3's trace callback on every connection a command opens, on
stores of two sizes and on small and large items of one store."""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from query_counts import counting  # bench/query_counts.py: the same count as the bench

from marsad.cli import app


def statements(db: Path, *args: str) -> int:
    """How many SQL statements `marsad ARGS --db DB` runs (it must succeed)."""
    with counting() as seen, contextlib.redirect_stderr(io.StringIO()):
        result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return len(seen)


def _one(db: Path, sql: str) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def largest_storyline(db: Path) -> str:
    return _one(db, "SELECT parent_id FROM groups WHERE level = 'event' AND parent_id IS NOT "
                    "NULL GROUP BY parent_id ORDER BY COUNT(*) DESC, parent_id LIMIT 1")


def smallest_storyline(db: Path) -> str:
    return _one(db, "SELECT parent_id FROM groups WHERE level = 'event' AND parent_id IS NOT "
                    "NULL GROUP BY parent_id ORDER BY COUNT(*), parent_id LIMIT 1")


def rows(db: Path, sql: str) -> int:
    return int(_one(db, sql))


COMMANDS = [("show", "{story}"), ("timeline", "{story}"), ("export", "timelines"),
            ("entities", "--limit", "30"), ("entities", "--limit", "30", "--format", "json"),
            ("events", "--min-size", "1", "--limit", "30"), ("storylines", "--min-events", "1"),
            ("quotes", "--limit", "30"), ("export", "storylines"), ("export", "events")]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_statements_do_not_grow_with_the_store(seeds_db: Path, sample_db: Path,
                                               command: tuple[str, ...]) -> None:
    small_story, large_story = largest_storyline(seeds_db), largest_storyline(sample_db)
    small = statements(seeds_db, *(a.format(story=small_story) for a in command))
    large = statements(sample_db, *(a.format(story=large_story) for a in command))
    assert small == large, f"{small} statements on the seeds, {large} on the larger store"
    storylines = "SELECT COUNT(*) FROM groups WHERE level = 'storyline'"
    assert rows(sample_db, storylines) > 10 * rows(seeds_db, storylines)  # two sizes indeed


@pytest.mark.parametrize(("few", "many"), [
    (("show", "{small}"), ("show", "{large}")),
    (("timeline", "{small}"), ("timeline", "{large}")),
    (("entities", "--limit", "2"), ("entities", "--limit", "200")),
    (("entities", "--limit", "2", "--format", "json"),
     ("entities", "--limit", "200", "--format", "json")),
    (("quotes", "--limit", "2"), ("quotes", "--limit", "200")),
    (("events", "--min-size", "1", "--limit", "2"), ("events", "--min-size", "1", "--limit", "60")),
], ids=lambda args: " ".join(args))
def test_statements_do_not_grow_with_the_rows_shown(sample_db: Path, few: tuple[str, ...],
                                                    many: tuple[str, ...]) -> None:
    names = {"small": smallest_storyline(sample_db), "large": largest_storyline(sample_db)}
    assert names["small"] != names["large"]
    assert (statements(sample_db, *(a.format(**names) for a in few))
            == statements(sample_db, *(a.format(**names) for a in many)))


HEAVY = ("numpy", "scipy", "datasketch", "sklearn", "marsad.stories", "marsad.pipeline",
         "marsad.dedup", "marsad.clean", "marsad.extract", "marsad.sources")


def test_reading_commands_import_no_pipeline_nor_numpy(sample_db: Path) -> None:
    import subprocess
    import sys

    story = largest_storyline(sample_db)
    runs = [["stats"], ["show", story], ["entities"], ["events", "--outlet", "a"], ["quotes"],
            ["storylines", "--since", "2015-07-23"], ["export", "events"]]
    code = ("import sys\nfrom marsad.cli import app\n"
            f"for args in {runs!r}:\n"
            f"    app(args + ['--db', {str(sample_db)!r}], standalone_mode=False)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} "
            f"or m.startswith({HEAVY!r})), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"
