"""Islamic occasions named without a date (عيد الفطر، عيد الأضحى، شهر رمضان، أيام العيد), dated by
the Umm al-Qura Hijri calendar (hijridate) at the occurrence nearest the article's date, or the
one before or after it when the text says الماضي or المقبل.

>>> occasion_value((10, 1), date(2015, 7, 25), None, None)
('2015-07-17', 'day')
>>> occasion_value((9, 0), date(2015, 7, 25), None, "end")
('2015-07', 'month')
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

EIDS = ((10, 1), (12, 10))  # عيد الفطر, عيد الأضحى: what a bare «أيام العيد» may mean


def _spans(month: int, day: int, year: int) -> tuple[date, date] | None:
    """The first and last Gregorian day of one occurrence (a day, or a whole Hijri month)."""
    try:
        first = Hijri(year, month, day or 1).to_gregorian()
        if day:
            return first, first
        following = Hijri(year + month // 12, month % 12 + 1, 1).to_gregorian()
    except (ValueError, OverflowError):  # outside the calendar's range
        return None
    return first, following - timedelta(days=1)


def _distance(span: tuple[date, date], pub: date) -> int:
    return max((span[0] - pub).days, (pub - span[1]).days, 0)


def _occurrence(keys: tuple[tuple[int, int], ...], pub: date, step: int | None
                ) -> tuple[date, date] | None:
    """The occurrence of one of the occasions `keys` nearest `pub`; the last one begun before
    it (step -1) or the first one after it (step 1)."""
    try:
        year = Gregorian(pub.year, pub.month, pub.day).to_hijri().year
    except (ValueError, OverflowError):
        return None
    spans = [s for month, day in keys for y in (year - 1, year, year + 1)
             if (s := _spans(month, day, y)) is not None]
    if step == -1:
        spans = [s for s in spans if s[0] < pub]
        return max(spans, default=None)
    if step == 1:
        spans = [s for s in spans if s[0] > pub]
        return min(spans, default=None)
    return min(spans, key=lambda s: (_distance(s, pub), s[0] > pub), default=None)


def occasion_value(key: tuple[int, int], pub: date, step: int | None, part: str | None
                   ) -> tuple[str, str] | None:
    """(value, granularity) of an occasion: (Hijri month, day), day 0 for a whole month,
    (0, 0) for either Eid; `part` (start, middle, end) picks a month-long occasion's end."""
    keys = EIDS if key == (0, 0) else (key,)
    span = _occurrence(keys, pub, step)
    if span is None:
        return None
    first, last = span
    if first == last:
        return first.isoformat(), "day"
    if part == "start":
        day = first
    elif part == "end":
        day = last
    elif part == "middle":
        day = first + (last - first) / 2
    else:  # the Gregorian month that holds most of its days
        days = Counter((d.year, d.month) for d in
                       (first + timedelta(days=i) for i in range((last - first).days + 1)))
        (y, m), _ = days.most_common(1)[0]
        return f"{y:04d}-{m:02d}", "month"
    return f"{day.year:04d}-{day.month:02d}", "month"
