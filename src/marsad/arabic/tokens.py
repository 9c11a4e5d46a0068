"""Tokenising and stemming of normalised Arabic text for features."""

from __future__ import annotations

import re
from functools import cache

import Stemmer

from marsad.arabic.normalize import normalize_small
from marsad.arabic.resources import data_lines

# Letters (any script) and digits; Arabic words are runs of Arabic letters.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# In text as given: a letter or digit, then letters, digits, Arabic marks and tatweel; anything
# else that is not a space is a token of its own (punctuation, quotation marks).
_TEXT_TOKEN = re.compile(r"[^\W_][\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]*|\S")


def text_tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(token, start, end) of each word and each mark of text[start:end], as given (not
    normalised: diacritics stay with their word), with offsets into `text`.

    >>> text_tokens("قالَ: «نعم»")
    [('قالَ', 0, 4), (':', 4, 5), ('«', 6, 7), ('نعم', 7, 10), ('»', 10, 11)]
    """
    return [(m.group(), m.start(), m.end())
            for m in _TEXT_TOKEN.finditer(text, start, len(text) if end is None else end)]


def token_texts(text: str) -> list[str]:
    """The tokens of `text_tokens(text)` without their offsets (faster)."""
    return _TEXT_TOKEN.findall(text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """The offsets of `text_tokens(text)`, without the tokens."""
    return [m.span() for m in _TEXT_TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """Word tokens of already normalised text: runs of letters or digits."""
    return _WORD.findall(text)


@cache
def stopwords() -> frozenset[str]:
    """Normalised Arabic function words (data file `stopwords.txt`)."""
    return frozenset(normalize_small(w) for w in data_lines("marsad.arabic", "stopwords.txt"))


class _Stems(dict[str, str]):
    """word -> Snowball Arabic stem (PyStemmer), computed on first use; emptied when it grows past
    MAX_CACHED words (a dict lookup is several times faster than PyStemmer's own cache)."""

    MAX_CACHED = 500_000

    def __init__(self) -> None:
        super().__init__()
        self.stemmer = Stemmer.Stemmer("arabic")
        self.stemmer.maxCacheSize = 0

    def __missing__(self, word: str) -> str:
        if len(self) >= self.MAX_CACHED:
            self.clear()
        stem: str = self.stemmer.stemWord(word)
        self[word] = stem
        return stem


@cache
def _stems() -> _Stems:
    return _Stems()


def stems(normalised: str) -> list[str]:
    """Content-word stems of normalised text: stopwords and one-letter tokens left out.

    >>> stems(normalize_small("وقال رئيس الوزراء الأرميني"))
    ['رييس', 'وزراء', 'ارمين']
    """
    return stem_tokens(words(normalised))


def stem_tokens(tokens: list[str]) -> list[str]:
    """Stems of already split normalised tokens, stopwords and one-letter tokens left out."""
    stop = stopwords()
    return list(map(_stems().__getitem__, [w for w in tokens if len(w) > 1 and w not in stop]))
