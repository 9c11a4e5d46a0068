"""The records that flow between the stages of the pipeline.

Stages take and return these types only; none of them knows how another stage or the store
works inside.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class DateSource(StrEnum):
    """Where an article's publication date came from."""

    METADATA = "metadata"  # a field of the input record (JSONL, HTML meta, WARC header)
    FEED = "feed"  # the published/updated field of an RSS or Atom item
    HEADER = "header"  # a date line at the top of the text itself
    URL = "url"  # a /2024/10/25/ path in the URL
    CRAWL = "crawl"  # the time the page was fetched (SaudiNewsNet's date_extracted)
    USER = "user"  # given by the user (--published or a sidecar file)


@dataclass(slots=True)
class RawDocument:
    """One article as a reader found it, before any cleaning.

    `origin` names where it came from (file, and line or member inside it) for messages.
    """

    text: str
    origin: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None  # with its time zone when the source gives one
    published_source: DateSource | None = None
    format: str = "text"
    truncated: bool = False  # the reader saw the input cut short (e.g. HTML without its end)

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, sanitize(value))


_TEXT_FIELDS = ("text", "origin", "outlet", "url", "title", "author")
# Escape sequences as a terminal reads them: CSI (ESC [ or U+009B) up to its final byte; OSC,
# DCS, SOS, PM and APC strings (ESC ] P X ^ _, or their C1 forms) up to BEL or ST on the same
# line, within 4,096 characters; any other ESC + final byte. A string left open loses its
# introducer alone: the text after it is kept (a stray U+009D in a badly decoded page must not
# cut the article there), and without its introducer no terminal reads it as a command.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])(?:[^\x07\x1b\x9c\n]|\x1b(?!\\)){0,4096}"
    r"(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?")
# C0 and C1 control characters other than tab, newline and carriage return, and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Text any stage can encode and store: each lone surrogate (a JSON escape such as \\ud800
    decodes to one) becomes U+FFFD; terminal escape sequences (a window title, a hidden link,
    a cleared screen) and control characters (NUL…) other than tab and line ends are dropped; a
    form feed or vertical tab becomes a line end. Bidi controls stay: they are text, neutralised
    where text is shown.

    >>> sanitize("نص \\ud800 الخبر\\x00\\x1b[2J\\x1b]0;عنوان\\x07") == "نص \\ufffd الخبر"
    True
    """
    if text.isprintable():
        return text
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", ESCAPE_SEQUENCE.sub("", text)))


def split_offset(when: datetime | None) -> tuple[datetime | None, int | None]:
    """(the local time as the source wrote it, naive; its offset from UTC in minutes, or None
    when the source gave no time zone). marsad keeps the local time: an article published on
    Friday 01:30 in Riyadh is listed on Friday.

    >>> from datetime import timedelta, timezone
    >>> split_offset(datetime(2024, 5, 10, 1, 30, tzinfo=timezone(timedelta(hours=3))))
    (datetime.datetime(2024, 5, 10, 1, 30), 180)
    """
    if when is None or when.tzinfo is None or (delta := when.utcoffset()) is None:
        return when, None
    return when.replace(tzinfo=None), int(delta.total_seconds() // 60)


def format_offset(minutes: int) -> str:
    """A UTC offset in minutes as ISO 8601 writes it.

    >>> format_offset(180), format_offset(-210), format_offset(0)
    ('+03:00', '-03:30', '+00:00')
    """
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(slots=True)
class Rejection:
    """An input that could not become an article, with the reason the user sees.

    `record` says what was refused: True, one record skipped inside an input that was read (an
    item without text, an article that is all boilerplate); False, a whole input that could not
    be read (missing, binary, not its format); None, let the origin tell ("FILE:item 7" is a
    record, see `marsad.outcome.unreadable`).
    """

    origin: str
    reason: str
    record: bool | None = None


@dataclass(slots=True)
class Notice:
    """Something the user should know about an input that was still read (e.g. its encoding)."""

    origin: str
    message: str


def article_id(outlet: str | None, url: str | None, text: str) -> str:
    """Stable id from outlet, url and original text: the same input always gets the same id."""
    h = hashlib.blake2b(digest_size=8)
    for part in (outlet or "", url or "", text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass(slots=True)
class Article:
    """A cleaned article. `text` is the original as read; `clean_text` is for reading and features."""

    id: str
    text: str
    clean_text: str
    origin: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None  # local time as the source gave it (naive)
    published_source: DateSource | None = None
    format: str = "text"
    utc_offset: int | None = None  # minutes east of UTC of `published`, when the source said
    truncated: bool = False
    # (reason, line) for each line cleaning took out of `text`, for display and audit.
    removed: list[tuple[str, str]] = field(default_factory=list)
    # Filled by the later stages and by the store.
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    duplicate_similarity: float | None = None
    event_id: str | None = None
    storyline_id: str | None = None

    @property
    def published_utc(self) -> datetime | None:
        """The publication time in UTC (the local time when the source gave no time zone)."""
        if self.published is None or not self.utc_offset:
            return self.published
        return self.published - timedelta(minutes=self.utc_offset)

    @classmethod
    def from_raw(cls, raw: RawDocument, clean_text: str, title: str | None = None,
                 removed: list[tuple[str, str]] | None = None) -> Article:
        """Build the article for a raw document once its text is cleaned."""
        published, offset = split_offset(raw.published)
        return cls(
            id=article_id(raw.outlet, raw.url, raw.text),
            text=raw.text,
            clean_text=clean_text,
            origin=raw.origin,
            outlet=raw.outlet,
            url=raw.url,
            title=title if title is not None else raw.title,
            author=raw.author,
            published=published,
            published_source=raw.published_source,
            format=raw.format,
            utc_offset=offset,
            truncated=raw.truncated,
            removed=removed or [],
        )


@dataclass(slots=True)
class DuplicateLink:
    """`article_id` is a copy of `original_id` (the earliest copy known)."""

    article_id: str
    original_id: str
    kind: str  # "exact" or "near"
    similarity: float


@dataclass(slots=True)
class Event:
    """Articles about one happening, over hours or days."""

    id: str
    article_ids: list[str]
    storyline_id: str | None
    title: str | None
    start: datetime | None
    end: datetime | None
    size: int


@dataclass(slots=True)
class Storyline:
    """Events of one running thread, over weeks or months."""

    id: str
    event_ids: list[str]
    title: str | None
    start: datetime | None
    end: datetime | None
    size: int  # number of articles


@dataclass(slots=True)
class Group:
    """The working state of an event or a storyline as the grouping stage keeps it.

    `centroid_idx`/`centroid_val` are the strongest terms of the mean TF-IDF vector of the members
    (a sparse vector in the hashed feature space); `n_vectors` is how many vectors it averages.
    """

    id: str
    level: str  # "event" or "storyline"
    title: str | None
    start: datetime | None
    end: datetime | None
    size: int  # articles, duplicates included
    n_vectors: int
    centroid_idx: Any  # numpy int32 array
    centroid_val: Any  # numpy float32 array
    parent_id: str | None = None  # an event's storyline
    founder_id: str | None = None  # the article (or event) that opened it


class EntityType(StrEnum):
    """The kinds of named entity marsad finds (the ANERcorp tag set)."""

    PERS = "PERS"  # a person
    ORG = "ORG"  # an organisation
    LOC = "LOC"  # a place
    MISC = "MISC"  # other names (events, products, nationalities used as names...)


@dataclass(slots=True)
class Mention:
    """A name as it occurs in one text: character offsets into the text as given (end exclusive).

    `entity_id` is the canonical entity it was linked to, once linking has run.
    """

    surface: str
    start: int
    end: int
    type: EntityType
    entity_id: str | None = None


@dataclass(slots=True)
class Entity:
    """A canonical person, organisation or place, with every spelling seen of it."""

    id: str
    type: EntityType
    name: str  # the form shown to readers (the most frequent full form)
    surface_forms: dict[str, int] = field(default_factory=dict)  # surface -> mentions
    aliases: list[str] = field(default_factory=list)  # known other names (e.g. Latin acronyms)
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(slots=True)
class Fingerprint:
    """What deduplication keeps of an article: exact key, MinHash signature and LSH band keys."""

    exact_key: int
    n_shingles: int
    signature: Any  # numpy uint32 array
    band_keys: list[int]


@dataclass(slots=True)
class Candidate:
    """A stored article that may be a copy of a new one."""

    id: str
    original_id: str | None  # its own link, None when it is an original
    published: datetime | None
    event_id: str | None
    n_shingles: int
    signature: Any
    truncated: bool = False  # cut short as read: never the original of a whole copy

    @property
    def root(self) -> str:
        return self.original_id or self.id


@dataclass(slots=True)
class Match:
    """A new article is a copy of `matched_id`; its original is `original_id`, or itself
    (None) when it is older than every copy seen so far and takes their place."""

    matched_id: str
    original_id: str | None
    kind: str  # exact | near
    similarity: float
    matched_event_id: str | None = None  # the event of a stored match (None if in this batch)


@dataclass(slots=True)
class Repoint:
    """An older copy arrived late: `old` and its copies now point to `new`."""

    old: str
    new: str
    kind: str
    similarity: float


@dataclass(slots=True)
class DocFreqDelta:
    """What one batch adds to the document frequencies of grouping (marsad.stories.features):
    for each hashed column its originals have, how many of them have it, and how many originals
    they are. A store adds it to what it holds (issue 13: changes, not the whole table)."""

    cols: Any  # numpy int64 array, ascending, no repeats
    counts: Any  # numpy int64 array, each > 0
    n_docs: int


@dataclass(slots=True)
class BatchWrite:
    """Everything one batch writes, in one transaction."""

    articles: list[Article]
    fingerprints: dict[str, Fingerprint]
    repoints: list[Repoint]
    groups: list[Group]
    merged_groups: list[tuple[str, str]]  # (absorbed, kept): children move to the kept group
    line_counts: dict[tuple[str, int], int]  # (outlet, line key) -> articles added
    doc_freq: DocFreqDelta | None  # what the batch's originals add to the document frequencies
    rejections: list[Rejection]
    # The search index's documents (title keys, text keys) made by the ingest workers
    # (marsad.search.keys.index_document); the store makes those missing itself.
    search_docs: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class TimeExpression:
    """One temporal expression: its span in the text and its value (None when unresolved)."""

    text: str
    start: int
    end: int
    value: str | None
    granularity: str
    resolved: bool
    partial: dict[str, int] = field(default_factory=dict)
    range_end: str | None = None
    kind: str = "absolute"


@dataclass(slots=True)
class Quote:
    """One thing someone said, as reported in one text; offsets into the text as given.

    `speaker` is as written where the sentence names it, else the last speaker named before
    (`implicit` is then True and the speaker offsets are those of that earlier mention).
    `text`, `start`, `end` are the reported words, without quotation marks. `attribution` marks
    a statement attributed to a source (بحسب، وفقا لـ …) rather than spoken.
    """

    speaker: str
    speaker_start: int | None
    speaker_end: int | None
    text: str
    start: int
    end: int
    direct: bool
    verb: str
    implicit: bool = False
    attribution: bool = False
    entity_id: str | None = None  # the speaker's entity, once linked


@dataclass(slots=True)
class Findings:
    """What the extraction stage finds in one article: the names of its title (offsets into the
    title) and of its text, its temporal expressions and its quotes (offsets into clean_text)."""

    article_id: str
    title_mentions: list[Mention]
    mentions: list[Mention]
    dates: list[TimeExpression]
    quotes: list[Quote]


@dataclass(slots=True)
class ExtractWrite:
    """Everything one extraction batch writes, in one transaction: the findings of its articles,
    the entities created or changed (with all their surface forms and counts) and the linker's
    new keys (type, key, entity id)."""

    findings: list[Findings]
    entities: list[Entity]
    keys: list[tuple[EntityType, str, str]]
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)


@dataclass(slots=True)
class Source:
    """An article reporting a happening, and where in its clean text."""

    article_id: str
    outlet: str | None
    published: datetime | None
    start: int  # the temporal expression
    end: int


@dataclass(slots=True)
class Happening:
    """One dated happening of an event or storyline: the sentence that dates it, its date, and
    every article that reports it (the same happening told by several outlets is one)."""

    value: str | None  # YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www; None when unresolved
    granularity: str
    partial: dict[str, int]  # what is known of an unresolved date (e.g. day and month)
    expression: str  # as written in the first source
    sentence: str  # as written in the first source
    sources: list[Source] = field(default_factory=list)
    range_end: str | None = None
    kind: str = "text"  # "text": dated in the text; "published": an article's publication
