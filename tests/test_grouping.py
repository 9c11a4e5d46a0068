"""Online grouping: one algorithm puts articles into events and events into storylines."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
import scipy.sparse as sp

from marsad.arabic import normalize, words
from marsad.stories.features import feature_tokens, prior, term_counts, tfidf
from marsad.stories.grouping import Item, Params, assign, centroid_matrix, update

ADEN_1 = ("الحكومة اليمنية تعلن تحرير عدن", "أعلنت الحكومة اليمنية تحرير مدينة عدن بالكامل من "
          "ميليشيات الحوثي وقوات المخلوع صالح بعد معارك عنيفة خاضتها المقاومة الشعبية في المدينة")
ADEN_2 = ("المقاومة الشعبية تحرر عدن من الحوثيين", "أكدت المقاومة الشعبية في عدن تحرير المدينة "
          "بالكامل من ميليشيات الحوثي وقوات صالح بعد معارك استمرت أياما، وأعلنت الحكومة اليمنية ذلك")
OIL = ("النفط يستقر فوق 64 دولارا", "استقرت أسعار النفط فوق 64 دولارا للبرميل قبل صدور تقرير "
       "أسبوعي عن المخزونات الأمريكية وسط مخاوف من تخمة المعروض في الأسواق العالمية")

T0 = datetime(2015, 7, 22, 9)
EVENTS = Params(threshold=0.45, window=timedelta(days=3), level="event")


def vectors(*docs: tuple[str, str]) -> sp.csr_matrix:
    counts = term_counts([feature_tokens(normalize(t), words(normalize(b))) for t, b in docs])
    return tfidf(counts, prior().idf())


def item(id_: str, when: datetime | None) -> Item:
    return Item(id_, "e" + id_, None, when, when)


def test_same_happening_joins_and_other_news_opens_its_own_event() -> None:
    x = vectors(ADEN_1, ADEN_2, OIL)
    ids, opened = assign([item("a", T0), item("b", T0 + timedelta(hours=5)), item("c", T0)], x,
                         [], EVENTS)
    assert ids == ["ea", "ea", "ec"]
    assert [g.id for g in opened] == ["ea", "ec"]


def test_the_same_text_a_month_later_is_another_event() -> None:
    x = vectors(ADEN_1, ADEN_2)
    ids, _ = assign([item("a", T0), item("b", T0 + timedelta(days=30))], x, [], EVENTS)
    assert ids == ["ea", "eb"]


def test_undated_items_are_matched_on_text_alone() -> None:
    x = vectors(ADEN_1, ADEN_2)
    ids, _ = assign([item("a", T0), item("b", None)], x, [], EVENTS)
    assert ids == ["ea", "ea"]


def test_stored_groups_are_joined_and_updated() -> None:
    x = vectors(ADEN_1, ADEN_2)
    _, opened = assign([item("a", T0)], x[0], [], EVENTS)
    update(opened[0], [item("a", T0)], x[0])
    ids, new = assign([item("b", T0 + timedelta(days=1))], x[1], opened, EVENTS)
    assert ids == ["ea"] and new == []
    update(opened[0], [item("b", T0 + timedelta(days=1))], x[1])
    g = opened[0]
    assert g.size == 2 and g.n_vectors == 2 and g.end == T0 + timedelta(days=1)
    centroid = centroid_matrix([g])
    assert abs(float(centroid.multiply(centroid).sum()) - 1.0) < 1e-5
    assert np.all(np.diff(g.centroid_idx) > 0)


@pytest.mark.parametrize(("one", "other", "shared"), [
    ("أرمينيا تجمد مشاركتها في CSTO", "يريفان تنسحب من منظمة معاهدة الأمن الجماعي", "@org:csto"),
    ("الرئيس الروسي فلاديمير بوتين يستقبل أردوغان", "بوتين: العلاقات مع تركيا تتطور", "@pers:putin"),
])
def test_name_features_are_the_same_for_the_variants_of_a_name(one: str, other: str,
                                                                shared: str) -> None:
    from marsad.extract import name_features

    assert shared in name_features(one) and shared in name_features(other)


def test_title_names_count_once_each_in_the_features() -> None:
    from marsad.stories.features import NAME_WEIGHT

    tokens = words(normalize("قال الوزير إن الاجتماع ناجح"))
    plain = feature_tokens(normalize("اجتماع"), tokens)
    named = feature_tokens(normalize("اجتماع"), tokens, ["@org:csto"])
    assert named == plain + ["@org:csto"] * NAME_WEIGHT


def test_name_features_read_amman_by_its_marks() -> None:
    from marsad.extract import name_features

    assert "@loc:capital-jo" in name_features("الملك يصل إلى عمّان")
    assert "@loc:capital-jo" not in name_features("السلطان يصل إلى عُمان")


@pytest.mark.parametrize(("token", "col"), [
    ("موسكو", 624335), ("ارمين", 954164), ("@loc:sa", 771814), ("الرياض", 255206),
])
def test_hashed_columns_never_change(token: str, col: int) -> None:
    """The columns of scikit-learn's HashingVectorizer (MurmurHash3, seed 0), with which the
    shipped prior and every stored centroid were made."""
    from marsad.stories.features import column

    assert column(token) == col


# --- issue 12: the rules that split recurring templates and keep storylines specific --------

GOLD_1 = ("الذهب يتراجع مع صعود الدولار", "تراجعت أسعار الذهب في تعاملات اليوم مع صعود الدولار "
          "الأمريكي وترقب المستثمرين لقرار مجلس الاحتياطي الاتحادي بشأن أسعار الفائدة")
GOLD_2 = ("الذهب يتراجع مع صعود الدولار", "تراجعت أسعار الذهب في تعاملات اليوم مع صعود الدولار "
          "الأمريكي وترقب المستثمرين لبيانات الوظائف الأمريكية وقرار أسعار الفائدة")


def test_the_same_template_days_later_needs_a_closer_text() -> None:
    """Two gold reports two days apart: the far threshold applies, not the near one."""
    params = Params(threshold=0.3, window=timedelta(days=3), level="event",
                    near=timedelta(days=1), far_threshold=0.99)
    x = vectors(GOLD_1, GOLD_2)
    same_day, _ = assign([item("a", T0), item("b", T0 + timedelta(hours=6))], x, [], params)
    days_apart, _ = assign([item("a", T0), item("b", T0 + timedelta(days=2))], x, [], params)
    assert same_day == ["ea", "ea"] and days_apart == ["ea", "eb"]


def test_near_and_far_threshold_go_together() -> None:
    with pytest.raises(ValueError, match="together"):
        Params(threshold=0.3, window=timedelta(days=3), level="event", near=timedelta(days=1))


def test_a_group_never_spans_more_than_its_span() -> None:
    """Reports of the relief flights to Aden, a day apart each: chained within the window, cut
    at the span."""
    params = Params(threshold=0.3, window=timedelta(days=3), level="event",
                    span=timedelta(days=2))
    x = vectors(ADEN_1, ADEN_2, ADEN_1)
    when = [T0, T0 + timedelta(days=1, hours=12), T0 + timedelta(days=3)]
    ids, _ = assign([item(k, t) for k, t in zip("abc", when, strict=True)], x, [], params)
    assert ids == ["ea", "ea", "ec"]


@pytest.mark.parametrize(("title", "routine"), [
    ("خادم الحرمين يهنئ رئيس كولومبيا بذكرى استقلال بلاده", True),
    ("القيادة تهنئ رئيسي المالديف وليبيريا", True),
    ("أمير منطقة الرياض يستقبل سفير باكستان", True),
    ("الأرصاد: طقس شديد الحرارة على المنطقة الشرقية", True),
    ("مؤشر الأسهم السعودية يغلق على تراجع", True),
    ("النفط يرتفع لكن عودة الخام الإيراني قد تتأخر", True),
    ("وظيفة معيد بكلية الهندسة", True),
    ("القصاص بحق مواطن قتل اثنين بالقصيم", True),
    ("البيشي يحتفي بزواجه مع الأهل والأصدقاء", True),
    ("«الغذاء والدواء» تعايد منسوبيها", True),
    ("أفراح الخضيري والعتيق", True),
    ("محافظ دومة الجندل يواسي أسرة الرمالي", True),
    ("ترقية عدد من ضباط أمن الطرق بالجوف", True),
    ("\"الزهراني\" يحتفل بزفاف نجله", True),
    ("أمير منطقة الرياض يقلد مرزوق الهيضل رتبة عقيد", True),
    ("آل سلطان يتلقون العزاء في آمنة", True),
    ("تراجع صافي أرباح سابك 21% في 6 أشهر", True),
    ("المقاومة تتقدم في تعز وتلاحق بقايا الحوثيين", False),
    ("التحالف يدمر جسرين لداعش في سوريا", False),
    ("الهلال يختبر جاهزيته أمام العين", False),
    ("مجلس الأمن يصادق على الاتفاق النووي", False),
    (None, False),
])
def test_routine_genres_are_read_from_the_title(title: str | None, routine: bool) -> None:
    from marsad.stories.routine import is_routine

    assert is_routine(title) is routine


def test_the_routine_stems_load_and_are_stems() -> None:
    from marsad.arabic import stems
    from marsad.stories.routine import routine_stems

    table = routine_stems()
    assert len(table) >= 20
    assert all(s and " " not in s and "#" not in s for s in table)
    assert "ذهب" in table and stems(normalize("الذهب")) == ["ذهب"]


def test_routine_storylines_stay_within_their_span() -> None:
    """Two gold reports days apart are not one storyline; two war reports are."""
    params = Params(threshold=0.2, window=timedelta(days=60), level="storyline",
                    routine_span=timedelta(days=1))
    gold = vectors(GOLD_1, GOLD_2)
    war = vectors(ADEN_1, ADEN_2)
    later = T0 + timedelta(days=4)
    ids, _ = assign([Item("a", "sa", GOLD_1[0], T0, T0), Item("b", "sb", GOLD_2[0], later, later)],
                    gold, [], params)
    assert ids == ["sa", "sb"]
    ids, _ = assign([Item("a", "sa", ADEN_1[0], T0, T0), Item("b", "sb", ADEN_2[0], later, later)],
                    war, [], params)
    assert ids == ["sa", "sa"]


def test_a_routine_event_is_a_storyline_of_its_own() -> None:
    """By default two gold reports of one day are two storylines (two Eid greetings, two
    weddings of one evening are not one running situation); two war reports are one."""
    from marsad.stories import GroupingParams
    params = GroupingParams().level("storyline")
    soon = T0 + timedelta(hours=2)
    ids, _ = assign([Item("a", "sa", GOLD_1[0], T0, T0), Item("b", "sb", GOLD_2[0], soon, soon)],
                    vectors(GOLD_1, GOLD_2), [], params)
    assert ids == ["sa", "sb"]
    ids, _ = assign([Item("a", "sa", ADEN_1[0], T0, T0), Item("b", "sb", ADEN_2[0], soon, soon)],
                    vectors(ADEN_1, ADEN_2), [], params)
    assert ids == ["sa", "sa"]


def test_a_capped_centroid_stops_moving() -> None:
    x = vectors(ADEN_1, OIL)
    _, opened = assign([item("a", T0)], x[0], [], EVENTS)
    g = opened[0]
    update(g, [item("a", T0)], x[0], cap=1)
    before = (g.centroid_idx.copy(), g.centroid_val.copy())
    update(g, [item("c", T0)], x[1], cap=1)
    assert g.size == 2 and np.array_equal(g.centroid_idx, before[0])
    assert np.array_equal(g.centroid_val, before[1])


def test_a_near_copy_of_a_routine_report_days_later_is_its_own_event() -> None:
    """The same congratulation cable to another country ten days later: dedup links it as a near
    copy, grouping does not put it in the first cable's event. A near copy of news stays."""
    from marsad.model import Article, Match
    from marsad.stories import Grouper, GroupingParams

    class Empty:
        def group_ids(self, *args: object) -> list[str]:
            return []

        def load_groups(self, ids: object) -> list:
            return []

        def doc_freq(self) -> None:
            return None

    def art(id_: str, title: str, when: datetime) -> Article:
        return Article(id=id_, text=title, clean_text=title, origin="t", title=title,
                       published=when)

    cable = "خادم الحرمين يهنئ رئيس كولومبيا بذكرى استقلال بلاده"
    other = "خادم الحرمين يهنئ رئيس بيرو بذكرى استقلال بلاده"
    arts = [art("a", cable, T0), art("b", other, T0 + timedelta(days=10)),
            art("c", ADEN_1[0], T0), art("d", ADEN_1[0] + " كاملة", T0 + timedelta(days=10))]
    matches = {"b": Match("a", None, "near", 0.9), "d": Match("c", None, "near", 0.9)}
    feats = {a.id: feature_tokens(normalize(a.title or ""), words(normalize(a.clean_text)))
             for a in arts}
    got = Grouper(Empty(), GroupingParams()).group(arts, matches, feats)  # type: ignore[arg-type]
    assert got.event_of["b"] != got.event_of["a"]
    assert got.event_of["d"] == got.event_of["c"]


def test_a_storyline_needs_specific_terms_not_only_the_words_of_a_domain() -> None:
    """Two clubs' training camps share the words of football; one club's camp shares its name."""
    camp_1 = ("النصر يواصل تدريباته في معسكر النمسا", "واصل فريق النصر تدريباته في معسكره "
              "الإعدادي بالنمسا استعدادا للموسم الجديد بمشاركة جميع اللاعبين تحت إشراف المدرب")
    camp_2 = ("الأهلي يبدأ معسكره في سويسرا", "بدأ الأهلي معسكره الإعدادي في سويسرا استعدادا "
              "للموسم الجديد وسط حضور جميع اللاعبين والمدرب")
    camp_3 = ("النصر يخوض وديته الأولى في النمسا", "يخوض النصر أولى مبارياته الودية في معسكر "
              "النمسا أمام فريق محلي ويشارك اللاعبون الجدد")
    x = vectors(camp_1, camp_2, camp_3)
    idf = prior().idf()
    specific = (idf >= 4.5).astype(np.float32)
    params = Params(threshold=0.2, window=timedelta(days=60), level="storyline", specific=0.05)
    later = [T0, T0 + timedelta(days=1), T0 + timedelta(days=2)]
    plain, _ = assign([item(k, t) for k, t in zip("abc", later, strict=True)], x, [],
                      Params(threshold=0.2, window=timedelta(days=60), level="storyline"))
    strict, _ = assign([item(k, t) for k, t in zip("abc", later, strict=True)], x, [], params,
                       specific_terms=specific)
    assert plain[1] == "ea"  # the text alone chains the two clubs
    assert strict == ["ea", "eb", "ea"]


def test_an_undated_item_needs_the_far_threshold() -> None:
    """Nothing shows that an undated article is near an event in time (the seeds, scraped text
    without dates, are five happenings of one storyline, not one event)."""
    params = Params(0.30, timedelta(days=3), "event", near=timedelta(days=1), far_threshold=0.50)
    day = datetime(2024, 10, 25)
    assert params.needed(day, day, day) == 0.30
    assert params.needed(None, None, day) == params.needed(day, day, None) == 0.50


SOLDIER_1 = ("محافظة بارق تودع شهيدها أحمد المجيشي", "شيع أهالي محافظة بارق الشهيد الجندي أحمد "
             "المجيشي الذي استشهد على الحد الجنوبي وسط حضور كبير من المسؤولين والأهالي")
SOLDIER_2 = ("وصول جثمان الشهيد المجيشي إلى بارق", "وصل جثمان الشهيد أحمد المجيشي إلى محافظة "
             "بارق حيث أدى المصلون صلاة الجنازة عليه في الجامع الكبير بحضور محافظ بارق")


@pytest.mark.parametrize(("a", "b", "shared"), [
    ("محافظة بارق تودع شهيدها أحمد المجيشي", "وصول جثمان الشهيد المجيشي إلى \"بارق\"", 3),
    ("تسجيل الرسوم الصخرية في منطقة حائل", "رسوم حائل الصخرية تدخل دائرة الآثار العالمية", 3),
    ("الذهب يتراجع مع صعود الدولار", "النفط يستقر فوق 64 دولارا", 0),
    (None, "الذهب يتراجع مع صعود الدولار", 0),
])
def test_titles_share_their_rare_stems(a: str | None, b: str, shared: int) -> None:
    from marsad.stories.grouping import shared_title_terms

    assert shared_title_terms(a, b, prior().idf(), 4.5) == shared


def test_linked_titles_join_days_apart_at_the_linked_threshold() -> None:
    """The funeral of a soldier four days after the first report: the far threshold and the
    span would keep it apart; titles sharing his name and town link it to the event."""
    base = Params(0.30, timedelta(days=3), "event", near=timedelta(days=1), far_threshold=0.99,
                  span=timedelta(days=3))
    linked = Params(0.30, timedelta(days=3), "event", near=timedelta(days=1), far_threshold=0.99,
                    span=timedelta(days=3), linked_terms=3, linked_idf=4.5,
                    linked_span=timedelta(days=5), linked_threshold=0.30)
    x = vectors(SOLDIER_1, SOLDIER_2)
    later = T0 + timedelta(days=4)
    items = [Item("a", "ea", SOLDIER_1[0], T0, T0), Item("b", "eb", SOLDIER_2[0], later, later)]
    idf = prior().idf()
    assert assign(items, x, [], base, idf=idf)[0] == ["ea", "eb"]
    assert assign(items, x, [], linked, idf=idf)[0] == ["ea", "ea"]
    assert linked.reach == timedelta(days=5)
    with pytest.raises(ValueError, match="linked_terms"):
        Params(0.30, timedelta(days=3), "event", linked_terms=0)

