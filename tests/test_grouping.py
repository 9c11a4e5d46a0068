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
