"""Several marsad processes on one store: one writer at a time (the others wait, then say who
holds it), readers never blocked, read commands never create a store, and a broken store is one
clear line. Real processes and real SQLite files, on part of the bundled SaudiNewsNet day."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from marsad.sample import sample_paths
from marsad.store import open_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the writer lock is POSIX flock")

CLI = [sys.executable, "-c", "from marsad.cli import main; main()"]

# A process that holds a store for writing (as `marsad ingest` would) until told to stop, with a
# forked child (as a worker of the pipeline's pool) that outlives it when it is killed.
HOLDER = """
import os, sys, time
from marsad.store import open_store
store = open_store(sys.argv[1], write=True, command="marsad ingest")
if sys.argv[2] == "in-transaction":
    store.db.execute("BEGIN IMMEDIATE")
    store.db.execute("DELETE FROM articles")
child = os.fork()
if child == 0:
    os.close(1)
    time.sleep(300)
    os._exit(0)
print("ready", child, flush=True)
sys.stdin.readline()
"""


def env(**settings: Any) -> dict[str, str]:
    """This environment with MARSAD_<NAME> settings (one worker process: the machine is shared)."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    out |= {"MARSAD_WORKERS": "0", "MARSAD_EXTRACT_WORKERS": "0"}
    return out | {f"MARSAD_{k.upper()}": str(v) for k, v in settings.items()}


def start(*args: str, cwd: Path, **settings: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, *args], cwd=cwd, env=env(**settings), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[str]) -> int:
    """Wait for a process started by `start`; its exit code (0 expected: its stderr shown)."""
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    return proc.returncode


def run(*args: str, cwd: Path, **settings: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, env=env(**settings), text=True,
                          capture_output=True, timeout=300)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a command that could not run prints (exit 2, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two overlapping parts of the bundled day (articles 0-249 and 150-399 with text)."""
    day = next(p for p in sample_paths() if p.suffix == ".zip")
    with zipfile.ZipFile(day) as z:
        rows = [r for r in json.loads(z.read(z.namelist()[0])) if (r.get("content") or "").strip()]
    folder = tmp_path_factory.mktemp("inputs")
    parts = folder / "a.json", folder / "b.json"
    for path, part in zip(parts, (rows[0:250], rows[150:400]), strict=True):
        path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
    return parts


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, inputs: tuple[Path, Path]) -> Path:
    """A store of the first part, made once: tests take a copy."""
    db = tmp_path_factory.mktemp("stored") / "a.db"
    finish(ingest(inputs[0], db=db))
    return db


def copy_of(stored: Path, to: Path) -> Path:
    shutil.copyfile(stored, to)
    return to


def ingest(*paths: Path, db: Path, **settings: Any) -> subprocess.Popen[str]:
    return start("ingest", *map(str, paths), "--no-extract", "--db", str(db), cwd=db.parent,
                 **({"batch_size": 50} | settings))


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What two runs must agree on: the articles with their original and event, the groups
    with their storyline and size."""
    con = sqlite3.connect(db)
    try:
        return {
            "articles": con.execute("SELECT id, duplicate_of, duplicate_kind, event_id "
                                    "FROM articles ORDER BY id").fetchall(),
            "groups": con.execute("SELECT id, level, parent_id, size FROM groups "
                                  "ORDER BY id").fetchall(),
        }
    finally:
        con.close()


BROKEN = {  # what must be nothing in a sound store
    "an event's size is not its number of articles":
        "SELECT id FROM groups g WHERE level = 'event' AND size != "
        "(SELECT COUNT(*) FROM articles a WHERE a.event_id = g.id)",
    "a storyline's size is not the articles of its events":
        "SELECT id FROM groups s WHERE level = 'storyline' AND size != "
        "(SELECT COALESCE(SUM(size), 0) FROM groups e WHERE e.parent_id = s.id)",
    "a copy's original is a copy":
        "SELECT a.id FROM articles a JOIN articles o ON o.id = a.duplicate_of "
        "WHERE o.duplicate_of IS NOT NULL",
    "an article's event is missing":
        "SELECT id FROM articles WHERE event_id NOT IN (SELECT id FROM groups)",
    "an event's storyline is missing":
        "SELECT id FROM groups WHERE level = 'event' AND parent_id NOT IN "
        "(SELECT id FROM groups WHERE level = 'storyline')",
}


def broken(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {what: n for what, sql in BROKEN.items()
                if (n := len(con.execute(sql).fetchall()))}
    finally:
        con.close()


def test_two_concurrent_ingests_end_as_two_sequential_ones(tmp_path: Path,
                                                           inputs: tuple[Path, Path]) -> None:
    a, b = inputs
    db = tmp_path / "both.db"
    runs = [ingest(a, db=db, lock_timeout=300), ingest(b, db=db, lock_timeout=300)]
    for proc in runs:
        finish(proc)
    orders = {}
    for first, then in ((a, b), (b, a)):
        one = tmp_path / f"{first.stem}-{then.stem}.db"
        for path in (first, then):
            assert finish(ingest(path, db=one)) == 0
        orders[first.stem + then.stem] = snapshot(one)
    got = snapshot(db)
    assert got in orders.values()
    assert len(got["articles"]) > 300 and any(row[1] for row in got["articles"])
    assert broken(db) == {}


@pytest.mark.parametrize("command", [["ingest", "IN", "--no-extract"], ["extract"],
                                     ["extract", "--redo"]])
def test_a_second_writer_waits_then_says_who_holds_the_store(
        tmp_path: Path, inputs: tuple[Path, Path], command: list[str]) -> None:
    db = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "idle"], env=env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        child = int(holder.stdout.readline().split()[1])  # type: ignore[union-attr]
        args = [str(inputs[0]) if x == "IN" else x for x in command]
        line = one_error_line(run(*args, "--db", str(db), cwd=tmp_path, lock_timeout=0.2))
        assert line.startswith(f"error: {db} is being written by `marsad ingest` "
                               f"(pid {holder.pid}, since ")
        assert "wait for it to finish, or set MARSAD_LOCK_TIMEOUT (now 0.2 s)" in line
    finally:
        holder.communicate("\n", timeout=60)
        os.kill(child, signal.SIGKILL)


def test_a_killed_writer_leaves_no_lock_behind_even_with_a_worker_alive(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "idle"], env=env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child = int(holder.stdout.readline().split()[1])  # type: ignore[union-attr]
    try:
        holder.kill()
        holder.communicate(timeout=60)
        os.kill(child, 0)  # the forked worker still runs, holding the lock file open
        open_store(str(db), write=True, lock_timeout=0).close()
    finally:
        os.kill(child, signal.SIGKILL)


def test_readers_are_served_while_a_writer_holds_the_store(tmp_path: Path, stored: Path) -> None:
    db = copy_of(stored, tmp_path / "read.db")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "in-transaction"],
                              env=env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        child = int(holder.stdout.readline().split()[1])  # type: ignore[union-attr]
        for command in (["stats"], ["events"], ["export", "articles"]):
            result = run(*command, "--db", str(db), cwd=tmp_path, lock_timeout=0)
            assert result.returncode == 0 and not result.stderr, result.stderr
        assert "articles: 250" in run("stats", "--db", str(db), cwd=tmp_path).stdout
    finally:
        holder.communicate("\n", timeout=60)
        os.kill(child, signal.SIGKILL)


def test_stats_during_a_real_ingest_all_succeed(tmp_path: Path, inputs: tuple[Path, Path],
                                                stored: Path) -> None:
    db = copy_of(stored, tmp_path / "live.db")
    writer = ingest(inputs[1], db=db, batch_size=10)
    results = []
    while writer.poll() is None:
        results.append(run("stats", "--db", str(db), cwd=tmp_path))
    results.append(run("stats", "--db", str(db), cwd=tmp_path))
    assert finish(writer) == 0
    failed = [(r.returncode, r.stderr) for r in results if r.returncode or r.stderr]
    assert failed == [], f"{len(failed)} of {len(results)} failed"
    assert broken(db) == {}


READERS = [["stats"], ["events"], ["storylines"], ["entities"], ["quotes"], ["show", "abcd1234"],
           ["timeline", "abcd1234"], ["export", "articles"], ["analyze", "text.txt"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_read_commands_never_create_a_store(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "text.txt").write_text("قال الوزير إن الاجتماع ناجح", encoding="utf-8")
    line = one_error_line(run(*command, "--db", "nonexist.db", cwd=tmp_path))
    assert line == "error: no marsad store at nonexist.db: `marsad ingest` creates one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["text.txt"]


def test_a_read_command_in_the_wrong_folder_says_there_is_no_store(tmp_path: Path) -> None:
    line = one_error_line(run("storylines", cwd=tmp_path))
    assert "no marsad store at marsad.db" in line
    assert list(tmp_path.iterdir()) == []


def _not_a_database(path: Path) -> None:
    path.write_text("ليست قاعدة بيانات\n" * 200, encoding="utf-8")


def _damaged(path: Path, stored: Path) -> None:
    copy_of(stored, path)
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["stats"], ["export", "events"], ["ingest", "IN"]],
                         ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["not a database", "damaged", "locked"])
def test_a_broken_or_locked_store_is_one_line_and_exit_2(
        tmp_path: Path, inputs: tuple[Path, Path], stored: Path, command: list[str],
        kind: str) -> None:
    db = tmp_path / "s.db"
    other = None
    if kind == "not a database":
        _not_a_database(db)
    elif kind == "damaged":
        _damaged(db, stored)
    else:
        copy_of(stored, db)
        other = sqlite3.connect(db, isolation_level=None)  # another program, holding it whole
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
    try:
        args = [str(inputs[1]) if x == "IN" else x for x in command]
        line = one_error_line(run(*args, "--db", str(db), cwd=tmp_path, lock_timeout=0.2))
    finally:
        if other is not None:
            other.close()
    expected = {"not a database": "is not a marsad store", "damaged": "is damaged",
                "locked": "is locked by another program"}[kind]
    assert line.startswith(f"error: {db} {expected}"), line
