"""Reading one-article files without loading more than the size limit."""

from __future__ import annotations

from pathlib import Path

from marsad.errors import InputError


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a one-article file; InputError if it is larger than `max_bytes`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file too large for one article ({size / 1e6:.1f} MB > "
                                    f"{max_bytes / 1e6:.1f} MB)")
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)
