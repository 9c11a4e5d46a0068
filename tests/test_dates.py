"""Temporal expressions: real Arabic strings, the rules file, properties and the gold sets."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.resources import data_json
from marsad.extract.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from conftest import SAUDINEWSNET, need  # noqa: E402
from eval_dates import GOLD_SEEDS, GOLD_SNN, ours, score  # noqa: E402

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
THU = date(2015, 7, 23)  # a Thursday
FRI = date(2024, 10, 25)  # a Friday


def test_time_words_load_and_are_well_formed() -> None:
    words = data_json("marsad.extract", "time_words.json")
    for table in ("month_variants", "hijri_months", "ordinals"):
        assert words[table] and all(isinstance(v, int) and 1 <= v <= 31 for v in words[table].values())
    assert set(words["hijri_months"].values()) == set(range(1, 13))
    assert all(isinstance(v, int) for v in words["relative_days"].values())
    assert set(words["units"].values()) | set(words["dual_units"].values()) == {
        "day", "week", "month", "year"}
    assert set(words["modifiers"].values()) == {-1, 0, 1}
    assert all(isinstance(v, int) and v > 0 for v in words["numbers"].values())
    for name in ("year_triggers", "future_words", "future_prefix_exceptions", "this", "approximately",
                 "not_today_before", "not_weekday_before", "not_relative_before"):
        assert all(isinstance(w, str) and w == w.strip() for w in words[name])


@pytest.mark.parametrize(("text", "published", "value"), [
    ("الجمعة 25 أكتوبر / October 2024", None, "2024-10-25"),
    ("في 2024/10/25 أعلن", None, "2024-10-25"),
    ("في ٢٥-١٠-٢٠٢٤ أعلن", None, "2024-10-25"),
    ("في سبتمبر/أيلول 2023", None, "2023-09"),
    ("في آذار/مارس 2023", None, "2023-03"),
    ("في كانون الثاني 2020", None, "2020-01"),
    ("منذ انهيار الاتحاد السوفيتي عام 1991", None, "1991"),
    ("الموافق 15 شوال 1436 هـ", None, "2015-07-31"),
    ("التاريخ: 9-10-1436هـ", None, "2015-07-25"),
    ("وصل الوفد أمس إلى الرياض", THU, "2015-07-22"),
    ("تبدأ الاختبارات غدا", THU, "2015-07-24"),
    ("عاد أول أمس", THU, "2015-07-21"),
    ("يصل بعد غد", THU, "2015-07-25"),
    ("وقال الوزير الأربعاء إن", THU, "2015-07-22"),
    ("سيزور الرئيس موسكو الأحد", THU, "2015-07-26"),
    ("الاجتماع يوم الاثنين المقبل", THU, "2015-07-27"),
    ("انخفضت أسعار النفط اليوم الأربعاء", THU, "2015-07-22"),  # the weekday beats a late date
    ("وصل الوفد أمس الثلاثاء", THU, "2015-07-21"),
    ("تنطلق البطولة غدا الجمعة", THU, "2015-07-24"),
    ("في نوفمبر الماضي", FRI, "2023-11"),
    ("في الشهر الماضي", THU, "2015-06"),
    ("العام المقبل", THU, "2016"),
    ("الأسبوع الماضي", THU, "2015-W29"),
    ("قبل ثلاثة أيام", THU, "2015-07-20"),
    ("منذ عامين", THU, "2013"),
    ("بعد أسبوعين", THU, "2015-W32"),
    ("في الرابع والعشرين من شهر رمضان", THU, "2015-07-11"),
    ("في أكتوبر من العام الماضي", THU, "2014-10"),
    ("يوم ٣٠ يوليو", THU, "2015-07-30"),
    ("في الـ15 من الشهر الجاري", THU, "2015-07-15"),
    ("في التاسع من الشهر الماضي", THU, "2015-06-09"),
    ("يوم 3 من الشهر المقبل", THU, "2015-08-03"),
])
def test_value(text: str, published: date | None, value: str) -> None:
    found = find_dates(text, published)
    assert [e.value for e in found] == [value]
    assert found[0].resolved


THU_2024 = date(2024, 5, 9)  # a Thursday


@pytest.mark.parametrize(("text", "value"), [
    # the weekday dates the reporting verb of its own clause, not the future verb after أن
    ("أعلن الرئيس الأربعاء أنه سيزور موسكو.", "2024-05-08"),
    ("وأكد الوزير الثلاثاء أن بلاده ستشارك في القمة.", "2024-05-07"),
    ("وقالت الوزارة الاثنين إن الطائرة ستصل.", "2024-05-06"),
    ("قال الرئيس إنه سيزور موسكو الأربعاء.", "2024-05-15"),
    ("من المقرر أن يصل الوزير الأربعاء.", "2024-05-15"),
    ("أعلن الوزير أن الوفد وصل الأربعاء.", "2024-05-08"),
    ("سيزور الرئيس موسكو الأربعاء.", "2024-05-15"),
])
def test_weekday_takes_the_tense_of_its_own_clause(text: str, value: str) -> None:
    [found] = find_dates(text, THU_2024)
    assert found.value == value


@pytest.mark.parametrize(("text", "partial"), [
    ("في 28 نوفمبر", {"day": 28, "month": 11}),
    ("بوتين الخميس في موسكو", {"weekday": 3}),
    ("في العام الماضي", {"years": -1}),
    ("في وقت سابق من اليوم", {"days": 0}),
    ("في يونيو ، قالت الوزارة", {"month": 6}),
])
def test_unresolved_without_a_publication_date(text: str, partial: dict[str, int]) -> None:
    (found,) = find_dates(text, None)
    assert (found.value, found.resolved, found.partial) == (None, False, partial)


@pytest.mark.parametrize("text", [
    "و3.5 مليون سطح مكتب", "بلغ ٣٫٥ مليار", "نشر 2000 جندي", "أكثر من 6500 متجر",
    "الأخبار اليومية", "صلاة الجمعة في الجامع", "عاما بعد عام", "في ذلك اليوم",
    "مارس الضغوط على الحكومة", "عين اليوم – مكة",
])
def test_no_date(text: str) -> None:
    assert find_dates(text, THU) == []


def test_ranges_and_pairs_of_years() -> None:
    (span,) = find_dates("الاتفاقيات الثلاثية لعامي 2020-2022 بين البلدين", None)
    assert (span.value, span.range_end, span.kind) == ("2020", "2022", "range")
    assert [e.value for e in find_dates("في عامَي 2021 و2022", None)] == ["2021", "2022"]


def test_offsets_map_back_through_diacritics_and_tatweel() -> None:
    text = "في عامَي 2021 وفي 15 شـوّال 1436 هـ"
    for e in find_dates(text, None):
        assert text[e.start:e.end] == e.text
    assert find_dates(text, None)[-1].text == "15 شـوّال 1436 هـ"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩/-.٫ ،يومأمسالخميسنوفمبرشوالهـعامقبلَّـ\n")),
               max_size=80), st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2090, 12, 31))))
def test_never_raises_and_offsets_slice_the_text(text: str, published: date | None) -> None:
    for e in find_dates(text, published):
        assert 0 <= e.start < e.end <= len(text) and text[e.start:e.end] == e.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    for e in find_dates(text, None):
        assert text[e.start:e.end] == e.text


def test_seed_dates_reach_the_pinned_floor() -> None:
    assert score(ours, GOLD_SEEDS)["f1"] >= FLOORS["dates_f1_seeds"]


def test_saudinewsnet_dates_reach_the_pinned_floor() -> None:
    need(SAUDINEWSNET, "SaudiNewsNet")
    assert score(ours, GOLD_SNN)["f1"] >= FLOORS["dates_f1_snn"]


@pytest.mark.parametrize(("split", "set_", "floor"), [
    ("dev", 1, "dates_f1_blind_dev"), ("test", 1, "dates_f1_blind_test"), ("all", 2, "dates_f1_blind2"),
    ("all", 3, "dates_f1_blind3"),
])
def test_blind_dates_reach_the_pinned_floor(split: str, set_: int, floor: str) -> None:
    """The blind articles of issue 12 (bench/blind): set 1 tuned on (its test half scored once
    first), set 2 scored once as the test of the third round, then tuned on; set 3 scored once as the
    test of the fourth."""
    need(SAUDINEWSNET, "SaudiNewsNet")
    from eval_blind import f1_scores

    assert f1_scores(split, set_)[1] >= FLOORS[floor]


@pytest.mark.parametrize(("text", "published", "values"), [
    ("هاجمت القوات كاراباخ في سبتمبر/أيلول 2023. وفي سبتمبر فر السكان", FRI, ["2023-09", "2023-09"]),
    ("وقع الاتفاق في 3 مارس 2019، وفي 5 مارس بدأ التنفيذ", FRI, ["2019-03-03", "2019-03-05"]),
    ("في سبتمبر 2023 بدأ الهجوم. وفي سبتمبر", None, ["2023-09", "2023-09"]),
    ("في مارس 2019 وقع الاتفاق، وفي سبتمبر الماضي", FRI, ["2019-03", "2024-09"]),
    ("من 3 إلى 5 مارس 2019 عقد المؤتمر، وفي 10 مارس", FRI, ["2019-03-03", "2019-03-10"]),
    ("في 29 فبراير 2024 أعلن، وفي 29 فبراير", date(2025, 3, 10), ["2024-02-29", "2024-02-29"]),
])
def test_a_month_without_year_takes_the_year_the_text_gave_it(text: str, published: date | None,
                                                               values: list[str]) -> None:
    found = find_dates(text, published)
    assert [e.value for e in found] == values
    assert all(e.kind != "partial" for e in found)


@pytest.mark.parametrize(("text", "published", "values"), [
    # a future month is the next one, whatever year the text named before
    ("في سبتمبر 2023 هاجمت أذربيجان كاراباخ. وستجرى الانتخابات في 15 سبتمبر",
     date(2024, 8, 1), ["2023-09", "2024-09-15"]),
    ("في 20 يوليو 2015 وقع الاتفاق. وسيزور الرئيس موسكو في 30 يوليو", date(2016, 7, 21),
     ["2015-07-20", "2016-07-30"]),
    # a named weekday the anchored year contradicts: 6 March 2022 was a Sunday
    ("في 3 مارس 2022 وقع الاتفاق. ويوم الأربعاء 6 مارس أعلن الوزير", date(2024, 6, 1),
     ["2022-03-03", "2024-03-06"]),
])
def test_a_year_named_before_does_not_hold_against_the_text(text: str, published: date,
                                                             values: list[str]) -> None:
    assert [e.value for e in find_dates(text, published)] == values


@pytest.mark.parametrize(("text", "published", "value"), [
    ("اليوم الخميس", THU, "2015-07-23"),  # the weekday agrees with the date
    ("اليوم الأحد", THU, "2015-07-19"),  # a crawl date four days late
    ("غدا الجمعة", date(2015, 7, 22), "2015-07-24"),  # a date one day early
])
def test_a_weekday_named_with_today_wins_over_the_date_given(text: str, published: date,
                                                             value: str) -> None:
    assert [e.value for e in find_dates(text, published)] == [value]


def test_today_with_a_weekday_keeps_both_when_there_is_no_date() -> None:
    (found,) = find_dates("اليوم الأربعاء", None)
    assert found.value is None and found.partial == {"days": 0, "weekday": 2}


# --- issue 12: sentences written for these tests, none copied from the blind set

@pytest.mark.parametrize(("text", "published", "values"), [
    ("عاد الوفد إلى الرياض أمس الأول", THU, ["2015-07-21"]),
    ("بدأ مشروعه التجاري قبل نحو عامين", THU, ["2013"]),
    ("تتسلم الشركة الطائرة خلال مايو من العام المقبل", date(2015, 8, 8), ["2016-05"]),
    # a later bare اليوم is the day the text named with its weekday, not the date given
    ("تعقد الإدارة اليوم الاثنين اجتماعا. ويحضر اجتماع اليوم أعضاء الشرف.", date(2015, 7, 21),
     ["2015-07-20", "2015-07-20"]),
    # a noun that looks like a future verb (سنيا، ساعات) leaves a past weekday in the past
    ("وقال إن المسلحين اختطفوا 170 سنيا الخميس بعد ساعات من الهجوم.", date(2015, 8, 8),
     ["2015-08-06"]),
    # a weekday with a day/month and no year: Hijri or Gregorian, whichever falls on it
    ("وحددت الكلية يوم الثلاثاء 10/12 موعدا للمراجعة", date(2015, 7, 25), ["2015-07-28"]),
    ("تقام المباراة يوم الجمعة 7/8 في جدة", date(2015, 7, 25), ["2015-08-07"]),
])
def test_issue12_values(text: str, published: date, values: list[str]) -> None:
    assert [e.value for e in find_dates(text, published)] == values


@pytest.mark.parametrize(("text", "published", "expected"), [
    # Islamic occasions: the occurrence nearest the article's date (Umm al-Qura calendar)
    ("بعد التوقف في أيام عيد الفطر المبارك، عادت المراكز", date(2015, 7, 26),
     [("أيام عيد الفطر المبارك", "2015-07-17")]),
    ("هنأهم اللواء بعيد الفطر المبارك", date(2015, 7, 26), [("عيد الفطر المبارك", "2015-07-17")]),
    ("كان في إجازة مرضية حتى أواخر شهر رمضان", date(2015, 7, 26),
     [("أواخر شهر رمضان", "2015-07")]),
    ("جهودهم خلال شهر رمضان المبارك وخلال أيام العيد", date(2015, 7, 26),
     [("شهر رمضان المبارك", "2015-07"), ("أيام العيد", "2015-07-17")]),
    ("سيقام المهرجان في عيد الأضحى المقبل", date(2015, 7, 26), [("عيد الأضحى المقبل", "2015-09-23")]),
    ("خلال رمضان الماضي", date(2016, 1, 10), [("رمضان الماضي", "2015-07")]),
    # a name, a national day: not occasions
    ("سجل رمضان صبحي هدفا", date(2015, 7, 26), []),
    ("احتفلت السفارة بالعيد الوطني", date(2015, 7, 26), []),
    # years after إلى, بحلول and in a list after و
    ("ثلاث تجارب نووية في أعوام 2006 و2009 و2013", date(2015, 7, 26),
     [("2006", "2006"), ("2009", "2009"), ("2013", "2013")]),
    ("يرتفع العدد إلى 25 ألف عامل بحلول 2020", date(2015, 7, 26), [("2020", "2020")]),
    ("دفع 2014 و2015 ريالا", date(2015, 7, 26), []),
    ("هذا العام والعام الماضي", date(2015, 7, 26), [("هذا العام", "2015"), ("العام الماضي", "2014")]),
    # the year before last, parts of a year, tonight, counted units in the accusative
    ("مقارنة بالفترة نفسها من العام قبل الماضي", date(2015, 7, 21), [("العام قبل الماضي", "2013")]),
    ("نمو الاقتصاد في الربع الثاني من العام", date(2015, 7, 21), [("الربع الثاني من العام", "2015")]),
    ("أكبر زيادة منذ الأشهر الثلاثة الأولى من 2006", date(2015, 7, 21),
     [("الأشهر الثلاثة الأولى من 2006", "2006")]),
    ("في النصف الأول من العام الماضي", date(2015, 7, 21), [("النصف الأول من العام الماضي", "2014")]),
    ("تزداد الرطوبة الليلة", date(2015, 7, 21), [("الليلة", "2015-07-21")]),
    ("ينام على الرصيف منذ 15 عاماً", date(2015, 7, 21), [("منذ 15 عاماً", "2000")]),
    ("أدنى مستوى منذ أكثر من أربعة أشهر", date(2015, 7, 21), [("منذ أكثر من أربعة أشهر", "2015-03")]),
])
def test_occasions_and_years(text: str, published: date, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.value) for e in find_dates(text, published)] == expected
