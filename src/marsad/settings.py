"""One typed settings object; every field can be set by an environment variable MARSAD_<NAME>
(e.g. MARSAD_DB=/data/news.db) and most by a CLI option."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of a marsad run. Defaults suit a laptop and a few hundred thousand articles."""

    model_config = SettingsConfigDict(env_prefix="MARSAD_", extra="forbid", validate_default=True)

    db: str = Field("marsad.db", description="Store location: a SQLite file path, or postgresql://…")
    lock_timeout: float = Field(10.0, ge=0.0, le=86_400.0, description=(
        "Seconds a writer waits for the writer holding the store (and SQLite for its own locks) "
        "before giving up with a message naming the holder"))
    batch_size: int = Field(500, ge=1, le=100_000, description="Articles per stored transaction")
    max_article_bytes: int = Field(5_000_000, ge=1_000, description="Largest one-article file")
    workers: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 1) - 1), ge=0,
                         le=64, description="Processes that clean and fingerprint (0: none)")

    # Extraction (names, entities, dates, quotes) after grouping; its per-article work (tagging)
    # is the heavy part and gets every core, since the main process only links and writes.
    extract: bool = Field(True, description="Run the extraction stage after each ingest")
    extract_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0, le=64,
                                 description="Processes that tag names, dates and quotes")

    # Cleaning: a line seen in this many articles of one outlet is that outlet's boilerplate.
    boilerplate_min_articles: int = Field(5, ge=2)

    # Deduplication (MinHash over word 3-grams of the normalised cleaned text).
    near_duplicate_threshold: float = Field(0.5, gt=0.0, le=1.0)

    # Grouping: cosine similarity of TF-IDF vectors, and time windows in days.
    event_threshold: float = Field(0.30, gt=0.0, le=1.0)
    event_window_days: float = Field(3.0, gt=0.0)
    storyline_threshold: float = Field(0.20, gt=0.0, le=1.0)
    storyline_window_days: float = Field(60.0, gt=0.0)
    # The names of each title (tagged, canonicalised) as grouping features.
    name_features: bool = Field(True, description="Use the names of titles to group")

    # The JSON API (`marsad serve`): answers kept for repeated reads while the store is unchanged.
    api_cache_mb: int = Field(64, ge=0, le=65_536, description=(
        "Megabytes of JSON answers `marsad serve` keeps for repeated reads of an unchanged "
        "store (0: none)"))

    @field_validator("db")
    @classmethod
    def _db_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("db is empty: give a SQLite file path or a postgresql:// URL")
        return value

    @property
    def db_path(self) -> Path:
        """The SQLite file path (only meaningful when `db` is not a URL)."""
        return Path(self.db).expanduser()
