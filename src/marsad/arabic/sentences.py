"""Sentences and quotations of text as given (offsets into it): shared by the tagger, quotes and
timelines, so that every stage cuts a text the same way.

>>> text = 'قال د. خالد: "نعم. لا". وانتهى'
>>> [text[a:b] for a, b in sentence_spans(text)]
['قال د. خالد: "نعم. لا".', ' وانتهى']
"""

from __future__ import annotations

import re

QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}  # opening mark -> closing mark
# A parenthesis quotes only after a colon (وقال: (أنا مو فاضي …)); elsewhere it holds a name or
# an aside (صحيفة (الرياضي)).
_AFTER_COLON = {"(": ")"}
_MARK = re.compile("|".join(map(re.escape, [*QUOTES, *_AFTER_COLON])))
_BREAK = re.compile(r"[.!?؟\n]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of the quotations of a text, on one line each."""
    spans = []
    pos = 0
    for m in _MARK.finditer(text):
        i = m.start()
        if i < pos:
            continue
        close = QUOTES.get(m.group())
        if close is None:
            if not text[max(0, i - 3):i].rstrip().endswith(":"):
                continue
            close = _AFTER_COLON[m.group()]
        j = text.find(close, i + 1)
        if j > i + 1 and "\n" not in text[i:j]:
            spans.append((i, j))
            pos = j + 1
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences: split at sentence ends and line breaks outside
    quotations, except the full stop of an abbreviated title (د. الزياني، م. خالد) and a point
    inside a number or an address (23.5، www.x.sa)."""
    marks = quote_spans(text)
    out = []
    start = q = 0
    for m in _BREAK.finditer(text):
        i = m.start()
        while q < len(marks) and marks[q][1] < i:
            q += 1
        if (q < len(marks) and marks[q][0] < i < marks[q][1]) or _abbreviation(text, i) \
                or _glued_point(text, i):
            continue
        end = i if text[i] == "\n" else i + 1
        if text[start:end].strip():
            out.append((start, end))
        start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _abbreviation(text: str, i: int) -> bool:
    """Whether the full stop at i follows a word of one or two letters, right before it."""
    if text[i] != ".":
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return 1 <= i - j <= 2 and (j == 0 or not text[j - 1].isalnum())


def _glued_point(text: str, i: int) -> bool:
    """Whether the point at i stands between digits or Latin letters (23.5، www.x.sa), not
    between Arabic words typed without a space (… المقبلين.على صعيد آخر …: a sentence end)."""
    return (text[i] == "." and 1 <= i < len(text) - 1 and _number_or_latin(text[i - 1])
            and _number_or_latin(text[i + 1]))


def _number_or_latin(c: str) -> bool:
    return c.isdigit() or ("a" <= c.lower() <= "z")
