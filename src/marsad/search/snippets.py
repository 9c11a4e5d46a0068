"""Snippets in the original spelling: the words of a text whose key is searched for, marked.

The text shown is never the normalised one: each word of the original is keyed on its own
(`keys.word_key`) and marked when its key is among the query's, so «بالسعوديّة» is marked as
written for a query «السعودية».
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set

from marsad.search.keys import word_key
from marsad.search.results import Snippet

WINDOW = 30  # words shown around the best hit
_BEFORE = 8  # of which before it
_WORD = re.compile(r"[^\W_][\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]*")
_SPACE = re.compile(r"\s+")


def marked(text: str, keys: Set[str]) -> Snippet:
    """The whole of `text` (a title), its matching words marked; whitespace runs made one space.

    >>> marked("وصول  الوفد إلى بالسعوديّة", {"سعود"})
    Snippet(text='وصول الوفد إلى بالسعوديّة', marks=((15, 25),))
    """
    text = _SPACE.sub(" ", text or "").strip()
    marks = tuple((m.start(), m.end()) for m in _WORD.finditer(text) if word_key(m.group()) in keys)
    return Snippet(text, marks)


def snippet(text: str, keys: Set[str], window: int = WINDOW) -> Snippet:
    """About `window` words of `text` around the place where most of the query's keys meet,
    the matching words marked; '…' where the text is cut. Without a hit, the opening words."""
    words = list(_WORD.finditer(text or ""))
    if not words:
        return Snippet(_SPACE.sub(" ", text or "").strip()[:300])
    keyed = [(i, k) for i, m in enumerate(words) if (k := word_key(m.group())) in keys]
    first = _best_start(keyed, window)
    last = min(len(words), first + window) - 1
    start, end = words[first].start(), words[last].end()
    marks = [(words[i].start() - start, words[i].end() - start)
             for i, _ in keyed if first <= i <= last]
    return _tidy(text[start:end], marks, cut_before=first > 0, cut_after=last < len(words) - 1)


def _best_start(keyed: list[tuple[int, str | None]], window: int) -> int:
    """The first word of the window that holds the most distinct keys, then the most hits
    (`keyed`: the position and key of each hit, in order)."""
    positions = [i for i, _ in keyed]
    best, best_score = 0, (-1, -1)
    for i in positions:
        first = max(0, i - _BEFORE)
        lo, hi = bisect_left(positions, first), bisect_left(positions, first + window)
        score = (len({k for _, k in keyed[lo:hi]}), hi - lo)
        if score > best_score:
            best, best_score = first, score
    return best


def _tidy(piece: str, marks: list[tuple[int, int]], *, cut_before: bool,
          cut_after: bool) -> Snippet:
    """Whitespace runs made one space (marks moved with them), '…' at the cuts."""
    lead = "…" if cut_before else ""
    runs = [(m.start(), len(m.group()) - 1) for m in _SPACE.finditer(piece)]

    def moved(p: int) -> int:
        return p - sum(extra for at, extra in runs if at < p) + len(lead)

    text = lead + _SPACE.sub(" ", piece) + ("…" if cut_after else "")
    return Snippet(text, tuple((moved(a), moved(b)) for a, b in marks))
