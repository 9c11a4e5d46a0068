"""Cleaning: boilerplate out, original wording kept.

`clean` takes an article's original text and returns it without the lines and spans that the
boilerplate patterns name (data file `data/boilerplate.json`), the lines learnt as the outlet's
boilerplate (seen in many of its articles; the pipeline counts `line_keys` per outlet), the title
and the date line when they are known as metadata, and lines repeated inside the article, exactly
or nearly (a photo caption carried three times is kept once). The cleaned text is built from the
original lines, never from normalised text: normalisation is for matching only.

>>> clean("شارك القصة\\nأعلنت أرمينيا تجميد مشاركتها.\\nClose").text
'أعلنت أرمينيا تجميد مشاركتها.'
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

from marsad.arabic import normalize
from marsad.arabic.dates import date_line
from marsad.clean.lines import line_words, normalize_lines
from marsad.clean.patterns import line_pattern, strip_spans, trailing_pattern, trailing_reach
from marsad.clean.repeats import RepeatFilter

__all__ = ["Cleaned", "clean", "line_keys"]

# Lines longer than this (normalised) are article text, never learnt as an outlet's boilerplate.
MAX_LEARNED_CHARS = 300
# A closing block ("المصادر:" then "وكالات") is looked for among this many last non-empty lines.
TRAILING_LINES = 8
# The date line, when asked for, is one of the first non-empty lines.
DATE_HEADER_LINES = 3


@dataclass(slots=True)
class Cleaned:
    """The cleaned text, the title given, and each removed line or span with its reason.

    Reasons: "pattern:<name>" (a boilerplate pattern), "learned", "repeated", "title",
    "date-header". `normalized` is `normalize(text)`, made from the lines already normalised.
    """

    text: str
    title: str | None
    removed: list[tuple[str, str]] = field(default_factory=list)
    normalized: str = ""


def _key(norm: str) -> int:
    digest = hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def line_keys(text: str) -> list[int]:
    """Stable 63-bit keys of the distinct lines of `text` that may be learnt as boilerplate.

    A key is a blake2b hash of the normalised line; empty lines and lines longer than
    MAX_LEARNED_CHARS normalised characters have none. Keys keep the order of first appearance.
    """
    keys: dict[int, None] = {}
    for norm in normalize_lines(text.splitlines()):
        if norm and len(norm) <= MAX_LEARNED_CHARS:
            keys[_key(norm)] = None
    return list(keys)


@dataclass(slots=True)
class _Line:
    """One line of the original: stripped, without its spans, and normalised for matching."""

    text: str
    norm: str
    raw_norm: str  # normalised before spans were cut: the basis of its learnt-boilerplate key
    n_words: int
    spans: list[tuple[str, str]]  # (reason, span) cut from the line
    pattern: str | None  # the name of the line pattern the whole line matches
    _tokens: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        """Words of the normalised line (`line_words`, computed once, when first needed)."""
        if self._tokens is None:
            self._tokens = line_words(self.norm)
        return self._tokens


def _prepare(text: str, title: str | None) -> tuple[list[_Line], str]:
    """The lines of `text`, and the title's words joined by spaces ("" without a title).

    The title is normalised in the same call as the lines."""
    out = []
    raws = text.splitlines()
    norms = normalize_lines([*raws, title or ""])
    title_key = " ".join(line_words(norms.pop()))
    for raw, raw_norm in zip(raws, norms, strict=True):
        out.append(_line(raw.strip(), raw_norm))
    return out, title_key


def _line(stripped: str, raw_norm: str) -> _Line:
    """The line without its spans, and the line pattern that what is left matches, if any."""
    line, spans = strip_spans(stripped, raw_norm) if raw_norm else (stripped, [])
    norm = normalize(line) if spans else raw_norm
    n_words = norm.count(" ") + 1 if norm else 0
    pattern = line_pattern(norm, n_words) if norm else None
    return _Line(line, norm, raw_norm, n_words, spans, pattern)


def clean(text: str, *, title: str | None = None, learned: Collection[int] = (),
          date_header: bool = False) -> Cleaned:
    """Clean one article's original text; never raises on any string.

    `learned` holds line keys (see `line_keys`) of the outlet's boilerplate. With `title`, lines
    equal to it (normalised, punctuation aside) are removed; with `date_header`, a date line
    among the first three non-empty lines is removed. Paragraph breaks are kept (one blank line
    where the original had one or more), trailing spaces dropped. `removed` follows text order.
    """
    out = Cleaned(text="", title=title)
    lines, title_key = _prepare(text, title)
    date_row = _date_row(lines) if date_header else None
    block, block_name = _trailing_block(lines)
    repeats = RepeatFilter() if sum(1 for line in lines if line.norm) > 1 else None
    kept: list[str | None] = []  # None marks a paragraph break
    norms: list[str] = []
    for i, line in enumerate(lines):
        out.removed += line.spans
        if not line.norm:
            if not line.spans:  # a blank line; a line made of spans leaves nothing
                kept.append(None)
            continue
        if i >= block:
            reason: str | None = f"pattern:{_own_pattern(line, i == block) or block_name}"
        else:
            reason = _reason(line, i == date_row, title_key, learned)
        if reason is None and repeats is not None:
            reason = "repeated" if repeats.repeats(line.norm, line.tokens) else None
        if reason is None:
            kept.append(line.text)
            norms.append(line.norm)
        else:
            out.removed.append((reason, line.text))
    out.text = _join(kept)
    out.normalized = " ".join(norms)
    return out


def _own_pattern(line: _Line, opens_block: bool) -> str | None:
    return None if opens_block else line.pattern


def _reason(line: _Line, is_date: bool, title_key: str, learned: Collection[int]) -> str | None:
    """Why a line goes (before the check for repeats), or None when it stays."""
    if is_date:
        return "date-header"
    if title_key and _is_title(line, title_key):
        return "title"
    if line.pattern is not None:
        return f"pattern:{line.pattern}"
    if learned and len(line.raw_norm) <= MAX_LEARNED_CHARS and _key(line.raw_norm) in learned:
        return "learned"
    return None


def _is_title(line: _Line, title_key: str) -> bool:
    # A line many times the title's length is not the title: skip its tokens (a cheap test).
    if len(line.norm) > 2 * len(title_key) + 40:
        return False
    return " ".join(line.tokens) == title_key


def _date_row(lines: list[_Line]) -> int | None:
    """Index of the date line among the first DATE_HEADER_LINES non-empty lines, if any."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.norm:
            continue
        if date_line(line.text) is not None:
            return i
        seen += 1
        if seen == DATE_HEADER_LINES:
            break
    return None


def _trailing_block(lines: list[_Line]) -> tuple[int, str]:
    """Where a closing block opened by a trailing pattern starts, and the pattern's name;
    (number of lines, "") when the article has none."""
    longest = trailing_reach()
    longest_after = seen = 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.norm:
            continue
        if (name := trailing_pattern(line.norm, line.n_words, longest_after)) is not None:
            return i, name
        seen += 1
        longest_after = max(longest_after, line.n_words)
        if longest_after > longest or seen == TRAILING_LINES:
            break
    return len(lines), ""


def _join(kept: list[str | None]) -> str:
    """Kept lines joined by newlines; runs of breaks become one blank line, none at the ends."""
    parts: list[str] = []
    for line in kept:
        if line is not None:
            parts.append(line)
        elif parts and parts[-1]:
            parts.append("")
    while parts and not parts[-1]:
        parts.pop()
    return "\n".join(parts)
