"""What a search returns: pages of hits, each with snippets whose hits are marked by offsets
(never by markup inside the text, so that a terminal or a web page escapes the text safely)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of the original text, and the [start, end) offsets in it of the words that match.

    >>> Snippet("قال وزير الخارجية", ((4, 8),)).segments()
    [('قال ', False), ('وزير', True), (' الخارجية', False)]
    """

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def segments(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, marked) pieces, in order."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.marks:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


@dataclass(slots=True)
class Hit:
    """One result: an article, or an event or storyline ranked by its matching articles.

    `score` is higher for better hits (FTS5's BM25, negated, summed over an event's or a
    storyline's matching articles); `article_id` is the best matching article, whose title and
    text give the snippets; `matches` counts the matching articles of a group (1 for an
    article), `copies` the stored copies of an article."""

    kind: str
    id: str
    title: str | None
    score: float
    article_id: str
    outlet: str | None = None
    published: str | None = None
    start: str | None = None
    end: str | None = None
    size: int | None = None
    matches: int = 1
    copies: int = 0
    title_snippet: Snippet = field(default_factory=lambda: Snippet(""))
    snippet: Snippet = field(default_factory=lambda: Snippet(""))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("title_snippet", "snippet"):
            out[name] = {"text": out[name]["text"], "marks": [list(m) for m in out[name]["marks"]]}
        return out


@dataclass(slots=True)
class SearchPage:
    """One page of results, with the number of hits in all (`total`).

    `complete` is False while the store has articles the index does not hold yet (a store made
    before the index: `marsad reindex`)."""

    query: str
    kind: str
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "kind": self.kind, "total": self.total,
                "offset": self.offset, "limit": self.limit, "complete": self.complete,
                "results": [h.to_dict() for h in self.hits]}
