"""The keys words are indexed and searched under: normalised, clitics off, stemmed.

The Snowball stemmer alone does not take clitics off consistently («بعدن» stems to «بعد», «عدن»
to «عدن»; «وزارة» loses its و but «بوزارة» keeps it), so every leading و ف ب ك ل and the
article ال come off first, as long as three letters remain; the stem of what is left is the
key. Stripping is greedy, so a word that begins with one of those letters loses it in every
spelling alike («بشار», «لبشار» and «وبشار» share a key): the same function runs on the text
and on the query, and one spelling never finds what another misses.

>>> [word_key(w) for w in ["السعودية", "سعودية", "بالسعودية", "والسعوديه"]]
['سعود', 'سعود', 'سعود', 'سعود']
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from marsad.arabic import normalize_small, stopwords
from marsad.arabic.tokens import _stems

_WORD = re.compile(r"[^\W_]+")
_CLITICS = frozenset("وفبكل")
_MIN = 3  # letters left after a clitic comes off


def strip_clitics(word: str) -> str:
    """A normalised word without its leading clitics (و ف ب ك ل) and article (ال), greedily,
    keeping at least three letters.

    >>> strip_clitics("وبالسعوديه"), strip_clitics("للمنظمه"), strip_clitics("الله")
    ('سعوديه', 'منظمه', 'الله')
    """
    while True:
        if word.startswith("ال") and len(word) - 2 >= _MIN:
            word = word[2:]
        elif word[:1] in _CLITICS and len(word) - 1 >= _MIN:
            word = word[1:]
        else:
            return word


def _key(word: str) -> str | None:
    """The key of one normalised word, None for stopwords and single letters."""
    stop = stopwords()
    if len(word) < 2 or word in stop:
        return None
    bare = strip_clitics(word)
    if bare in stop:
        return None
    return _stems()[bare]


_MAX_CACHED = 500_000


@cache
def _keys() -> dict[str, str]:
    """normalised word -> key ('' for a word not indexed), filled as words are met: indexing
    looks up every word of every article, and one dict lookup is what it can afford."""
    return {}


def index_keys(normalised: str) -> list[str]:
    """Keys of every content word of normalised text, in order."""
    return word_keys(_WORD.findall(normalised))


def word_keys(words: list[str]) -> list[str]:
    """Keys of normalised words (as `marsad.arabic.words` splits them), stopwords left out."""
    known = _keys()
    keys = list(map(known.get, words))
    if None in keys:
        if len(known) >= _MAX_CACHED:
            known.clear()
        for i, key in enumerate(keys):
            if key is None:
                keys[i] = known[words[i]] = _key(words[i]) or ""
    return [k for k in keys if k]


def index_document(normalised_title: str, words: list[str]) -> tuple[str, str]:
    """What the index holds of an article: the keys of its normalised title and of the
    normalised words of its cleaned text, each joined by spaces."""
    return " ".join(index_keys(normalised_title)), " ".join(word_keys(words))


def query_keys(text: str) -> list[str]:
    """Keys of every content word of text as typed (normalised here)."""
    return index_keys(normalize_small(text))


@lru_cache(maxsize=200_000)
def word_key(token: str) -> str | None:
    """The key of one word as written (for marking hits in the original text), or None."""
    words = _WORD.findall(normalize_small(token))
    return _key(words[0]) if len(words) == 1 else None
