"""The JSON the API answers with: one pydantic model per shape, so that /openapi.json documents
every response. The fields are those of `marsad export` (marsad.export), times as ISO 8601 text
(local time as the source gave it, with its UTC offset when known)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str = Field(description="not_found, bad_query, invalid_parameter, unauthorized, "
                                  "forbidden, too_large, store_busy, store_unavailable, ...")
    message: str = Field(description="What is wrong and how to fix it, in one line.")


class ErrorOut(BaseModel):
    """Every error: a status of 4xx (bad request) or 503 (the store), never a traceback."""

    error: ErrorDetail


class PageOut(BaseModel, Generic[T]):
    """One page of a list, in a stable order: `next_offset` gives the next page (null on the
    last); `total` counts the whole list with the same filters."""

    items: list[T]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class ArticleSummary(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None = Field(description="As the source gave it: local time, with its "
                                              "UTC offset when known.")
    published_source: str | None
    truncated: bool
    duplicate_of: str | None
    duplicate_kind: str | None
    duplicate_similarity: float | None
    event_id: str | None
    storyline_id: str | None
    origin: str


class MentionOut(BaseModel):
    surface: str
    start: int
    end: int
    type: str
    entity_id: str | None


class DateOut(BaseModel):
    text: str
    start: int
    end: int
    value: str | None
    granularity: str
    resolved: bool
    partial: dict[str, int]
    range_end: str | None
    kind: str


class QuoteOut(BaseModel):
    """A quote; offsets are into its article's clean_text."""

    article_id: str
    speaker: str
    entity_id: str | None
    text: str
    start: int
    end: int
    direct: bool
    verb: str
    implicit_speaker: bool
    attribution: bool
    speaker_start: int | None
    speaker_end: int | None


class FindingsOut(BaseModel):
    """What extraction found in an article (in its original's text, for a copy)."""

    title_mentions: list[MentionOut]
    mentions: list[MentionOut]
    dates: list[DateOut]
    quotes: list[QuoteOut]


class ArticleOut(ArticleSummary):
    text: str
    clean_text: str
    findings: FindingsOut | None = Field(description="null until extraction has run on it.")


class EventOut(BaseModel):
    id: str
    storyline_id: str | None
    title: str | None
    start: str | None
    end: str | None
    size: int
    article_ids: list[str]


class StorylineSummary(BaseModel):
    id: str
    title: str | None
    start: str | None
    end: str | None
    size: int = Field(description="Articles, copies included.")
    event_ids: list[str]


class NamedCount(BaseModel):
    """An entity and how often the articles in question name it."""

    id: str
    name: str
    type: str
    mentions: int


class EventDetail(EventOut):
    articles: list[ArticleSummary]
    top_entities: list[NamedCount]


class StorylineOut(StorylineSummary):
    events: list[EventOut]
    top_entities: list[NamedCount]


class EntitySummary(BaseModel):
    id: str
    type: str
    name: str
    mentions: int
    first_seen: str | None
    last_seen: str | None
    surface_forms: dict[str, int]
    aliases: list[str]


class EntityOut(EntitySummary):
    article_ids: list[str]
    event_ids: list[str]
    storyline_ids: list[str]


class HappeningOut(BaseModel):
    date: str | None
    granularity: str
    partial: dict[str, int] | None
    range_end: str | None
    kind: str
    expression: str
    sentence: str
    article_ids: list[str]
    outlets: list[str]


class TimelineOut(BaseModel):
    """The dated happenings of an event or storyline (or article), resolved ones first in date
    order, then the unresolved ones."""

    id: str
    kind: Literal["article", "event", "storyline"]
    happenings: list[HappeningOut]


class SnippetOut(BaseModel):
    text: str = Field(description="Original spelling; never markup.")
    marks: list[list[int]] = Field(description="[start, end) offsets of the words found.")


class HitOut(BaseModel):
    kind: str
    id: str
    title: str | None
    score: float
    article_id: str
    outlet: str | None
    published: str | None
    start: str | None
    end: str | None
    size: int | None
    matches: int
    copies: int
    title_snippet: SnippetOut
    snippet: SnippetOut


class SearchOut(BaseModel):
    query: str
    kind: str
    total: int
    offset: int
    limit: int
    complete: bool = Field(description="False while the search index misses stored articles "
                                       "(`marsad reindex`).")
    dropped: list[str] = Field(description="Words not searched (common or one-letter).")
    next_offset: int | None
    results: list[HitOut]


class CountOut(BaseModel):
    key: str = Field(description="A day (YYYY-MM-DD, or 'undated') or an outlet.")
    articles: int


class CountsOut(BaseModel):
    by: Literal["day", "outlet"]
    total: int
    counts: list[CountOut]


class NamedOut(BaseModel):
    id: str
    name: str
    type: str
    articles: int


class CooccurOut(BaseModel):
    entity: NamedOut
    cooccurring: list[NamedOut]


class RejectionOut(BaseModel):
    origin: str = Field(description="body:line N for a line of the posted body.")
    reason: str


class NoticeOut(BaseModel):
    origin: str
    message: str


class ExtractOut(BaseModel):
    articles: int
    mentions: int
    quotes: int
    failures: list[RejectionOut]


class IngestOut(BaseModel):
    """What one POST stored; posting the same body again stores nothing more."""

    read: int
    stored: int
    already_stored: int
    exact_duplicates: int
    near_duplicates: int
    events_opened: int
    storylines_opened: int
    storylines_merged: int
    seconds: float
    rejections: list[RejectionOut]
    notices: list[NoticeOut]
    extracted: ExtractOut | None
