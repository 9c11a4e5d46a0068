"""Normalisation of Arabic text for matching, search and features (never for display).

>>> normalize("إِنَّ الـمـنظمةَ الأُولى ٢٠٢٤")
'ان المنظمه الاولي 2024'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

from marsad.arabic.resources import data_json

_BMP = 0x10000


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


@cache
def _lookup() -> tuple[np.ndarray, np.ndarray]:
    """One code point to at most one, for the whole Basic Multilingual Plane: NFKC where it
    maps a character to one character, then our map, then lower case (0 deletes).
    The second array marks characters whose NFKC form is longer (ligatures such as ﻻ)."""
    table = _table()
    lut = np.arange(_BMP, dtype=np.uint32)
    expands = np.zeros(_BMP, dtype=bool)
    for cp in range(_BMP):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        compat = unicodedata.normalize("NFKC", ch)
        if len(compat) != 1:
            expands[cp] = True
            continue
        out = table.get(ord(compat), compat)
        out = out.lower() if len(out) == 1 else out
        lut[cp] = ord(out) if len(out) == 1 else (0 if out == "" else cp)
    return lut, expands


def normalize(text: str) -> str:
    """Return `text` normalised for matching: NFKC, one alef, ya for alef maqsura, ha for
    ta marbuta, no tatweel or diacritics, Persian letters mapped to Arabic, Western digits,
    lower case, single spaces.

    Offsets are not preserved; use it on copies, never on the text shown to readers.
    """
    if not text:
        return ""
    lut, expands = _lookup()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = np.minimum(codes, _BMP - 1)
    if (codes >= _BMP).any():  # outside the table (𝐀): NFKC of those characters alone
        text = "".join(unicodedata.normalize("NFKC", c) if ord(c) >= _BMP else c for c in text)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bmp = np.minimum(codes, _BMP - 1)
    if expands[bmp].any():
        text = unicodedata.normalize("NFKC", text)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bmp = np.minimum(codes, _BMP - 1)
    mapped = np.where(codes < _BMP, lut[bmp], codes)
    mapped = mapped[mapped != 0]
    return " ".join(mapped.tobytes().decode("utf-32-le", "surrogatepass").split())


@cache
def _word_table() -> dict[int, int | None]:
    """`normalize`'s character map as a str.translate table (only the characters it changes)."""
    lut, _ = _lookup()
    changed = np.flatnonzero(lut != np.arange(_BMP, dtype=np.uint32))
    return {int(cp): (int(lut[cp]) or None) for cp in changed}


def normalize_word(word: str) -> str:
    """`normalize` of one word without whitespace, several times faster on short strings.

    >>> normalize_word("الأُولى")
    'الاولي'
    """
    if word.isascii():
        return word.lower()
    if _expanding().search(word):
        return normalize(word)
    return word.translate(_word_table())


@cache
def _expanding() -> re.Pattern[str]:
    """The characters whose NFKC form is longer than one character (ligatures such as ﻻ), and
    those outside the Basic Multilingual Plane (𝐀), which `normalize` hands to NFKC."""
    _, expands = _lookup()
    cps = np.flatnonzero(expands)
    breaks = np.flatnonzero(np.diff(cps) != 1)
    starts = np.concatenate([cps[:1], cps[breaks + 1]])
    ends = np.concatenate([cps[breaks], cps[-1:]])
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in zip(starts, ends, strict=True))
    return re.compile(f"[{ranges}\U00010000-\U0010ffff]")


def normalize_char_table() -> dict[int, str]:
    """The character map behind `normalize` (one character to at most one)."""
    return dict(_table())
