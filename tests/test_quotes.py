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
    assert all(v in data["verbs"] for v in data["continuation"])
    for key in ("participles", "shadda_verbs", "pronoun_speakers", "subordinators",
                "nominal_objects", "narrator", "attribution_verbs", "pluperfect", "other_acts",
                "impersonal", "speaker_heads", "nonhuman_plurals", "addressees", "document_verbs",
                "own_words", "writer_turns", "weak_heads"):
        assert data[key] and all(w and w.strip() == w for w in data[key]), key
    assert set(data["nonhuman_plurals"]) <= set(data["speaker_heads"])
    assert set(data["weak_heads"]) <= set(data["speaker_heads"])
    assert set(data["pronoun_titles"]) <= set(data["pronoun_speakers"])
    assert all(titles and all(t.strip() == t for t in titles)
               for titles in data["pronoun_titles"].values())
    forms = {f for fs in data["verbs"].values() for f in fs}
    assert set(data["participles"]) <= forms


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
    # a short quotation that is the whole reported clause is direct speech, without its marks
    ('قال الرئيس بوتين إن "العلاقات جيدة".', "الرئيس بوتين", "العلاقات جيدة", True),
    # a quoted word inside the clause is not (scare quotes)
    ('وقال الوزير إن "داعش" يتراجع في سوريا.', "الوزير", '"داعش" يتراجع في سوريا', False),
])
def test_quote_speaker_and_words(text: str, speaker: str, said: str, direct: bool) -> None:
    quotes = find_quotes(text)
    assert [(q.speaker, q.text, q.direct) for q in quotes] == [(speaker, said, direct)]
    q = quotes[0]
    assert text[q.start : q.end] == said
    assert q.speaker_start is not None and text[q.speaker_start : q.speaker_end] == speaker


@pytest.mark.parametrize(("text", "speaker", "said", "direct"), [
    # reporting verbs beyond قال: ألمح، دعا (with a quotation after بـ)، طالب، أعرب عن … في أن
    ("وألمحت الوكالة إلى أن اليونان لن تتمكن من سداد ديونها.", "الوكالة",
     "اليونان لن تتمكن من سداد ديونها", False),
    ("ودعا النجيفي من جهة ثانية بـ«العودة إلى مجلس النواب وإعادة طرح الثقة».", "النجيفي",
     "العودة إلى مجلس النواب وإعادة طرح الثقة", True),
    ("وطالب الأهالي بأن تتدخل البلدية لإصلاح الأعطال.", "الأهالي",
     "تتدخل البلدية لإصلاح الأعطال", False),
    ("وأعرب الوزير عن أمله في أن يسهم الحوار في تعميق التعاون.", "الوزير",
     "يسهم الحوار في تعميق التعاون", False),
    # بيّن with its shadda, and وبين opening a clause (bare بين is a preposition)
    ("وبيّن الرويلي أن اللجنة أنهت أعمالها.", "الرويلي", "اللجنة أنهت أعمالها", False),
    ("وبين الوزير أن المشروع سيكتمل العام المقبل.", "الوزير", "المشروع سيكتمل العام المقبل",
     False),
    # a subject before its verb after كان (the pluperfect of news background)
    ("وكان أطباء ذكروا أن الوالدة مصابة بحروق بالغة.", "أطباء", "الوالدة مصابة بحروق بالغة",
     False),
    # إضافة is a noun, not أضافه: the clause goes on
    ("وأشار الوزير إلى أن الخطة تشمل الطرق، إضافة إلى معالجة العقبات التي تواجه الشركات.",
     "الوزير", "الخطة تشمل الطرق، إضافة إلى معالجة العقبات التي تواجه الشركات", False),
    # the writer's comment and the speaker's other acts end the reported clause
    ("أعلن رئيس الوزراء نيكول باشينيان أن بلاده جمدت مشاركتها في التحالف، في دليل جديد على "
     "توتر العلاقات.", "رئيس الوزراء نيكول باشينيان", "بلاده جمدت مشاركتها في التحالف", False),
    ("وبين الرويلي أن اللجنة أنهت أعمالها؛ مقدما شكره لوكيل الوزارة على تسهيل الإجراءات.",
     "الرويلي", "اللجنة أنهت أعمالها", False),
    # a quotation never closed, or closed by the wrong mark, runs to the end of the clause
    ('وأضاف الوزير "بمجرد أن نعرف ذلك سنعلن النتائج.', "الوزير",
     "بمجرد أن نعرف ذلك سنعلن النتائج", True),
    ("قال النائب إن «الفكرة تبقى قائمة ولكنها مهمة}.", "النائب", "الفكرة تبقى قائمة ولكنها مهمة",
     True),
    # an attribution whose source follows a verb
    ("تبدأ كوريا الشمالية العمل بتوقيت جديد الشهر المقبل، حسبما أفادت وسائل إعلام رسمية.",
     "وسائل إعلام رسمية", "تبدأ كوريا الشمالية العمل بتوقيت جديد الشهر المقبل", False),
])
def test_more_reporting_forms(text: str, speaker: str, said: str, direct: bool) -> None:
    assert [(q.speaker, q.text, q.direct) for q in find_quotes(text)] == [(speaker, said, direct)]


@pytest.mark.parametrize(("text", "expected"), [
    # a participle right after the reported words opens a clause of its own
    ("وأكد الوزير أن الخطة ناجحة مؤكدا أن التنفيذ يبدأ غدا.",
     [("الوزير", "الخطة ناجحة"), ("الوزير", "التنفيذ يبدأ غدا")]),
    # a plural verb continues the subject of the sentence's first clause (شكا is speech too)
    ("شكا أهالي الحي من الروائح، وأكدوا أن المياه تزداد دون تدخل.",
     [("أهالي الحي", "المياه تزداد دون تدخل")]),
])
def test_speaker_continues_in_the_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.speaker, q.text) for q in find_quotes(text)] == expected


def _names(text: str, *spans: tuple[str, EntityType]) -> list[Mention]:
    out = []
    for surface, kind in spans:
        start = text.index(surface)
        out.append(Mention(surface, start, start + len(surface), kind))
    return out


@pytest.mark.parametrize(("text", "names", "speakers"), [
    # وأضاف continues the last speaker, not a person named in passing (بلوتو, mistagged)
    ("وقال العالم فران باجينال إن البيانات ستصل في أغسطس مع قياسات بلوتو. وأضاف أن النتائج "
     "ستجيب عن الأسئلة.", [("فران باجينال", EntityType.PERS), ("بلوتو", EntityType.PERS)],
     ["العالم فران باجينال", "العالم فران باجينال"]),
    # a feminine verb after a feminine one: the agency goes on speaking
    ("قالت وكالة ناسا إن الفريق اكتشف منطقة باردة قرب بلوتو. وأشارت إلى أن البيانات تظهر ذيلا "
     "طويلا.", [("بلوتو", EntityType.PERS)], ["وكالة ناسا", "وكالة ناسا"]),
    # the last speaker when named after the last person
    ("قال فيصل الحربي إن المشكلة قديمة. من جانبه، قال مؤذن المسجد إن عدد المصلين انخفض. وأفاد "
     "بأنه أبلغ شركة المياه.", [("فيصل الحربي", EntityType.PERS)],
     ["فيصل الحربي", "مؤذن المسجد", "مؤذن المسجد"]),
    # a participle has the subject of its sentence, a name right after the opening verb
    ("ورفضت موسكو الاتهامات، مؤكدة أن قواتها لم تكن مخولة بالتدخل.",
     [("موسكو", EntityType.LOC)], ["موسكو"]),
    # a participle has the subject of its sentence's reporting clause, not a person named in it
    ("ولفت الدوسري إلى أن المهندس محمد السويكت تابع الموقف بنفسه، مشيرا إلى أن المؤسسة تتابع "
     "الأسباب.", [("الدوسري", EntityType.PERS), ("محمد السويكت", EntityType.PERS)],
     ["الدوسري", "الدوسري"]),
    # an honorific pronoun (سموه) is the person named before
    ("التقى الأمير محمد بن ناصر أهالي المنطقة. وقال سموه: إن أمن الوطن في أيد أمينة.",
     [("محمد بن ناصر", EntityType.PERS)], ["محمد بن ناصر"]),
    # a name with a preposition glued to it (للنجيفي) is no subject
    ("وقال النجيفي إن الحكومة فشلت في تنفيذ برنامجها. وعن الانتخابات في المحافظات التي هي معقل "
     "للنجيفي قال إن الفكرة تبقى قائمة.",
     [("النجيفي", EntityType.PERS), ("للنجيفي", EntityType.PERS)], ["النجيفي", "النجيفي"]),
])
def test_unnamed_speakers_with_the_names_of_the_text(
        text: str, names: list[tuple[str, EntityType]], speakers: list[str]) -> None:
    assert [q.speaker for q in find_quotes(text, _names(text, *names))] == speakers


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
    "وتراوحت الأسعار بين 10 و20 ريالا.",  # بين, the preposition
    # a noun complement (أكد أهمية …) is not reported words, even with a colon or أن after it
    "وأكد الدكتور العبدالجبار أهمية إحضار المستندات، المتضمنة: صورة الهوية وصورة الوثيقة.",
    "دعا ناشطون إلى عدم بث الإشاعات، مؤكدين أهمية تحري الدقة، وبخاصة أن أطفالا توفوا.",
    "وأضاف الوزير بعد أن انتهى الاجتماع كلمة قصيرة.",  # أن governed by بعد
    "يذكر أن المهرجان انطلق قبل عشرين عاما.",  # the writer's background, in the passive
    "ويقال إن المبنى شيد قبل قرن.",
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


@pytest.mark.parametrize(("split", "set_", "floor"), [
    ("dev", 1, "quotes_f1_blind_dev"), ("test", 1, "quotes_f1_blind_test"), ("all", 2, "quotes_f1_blind2"),
    ("all", 3, "quotes_f1_blind3"),
])
def test_blind_quotes_reach_the_pinned_floor(split: str, set_: int, floor: str) -> None:
    """The blind articles of issue 12 (bench/blind): set 1 tuned on (its test half scored once
    first), set 2 scored once as the test of the third round, then tuned on; set 3 scored once as the
    test of the fourth."""
    need(SAUDINEWSNET, "SaudiNewsNet")
    from eval_blind import f1_scores

    assert f1_scores(split, set_)[0] >= FLOORS[floor]


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


# --- issue 12: speakers are names, titles, organisations, documents, media or resolved pronouns,
# with their full extent; sentences written for these tests, none copied from the blind set.

@pytest.mark.parametrize(("text", "expected"), [
    # a point inside a number or an address ends no clause
    ("وأفاد التقرير أن نسبة النمو بلغت 3.5 في المائة خلال العام.",
     [("التقرير", "نسبة النمو بلغت 3.5 في المائة خلال العام")]),
    ("وأوضحت الجامعة أن التسجيل يتم عبر موقعها www.example.edu.sa حتى نهاية الشهر.",
     [("الجامعة", "التسجيل يتم عبر موقعها www.example.edu.sa حتى نهاية الشهر")]),
    # the points of سي. إن. إن. are not sentence ends and its إن is no complementiser; a
    # subject before its verb opened by a head word may hold a preposition
    ("لكن خبيرا من جامعة القاهرة قال لشبكة سي. إن. إن. إن الاتفاق لن يصمد طويلا.",
     [("خبيرا من جامعة القاهرة", "الاتفاق لن يصمد طويلا")]),
    # عدم ذكر is a noun: the anonymous source keeps its whole description
    ("وأوضح مصدر فضل عدم ذكر اسمه أن المفاوضات متوقفة منذ أسبوع.",
     [("مصدر فضل عدم ذكر اسمه", "المفاوضات متوقفة منذ أسبوع")]),
    # the writer takes over after a comma: وبذلك، or a verb with an organisation as subject
    ("وأعلنت إدارة النادي أن المدرب سيبقى حتى نهاية الموسم، وبذلك يكتمل الجهاز الفني.",
     [("إدارة النادي", "المدرب سيبقى حتى نهاية الموسم")]),
    ("ويرى المراقبون أن المشروع الأهم هو أكاديمية الشعر، وقررت اللجنة إسناده إلى الوزارة.",
     [("المراقبون", "المشروع الأهم هو أكاديمية الشعر")]),
    # …، إلا أنه أشار إلى أن …: a second clause of the same speaker
    ("وقال الموظف إن الشركة لم تطلب منه أي رسوم، إلا أنه أشار إلى أن زملاءه يدفعون كثيرا.",
     [("الموظف", "الشركة لم تطلب منه أي رسوم"), ("الموظف", "زملاءه يدفعون كثيرا")]),
    ("ونبهت الوزارة إلى أن المخالفين سيعاقبون بالغرامة.",
     [("الوزارة", "المخالفين سيعاقبون بالغرامة")]),
    # ″ typed for the closing mark of a short quoted name
    ("وقالت شركة “أرامكو″ إن الإنتاج سيرتفع العام المقبل.",
     [("شركة “أرامكو", "الإنتاج سيرتفع العام المقبل")]),
    # a quoted name of up to six words opened by a head word is the speaker
    ("وأفادت «الشبكة السورية لحقوق الإنسان» نقلا عن ناشطين أن القصف طال مناطق سكنية.",
     [("الشبكة السورية لحقوق الإنسان", "القصف طال مناطق سكنية")]),
    # documents and media: جاء في …، وكان X قد قال …، قال لـ«…»: إن …
    ("وجاء في البيان أن الحكومة ستتولى كل الصلاحيات خلال الفترة الانتقالية.",
     [("البيان", "الحكومة ستتولى كل الصلاحيات خلال الفترة الانتقالية")]),
    ("وكان رئيس اللجنة محمد الحربي قد قال لصحيفة الرياض إن النتائج ستعلن قريبا.",
     [("رئيس اللجنة محمد الحربي", "النتائج ستعلن قريبا")]),
    ("وقال المتحدث باسم الشرطة لـ«الوطن»: إن التحقيقات مستمرة مع الموقوفين.",
     [("المتحدث باسم الشرطة", "التحقيقات مستمرة مع الموقوفين")]),
    # نقلا عن ends the medium's name; a participle of another call ends the words
    ("وذكرت صحيفة «واشنطن بوست» الأمريكية نقلا عن مسؤولين أن الإدارة تدرس فرض عقوبات.",
     [("صحيفة «واشنطن بوست» الأمريكية", "الإدارة تدرس فرض عقوبات")]),
    ("وتوقعت هيئة الأرصاد أن تستمر الأمطار حتى الجمعة، داعية المواطنين إلى الحذر.",
     [("هيئة الأرصاد", "تستمر الأمطار حتى الجمعة")]),
    # a quoted name after a medium's head word; عبد الله is a name; an adverbial participle
    # and بقوله end the speaker
    ("وكشف موقع «إي إس بي إن» أن اللاعب سينتقل إلى برشلونة.",
     [("موقع «إي إس بي إن", "اللاعب سينتقل إلى برشلونة")]),
    ("وقال العميد عبد الله الصبيحي إن القوات تقدمت نحو المدينة.",
     [("العميد عبد الله الصبيحي", "القوات تقدمت نحو المدينة")]),
    ('وأضاف تسيبراس متوجها إلى النواب "من يعتقد أن حكومة أخرى تستطيع ذلك فليقل".',
     [("تسيبراس", "من يعتقد أن حكومة أخرى تستطيع ذلك فليقل")]),
    ("وقال الوزير إن الأمور تسير جيدا. واستطرد بقوله إن العملة لن تتأثر بالتقلبات.",
     [("الوزير", "الأمور تسير جيدا"), ("الوزير", "العملة لن تتأثر بالتقلبات")]),
    # المحنّا is a family name, not ألمح with a pronoun
    ("وأكد مدير الجمرك عبدالرحمن المحنّا أن الشاحنة ضبطت.",
     [("مدير الجمرك عبدالرحمن المحنّا", "الشاحنة ضبطت")]),
])
def test_issue12_speakers_and_their_words(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.speaker, q.text) for q in find_quotes(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an attribution before a relative clause on its source, whose verb then speaks again
    ("وعقد الوزراء اجتماعا مساء الأحد، وفق ما نقلته وكالة الأنباء الكويتية، التي أشارت إلى أن "
     "جدول الأعمال يتناول الأزمة اليمنية.",
     [("وكالة الأنباء الكويتية", "وعقد الوزراء اجتماعا مساء الأحد"),
      ("وكالة الأنباء الكويتية", "جدول الأعمال يتناول الأزمة اليمنية")]),
    ("ويتصدر الحاسوب الصيني القائمة، بحسب منظمة الصحة العالمية، التي تصدر تقريرها كل عام.",
     [("منظمة الصحة العالمية", "ويتصدر الحاسوب الصيني القائمة")]),
    # at the end without a comma, when the source is a document
    ("وانخفضت البطالة إلى 9 في المائة بحسب التقرير الذي نشرته الهيئة أمس.",
     [("التقرير", "وانخفضت البطالة إلى 9 في المائة")]),
    # before another verb of the source
    ("اعتقل التنظيم عشرات المدنيين، بحسب ناشطين محليين، أفادوا أيضا بنزوح مئات العائلات.",
     [("ناشطين محليين", "اعتقل التنظيم عشرات المدنيين")]),
    # opening the sentence before فقد, its ل glued to the source
    ("ووفقا لإحصاء وزارة الصحة فقد ارتفع عدد الإصابات إلى مئة حالة.",
     [("إحصاء وزارة الصحة", "ارتفع عدد الإصابات إلى مئة حالة")]),
    # حسب قوله adds no source: the words are the verb's
    ("قال الوزير إن المحاكمة غير قانونية. وأضاف أن القضاة يعملون تحت التهديد، حسب قوله.",
     [("الوزير", "المحاكمة غير قانونية"), ("الوزير", "القضاة يعملون تحت التهديد")]),
])
def test_issue12_attributions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.speaker, q.text) for q in find_quotes(text)] == expected


@pytest.mark.parametrize(("text", "names", "speakers"), [
    # a person named inside an earlier sentence's reported words does not speak next
    ("وقال مدير الشركة خالد العمري إن المشروع تم بتوجيه من الأمير فيصل بن سلمان. وعن موعد "
     "الافتتاح، قال إن العمل سينتهي قريبا.",
     [("خالد العمري", EntityType.PERS), ("فيصل بن سلمان", EntityType.PERS)],
     ["مدير الشركة خالد العمري", "مدير الشركة خالد العمري"]),
    # a name tagged with و glued to it is the bare name
    ("وصل كيري إلى الرياض أمس. والتقى الأمير فيصل وكيري في القصر. وأضاف أن الاجتماع كان مثمرا.",
     [("كيري", EntityType.PERS), ("وكيري", EntityType.PERS)], ["كيري"]),
    # a phrase opened by a glued preposition is no subject (لهذا الحفل قال فيها)
    ("وألقى الأمير خالد كلمة لهذا الحفل قال فيها: إن التراث مسؤولية الجميع.",
     [("خالد", EntityType.PERS)], ["خالد"]),
    # a participle: the nearest agreeing head after a verb (الجامعة … معلنة)
    ("لجأ الأهالي إلى تويتر، وتجاوبت الجامعة مع مطلبهم معلنة أن الدراسة رفعت إلى الوزارة.",
     [], ["الجامعة"]),
    # … not a name opening the sentence that disagrees with it (غرفة … مشيرا)
    ("أصدرت غرفة الرياض تقريرها السنوي، وتناول التقرير أداء القطاعات، مشيرا إلى أن عدد "
     "المصانع ارتفع.", [("غرفة الرياض", EntityType.ORG)], ["التقرير"]),
    # سموه stands for the prince named before, not the university president named after him
    ("وأكد أمير المنطقة الأمير فيصل بن مشعل خلال استقباله رئيس الجامعة الدكتور عبدالله الحامد "
     "أن التعليم أولوية. وأشار سموه إلى أن الدولة تدعم الجامعات.",
     [("فيصل بن مشعل", EntityType.PERS), ("عبدالله الحامد", EntityType.PERS)],
     ["أمير المنطقة الأمير فيصل بن مشعل", "أمير المنطقة الأمير فيصل بن مشعل"]),
    # several people in turn: أما X فقال, and رد … بأن
    ("قال المهندس فهد العتيبي إن المشروع سينطلق قريبا. أما المواطن علي الشهري فقال إن الأهالي "
     "ينتظرون منذ سنوات.", [("فهد العتيبي", EntityType.PERS)],
     ["المهندس فهد العتيبي", "المواطن علي الشهري"]),
    ("وقال الرئيس باراك أوباما إن الاتفاق تاريخي. ورد رئيس الوزراء بنيامين نتنياهو بأن الاتفاق "
     "خطأ. وأضاف أن بلاده ستدافع عن نفسها.",
     [("باراك أوباما", EntityType.PERS), ("بنيامين نتنياهو", EntityType.PERS)],
     ["الرئيس باراك أوباما", "رئيس الوزراء بنيامين نتنياهو", "رئيس الوزراء بنيامين نتنياهو"]),
    ("أما رئيسة البنك فهي ترى أن التضخم سيتراجع.", [], ["رئيسة البنك"]),
    # a pronoun before the verb is nobody: the speaker named before
    ("قال الخبير خالد العمر إن السوق مستقرة. وهو يرى أن الأسعار سترتفع.",
     [("خالد العمر", EntityType.PERS)], ["الخبير خالد العمر", "الخبير خالد العمر"]),
    # قوله ends the source of نقلت … عن
    ("ونقلت صحيفة الحياة عن مصدر مطلع قوله إن الاجتماع تأجل.", [], ["مصدر مطلع"]),
    # موقع may be a place: no participle's subject
    ("وزار الوفد موقع المشروع، مشيرا إلى أن العمل يسير وفق الخطة.", [], [""]),
    # a name inside quotation marks (a proverb, a title) is nobody who speaks
    ('على طريقة المثل "جاور السعيد تسعد" وقف الشاب أمام المطعم. وقال إن الأرباح جيدة.',
     [("جاور السعيد", EntityType.PERS)], [""]),
])
def test_issue12_who_speaks(text: str, names: list[tuple[str, EntityType]],
                            speakers: list[str]) -> None:
    assert [q.speaker for q in find_quotes(text, _names(text, *names))] == speakers


@pytest.mark.parametrize("text", [
    # a list after a colon is nobody's answers
    "واتفق الجانبان على العمل في المجالات التالية:\n- تطوير التعاون العسكري.\n"
    "- تعزيز الاستثمارات المشتركة.",
    # تبلغ is "amounts to", not "informs"
    'وتبلغ مساحة الحديقة "خمسة آلاف متر مربع" تقريبا.',
    # إذ إن (since) opens no reported words
    "وأشار التقرير إلى اعتماد الدولة على القطاع العام، إذ إن معظم الموظفين يعملون فيه.",
    # حسب ما followed by no reporting verb names no source
    "تميل الأسعار إلى الارتفاع، حسب ما تقتضي البيانات الجديدة.",
])
def test_issue12_no_quote(text: str) -> None:
    assert find_quotes(text) == []


# --- issue 12, generalising (rules from set 1's former test half, checked on both halves);
# sentences written for these tests.

@pytest.mark.parametrize(("text", "expected"), [
    # فيما / بينما before another reporting verb: someone else speaks, the first words end
    ("وقال مسؤول في الدفاع المدني إن الحريق أخمد فيما أعلنت مصادر طبية إصابة ثلاثة أشخاص.",
     [("مسؤول", "الحريق أخمد")]),
    # the writer's background (يذكر أن) ends the words, with or without a comma
    ("وقال القائد إن الجنود مستعدون للدفاع عن الحدود يذكر أن المنطقة تشهد توترا منذ أشهر.",
     [("القائد", "الجنود مستعدون للدفاع عن الحدود")]),
    # …، كما + a verb: the writer's next fact; كما أن stays in the words
    ("وأوضح المدير أن العمل يسير وفق الخطة، كما قدم المدير شكره للعاملين.",
     [("المدير", "العمل يسير وفق الخطة")]),
    ("وأوضح المدير أن العمل يسير وفق الخطة، كما أن الميزانية كافية.",
     [("المدير", "العمل يسير وفق الخطة، كما أن الميزانية كافية")]),
    ("وأوضح المدير أن الحدائق هيئت للزوار، كما تم توجيه البلديات بالمتابعة.",
     [("المدير", "الحدائق هيئت للزوار، كما تم توجيه البلديات بالمتابعة")]),
    # ما / مما before a present verb is the writer's inference, not a second speaker
    ("وقال المتحدث إن عدد المراجعين انخفض كثيرا مما يؤكد أن معظمهم أنهى إجراءاته.",
     [("المتحدث", "عدد المراجعين انخفض كثيرا مما يؤكد أن معظمهم أنهى إجراءاته")]),
    # a title holding a preposition runs to a second title in apposition and its name
    ("وأكد المشرف على البرنامج في الجامعة الدكتور سالم الحربي أن التسجيل بدأ.",
     [("المشرف على البرنامج في الجامعة الدكتور سالم الحربي", "التسجيل بدأ")]),
    ("وأوضح الملحق الثقافي لدى فرنسا الدكتور خالد العتيبي في تصريح صحفي أن المنح زادت.",
     [("الملحق الثقافي لدى فرنسا الدكتور خالد العتيبي", "المنح زادت")]),
    # … but not across a preposition of occasion (مع)
    ("وقال الوزير في لقاء مع السفير أحمد سالم إن العلاقات قوية.", [("الوزير", "العلاقات قوية")]),
    # a noun in ة is no stop word it normalises to (فئة is not فيه)
    ("ورأت فئة أخرى أن المدرب أخطأ.", [("فئة أخرى", "المدرب أخطأ")]),
    # a relative clause on a fact (الأمر الذي يؤكد) is nobody's speech, and after a comma it
    # ends the words; أظهر: a document shows
    ("أظهرت دراسة حديثة أن المبيعات ارتفعت في الربع الأول، الأمر الذي يؤكد أن السوق تتعافى.",
     [("دراسة حديثة", "المبيعات ارتفعت في الربع الأول")]),
    # تعهد بأن: a pledge reports words
    ("وتعهد رئيس النادي بأن يحافظ على نجوم الفريق.",
     [("رئيس النادي", "يحافظ على نجوم الفريق")]),
    # a line broken inside a sentence (before لـ or أن) does not end it
    ("وقال مدير المستشفى في تصريح خاص\nلـ«الجريدة» أن المرضى غادروا المستشفى.",
     [("مدير المستشفى", "المرضى غادروا المستشفى")]),
    # a subject before its verb opens after أن (ومنها أن الحكومة أعلنت أن …)
    ("وأهم ما في الخبر أن الشركة أعلنت أن الأرباح تضاعفت.",
     [("الشركة", "الأرباح تضاعفت")]),
    # … but not after بعد أن, nor a long phrase: a question to the interviewee has no speaker
    ("بعد أن ينتهي العمل الكبير كم تتوقع أن يستمر؟", []),
    # أظهر reports only a document's or a survey's words with أن
    ("وقال المسؤول إن العراق أظهر قدرا من «المرونة السياسية الواضحة» في تعامله مع جيرانه.",
     [("المسؤول", "العراق أظهر قدرا من «المرونة السياسية الواضحة» في تعامله مع جيرانه")]),
    ("وأظهرت بيانات جمركية أن الواردات زادت في يونيو.",
     [("بيانات جمركية", "الواردات زادت في يونيو")]),
    # a point between Arabic words typed without a space ends the sentence
    ("وتقرر اعتماد مجلس الإدارة الجديد الأسبوع المقبل.على صعيد آخر أصدرت إدارة النادي "
     "بيانا، مؤكدة أن المفاوضات مستمرة.", [("إدارة النادي", "المفاوضات مستمرة")]),
    # أن after a modal (يمكن أن، يجب أن) opens no reported words
    ("والصحف لا تتابع ما يجري إلا بقدر ما يمكن أن يثير القراء.", []),
    # the writer's service line after a comma (ولمعرفة، وللاستفسار) ends the words
    ("وأوضحت الجامعة أن التسجيل يغلق الخميس، ولمعرفة الشروط يمكن زيارة موقعها.",
     [("الجامعة", "التسجيل يغلق الخميس")]),
    # an adverbial set off by commas, however long, before the reported words
    ("وقال القائد، خلال جولته على الوحدات العسكرية المرابطة في المناطق الحدودية الشمالية "
     "والجزر القريبة منها، إن الجنود على أهبة الاستعداد.",
     [("القائد", "الجنود على أهبة الاستعداد")]),
    # round three (written for these tests): a share of the people asked speaks; a participle
    # with عن and الأمر الذي end the reported words
    ("وقال 63٪ من الذين شملهم الاستطلاع إن السوق أكثر جاذبية.",
     [("63٪ من الذين شملهم الاستطلاع", "السوق أكثر جاذبية")]),
    ("وأكد الوزير أن التهديد هم مشترك معربا عن القلق من الأنشطة.",
     [("الوزير", "التهديد هم مشترك")]),
    ("وأوضح المدير أن العقد يمنع التسويق الأمر الذي أدى إلى خلاف كبير.",
     [("المدير", "العقد يمنع التسويق")]),
    # an opinion verb in the present is not a reporting verb: هذه الخطوة تعتبر …
    ("هذه الخطوة تعتبر استراتيجية خاصة، والذي من المرجح أن يدخلها في المنطقة.", []),
    ("والجدير ذكره أن المسلسل من بطولة عدد من النجوم.", []),
])
def test_issue12_clause_bounds_and_titles(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.speaker, q.text) for q in find_quotes(text)] == expected


@pytest.mark.parametrize(("text", "names", "speakers"), [
    # a participle: the main clause's subject comes first, not a nearer head in a complement
    ("أشاد مدير الكرة بالنادي بالمعسكر الذي أقيم في منتجع نادي الشباب، مؤكدا أن اللاعبين "
     "استفادوا منه.", [], ["مدير الكرة"]),
    # a writer or a poet is a speaker's head (كاتب، شاعر)
    ("طالب الكاتب الصحفي خالد السالم، وزير التعليم سعد الماجد؛ بتسريع القرار، لافتا إلى أن "
     "المدارس تنتظر.", [("سعد الماجد", EntityType.PERS)], ["الكاتب الصحفي"]),
    # … which ends before its complement (بتصعيد …)
    ("وطالب المحتجون بتصعيد القضية حتى يصدر القرار، مؤكدين أن مطالبهم عادلة.", [],
     ["المحتجون"]),
    # … and the subject of a reporting verb opening the sentence, when they agree
    ("ورأت فئة من الجمهور منح المدرب فرصة أخيرة حتى نهاية الموسم مؤكدة أن التغيير يضر الفريق.",
     [], ["فئة"]),
])
def test_issue12_participle_subjects(text: str, names: list[tuple[str, EntityType]],
                                     speakers: list[str]) -> None:
    assert [q.speaker for q in find_quotes(text, _names(text, *names))] == speakers


def test_a_parenthesis_after_a_colon_quotes() -> None:
    """وقال: (…) is direct speech; a name in parentheses elsewhere is not a quotation."""
    from marsad.arabic.sentences import quote_spans

    text = "استند الفنان فايز المالكي على ظهور زميله، وقال: (أنا لست متفرغا لهذا.. فهو يظهر كل يوم)."
    (span,) = quote_spans(text)
    assert text[span[0] + 1 : span[1]].startswith("أنا لست")
    assert quote_spans("نشرت صحيفة (الرياضي) الخبر أمس") == []
