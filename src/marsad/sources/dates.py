"""Publication dates as the readers find them: ISO 8601 fields, URL paths, date lines.

Every reader returns naive datetimes: a value with a time zone is converted to UTC, a value
without one is kept as written.
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
    """An ISO 8601 date or datetime string as a naive datetime (UTC when a zone is given);
    None when `value` is not one.

    >>> parse_datetime("2024-10-25T14:30:00+03:00")
    datetime.datetime(2024, 10, 25, 11, 30)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
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
