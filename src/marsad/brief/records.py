"""The records the multi-document brief returns: a brief of an event or storyline, its cited
sentences, the outlet comparison, provenance and quality flags.

Offsets (`start`, `end`) are character offsets into the cited article's `clean_text` (end
exclusive); None where the text is not in the clean text (a line cleaning removed, a copy whose
wording differs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Citation:
    """One article that carries a sentence or a fact, and where."""

    article_id: str
    outlet: str  # the outlet, or the article's file name when the source named none
    published: datetime | None
    start: int | None
    end: int | None
    copy_of: str | None = None  # the original, when this article is a copy of it


@dataclass(slots=True)
class BriefSentence:
    """A sentence of the brief as written in its representative article, with every article
    that says the same thing. `support` counts distinct outlets, copies once."""

    text: str
    citations: list[Citation]
    support: int
    date: str | None  # the happening's date (YYYY-MM-DD, YYYY-MM, YYYY) or the article's day
    flags: list[str] = field(default_factory=list)  # reasons of quality flags on the sentence


@dataclass(slots=True)
class Fact:
    """Something the story's outlets report: `kind` is sentence, happening, quote or number.
    `first` is the earliest dated carrier (the first given when none is dated)."""

    kind: str
    text: str
    first: Citation
    carriers: list[Citation]
    missing: list[str]  # outlets of the story that do not carry it
    value: str | None = None  # the date of a happening, the number of a number, the speaker


@dataclass(slots=True)
class Version:
    """One side of a disagreement: the value, the sentence that gives it, and its source."""

    value: str
    text: str
    citation: Citation


@dataclass(slots=True)
class Disagreement:
    """Outlets that give different values of the same kind (a death toll, an amount, a date,
    a speaker) in sentences that otherwise say the same thing."""

    kind: str
    versions: list[Version]


@dataclass(slots=True)
class Comparison:
    """Outlets × facts of a story, and where the outlets disagree."""

    outlets: list[str]
    facts: list[Fact]
    disagreements: list[Disagreement]


@dataclass(slots=True)
class Credit:
    """A source an article credits (وكالة الأنباء السعودية، رويترز …), how, and where."""

    name: str
    cue: str  # dateline "(واس)", relay "نقلا عن", attribution "ذكرت وكالة", sources-line
    text: str
    start: int | None
    end: int | None


@dataclass(slots=True)
class Provenance:
    """Who an article relays: the sources it credits, and the article it is a copy of."""

    article_id: str
    outlet: str
    published: datetime | None
    credits: list[Credit]
    copy_of: str | None = None
    copy_kind: str | None = None  # exact | near
    copy_similarity: float | None = None


@dataclass(slots=True)
class Flag:
    """A quality problem of one article: its kind, the span and the reason the reader sees.
    Kinds: translation, repeated-words, foreign-letters, press-release, boilerplate."""

    article_id: str
    outlet: str
    kind: str
    text: str
    start: int | None
    end: int | None
    reason: str


@dataclass(slots=True)
class Brief:
    """The brief of an event or a storyline: its cited sentences (in time order for a
    storyline), the outlet comparison, who relays whom, and the articles' quality flags."""

    kind: str  # event | storyline
    id: str
    title: str | None
    start: datetime | None
    end: datetime | None
    articles: int  # articles of the story, copies included
    outlets: list[str]
    sentences: list[BriefSentence]
    comparison: Comparison
    provenance: list[Provenance]
    flags: list[Flag]
