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
    needs: tuple[str, ...] = ()  # a span is tried only when one of these occurs in the text


@dataclass(frozen=True, slots=True)
class Patterns:
    lines: tuple[Pattern, ...]
    spans: tuple[Pattern, ...]
    trailing: tuple[Pattern, ...]
    # For a line of n words, the line patterns allowed at n words in one regex: most lines match
    # none and need one test. Keys are the max_words values, ascending; longer lines have none.
    any_line: dict[int, re.Pattern[str]]
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
    return Pattern(entry["name"], regex, int(entry.get("max_words", 10_000)), at, needs)


@cache
def patterns() -> Patterns:
    """The compiled boilerplate patterns (the data file is read on first use)."""
    table = data_json("marsad.clean", DATA_FILE)
    macros = table.get("macros", {})
    sections = {name: tuple(_compile(e, macros, name) for e in table[name])
                for name in ("lines", "spans", "trailing")}
    credit = _source({"name": "agency", "pattern": "<<agency>>"}, macros)
    return Patterns(sections["lines"], sections["spans"], sections["trailing"],
                    _by_length(sections["lines"]), re.compile(credit, re.IGNORECASE))


def _by_length(lines: tuple[Pattern, ...]) -> dict[int, re.Pattern[str]]:
    levels = sorted({p.max_words for p in lines})
    return {level: re.compile("|".join(f"(?:{p.regex.pattern})" for p in lines
                                       if p.max_words >= level), re.IGNORECASE)
            for level in levels}


def line_pattern(norm: str, n_words: int) -> str | None:
    """The name of the first line pattern the whole normalised line matches, if any."""
    table = patterns()
    level = next((k for k in table.any_line if k >= n_words), None)
    if level is None or not table.any_line[level].fullmatch(norm):
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


@cache
def _deleted() -> re.Pattern[str]:
    """The characters normalisation deletes (diacritics, tatweel, invisible marks)."""
    return re.compile("[" + "".join(re.escape(chr(k)) for k, v in _table().items() if not v) + "]")


def _find(p: Pattern, text: str) -> re.Match[str] | None:
    start = 0 if p.at == "start" else max(0, len(text) - END_WINDOW)
    if p.needs and not any(n in text.casefold() for n in p.needs):
        return None
    m = p.regex.match(text) if p.at == "start" else p.regex.search(text, start)
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
    for p in patterns().spans:
        if _find(p, norm) is None:
            continue
        light = line.translate(_table())
        m = _find(p, light)
        if m is None:
            continue
        start, end = _original_span(line, light, m)
        removed.append((f"pattern:{p.name}", line[start:end].strip()))
        line = (line[:start] + line[end:]).strip()
    return line, removed
