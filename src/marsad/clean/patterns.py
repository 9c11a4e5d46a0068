"""The boilerplate patterns of data/boilerplate.json, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.arabic.resources import data_json


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    max_words: int


@dataclass(frozen=True, slots=True)
class Patterns:
    lines: tuple[Pattern, ...]
    spans: tuple[Pattern, ...]
    trailing: tuple[Pattern, ...]


def _compile(entries: list[dict[str, object]]) -> tuple[Pattern, ...]:
    return tuple(
        Pattern(str(e["name"]), re.compile(str(e["pattern"]), re.IGNORECASE),
                int(e.get("max_words", 10_000)))  # type: ignore[call-overload]
        for e in entries
    )


@cache
def patterns() -> Patterns:
    """The compiled boilerplate patterns (loaded on first use)."""
    table = data_json("marsad.clean", "boilerplate.json")
    return Patterns(_compile(table["lines"]), _compile(table["spans"]),
                    _compile(table["trailing"]))


def line_pattern(normalised: str, n_words: int) -> str | None:
    """The name of the line pattern a whole normalised line matches, if any."""
    for p in patterns().lines:
        if n_words <= p.max_words and p.regex.fullmatch(normalised):
            return p.name
    return None


def strip_spans(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The line without the boilerplate spans it carries, and what was removed."""
    removed = []
    for p in patterns().spans:
        m = p.regex.search(line)
        if m and m.group(0):
            removed.append((f"pattern:{p.name}", m.group(0).strip()))
            line = line[: m.start()] + line[m.end():]
    return line, removed


def trailing_start(normalised: str, n_words: int) -> str | None:
    """The name of the trailing-block pattern a normalised line opens, if any."""
    for p in patterns().trailing:
        if n_words <= p.max_words and p.regex.fullmatch(normalised):
            return p.name
    return None
