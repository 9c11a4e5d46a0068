"""Keys of names for linking: normalised, clitics off, titles off, spellings folded; and the tables
of known entities (`data/aliases.json`, `data/countries.json`) those keys are looked up in.

>>> name_key("والاتحاد الأوروبي")
'الاتحاد الاوروبي'
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import product
from typing import Any

from marsad.arabic import normalize
from marsad.arabic.resources import data_json
from marsad.model import EntityType

_TOKEN = re.compile(r"[^\W_]+|\+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_GROUP = re.compile(r"\(([^()]*)\)(\?)?")
# Clitics that can precede a name: conjunction, then preposition, then the article.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
# Transliteration folds for skeletons: kh/gh/g/k sounds, emphatic t.
_FOLD = str.maketrans({"خ": "ك", "غ": "ك", "ج": "ك", "ط": "ت", "ء": None})
_VOWELS = frozenset("اوي")
_MIN_SKELETON = 3


# --- tables -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Canon:
    """An entity known in advance from a data table."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...]


def expand(pattern: str) -> list[str]:
    """Every name a pattern in aliases.json stands for: "(a|b) c( d)?" -> a c, b c, a c d, b c d."""
    parts: list[list[str]] = []
    pos = 0
    for m in _GROUP.finditer(pattern):
        parts.append([pattern[pos:m.start()]])
        alts = m.group(1).split("|")
        parts.append([*alts, ""] if m.group(2) else alts)
        pos = m.end()
    parts.append([pattern[pos:]])
    return [" ".join("".join(p).split()) for p in product(*parts)]


@cache
def aliases_data() -> dict[str, Any]:
    """The parsed `data/aliases.json`."""
    data: dict[str, Any] = data_json("marsad.extract", "aliases.json")
    return data


@cache
def countries_data() -> dict[str, Any]:
    """The parsed `data/countries.json`."""
    data: dict[str, Any] = data_json("marsad.extract", "countries.json")
    return data


def _canons() -> list[tuple[Canon, list[str]]]:
    """Every table entity with its names, in order of precedence: countries, organisations and
    places, capitals, nationality adjectives (a name claimed earlier is not taken again)."""
    countries = countries_data()["countries"]
    out: list[tuple[Canon, list[str]]] = []
    for c in countries:
        out.append((Canon(f"loc:{c['code'].lower()}", EntityType.LOC, c["name"], ()),
                    [c["name"], *c["variants"]]))
    for e in aliases_data()["entities"]:
        names = [n for p in e["ar"] for n in expand(p)]
        canon = Canon(f"{e['type'].lower()}:{e['id']}", EntityType(e["type"]), e["name"], tuple(e["latin"]))
        out.append((canon, names + list(e["latin"])))
    for c in countries:
        if c["capitals"]:
            canon = Canon(f"loc:capital-{c['code'].lower()}", EntityType.LOC, c["capitals"][0], ())
            out.append((canon, list(c["capitals"])))
    for c in countries:
        if c["demonyms"]:
            canon = Canon(f"misc:adj-{c['code'].lower()}", EntityType.MISC, c["demonyms"][2], ())
            out.append((canon, list(c["demonyms"])))
    return out


@dataclass(frozen=True)
class Reading:
    """One of the places a homograph may name: its table entity, the ways of writing it with
    marks that only it has, and the entities whose mention in the article points to it."""

    canon: Canon
    written: tuple[str, ...]
    cues: frozenset[str]


@cache
def homographs() -> dict[str, tuple[Reading, ...]]:
    """Normalised key -> its readings, the default first (`homographs` of aliases.json)."""
    by_id = {canon.id: canon for canon, _ in _canons()}
    return {" ".join(tokens(h["key"])): tuple(
                Reading(by_id[r["id"]], tuple(r["written"]), frozenset(r["cues"]))
                for r in h["readings"])
            for h in aliases_data().get("homographs", [])}


def read_homograph(surface: str, readings_of: tuple[Reading, ...], cues: Container[str] = ()
                   ) -> Reading:
    """Which place a homograph names: the one whose marks the surface writes (عمّان), else the
    only one whose cues (entity ids the article names) include one of its own (الأردن), else the
    first."""
    for r in readings_of:
        if any(w in surface for w in r.written):
            return r
    cued = [r for r in readings_of if any(c in cues for c in r.cues)]
    return cued[0] if len(cued) == 1 else readings_of[0]


@cache
def table() -> dict[str, Canon]:
    """Normalised key -> table entity; the first entity to claim a key keeps it."""
    keys: dict[str, Canon] = {}
    for canon, names in _canons():
        for name in names:
            key = " ".join(tokens(name))
            if key:
                keys.setdefault(key, canon)
    return keys


@cache
def table_skeleton_keys() -> dict[str, list[str]]:
    """Skeleton -> the table keys that fold to it."""
    out: dict[str, list[str]] = {}
    for key in table():
        if (skel := skeleton(key)) is not None:
            out.setdefault(skel, []).append(key)
    return out


@cache
def phrases() -> dict[str, list[tuple[tuple[str, ...], Canon]]]:
    """The table names worth finding in text even where the tagger saw no name: names of
    several words of organisations and places (not nationality adjectives) and Latin names,
    by first word, longest first. One Arabic word alone is left to the tagger (it is too often
    an ordinary word or an adjective)."""
    out: dict[str, list[tuple[tuple[str, ...], Canon]]] = {}
    for canon, names in _canons():
        if canon.type == EntityType.MISC:
            continue
        for name in names:
            words = tuple(tokens(name))
            if words and (len(words) > 1 or not is_arabic(words[0])) and table().get(
                    " ".join(words)) == canon:
                out.setdefault(words[0], []).append((words, canon))
    for found in out.values():
        found.sort(key=lambda p: -len(p[0]))
    return out


@cache
def table_skeletons() -> dict[str, Canon | None]:
    """Skeleton -> table entity, or None when two table entities share the skeleton."""
    out: dict[str, Canon | None] = {}
    for key, canon in table().items():
        skel = skeleton(key)
        if skel is None:
            continue
        if skel in out and out[skel] != canon:
            out[skel] = None
        else:
            out[skel] = canon
    return out


@cache
def _no_fold() -> frozenset[str]:
    return frozenset(normalize(w) for w in aliases_data()["no_fold"])


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    """Title phrases as normalised word tuples, longest first."""
    titles = {tuple(normalize(t).split()) for t in aliases_data()["titles"]}
    return tuple(sorted(titles, key=lambda t: (-len(t), t)))


@cache
def _patronymics() -> frozenset[str]:
    return frozenset(normalize(w) for w in aliases_data()["patronymics"])


@cache
def not_names() -> frozenset[str]:
    """Function words, as written, that are never a one-word name (`not_names` of aliases.json)."""
    return frozenset(aliases_data()["not_names"])


@cache
def not_entities() -> frozenset[str]:
    """Normalised one-word MISC names that are no entity to follow: the units of the currencies in
    use (CLDR's Arabic names: دولار أمريكي -> دولار, and دولارا, دولارات), which ANERcorp tags MISC,
    and the words of `not_entities` in aliases.json (الله).

    >>> {"دولار", "دولارات", "ريال", "الله"} <= not_entities()
    True
    """
    from babel import Locale  # only when linking
    from babel.numbers import get_territory_currencies

    current = {code for territory in map(str, Locale("en").territories)
               for code in get_territory_currencies(territory, date(1990, 1, 1), date(2026, 1, 1))}
    names = Locale("ar").currencies
    units = {normalize(names[c].split()[0]) for c in current if names.get(c, "").strip()}
    forms = units | {u + "ا" for u in units} | {u + "ات" for u in units if len(u) > 3}
    return frozenset(forms | {normalize(w) for w in aliases_data()["not_entities"]})


# --- keys ---------------------------------------------------------------------------------------

def is_lineage(word: str) -> bool:
    """Whether a normalised word introduces a father's name (بن, ابن, بنت)."""
    return word in _patronymics()


def short_word(words: Sequence[str]) -> str:
    """The word a person of several names is called by alone: the first name of a name with its
    lineage (محمد بن سلمان -> محمد; سلمان there is the father), else the last (family) name.

    >>> short_word(["نيكول", "باشينيان"]), short_word(["سلمان", "بن", "عبدالعزيز"])
    ('باشينيان', 'سلمان')
    """
    return words[0] if len(words) > 2 and is_lineage(words[1]) else words[-1]


def fold_compounds(toks: list[str]) -> list[str]:
    """Name tokens with عبد joined to the word after it, as many write it (عبد الله = عبدالله).

    >>> fold_compounds(["علي", "عبد", "الله", "صالح"])
    ['علي', 'عبدالله', 'صالح']
    """
    out: list[str] = []
    for tok in toks:
        if out and out[-1] == "عبد":
            out[-1] += tok
        else:
            out.append(tok)
    return out


def person_key_tokens(toks: list[str]) -> list[str]:
    """A person's name tokens as matched: عبد compounds joined, and a trailing family name of
    the form آل X dropped when a full name precedes it (سلمان بن عبدالعزيز آل سعود)."""
    toks = fold_compounds(toks)
    if len(toks) >= 4 and toks[-2] == "ال":
        toks = toks[:-2]
    return toks

def is_arabic(word: str) -> bool:
    """Whether a word begins with an Arabic letter (Latin acronyms have no clitics or skeleton)."""
    return bool(_ARABIC_LETTER.match(word))


def tokens(text: str) -> list[str]:
    """Normalised name tokens of `text` (letters and digits, and '+' as in أوبك+), عبد joined to
    the word after it."""
    return fold_compounds(_TOKEN.findall(normalize(text)))


def _plausible(rest: str) -> bool:
    return len(rest) >= 3 and not (rest.startswith("ال") and len(rest) < 4)


def readings(word: str) -> list[tuple[str, int]]:
    """The ways a normalised word can be read with its leading clitics taken off, as
    (rest, letters dropped), the word itself first. Latin words have no clitics.

    >>> readings("للاتحاد")[:2]
    [('للاتحاد', 0), ('الاتحاد', 1)]
    """
    out = [(word, 0)]
    if not word or not _ARABIC_LETTER.match(word):
        return out
    for conj, prep in product(_CONJ, _PREP):
        pre = conj + prep
        if pre == "" or not word.startswith(pre):
            continue
        rest = word[len(pre):]
        if prep == "ل" and rest.startswith("ل") and _plausible("ا" + rest):
            out.append(("ا" + rest, len(pre)))  # لل = ل + ال, the alef of the article dropped
        if _plausible(rest):
            out.append((rest, len(pre)))
    for rest, n in list(out):
        if rest.startswith("ال") and _plausible(rest[2:]):
            out.append((rest[2:], n + 2))
    return sorted(dict.fromkeys(out), key=lambda r: r[1])


def _sure_clitic(rest: str, dropped: int) -> bool:
    """A clitic before the article (والاتحاد, بالمنظمة, للمحكمة) is taken off even for an
    unknown name: Arabic words almost never begin with these letters followed by ال."""
    return 0 < dropped <= 2 and rest.startswith("ال") and len(rest) >= 5


def name_key(surface: str, known: Container[str] = frozenset()) -> str:
    """The matching key of a name: normalised, leading clitics off when the rest is a known key
    (`known`, and the tables) or clearly a clitic before the article.

    >>> name_key("والاتحاد الأوروبي")
    'الاتحاد الاوروبي'
    """
    return key_and_dropped(tokens(surface), known)[0]


def key_and_dropped(toks: list[str], known: Container[str]) -> tuple[str, int]:
    """The key of name tokens and how many letters of clitics it took off the first one: the first
    reading in the tables, else a stripped reading that `known` holds, else a sure clitic."""
    if not toks:
        return "", 0
    tail = toks[1:]
    options = [(" ".join([rest, *tail]), n) for rest, n in readings(toks[0])]
    tab = table()
    for key, n in options:
        if key in tab:
            return key, n
    for key, n in options[1:]:
        if key in known:
            return key, n
    for key, n in options:
        if _sure_clitic(key, n):
            return key, n
    return options[0]


def skeleton(key: str) -> str | None:
    """The spelling-folded form of a key for transliterated names, or None when it is too short
    to match safely. Native name words (محمد, سعيد) are kept whole: their vowels matter.

    >>> skeleton("ناغورنو كاراباخ") == skeleton("ناجورني كاراباغ")
    True
    """
    out = []
    letters = 0
    for word in key.split():
        if word in _no_fold() or not _ARABIC_LETTER.match(word):
            out.append(word)
            letters += len(word)
            continue
        folded = word.translate(_FOLD)
        if not folded:
            continue
        kept = folded[0] + "".join(ch for ch in folded[1:] if ch not in _VOWELS)
        kept = re.sub(r"(.)\1+", r"\1", kept)
        letters += len(kept)
        out.append(kept)
    return " ".join(out) if letters >= _MIN_SKELETON and out else None


def leading_title(words: list[str], *, leave: int = 0) -> tuple[str, ...] | None:
    """The longest title phrase normalised `words` begin with (a clitic و or ف allowed on the
    first) that leaves at least `leave` words after it, or None: ("وزير", "الخارجيه") for the
    speaker وزير الخارجية الأرميني.

    >>> leading_title(["والوزير"]), leading_title(["الوزير"], leave=1)
    (('الوزير',), None)
    """
    if not words:
        return None
    first = [r for r, _ in readings(words[0])]
    return next((t for t in _titles() for f in first
                 if len(t) + leave <= len(words) and (f, *words[1:len(t)]) == t), None)


def strip_titles(words: list[str]) -> list[str]:
    """Normalised words of a person mention without leading titles and what qualifies them
    (رئيس الوزراء الأرميني نيكول باشينيان -> نيكول باشينيان). A title with no name after it
    (الرئيس الروسي) is kept whole: it names an office, not the country."""
    original, titled = words, False
    while len(words) > 1:
        title = leading_title(words, leave=1)
        if title is not None:
            words, titled = words[len(title):], True
        elif titled and _is_office_qualifier(words[0]):
            words = words[1:]  # the office's country or seat: وزير خارجية أرمينيا ...
        elif len(words) > 2 and _is_place(words[0]):
            words = words[1:]  # a tagger span that took the country of a title outside it
        else:
            break
    return original if titled and len(words) == 1 and _is_office_qualifier(words[0]) else words


def _is_office_qualifier(word: str) -> bool:
    """A table name that may follow a title as its country or seat (not a person of the table:
    الرئيس بوتين is بوتين)."""
    canon = table().get(word)
    return canon is not None and canon.type != EntityType.PERS


def _is_place(word: str) -> bool:
    canon = table().get(word)
    return canon is not None and canon.type == EntityType.LOC


def display(surface: str, dropped: int, key: str) -> str:
    """The original surface without the `dropped` clitic letters its key took off, the article
    kept (بالمملكة is shown المملكة even when its key is مملكه).

    >>> display("وبموسكو", 2, "موسكو"), display("للمملكة", 3, "مملكه"), display("بالمملكة", 3, "مملكه")
    ('موسكو', 'المملكة', 'المملكة')
    """
    words = surface.split()
    if not words or not dropped:
        return surface.strip()
    head = key.split()[0] if key else ""
    first = words[0]
    for n in ((dropped - 2, dropped) if dropped >= 2 else (dropped,)):
        first = _without_letters(words[0], n)
        for candidate in (first, "ا" + first):  # لل = ل + ال
            if " ".join(tokens(candidate)) in (head, "ال" + head):
                return " ".join([candidate, *words[1:]]).strip()
    return " ".join([first, *words[1:]]).strip()


def _without_letters(word: str, n: int) -> str:
    """`word` without its first `n` Arabic letters (and the marks between them)."""
    while n > 0 and word:
        if _ARABIC_LETTER.match(word):
            n -= 1
        word = word[1:]
    return word
