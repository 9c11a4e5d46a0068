"""Publication dates found in URLs and in date lines at the top of a text."""

from __future__ import annotations

import re
from datetime import datetime

from marsad.arabic.dates import date_line, safe_date

__all__ = ["date_line", "from_url", "parse_datetime"]

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 date or datetime (string), as a naive datetime; None if it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def from_url(url: str | None) -> datetime | None:
    """The date in a URL path such as /2024/10/25/ or /2024-10-25-title."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    return safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
