"""Temporal expressions in Arabic news text, resolved against the publication date.

>>> [e.value for e in find_dates("زار موسكو أمس، وفي 25 أكتوبر 2024", date(2024, 10, 26))]
['2024-10-25', '2024-10-25']
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from hijridate import Gregorian, Hijri

from marsad.arabic.dates import safe_date
from marsad.arabic.normalize import normalize_word
from marsad.arabic.resources import data_json, months
from marsad.extract.occasions import occasion_value
from marsad.model import TimeExpression

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_YEAR = r"(?:19|20)\d\d"
_YEAR_RE = re.compile(_YEAR)
_AMBIGUOUS_MONTHS = {"اب", "ماي", "مارس", "نيسان", "جوان", "اوت"}
_NEAR_FUTURE_DAYS = 45  # "30 يوليو" written on 21 July is this year's, not last year's
_UNIT_KEY = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: str | None
    granularity: str
    partial: dict[str, int]
    kind: str
    range_end: str | None = None
    # (month, day, weekday) of a date named without a year, which a year named before may take
    anchor: tuple[int, int | None, int | None] | None = None
    # a relative day (اليوم، أمس): its offset in days, and the day the text calls today when
    # it names the weekday too (اليوم الاثنين)
    days: int | None = None
    today: date | None = None


@cache
def _words() -> dict[str, Any]:
    return data_json("marsad.extract", "time_words.json")  # type: ignore[no-any-return]


@cache
def _month_table() -> dict[str, int]:
    table = months()
    names = {**table["gregorian"], **table["levantine"], **_words()["month_variants"]}
    return names


def _alt(names: Any) -> str:
    keys = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


def _key(name: str) -> str:
    return " ".join(name.split())


@cache
def _patterns() -> list[tuple[re.Pattern[str], Any]]:
    w = _words()
    month, english = _alt(_month_table()), _alt(months()["english"])
    weekday, hijri = _alt(months()["weekdays"]), _alt(w["hijri_months"])
    mod, anymonth = _alt(w["modifiers"]), f"(?:{_alt(_month_table())}|{english})"
    wd_prefix = rf"(?:(?:يوم\s+)?(?P<wd>{weekday})\s*,?\s*(?:الموافق\s+(?:ل\s*)?)?)?"
    units, num = _alt(w["units"]), _alt(w["numbers"])
    day = (rf"(?:(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?"
           rf"|(?:ال|لل)(?P<o>{_alt(k[2:] for k in w['ordinals'])})\s+من\s+(?:شهر\s+)?)")
    return [
        (re.compile(rf"(?<![\d.,/])(?P<x>(?P<y>{_YEAR})\s*([-/.])\s*(?P<mo>\d{{1,2}})\s*\3\s*(?P<d>\d{{1,2}}))"
                    r"(?!\d|[.,/]\d)"), _numeric),
        (re.compile(rf"(?<![\d.,/])(?P<x>(?P<d>\d{{1,2}})\s*([-/.])\s*(?P<mo>\d{{1,2}})\s*\3\s*(?P<y>{_YEAR}))"
                    r"(?!\d|[.,/]\d)"), _numeric),
        (re.compile(rf"{_B}(?P<x>{wd_prefix}{day}?(?P<hm>{hijri})"
                    rf"(?:\s+(?:عام\s+)?(?P<y>1[34]\d\d))?(?:\s*ه{_E})?){_E}"), _hijri),
        (re.compile(rf"{_B}(?:(?P<t>{_alt(w['year_triggers'])}|شهر)\s+)?(?P<x>{wd_prefix}"
                    rf"(?:(?P<d0>\d{{1,2}})\s*(?:و|-|الي)\s*)?{day}?(?P<m>{month}|{english})"
                    rf"(?P<slash>(?:\s*/\s*{anymonth}|\s*\(\s*{anymonth}\s*\)|\s+{anymonth})*)(?:\s*,?\s*(?:(?:من|في)\s+)?(?:ال)?(?:عام\s+)?(?P<y>{_YEAR})(?:\s*م{_E})?"
                    rf"|\s+من\s+(?:العام|السنه)\s+(?P<ymod>{mod}))?"
                    rf"(?:\s+(?P<mod>{mod}))?){_E}"), _named),
        (re.compile(rf"{_B}(?P<x>(?:من\s+(?:عام\s+)?)?(?P<y>{_YEAR})\s*(?:-|–|الي|حتي)\s*"
                    rf"(?:عام\s+)?(?P<y2>{_YEAR}))(?!\d)"), _range),
        (re.compile(rf"{_B}(?P<x>(?:ل?عامي)\s+(?P<y>{_YEAR}))\s+و\s*(?P<y2>{_YEAR})(?!\d)"), _pair),
        (re.compile(rf"{_B}(?P<t>{_alt(w['year_triggers'])})\s+(?P<y>{_YEAR})(?P<m>\s*م{_E})?"
                    r"(?![\d]|[.,]\d)"), _year),
        (re.compile(rf"(?<![\d.,])(?P<x>(?P<y>{_YEAR})\s*م){_E}"), _year),
        # a list of years goes on after و: «في أعوام 2006 و2009 و2013»
        (re.compile(rf"(?<![\d.,])(?P<p>{_YEAR})(?P<x>(?:\s*[،,]?\s*و\s*(?P<y>{_YEAR}))+)"
                    r"(?![\d]|[.,]\d)"), _year_list),
        (re.compile(rf"(?<![\d.,/])(?P<x>{wd_prefix}(?P<d>\d{{1,2}})\s*(?P<sep>[-/])\s*(?P<mo>\d{{1,2}})\s*(?P=sep)\s*"
                    rf"(?P<y>1[34]\d\d)\s*ه){_E}"), _hijri_numeric),
        (re.compile(rf"{_B}[وفل]?(?P<x>(?:يوم\s+)?(?P<wd>{weekday})\s*(?:الموافق\s+)?"
                    r"(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2}))(?![\d/]|\.\d)"), _weekday_day_month),
        (re.compile(rf"{_B}[وف]?(?P<x>(?P<r>{_alt(w['relative_days'])})"
                    rf"(?:\s+(?:يوم\s+)?(?P<wd>{weekday}))?){_E}"), _relative_day),
        (re.compile(rf"{_B}[وفل]?(?P<x>(?:يوم\s+)?(?P<wd>{weekday})(?:\s+(?P<mod>{mod}))?){_E}"),
         _weekday),
        (re.compile(rf"{_B}[وف]?(?P<x>(?P<dir>قبل|منذ|بعد)\s+(?:(?:{_alt(w['approximately'])})\s+)?"
                    rf"(?:(?P<n>\d{{1,3}}|{num})\s+(?P<u>{units})"
                    rf"|(?P<du>{_alt(w['dual_units'])})|(?P<u1>يوم|اسبوع|شهر|عام|سنه))){_E}"),
         _relative_units),
        (re.compile(rf"{_B}(?P<x>(?:يوم\s+)?(?:ال)?{day}(?:الشهر)\s+(?P<mod>{mod})){_E}"),
         _day_of_month),
        (re.compile(rf"{_B}[وفلب]?(?P<x>(?:(?P<part>{_alt(w['month_parts'])})\s+)?"
                    rf"(?:(?P<lead>{_alt(w['occasion_leads'])})\s+)?[بل]?(?P<occ>{_alt(w['occasions'])})"
                    rf"(?P<blessed>\s+(?:المبارك|الكريم|السعيد))?(?:\s+(?P<mod>{mod}))?){_E}"),
         _occasion),
        # a part of a year: الربع الثاني من العام، النصف الأول من 2015، الأشهر الثلاثة الأولى من 2006
        (re.compile(rf"{_B}[وفل]?(?P<x>(?:{_alt(w['quarters'])})(?:\s+[^\W\d_]+){{1,2}}\s+من\s+"
                    rf"(?:(?:ال)?عام\s+(?P<y>{_YEAR})|(?P<y2>{_YEAR})|(?P<u>العام|السنه)"
                    rf"(?:\s+(?P<mod>{mod}))?))(?![^\W_]|\d)"), _part_of_year),
        (re.compile(rf"{_B}[وف]?(?P<x>(?P<u>الاسبوع|الشهر|العام|السنه)\s+(?P<before>قبل\s+)?(?P<mod>{mod})"
                    rf"|(?:هذا|هذه)\s+(?P<u2>الاسبوع|الشهر|العام|السنه)){_E}"), _unit_modifier),
    ]


# --- normalised text with an offset map ---------------------------------------------------

@cache
def _char(ch: str) -> str:
    if ch.isspace():
        return " "
    out = normalize_word(ch)
    return out if len(out) <= 1 else out[0]


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text normalised character by character, and the original offset of each character."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        out = _char(ch)
        if out:
            chars.append(out)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(chars), offsets


# --- anchoring --------------------------------------------------------------------------------

def _future(norm: str, start: int, end: int) -> bool:
    """Whether the clause around a span speaks of the future (سـ verbs, المقبل, من المقرر).

    The clause ends at a complementiser: in «أعلن الرئيس الأربعاء أنه سيزور موسكو» the weekday
    dates the announcement, not the visit; in «قال إنه سيزور موسكو الأربعاء» it dates the visit."""
    left = max(norm.rfind(c, 0, start) for c in ".!?؟\n")
    right = min((i for i in (norm.find(c, end) for c in ".!?؟\n") if i >= 0), default=len(norm))
    sentence = max(left + 1, start - 80)
    left, right = _clause(norm, sentence, start, end, min(right, end + 80))
    if _subjunctive(norm, sentence, left):
        return True
    window = norm[left:right]
    if any(re.search(rf"{_B}{re.escape(f)}{_E}", window) for f in _words()["future_words"]):
        return True
    exceptions = tuple(_words()["future_prefix_exceptions"])
    for m in re.finditer(rf"{_B}[وف]?(س[يتنا][^\W\d_]{{2,}})", window):
        if not m.group(1).startswith(exceptions):
            return True
    return False


_COMPLEMENTISER = re.compile(rf"{_B}[وف]?(?:ب|ل)?ان(?:ه|ها|هم|هما|هن|نا|ني)?{_E}")


def _clause(norm: str, lo: int, start: int, end: int, hi: int) -> tuple[int, int]:
    """The bounds of the clause of [start, end) within [lo, hi): from the complementiser (أن،
    إن، أنه، بأن…) before it to the one after it."""
    for m in _COMPLEMENTISER.finditer(norm, lo, start):
        lo = m.start()
    if (after := _COMPLEMENTISER.search(norm, end, hi)) is not None:
        hi = after.start()
    return lo, hi


_SUBJUNCTIVE = re.compile(r"ان\s+[يتن][^\W\d_]{2,}")


def _subjunctive(norm: str, sentence: int, left: int) -> bool:
    """Whether a clause opens with أن and a verb in the imperfect after a future phrase
    (من المقرر أن يصل، يعتزم أن يزور): what it tells has not happened yet."""
    if not _SUBJUNCTIVE.match(norm, left):
        return False
    before = norm[sentence:left]
    return any(re.search(rf"{_B}{re.escape(f)}{_E}", before) for f in _words()["future_words"])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _anchor_month(pub: date, month: int, step: int | None, future: bool) -> int:
    """The year of a month named without one: the past occurrence unless the context is future."""
    if step == 0:
        return pub.year
    if step == 1 or (step is None and future):
        return pub.year if month > pub.month or (step is None and month == pub.month) else pub.year + 1
    strict = step == -1
    return pub.year if month < pub.month or (not strict and month == pub.month) else pub.year - 1


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shifted(pub: date, unit: str, by: int) -> tuple[str, str]:
    if unit == "day":
        return (pub + timedelta(days=by)).isoformat(), "day"
    if unit == "week":
        return _week(pub + timedelta(weeks=by)), "week"
    if unit == "month":
        y, m = _shift_month(pub.year, pub.month, by)
        return f"{y:04d}-{m:02d}", "month"
    return f"{pub.year + by:04d}", "year"


# --- rules: each takes a match on the normalised text and returns what it found --------------

def _span(m: re.Match[str]) -> tuple[int, int]:
    return (m.start("x"), m.end("x")) if "x" in m.groupdict() else m.span()


def _numeric(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    d = safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if d is None:
        return []
    return [_Found(*_span(m), d.date().isoformat(), "day", {}, "absolute")]


def _day(m: re.Match[str]) -> str | None:
    return m["d"] or (str(_words()["ordinals"]["ال" + _key(m["o"])]) if m["o"] else None)


def _hijri_numeric(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    try:
        g = Hijri(int(m["y"]), int(m["mo"]), int(m["d"])).to_gregorian()
    except (ValueError, OverflowError):
        return []
    return [_Found(*_span(m), g.isoformat(), "day", {}, "absolute")]


_DAY_MONTH_REACH = 200  # days from the article's date a weekday with a day/month may lie


def _weekday_day_month(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    """الثلاثاء 10/12: a day and month without a year, Hijri or Gregorian in either order; the
    one that falls on the weekday named, nearest the article's date (12 Shawwal 1436 was a
    Tuesday: 2015-07-28)."""
    if pub is None:
        return []
    wd, a, b = months()["weekdays"][m["wd"]], int(m["a"]), int(m["b"])
    hijri_year = Gregorian(pub.year, pub.month, pub.day).to_hijri().year
    found: list[date] = []
    for day, month in ((a, b), (b, a)):
        for year in (pub.year - 1, pub.year, pub.year + 1):
            if (d := safe_date(year, month, day)) is not None:
                found.append(d.date())
        for year in (hijri_year - 1, hijri_year, hijri_year + 1):
            with suppress(ValueError, OverflowError):  # no such Hijri day
                found.append(Hijri(year, month, day).to_gregorian())
    fits = sorted((abs((d - pub).days), d) for d in found
                  if d.weekday() == wd and abs((d - pub).days) <= _DAY_MONTH_REACH)
    if not fits:
        return []
    return [_Found(*_span(m), fits[0][1].isoformat(), "day", {}, "absolute")]


def _hijri(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    hm = _words()["hijri_months"][_key(m["hm"])]
    day = _day(m)
    year = int(m["y"]) if m["y"] else (Gregorian.fromdate(pub).to_hijri().year if pub else None)
    if day is None and m["y"] is None:
        return []
    if year is None:
        return [_Found(*_span(m), None, "day", {"hijri_day": int(day or 0), "hijri_month": hm},
                       "partial")]
    try:
        g = Hijri(year, hm, int(day or 1)).to_gregorian()
    except (ValueError, OverflowError):
        return []
    if day is None:
        return [_Found(*_span(m), f"{g.year:04d}-{g.month:02d}", "month", {}, "absolute")]
    return [_Found(*_span(m), g.isoformat(), "day", {}, "absolute" if m["y"] else "partial")]


def _named(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    name = _key(m["m"])
    month = _month_table().get(name) or months()["english"][name.lower()]
    day = _day(m)
    bare = day is None and m["y"] is None and m["ymod"] is None  # مايو من العام المقبل is not bare
    if (bare and not (m["t"] or m["mod"] or m["slash"])) or (
            bare and name in _AMBIGUOUS_MONTHS and not (m["slash"] or m["t"] == "شهر")):
        return []
    step = _words()["modifiers"][m["mod"]] if m["mod"] else None
    start, end = _span(m)
    if m["ymod"] and pub is not None:
        y = pub.year + _words()["modifiers"][m["ymod"]]
    if m["y"] or (m["ymod"] and pub is not None):
        y = int(m["y"]) if m["y"] else y
        if m["d0"] and day:
            return _day_range(start, end, y, month, int(m["d0"]), int(day))
        if day is None:
            return [_Found(start, end, f"{y:04d}-{month:02d}", "month", {}, "absolute")]
        d = safe_date(y, month, int(day))
        return [_Found(start, end, d.date().isoformat(), "day", {}, "absolute")] if d else []
    wd = months()["weekdays"][m["wd"]] if m["wd"] else None
    return [_month_day(start, end, month, day, step, pub, _future(norm, start, end), wd)]


def _day_range(start: int, end: int, y: int, month: int, d0: int, d1: int) -> list[_Found]:
    first, last = safe_date(y, month, d0), safe_date(y, month, d1)
    if first is None or last is None or last < first:
        return []
    return [_Found(start, end, first.date().isoformat(), "day", {}, "range",
                   last.date().isoformat())]


def _month_day(start: int, end: int, month: int, day: str | None, step: int | None,
               pub: date | None, future: bool, weekday: int | None = None) -> _Found:
    kind = "partial" if step is None else "relative"
    partial = {"month": month} | ({"day": int(day)} if day else {})
    partial |= {"offset": step} if step is not None else {}
    # a year named earlier in the text may hold for a bare month, not for a future one
    anchor = (month, int(day) if day else None, weekday) if step is None and not future else None
    if pub is None:
        return _Found(start, end, None, "day" if day else "month", partial, kind, anchor=anchor)
    if day is None:
        year = _anchor_month(pub, month, step, future)
        return _Found(start, end, f"{year:04d}-{month:02d}", "month", {}, kind, anchor=anchor)
    year = pub.year
    cand = safe_date(year, month, int(day))
    if cand is not None and step is None:
        if not future and cand.date() > pub + timedelta(days=_NEAR_FUTURE_DAYS):
            year -= 1
        elif future and cand.date() < pub:
            year += 1
    elif step is not None:
        year = _anchor_month(pub, month, step, future)
    d = safe_date(year, month, int(day))
    if d is None:
        return _Found(start, end, None, "day", partial, kind, anchor=anchor)
    return _Found(start, end, d.date().isoformat(), "day", {}, kind, anchor=anchor)


def _range(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    y, y2 = int(m["y"]), int(m["y2"])
    if not 0 < y2 - y <= 60:
        return []
    return [_Found(*_span(m), str(y), "year", {}, "range", str(y2))]


def _pair(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    return [_Found(*_span(m), m["y"], "year", {}, "absolute"),
            _Found(m.start("y2"), m.end("y2"), m["y2"], "year", {}, "absolute")]


def _year(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    with_word = m.groupdict().get("t") in ("عام", "العام", "لعام", "بعام", "وعام", "سنه", "السنه",
                                          "لسنه")
    start = m.start("t") + (1 if m["t"] and m["t"][0] in "وبل" and len(m["t"]) > 3 else 0) \
        if with_word else m.start("y")
    end = m.end("m") if m.groupdict().get("m") else m.end("y")
    return [_Found(start, end, m["y"], "year", {}, "absolute")]


def _year_list(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    """The years after the first of a list (the first is found by its own trigger, or not at
    all: «2014 و2015» alone may be amounts)."""
    before = norm[max(0, m.start() - 12): m.start()].split()
    if not before or before[-1] not in _words()["year_triggers"]:
        return []
    return [_Found(y.start(), y.end(), y.group(), "year", {}, "absolute")
            for y in _YEAR_RE.finditer(norm, m.start("x"), m.end("x"))]


def _relative_day(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    word = _key(m["r"])
    before = norm[max(0, m.start() - 12): m.start()].split()
    if word == "اليوم" and ((before and before[-1] in _words()["not_today_before"])
                            or re.match(r"\s+ال(?!خميس|جمعه|سبت|احد|اثنين|ثلاثاء|اربعاء)",
                                        norm[m.end():])):
        return []
    days = _words()["relative_days"][word]
    wd = months()["weekdays"][m["wd"]] if m["wd"] else None
    if pub is None:
        partial = {"days": days} | ({"weekday": wd} if wd is not None else {})
        return [_Found(*_span(m), None, "day", partial, "relative")]
    day = pub + timedelta(days=days)
    if wd is None:
        return [_Found(*_span(m), day.isoformat(), "day", {}, "relative", days=days)]
    # "اليوم الأربعاء" names its day: when the date given for the article is off, the
    # weekday wins, up to five days back (crawl dates run late) or one forward (time zones)
    ahead = (wd - day.weekday()) % 7
    day += timedelta(days=ahead if ahead <= 1 else ahead - 7)
    return [_Found(*_span(m), day.isoformat(), "day", {}, "relative",
                   today=day if days == 0 else None)]


def _weekday(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    before = norm[max(0, m.start() - 12): m.start()].split()
    if (before and before[-1] in _words()["not_weekday_before"]) or norm[m.end():].startswith(" معا"):
        return []
    wd = months()["weekdays"][m["wd"]]
    step = _words()["modifiers"][m["mod"]] if m["mod"] else None
    start, end = _span(m)
    if pub is None:
        partial = {"weekday": wd} | ({"offset": step} if step is not None else {})
        return [_Found(start, end, None, "day", partial, "weekday")]
    if step == 1 or (step is None and _future(norm, start, end)):
        ahead = (wd - pub.weekday()) % 7 or (7 if step == 1 else 0)
        return [_Found(start, end, (pub + timedelta(days=ahead)).isoformat(), "day", {}, "weekday")]
    back = (pub.weekday() - wd) % 7 or (7 if step == -1 else 0)
    return [_Found(start, end, (pub - timedelta(days=back)).isoformat(), "day", {}, "weekday")]


def _relative_units(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    w = _words()
    before = norm[max(0, m.start() - 8): m.start()].split()
    if before and before[-1] in w["not_relative_before"]:  # "عاما بعد عام": year after year
        return []
    if m["du"]:
        unit, n = w["dual_units"][m["du"]], 2
    elif m["u1"]:
        unit, n = w["units"][m["u1"]], 1
    else:
        unit = w["units"][m["u"]]
        n = int(m["n"]) if m["n"].isdigit() else w["numbers"][_key(m["n"])]
    by = w["direction"][m["dir"]] * n
    if pub is None:
        return [_Found(*_span(m), None, unit, {_UNIT_KEY[unit]: by}, "relative")]
    value, gran = _shifted(pub, unit, by)
    return [_Found(*_span(m), value, gran, {}, "relative")]


def _day_of_month(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    """الـ15 من الشهر الجاري, التاسع من الشهر الماضي: a day of the month before, this or next."""
    day, by = _day(m), _words()["modifiers"][m["mod"]]
    if day is None:
        return []
    if pub is None:
        return [_Found(*_span(m), None, "day", {"day": int(day), "months": by}, "relative")]
    year, month = _shift_month(pub.year, pub.month, by)
    d = safe_date(year, month, int(day))
    return [_Found(*_span(m), d.date().isoformat(), "day", {}, "relative")] if d else []


_OCCASION_TRIGGERS = frozenset({"في", "وفي", "خلال", "قبل", "بعد", "منذ", "طوال", "طيله", "حتي"})


def _occasion(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    """عيد الفطر، شهر رمضان المبارك، أيام العيد: the occurrence nearest the article's date. A bare
    رمضان needs a sign that it is the month (خلال رمضان، رمضان المبارك; not the name رمضان صبحي),
    a bare العيد a word that makes it the holiday (أيام العيد; not العيد الوطني)."""
    occ = _key(m["occ"])
    before = norm[max(0, m.start() - 8): m.start()].split()
    sign = m["part"] or m["lead"] or m["blessed"] or m["mod"] or (
        before and before[-1] in _OCCASION_TRIGGERS)
    if (occ == "رمضان" and not sign) or (occ == "العيد" and not m["lead"]):
        return []
    if pub is None:
        return []
    step = _words()["modifiers"][m["mod"]] if m["mod"] else None
    part = _words()["month_parts"][m["part"]] if m["part"] else None
    got = occasion_value(tuple(_words()["occasions"][occ]), pub, step, part)  # type: ignore[arg-type]
    if got is None:
        return []
    return [_Found(*_span(m), got[0], got[1], {}, "relative")]


def _part_of_year(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    """الربع الثاني من العام (الماضي), الأشهر الثلاثة الأولى من 2006: the year it is part of."""
    if m["y"] or m["y2"]:
        return [_Found(*_span(m), m["y"] or m["y2"], "year", {}, "absolute")]
    by = _words()["modifiers"][m["mod"]] if m["mod"] else 0
    if pub is None:
        return [_Found(*_span(m), None, "year", {"years": by}, "relative")]
    return [_Found(*_span(m), f"{pub.year + by:04d}", "year", {}, "relative")]


def _unit_modifier(m: re.Match[str], pub: date | None, norm: str) -> list[_Found]:
    unit = _words()["units"][m["u"] or m["u2"]]
    by = _words()["modifiers"][m["mod"]] if m["mod"] else 0
    if m.groupdict().get("before") and by == -1:  # العام قبل الماضي: the year before last
        by = -2
    if pub is None:
        return [_Found(*_span(m), None, unit, {_UNIT_KEY[unit]: by}, "relative")]
    value, gran = _shifted(pub, unit, by)
    return [_Found(*_span(m), value, gran, {}, "relative")]


# --- the public function ------------------------------------------------------------------

def _candidates(norm: str, published: date | None) -> list[_Found]:
    found: list[_Found] = []
    for pattern, rule in _patterns():
        for m in pattern.finditer(norm):
            found.extend(rule(m, published, norm))
    return found


def _non_overlapping(found: list[_Found]) -> list[_Found]:
    """The longest expressions first; an expression inside or across a kept one is dropped."""
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _with_named_years(found: list[_Found]) -> list[_Found]:
    """A month named without a year takes the year the text gave that month before ("في سبتمبر
    2023 ... وفي سبتمبر هاجمت"): the story's own time, not the publication's. Marked "anchored".
    Not for a month in a future context, nor a day whose named weekday that year contradicts.
    Known limits: a year-on-year comparison (في يوليو 2023 … بينما في يوليو) and a birth date
    (ولد في 12 مايو 1960 … وفي 12 مايو) lend their year all the same."""
    years: dict[int, int] = {}
    for f in found:
        if f.kind in ("absolute", "range") and f.value and f.granularity in ("day", "month"):
            years[int(f.value[5:7])] = int(f.value[:4])
        elif f.anchor is not None and f.anchor[0] in years:
            month, day, weekday = f.anchor
            year = years[month]
            if day is None:
                f.value, f.granularity = f"{year:04d}-{month:02d}", "month"
            elif (d := safe_date(year, month, day)) is not None and weekday in (None, d.weekday()):
                f.value, f.granularity = d.date().isoformat(), "day"
            else:
                continue
            f.partial, f.kind = {}, "anchored"
    return found


def _with_named_today(found: list[_Found]) -> list[_Found]:
    """After the text names today's weekday (تعقد الإدارة اليوم الاثنين …) on another day than
    the date given for the article, a later bare اليوم is the day it named (not أمس: a
    weekday after أمس more often dates a quoted event than corrects the article's date)."""
    today: date | None = None
    for f in found:
        if f.today is not None:
            today = f.today
        elif today is not None and f.days == 0 and f.value is not None:
            f.value = today.isoformat()
    return found


def find_dates(text: str, published: date | None) -> list[TimeExpression]:
    """Find the temporal expressions of `text`, resolved against `published` when given.

    Takes raw article text and its publication date (or None); returns the expressions in
    order of appearance, with offsets into `text`. Without a publication date, relative,
    weekday and partial expressions stay unresolved with what is known in `partial`.

    >>> find_dates("في 28 نوفمبر", None)[0].partial
    {'month': 11, 'day': 28}
    """
    norm, offsets = _normalised(text)
    out: list[TimeExpression] = []
    for f in _with_named_today(_with_named_years(_non_overlapping(_candidates(norm, published)))):
        start, end = offsets[f.start], offsets[f.end - 1] + 1
        while end < len(text) and not _char(text[end]):
            end += 1
        out.append(TimeExpression(text[start:end], start, end, f.value, f.granularity,
                                  f.value is not None, f.partial, f.range_end, f.kind))
    return out
