"""marsad (مرصد): turns a stream of Arabic news into deduplicated articles, events and storylines.

The pipeline and the store load when first used (`marsad.open`), so that a command that only
reads starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marsad.model import Article, Event, Storyline

if TYPE_CHECKING:
    from marsad.observatory import Observatory, open
    from marsad.pipeline import IngestReport

__all__ = ["Article", "Event", "IngestReport", "Observatory", "Storyline", "open"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`Observatory`, `open` and `IngestReport`, imported on first use."""
    if name in ("Observatory", "open"):
        from marsad import observatory

        return getattr(observatory, name)
    if name == "IngestReport":
        from marsad.pipeline import IngestReport

        return IngestReport
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
