"""The sentences of one text as the summariser sees them: offsets into the text as given,
with hard-wrapped lines (a line break every ~78 characters, in the middle of a sentence)
read as one sentence.

>>> line = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة"
>>> [s.text.replace(line, "…") for s in split(f"{line}\\nكبيرة.\\n{line}\\nصغيرة.\\nعنوان")]
['…\\nكبيرة.', '…\\nصغيرة.', 'عنوان']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.sentences import sentence_spans

# A line ends like a sentence (or a heading made to stand alone) with these marks.
_LINE_END = re.compile(r"[.!?؟:؛;\"»”)\]]\s*$")
WRAPPED_SHARE = 0.4  # share of long lines that run on into the next for a text to be wrapped
LONG_LINE = 50  # characters: a shorter line ending without a mark is a heading, not a wrap


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text: its words as given and its place, `text == source[start:end]`."""

    text: str
    start: int
    end: int
    index: int  # position among the text's sentences, from 0


def split(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, each stripped of surrounding spaces."""
    out: list[Sentence] = []
    for a, b in sentence_spans(_unwrap(text)):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Sentence(text[a:b], a, b, len(out)))
    return out


def _unwrap(text: str) -> str:
    """`text` with the line breaks of a hard-wrapped text turned into spaces (same length, so
    that offsets hold): only in a text where many long lines run on without a sentence end, and
    only there, so that headings and one-paragraph lines of ordinary text stay apart."""
    lines = text.split("\n")
    soft = [i for i, line in enumerate(lines[:-1])
            if len(line.strip()) >= LONG_LINE and not _LINE_END.search(line)
            and lines[i + 1].strip()]
    long_lines = sum(1 for line in lines if len(line.strip()) >= LONG_LINE)
    if len(soft) < 2 or len(soft) < WRAPPED_SHARE * long_lines:
        return text
    chars = list(text)
    pos = 0
    soft_set = set(soft)
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        if i in soft_set:
            chars[pos] = " "
        pos += 1
    return "".join(chars)
