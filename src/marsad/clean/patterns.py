"""The boilerplate patterns of `data/boilerplate.json`, compiled once on first use.

Line and trailing patterns are matched against whole normalised lines. Span patterns are matched
against the line with its letters normalised one for one (`normalize_char_table`), so that what
they match can be cut from the original line at the same place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from marsad.arabic.normalize import normalize_char_table
from marsad.arabic.resources import data_json
from marsad.errors import MarsadError

DATA_FILE = "boilerplate.json"
# An end span is looked for among a line's last characters only (a long paragraph is not scanned).
END_WINDOW = 600
_MACRO = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One named pattern; `max_words` bounds the lines it may drop, `at` places a span."""

    name: str
    regex: re.Pattern[str]
    max_words: int = 10_000
    at: str = ""
    needs: tuple[str, ...] = ()  # tried only when one of these occurs in the normalised text
    window: int = END_WINDOW  # an end span is looked for among this many last characters
    after_words: int = 0  # a trailing block's lines after the opening one have at most this many


@dataclass(frozen=True, slots=True)
class Patterns:
    lines: tuple[Pattern, ...]
    spans: tuple[Pattern, ...]
    trailing: tuple[Pattern, ...]
    # At index n, the line patterns without 'needs' allowed for a line of n words, in one regex:
    # most lines match none and need one test. Longer lines than the list have no pattern.
    line_levels: list[re.Pattern[str]]
    needy_lines: tuple[Pattern, ...]  # the line patterns with 'needs'
    any_start: re.Pattern[str]  # the start spans without 'needs', in one regex
    credit: re.Pattern[str]  # a photo or news-agency credit (macro 'agency'), e.g. "الاناضول"


def _source(entry: dict[str, Any], macros: dict[str, str]) -> str:
    """The regex text of an entry: its alternatives joined, macros expanded."""
    parts = entry["pattern"] if isinstance(entry["pattern"], list) else [entry["pattern"]]
    text = "|".join(f"(?:{p})" for p in parts)

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise MarsadError(f"{DATA_FILE}: pattern {entry['name']!r} uses unknown macro "
                              f"<<{m.group(1)}>>; define it under 'macros'")
        return f"(?:{macros[m.group(1)]})"

    return _MACRO.sub(expand, text)


def _compile(entry: dict[str, Any], macros: dict[str, str], section: str) -> Pattern:
    text = _source(entry, macros)
    at = entry.get("at", "")
    if section == "spans":
        if at not in ("start", "end"):
            raise MarsadError(f"{DATA_FILE}: span {entry['name']!r} needs 'at': 'start' or 'end'")
        text = f"(?:{text})\\Z" if at == "end" else text
    try:
        regex = re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise MarsadError(f"{DATA_FILE}: pattern {entry['name']!r} does not compile: {exc}") from exc
    needs = tuple(str(n).casefold() for n in entry.get("needs", ()))
    max_words = int(entry.get("max_words", 10_000))
    return Pattern(entry["name"], regex, max_words, at, needs, int(entry.get("window", END_WINDOW)),
                   int(entry.get("after_words", max_words)))


@cache
def patterns() -> Patterns:
    """The compiled boilerplate patterns (the data file is read on first use)."""
    table = data_json("marsad.clean", DATA_FILE)
    macros = table.get("macros", {})
    sections = {name: tuple(_compile(e, macros, name) for e in table[name])
                for name in ("lines", "spans", "trailing")}
    credit = _source({"name": "agency", "pattern": "<<agency>>"}, macros)
    lines, spans = sections["lines"], sections["spans"]
    starts = [f"(?:{p.regex.pattern})" for p in spans if p.at == "start" and not p.needs]
    return Patterns(lines, spans, sections["trailing"], _levels(lines),
                    tuple(p for p in lines if p.needs),
                    re.compile("|".join(starts) or "(?!)", re.IGNORECASE),
                    re.compile(credit, re.IGNORECASE))


def _levels(lines: tuple[Pattern, ...]) -> list[re.Pattern[str]]:
    compiled: dict[int, re.Pattern[str]] = {}
    for level in {p.max_words for p in lines}:
        parts = [f"(?:{p.regex.pattern})" for p in lines if p.max_words >= level and not p.needs]
        compiled[level] = re.compile("|".join(parts) or "(?!)", re.IGNORECASE)
    top = max(compiled)
    return [compiled[min(k for k in compiled if k >= n)] for n in range(top + 1)]


def _has(text: str, needs: tuple[str, ...]) -> bool:
    return any(n in text for n in needs)


def line_pattern(norm: str, n_words: int) -> str | None:
    """The name of the first line pattern the whole normalised line matches, if any."""
    table = patterns()
    if n_words >= len(table.line_levels):
        return None
    if table.line_levels[n_words].fullmatch(norm) is None and not any(
            n_words <= p.max_words and _has(norm, p.needs) for p in table.needy_lines):
        return None
    for p in table.lines:
        if n_words <= p.max_words and p.regex.fullmatch(norm):
            return p.name
    return None


def trailing_pattern(norm: str, n_words: int, longest_after: int) -> str | None:
    """The name of the trailing-block pattern a normalised line opens when the lines after it
    have at most `longest_after` words, if any."""
    for p in patterns().trailing:
        if n_words <= p.max_words and longest_after <= p.after_words and p.regex.fullmatch(norm):
            return p.name
    return None


def trailing_reach() -> int:
    """The most words a line after the opening one of any trailing block may have."""
    return max(p.after_words for p in patterns().trailing)


def is_credit(norm: str) -> bool:
    """True when the normalised text is only a photo or news-agency credit ("ا ف ب", "رويترز")."""
    return patterns().credit.fullmatch(norm) is not None


@cache
def _table() -> dict[int, str]:
    return normalize_char_table()


@cache
def _deleted() -> re.Pattern[str]:
    """The characters normalisation deletes (diacritics, tatweel, invisible marks)."""
    return re.compile("[" + "".join(re.escape(chr(k)) for k, v in _table().items() if not v) + "]")


def _find(p: Pattern, text: str) -> re.Match[str] | None:
    if p.at == "start":
        m = p.regex.match(text)
    else:
        window = max(0, len(text) - p.window)
        if p.needs and not _has(text[window:].casefold(), p.needs):
            return None
        m = p.regex.search(text, window)
    return m if m and m.end() > m.start() else None


def _to_original(k: int, deleted: list[int]) -> int:
    """Index in the original line of the character at index k of its one-for-one translation."""
    for d in deleted:
        if d > k:
            break
        k += 1
    return k


def _original_span(line: str, light: str, m: re.Match[str]) -> tuple[int, int]:
    start, end = m.span()
    if len(light) == len(line):
        return start, end
    deleted = [d.start() for d in _deleted().finditer(line)]
    return (0 if start == 0 else _to_original(start, deleted),
            len(line) if end == len(light) else _to_original(end, deleted))


def strip_spans(line: str, norm: str) -> tuple[str, list[tuple[str, str]]]:
    """`line` without the boilerplate spans at its start or end, and (reason, span) removed.

    `norm` is `normalize(line)`, searched first: most lines have no span and are left as they are.

    >>> strip_spans("(SeaPRwire) – زار موسكو", "(seaprwire) - زار موسكو")
    ('زار موسكو', [('pattern:press-wire-prefix', '(SeaPRwire) –')])
    """
    removed: list[tuple[str, str]] = []
    table = patterns()
    starts = table.any_start.match(norm) is not None
    for p in table.spans:
        if (p.at == "start" and not (starts or p.needs)) or _find(p, norm) is None:
            continue
        light = line.translate(_table())
        m = _find(p, light)
        if m is None:
            continue
        start, end = _original_span(line, light, m)
        removed.append((f"pattern:{p.name}", line[start:end].strip()))
        line = (line[:start] + line[end:]).strip()
    return line, removed
