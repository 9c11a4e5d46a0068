"""Bytes to text for the one-article formats: UTF-8 first, then the legacy Arabic encodings.

Refusals are InputErrors with the reason the user sees: "empty file", "binary file, not text
(looks like PNG)", "not UTF-8 and not a known Arabic encoding", "file too large for one article".
"""

from __future__ import annotations

from pathlib import Path

from marsad.arabic import normalize, stopwords, words
from marsad.errors import InputError

LEGACY = ("windows-1256", "iso-8859-6")
SAMPLE_BYTES = 65_536  # enough text to judge an encoding
PLAUSIBLE = 1.0  # arabic_score of real Arabic is about 1.9; of a wrong decoding, below 0.8
_MAGIC = (
    (b"\x89PNG", "PNG"), (b"%PDF", "PDF"), (b"\x7fELF", "an ELF executable"), (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "a zip archive"), (b"GIF8", "GIF"), (b"\xff\xd8\xff", "JPEG"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"RIFF", "RIFF audio or video"),
    (b"\xfd7zXZ\x00", "xz"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"BZh91AY", "bzip2"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"), (b"\x00asm", "WebAssembly"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a one-article file; InputError if it is larger than `max_bytes`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file too large for one article ({size / 1e6:.1f} MB > "
                                    f"{max_bytes / 1e6:.1f} MB)")
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


def binary_kind(head: bytes) -> str | None:
    """Why the first bytes of a file look binary ("looks like PNG", "NUL bytes"), or None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"looks like {kind}"
    if head.startswith(_UTF16_BOMS):
        return None
    if b"\x00" in head:
        return "NUL bytes"
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if head and controls / len(head) > 0.02:
        return "control characters"
    return None


def decode(data: bytes, origin: str) -> tuple[str, str | None]:
    """The text of a file's bytes and, when it was not UTF-8, the encoding it was decoded from.

    Raises InputError for an empty or binary file, or bytes in no encoding we can tell.
    """
    if not data.strip():
        raise InputError(origin, "empty file")
    if (kind := binary_kind(data[:8192])) is not None:
        raise InputError(origin, f"binary file, not text ({kind})")
    if data.startswith(_UTF16_BOMS):
        return _utf16(data, origin), "UTF-16"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if (damaged := _mostly_utf8(data)) is not None:
        return damaged, "UTF-8 with invalid bytes replaced"
    if (legacy := best_legacy(data)) is not None:
        return legacy
    raise InputError(origin, f"not UTF-8 and not a known Arabic encoding ({utf8_error.reason} "
                             f"at byte {utf8_error.start})")


def _utf16(data: bytes, origin: str) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"invalid UTF-16 ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise InputError(origin, "empty file")
    return text


def best_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for the legacy Arabic encoding that makes the most plausible Arabic of
    `data`, or None when none does."""
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = arabic_score(text[:SAMPLE_BYTES])
        if score >= PLAUSIBLE and (best is None or score > best[0]):
            best = (score, text, encoding)
    return (best[1], best[2]) if best else None


def arabic_score(text: str) -> float:
    """How much `text` reads as Arabic, from 0 to 2: the share of its words written in Arabic
    letters plus four times the share of them that are common function words or start with
    the article ال (in real Arabic about a third are; in a mis-decoding almost none)."""
    tokens = words(normalize(text))
    if not tokens:
        return 0.0
    arabic = [t for t in tokens if all("\u0621" <= c <= "\u064a" for c in t)]
    stop = stopwords()
    common = sum(1 for t in arabic if t in stop or (t.startswith("ال") and len(t) > 3))
    return len(arabic) / len(tokens) + min(1.0, 4 * common / len(tokens))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a cut, a stray byte): the text with them replaced."""
    sample = data[:SAMPLE_BYTES]
    non_ascii = sum(1 for b in sample if b >= 0x80)
    bad = sample.decode("utf-8", errors="replace").count("\ufffd")
    if not non_ascii or bad / non_ascii >= 0.01:
        return None
    return data.decode("utf-8-sig", errors="replace")
