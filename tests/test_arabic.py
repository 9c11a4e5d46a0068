"""Normalisation for matching: the fast one-word path gives what `normalize` gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic import normalize, normalize_word


@pytest.mark.parametrize(("word", "expected"), [
    ("الأُولى", "الاولي"), ("المنظمةَ", "المنظمه"), ("إِنَّ", "ان"), ("الـمـنظمة", "المنظمه"),
    ("٢٠٢٤", "2024"), ("کتاب", "كتاب"), ("یریفان", "يريفان"), ("ﻻ", "لا"), ("CSTO", "csto"),
    ("𝐀", "a"), ("ب𝐀", "بa"),  # letters outside the Basic Multilingual Plane go through NFKC too
])
def test_normalize_word(word: str, expected: str) -> None:
    assert normalize_word(word) == normalize(word) == expected


@given(st.text(alphabet=st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")),
               min_size=1, max_size=20))
@settings(max_examples=500, deadline=None)
def test_normalize_word_is_normalize_on_any_word(word: str) -> None:
    assert normalize_word(word) == normalize(word)


def test_normalize_is_the_same_on_a_text_and_its_parts() -> None:
    assert normalize("¼ 𝐀") == " ".join([normalize("¼"), normalize("𝐀")]) == "1⁄4 a"
    assert normalize("e\u0301 😀") == " ".join([normalize("e\u0301"), normalize("😀")])


def test_a_point_inside_a_number_or_an_address_ends_no_sentence() -> None:
    from marsad.arabic.sentences import sentence_spans

    text = "ارتفع المؤشر 23.5 في المائة. وزار الموقع www.kfsc.edu.sa أمس.ثم غادر المقبلين.على"
    cuts = [text[a:b] for a, b in sentence_spans(text)]
    assert cuts[0] == "ارتفع المؤشر 23.5 في المائة."
    assert cuts[1] == " وزار الموقع www.kfsc.edu.sa أمس."  # Arabic words glued by a point: an end
