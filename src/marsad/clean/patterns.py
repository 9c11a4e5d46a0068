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
_MACRO = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One named pattern; `max_words` bounds the lines it may drop, `at` places a span."""

    name: str
    regex: re.Pattern[str]
    max_words: int = 10_000
    at: str = ""


@dataclass(frozen=True, slots=True)
class Patterns:
    lines: tuple[Pattern, ...]
    spans: tuple[Pattern, ...]
    trailing: tuple[Pattern, ...]
    max_line_words: int  # the largest max_words of the line patterns: longer lines skip them all
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
    return Pattern(entry["name"], regex, int(entry.get("max_words", 10_000)), at)


@cache
def patterns() -> Patterns:
    """The compiled boilerplate patterns (the data file is read on first use)."""
    table = data_json("marsad.clean", DATA_FILE)
    macros = table.get("macros", {})
    sections = {name: tuple(_compile(e, macros, name) for e in table[name])
                for name in ("lines", "spans", "trailing")}
    credit = _source({"name": "agency", "pattern": "<<agency>>"}, macros)
    return Patterns(sections["lines"], sections["spans"], sections["trailing"],
                    max(p.max_words for p in sections["lines"]), re.compile(credit, re.IGNORECASE))


def line_pattern(norm: str, n_words: int) -> str | None:
    """The name of the first line pattern the whole normalised line matches, if any."""
    table = patterns()
    if n_words > table.max_line_words:
        return None
    for p in table.lines:
        if n_words <= p.max_words and p.regex.fullmatch(norm):
            return p.name
    return None


def trailing_pattern(norm: str, n_words: int) -> str | None:
    """The name of the trailing-block pattern a normalised line opens, if any."""
    for p in patterns().trailing:
        if n_words <= p.max_words and p.regex.fullmatch(norm):
            return p.name
    return None


def is_credit(norm: str) -> bool:
    """True when the normalised text is only a photo or news-agency credit ("ا ف ب", "رويترز")."""
    return patterns().credit.fullmatch(norm) is not None


@cache
def _table() -> dict[int, str]:
    return normalize_char_table()


def _offsets(line: str) -> list[int]:
    """For each character of the one-for-one normalised line, its index in `line` (+ the end)."""
    table = _table()
    out = [i for i, ch in enumerate(line) if table.get(ord(ch)) != ""]
    out.append(len(line))
    return out


def _find(p: Pattern, light: str) -> re.Match[str] | None:
    m = p.regex.match(light) if p.at == "start" else p.regex.search(light)
    return m if m and m.end() > m.start() else None


def strip_spans(line: str) -> tuple[str, list[tuple[str, str]]]:
    """`line` without the boilerplate spans at its start or end, and (reason, span) removed.

    >>> strip_spans("(SeaPRwire) – زار موسكو وعقد محادثات")
    ('زار موسكو وعقد محادثات', [('pattern:press-wire-prefix', '(SeaPRwire) –')])
    """
    removed: list[tuple[str, str]] = []
    light = line.translate(_table())
    for p in patterns().spans:
        m = _find(p, light)
        if m is None:
            continue
        start, end = m.start(), m.end()
        if len(light) != len(line):  # some characters were deleted: map back to the original
            offsets = _offsets(line)
            start, end = (0 if start == 0 else offsets[start]), offsets[end]
        removed.append((f"pattern:{p.name}", line[start:end].strip()))
        line = (line[:start] + line[end:]).strip()
        light = line.translate(_table())
    return line, removed
