"""Briefs: extractive summaries of one article, an event or a storyline.

The multi-document part (`multi`) writes the cited brief of an event or storyline, with the
outlet comparison (`compare`), who relays whom (`provenance`) and the articles' quality flags
(`flags`); its records are in `records`.
"""

from marsad.brief.multi import brief_event, brief_storyline
from marsad.brief.records import (
    Brief,
    BriefSentence,
    Citation,
    Comparison,
    Credit,
    Disagreement,
    Fact,
    Flag,
    Provenance,
    Version,
)

__all__ = ["Brief", "BriefSentence", "Citation", "Comparison", "Credit", "Disagreement", "Fact",
           "Flag", "Provenance", "Version", "brief_event", "brief_storyline"]
