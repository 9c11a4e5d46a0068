"""Named-entity tagging: BIO spans, mention offsets on real sentences, and the quality floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAUDINEWSNET, SHARED, need
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract import entities, mentions, names, tag
from marsad.extract.letters import LetterModel, ngrams
from marsad.model import EntityType

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("labels", "expected"), [
    (["O", "B-PERS", "I-PERS", "O"], [(1, 3, "PERS")]),
    (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
    (["B-ORG", "I-ORG", "I-ORG"], [(0, 3, "ORG")]),
    (["I-MISC", "O", "B-PERS"], [(0, 1, "MISC"), (2, 3, "PERS")]),
    (["B-ORG", "I-LOC"], [(0, 1, "ORG"), (1, 2, "LOC")]),
    (["O", "O"], []),
])
def test_spans(labels: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert entities.spans(labels) == expected


@pytest.mark.parametrize(("text", "tokens"), [
    ("قال «بوتين»: نعم.", ["قال", "«", "بوتين", "»", ":", "نعم", "."]),
    ("مُنَظَّمَة (الأمن)", ["مُنَظَّمَة", "(", "الأمن", ")"]),
])
def test_tokenize_keeps_words_with_their_marks(text: str, tokens: list[str]) -> None:
    found = entities.tokenize(text)
    assert [t for t, _, _ in found] == tokens
    assert all(text[s:e] == t for t, s, e in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة للحوار.",
     [("فلاديمير بوتين", EntityType.PERS)]),
    ("عقب لقاء رئيس الوزراء الأرميني نيكول باشينيان والرئيس الأذربيجاني إلهام علييف في كازان",
     [("نيكول باشينيان", EntityType.PERS)]),
    ("سواء في الإطار الثنائي أو من خلال منظمة معاهدة الأمن الجماعي (CSTO)",
     [("منظمة معاهدة الأمن الجماعي", EntityType.ORG)]),
    ("وجاءت تصريحات باشينيان قبيل محادثات يستضيفها الرئيس الروسي فلاديمير بوتين الخميس في موسكو",
     [("فلاديمير بوتين", EntityType.PERS), ("موسكو", EntityType.LOC)]),
])
def test_mentions_on_seed_sentences(text: str, expected: list[tuple[str, EntityType]]) -> None:
    found = mentions(text)
    for m in found:
        assert text[m.start:m.end] == m.surface
    pairs = [(m.surface, m.type) for m in found]
    for item in expected:
        assert item in pairs, pairs


def test_mentions_offsets_on_seed_article() -> None:
    seeds = need(SHARED / "seeds", "the seed articles")
    text = sorted(seeds.glob("*.txt"))[0].read_text(encoding="utf-8")
    found = mentions(text)
    assert found, "a news article names someone or somewhere"
    assert all(text[m.start:m.end] == m.surface and m.surface.strip() == m.surface for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)


@pytest.mark.parametrize(("word", "expected"), [
    ("والرياض", ("و", "الرياض")),
    ("للامم", ("ل", "الامم")),
    ("بوتين", ("", "بوتين")),
    ("وبوتين", ("و", "بوتين")),
])
def test_segment(word: str, expected: tuple[str, str]) -> None:
    rank = {"بوتين": 10, "وتين": 500, "الرياض": 3}
    assert entities.segment(word, rank) == expected


def test_tag_document_propagates_a_surname() -> None:
    first = ["وقال", "وزير", "الدفاع", "دونالد", "رامسفيلد", "إن", "القوات", "ستبقى", "."]
    second = ["وأضاف", "رامسفيلد", "أن", "الانسحاب", "غير", "وارد", "."]
    labels = entities.tag_document([first, second])
    assert labels[0][3:5] == ["B-PERS", "I-PERS"]
    assert labels[1][1] == "B-PERS"


def test_leading_nisba_is_not_part_of_a_name() -> None:
    text = "أعلن رئيس الوزراء الأرميني نيكول باشينيان خلال المؤتمر الأرمني العالمي الثاني"
    assert ("نيكول باشينيان", EntityType.PERS) in [(m.surface, m.type) for m in mentions(text)]


def test_tag_empty_and_lengths() -> None:
    assert tag([]) == []
    assert len(tag(["في", "القاهرة", "."])) == 3


_ALPHABET = "ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآةى  ،.؟!«»\"'()\nًٌٍَُِّْـ0123456789abcXYZ_-"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=200) | st.text(max_size=100))
def test_mentions_never_raise_and_slice_to_surface(text: str) -> None:
    for m in mentions(text):
        assert text[m.start:m.end] == m.surface
        assert 0 <= m.start < m.end <= len(text)
        assert isinstance(m.type, EntityType)


def test_quality_floor_on_anercorp_test() -> None:
    seqeval = pytest.importorskip("seqeval.metrics", reason="seqeval (the dev extra) scores entities")
    path = need(SHARED / "data" / "ner" / "anercorp_test.txt", "ANERcorp's test split")
    data = entities.read_conll(path)
    gold = [labels for _, labels in data]
    predicted = [tag(tokens) for tokens, _ in data]
    f1 = seqeval.f1_score(gold, predicted)
    assert f1 >= FLOORS["ner_micro_f1"], f"NER micro F1 {f1:.4f} below the floor (sentence by sentence)"
    windows = [data[i:i + 30] for i in range(0, len(data), 30)]  # as bench/eval_ner.py --window 30
    predicted = [labels for w in windows for labels in entities.tag_document([t for t, _ in w])]
    f1 = seqeval.f1_score(gold, predicted)
    assert f1 >= FLOORS["ner_micro_f1_doc"], f"NER micro F1 {f1:.4f} below the floor (by documents)"


@pytest.mark.parametrize("name", ["test", "dev"])
def test_quality_floor_on_news_articles(name: str) -> None:
    need(SAUDINEWSNET, "SaudiNewsNet")
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_ner import NEWS_GOLD, news_scores

    f1 = news_scores(NEWS_GOLD[name])["all"]["f1"]
    floor = FLOORS[f"ner_news_f1_{name}"]
    assert f1 >= floor, f"NER F1 {f1:.4f} on the {name} set of SaudiNewsNet articles, below {floor}"


def test_news_sentences_label_the_tokens_of_marked_names() -> None:
    text = "قال الأمير خالد الفيصل في جدة: «شكرا». وغادر."
    start = text.index("خالد")
    sentences = entities.news_sentences(text, [(start, start + len("خالد الفيصل"), "PERS"),
                                               (text.index("جدة"), text.index("جدة") + 3, "LOC")])
    assert sentences[0][1][:6] == ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]
    assert sentences[-1] == (["وغادر", "."], ["O", "O"])


def test_a_surname_alone_is_its_person_but_allah_is_no_surname() -> None:
    labels = entities.tag_document([["قال", "السفير", "سيرغي", "كوبيركين"], ["وأكد", "كوبيركين", "ذلك"],
                                    ["استقبل", "الملك", "عبد", "الله", "الضيوف"], ["وقال", "رحمه", "الله"]])
    assert labels[1][1] == "B-PERS"
    assert labels[3][2] != "B-PERS"


@pytest.mark.parametrize(("text", "surface"), [
    ("وصل الوفد إلى مدينة الكويت أمس.", "مدينة الكويت"),  # the capital, a table name of its own
    ("زار الوفد ولاية أوهايو أمس.", "أوهايو"),              # the noun of a kind of place comes off
])
def test_place_nouns_come_off_unless_the_whole_is_a_known_name(text: str, surface: str) -> None:
    assert surface in [m.surface for m in names(text) if m.type == EntityType.LOC]


def test_letter_ngrams_mark_word_ends() -> None:
    assert ngrams("بوتين")[:2] == ["^ب", "بو"]
    assert "ين$" in ngrams("بوتين")


def test_letter_model_round_trips_and_rejects_bad_data() -> None:
    model = LetterModel(("O", "PERS"), {"^بو": (-1.0, 1.0)}, (0.5, 0.0))
    assert LetterModel.from_json(model.to_json()) == model
    with pytest.raises(ValueError, match="retrain"):
        LetterModel(("O", "PERS"), {}, (0.0,))


def test_featurizer_uses_letter_model_and_embeddings() -> None:
    letters = LetterModel(("O", "PERS"), {"ين$": (-1.0, 1.0)}, (0.0, 0.0))
    feats = entities.Featurizer({}, {}, {"بوتين": ("7", "12")}, letters)
    row = feats.sentence(["زار", "بوتين"])[1]
    assert {"e0=7", "e1=12", "l=PERS", "-1e0=7"} & set(row) == {"e0=7", "e1=12", "l=PERS"}
    assert "1e0=7" in feats.sentence(["زار", "بوتين"])[0]


def test_model_file_is_small() -> None:
    path = Path(entities.__file__).parent / "data" / entities.MODEL_FILE
    assert path.stat().st_size < 50_000_000


@pytest.mark.parametrize(("text", "surface"), [
    ("وأعلن إقليم كاراباغ الانفصالي حل مؤسساته", "كاراباغ"),
    ("سيطرت أذربيجان على ناغورني كاراباخ الانفصالي في أيلول", "ناغورني كاراباخ"),
    ("بعد هجوم أيلول كاراباخ نزح السكان", "كاراباخ"),
])
def test_a_place_with_an_adjective_or_a_month_is_no_person(text: str, surface: str) -> None:
    """Seed 004: a table place followed by an adjective, or after a month name, was tagged as a
    person; it is the place."""
    from marsad.extract import names

    found = [(m.surface, m.type) for m in names(text) if "كارا" in m.surface]
    assert found == [(surface, EntityType.LOC)]
