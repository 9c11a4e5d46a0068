"""The words of reported speech and the bounds of a reporting clause, shared by `quotes`,
`speakers` and `attributions`.

The lexicon (`data/speech.json`, normalised once and cached), the tokens of a sentence with their
quotation, the tests on one token (a reporting verb, a participle) and where a reporting clause's
parts lie: the speaker's words after the verb, what opens the reported words, where they end.

>>> is_verb("واضاف"), is_verb("الوزير")
(True, False)
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from marsad.arabic import normalize, normalize_word, text_tokens
from marsad.arabic.resources import data_json
from marsad.arabic.sentences import QUOTES as _QUOTES
from marsad.arabic.sentences import quote_spans

__all__ = ["BUT", "COMMAS", "END", "MAX_GAP", "MAX_SPEAKER", "MIN_CLAUSE_WORDS", "Tok",
           "bare_subject", "cached_quote_spans", "clause_end", "ends", "find_opener", "is_head",
           "is_participle", "is_relay", "is_verb", "lexicon", "quoted_words", "reports",
           "sentence_tokens", "speaker_after", "strip_conjunction"]

END = {".", "!", "?", "؟"}
COMMAS = {",", "،", "؛", ";"}  # a reporting verb after one of these opens a new clause
MAX_SPEAKER = 14  # words of a speaker's name and title (Saudi titles run long)
MAX_GAP = 14  # words between the speaker and the reported clause (adverbials)
MIN_CLAUSE_WORDS = 3  # a shorter quotation is a name or a scare-quoted word, not the clause
BUT = {"لكن", "لكنه", "لكنها", "ولكن", "ولكنه", "ولكنها", "كما", "وكما"}
_SHADDA = "\u0651"
_HARAKAT = re.compile("[\u064b-\u0652]")
cached_quote_spans = lru_cache(maxsize=8)(quote_spans)  # asked once per sentence of the same text


class Tok(NamedTuple):
    """A word or mark of the text, with its normalised form and its offsets."""

    raw: str
    norm: str
    start: int
    end: int
    quote: int  # index of the quotation this token is inside, -1 outside
    unclosed: bool = False  # an opening mark that no mark closes on its line


@cache
def lexicon() -> dict[str, frozenset[str]]:
    """The word lists of `data/speech.json`, normalised, by use."""
    data = data_json("marsad.extract", "speech.json")
    verbs = {normalize(form) for forms in data["verbs"].values() for form in forms}

    def norms(key: str) -> frozenset[str]:
        return frozenset(normalize(w) for w in data[key])

    return {
        "verbs": frozenset(verbs),
        "complementisers": norms("complementisers"),
        "stop": norms("stop_speaker") | norms("nominal_objects") | norms("own_words"),
        "stop_in_ta": frozenset(normalize(w) for k in ("stop_speaker", "nominal_objects")
                                for w in data[k] if w.endswith("ة")),
        "relay": frozenset(normalize(f) for v in data["relay"] for f in data["verbs"][v]),
        "attributions": norms("attributions"),
        "attribution_verbs": norms("attribution_verbs"),
        "suffixes": norms("object_suffixes"),
        "participles": norms("participles"),
        "skip": norms("skip_after_verb"),
        "shadda": norms("shadda_verbs"),
        "pronouns": norms("pronoun_speakers"),
        "continuation": frozenset(normalize(f) for v in data["continuation"]
                                  for f in data["verbs"][v]),
        "feminine": frozenset(normalize(f) for forms in data["verbs"].values()
                              for f in _feminine_forms(forms)),
        "subordinators": norms("subordinators"),
        "nominal": norms("nominal_objects"),
        "narrator": norms("narrator"),
        "pluperfect": norms("pluperfect"),
        "acts": norms("other_acts"),
        "impersonal": norms("impersonal"),
        "heads": norms("speaker_heads"),
        "weak_heads": norms("weak_heads"),
        "nonhuman": norms("nonhuman_plurals"),
        "document_verbs": norms("document_verbs"),
        "own_words": norms("own_words"),
        "writer_turns": norms("writer_turns"),
        "evidence": norms("evidence_verbs"),
        "not_speech": norms("not_speech"),
    }


def _feminine_forms(forms: list[str]) -> list[str]:
    """The feminine singular forms of a verb: قالت (قال)، نفت (نفى)، تقول (يقول)، قائلة (قائلا)."""
    have = set(forms)
    return [f for f in forms
            if (f.endswith("ت") and ({f[:-1], f[:-1] + "ى", f[:-1] + "ا"} & have))
            or (f.startswith("ت") and "ي" + f[1:] in have)
            or (f.endswith("ة") and f[:-1] + "ا" in have)]


@lru_cache(maxsize=200_000)
def is_verb(norm: str) -> bool:
    """Whether a normalised word is a reporting verb, with و / ف before it or an object
    pronoun after it (ووصفتها)."""
    words = lexicon()
    verbs = words["verbs"]
    for stem in (norm, norm[1:] if norm[:1] in ("و", "ف") else ""):
        if stem in verbs:
            return True
        if not stem.startswith("ال") and any(  # المحنّا is a family name, not ألمح + نا
                stem.endswith(x) and stem[: -len(x)] in verbs - words["relay"]
                for x in words["suffixes"]):
            return True
    return False


def is_relay(norm: str) -> bool:
    """Whether a normalised word is a relaying verb with its object pronoun (نقلته، ونقلها)."""
    relay = lexicon()["relay"]
    stem = strip_conjunction(norm)
    return any(stem.endswith(x) and stem[: -len(x)] in relay for x in lexicon()["suffixes"])


@lru_cache(maxsize=50_000)
def is_head(norm: str) -> bool:
    """Whether a normalised word heads a speaker's phrase: a title, an organisation, a
    document or a medium (الوزير، وزارة، التقرير، وكالة), with ال, و or a glued ل / ب."""
    heads = lexicon()["heads"]
    for stem in (norm, strip_conjunction(norm)):
        for cut in (stem, stem[2:] if stem.startswith("ال") else "",
                    stem[1:] if stem[:1] in ("ل", "ب") else "",
                    stem[3:] if stem.startswith(("بال", "لال")) else "",
                    stem[2:] if stem.startswith("لل") else ""):
            if cut and (cut in heads or (cut[-1:] == "ا" and cut[:-1] in heads)):
                return True
    return False


def strip_conjunction(norm: str) -> str:
    """A normalised word without the conjunction و / ف before it."""
    return norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm


def is_participle(norm: str) -> bool:
    """Whether a normalised word is a participle continuing a sentence (مؤكدا، ولافتا)."""
    participles = lexicon()["participles"]
    return norm in participles or (norm[:1] == "و" and norm[1:] in participles)


def sentence_tokens(text: str, a: int, b: int) -> list[Tok]:
    """The tokens of text[a:b], with offsets into the text and their quotation."""
    marks = cached_quote_spans(text)
    paired = {i for span in marks for i in span}
    out = []
    q = 0  # the first quotation that does not end before the current token
    for raw, start, end in text_tokens(text, a, b):
        while q < len(marks) and marks[q][1] <= start:
            q += 1
        inside = q if q < len(marks) and marks[q][0] < start else -1
        unclosed = raw in _QUOTES and start not in paired and inside < 0
        out.append(Tok(raw, normalize_word(raw), start, end, inside, unclosed))
    return out


def ends(s: list[Tok], j: int) -> bool:
    """Whether token j ends a sentence: not the point of a number or an address written
    without spaces (23.5، www.kfsc.edu.sa), nor the letter of an abbreviation (سي. إن. إن.)."""
    t = s[j]
    if t.raw not in END:
        return False
    if t.raw != ".":
        return True
    if j == 0 or s[j - 1].end != t.start:
        return True
    before = s[j - 1].raw
    glued = j < len(s) - 1 and s[j + 1].start == t.end and s[j + 1].raw[0].isalnum()
    return not (glued and before[-1].isalnum()) and not (before.isalpha() and len(before) <= 2)


def reports(s: list[Tok], i: int) -> bool:
    """Whether token i is a reporting verb. Not a noun in ة that only looks like a verb with an
    object pronoun (إضافة is not أضافه); بيّن when its shadda is written, and وبين without it
    when it opens a clause (bare بين is the preposition: quotes' _from_verb then wants reported
    words)."""
    t = s[i]
    if i > 0 and s[i - 1].norm in ("عدم", "وعدم"):
        return False  # عدم ذكر اسمه: the verbal noun, not a verb
    if i > 0 and s[i - 1].norm in _WHICH and t.norm[:1] in ("ي", "ت"):
        return False  # … قليلا جدا، ما يؤكد أن …: the writer's inference, nobody speaks
    if is_verb(t.norm):
        verbs = lexicon()["verbs"]
        return not (_HARAKAT.sub("", t.raw).endswith("ة")
                    and t.norm not in verbs and strip_conjunction(t.norm) not in verbs)
    if strip_conjunction(t.norm) not in lexicon()["shadda"]:
        return False
    return _SHADDA in t.raw or (t.norm[:1] == "و" and (i == 0 or not s[i - 1].raw[0].isalnum()))


def quoted_words(s: list[Tok], j: int) -> int:
    """Words inside the quotation opened by the mark at token j."""
    n = 0
    for t in s[j + 1 :]:
        if t.quote < 0:
            break
        n += t.raw[0].isalnum()
    return n


def speaker_after(s: list[Tok], k: int) -> list[Tok]:
    """The speaker's words from token k: a title and a name, up to a complementiser, a stop
    word, punctuation or another verb. A short quoted name is part of it (صحيفة "سبق")."""
    words = lexicon()
    if k < len(s) and s[k].norm in words["skip"]:
        k += 1  # أوضح ذلك الناطق الإعلامي …
    if k < len(s) and s[k].norm.startswith(("لل", "بال", "كال", "لهذ", "بهذ")):
        return []  # قال بالأسد …، أكد للمهرجان …: a complement, never a speaker
    if (share := _share(s, k)):
        return share
    out: list[Tok] = []
    while k < len(s) and len(out) < MAX_SPEAKER:
        t = s[k]
        if t.raw in _QUOTES and t.quote < 0 and _quoted_name(s, k, bool(out) and is_head(out[-1].norm)):
            inner = [x for x in s[k + 1 :] if x.quote == s[k + 1].quote] if k + 1 < len(s) else []
            out += [x for x in inner if x.raw[0].isalnum()]
            k += len(inner) + 2  # the name and its closing mark
            if len(inner) > 3:
                break  # «الشبكة السورية لحقوق الإنسان»: a whole name
            continue
        if t.raw == "." and out and out[-1].end == t.start and len(out[-1].raw) <= 2:
            k += 1  # د. الزياني: an abbreviated title
            continue
        if t.norm == "الله" and out and out[-1].norm.endswith("عبد"):
            out.append(t)  # العميد عبد الله …: a name, not the stop word
            k += 1
            continue
        if (t.quote >= 0 or not t.raw[0].isalnum() or t.norm in words["complementisers"]
                or (t.norm in words["stop"] and not _noun_in_ta(t)) or reports(s, k)
                or t.raw[0].isdigit()
                or (out and _adverbial(t))):
            break
        out.append(t)
        k += 1
    return out + _apposed_title(s, k, out)


_PERCENT = frozenset({"%", "٪"})


def _share(s: list[Tok], k: int) -> list[Tok]:
    """A share of the people asked as the speaker (وقال 63٪ من الذين شملهم الاستطلاع إن …):
    the number, its sign and the words up to the complementiser, when one comes soon."""
    if not (k + 2 < len(s) and s[k].raw.isdigit() and s[k + 1].raw in _PERCENT
            and s[k + 2].norm == "من"):
        return []
    for j in range(k + 3, min(len(s), k + 3 + MAX_SPEAKER)):
        if s[j].norm in lexicon()["complementisers"]:
            return s[k:j]
        if not s[j].raw[0].isalnum() or reports(s, j):
            break
    return []


# prepositions inside a title (المشرف على …، الملحق الثقافي في سفارة …)
_OF_TITLE = frozenset(normalize_word(w) for w in ("في", "على", "لدى"))


def _apposed_title(s: list[Tok], k: int, out: list[Tok]) -> list[Tok]:
    """The rest of a title that holds a preposition, up to a second title in apposition and its
    name (المشرف على البرنامج في الجامعة الدكتور سالم أحمد أن …): the words from token k to the
    end of that name, when a head word opens the speaker, the title comes right after a content
    word or و, and the reported words open within a few words after the name; else nothing."""
    if not out or not is_head(out[0].norm) or k >= len(s) or s[k].norm not in _OF_TITLE:
        return []
    stop = lexicon()["stop"]
    for j in range(k + 1, min(len(s), k + MAX_SPEAKER)):
        t, prev = s[j], s[j - 1]
        if t.quote >= 0 or not t.raw[0].isalnum() or reports(s, j) \
                or t.norm in lexicon()["complementisers"] \
                or (t.norm in stop and t.norm not in _OF_TITLE):
            return []
        if is_head(t.norm) and prev.norm not in stop and not t.norm.startswith(("ب", "ل")):
            name = _name_from(s, j)
            end = j + len(name)
            if len(name) >= 2 and end < len(s) and find_opener(s, end, gap=4) is not None:
                return s[k:end]
    return []


def _name_from(s: list[Tok], j: int) -> list[Tok]:
    """The title and name from token j, up to a stop word, punctuation or another verb."""
    stop = lexicon()["stop"] | lexicon()["complementisers"]
    out: list[Tok] = []
    while j < len(s) and s[j].raw[0].isalnum() and s[j].quote < 0 and s[j].norm not in stop \
            and not reports(s, j) and len(out) < MAX_SPEAKER:
        out.append(s[j])
        j += 1
    return out


def bare_subject(who: list[Tok]) -> list[Tok]:
    """A speaker's words up to a complement opened by a glued preposition, for a verb whose
    reported words are not found (وطالب المحتجون بتصعيد القضية …: المحتجون)."""
    cut = next((n for n, t in enumerate(who) if n and t.norm.startswith(_GLUED)), len(who))
    return who[:cut]


_GLUED = ("بت", "لت")  # a verbal noun (بتصعيد، لتحقيق); بال / لل stay: المتحدث بالشؤون الصحية


def _noun_in_ta(t: Tok) -> bool:
    """Whether a word written with ة is a noun that only normalises to a stop word written
    with ه (فئة is no فيه; لشبكة stays a stop word)."""
    return _HARAKAT.sub("", t.raw).endswith("ة") and t.norm not in lexicon()["stop_in_ta"]


def _adverbial(t: Tok) -> bool:
    """Whether a word after a name is an adverbial participle (تسيبراس متوجها إلى …)."""
    return len(t.norm) >= 5 and t.norm[0] == "م" and t.norm[-1] == "ا"


def _quoted_name(s: list[Tok], k: int, after_head: bool = False) -> bool:
    """Whether the quotation opened at token k is a name: up to three words (صحيفة "سبق"),
    or up to six opened by a speaker's head word (أفادت «الشبكة الآشورية لحقوق الإنسان» أن)
    or after one (موقع «إي إس بي إن»)."""
    n = quoted_words(s, k)
    return n > 0 and (n <= 3 or (n <= 6 and (after_head or is_head(s[k + 1].norm))))


def find_opener(s: list[Tok], k: int, gap: int = MAX_GAP) -> int | None:
    """Index of what opens the reported words: a complementiser, a colon or a quotation (also
    one never closed). None when the verb's object is a noun (أكد أهمية …)."""
    words = lexicon()
    if any(t.norm in words["nominal"] for t in s[k : k + 2]):
        return None
    points = sum(1 for j in range(k, min(len(s), k + 2 * gap)) if s[j].raw == "." and not ends(s, j))
    for j in range(k, min(len(s), k + gap + points)):  # سي. إن. إن.: the points are not words
        t = s[j]
        if t.raw in _QUOTES and t.quote < 0 and not t.unclosed \
                and quoted_words(s, j) < MIN_CLAUSE_WORDS:
            continue  # لوسيلة الإعلام "زفيزدا": a quoted name, not what was said
        if t.quote >= 0:
            continue
        if t.norm in words["complementisers"] and (
                (j > 0 and s[j - 1].norm in words["subordinators"])
                or (j + 1 < len(s) and s[j + 1].raw == "." and s[j + 1].start == t.end)
                or t.norm in {x.norm for x in s[j - 1 : j] + s[j + 1 : j + 2]}):
            continue  # بعد أن، رغم أن، خاصة أن: not what was said; سي ان ان (سي. إن. إن.) is CNN
        if t.raw in _QUOTES or t.raw == ":" or t.norm in words["complementisers"]:
            return j
        if reports(s, j) or ends(s, j):
            return None
    return _after_aside(s, k)


_ASIDE = frozenset(normalize_word(w) for w in ("خلال", "في", "عقب", "أثناء", "لدى", "على"))


def _after_aside(s: list[Tok], k: int) -> int | None:
    """The complementiser right after an adverbial set off by commas, however long (وقال
    الوزير، خلال زيارته للوحدات العسكرية في المنطقة الحدودية الشمالية، إن …)."""
    if k + 1 >= len(s) or s[k].raw not in COMMAS or s[k + 1].norm not in _ASIDE:
        return None
    for m in range(k + 2, min(len(s) - 1, k + 3 * MAX_GAP)):
        if s[m].quote >= 0 or reports(s, m) or ends(s, m):
            return None
        if s[m].raw in COMMAS:
            nxt = s[m + 1].norm
            return m + 1 if nxt in lexicon()["complementisers"] else None
    return None


def clause_end(s: list[Tok], k: int) -> int:
    """Where indirect speech opened at token k ends: the sentence end, the next reporting
    clause of the same sentence (", وأضاف …", "لكنه أضاف …", "… مؤكدا أن …"), or the writer's
    own comment on it (…، في دليل جديد على …)."""
    for j in range(k + 1, len(s)):
        t = s[j]
        if t.quote >= 0:
            continue
        if ends(s, j) or _narrator(s, j) or _background(s, j):
            return j
        prev = s[j - 1]
        if prev.raw in COMMAS and _writer_fact(s, j):
            return j - 1  # …، كما قدم الشريف شكره …: the writer's next fact
        if prev.raw in COMMAS and (t.norm in lexicon()["acts"] or _writer_turn(s, j)
                                   or _new_subject(s, j) or _own_words(s, j)):
            return j - 1  # …، مقدما شكره لـ …، وبذلك …، الأمر الذي …: the writer's turn
        if " ".join(x.norm for x in s[j : j + 2]) == "الامر الذي":
            return j  # … عرض المسلسل الأمر الذي أدى إلى …: the writer's consequence, comma or not
        if is_participle(t.norm) and j + 1 < len(s) and s[j + 1].norm == "عن":
            return j  # … تمثل هما مشتركا معربا عن القلق …: the writer goes on
        if not reports(s, j):
            continue
        if j >= 2 and prev.norm in ("انه", "انها", "انهم") and s[j - 2].norm == "الا":
            return j - 2  # …، إلا أنه أشار إلى أن …: a new clause
        if prev.raw in COMMAS or prev.norm in BUT or prev.norm in _WHILE:
            return j - 1
        if t.norm[:1] == "و" or (is_participle(t.norm) and find_opener(s, j + 1, gap=5) is not None):
            return j
    return len(s)


_WHICH = frozenset({"ما", "مما"})  # ما يؤكد أن: which shows that
_WHILE = frozenset({"فيما", "بينما", "وبينما"})  # … فيما أعلنت مصادر …: someone else speaks


def _background(s: list[Tok], j: int) -> bool:
    """Whether the writer's background opens at token j, comma or not (… استفزاز» يذكر أن …)."""
    return s[j].norm in lexicon()["impersonal"] and j + 1 < len(s) \
        and s[j + 1].norm in lexicon()["complementisers"]


def _writer_fact(s: list[Tok], j: int) -> bool:
    """Whether كما at token j opens the writer's next fact: كما, a verb, and a subject with ال
    (كما قدم المدير شكره); not كما أن …, nor a passive (كما تم توجيه …), which go on with
    the speaker's words."""
    if s[j].norm not in ("كما", "وكما") or j + 2 >= len(s):
        return False
    verb, subject = s[j + 1], s[j + 2]
    return (verb.raw[0].isalpha() and verb.norm not in lexicon()["complementisers"]
            and verb.norm not in lexicon()["stop"] and verb.norm not in _PASSIVE
            and not verb.norm.startswith("ال") and subject.norm.startswith("ال"))


_PASSIVE = frozenset({"تم", "يتم", "سيتم", "تمت", "ستتم", "جرى", "يجري"})


def _writer_turn(s: list[Tok], j: int) -> bool:
    """Whether a word or two of the writer's taking over start at token j (وبذلك، الأمر الذي)."""
    turns = lexicon()["writer_turns"]
    return s[j].norm in turns or " ".join(t.norm for t in s[j : j + 2]) in turns


def _own_words(s: list[Tok], j: int) -> bool:
    """Whether …، حسب قوله (the speaker's own words, said again) starts at token j."""
    return (s[j].norm in ("حسب", "بحسب", "وفق", "وفقا") and j + 1 < len(s)
            and s[j + 1].norm in lexicon()["own_words"])


def _new_subject(s: list[Tok], j: int) -> bool:
    """Whether a clause of the writer's opens at token j: a verb with و and, as its subject,
    an organisation or a document with ال (…، وقررت اللجنة الإشرافية …، وتناول التقرير …)."""
    t = s[j]
    if t.norm[:1] != "و" or t.norm[1:3] == "ال" or len(t.norm) < 4 or j + 1 >= len(s):
        return False
    nxt = s[j + 1].norm
    return (nxt.startswith("ال") and nxt[2:] in lexicon()["heads"] and not t.norm.endswith("ه")
            and not is_head(t.norm))  # …، وزير الخارجية: a title, not a verb


def _narrator(s: list[Tok], j: int) -> bool:
    """Whether a phrase of the writer's own (في دليل على، دون أن) starts at token j."""
    return " ".join(t.norm for t in s[j : j + 2]) in lexicon()["narrator"]
