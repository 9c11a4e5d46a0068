"""Multi-document briefs: the seeds' storyline brief from a real store, the CLI, and units of
merging, provenance, flags and number disagreements on real Arabic strings."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import marsad
from marsad.arabic.resources import data_json
from marsad.brief import brief_event
from marsad.brief.compare import MAX_DISAGREEMENTS, _first_group, compare
from marsad.brief.flags import article_flags, tables
from marsad.brief.numbers import numbers
from marsad.brief.provenance import _agencies, credits
from marsad.brief.provenance import tables as provenance_tables
from marsad.brief.units import cluster, leans_on_context
from marsad.cli import app
from marsad.model import Article, Event, Happening, Source

SEED_001 = "9fb43381319b304e"


@pytest.fixture(scope="module")
def seeds_brief(seeds_db: Path) -> marsad.brief.Brief:
    with marsad.open(seeds_db, readonly=True) as obs:
        story = next(obs.storylines())
        return obs.brief(story.id[:8])


def test_seed_storyline_brief_cites_every_sentence_once_in_time_order(seeds_brief,
                                                                     seeds_db: Path) -> None:
    b = seeds_brief
    assert b.kind == "storyline" and len(b.sentences) == 8 and len(b.outlets) == 5
    texts = [s.text for s in b.sentences]
    assert len(set(texts)) == len(texts)
    dates = [s.date for s in b.sentences if s.date]
    assert dates == sorted(dates)
    assert all(s.date is not None for s in b.sentences[: len(dates)])  # dated ones first
    with marsad.open(seeds_db, readonly=True) as obs:
        articles = {a.id: a for a in obs.articles()}
    for s in b.sentences:
        assert s.citations and s.support == len({c.outlet for c in s.citations})
        first = s.citations[0]  # the representative: its words as written, at its offsets
        assert articles[first.article_id].clean_text[first.start:first.end] == s.text
    for bad in ("SeaPRwire", "شارك القصة", "تابع القراءة", "Star Inactive"):
        assert all(bad not in t for t in texts)


def test_seed_001_eu_sentence_is_flagged_as_translation_error(seeds_brief) -> None:
    flags = [f for f in seeds_brief.flags if f.article_id == SEED_001 and f.kind == "translation"]
    assert len(flags) == 1
    assert "الانسحاب من الاتحاد الأوروبي" in flags[0].text
    assert "منظمة معاهدة الأمن الجماعي" in flags[0].reason
    press = {f.outlet for f in seeds_brief.flags if f.kind == "press-release"}
    assert press == {"003_27ee660541e3fe33"}
    assert any(f.text == "الإسلامي الإسلامي" for f in seeds_brief.flags)


def test_comparison_shows_which_seed_reported_what(seeds_brief) -> None:
    comp = seeds_brief.comparison
    assert len(comp.outlets) == 5
    for fact in comp.facts:
        carriers = {c.outlet for c in fact.carriers}
        assert carriers | set(fact.missing) == set(comp.outlets)
        assert not carriers & set(fact.missing)
        assert fact.first.outlet in carriers
    kinds = {f.kind for f in comp.facts}
    assert {"sentence", "happening", "quote"} <= kinds
    prov = {p.outlet: {c.name for c in p.credits} for p in seeds_brief.provenance}
    assert prov["004_19bbd44f0b4c1513"] >= {"ريا نوفوستي", "وكالات"}
    assert prov["001_787c59602c365256"] == {"تسنيم"}


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_cli_brief(seeds_db: Path, fmt: str) -> None:
    with marsad.open(seeds_db, readonly=True) as obs:
        story = next(obs.storylines()).id
    result = CliRunner().invoke(app, ["brief", story[:8], "--db", str(seeds_db), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        record = json.loads(result.output)
        assert record["schema"] == "marsad.brief/1" and record["kind"] == "storyline"
        assert set(record) >= {"sentences", "comparison", "provenance", "flags", "outlets"}
        assert all(s["citations"] for s in record["sentences"])
    else:
        assert result.output.startswith("# موجز القصة")
        assert re.search(r"^1\. .+\[1\]", result.output, re.MULTILINE)
        assert "## تنبيهات الجودة" in result.output and "\x1b" not in result.output


def test_cli_brief_of_an_article_is_one_clean_error(seeds_db: Path) -> None:
    result = CliRunner().invoke(app, ["brief", SEED_001, "--db", str(seeds_db)])
    assert result.exit_code != 0


# --- units -----------------------------------------------------------------------------------
def _article(id_: str, outlet: str, text: str, day: int = 1) -> Article:
    return Article(id_, text, text, f"{outlet}.txt", outlet=outlet,
                   published=datetime(2015, 7, day, 10))


WIRE = "أعلنت وزارة الصحة السعودية تسجيل حالات جديدة بفيروس كورونا في مدينة الرياض اليوم"


def test_the_same_sentence_in_three_outlets_is_one_cited_sentence() -> None:
    arts = [_article("a1", "sabq", WIRE + ". وأضافت الوزارة أن المصابين يتلقون العلاج اللازم الآن.", 2),
            _article("a2", "okaz", "الرياض: " + WIRE + ".", 1),
            _article("a3", "alriyadh", WIRE + "، بحسب بيان رسمي.", 3)]
    copy = _article("c1", "almadina", arts[1].clean_text, 4)
    copy.duplicate_of = "a2"
    event = Event("e1", ["a1", "a2", "a3", "c1"], None, "كورونا", None, None, 4)
    b = brief_event(event, arts, {}, copies={"a2": [copy]}, n=2)
    top = next(s for s in b.sentences if "حالات جديدة" in s.text)
    assert top.support == 3  # the copy is cited but counts once
    assert {c.outlet for c in top.citations} == {"sabq", "okaz", "alriyadh", "almadina"}
    assert next(c for c in top.citations if c.article_id == "c1").copy_of == "a2"
    assert sum("حالات جديدة" in s.text for s in b.sentences) == 1
    sentence = next(f for f in b.comparison.facts if f.kind == "sentence" and "حالات" in f.text)
    assert sentence.first.outlet == "okaz"  # published first
    assert [p.copy_of for p in b.provenance if p.article_id == "c1"] == ["a2"]


def test_number_disagreement_between_outlets() -> None:
    crash = "أشخاص مصرعهم وأصيب 12 آخرون في حادث تصادم على طريق مكة جدة السريع"
    arts = [_article("a1", "sabq", f"لقي 5 {crash}"), _article("a2", "okaz", f"لقي 7 {crash}", 2)]
    cl = cluster(arts)
    comp = compare(cl, {}, ["okaz", "sabq"], {}, {}, [])
    deaths = [d for d in comp.disagreements if d.kind == "deaths"]
    assert len(deaths) == 1
    assert sorted(v.value for v in deaths[0].versions) == ["5", "7"]
    assert {v.citation.outlet for v in deaths[0].versions} == {"sabq", "okaz"}
    assert not [d for d in comp.disagreements if d.kind == "injured"]


@pytest.mark.parametrize(("text", "expected"), [
    ("أسفر الحادث عن مصرع 3 أشخاص وإصابة 12 آخرين", [("deaths", "3"), ("injured", "12")]),
    ("سقط 20 قتيلا و 30 جريحا", [("deaths", "20"), ("injured", "30")]),
    ("بلغت الميزانية 2.5 مليار ريال بزيادة 7٪", [("amount (ريال)", "2.5 مليار"), ("percent", "7")]),
    ("تبرع بمبلغ ١٠٠ ألف دولار", [("amount (دولار)", "100 الف")]),
    ("ارتفع عدد الوفيات إلى 12 حالة", [("deaths", "12")]),
    ("في عام 2020 وقع الاتفاق", []),
])
def test_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("الرياض (واس) - أعلنت الوزارة أن", [("واس", "dateline")]),
    ("جدة - واس\nقال الوزير", [("واس", "dateline")]),
    ("ونقلت وكالة أنباء \"ريا نوفوستي\" عن أمانة المنظمة", [("ريا نوفوستي", "ونقلت")]),
    ("وذلك نقلاً عن رويترز", [("رويترز", "نقلاً عن")]),
    ("وفقا لوكالة الأنباء الفرنسية (أ ف ب) فإن", [("أ ف ب", "dateline")]),
    ("ذكرت صحيفة عكاظ أن الأمطار", [("عكاظ", "ذكرت")]),
    ("المصدر: وكالات", [("وكالات", "sources-line")]),
    ("وقال بنا إن الفريق سيعود", []),  # بنا ("with us") without a dateline or a cue
])
def test_provenance_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.cue) for c in credits(text)] == expected


@pytest.mark.parametrize(("text", "kind", "span"), [
    ("وهذا يتوافق مع سياسة التوازن الإسلامي الإسلامي الذي أجرته أرمينيا", "repeated-words",
     "الإسلامي الإسلامي"),
    ("وقالت وكالة تسنیم للأنباء إن المحادثات انتهت", "foreign-letters", "تسنیم"),
    ("يتم توفير المقال من قبل مزود محتوى خارجي.", "press-release",
     "يتم توفير المقال من قبل مزود محتوى خارجي."),
    ("وانتهى الاجتماع.\nشارك القصة\nوعاد الوفد", "boilerplate", "شارك القصة"),
])
def test_article_flags(text: str, kind: str, span: str) -> None:
    flags = article_flags(_article("a1", "x", text))
    assert [(f.kind, f.text) for f in flags] == [(kind, span)]


def test_clean_text_raises_no_flag() -> None:
    text = "أعلنت وزارة الصحة تسجيل حالات جديدة. وقال الوزير إن الوضع مطمئن جدا جدا."
    assert article_flags(_article("a1", "x", text)) == []


def test_word_lists_load_and_are_well_formed() -> None:
    for name in ("flags.json", "provenance.json", "numbers.json"):
        assert isinstance(data_json("marsad.brief", name), dict)
    assert tables().press.pattern and provenance_tables().names
    raw = data_json("marsad.brief", "provenance.json")
    assert all(forms and all(f.strip() == f and f for f in forms)
               for forms in raw["agencies"].values())
    kinds = data_json("marsad.brief", "numbers.json")["kinds"]
    assert all(set(v) == {"after", "before"} for v in kinds.values())


# --- same-day numbers, sentences that lean on the one before, the fast paths ----------------
ATTACK = "من عناصر الميليشيا في هجوم شنته قوات الجيش على مواقعهم شرق مدينة المكلا"


def _deaths(arts: list[Article], happenings: list[Happening] | None = None) -> list[set[str]]:
    comp = compare(cluster(arts), {}, sorted({a.outlet or "" for a in arts}), {}, {},
                   happenings or [])
    return [{v.value for v in d.versions} for d in comp.disagreements if d.kind == "deaths"]


def test_tolls_of_different_days_are_not_a_disagreement() -> None:
    far = [_article("a1", "sabq", f"قتل 9 {ATTACK}", 1), _article("a2", "okaz", f"قتل 14 {ATTACK}", 5)]
    assert _deaths(far) == []  # four days apart: two days' news, not two versions
    near = [_article("a1", "sabq", f"قتل 9 {ATTACK}", 1), _article("a2", "okaz", f"قتل 14 {ATTACK}", 1)]
    assert _deaths(near) == [{"9", "14"}]
    undated = [_article("a1", "sabq", f"قتل 9 {ATTACK}"), _article("a2", "okaz", f"قتل 14 {ATTACK}")]
    undated[1].published = None
    assert _deaths(undated) == []


def _told(value: str, article: Article, word: str) -> Happening:
    at = article.clean_text.index(word)
    return Happening(value, "day", {}, word, article.clean_text, kind="text",
                     sources=[Source(article.id, article.outlet, article.published, at,
                                     at + len(word))])


def test_tolls_of_dated_happenings_must_share_the_date() -> None:
    a1 = _article("a1", "sabq", f"قتل 9 {ATTACK} يوم الاثنين", 2)
    a2 = _article("a2", "okaz", f"قتل 14 {ATTACK} يوم الثلاثاء", 2)
    days = [_told("2015-07-20", a1, "الاثنين"), _told("2015-07-21", a2, "الثلاثاء")]
    assert _deaths([a1, a2], days) == []  # published the same day, about two days
    one = [_told("2015-07-20", a1, "الاثنين"), _told("2015-07-20", a2, "الثلاثاء")]
    assert _deaths([a1, a2], one) == [{"9", "14"}]


@pytest.mark.parametrize(("text", "leans"), [
    ("هذا في الوقت الذي تواصل فيه فرق الدفاع المدني البحث عن المفقودين", True),
    ("وفي الوقت الذي ارتفعت فيه أسعار الخضار عاد المزارعون إلى الأسواق", True),
    ("كما افتتح المحافظ معرضا للكتاب في قاعة المؤتمرات بالمدينة", True),
    ("إلى ذلك، وصل وفد تجاري إلى العاصمة لبحث فرص الاستثمار المشترك", True),
    ("ومن جهة أخرى ناقش المجلس خطة تطوير الطرق الريفية في المنطقة", True),
    ("«وهذه التطلعات» تحتاج إلى وقت أطول", True),  # short, with a demonstrative
    ("وقالت إن تلك المطالب مشروعة تماما", True),
    ("وأفاد أن الأجهزة الجديدة ستصل إلى المستشفيات خلال الأسبوع المقبل", True),
    ("وأشارت إلى أن الطلاب المتفوقين سيحصلون على منح دراسية في الخارج", True),
    ("فيما واصلت فرق الصيانة أعمالها في الطرق المتضررة من السيول", True),
    ("وأوضح مدير التعليم أن الطلاب المتفوقين سيحصلون على منح دراسية", False),
    ("افتتح أمير المنطقة معرضا للكتاب في قاعة المؤتمرات بحضور عدد من المسؤولين", False),
    ("أعلنت الهيئة العامة للطيران المدني عن تشغيل رحلات جديدة إلى أوروبا هذا الصيف", False),
])
def test_sentences_that_lean_on_the_one_before(text: str, leans: bool) -> None:
    assert leans_on_context(text) is leans


def test_a_cluster_is_shown_by_a_sentence_that_stands_on_its_own() -> None:
    core = "افتتح أمير المنطقة مستشفى الولادة الجديد في حي النزهة بسعة مئتي سرير"
    arts = [_article("a1", "sabq", f"كما {core}.", 1), _article("a2", "okaz", f"{core}.", 2),
            _article("a3", "alriyadh", f"وفي هذا السياق {core}.", 1)]
    b = brief_event(Event("e1", ["a1", "a2", "a3"], None, "مستشفى", None, None, 3), arts, {}, n=1)
    assert b.sentences[0].text == f"{core}." and b.sentences[0].support == 3


def test_a_leaning_sentence_is_taken_only_after_those_that_stand() -> None:
    lean = "وهذا ما دفع الأهالي إلى مطالبة البلدية بإصلاح شبكة تصريف مياه الأمطار في الحي"
    own = "طالب أهالي حي الروضة البلدية بإصلاح شبكة تصريف مياه الأمطار قبل موسم الشتاء"
    arts = [_article("a1", "sabq", f"{lean}.", 1), _article("a2", "okaz", f"{own}.", 1)]
    b = brief_event(Event("e1", ["a1", "a2"], None, "أمطار", None, None, 2), arts, {}, n=1)
    assert [s.text for s in b.sentences] == [f"{own}."]
    b = brief_event(Event("e1", ["a1"], None, "أمطار", None, None, 1), arts[:1], {}, n=1)
    assert [s.text for s in b.sentences] == [f"{lean}."]  # nothing else tells it


@pytest.mark.parametrize("text", [
    "الرياض (واس) - أعلنت الوزارة، نقلا عن رويترز، أن",
    "ذكرت وكالة الأنبــاء السعوديةُ أن الوفد وصل",  # tatweel and a diacritic inside the name
    "القاهرة - أ.ف.ب: قال و(أ ش أ) ثم (د ب أ) وأف ب والواس ورويترزي",
    "وقال مصدر لـ Reuters وSPA وAP إن (سبأ) و(وام) و(قنا) أكدت",
    "وَكَالَةُ الأَنْبَاءِ القَطَرِيَّةِ (قنا) ـ الدوحة",
])
def test_agency_names_found_through_anchors_as_by_the_whole_pattern(text: str) -> None:
    whole = provenance_tables().agencies
    assert [m.span() for m in _agencies(text)] == [m.span() for m in whole.finditer(text)]


def test_quote_groups_through_the_stem_index_as_by_every_pair() -> None:
    import random

    rng = random.Random(7)
    vocab = [f"s{i}" for i in range(12)]
    groups: list[tuple[frozenset[str], list[Any]]] = []
    holding: dict[str, list[int]] = {}
    for _ in range(300):
        bag = frozenset(rng.sample(vocab, rng.randint(0, 5)))
        naive = next((g for g, (other, _) in enumerate(groups) if (bag | other) and
                      len(bag & other) / len(bag | other) >= 0.5), None)
        got = _first_group(bag, groups, holding)
        assert got == naive
        if got is None:
            for s in bag:
                holding.setdefault(s, []).append(len(groups))
            groups.append((bag, []))


def test_a_copy_is_cited_only_where_it_has_the_words() -> None:
    told = "وصل فريق طبي سعودي إلى مدينة عدن لتقديم العلاج للجرحى في مستشفيات المدينة"
    original = _article("a1", "sabq", f"{told}. وغادر الوفد بعد ذلك إلى الرياض مساء أمس.")
    wrapped = _article("c1", "okaz", "عدن:\n" + told.replace(" لتقديم ", "\nلتقديم ") + ".")
    other = _article("c2", "alyaum", "غادر الوفد الطبي مدينة عدن متوجها إلى الرياض مساء أمس.")
    for copy in (wrapped, other):
        copy.duplicate_of = "a1"
    b = brief_event(Event("e1", ["a1", "c1", "c2"], None, "عدن", None, None, 3), [original], {},
                    copies={"a1": [wrapped, other]}, n=1)
    cited = {c.article_id: c for c in b.sentences[0].citations}
    assert set(cited) == {"a1", "c1"}  # c2, a near copy, tells another part of the story
    c = cited["c1"]
    assert b.sentences[0].text == f"{told}."
    assert " ".join(wrapped.clean_text[c.start:c.end].split()) == f"{told}."  # across the break


def test_sentences_whose_numbers_clash_are_not_one_cited_sentence() -> None:
    price = "سنتا إلى {} دولار للبرميل في تعاملات الأسواق الآسيوية بعد صدور بيانات المخزون"
    clash = [_article("a1", "sabq", "انخفض سعر مزيج برنت 25 " + price.format("53.06") + "."),
             _article("a2", "okaz", "انخفض سعر مزيج برنت 50 " + price.format("53.88") + ".")]
    assert len(cluster(clash).clusters) == 2
    more = [_article("a1", "sabq", "انخفض سعر مزيج برنت 25 " + price.format("53.06") + "."),
            _article("a2", "okaz", "انخفض سعر مزيج برنت " + price.format("53.06") + ".")]
    assert len(cluster(more).clusters) == 1  # one gives fewer numbers, none other


def test_disagreements_are_capped_to_the_most_similar_sentences() -> None:
    arts = [_article(f"a{n}", f"outlet{n}", f"قتل {n + 2} {ATTACK}", 1) for n in range(15)]
    assert len(_deaths(arts)) == MAX_DISAGREEMENTS
