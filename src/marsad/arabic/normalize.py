"""Normalisation of Arabic text for matching, search and features (never for display).

>>> normalize("إِنَّ الـمـنظمةَ الأُولى ٢٠٢٤")
'ان المنظمه الاولي 2024'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from marsad.arabic.resources import data_json

# numpy loads with the first `normalize` (ingest), not with this module: `marsad search` reads
# queries through `normalize_small` and starts without it.
if TYPE_CHECKING:
    import numpy as np

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
    import numpy as np

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
    import numpy as np

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
    import numpy as np

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
    import numpy as np

    _, expands = _lookup()
    cps = np.flatnonzero(expands)
    breaks = np.flatnonzero(np.diff(cps) != 1)
    starts = np.concatenate([cps[:1], cps[breaks + 1]])
    ends = np.concatenate([cps[breaks], cps[-1:]])
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in zip(starts, ends, strict=True))
    return re.compile(f"[{ranges}\U00010000-\U0010ffff]")


class _CharMap(dict[int, int | None]):
    """`normalize`'s map of one code point, computed on first sight (a str.translate table that
    needs neither numpy nor a pass over the whole Basic Multilingual Plane)."""

    def __missing__(self, cp: int) -> int | None:
        out = _one(cp)
        self[cp] = out
        return out


def _one(cp: int) -> int | None:
    """What `_lookup` maps one code point to: itself when NFKC makes it longer (handled on the
    whole text) or outside the BMP, else NFKC, our map, lower case (None deletes)."""
    if cp >= _BMP or 0xD800 <= cp < 0xE000:
        return cp
    compat = unicodedata.normalize("NFKC", chr(cp))
    if len(compat) != 1:
        return cp
    out = _table().get(ord(compat), compat)
    out = out.lower() if len(out) == 1 else out
    code = ord(out) if len(out) == 1 else (0 if out == "" else cp)
    return code or None  # 0 deletes in `_lookup`'s table, so U+0000 goes too


@cache
def _char_map() -> _CharMap:
    return _CharMap()


def _expands(ch: str) -> bool:
    """Whether NFKC makes a BMP character longer (`_lookup`'s second array)."""
    cp = ord(ch)
    return cp < _BMP and not 0xD800 <= cp < 0xE000 and len(unicodedata.normalize("NFKC", ch)) != 1


def normalize_small(text: str) -> str:
    """`normalize` in pure Python, the same output for any text: for short strings (a search
    query, a title, one word) and for processes that should not load numpy (`marsad search`).

    >>> normalize_small("بالسعوديّة")
    'بالسعوديه'
    """
    if not text:
        return ""
    if not text.isascii():
        if any(ord(c) >= _BMP for c in text):
            text = "".join(unicodedata.normalize("NFKC", c) if ord(c) >= _BMP else c for c in text)
        if any(_expands(c) for c in text):
            text = unicodedata.normalize("NFKC", text)
    return " ".join(text.translate(_char_map()).split())


def normalize_char_table() -> dict[int, str]:
    """The character map behind `normalize` (one character to at most one)."""
    return dict(_table())
