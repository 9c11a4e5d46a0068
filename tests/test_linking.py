"""Linking name mentions to canonical entities: keys, skeletons, tables, and the five seed articles."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic import normalize
from marsad.extract import names as find_names
from marsad.extract.linking import EntityIndex, _not_an_entity, link, speaker_entity
from marsad.extract.names import (
    aliases_data,
    countries_data,
    expand,
    name_key,
    not_names,
    skeleton,
    strip_titles,
    table,
    tokens,
)
from marsad.model import EntityType, Mention

SEEDS = Path("/work/shared/seeds")
ORG, LOC, PERS, MISC = EntityType.ORG, EntityType.LOC, EntityType.PERS, EntityType.MISC

# Per seed: (surface as written, type, what it names). Every form is read off the seed text.
SEED_MENTIONS: dict[str, list[tuple[str, EntityType, str]]] = {
    "000_4e0cf599614812a4.txt": [
        ("CSTO", ORG, "csto"), ("تنظيم اتفاقيات الأمن الجماعي", ORG, "csto"),
        ("SCO", ORG, "sco"), ("منظمة تعاون شنغهاي", ORG, "sco"), ("منظمة شنغهاي التعاون", ORG, "sco"),
        ("الاتحاد الأوروبي", ORG, "eu"), ("الكرملين", ORG, "kremlin"),
        ("نيكول باشينيان", PERS, "pashinyan"), ("باشينيان", PERS, "pashinyan"),
        ("أرمينيا", LOC, "armenia"), ("لأرمينيا", LOC, "armenia"), ("روسيا", LOC, "russia"),
        ("طاجيكستان", LOC, "tajikistan"), ("وتاجيكستان", LOC, "tajikistan"),
        ("أذربيجان", LOC, "azerbaijan"),
    ],
    "001_787c59602c365256.txt": [
        ("منظمة معاهدة الأمن الجماعي", ORG, "csto"), ("لمنظمة معاهدة الأمن الجماعي", ORG, "csto"),
        ("منظمة اتفاقية الأمن الجماعي", ORG, "csto"), ("منظمة معاهدة الأمن الجماعية", ORG, "csto"),
        ("CSTO", ORG, "csto"), ("الاتحاد الأوروبي", ORG, "eu"), ("البريكس", ORG, "brics"),
        ("الرئيس الروسي فلاديمير بوتين", PERS, "putin"),
        ("رئيس الوزراء الأرميني نيكول باشينيان", PERS, "pashinyan"),
        ("والرئيس الأذربيجاني إلهام علييف", PERS, "aliyev"),
        ("وزير الخارجية الروسي سيرغي لافروف", PERS, "lavrov"),
        ("سيرغي كوبيركين", PERS, "kopyrkin"), ("كوبيركين", PERS, "kopyrkin"),
        ("ناغورنو كاراباخ", LOC, "karabakh"), ("ناجورنو كاراباخ", LOC, "karabakh"),
        ("أرمينيا", LOC, "armenia"), ("روسيا", LOC, "russia"), ("وروسيا", LOC, "russia"),
        ("موسكو", LOC, "moscow"), ("يريفان", LOC, "yerevan"), ("ليريفان", LOC, "yerevan"),
        ("جمهورية أذربيجان", LOC, "azerbaijan"), ("وأذربيجان", LOC, "azerbaijan"),
    ],
    "002_8cd17d58e663564e.txt": [
        ("منظمة معاهدة الأمن الجماعي", ORG, "csto"), ("الاتحاد الأوروبي", ORG, "eu"),
        ("والاتحاد الأوروبي", ORG, "eu"), ("رئيس الوزراء الأرميني نيكول باشينيان", PERS, "pashinyan"),
        ("باشينيان", PERS, "pashinyan"), ("الرئيس الأذربيجاني إلهام علييف", PERS, "aliyev"),
        ("الرئيس الروسي فلاديمير بوتين", PERS, "putin"),
        ("ناغورنو كاراباخ", LOC, "karabakh"), ("كاراباخ", LOC, "karabakh"),
        ("لكاراباخ", LOC, "karabakh"), ("روسيا", LOC, "russia"), ("موسكو", LOC, "moscow"),
        ("يريفان", LOC, "yerevan"), ("أرمينيا", LOC, "armenia"), ("والولايات المتحدة", LOC, "us"),
        ("الولايات المتحدة", LOC, "us"),
    ],
    "003_27ee660541e3fe33.txt": [
        ("الرئيس الروسي فلاديمير بوتين", PERS, "putin"), ("بوتين", PERS, "putin"),
        ("نيكول باشينيان", PERS, "pashinyan"), ("باشينيان", PERS, "pashinyan"),
        ("المتحدث باسم الكرملين دميتري بيسكوف", PERS, "peskov"),
        ("الاتحاد الاقتصادي الأوراسي", ORG, "eaeu"), ("الكرملين", ORG, "kremlin"),
        ("منظمة معاهدة الأمن الجماعي", ORG, "csto"), ("الاتحاد الأوروبي", ORG, "eu"),
        ("وحلف شمال الأطلسي", ORG, "nato"), ("المحكمة الجنائية الدولية", ORG, "icc"),
        ("قره باغ", LOC, "karabakh"), ("ناغورنو كاراباخ", LOC, "karabakh"),
        ("موسكو", LOC, "moscow"), ("روسيا", LOC, "russia"), ("أرمينيا", LOC, "armenia"),
        ("ليريفان", LOC, "yerevan"),
    ],
    "004_19bbd44f0b4c1513.txt": [
        ("نيكول باشينيان", PERS, "pashinyan"), ("باشينيان", PERS, "pashinyan"),
        ("دميتري بيسكوف", PERS, "peskov"), ("فلاديمير بوتين", PERS, "putin"),
        ("منظمة معاهدة الأمن الجماعي", ORG, "csto"), ("الكرملين", ORG, "kremlin"),
        ("المحكمة الجنائية الدولية", ORG, "icc"),
        ("ناغورني كاراباغ", LOC, "karabakh"), ("ناغورني كاراباخ", LOC, "karabakh"),
        ("كاراباخ", LOC, "karabakh"), ("أرمينيا", LOC, "armenia"), ("وروسيا", LOC, "russia"),
        ("بروسيا", LOC, "russia"), ("روسيا", LOC, "russia"), ("يريفان", LOC, "yerevan"),
        ("ويريفان", LOC, "yerevan"), ("موسكو", LOC, "moscow"), ("وموسكو", LOC, "moscow"),
        ("الولايات المتحدة", LOC, "us"), ("أذربيجان", LOC, "azerbaijan"),
    ],
}
SEED_DATES = {name: datetime(2024, 10, 20 + i) for i, name in enumerate(sorted(SEED_MENTIONS))}


def find_mentions(text: str, wanted: list[tuple[str, EntityType, str]]) -> list[tuple[Mention, str]]:
    """Every whole-word occurrence of each surface, longest surfaces first, without overlaps."""
    taken: list[tuple[int, int]] = []
    out = []
    for surface, type_, label in sorted(wanted, key=lambda w: -len(w[0])):
        hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
        free = [(a, b) for a, b in hits if all(b <= s or a >= e for s, e in taken)]
        assert free, f"{surface!r} does not occur in the seed (or only inside a longer mention)"
        taken.extend(free)
        out.extend((Mention(text[a:b], a, b, type_), label) for a, b in free)
    return sorted(out, key=lambda ml: ml[0].start)


def link_seeds() -> tuple[EntityIndex, dict[str, set[str]], list[Mention]]:
    index = EntityIndex()
    by_label: dict[str, set[str]] = defaultdict(set)
    linked_all = []
    for name, wanted in SEED_MENTIONS.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        found = find_mentions(text, wanted)
        linked = link([m for m, _ in found], index, SEED_DATES[name])
        for m, (_, label) in zip(linked, found, strict=True):
            assert text[m.start:m.end] == m.surface
            by_label[label].add(m.entity_id or "")
        linked_all.extend(linked)
    return index, by_label, linked_all


@pytest.fixture(scope="module")
def seeds() -> tuple[EntityIndex, dict[str, set[str]], list[Mention]]:
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not on this machine")
    return link_seeds()


LABELS = sorted({label for wanted in SEED_MENTIONS.values() for _, _, label in wanted})


@pytest.mark.parametrize("label", LABELS)
def test_seed_entity_is_one(seeds, label):
    _, by_label, _ = seeds
    assert len(by_label[label]) == 1, by_label[label]


def test_seed_entities_are_distinct(seeds):
    _, by_label, _ = seeds
    owner = {}
    for label in LABELS:
        (entity_id,) = by_label[label]
        assert entity_id not in owner, f"{label} merged with {owner.get(entity_id)}"
        owner[entity_id] = label


@pytest.mark.parametrize(("label", "entity_id"), [
    ("csto", "org:csto"), ("sco", "org:sco"), ("eu", "org:eu"), ("karabakh", "loc:karabakh"),
    ("russia", "loc:ru"), ("kremlin", "org:kremlin"), ("moscow", "loc:capital-ru"),
    ("armenia", "loc:am"), ("yerevan", "loc:capital-am"), ("nato", "org:nato"), ("icc", "org:icc"),
])
def test_seed_table_entities(seeds, label, entity_id):
    assert seeds[1][label] == {entity_id}


def test_seed_entity_records(seeds):
    index, by_label, _ = seeds
    (pashinyan,) = by_label["pashinyan"]
    entity = index.get(pashinyan)
    assert entity is not None and entity.name == "نيكول باشينيان"
    assert entity.type == PERS
    assert set(entity.surface_forms) == {"نيكول باشينيان", "باشينيان"}
    assert entity.first_seen == min(SEED_DATES.values())
    assert entity.last_seen == max(SEED_DATES.values())
    csto = index.get("org:csto")
    assert csto is not None and "CSTO" in csto.aliases
    assert "لمنظمة معاهدة الأمن الجماعي" not in csto.surface_forms
    assert "منظمة معاهدة الأمن الجماعي" in csto.surface_forms
    assert "روسيا" in index.get("loc:ru").surface_forms  # وروسيا is counted as روسيا


def test_ids_are_stable_across_runs(seeds):
    _, by_label, _ = seeds
    _, again, _ = link_seeds()
    assert again == by_label


# --- keys ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("surface", "key"), [
    ("والاتحاد الأوروبي", "الاتحاد الاوروبي"),
    ("بالاتحاد الأوروبي", "الاتحاد الاوروبي"),
    ("للاتحاد الأوروبي", "الاتحاد الاوروبي"),
    ("لمنظمة معاهدة الأمن الجماعي", "منظمه معاهده الامن الجماعي"),
    ("بمنظمة شنغهاي للتعاون", "منظمه شنغهاي للتعاون"),
    ("وروسيا", "روسيا"),
    ("لأرمينيا", "ارمينيا"),
    ("ليريفان", "يريفان"),
    ("فالكرملين", "الكرملين"),
    ("لبنان", "لبنان"),  # a country whose name starts like a clitic
    ("واشنطن", "واشنطن"),
    ("فرنسا", "فرنسا"),
    ("وليد", "وليد"),  # unknown name: nothing is stripped without evidence
    ("بوتين", "بوتين"),
    ("CSTO", "csto"),
    ("BRICS", "brics"),
    ("أوبك+", "اوبك +"),
])
def test_name_key(surface, key):
    assert name_key(surface) == key


def test_name_key_uses_known_names():
    assert name_key("لكوبيركين", {"كوبيركين"}) == "كوبيركين"
    assert name_key("لكوبيركين") == "لكوبيركين"
    assert name_key("لباشينيان") == "باشينيان"  # a name of the tables


@pytest.mark.parametrize(("a", "b"), [
    ("كاراباخ", "كاراباغ"), ("ناغورنو كاراباخ", "ناجورني كاراباغ"), ("باشينيان", "باشنيان"),
    ("طاجيكستان", "تاجيكستان"), ("قيرغيزستان", "قرغيزستان"), ("بيسكوف", "بيسكوڤ"),
    ("علييف", "عليييف"), ("ميرزويان", "ميرزوييان"),
])
def test_skeleton_folds_transliterations(a, b):
    assert skeleton(name_key(a)) == skeleton(name_key(b))


@pytest.mark.parametrize(("a", "b"), [
    ("محمد", "محمود"), ("سعيد", "سعد"), ("محمد بن سلمان", "محمد بن زايد"), ("روسيا", "موسكو"),
    ("السعودية", "الرياض"), ("محمود عباس", "محمد عباس"),
])
def test_skeleton_keeps_apart(a, b):
    sa, sb = skeleton(name_key(a)), skeleton(name_key(b))
    assert sa is None or sa != sb


@pytest.mark.parametrize(("surface", "name"), [
    ("رئيس الوزراء الأرميني نيكول باشينيان", "نيكول باشينيان"),
    ("الرئيس الروسي فلاديمير بوتين", "فلاديمير بوتين"),
    ("المتحدث باسم الكرملين دميتري بيسكوف", "دميتري بيسكوف"),
    ("وزير خارجية أرمينيا أرارات ميرزويان", "ارارات ميرزويان"),
    ("ولي العهد السعودي الأمير محمد بن سلمان", "محمد بن سلمان"),
    ("والرئيس الأذربيجاني إلهام علييف", "الهام علييف"),
    ("الرئيس", "الرئيس"),  # a bare title is left alone
    ("الرئيس الروسي", "الرئيس الروسي"),  # an office, not Russia
])
def test_strip_titles(surface, name):
    words = [" ".join(tokens(w)) for w in surface.split()]
    assert " ".join(strip_titles(words)) == normalize(name)


# --- must not merge ------------------------------------------------------------------------------

def _link(index: EntityIndex, *pairs: tuple[str, EntityType]) -> list[str | None]:
    mentions, pos = [], 0
    for surface, type_ in pairs:
        mentions.append(Mention(surface, pos, pos + len(surface), type_))
        pos += len(surface) + 1
    return [m.entity_id for m in link(mentions, index, datetime(2024, 1, 1))]


def test_two_people_sharing_a_name_stay_apart():
    index = EntityIndex()
    mbs, mbz, bare = _link(index, ("ولي العهد السعودي الأمير محمد بن سلمان", PERS),
                           ("الشيخ محمد بن زايد", PERS), ("محمد", PERS))
    assert len({mbs, mbz, bare}) == 3


def test_family_name_is_ambiguous_between_two_full_names():
    index = EntityIndex()
    (sergei,) = _link(index, ("سيرغي كوبيركين", PERS))
    (anna,) = _link(index, ("آنا كوبيركين", PERS))
    (short,) = _link(index, ("كوبيركين", PERS))
    assert len({sergei, anna, short}) == 3


def test_family_name_of_a_table_person_is_that_person():
    index = EntityIndex()
    nikol, anna, short = _link(index, ("نيكول باشينيان", PERS), ("آنا باشينيان", PERS),
                               ("باشينيان", PERS))
    assert nikol == short == "pers:pashinyan" and anna != nikol


def test_short_form_before_full_name_across_articles():
    index = EntityIndex()
    (short,) = _link(index, ("زاخاروفا", PERS))
    (full,) = _link(index, ("ماريا زاخاروفا", PERS))
    (spelled,) = _link(index, ("ماريا زخاروفا", PERS))
    assert short == full == spelled


def test_short_form_of_the_only_full_name_across_articles():
    index = EntityIndex()
    (full,) = _link(index, ("سيرغي كوبيركين", PERS))
    short, variant = _link(index, ("كوبيركين", PERS), ("كوبركين", PERS))
    assert short == full == variant


@pytest.mark.parametrize(("a", "b"), [
    ("السعودية", "الرياض"), ("روسيا", "الكرملين"), ("روسيا", "موسكو"), ("موسكو", "الكرملين"),
    ("أرمينيا", "يريفان"), ("الولايات المتحدة", "واشنطن"), ("الولايات المتحدة", "البيت الأبيض"),
    ("روسيا", "روسيا البيضاء"), ("السودان", "جنوب السودان"), ("الإمارات", "أبوظبي"),
    ("عمان", "مسقط"), ("الأمم المتحدة", "مجلس الأمن"), ("أوبك", "أوبك+"),
])
def test_places_and_seats_stay_apart(a, b):
    ida, idb = _link(EntityIndex(), (a, LOC), (b, LOC))
    assert ida != idb


def test_article_context_decides_a_short_form():
    index = EntityIndex()
    (anna,) = _link(index, ("آنا باشينيان", PERS))
    full, short = _link(index, ("نيكول باشينيان", PERS), ("وباشينيان", PERS))
    assert full == short != anna


@pytest.mark.parametrize(("surface", "type_", "shown"), [
    ("للمحكمة الجنائية الدولية", ORG, "المحكمة الجنائية الدولية"),
    ("وبالاتحاد الأوروبي", ORG, "الاتحاد الأوروبي"),
    ("لمنظمة شنغهاي للتعاون", ORG, "منظمة شنغهاي للتعاون"),
    ("وروسيا", LOC, "روسيا"),
    ("لأرمينيا", LOC, "أرمينيا"),
    ("الرئيس الروسي فلاديمير بوتين", PERS, "فلاديمير بوتين"),
])
def test_surface_forms_are_kept_without_clitics_and_titles(surface, type_, shown):
    index = EntityIndex()
    (entity_id,) = _link(index, (surface, type_))
    entity = index.get(entity_id or "")
    assert entity is not None and set(entity.surface_forms) == {shown}


def test_types_are_kept_apart_outside_the_tables():
    index = EntityIndex()
    person, place = _link(index, ("مارسيل خليفة", PERS), ("خليفة", LOC))
    assert person != place


# --- data files ----------------------------------------------------------------------------------

REQUIRED = ["csto", "sco", "eu", "nato", "eaeu", "brics", "un", "unsc", "icc", "icj", "iaea", "who",
            "opec", "opec-plus", "gcc", "arab-league", "oic", "au", "asean", "imf", "world-bank", "wto",
            "unesco", "unicef", "unhcr", "unrwa", "interpol", "g7", "g20", "cis", "osce", "icrc", "hamas",
            "hezbollah", "isis", "taliban", "houthis", "karabakh", "kremlin"]


def test_aliases_file_is_well_formed():
    data = aliases_data()
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids))
    assert set(REQUIRED) <= set(ids)
    for e in data["entities"]:
        assert EntityType(e["type"]) in (ORG, LOC, PERS, MISC)
        assert name_key(e["name"]) in {name_key(n) for p in e["ar"] for n in expand(p)}, e["id"]
        assert all(n and "(" not in n and "|" not in n for p in e["ar"] for n in expand(p))
        assert all(lat.isascii() or not re.search(r"[\u0600-\u06FF]", lat) for lat in e["latin"])
    assert data["titles"] and data["no_fold"]


def test_alias_names_are_not_claimed_twice():
    owner: dict[str, str] = {}
    for e in aliases_data()["entities"]:
        for name in [n for p in e["ar"] for n in expand(p)] + e["latin"]:
            key = " ".join(tokens(name))
            assert owner.setdefault(key, e["id"]) == e["id"], f"{name!r}: {owner[key]} and {e['id']}"


@pytest.mark.parametrize(("surface", "entity_id"), [
    ("منظمة اتفاقية الأمن الجماعي", "org:csto"), ("CSTO", "org:csto"), ("منظمة شنغهاي للتعاون", "org:sco"),
    ("SCO", "org:sco"), ("الاتحاد الأوروبي", "org:eu"), ("EU", "org:eu"), ("الناتو", "org:nato"),
    ("داعش", "org:isis"), ("الحوثيين", "org:houthis"), ("أنصار الله", "org:houthis"),
    ("قره باغ", "loc:karabakh"), ("أميركا", "loc:us"), ("روسيا الاتحادية", "loc:ru"),
    ("الروسي", "misc:adj-ru"), ("الأرمينية", "misc:adj-am"), ("يريفان", "loc:capital-am"),
])
def test_table_lookups(surface, entity_id):
    assert table()[name_key(surface)].id == entity_id


def test_countries_file_is_well_formed():
    data = countries_data()
    assert data["_source"].startswith("CLDR")
    codes = [c["code"] for c in data["countries"]]
    assert len(codes) == len(set(codes)) and len(codes) > 200
    for c in data["countries"]:
        assert re.fullmatch(r"[A-Z]{2}", c["code"])
        assert re.search(r"[\u0600-\u06FF]", c["name"])
        for field in ("variants", "capitals", "demonyms"):
            assert isinstance(c[field], list)
    by_code = {c["code"]: c for c in data["countries"]}
    assert by_code["RU"]["capitals"] == ["موسكو"] and "أمريكا" in by_code["US"]["variants"]


def test_country_names_keep_their_entity():
    for c in countries_data()["countries"]:
        assert table()[name_key(c["name"])].id == f"loc:{c['code'].lower()}", c["name"]


# --- never raises -------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from("ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآؤئـًٌٍَُِّ وفبلكال ABCxyz+-.()0٣"),
                max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.sampled_from(list(EntityType)), st.integers(-5, 500)), max_size=8))
def test_link_never_raises(items):
    index = EntityIndex()
    mentions = [Mention(s, p, p + len(s), t) for s, t, p in items]
    linked = link(mentions, index, None)
    assert len(linked) == len(mentions)
    for before, after in zip(mentions, linked, strict=True):
        assert (before.surface, before.start, before.end) == (after.surface, after.start, after.end)
        nameless = not tokens(before.surface) or before.surface.strip() in not_names()
        assert after.entity_id is None if nameless else (
            after.entity_id is not None or _not_an_entity(name_key(before.surface)))  # دولار
        assert after.entity_id is None or index.get(after.entity_id) is not None


def test_person_span_with_the_country_of_a_title_outside_it_loses_the_country() -> None:
    index = EntityIndex()
    found = link([Mention("أرمينيا نيكول باشينيان", 0, 22, EntityType.PERS),
                  Mention("نيكول باشينيان", 30, 44, EntityType.PERS)], index)
    assert found[0].entity_id == found[1].entity_id


def _ids(index: EntityIndex, *surfaces: str, kind: EntityType = PERS) -> list[str | None]:
    """Link each surface as one article of its own, in order; the entity of each."""
    return [link([Mention(s, 0, len(s), kind)], index)[0].entity_id for s in surfaces]


def test_abd_compounds_and_a_trailing_family_name_are_one_person() -> None:
    ids = _ids(EntityIndex(), "عبد ربه منصور هادي", "عبدربه منصور هادي",
               "سلمان بن عبدالعزيز آل سعود", "سلمان بن عبد العزيز")
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_a_name_with_its_lineage_is_called_by_its_first_name_in_the_article() -> None:
    text_ids = [m.entity_id for m in link([
        Mention("خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز", 0, 10, PERS),
        Mention("الملك سلمان", 20, 30, PERS), Mention("محمد بن سلمان", 40, 50, PERS)],
        EntityIndex())]
    assert text_ids[0] == text_ids[1] != text_ids[2]


def test_a_one_word_name_that_is_also_a_fathers_name_stays_ambiguous() -> None:
    index = EntityIndex()
    full = _ids(index, "سلمان بن عبدالعزيز", "محمد بن سلمان", "فهد بن عبدالعزيز")
    alone = _ids(index, "سلمان", "عبدالعزيز")
    assert not set(alone) & set(full)


def test_the_end_of_one_longer_name_is_that_person() -> None:
    ids = _ids(EntityIndex(), "علي عبد الله صالح", "عبدالله صالح")
    assert ids[0] == ids[1]


def test_a_conjunction_comes_off_before_a_known_first_name() -> None:
    index = EntityIndex()
    ids = _ids(index, "عمر جابر", "وعمر جابر", "وليد جابر")
    assert ids[0] == ids[1] != ids[2]
    found = link([Mention("وعمر جابر", 0, 9, PERS)], index)
    assert index.get(found[0].entity_id or "").name == "عمر جابر"  # type: ignore[union-attr]


def test_function_words_are_not_linked_and_short_native_names_are_not_folded() -> None:
    index = EntityIndex()
    assert _ids(index, "على") == [None]
    assert _ids(index, "علي")[0] is not None
    jubair, jaber = _ids(index, "جبير", "جابر")
    assert jubair != jaber


def test_a_place_with_or_without_the_article_is_one_entity_shown_with_it() -> None:
    index = EntityIndex()
    ids = _ids(index, "مملكة", "المملكة", "بالمملكة", "للمملكة", kind=LOC)
    assert len(set(ids)) == 1
    assert index.get(ids[0] or "").surface_forms.keys() == {"مملكة", "المملكة"}  # type: ignore[union-attr]
    assert len(set(_ids(EntityIndex(), "الحسين", "حسين"))) == 2  # persons stay apart


def test_currency_units_and_allah_are_tagged_misc_but_not_entities() -> None:
    index = EntityIndex()
    MISC = EntityType.MISC
    assert _ids(index, "دولار", "دولارا", "بالدولار", "اليورو", "ريالات", "الله", kind=MISC) == [None] * 6
    assert None not in _ids(index, "الإسلام", "كأس العالم", kind=MISC)
    # whatever the tagger calls a currency unit (the demo had دينار as its 12th person)
    assert _ids(index, "دينار", "جنيه", "الدينار", kind=PERS) == [None] * 3
    assert _ids(index, "دينار", kind=EntityType.ORG) == [None]


def test_the_end_of_a_name_after_bin_is_the_father_not_the_son() -> None:
    ids = _ids(EntityIndex(), "متعب بن عبدالله بن عبدالعزيز", "عبدالله بن عبدالعزيز")
    assert ids[0] != ids[1]


@pytest.mark.parametrize(("one", "other", "kind"), [
    ("الأهلي", "الهلال", ORG),     # two clubs, one skeleton
    ("أوروبا", "أروبا", LOC),      # Europe is not Aruba
    ("اليونان", "الأولون", LOC),
    ("حزب الوطن", "الوطن", ORG),   # an organisation is not called by its last word
    ("جامعة برشلونة", "برشلونة", ORG),
])
def test_names_that_only_look_alike_stay_apart(one: str, other: str, kind: EntityType) -> None:
    a, b = _ids(EntityIndex(), one, other, kind=kind)
    assert a != b


@pytest.mark.parametrize(("one", "other", "kind"), [
    ("بنيامين نتنياهو", "بنيامين نتانياهو", PERS),
    ("جورجيوس دونيس", "جوريجوس دونيس", PERS),
    ("ناغورنو كاراباخ", "ناجورني كاراباخ", LOC),
])
def test_transliteration_variants_are_one(one: str, other: str, kind: EntityType) -> None:
    a, b = _ids(EntityIndex(), one, other, kind=kind)
    assert a == b


@pytest.mark.parametrize(("text", "name"), [
    ("محادثات مع الرئيس الأذربيجاني إلهام علييف في كازان", "إلهام علييف"),
    ("وقال الرئيس التركي رجب طيب أردوغان إن", "رجب طيب أردوغان"),
    ("استقبل الأمين العام للأمم المتحدة أنطونيو غوتيريش الوفد", "أنطونيو غوتيريش"),
])
def test_public_figures_of_the_table_are_found_where_the_tagger_misses_them(text: str,
                                                                            name: str) -> None:
    from marsad.extract import names

    assert (name, PERS) in [(m.surface, m.type) for m in names(text)]


@pytest.mark.parametrize(("mentions", "expected"), [
    ((("الرئيس بوتين", PERS), ("الرئيس الروسي بوتين", PERS), ("بوتين", PERS)),
     ["pers:putin", "pers:putin", "pers:putin"]),
    ((("وزير الخارجية لافروف", PERS),), ["pers:lavrov"]),
])
def test_a_titled_family_name_of_a_table_person_is_that_person(mentions, expected) -> None:
    assert _link(EntityIndex(), *mentions) == expected


def test_a_table_person_is_only_linked_from_a_person_mention() -> None:
    index = EntityIndex()
    (city,) = _link(index, ("بسكوف", LOC))  # Pskov, spelt like Peskov
    assert city != "pers:peskov"


def test_a_family_name_shared_with_others_needs_the_first_name() -> None:
    index = EntityIndex()
    martin, bare = _link(index, ("مارتن شولتز", PERS), ("شولتز", PERS))
    assert martin == bare != "pers:scholz"


TITLED = ('أعلن رئيس الوزراء الأرميني نيكول باشينيان أن بلاده جمدت مشاركتها. '
          'وقال رئيس الوزراء الأرميني إن "القرار نهائي ولا رجعة فيه". '
          'وأكد وزير الخارجية الأرميني أرارات ميرزويان أن يريفان لن تعود. '
          'وقال الوزير إن الحوار مستمر مع موسكو. '
          'وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو تأسف. '
          'وأضاف المتحدث باسم الكرملين أن العلاقات ستستمر. '
          'وقال السفير إن الأمر لا يعنيه.')


def test_a_speaker_named_by_a_title_is_the_person_named_before_with_it() -> None:
    from marsad.pipeline import analyze

    said = {q["text"][:12]: q["entity"] for q in analyze(TITLED)["quotes"]}
    mirzoyan = said["يريفان لن تع"]
    assert mirzoyan and mirzoyan.startswith("pers:") and mirzoyan != "pers:pashinyan"
    assert said["القرار نهائي"] == "pers:pashinyan"  # رئيس الوزراء الأرميني
    assert said["الحوار مستمر"] == mirzoyan  # الوزير: the minister named before
    assert said["العلاقات ستس"] == "pers:peskov"  # not the Kremlin
    assert said["الأمر لا يعن"] is None  # no ambassador was named before


def test_a_titled_speaker_without_the_text_keeps_the_names_in_its_span() -> None:
    from marsad.extract.quotes import find_quotes

    found = link(find_names(TITLED), EntityIndex())
    quotes = [q for q in find_quotes(TITLED, found) if q.speaker == "المتحدث باسم الكرملين"]
    assert quotes and speaker_entity(quotes[0], found) == "org:kremlin"
    assert speaker_entity(quotes[0], found, TITLED) == "pers:peskov"


@pytest.mark.parametrize(("mentions", "expected"), [
    ((("عمّان", LOC),), "loc:capital-jo"),  # the shadda of Amman
    ((("عُمان", LOC),), "loc:om"),  # the damma of Oman
    ((("الأردن", LOC), ("عمان", LOC)), "loc:capital-jo"),  # an article on Jordan
    ((("مسقط", LOC), ("عمان", LOC)), "loc:om"),
    ((("عمان", LOC),), "loc:om"),  # nothing to tell: the country
    ((("سلطنة عمان", LOC), ("الأردن", LOC)), "loc:om"),
])
def test_oman_and_amman_are_told_apart(mentions: tuple[tuple[str, EntityType], ...],
                                       expected: str) -> None:
    ids = _link(EntityIndex(), *mentions)
    assert ids[-1 if "عمان" in normalize(mentions[-1][0]) else 0] == expected


@pytest.mark.parametrize(("one", "other", "expected"), [
    ("أوروبا", "أوربا", "loc:europe"),
    ("أفريقيا", "القارة السمراء", "loc:africa"),
    ("أمريكا اللاتينية", "أميركا اللاتينية", "loc:latin-america"),
])
def test_continents_and_regions_are_one_entity_each(one: str, other: str, expected: str) -> None:
    assert _link(EntityIndex(), (one, LOC), (other, LOC)) == [expected, expected]
