"""Quotes: who said what, on real Arabic sentences and on the hand-written gold of the seeds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.resources import data_json
from marsad.extract.quotes import find_quotes
from marsad.model import EntityType, Mention

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from conftest import SAUDINEWSNET, need  # noqa: E402
from eval_quotes import names_speaker, overlaps, run, run_snn  # noqa: E402

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))


def test_speech_words_load_and_are_well_formed() -> None:
    data = data_json("marsad.extract", "speech.json")
    assert {"verbs", "complementisers", "attributions", "stop_speaker", "relay"} <= set(data)
    for lemma, forms in data["verbs"].items():
        assert lemma and forms and all(f.strip() == f and " " not in f for f in forms), lemma
    assert all(v in data["verbs"] for v in data["relay"])


@pytest.mark.parametrize(("text", "speaker", "said", "direct"), [
    ('وقال باشينيان يوم الاثنين "بدأنا مناقشة القضايا الأمنية مع شركائنا".', "باشينيان",
     "بدأنا مناقشة القضايا الأمنية مع شركائنا", True),
    ("قال رئيس الوزراء الأرميني نيكول باشينيان الإثنين إن بلاده قد تنسحب من المنظمة.",
     "رئيس الوزراء الأرميني نيكول باشينيان", "بلاده قد تنسحب من المنظمة", False),
    ("أكدت وزارة الصحة أن عدد الإصابات تراجع خلال الأسبوع.", "وزارة الصحة",
     "عدد الإصابات تراجع خلال الأسبوع", False),
    ("وأوضح المتحدث باسم الوزارة لصحيفة الرياض: «سنبدأ التطبيق مطلع العام المقبل».",
     "المتحدث باسم الوزارة", "سنبدأ التطبيق مطلع العام المقبل", True),
    ('وقال دميتري بيسكوف لوسيلة الإعلام المحلية "زفيزدا" الجمعة: "نأمل بأن يوضح لنا أصدقاؤنا".',
     "دميتري بيسكوف", "نأمل بأن يوضح لنا أصدقاؤنا", True),
    ("لكن الوزير أكّد أنه لن يعارض القرار.", "الوزير", "لن يعارض القرار", False),
    ("ونقلت وكالة الأنباء عن مصدر مسؤول أن الاجتماع تأجل إلى الأحد.", "مصدر مسؤول",
     "الاجتماع تأجل إلى الأحد", False),
    ("وبحسب وكالة الأنباء السعودية، فإن الأمطار ستستمر حتى نهاية الأسبوع.",
     "وكالة الأنباء السعودية", "فإن الأمطار ستستمر حتى نهاية الأسبوع", False),
    ("وحضر المهرجان 230 ألف شخص في العام الماضي، حسب «رويترز».", "رويترز",
     "وحضر المهرجان 230 ألف شخص في العام الماضي", False),
    ("وشدد د. الزياني على أن دول المجلس ستواصل الحفاظ على مصالحها.", "د. الزياني",
     "دول المجلس ستواصل الحفاظ على مصالحها", False),
    ("وأوضح ذلك الناطق الإعلامي بجوازات القصيم الرائد حماد المطيري والذي أكد أن المراجعة تبدأ غدا.",
     "الناطق الإعلامي بجوازات القصيم الرائد حماد المطيري", "المراجعة تبدأ غدا", False),
])
def test_quote_speaker_and_words(text: str, speaker: str, said: str, direct: bool) -> None:
    quotes = find_quotes(text)
    assert [(q.speaker, q.text, q.direct) for q in quotes] == [(speaker, said, direct)]
    q = quotes[0]
    assert text[q.start : q.end] == said
    assert q.speaker_start is not None and text[q.speaker_start : q.speaker_end] == speaker


def test_a_later_quote_without_a_named_speaker_goes_to_the_last_speaker() -> None:
    text = ('قال المتحدث باسم الكرملين دميتري بيسكوف الثلاثاء إن "هناك مشاكل معينة في علاقاتنا"،'
            ' لكنه أضاف أن "هناك إرادة سياسية لمواصلة الحوار".')
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["هناك مشاكل معينة في علاقاتنا",
                                        "هناك إرادة سياسية لمواصلة الحوار"]
    assert quotes[1].implicit and quotes[1].speaker == quotes[0].speaker


def test_names_from_the_tagger_give_the_nearest_person_to_an_unnamed_speaker() -> None:
    text = "التقى الوزير سيرغي لافروف نظيره أمس. وأضاف أن المحادثات كانت مثمرة جدا."
    start = text.index("سيرغي لافروف")
    names = [Mention("سيرغي لافروف", start, start + len("سيرغي لافروف"), EntityType.PERS)]
    assert find_quotes(text)[0].speaker == ""
    assert find_quotes(text, names)[0].speaker == "سيرغي لافروف"


@pytest.mark.parametrize("text", [
    "أعلن الرئيس عن مشروع جديد للإسكان.",  # an announcement, no reported words
    'شارك أكثر من "2000 متطوع" في الحملة.',
    "قال",
    "",
])
def test_no_quote(text: str) -> None:
    assert find_quotes(text) == []


def test_interview_answers_belong_to_the_person_introduced() -> None:
    text = ("وعلق على ذلك مدير المركز أحمد سالم:\n– نحن نعمل على خطة طويلة الأمد.\n"
            "– هل ستنجح الخطة؟\n– الأمر يعتمد على التمويل.")
    quotes = find_quotes(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("مدير المركز أحمد سالم", "نحن نعمل على خطة طويلة الأمد."),
        ("مدير المركز أحمد سالم", "الأمر يعتمد على التمويل.")]


def test_scoring_rules() -> None:
    assert overlaps(0, 10, 5, 15) and not overlaps(0, 10, 8, 40)
    assert names_speaker("رئيس الوزراء الأرميني نيكول باشينيان", ["باشينيان"])
    assert names_speaker("باشينيان", ["نيكول باشينيان"])
    assert not names_speaker("بوتين", ["نيكول باشينيان"]) and not names_speaker("", ["بوتين"])


def test_seed_quotes_reach_the_pinned_floor() -> None:
    figures, _ = run()
    assert figures["gold"] >= 30
    assert figures["f1"] >= FLOORS["quotes_f1_seeds"], figures


def test_saudinewsnet_quotes_reach_the_pinned_floor() -> None:
    need(SAUDINEWSNET, "SaudiNewsNet")
    figures, _ = run_snn()
    assert figures["gold"] >= 45
    assert figures["f1"] >= FLOORS["quotes_f1_snn"], figures


def test_a_participle_continues_the_sentence_subject() -> None:
    text = ("وأوضح مدير التعليم أن اللجان ستستقبل المرشحين، مبيناً أنه في حال اجتياز المرشح "
            "يسلم النموذج.")
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["اللجان ستستقبل المرشحين",
                                        "في حال اجتياز المرشح يسلم النموذج"]
    assert quotes[1].implicit and quotes[1].speaker == "مدير التعليم"


@given(st.text(alphabet=st.sampled_from(list('قال أكد إن أن "«»“”:،.؟\n–- باشينيان الوزير ')),
               max_size=200))
@settings(max_examples=300, deadline=None)
def test_never_raises_and_offsets_slice_the_text(text: str) -> None:
    for q in find_quotes(text):
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_any_text(text: str) -> None:
    find_quotes(text)
