"""Bytes to text: UTF-8 first, then the legacy Arabic encodings, with clear refusals."""

from __future__ import annotations

import re

from marsad.errors import InputError

_MAGIC = {
    b"\x89PNG": "PNG image", b"%PDF": "PDF document", b"\x7fELF": "executable",
    b"\x1f\x8b": "gzip archive", b"PK\x03\x04": "zip archive", b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image", b"\x00\x00\x01\x00": "icon", b"RIFF": "RIFF media",
    b"SQLite format 3": "SQLite database",
}
_ARABIC = re.compile(r"[\u0621-\u064A]")
_COMMON = ("في", "من", "على", "إلى", "الى", "أن", "ان", "التي", "الذي", "عن", "مع")
LEGACY = ("windows-1256", "iso-8859-6")


def binary_kind(head: bytes) -> str | None:
    """What a binary file looks like, from its first bytes, or None if it may be text."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        return "binary data (control characters)"
    return None


def _arabic_score(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return 0.0
    arabic = len(_ARABIC.findall(text)) / letters
    words = text.split()
    common = sum(1 for w in words if w in _COMMON) / max(1, len(words))
    return arabic + 5 * common


def decode(data: bytes, origin: str) -> tuple[str, str | None]:
    """Decode a text file's bytes; return the text and, for a legacy encoding, its name.

    Raises InputError for an empty file, a binary file or bytes that are no known encoding.
    """
    if not data.strip():
        raise InputError(origin, "empty file")
    kind = binary_kind(data[:8192])
    if kind is not None:
        raise InputError(origin, f"binary file, not text (looks like {kind})")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _arabic_score(text)
        if score > 0.5 and (best is None or score > best[0]):
            best = (score, encoding, text)
    if best is None:
        raise InputError(origin, f"not UTF-8 and not a known Arabic encoding ({utf8_error.reason} "
                                 f"at byte {utf8_error.start})")
    return best[2], best[1]
