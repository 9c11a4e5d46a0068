"""Cleaning: boilerplate out, original wording kept.

Removes, from an article's original text, the lines that boilerplate patterns name (data file
`data/boilerplate.json`), the lines learnt as an outlet's boilerplate (repeated across many of its
articles), the title and date lines when they are known as metadata, and lines repeated inside the
article, exactly or nearly (a photo caption carried three times is kept once). The cleaned text is
built from the original lines, never from normalised text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic import normalize, words
from marsad.arabic.dates import date_line
from marsad.clean.patterns import line_pattern, strip_spans, trailing_start

MAX_LEARNED_CHARS = 300
# Word-set Jaccard at or above which two lines of one article say the same thing. Measured on
# seed 004: the caption's three variants score 0.82-0.88 with each other; the body sentence that
# repeats the caption and goes on scores 0.45-0.52 with them; distinct SaudiNewsNet paragraphs of
# one article stay below 0.4.
REPEAT_JACCARD = 0.7
REPEAT_MIN_WORDS = 4


@dataclass(slots=True)
class Cleaned:
    """The cleaned text, the title given, and each removed line or span with its reason."""

    text: str
    title: str | None
    removed: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=65_536)
def _norm(line: str) -> str:
    """Normalised line; cached because the pipeline asks for keys, then cleans, the same lines."""
    return normalize(line)


def _key(normalised: str) -> int:
    digest = hashlib.blake2b(normalised.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def line_keys(text: str) -> list[int]:
    """Keys of the distinct lines of `text` that may be learnt as an outlet's boilerplate."""
    keys = []
    for line in text.splitlines():
        norm = _norm(line.strip())
        if norm and len(norm) <= MAX_LEARNED_CHARS:
            keys.append(_key(norm))
    return list(dict.fromkeys(keys))


@dataclass(slots=True)
class _Line:
    original: str
    norm: str
    n_words: int
    _words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(words(self.norm))
        return self._words


def clean(text: str, *, title: str | None = None, learned: Collection[int] = (),
          date_header: bool = False) -> Cleaned:
    """Clean one article's original text (see the module docstring).

    >>> clean("شارك القصة\\nأعلنت أرمينيا تجميد مشاركتها.\\nClose").text
    'أعلنت أرمينيا تجميد مشاركتها.'
    """
    out = Cleaned(text="", title=title)
    title_norm = normalize(title) if title else None
    lines = text.splitlines()
    date_row = _date_row(lines) if date_header else None
    end = _trailing_block(lines, out)
    kept: list[_Line | None] = []  # None marks a paragraph break
    for i, raw in enumerate(lines[:end]):
        line, spans = strip_spans(raw.strip())
        out.removed += spans
        norm = _norm(line.strip())
        if not norm:
            kept.append(None)
            continue
        this = _Line(line.strip(), norm, len(norm.split()))
        reason = _reason(i, this, title_norm, date_row, learned, kept)
        if reason:
            out.removed.append((reason, raw.strip()))
        else:
            kept.append(this)
    out.text = _join(kept)
    return out


def _date_row(lines: list[str]) -> int | None:
    seen = 0
    for i, line in enumerate(lines):
        if line.strip():
            if date_line(line) is not None:
                return i
            seen += 1
            if seen == 3:
                break
    return None


def _trailing_block(lines: list[str], out: Cleaned) -> int:
    """Index where a closing sources block starts (its lines are recorded as removed)."""
    start = len(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 8), -1):
        norm = _norm(lines[i].strip())
        if not norm:
            continue
        n = len(norm.split())
        if (name := trailing_start(norm, n)) is not None:
            tail = [ln.strip() for ln in lines[i:] if ln.strip()]
            out.removed += [(f"pattern:{name}", ln) for ln in tail]
            return i
        if n > 6:
            break
    return start


def _reason(i: int, line: _Line, title_norm: str | None, date_row: int | None,
            learned: Collection[int], kept: list[_Line | None]) -> str | None:
    if i == date_row:
        return "date-header"
    if title_norm and line.norm == title_norm:
        return "title"
    if (name := line_pattern(line.norm, line.n_words)) is not None:
        return f"pattern:{name}"
    if learned and len(line.norm) <= MAX_LEARNED_CHARS and _key(line.norm) in learned:
        return "learned"
    if _repeats(line, kept):
        return "repeated"
    return None


def _repeats(line: _Line, kept: list[_Line | None]) -> bool:
    """True when a kept line says the same, exactly or with small variations."""
    for other in kept:
        if other is None:
            continue
        if other.norm == line.norm:
            return True
        small, large = sorted((line.n_words, other.n_words))
        if small < REPEAT_MIN_WORDS or small < REPEAT_JACCARD * large:
            continue
        a, b = line.words, other.words
        inter = len(a & b)
        if inter / (len(a) + len(b) - inter) >= REPEAT_JACCARD:
            return True
    return False


def _join(kept: list[_Line | None]) -> str:
    parts: list[str] = []
    for line in kept:
        if line is None:
            if parts and parts[-1] != "":
                parts.append("")
        else:
            parts.append(line.original)
    while parts and parts[-1] == "":
        parts.pop()
    return "\n".join(parts)
