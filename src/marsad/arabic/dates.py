"""Dates written in Arabic news text: a date line such as "الجمعة 25 أكتوبر / October 2024"."""

from __future__ import annotations

import re
from datetime import datetime

from marsad.arabic.normalize import normalize
from marsad.arabic.resources import months

_NUMERIC = [
    (re.compile(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)\b"), (3, 2, 1)),
]
_TOKEN = re.compile(r"[^\W_]+")


def safe_date(year: int, month: int, day: int) -> datetime | None:
    """The date, or None when the numbers make no calendar date."""
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _month_names() -> dict[str, int]:
    table = months()
    names: dict[str, int] = {}
    for series in ("gregorian", "levantine", "english"):
        names.update(table[series])
    return names


def date_line(line: str) -> datetime | None:
    """The date of a short line that is mostly a date ("الجمعة 25 أكتوبر / October 2024",
    "25/10/2024"), or None. Lines of more than 10 tokens are never date lines."""
    norm = normalize(line)
    tokens = _TOKEN.findall(norm)
    if not tokens or len(tokens) > 10:
        return None
    for pattern, order in _NUMERIC:
        if m := pattern.search(norm):
            y, mo, d = (int(m.group(i)) for i in order)
            return safe_date(y, mo, d)
    return _named_date(norm, tokens)


def _named_date(norm: str, tokens: list[str]) -> datetime | None:
    names = _month_names()
    weekdays = set(months()["weekdays"])
    month = next((names[n] for n in sorted(names, key=len, reverse=True)
                  if " " in n and n in norm), None)
    numbers = [int(t) for t in tokens if t.isdecimal()]
    known = 2 if month is not None else 0
    for t in tokens:
        if t in names and month is None:
            month = names[t]
        if t in names or t in weekdays or t.isdigit() or t in ("ال", "م", "هـ"):
            known += 1
    year = next((n for n in numbers if 1900 <= n <= 2100), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    if month is None or year is None or day is None or known < len(tokens) * 0.6:
        return None
    return safe_date(year, month, day)
