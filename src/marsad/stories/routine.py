"""Routine genres: titles of reports that recur with nearly the same text (market reports,
weather, congratulation cables, receptions, job adverts, executions, accidents), listed as stems
in data/routine_stems.txt. An event of such a report is a storyline of its own."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from marsad.arabic import normalize, stems


@cache
def routine_stems() -> frozenset[str]:
    """The stems of data/routine_stems.txt."""
    text = (resources.files("marsad.stories") / "data" / "routine_stems.txt").read_text("utf-8")
    return frozenset(s for line in text.splitlines() if (s := line.split("#", 1)[0].strip()))


@lru_cache(maxsize=1 << 16)  # titles recur within a batch and its candidates, not forever
def is_routine(title: str | None) -> bool:
    """True when a title is of a routine genre.

    >>> is_routine("الذهب يتجه نحو تسجيل أطول موجة من الخسائر")
    True
    >>> is_routine("التحالف يدمر جسرين لداعش في سوريا")
    False
    """
    return bool(title) and not routine_stems().isdisjoint(stems(normalize(title or "")))
