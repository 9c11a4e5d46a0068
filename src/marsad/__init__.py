"""marsad (مرصد): turns a stream of Arabic news into deduplicated articles, events and storylines."""

from marsad.model import Article, Event, Storyline
from marsad.observatory import Observatory, open
from marsad.pipeline import IngestReport

__all__ = ["Article", "Event", "IngestReport", "Observatory", "Storyline", "open"]
__version__ = "0.1.0"
