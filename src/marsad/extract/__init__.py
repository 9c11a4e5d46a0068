"""Extraction of names, dates and quotes from article text.

`mentions(text)` finds the names (persons, organisations, places, others) in raw Arabic text;
`tag(tokens)` gives the BIO labels of one tokenised sentence, `tag_document(sentences)` those of
the sentences of one document (names found once are tagged where they recur).
"""

from marsad.extract.entities import mentions, tag, tag_document

__all__ = ["mentions", "tag", "tag_document"]
