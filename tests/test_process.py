"""Processes: workers die with their parent; a run killed at any moment and run again leaves the
store an uninterrupted run leaves; Ctrl-C and SIGTERM say how far a run got."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from marsad.sample import sample_paths

# Small batches, so that the workers start on a few hundred articles (see workers.MIN_PARALLEL).
ENV = {"MARSAD_BATCH_SIZE": "110", "MARSAD_WORKERS": "2", "MARSAD_EXTRACT_WORKERS": "2"}
ARTICLES = 250


def marsad(*args: str) -> subprocess.Popen[str]:
    """`marsad ARGS` in its own session (so that a stray worker cannot outlive the test)."""
    return subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                            env={**os.environ, **ENV}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(*args: str) -> subprocess.CompletedProcess[str]:
    proc = marsad(*args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def day_part(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first ARTICLES records of the sample SaudiNewsNet day, as a day file of their own."""
    day = next(p for p in sample_paths() if p.suffix == ".zip")
    with zipfile.ZipFile(day) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".json"))
        records = json.loads(archive.read(member))[:ARTICLES]
    path = tmp_path_factory.mktemp("input") / "part.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part.json", json.dumps(records, ensure_ascii=False))
    return path


@pytest.fixture(scope="module")
def reference(day_part: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What an uninterrupted `marsad ingest` stores."""
    db = tmp_path_factory.mktemp("reference") / "r.db"
    finish("ingest", str(day_part), "--db", str(db))
    return snapshot(db)


def snapshot(db: Path) -> dict[str, Any]:
    """The store, as what must not depend on interruptions: articles and their originals, the
    articles of each event and of each storyline, and the number of findings."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT a.id, a.duplicate_of, a.event_id, g.parent_id FROM articles a "
                            "LEFT JOIN groups g ON g.id = a.event_id").fetchall()
        counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                  for table in ("entities", "entity_keys", "mentions", "quotes",
                                "time_expressions", "extracted")}
    conn.close()

    def groups(column: int) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for row in rows:
            members.setdefault(row[column], []).append(row[0])
        return sorted(sorted(m) for m in members.values())

    return {"duplicate_of": {r[0]: r[1] for r in rows}, "events": groups(2),
            "storylines": groups(3), "counts": counts}


def children(pid: int) -> set[tuple[int, str]]:
    """The child processes of `pid`, each as (pid, start time) so that a reused pid is not it."""
    found = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found |= {(int(c), _start(int(c))) for c in fh.read().split()}
    except OSError:  # the process or a thread ended meanwhile
        pass
    return {c for c in found if c[1]}


def _start(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return ""
    return "" if fields[0] in "ZX" else fields[19]  # a zombie has ended


def kill_when_working(proc: subprocess.Popen[str], rng: random.Random) -> set[tuple[int, str]]:
    """Wait until `proc` has workers, let it run a random while, kill -9 it; its workers seen."""
    seen: set[tuple[int, str]] = set()
    deadline = time.monotonic() + 60
    while not seen and proc.poll() is None and time.monotonic() < deadline:
        seen |= children(proc.pid)
        time.sleep(0.02)
    assert seen, f"no worker started (exit code {proc.poll()})"
    wait = rng.uniform(0.0, 1.5)
    end = time.monotonic() + wait
    while time.monotonic() < end and proc.poll() is None:
        seen |= children(proc.pid)
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return seen


def assert_gone(proc: subprocess.Popen[str], workers: set[tuple[int, str]], seed: int) -> None:
    deadline = time.monotonic() + 5
    while (alive := {w for w in workers if _start(w[0]) == w[1]}) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid, _ in alive:  # do not leave them running after the test
        os.kill(pid, signal.SIGKILL)
    proc.communicate(timeout=30)  # a live worker would keep the pipes open
    assert not alive, f"workers outlived their killed parent (seed {seed})"


def test_kill_9_then_rerun_leaves_no_orphan_and_the_store_of_an_uninterrupted_run(
        day_part: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    seed = int(os.environ.get("MARSAD_KILL_SEED") or random.randrange(1_000_000))
    rng = random.Random(seed)
    db = str(tmp_path / "k.db")
    # kill -9 during the ingest, finish it; kill -9 during the extraction of all it stored
    # (so that the extraction has batches enough for its workers), finish both
    run = marsad("ingest", str(day_part), "--db", db, "--no-extract")
    assert_gone(run, kill_when_working(run, rng), seed)
    finish("ingest", str(day_part), "--db", db, "--no-extract")
    run = marsad("extract", "--db", db)
    assert_gone(run, kill_when_working(run, rng), seed)
    finish("ingest", str(day_part), "--db", db)
    assert snapshot(Path(db)) == reference, f"seed {seed}"


def wait_for_workers(proc: subprocess.Popen[str]) -> set[tuple[int, str]]:
    deadline = time.monotonic() + 60
    while not (seen := children(proc.pid)) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen, f"no worker started (exit code {proc.poll()})"
    return seen


@pytest.mark.parametrize(("command", "how", "code", "said"), [
    ("ingest", "ctrl-c", 130, "interrupted after "),
    ("ingest", "sigterm", 143, "interrupted (SIGTERM) after "),
    ("extract", "ctrl-c", 130, "interrupted "),
])
def test_ctrl_c_and_sigterm_say_how_far_the_run_got_and_stop_the_workers(
        day_part: Path, reference: dict[str, Any], tmp_path: Path, command: str, how: str,
        code: int, said: str) -> None:
    db = str(tmp_path / "i.db")
    if command == "extract":
        finish("ingest", str(day_part), "--db", db, "--no-extract")
    proc = marsad(*(["ingest", str(day_part)] if command == "ingest" else ["extract"]),
                  "--db", db)
    workers = wait_for_workers(proc)
    seed = int(os.environ.get("MARSAD_KILL_SEED") or random.randrange(1_000_000))
    if how == "ctrl-c":  # a terminal sends SIGINT to every process of the foreground group;
        os.killpg(proc.pid, signal.SIGINT)  # at once: the workers may be forking still
    else:
        time.sleep(random.Random(seed).uniform(0.0, 1.5))
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, f"seed {seed}: {err}"
    assert said in err and err.rstrip().endswith(
        "every batch stored so far is kept; run the same command again to finish"), err
    assert "Traceback" not in err
    assert not {w for w in workers if _start(w[0]) == w[1]}
    if how == "sigterm":  # stopped anywhere in this process, a batch is stored whole or not
        finish("ingest", str(day_part), "--db", db)
        assert snapshot(Path(db)) == reference, f"seed {seed}"


def test_a_ctrl_c_while_the_pool_forks_is_raised_after_it_not_lost() -> None:
    from marsad.workers import _signals_deferred

    reached_the_end = False
    with pytest.raises(KeyboardInterrupt), _signals_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)  # where an at-fork hook would have dropped the KeyboardInterrupt
        reached_the_end = True
    assert reached_the_end
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
