"""Shared fixtures: paths to ../shared data, and skipping rules for absent data or services."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAUDINEWSNET = SHARED / "data" / "saudinewsnet"


def require_services() -> bool:
    """In CI (MARSAD_REQUIRE_SERVICES=1) a missing service or data set fails instead of skipping."""
    return os.environ.get("MARSAD_REQUIRE_SERVICES") == "1"


def need(path: Path, what: str) -> Path:
    """Skip (or fail in CI) when a data set of ../shared is absent."""
    if not path.exists():
        message = f"{what} not found at {path} (../shared is absent outside the project setup)"
        if require_services():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS, "the seed articles")


@pytest.fixture
def saudinewsnet_dir() -> Path:
    return need(SAUDINEWSNET, "SaudiNewsNet")


# --- stores built by ingesting the sample shipped with marsad (read-side tests) --------------
SAMPLE_ARTICLES = 60  # SaudiNewsNet articles of the sample day added to the seeds


def _sample_store(folder: Path, snn_articles: int) -> Path:
    """A store of the five seeds and the first `snn_articles` of the sample day, extracted."""
    import json
    import zipfile

    import marsad
    from marsad.sample import sample_paths

    seeds, day = sample_paths()
    inputs: list[Path] = [seeds]
    if snn_articles:
        with zipfile.ZipFile(day) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))[:snn_articles]
        inputs.append(folder / "snn.json")
        inputs[-1].write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    db = folder / "store.db"
    with marsad.open(db, workers=0, extract_workers=0) as obs:
        obs.ingest(inputs)
        obs.extract()
    return db


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the five seed articles (one storyline of five events), extracted."""
    return _sample_store(tmp_path_factory.mktemp("seeds-store"), 0)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the seeds and SAMPLE_ARTICLES SaudiNewsNet articles of 2015-07-23 (several
    outlets, dozens of storylines, hundreds of entities), extracted."""
    return _sample_store(tmp_path_factory.mktemp("sample-store"), SAMPLE_ARTICLES)


# --- the JSON API served over real HTTP (tests/test_api*.py) ----------------------------------
ADMIN_TOKEN = "test-admin-token"


@contextmanager
def serving(app: object) -> Iterator[str]:
    """Run `app` under a real uvicorn server on a free loopback port, in a thread; yield its
    base URL, and stop it at the end."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, ws="none",  # type: ignore[arg-type]
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the API server did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def api_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample store for the API (its ingestion tests write to it)."""
    import shutil

    db = tmp_path_factory.mktemp("api-store") / "store.db"
    shutil.copy(sample_db, db)
    return db


@pytest.fixture(scope="session")
def api_url(api_db: Path) -> Iterator[str]:
    """The API over the sample store, with ingestion allowed for ADMIN_TOKEN; writers wait one
    second for the store."""
    from marsad.api import create_app

    saved = os.environ.get("MARSAD_LOCK_TIMEOUT")
    os.environ["MARSAD_LOCK_TIMEOUT"] = "1"
    try:
        app = create_app(str(api_db), admin_token=ADMIN_TOKEN)
    finally:
        if saved is None:
            del os.environ["MARSAD_LOCK_TIMEOUT"]
        else:
            os.environ["MARSAD_LOCK_TIMEOUT"] = saved
    with serving(app) as url:
        yield url
