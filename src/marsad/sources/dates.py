"""Publication dates as the readers find them: ISO 8601 fields, URL paths, date lines.

A value with a time zone keeps it (an aware datetime: the article keeps the local time and its
offset, see `model.split_offset`); a value without one is a naive datetime, as written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from marsad.arabic.dates import date_line, safe_date

__all__ = ["date_line", "from_url", "parse_datetime"]

# /2024/10/25/, /2024-10-25-title, /2024/10/25.html: a year, a month and a day in a URL path.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/._-]|$)")


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 date or datetime string as a datetime, aware when it gives a time zone;
    None when `value` is not one (or is a date no calendar arithmetic can hold, like year 9999
    at +14:00).

    >>> parse_datetime("2024-10-25T14:30:00+03:00").isoformat()
    '2024-10-25T14:30:00+03:00'
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
        if parsed.tzinfo is not None:
            parsed.astimezone(UTC)  # raises OverflowError for a time beyond the calendar's ends
    except (ValueError, OverflowError):
        return None
    return parsed


def from_url(url: str | None) -> datetime | None:
    """The date in a URL path such as /2024/10/25/ or /2024-10-25-title, or None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    m = _URL_DATE.search(path)
    return safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
