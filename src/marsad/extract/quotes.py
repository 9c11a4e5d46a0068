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

This module reads the text sentence by sentence; `speakers` finds who speaks when nobody is
named, `attributions` reads attributions and interviews, and `speech` holds the word lists and
the bounds of a reporting clause.

>>> [(q.speaker, q.text, q.direct) for q in find_quotes('وقال باشينيان يوم الاثنين "بدأنا مناقشة القضايا".')]
[('باشينيان', 'بدأنا مناقشة القضايا', True)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from marsad.arabic import normalize, stopwords
from marsad.arabic import words as word_tokens
from marsad.arabic.sentences import QUOTES as _QUOTES
from marsad.arabic.sentences import sentence_spans
from marsad.extract.attributions import attribution_starts, attributions, interviews
from marsad.extract.speakers import (
    Speaker,
    give_speaker,
    is_feminine,
    is_oblique,
    names_subject,
    without_conjunction,
)
from marsad.extract.speech import (
    BUT,
    COMMAS,
    MAX_GAP,
    MAX_SPEAKER,
    MIN_CLAUSE_WORDS,
    Tok,
    bare_subject,
    cached_quote_spans,
    clause_end,
    find_opener,
    is_head,
    is_participle,
    is_relay,
    is_verb,
    lexicon,
    quoted_words,
    reports,
    sentence_tokens,
    speaker_after,
    strip_conjunction,
)
from marsad.model import EntityType, Mention, Quote

__all__ = ["find_quotes"]

_MIN_QUOTE_WORDS = 2
_MARKS = str.maketrans({"\u2033": "”"})  # “شاهين 2″: a double prime typed for the closing mark


def find_quotes(text: str, names: Sequence[Mention] = ()) -> list[Quote]:
    """Every quote found in `text`, in text order. Never raises on any string.

    `names` are the name mentions of the text (offsets into it); with them, a quote without a
    named speaker may go to a person named before it (see the module's notes).
    """
    quotes = _find(text.translate(_MARKS), names)
    for q in quotes:  # the same offsets in the text as given
        q.text = text[q.start : q.end]
        if q.speaker_start is not None and q.speaker_end is not None:
            q.speaker = text[q.speaker_start : q.speaker_end]
    return quotes


def _find(text: str, names: Sequence[Mention]) -> list[Quote]:
    marks = cached_quote_spans(text)
    people = sorted((without_conjunction(m, text) for m in names
                     if m.type == EntityType.PERS and not is_oblique(m, text)
                     and not any(a < m.start < b for a, b in marks)),  # “جاور السعيد تسعد”
                    key=lambda m: m.start)
    named = {m.start: m for m in names}
    quotes: list[Quote] = []
    last: Speaker | None = None
    for a, b in _sentences(text):
        if not _may_report(text[a:b]):
            continue  # most sentences have no reporting word: skip them cheaply
        s = sentence_tokens(text, a, b)
        here: Speaker | None = None  # who speaks in this sentence so far
        # a person named inside the reported words of an earlier sentence does not speak next
        free = [m for m in people if not any(o.start <= m.start < o.end for o in quotes)]
        for q in _in_sentence(text, s):
            if q.implicit:
                here = give_speaker(q, text, s, (free, named), here, last)
            elif names_subject(q, names):
                here = last = Speaker(q.speaker, q.speaker_start or 0, q.speaker_end or 0,
                                      is_feminine(q.verb))
            if q.end > q.start:
                quotes.append(q)
    quotes += interviews(text)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of the text (`sentence_spans`: a point inside 23.5 or www.kfsc.edu.sa ends
    none), kept whole across a line broken inside a sentence (في تصريح خاص⏎لـ«اليوم» أن …)."""
    out: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if out and _broken_line(text, out[-1][1], a):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


_WORD = re.compile(r"\S+")


def _broken_line(text: str, b: int, a: int) -> bool:
    """Whether a line break cuts a sentence: the line ends in a letter and the next opens
    with what cannot open a sentence, a glued لـ or the complementiser."""
    if b >= len(text) or text[b] != "\n":
        return False
    last = b - 1
    while last >= 0 and text[last].isspace():
        last -= 1
    if last < 0 or not text[last].isalpha():
        return False
    first = _WORD.search(text, a)
    return first is not None and (first[0].startswith("لـ")
                                  or normalize(first[0]) in lexicon()["complementisers"])


def _may_report(sentence: str) -> bool:
    """Whether a sentence has a reporting verb or an attribution word (checked on its
    normalised words, before the costlier tokenising)."""
    starts = attribution_starts()
    shadda = lexicon()["shadda"]
    documents = lexicon()["document_verbs"]
    return any(is_verb(w) or w in starts or strip_conjunction(w) in shadda
               or strip_conjunction(w) in documents for w in word_tokens(normalize(sentence)))


def _in_sentence(text: str, s: list[Tok]) -> list[Quote]:
    """The quotes of one sentence. A reporting verb whose words are not quoted here (أعلن
    باشينيان هذه التطلعات) still names who speaks next: it yields a Quote with no words
    (start == end), which the caller uses as the last speaker and then drops."""
    out: list[Quote] = []
    for i, t in enumerate(s):
        if t.quote >= 0 or not (reports(s, i) or _document_verb(s, i)):
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
    return out + attributions(text, s)


def _cut_before(text: str, q: Quote, s: list[Tok], i: int) -> None:
    """End quote q before token i, and before the function words that lead to it."""
    k = i
    while k > 0 and s[k - 1].start > q.start and (s[k - 1].norm in stopwords()
                                                  or not s[k - 1].raw[0].isalnum()):
        k -= 1
    q.end = s[k - 1].end if k > 0 and s[k - 1].end > q.start else q.start
    q.text = text[q.start : q.end]


def _from_verb(text: str, s: list[Tok], i: int) -> Quote | None:
    """The quote of the reporting verb at token i: its speaker and reported words, or None."""
    words = lexicon()
    after = i + 1
    pairs = [(j, j + 1) for j in (i - 1, i) if j >= 0 and j + 1 < len(s)]
    if any(f"{s[a].norm} {s[b].norm}" in words["not_speech"] for a, b in pairs):
        return None  # الجدير ذكره أن …، كشف طبي: nobody's words
    if _document_verb(s, i):  # وجاء في البيان أن …: the document speaks
        after = i + 2
        first = next((t for t in s[after : after + 2] if t.norm not in words["skip"]), None)
        if first is None or not is_head(first.norm):
            return None
    elif s[i].norm in words["relay"] or s[i].norm[1:] in words["relay"]:
        # نقلت وكالة … عن X أن …: X speaks; without عن the verb is not about speech
        found = next((k + 1 for k in range(i + 1, min(len(s), i + MAX_GAP))
                      if s[k].norm == "عن"), None)
        if found is None:
            return None
        after = found
    if s[i].norm in words["impersonal"] and find_opener(s, i + 1, gap=2) is not None:
        return None  # يذكر أن …، يشار إلى أن …: the writer's background, in the passive
    if is_participle(s[i].norm):  # مؤكدا أن …: the sentence's subject speaks, named earlier
        speaker: list[Tok] = []
        who: list[Tok] = []
    else:
        speaker = speaker_after(s, after)
        who = speaker or _speaker_before(s, i)
        if not who and i > 0 and s[i - 1].norm in _RELATIVE:
            return None  # …، الأمر الذي يؤكد أن …: a fact shows it, nobody speaks
    opener = find_opener(s, after + len(speaker))
    if not _shows(s, i, speaker, opener):
        return None
    content = _content(text, s, opener) if opener is not None else None
    pronoun = ""
    if who and all(t.norm in words["pronouns"] for t in who):
        pronoun = text[who[0].start : who[-1].end]
        who = []  # قال سموه: the person named before speaks
    if content is None:
        if len(who) < 2 or not is_verb(s[i].norm):
            return None  # one word after a verb is too often not a speaker (بين البلدين)
        who = bare_subject(who)
        name = text[who[0].start : who[-1].end]
        return Quote(name, who[0].start, who[-1].end, "", who[0].start, who[0].start, False,
                     s[i].raw)
    start, end, direct = content
    if who:
        name = text[who[0].start : who[-1].end]
        return Quote(name, who[0].start, who[-1].end, text[start:end], start, end, direct,
                     s[i].raw)
    return Quote(pronoun, None, None, text[start:end], start, end, direct, s[i].raw, True)


def _shows(s: list[Tok], i: int, speaker: list[Tok], opener: int | None) -> bool:
    """False for a verb of showing (أظهر) that reports nothing: it reports only with a head
    word after it and أن (أظهرت الدراسة أن …), not in العراق أظهر قدرا من «…»."""
    words = lexicon()
    if strip_conjunction(s[i].norm) not in words["evidence"]:
        return True
    return (bool(speaker) and is_head(speaker[0].norm) and opener is not None
            and s[opener].norm in words["complementisers"])


def _document_verb(s: list[Tok], i: int) -> bool:
    """Whether token i is جاء / ورد before في (وجاء في التقرير أن …)."""
    return (strip_conjunction(s[i].norm) in lexicon()["document_verbs"] and i + 1 < len(s)
            and s[i + 1].norm == "في")


def _speaker_before(s: list[Tok], i: int) -> list[Tok]:
    """A subject before the verb (لكن باشينيان أكد), when the verb has no conjunction; after
    كان it opens the clause (وكان أطباء ذكروا أن …), also with قد before the verb (وكان
    الوزير قد قال إن …); before a relative pronoun, the phrase it stands for (…، وفق ما نقلته
    وكالة الأنباء، التي أشارت إلى أن …). Never a phrase opened by a glued preposition
    (كلمة لهذا الحفل قال فيها …)."""
    stem = s[i].norm[1:]
    if s[i].norm[:1] == "ف" and (topic := _topic(s, i)):
        return topic
    if i > 0 and s[i - 1].norm in ("فهو", "فهي", "فهم") and (topic := _topic(s, i - 1)):
        return topic  # أما ييلين فهي ترى أن …
    if s[i].norm[:1] in ("و", "ف") and (is_verb(stem) or stem in lexicon()["shadda"]):
        return []
    if i > 0 and s[i - 1].norm in _RELATIVE:
        return _antecedent(s, i - 1)
    if i > 0 and s[i - 1].norm in ("قد", "وقد"):
        return _pluperfect_subject(s, i - 1)
    k = i - 1
    out: list[Tok] = []
    words = lexicon()
    while (k >= 0 and s[k].raw[0].isalnum() and s[k].norm not in BUT
           and s[k].norm not in words["pluperfect"] and s[k].norm not in words["complementisers"]
           and not reports(s, k)):  # ومنها أن إسرائيل أعلنت: the subject opens after أن
        out.insert(0, s[k])
        k -= 1
    stop = words["stop"] | stopwords()
    if not out or _glued(out[0]):
        return []
    if k >= 0 and s[k].norm in words["complementisers"] and (
            len(out) > 3 or (k > 0 and s[k - 1].norm in words["subordinators"])):
        return []  # بعد أن ينجز المصحف … تتوقع: no subject
    if is_head(out[0].norm) and len(out) <= MAX_SPEAKER:
        return out  # لكن باحثا من جامعة أوكسفورد قال …: a head word opens the subject
    if len(out) > 5 or any(t.norm in stop for t in out):
        return []
    return out


_RELATIVE = frozenset({"التي", "الذي", "الذين", "والتي", "والذي", "والذين"})
_PLUPERFECT = frozenset({"كان", "وكان", "كانت", "وكانت", "كانوا", "وكانوا"})


def _glued(t: Tok) -> bool:
    """Whether a word opens with a glued preposition and the article or a demonstrative
    (للمهرجان، بالأسد، لهذا): a complement, never a subject."""
    return t.norm.startswith(("لل", "بال", "كال", "لهذ", "بهذ", "لذلك", "بذلك"))


def _topic(s: list[Tok], i: int) -> list[Tok]:
    """The speaker put first by أما before a verb with ف or a pronoun with ف (أما المواطن علي
    الشهري فقال إن …، أما ييلين فهي ترى أن …)."""
    for k in range(i - 1, max(-1, i - MAX_SPEAKER - 2), -1):
        if s[k].norm in ("اما", "واما"):
            out = s[k + 1 : i]
            return out if out and all(t.raw[0].isalnum() for t in out) else []
        if not s[k].raw[0].isalnum():
            return []
    return []


def _pluperfect_subject(s: list[Tok], q: int) -> list[Tok]:
    """The subject between كان and قد (token q): وكان جوني رودريغيز رئيس المجموعة قد قال."""
    out: list[Tok] = []
    for k in range(q - 1, max(-1, q - MAX_SPEAKER - 2), -1):
        if s[k].norm in _PLUPERFECT:
            return out
        if not s[k].raw[0].isalnum() or reports(s, k):
            return []
        out.insert(0, s[k])
    return []


def _antecedent(s: list[Tok], r: int) -> list[Tok]:
    """The speaker's phrase a relative pronoun at token r stands for, right before it (and
    its comma), from its head word: …، وفق ما نقلته وكالة الأنباء القطرية، التي أشارت."""
    k = r - 1 if r > 0 and s[r - 1].raw in COMMAS else r
    stop = lexicon()["stop"] | stopwords()
    out: list[Tok] = []
    for t in reversed(s[max(0, k - MAX_SPEAKER) : k]):
        if not t.raw[0].isalnum() or t.norm in stop or is_verb(t.norm) or is_relay(t.norm):
            break
        out.insert(0, t)
    while out and (not is_head(out[0].norm) or _glued(out[0])):
        out.pop(0)
    return out


def _content(text: str, s: list[Tok], j: int) -> tuple[int, int, bool] | None:
    """(start, end, direct) of the reported words opened at token j. A quotation never closed
    (وأضاف "بمجرد أن …، قال إن «… الخيار}) runs to the end of the clause."""
    k = j if s[j].quote >= 0 or s[j].raw in _QUOTES else j + 1
    direct = s[j].raw == ":"
    if direct and k < len(s) - 1 and s[k].norm in lexicon()["complementisers"]:
        k += 1  # قال لـ«المدينة»: إن …: the words after إن
    if k >= len(s):
        return None
    if s[k].unclosed:
        k += 1
        direct = True
        if k >= len(s):
            return None
    elif s[k].raw in _QUOTES or s[k].quote >= 0 or _opens(text, s[k]):
        span = _quotation(text, s[k])
        if span is not None and _whole_clause(text, s, k, span):
            return span[0], span[1], True
    end = clause_end(s, k)
    while end > k and not s[end - 1].raw[0].isalnum() and s[end - 1].quote < 0 \
            and s[end - 1].raw not in _QUOTES.values():
        end -= 1  # no trailing comma or dash
    if end <= k:
        return None
    start, stop = s[k].start, s[end - 1].end
    if len(text[start:stop].split()) < _MIN_QUOTE_WORDS:
        return None
    return start, stop, direct


def _opens(text: str, t: Tok) -> bool:
    """Whether token t opens a quotation of another mark than _QUOTES (a parenthesis after a
    colon: وقال: (أنا مو فاضي …))."""
    return any(a == t.start for a, _ in cached_quote_spans(text))


def _quotation(text: str, t: Tok) -> tuple[int, int] | None:
    """(start, end) of the words inside the quotation that token t opens or is in."""
    for a, b in cached_quote_spans(text):
        if a <= t.start <= b:
            inner = text[a + 1 : b]
            lead = len(inner) - len(inner.lstrip())
            return a + 1 + lead, a + 1 + len(inner.rstrip())
    return None


def _whole_clause(text: str, s: list[Tok], k: int, span: tuple[int, int]) -> bool:
    """Whether the quotation at token k is the reported clause, not a word in it: it opens the
    clause and is long enough to be a statement, or nothing but punctuation follows it to the
    clause's end (قال إن "العلاقات جيدة".)."""
    mark = k if s[k].quote < 0 else k - 1
    if quoted_words(s, mark) >= MIN_CLAUSE_WORDS:
        return True
    end = clause_end(s, k)
    return end > k and not any(c.isalnum() for c in text[span[1]:s[end - 1].end])
