"""Who said what: direct quotes, indirect speech and attributions in Arabic news text.

Rules over tokens of the text as given (offsets are kept), with the reporting words kept as data
(`data/speech.json`):

- a reporting verb (قال، أكد، أعلن، أضاف، أشار، شدد … in past, present and participle forms,
  with و / ف) followed by its speaker (verb-subject order, the usual one in news), a few
  adverbial words (في مؤتمر صحفي، الإثنين …), then the reported clause: إن / أن / بأن …
  (indirect speech), a colon, or quotation marks ("…", “…”, «…») (direct speech);
- the speaker before the verb (لكن باشينيان أكد أن …، وكان أطباء ذكروا أن …);
- no speaker at all (وأضاف أن …, لكنه أضاف …، قال سموه: …): a participle (مؤكدا أن …) has
  the subject of its sentence; another verb the nearer of the last speaker and the last person
  named before (`names`, from the entity tagger), except that وأضاف / وتابع continue the last
  speaker, and so does a feminine verb after a feminine one (وقالت الوزارة … وأشارت إلى أن …);
- the reported clause ends at the sentence end, at the next reporting clause, at a participle
  of the speaker's other acts (…، مقدما شكره) or at the writer's comment (…، في دليل على …);
  a quotation never closed (قال: "… / «…}) runs to the end of the clause;
- not speech: a noun complement (أكد أهمية …), أن governed by another word (بعد أن، رغم أن),
  the writer's passive background (يذكر أن …، يشار إلى أن …);
- attributions (بحسب، وفقا لـ، نقلا عن، حسبما أفادت …) and relays (نقلت وكالة … عن X أن …: X
  speaks);
- interviews: a line ending in a colon that names someone, then answers in lines opened by a dash.

>>> [(q.speaker, q.text, q.direct) for q in find_quotes('وقال باشينيان يوم الاثنين "بدأنا مناقشة القضايا".')]
[('باشينيان', 'بدأنا مناقشة القضايا', True)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from marsad.arabic import normalize, normalize_word, stopwords, text_tokens
from marsad.arabic import words as word_tokens
from marsad.arabic.resources import data_json
from marsad.arabic.sentences import QUOTES as _QUOTES
from marsad.arabic.sentences import quote_spans, sentence_spans
from marsad.model import EntityType, Mention, Quote

_END = {".", "!", "?", "؟"}
_COMMAS = {",", "،", "؛", ";"}  # a reporting verb after one of these opens a new clause
_DASHES = ("–", "—", "-")
_MAX_SPEAKER = 14  # words of a speaker's name and title (Saudi titles run long)
_MAX_GAP = 14  # words between the speaker and the reported clause (adverbials)
_MIN_QUOTE_WORDS = 2
_MIN_CLAUSE_WORDS = 3  # a shorter quotation is a name or a scare-quoted word, not the clause
_BUT = {"لكن", "لكنه", "لكنها", "ولكن", "ولكنه", "ولكنها", "كما", "وكما"}
_SHADDA = "\u0651"
_HARAKAT = re.compile("[\u064b-\u0652]")
_quote_spans = lru_cache(maxsize=8)(quote_spans)  # asked once per sentence of the same text


class _Tok(NamedTuple):
    """A word or mark of the text, with its normalised form and its offsets."""

    raw: str
    norm: str
    start: int
    end: int
    quote: int  # index of the quotation this token is inside, -1 outside
    unclosed: bool = False  # an opening mark that no mark closes on its line


class _Speaker(NamedTuple):
    """Who spoke last, and whether the verb that named them was feminine (قالت، مؤكدة)."""

    name: str
    start: int
    end: int
    feminine: bool


@cache
def _words() -> dict[str, frozenset[str]]:
    data = data_json("marsad.extract", "speech.json")
    verbs = {normalize(form) for forms in data["verbs"].values() for form in forms}

    def norms(key: str) -> frozenset[str]:
        return frozenset(normalize(w) for w in data[key])

    return {
        "verbs": frozenset(verbs),
        "complementisers": norms("complementisers"),
        "stop": norms("stop_speaker") | norms("nominal_objects"),
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
    }


def _feminine_forms(forms: list[str]) -> list[str]:
    """The feminine singular forms of a verb: قالت (قال)، نفت (نفى)، تقول (يقول)، قائلة (قائلا)."""
    have = set(forms)
    return [f for f in forms
            if (f.endswith("ت") and ({f[:-1], f[:-1] + "ى", f[:-1] + "ا"} & have))
            or (f.startswith("ت") and "ي" + f[1:] in have)
            or (f.endswith("ة") and f[:-1] + "ا" in have)]


@lru_cache(maxsize=200_000)
def _verb(norm: str) -> bool:
    """Whether a normalised word is a reporting verb, with و / ف before it or an object
    pronoun after it (ووصفتها)."""
    words = _words()
    verbs = words["verbs"]
    for stem in (norm, norm[1:] if norm[:1] in ("و", "ف") else ""):
        if stem in verbs:
            return True
        if any(stem.endswith(x) and stem[: -len(x)] in verbs - words["relay"]
               for x in words["suffixes"]):
            return True
    return False


def find_quotes(text: str, names: Sequence[Mention] = ()) -> list[Quote]:
    """Every quote found in `text`, in text order. Never raises on any string.

    `names` are the name mentions of the text (offsets into it); with them, a quote without a
    named speaker may go to a person named before it (see the module's notes).
    """
    people = sorted((m for m in names if m.type == EntityType.PERS and not _oblique(m, text)),
                    key=lambda m: m.start)
    named = {m.start: m for m in names}
    quotes: list[Quote] = []
    last: _Speaker | None = None
    for a, b in sentence_spans(text):
        if not _may_report(text[a:b]):
            continue  # most sentences have no reporting word: skip them cheaply
        s = _tokens(text, a, b)
        here: _Speaker | None = None  # who speaks in this sentence so far
        for q in _in_sentence(text, s):
            if q.implicit:
                here = _give_speaker(q, text, s, (people, named), here, last)
            elif _names_subject(q, names):
                here = last = _Speaker(q.speaker, q.speaker_start or 0, q.speaker_end or 0,
                                       _feminine(q.verb))
            if q.end > q.start:
                quotes.append(q)
    if _INTERVIEW.search(text):
        quotes += _interviews(text)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _names_subject(q: Quote, names: Sequence[Mention]) -> bool:
    """Whether a quote names who speaks next: not an attribution; and a verb without reported
    words (أعلن الوزير …) only when the tagger saw a name in its subject (تعتبر مفيدة جدا is
    no speaker)."""
    if q.attribution or q.speaker_start is None or q.speaker_end is None:
        return False
    a, b = q.speaker_start, q.speaker_end
    return q.end > q.start or not names or any(m.start < b and a < m.end for m in names)


def _give_speaker(q: Quote, text: str, s: list[_Tok],
                  names: tuple[list[Mention], dict[int, Mention]],
                  here: _Speaker | None, last: _Speaker | None) -> _Speaker | None:
    """Resolve a quote without a named speaker; return who speaks in the sentence after it.
    A participle (مؤكدا أن …) has the subject of its sentence's main clause."""
    people, named = names
    participle = _participle(normalize_word(q.verb))
    if participle and here is None:
        here = _subject(text, s, named, last)
    _resolve(q, text, people, here or last, continues=participle and here is not None)
    if here is None and q.speaker_start is not None:
        here = _Speaker(q.speaker, q.speaker_start, q.speaker_end or 0, False)
    return here


def _resolve(q: Quote, text: str, people: list[Mention], last: _Speaker | None, *,
             continues: bool = False) -> None:
    """Give a quote without a named speaker (وأضاف أن …، مؤكدا أن …، قال سموه) its speaker:
    the subject of the sentence's earlier reporting clause when there is one (`continues`);
    else the nearer of the last speaker and the last person named before it, except that a
    verb continuing a statement (وأضاف، وتابع) continues the last speaker, and so does a
    feminine verb (وأشارت) after a feminine one (organisations are feminine; a person named
    in passing is most often a man)."""
    before = [m for m in people if m.end <= q.start and not (q.start <= m.start < q.end)]
    person = before[-1] if before else None
    keep = last is not None and (
        continues or person is None or last.start >= person.start
        or _stem(normalize_word(q.verb)) in _words()["continuation"]
        or (last.feminine and _feminine(q.verb)))
    if keep and last is not None:
        q.speaker, q.speaker_start, q.speaker_end = last.name, last.start, last.end
    elif person is not None:
        q.speaker, q.speaker_start, q.speaker_end = (text[person.start : person.end],
                                                     person.start, person.end)


def _subject(text: str, s: list[_Tok], named: dict[int, Mention], last: _Speaker | None
             ) -> _Speaker | None:
    """The subject of a sentence opened by a verb (ورفضت موسكو …، وعبر معاليه …): a name the
    tagger found right after its first word, or an honorific pronoun (the last speaker)."""
    if len(s) < 2 or not s[0].raw.isalpha() or s[0].norm in stopwords() \
            or s[0].norm in _words()["stop"]:
        return None
    if s[1].norm in _words()["pronouns"]:
        return last
    m = named.get(s[1].start)
    return None if m is None else _Speaker(text[m.start : m.end], m.start, m.end, False)


def _stem(norm: str) -> str:
    """A normalised word without the conjunction و / ف before it."""
    return norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm


def _feminine(verb: str) -> bool:
    return _stem(normalize_word(verb)) in _words()["feminine"]


def _oblique(m: Mention, text: str) -> bool:
    """Whether a name was tagged with a preposition glued to it (للنجيفي، ببلوتو): it is then
    not a subject, so never a speaker. The bare name must occur elsewhere in the text."""
    name = text[m.start : m.end]
    if name[:1] not in ("ب", "ل", "ك") or len(name) < 4:
        return False
    bare = "ال" + name[2:] if name.startswith("لل") else name[1:]
    return re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text) is not None


def _tokens(text: str, a: int, b: int) -> list[_Tok]:
    """The tokens of text[a:b], with offsets into the text and their quotation."""
    marks = _quote_spans(text)
    paired = {i for span in marks for i in span}
    out = []
    q = 0  # the first quotation that does not end before the current token
    for raw, start, end in text_tokens(text, a, b):
        while q < len(marks) and marks[q][1] <= start:
            q += 1
        inside = q if q < len(marks) and marks[q][0] < start else -1
        unclosed = raw in _QUOTES and start not in paired and inside < 0
        out.append(_Tok(raw, normalize_word(raw), start, end, inside, unclosed))
    return out


def _may_report(sentence: str) -> bool:
    """Whether a sentence has a reporting verb or an attribution word (checked on its
    normalised words, before the costlier tokenising)."""
    starts = _attribution_starts()
    shadda = _words()["shadda"]
    return any(_verb(w) or w in starts or _stem(w) in shadda
               for w in word_tokens(normalize(sentence)))


_INTERVIEW = re.compile(r":[ \t]*\n\s*[–—-]")


def _reports(s: list[_Tok], i: int) -> bool:
    """Whether token i is a reporting verb. Not a noun in ة that only looks like a verb with an
    object pronoun (إضافة is not أضافه); بيّن when its shadda is written, and وبين without it
    when it opens a clause (bare بين is the preposition: _from_verb then wants reported words)."""
    t = s[i]
    if _verb(t.norm):
        verbs = _words()["verbs"]
        return not (_HARAKAT.sub("", t.raw).endswith("ة")
                    and t.norm not in verbs and _stem(t.norm) not in verbs)
    if _stem(t.norm) not in _words()["shadda"]:
        return False
    return _SHADDA in t.raw or (t.norm[:1] == "و" and (i == 0 or not s[i - 1].raw[0].isalnum()))


def _in_sentence(text: str, s: list[_Tok]) -> list[Quote]:
    """The quotes of one sentence. A reporting verb whose words are not quoted here (أعلن
    باشينيان هذه التطلعات) still names who speaks next: it yields a Quote with no words
    (start == end), which the caller uses as the last speaker and then drops."""
    out: list[Quote] = []
    for i, t in enumerate(s):
        if t.quote >= 0 or not _reports(s, i):
            continue
        q = _from_verb(text, s, i)
        if q is None:
            continue
        outer = next((o for o in out if o.start <= t.start < o.end), None)
        if outer is not None:
            # a verb inside reported words (أشار إلى أن البيانات كشفت أن …) is part of them,
            # unless it opens direct speech (… حينما قال: «…»): the outer words end before it
            if not q.direct or q.end <= q.start:
                continue
            _cut_before(text, outer, s, i)
        out.append(q)
    return out + _attributions(text, s)


def _cut_before(text: str, q: Quote, s: list[_Tok], i: int) -> None:
    """End quote q before token i, and before the function words that lead to it."""
    k = i
    while k > 0 and s[k - 1].start > q.start and (s[k - 1].norm in stopwords()
                                                  or not s[k - 1].raw[0].isalnum()):
        k -= 1
    q.end = s[k - 1].end if k > 0 and s[k - 1].end > q.start else q.start
    q.text = text[q.start : q.end]


def _from_verb(text: str, s: list[_Tok], i: int) -> Quote | None:
    words = _words()
    after = i + 1
    if s[i].norm in words["relay"] or s[i].norm[1:] in words["relay"]:
        # نقلت وكالة … عن X أن …: X speaks; without عن the verb is not about speech
        found = next((k + 1 for k in range(i + 1, min(len(s), i + _MAX_GAP))
                      if s[k].norm == "عن"), None)
        if found is None:
            return None
        after = found
    if s[i].norm in words["impersonal"] and _opener(s, i + 1, gap=2) is not None:
        return None  # يذكر أن …، يشار إلى أن …: the writer's background, in the passive
    if _participle(s[i].norm):  # مؤكدا أن …: the sentence's subject speaks, named earlier
        speaker: list[_Tok] = []
        who: list[_Tok] = []
    else:
        speaker = _speaker_after(s, after)
        who = speaker or _speaker_before(s, i)
    opener = _opener(s, after + len(speaker))
    content = _content(text, s, opener) if opener is not None else None
    if all(t.norm in words["pronouns"] for t in who):
        who = []  # قال سموه: the person named before speaks
    if content is None:
        if len(who) < 2 or not _verb(s[i].norm):
            return None  # one word after a verb is too often not a speaker (بين البلدين)
        name = text[who[0].start : who[-1].end]
        return Quote(name, who[0].start, who[-1].end, "", who[0].start, who[0].start, False,
                     s[i].raw)
    start, end, direct = content
    if who:
        name = text[who[0].start : who[-1].end]
        return Quote(name, who[0].start, who[-1].end, text[start:end], start, end, direct,
                     s[i].raw)
    return Quote("", None, None, text[start:end], start, end, direct, s[i].raw, True)


def _participle(norm: str) -> bool:
    participles = _words()["participles"]
    return norm in participles or (norm[:1] == "و" and norm[1:] in participles)


def _speaker_after(s: list[_Tok], k: int) -> list[_Tok]:
    """The speaker's words from token k: a title and a name, up to a complementiser, a stop
    word, punctuation or another verb. A short quoted name is part of it (صحيفة "سبق")."""
    words = _words()
    if k < len(s) and s[k].norm in words["skip"]:
        k += 1  # أوضح ذلك الناطق الإعلامي …
    out: list[_Tok] = []
    while k < len(s) and len(out) < _MAX_SPEAKER:
        t = s[k]
        if t.raw in _QUOTES and t.quote < 0 and 0 < _quoted_words(s, k) <= 3:
            inner = [x for x in s[k + 1 :] if x.quote == s[k + 1].quote] if k + 1 < len(s) else []
            out += [x for x in inner if x.raw[0].isalnum()]
            k += len(inner) + 2  # the name and its closing mark
            continue
        if t.raw == "." and out and out[-1].end == t.start and len(out[-1].raw) <= 2:
            k += 1  # د. الزياني: an abbreviated title
            continue
        if (t.quote >= 0 or not t.raw[0].isalnum() or t.norm in words["complementisers"]
                or t.norm in words["stop"] or _reports(s, k) or t.raw[0].isdigit()):
            break
        out.append(t)
        k += 1
    return out


def _speaker_before(s: list[_Tok], i: int) -> list[_Tok]:
    """A subject before the verb (لكن باشينيان أكد), when the verb has no conjunction; after
    كان it opens the clause (وكان أطباء ذكروا أن …)."""
    stem = s[i].norm[1:]
    if s[i].norm[:1] in ("و", "ف") and (_verb(stem) or stem in _words()["shadda"]):
        return []
    k = i - 1
    out: list[_Tok] = []
    words = _words()
    while (k >= 0 and s[k].raw[0].isalnum() and s[k].norm not in _BUT
           and s[k].norm not in words["pluperfect"] and not _reports(s, k)):
        out.insert(0, s[k])
        k -= 1
    stop = words["stop"] | stopwords()
    if not out or len(out) > 5 or any(t.norm in stop for t in out):
        return []
    return out


def _opener(s: list[_Tok], k: int, gap: int = _MAX_GAP) -> int | None:
    """Index of what opens the reported words: a complementiser, a colon or a quotation (also
    one never closed). None when the verb's object is a noun (أكد أهمية …)."""
    words = _words()
    if any(t.norm in words["nominal"] for t in s[k : k + 2]):
        return None
    for j in range(k, min(len(s), k + gap)):
        t = s[j]
        if t.raw in _QUOTES and t.quote < 0 and not t.unclosed \
                and _quoted_words(s, j) < _MIN_CLAUSE_WORDS:
            continue  # لوسيلة الإعلام "زفيزدا": a quoted name, not what was said
        if t.quote >= 0:
            continue
        if t.norm in words["complementisers"] and (
                (j > 0 and s[j - 1].norm in words["subordinators"])
                or t.norm in {x.norm for x in s[j - 1 : j] + s[j + 1 : j + 2]}):
            continue  # بعد أن، رغم أن، خاصة أن: not what was said; سي ان ان is CNN
        if t.raw in _QUOTES or t.raw == ":" or t.norm in words["complementisers"]:
            return j
        if _reports(s, j) or t.raw in _END:
            return None
    return None


def _content(text: str, s: list[_Tok], j: int) -> tuple[int, int, bool] | None:
    """(start, end, direct) of the reported words opened at token j. A quotation never closed
    (وأضاف "بمجرد أن …، قال إن «… الخيار}) runs to the end of the clause."""
    k = j if s[j].quote >= 0 or s[j].raw in _QUOTES else j + 1
    if k >= len(s):
        return None
    direct = s[j].raw == ":"
    if s[k].unclosed:
        k += 1
        direct = True
        if k >= len(s):
            return None
    elif s[k].raw in _QUOTES or s[k].quote >= 0:
        span = _quotation(text, s[k])
        if span is not None and _whole_clause(s, k, span):
            return span[0], span[1], True
    end = _clause_end(s, k)
    while end > k and not s[end - 1].raw[0].isalnum() and s[end - 1].quote < 0 \
            and s[end - 1].raw not in _QUOTES.values():
        end -= 1  # no trailing comma or dash
    if end <= k:
        return None
    start, stop = s[k].start, s[end - 1].end
    if len(text[start:stop].split()) < _MIN_QUOTE_WORDS:
        return None
    return start, stop, direct


def _quotation(text: str, t: _Tok) -> tuple[int, int] | None:
    for a, b in _quote_spans(text):
        if a <= t.start <= b:
            inner = text[a + 1 : b]
            lead = len(inner) - len(inner.lstrip())
            return a + 1 + lead, a + 1 + len(inner.rstrip())
    return None


def _quoted_words(s: list[_Tok], j: int) -> int:
    """Words inside the quotation opened by the mark at token j."""
    n = 0
    for t in s[j + 1 :]:
        if t.quote < 0:
            break
        n += t.raw[0].isalnum()
    return n


def _whole_clause(s: list[_Tok], k: int, span: tuple[int, int]) -> bool:
    """Whether the quotation at token k is the reported clause, not a word in it: it opens the
    clause and is long enough to be a statement."""
    mark = k if s[k].quote < 0 else k - 1
    return _quoted_words(s, mark) >= _MIN_CLAUSE_WORDS


def _clause_end(s: list[_Tok], k: int) -> int:
    """Where indirect speech opened at token k ends: the sentence end, the next reporting
    clause of the same sentence (", وأضاف …", "لكنه أضاف …", "… مؤكدا أن …"), or the writer's
    own comment on it (…، في دليل جديد على …)."""
    for j in range(k + 1, len(s)):
        t = s[j]
        if t.quote >= 0:
            continue
        if t.raw in _END or _narrator(s, j):
            return j
        prev = s[j - 1]
        if prev.raw in _COMMAS and t.norm in _words()["acts"]:
            return j - 1  # …، مقدما شكره لـ …: the speaker's acts, not their words
        if not _reports(s, j):
            continue
        if prev.raw in _COMMAS or prev.norm in _BUT:
            return j - 1
        if t.norm[:1] == "و" or (_participle(t.norm) and _opener(s, j + 1, gap=5) is not None):
            return j
    return len(s)


def _narrator(s: list[_Tok], j: int) -> bool:
    """Whether a phrase of the writer's own (في دليل على، دون أن) starts at token j."""
    return " ".join(t.norm for t in s[j : j + 2]) in _words()["narrator"]


def _attributions(text: str, s: list[_Tok]) -> list[Quote]:
    """بحسب X، … / وفقا لـX، …: X is the source of the rest of the sentence; and at its end
    (…، حسب «رويترز».) of what came before."""
    out = []
    for i, t in enumerate(s):
        marker = _attribution_at(s, i)
        if marker is None or t.quote >= 0:
            continue
        who = _speaker_after(s, i + marker)
        if not who:
            continue
        nxt = _index_after(s, who[-1])
        verb = text[t.start : s[i + marker - 1].end]
        span = _attributed(s, i, nxt)
        if span is None:
            continue
        start, stop = span
        out.append(Quote(text[who[0].start : who[-1].end], who[0].start, who[-1].end,
                         text[start:stop], start, stop, False, verb, attribution=True))
    return out


def _index_after(s: list[_Tok], last: _Tok) -> int:
    """The index of the first token after `last`, past the closing mark of a quoted name."""
    k = s.index(last) + 1
    if k < len(s) and last.quote >= 0 and s[k].quote < 0 and not s[k].raw[0].isalnum():
        k += 1
    return k


def _attributed(s: list[_Tok], i: int, nxt: int) -> tuple[int, int] | None:
    """(start, end) of what an attribution at token i (its source ending before token nxt)
    covers: the rest of the sentence when it opens it, what came before when it closes it."""
    if i <= 1 and nxt < len(s) - 1 and s[nxt].raw in _COMMAS:
        end = _clause_end(s, nxt + 1)
        return (s[nxt + 1].start, s[end - 1].end) if end > nxt + 1 else None
    closes = nxt >= len(s) or s[nxt].raw in _END
    if i >= 3 and closes and s[i - 1].raw in _COMMAS:
        return s[0].start, s[i - 2].end
    return None


@cache
def _attribution_starts() -> frozenset[str]:
    """First words of the attribution phrases, with and without و."""
    words = _words()
    firsts = {p.split()[0] for p in words["attributions"] | words["attribution_verbs"]}
    return frozenset(firsts | {"و" + w for w in firsts})


def _attribution_at(s: list[_Tok], i: int) -> int | None:
    """Number of tokens of an attribution phrase starting at token i, or None."""
    if s[i].norm not in _attribution_starts():
        return None
    phrases = _words()["attributions"]
    with_verb = _words()["attribution_verbs"]
    for n in (3, 2, 1):
        words = [t.norm for t in s[i : i + n]]
        if len(words) < n:
            continue
        phrase = " ".join(words)
        for candidate in (phrase, phrase[1:] if phrase[:1] == "و" else None):
            if candidate and candidate in phrases:
                return n
            if candidate in with_verb and i + n < len(s) and _reports(s, i + n):
                return n + 1  # حسبما أفادت وسائل الإعلام: the verb, then the source
        if n == 2 and words[1].startswith("ل") and f"{words[0].lstrip('و')} ل" in phrases:
            return 1  # وفقا لوكالة …: the ل is glued to the source's name
    return None


def _interviews(text: str) -> list[Quote]:
    """Answers of an interview: after a line ending in a colon that names someone, each line
    opened by a dash that is not a question is that person's direct speech."""
    out: list[Quote] = []
    lines = text.split("\n")
    offset = 0
    speaker: tuple[str, int, int] | None = None
    for line in lines:
        stripped = line.strip()
        lead = offset + len(line) - len(line.lstrip())
        if stripped.endswith(":") and not stripped.startswith(_DASHES):
            speaker = _name_before_colon(stripped, lead)
        elif speaker and stripped.startswith(_DASHES):
            body = stripped.lstrip("".join(_DASHES)).strip()
            if body and not body.endswith(("؟", "?")):
                start = lead + stripped.index(body)
                out.append(Quote(speaker[0], speaker[1], speaker[2], body, start,
                                 start + len(body), True, ":"))
        elif stripped:
            speaker = None
        offset += len(line) + 1
    return out


def _name_before_colon(line: str, offset: int) -> tuple[str, int, int] | None:
    """The last words before the colon (a title and a name): after the last comma, and after
    the last function word or verb (وعلق على ذلك مدير المركز أحمد سالم:)."""
    head = line[:-1].rstrip()
    stop = _words()["stop"] | stopwords()
    name: list[tuple[str, int, int]] = []
    for raw, start, end in reversed(text_tokens(head)):
        norm = normalize_word(raw)
        if not raw[0].isalnum() or norm in stop or _verb(norm):
            break
        name.insert(0, (raw, start, end))
    if not name or len(name) > _MAX_SPEAKER:
        return None
    return head[name[0][1] : name[-1][2]], offset + name[0][1], offset + name[-1][2]
