"""Normalisation of Arabic text for matching, search and features (never for display).

>>> normalize("إِنَّ الـمـنظمةَ الأُولى ٢٠٢٤")
'ان المنظمه الاولي 2024'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from marsad.arabic.resources import data_json


@cache
def _table() -> dict[int, str]:
    groups = data_json("marsad.arabic", "normalize.json")
    table: dict[int, str] = {}
    for name, mapping in groups.items():
        if name.startswith("_"):
            continue
        for src, dst in mapping.items():
            table[ord(src)] = dst
    return table


_SPACES = re.compile(r"\s+")


def normalize(text: str, *, casefold: bool = True) -> str:
    """Return `text` normalised for matching: one alef, ya for alef maqsura, ha for ta marbuta,
    no tatweel or diacritics, Persian letters mapped to Arabic, Western digits, collapsed spaces.

    Offsets are not preserved; use it on copies, never on the text shown to readers.
    """
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    text = text.translate(_table())
    if casefold:
        text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def normalize_char_table() -> dict[int, str]:
    """The character map behind `normalize` (one character to at most one), for offset-keeping use."""
    return dict(_table())
