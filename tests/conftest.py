"""Shared fixtures: paths to ../shared data, and skipping rules for absent data or services."""

from __future__ import annotations

import os
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
