"""Cleaning: boilerplate out, real sentences kept, the original wording never changed."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic import normalize
from marsad.arabic.resources import data_json
from marsad.clean import clean, line_keys
from marsad.clean.lines import line_words, normalize_lines
from marsad.clean.patterns import DATA_FILE, patterns, strip_spans
from marsad.clean.repeats import INDEX_FROM, _variant

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAUDINEWSNET_DAY = SHARED / "data" / "saudinewsnet" / "2015-07-21.zip"
GOLD = json.loads((ROOT / "tests" / "data" / "clean_gold.json").read_text(encoding="utf-8"))

TITLE_004 = "وسط توتر العلاقة.. أرمينيا تجمد مشاركتها في التحالف العسكري مع روسيا"
CAPTION_004 = "حليفتين، لكن علاقتهما توترت منذ استعادت أذربيجان عسكريًا جيب ناغورني كاراباغ"
BODY_004 = ("ولطالما كانت أرمينيا وروسيا حليفتين، لكن علاقتهما توترت منذ استعادت أذربيجان عسكريًا "
            "جيب ناغورني كاراباخ\u00a0الانفصالي الذي كان يسكنه الأرمن بشكل رئيسي، في سبتمبر/ "
            "أيلول 2023.")
LEAD = "أعلن رئيس وزراء أرمينيا نيكول باشينيان أن بلاده جمدت عمليا مشاركتها في تحالف عسكري."
TAIL = "وقال الناطق باسم الكرملين إن يريفان لم تتخذ بعد أي إجراء رسمي لتعليق تعاونها."


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not found at {path} (../shared is absent outside the project)")
    return path.read_text(encoding="utf-8")


# --- the data file ------------------------------------------------------------------------------

def test_boilerplate_file_loads_and_every_pattern_compiles() -> None:
    table = data_json("marsad.clean", DATA_FILE)
    compiled = patterns()
    assert len(compiled.lines) == len(table["lines"]) > 20
    assert len(compiled.spans) == len(table["spans"]) and len(compiled.trailing) == len(
        table["trailing"])
    names = [e["name"] for section in ("lines", "spans", "trailing") for e in table[section]]
    assert len(names) == len(set(names)), "pattern names must be unique"
    for section in ("lines", "spans", "trailing"):
        for entry in table[section]:
            assert len(entry["doc"]) > 15, entry["name"]
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry["name"]), entry["name"]
    assert all(e["at"] in ("start", "end") for e in table["spans"])
    sources = [json.dumps(e["pattern"], ensure_ascii=False)
               for section in ("lines", "spans", "trailing") for e in table[section]]
    used = set(re.findall(r"<<(\w+)>>", " ".join(sources)))
    assert used <= set(table["macros"]), "every <<macro>> is defined"


def test_patterns_are_written_in_normalised_lower_case() -> None:
    # Patterns are matched against normalised text: one with ة, ى, أ, ئ … or, for a line, an
    # upper-case letter outside an escape (\S, \W …) could never match.
    table = data_json("marsad.clean", DATA_FILE)
    entries = [(e["name"], e["pattern"], section == "lines")
               for section in ("lines", "spans", "trailing") for e in table[section]]
    entries += [(name, text, True) for name, text in table["macros"].items()]
    for name, pattern, lower in entries:
        for part in pattern if isinstance(pattern, list) else [pattern]:
            text = re.sub(r"\\.", "", part)
            assert not re.search(r"[ةىأإآؤئًٌٍَُِّْـ]", text), (name, part)
            assert not (lower and re.search(r"[A-Z]", text)), (name, part)


# --- the seed gold ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(k for k in GOLD if not k.startswith("_")))
def test_seed_gold(name: str) -> None:
    text, gold = seed(name), GOLD[name]
    cleaned = clean(text, **gold["options"]).text
    for wanted in gold["must_contain"]:
        assert wanted in text and wanted in cleaned, wanted
    for unwanted in gold["must_not_contain"]:
        assert unwanted in text, f"gold error: {unwanted!r} is not in the original"
        assert unwanted not in cleaned, unwanted


def test_seed_003_keeps_its_lead_without_the_wire_prefix() -> None:
    result = clean(seed("003_27ee660541e3fe33.txt"))
    assert result.text.startswith("زار موسكو وعقد محادثات الأربعاء")
    assert ("pattern:press-wire-prefix", "(SeaPRwire) –") in result.removed


def test_seed_004_caption_once_body_sentence_kept() -> None:
    result = clean(seed("004_19bbd44f0b4c1513.txt"))
    assert result.text.count(CAPTION_004) == 1
    assert result.text.count("لطالما كانت أرمينيا وروسيا") == 2  # the caption and the body
    assert BODY_004 in result.text
    assert [r for r, _ in result.removed].count("repeated") == 3  # title once, caption twice


def test_seed_004_title_once_without_title_and_never_with_it() -> None:
    text = seed("004_19bbd44f0b4c1513.txt")
    assert text.count(TITLE_004) == 2
    assert clean(text).text.count(TITLE_004) == 1
    result = clean(text, title=TITLE_004)
    assert result.text.count(TITLE_004) == 0
    assert result.removed.count(("title", TITLE_004)) == 2
    assert result.title == TITLE_004


def test_seed_004_date_header_only_when_asked() -> None:
    text = seed("004_19bbd44f0b4c1513.txt")
    date = "الجمعة 25 أكتوبر / October 2024"
    assert clean(text).text.startswith(date)
    with_header = clean(text, date_header=True)
    assert date not in with_header.text and ("date-header", date) in with_header.removed


def test_removed_lines_are_the_original_lines() -> None:
    text = seed("004_19bbd44f0b4c1513.txt")
    for _, line in clean(text, date_header=True).removed:
        assert line in text


# --- lines that go and lines that stay ----------------------------------------------------------

DROPPED = [
    ("Star ActiveStar ActiveStar ActiveStar InactiveStar Inactive", "rating-widget"),
    ("Star InactiveStar InactiveStar InactiveStar InactiveStar Inactive", "rating-widget"),
    ("شارك القصة", "share"),
    ("شارك", "share"),
    ("مشاركة", "share"),
    ("Share", "share"),
    ("شارك عبر واتساب", "share"),
    ("Facebook | Twitter | WhatsApp", "social"),
    ("فيسبوك تويتر واتساب", "social"),
    ("تابعونا على تويتر", "follow-us"),
    ("تابعوا آخر الأخبار العاجلة عبر قناتنا على تيليجرام", "follow-us"),
    ("اشترك في النشرة البريدية", "subscribe"),
    ("Subscribe to our newsletter", "subscribe"),
    ("تابع القراءة", "read-more"),
    ("اقرأ أيضاً: أرمينيا تجمد مشاركتها في منظمة معاهدة الأمن الجماعي", "read-more"),
    ("إقرأ ايضاً", "read-more"),
    ("اقرأ المزيد", "read-more"),
    ("...المزيد", "read-more"),
    ("Read more", "read-more"),
    ("للمزيد من الأخبار تابعوا موقعنا", "read-more"),
    ("لمشاهدة الفيديو اضغط هنا", "click-here"),
    ("Close", "close"),
    ("إغلاق", "close"),
    ("طباعة", "page-tools"),
    ("أرسل لصديق", "page-tools"),
    ("طباعة | أرسل لصديق", "page-tools"),
    ("التعليقات (3)", "page-tools"),
    ("العودة إلى الأعلى", "navigation"),
    ("© 2024 الجزيرة نت", "copyright"),
    ("© | وقد قام مركز ويبانغاه الإخباري بترجمة هذا الخبر من مصدر وكالة تسنیم للأنباء |",
     "copyright"),
    ("وقد قام مركز ويبانغاه الإخباري بترجمة هذا الخبر من مصدر وكالة تسنيم للأنباء",
     "translation-credit"),
    ("جميع الحقوق محفوظة لصحيفة الوطن 2024", "rights-reserved"),
    ("ترجمة: محمد علي", "translation-credit"),
    ("يتم توفير المقال من قبل مزود محتوى خارجي. لا تقدم SeaPRwire (https://www.seaprwire.com/) "
     "أي ضمانات أو تصريحات فيما يتعلق بذلك.", "press-wire-disclaimer"),
    ("يوفر SeaPRwire تداول بيانات صحفية في الوقت الفعلي للشركات والمؤسسات.", "press-wire-promo"),
    ("About Business Wire", "press-wire-promo"),
    ("المصدر: بي آر نيوزواير", "press-wire-source"),
    ("View original content: https://www.prnewswire.com/news-releases/example.html",
     "press-wire-source"),
    ("Distributed by EIN Presswire", "press-wire-source"),
    ("تم التوزيع عبر غلوب نيوزواير", "press-wire-source"),
    ("(PRNewsfoto/Saudi Aramco)", "press-wire-mention"),
    ("القطاعات: العنوان الرئيسي، الأخبار اليومية", "categories"),
    ("الوسوم: أرمينيا، روسيا، منظمة معاهدة الأمن الجماعي", "categories"),
    ("(أ ف ب)", "photo-credit"),
    ("(أ. ف. ب)", "photo-credit"),
    ("صورة: رويترز", "photo-credit"),
    ("Getty Images", "photo-credit"),
    ("(تصوير: المحرر)", "photo-credit-suffix"),
    ("صورة أرشيفية", "photo-credit"),
    ("* خدمة «نيويورك تايمز»", "syndication-credit"),
    ("خاص بـ«الشرق الأوسط»", "syndication-credit"),
    ("إعلان", "advertisement"),
    ("للتواصل مع الكاتب ارسل رسالة SMS", "contact"),
    ("88591 - Stc", "contact"),
    ("salem_sahab@hotmail.com", "contact"),
    ("// انتهى //", "wire-marker"),
    ("// يتبع //", "wire-marker"),
    ("20:26 ت م", "timestamp"),
    ("* * *", "separator"),
]

KEPT = [
    "نشر الوزير على صفحته في فيسبوك صورا من زيارته للمستشفى الميداني في عدن.",
    "وأعلنت الشركة عبر حسابها في تويتر أنها ستطلق الخدمة الشهر المقبل.",
    "شارك الوزير في الاجتماع الذي عقد في الرياض أمس.",
    "وشارك أكثر من ألف متسابق في البطولة التي اختتمت مساء الخميس.",
    "مشاركة المملكة في القمة تعكس ثقلها الدولي",
    "شارك عبر الفيديو في المؤتمر الدولي للطاقة",
    "تابع الوزير سير العمل في المشروع خلال زيارته الميدانية",
    "تابعوا على مدار الساعة تطورات الأوضاع في عدن",
    "اقرأ القرآن بعد العصر، أما الورد فهو عقب كل صلاة.",
    "وقضت المحكمة بأن حقوق النشر تعود للمؤلف منذ عام 2019.",
    "جميع الحقوق محفوظة للعمال وفق نظام العمل الجديد",
    "وأكد الوزير أن جميع الحقوق محفوظة",
    "ذكرت رويترز أن المحادثات ستستأنف الأسبوع المقبل.",
    "صورة أرشيفية لاجتماع مجلس الوزراء في جدة",
    "إعلان نتائج القبول في الجامعات السعودية الأسبوع المقبل",
    "وقال: طباعة الكتب المدرسية ستبدأ الشهر المقبل.",
    "١- افتح التطبيق ثم اضغط هنا.",
    "لمشاهدة المباراة اضغط على زر التشغيل",
    "وقال المصدر: إن الاجتماع سيعقد غدا في الرياض.",
    "أعلنت بي آر نيوزواير عن استحواذها على شركة إعلامية في دبي مقابل 200 مليون دولار",
    "Close ties between Riyadh and Cairo were discussed",
    "التالي في جدول الأعمال مناقشة الميزانية",
    "س: ما هي السياسة الخارجية التي تتبعها أرمينيا؟",
    "2024",
]


@pytest.mark.parametrize(("line", "name"), DROPPED)
def test_boilerplate_line_is_dropped(line: str, name: str) -> None:
    result = clean(f"{LEAD}\n{line}\n{TAIL}")
    assert result.text == f"{LEAD}\n{TAIL}"
    assert result.removed == [(f"pattern:{name}", line)]


@pytest.mark.parametrize("line", KEPT)
def test_real_sentence_stays(line: str) -> None:
    for text in (f"{LEAD}\n{line}\n{TAIL}", f"{LEAD}\n{line}"):
        result = clean(text)
        assert result.text == text, result.removed
        assert result.removed == []


SPANS = [
    ("(SeaPRwire) – زار موسكو وعقد محادثات", "زار موسكو وعقد محادثات", "press-wire-prefix"),
    ("(GLOBE NEWSWIRE) -- أعلنت الشركة اليوم عن نتائجها", "أعلنت الشركة اليوم عن نتائجها",
     "press-wire-prefix"),
    ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد نائب خادم الحرمين الشريفين أهمية الأمن",
     "أكد نائب خادم الحرمين الشريفين أهمية الأمن", "share-prefix"),
    ("Next Previous عين اليوم – واس", "عين اليوم – واس", "navigation-prefix"),
    ("وغادر سموه عسير مساء أمس. رابط الخبر بصحيفة الوئام: أمير عسير يستقبل أسر الشهداء",
     "وغادر سموه عسير مساء أمس.", "outlet-link"),
    ("وتأتي هذه التنبؤات قبل صدور التقارير على الترتيب. سمات العقود الآجلة النفط ",
     "وتأتي هذه التنبؤات قبل صدور التقارير على الترتيب.", "tags-suffix"),
    ("الرئيس الروسي فلاديمير بوتين في الكرملين (Getty Images)",
     "الرئيس الروسي فلاديمير بوتين في الكرملين", "photo-credit-suffix"),
    ("قالَ الوزيرُ إنّ الاجتماعَ انتهى. رابطُ الخبرِ بصحيفةِ الوئامِ: عنوانٌ",
     "قالَ الوزيرُ إنّ الاجتماعَ انتهى.", "outlet-link"),
    ("(SeaPRwire) – زارَ موسكوَ أمسِ", "زارَ موسكوَ أمسِ", "press-wire-prefix"),
]


@pytest.mark.parametrize(("line", "rest", "name"), SPANS)
def test_span_is_cut_and_the_rest_stays_as_written(line: str, rest: str, name: str) -> None:
    kept, removed = strip_spans(line.strip(), normalize(line))
    assert kept == rest
    assert [r for r, _ in removed] == [f"pattern:{name}"]
    assert removed[0][1] in line
    assert clean(line).text == rest


@pytest.mark.parametrize("line", [
    "شارك على تويتر آلاف المغردين في الحملة",  # one network: a sentence, not a share bar
    "وقال إن من سمات القائد الناجح الصبر",  # no sentence end before the word
    "وأضاف أن الرئيس الفرنسي (AFP) سيزور الرياض",  # a credit-like word not at the end
])
def test_span_lookalike_stays(line: str) -> None:
    assert strip_spans(line, normalize(line)) == (line, [])


def test_sources_block_at_the_end_goes_but_not_a_sources_sentence() -> None:
    text = f"{LEAD}\n\nتابع القراءة\nالمصادر:\nوكالات\nClose"
    result = clean(text)
    assert result.text == LEAD
    assert [r for r, _ in result.removed] == ["pattern:read-more", "pattern:sources-block",
                                             "pattern:sources-block", "pattern:close"]
    sentence = "المصادر: أكدت وزارة الخارجية أن الوفد سيصل إلى موسكو صباح الغد لإجراء محادثات."
    assert clean(f"{LEAD}\n{sentence}").text == f"{LEAD}\n{sentence}"
    assert clean(f"المصادر:\n{LEAD}\n{TAIL}").text == f"المصادر:\n{LEAD}\n{TAIL}"


def test_tag_line_at_the_end_goes() -> None:
    result = clean(f"{LEAD}\n سمات الجوازات وافدون وثيقة سفر يمنيون ")
    assert result.text == LEAD
    assert result.removed == [("pattern:tags-block", "سمات الجوازات وافدون وثيقة سفر يمنيون")]
    heading = "سمات المرحلة المقبلة"
    bullets = "- تعزيز الشراكة مع القطاع الخاص في مشاريع البنية التحتية والطاقة المتجددة."
    assert clean(f"{LEAD}\n{heading}\n{bullets}").text == f"{LEAD}\n{heading}\n{bullets}"


# --- repeats --------------------------------------------------------------------------------

CONDOLENCE = ("وعبر {} عن عزائه ومواساته لأسر الشهداء، سائلاً الله أن يتغمدهم بواسع رحمته وأن يمن "
              "على المصابين بالشفاء العاجل.")


@pytest.mark.parametrize("lines", [
    [CONDOLENCE.format("سموه"), CONDOLENCE.format("معاليه")],
    ["ب- عدم السماح لها بتسجيل لاعبين محليين في حال تجاوزت مديونياتها 40 مليون ريال.",
     "ب- عدم السماح لها بتسجيل لاعبين محليين في حال تجاوزت مديونياتها 5 ملايين ريال."],
    ["الرغبة الرابعة: تسويق- الكلية الجامعية بضباء.", "الرغبة السابعة: تسويق- الكلية الجامعية بضباء."],
    ["2 ملعقتان كبيرتان من جبن الفيتا الأبيض يفضل قليلة الدهون",
     "2 ملعقتان كبيرتان من جبن الفيتا الأبيض"],
    ["المقادير:", "- ملعقة صغيرة من الملح.", "المقادير:", "- عود قرفة."],
    ["(١)", "1", "نص أول من القائمة", "1", "نص ثان من القائمة"],
])
def test_templated_or_structural_lines_are_not_repeats(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert clean(text).text == text


@pytest.mark.parametrize(("first", "again"), [
    ("تعافت سوق النفط الخام نسبيا من حالة الانخفاضات الحادة القياسية واستأنفت مسارها نحو الارتفاع.",
     "وتعافت سوق النفط الخام نسبيا من حالة الانخفاضات الحادة القياسية واستأنفت مسارها نحو الارتفاع."),
    ("عين اليوم – جدة", "عين اليوم – جدة"),
    ("وسط توتر العلاقة.. أرمينيا تجمد مشاركتها", "وسط توتر العلاقة أرمينيا تُجمِّد مشاركتها"),
    ("سقوط طائرة مسيرة قرب الحدود التركية مع سوريا - رويترز",
     "سقوط طائرة مسيرة قرب الحدود التركية مع سوريا"),
])
def test_repeat_is_kept_once(first: str, again: str) -> None:
    result = clean(f"{first}\n{LEAD}\n{again}")
    assert result.text == f"{first}\n{LEAD}"
    assert result.removed == [("repeated", again)]


def test_repeats_are_found_among_many_lines() -> None:
    lines = [f"سجلت المحطة رقم {i} هطول {i * 3} ملم من الأمطار خلال اليوم الأخير في المنطقة"
             for i in range(INDEX_FROM + 20)]
    caption = "لطالما كانت أرمينيا وروسيا حليفتين لكن علاقتهما توترت منذ استعادت أذربيجان جيب كاراباغ"
    variant = "لطالما كانت أرمينيا وروسيا حليفتان لكن علاقتهما توترت منذ استعادت أذربيجان جيب كاراباخ"
    text = "\n".join([caption, *lines, variant, lines[5]])
    result = clean(text)
    assert result.removed == [("repeated", variant), ("repeated", lines[5])]
    assert result.text == "\n".join([caption, *lines])


@pytest.mark.parametrize(("a", "b", "same"), [
    ("حليفتين", "حليفتان", True),
    ("كاراباغ", "كاراباخ", True),
    ("ناغورنو", "ناجورنو", True),
    ("ولطالما", "لطالما", True),
    ("الرابعه", "السابعه", False),
    ("احمد", "محمد", False),
    ("استخدامه", "استخدامها", False),
    ("2013", "2014", False),
])
def test_spelling_variants(a: str, b: str, same: bool) -> None:
    assert _variant(a, b) is same
    assert _variant(b, a) is same


# --- learned boilerplate, title, whitespace ------------------------------------------------------

def test_line_keys_are_stable_63_bit_keys_of_normalised_short_lines() -> None:
    keys = line_keys("عين اليوم – متابعات\n\nعين اليوم – متابعات\nClose\n" + "كلمة " * 100)
    assert len(keys) == 2 and all(0 <= k < 2**63 for k in keys)
    assert line_keys("  عين اليوم - متابعات ") == keys[:1]  # spaces and dash forms normalised
    assert line_keys("أرمينيا") == line_keys("ارمينيا")
    assert line_keys("Close") == [6660039005085018651]  # blake2b: the same in every process
    assert line_keys("") == [] and line_keys("\n \n") == []


def test_learned_lines_go() -> None:
    byline = "عين اليوم – متابعات"
    text = f"{byline}\n{LEAD}\n{TAIL}"
    result = clean(text, learned=set(line_keys(byline)))
    assert result.text == f"{LEAD}\n{TAIL}"
    assert result.removed == [("learned", byline)]
    assert clean(text).text == text


def test_title_line_goes_in_any_spelling() -> None:
    title = "أرمينيا تجمد مشاركتها في التحالف العسكري"
    result = clean(f"ارمينيا تُجمّد مشاركتها في التحالف العسكري.\n{LEAD}", title=title)
    assert result.text == LEAD and result.title == title
    assert clean(f"{title}: تفاصيل جديدة\n{LEAD}", title=title).removed == []


def test_whitespace_is_tidied_and_paragraphs_kept() -> None:
    other = "وهاجمت القوات الأذربيجانية في سبتمبر كاراباخ حيث تنتشر قوات حفظ سلام روسية."
    text = f"\n\n  {LEAD}   \n\n\n\n{TAIL}\t\nشارك\n\n\n{other}\n{BODY_004}\n\n"
    assert clean(text).text == f"{LEAD}\n\n{TAIL}\n\n{other}\n{BODY_004}"
    assert clean(f"{LEAD}\n\nشارك\n\n{TAIL}").text == f"{LEAD}\n\n{TAIL}"
    assert clean(f"{LEAD}\n(ACCESSWIRE)\n{TAIL}").text == f"{LEAD}\n{TAIL}"
    assert clean(f"{LEAD}\r\n{TAIL}").text == f"{LEAD}\n{TAIL}"
    assert clean("").text == "" and clean(" \n\t\n").text == ""


# --- normalisation in one call ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "سطر أول\nسطر ثانٍ مُشكَّل\n\n  ",
    "ﻷهالي الطائف\nكرم الضيافة",  # a ligature: NFKC changes the text, line by line then
    "سطر فيه \ue000 محرف خاص\nوسطر آخر",
    "ﬁrst line\nSecond LINE",
])
def test_normalize_lines_is_normalize_of_each_line(text: str) -> None:
    lines = text.splitlines()
    assert normalize_lines(lines) == [normalize(line) for line in lines]


@given(st.lists(st.text(max_size=40), max_size=8))
@settings(max_examples=300, deadline=None)
def test_normalize_lines_property(lines: list[str]) -> None:
    assert normalize_lines(lines) == [normalize(line) for line in lines]


def test_line_words() -> None:
    assert line_words(normalize("وسط توتر العلاقة.. أرمينيا «تجمد» مشاركتها -")) == [
        "وسط", "توتر", "العلاقه", "ارمينيا", "تجمد", "مشاركتها"]


# --- never crashes, never invents text -------------------------------------------------------------

PIECES = [line for line, _ in DROPPED] + KEPT + [LEAD, TAIL, BODY_004, TITLE_004,
                                                  "(SeaPRwire) – " + LEAD, "المصادر:", "وكالات"]
TEXTS = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(PIECES)), max_size=12).flatmap(
    lambda parts: st.lists(st.sampled_from(["\n", "\n\n", "\r\n", " \n ", "\u2028"]),
                           min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))))


@given(TEXTS, st.one_of(st.none(), st.sampled_from([TITLE_004, ""]), st.text(max_size=20)),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_clean_never_raises_and_keeps_only_original_text(text: str, title: str | None,
                                                          date_header: bool) -> None:
    result = clean(text, title=title, learned=set(line_keys(text)[:2]), date_header=date_header)
    originals = text.splitlines()
    position = 0
    for line in result.text.splitlines():
        assert line == "" or line == line.strip()
        if line:
            found = next(i for i in range(position, len(originals)) if line in originals[i])
            position = found + 1
    assert "\n\n\n" not in result.text and result.text == result.text.strip()
    for _, removed in result.removed:
        assert removed in text
    assert result.normalized == normalize(result.text)


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=300))
@settings(max_examples=300, deadline=None)
def test_clean_never_raises_on_any_text(text: str) -> None:
    """Any text: lone surrogates, NULs, control and bidi characters included."""
    result = clean(text, title=text[:20] or None, learned=set(line_keys(text)), date_header=True)
    assert isinstance(result.text, str)
    assert result.normalized == normalize(result.text)


# --- SaudiNewsNet ---------------------------------------------------------------------------------

def test_saudinewsnet_day_loses_little_text() -> None:
    if not SAUDINEWSNET_DAY.exists():
        pytest.skip(f"SaudiNewsNet not found at {SAUDINEWSNET_DAY} (../shared is absent)")
    with zipfile.ZipFile(SAUDINEWSNET_DAY) as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    total = removed = 0
    for article in articles:
        result = clean(article["content"], title=article["title"] or None)
        total += len(article["content"])
        removed += sum(len(line) for _, line in result.removed)
        assert "رابط الخبر بصحيفة الوئام" not in result.text
    assert len(articles) == 2972
    assert 0.002 < removed / total < 0.02  # measured: 0.73% of the characters


def test_a_digit_that_is_no_decimal_digit_is_no_date_number() -> None:
    from marsad.arabic.dates import date_line

    assert date_line("\U00011052") is None  # BRAHMI NUMBER ONE: isdigit(), yet int() fails
