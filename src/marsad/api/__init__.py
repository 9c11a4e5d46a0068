"""The JSON HTTP API (FastAPI): `create_app(db)` gives the application that `marsad serve` runs
under uvicorn. Routes: `reads` (lists and single resources), `searching` (search, counts,
co-occurrence, timelines, stats), `ingesting` (POST /api/articles, with the admin token)."""

from marsad.api.app import create_app

__all__ = ["create_app"]
