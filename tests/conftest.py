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
