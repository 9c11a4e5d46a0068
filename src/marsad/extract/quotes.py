"""Who said what: direct quotes, indirect speech and attributions in Arabic news text.

Rules over tokens of the text as given (offsets are kept), with the reporting words kept as data
(`data/speech.json`):

- a reporting verb (قال، أكد، أعلن، أضاف، أشار، شدد … in past, present and participle forms,
  with و / ف) followed by its speaker (verb-subject order, the usual one in news), a few
  adverbial words (في مؤتمر صحفي، الإثنين …), then the reported clause: إن / أن / بأن …
  (indirect speech), a colon, or quotation marks ("…", “…”, «…») (direct speech);
- the speaker before the verb (لكن باشينيان أكد أن …);
- no speaker at all (وأضاف أن …, لكنه أضاف …): the nearest person named before, when the
  names of the text are given (`names`, from the entity tagger), else the last speaker named;
- attributions (بحسب، وفقا لـ، نقلا عن …) and relays (نقلت وكالة … عن X أن …: X speaks);
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
from marsad.model import EntityType, Mention, Quote

_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}
_END = {".", "!", "?", "؟"}
_COMMAS = {",", "،", "؛", ";"}  # a reporting verb after one of these opens a new clause
_DASHES = ("–", "—", "-")
_MAX_SPEAKER = 14  # words of a speaker's name and title (Saudi titles run long)
_MAX_GAP = 14  # words between the speaker and the reported clause (adverbials)
_MIN_QUOTE_WORDS = 2
_MIN_CLAUSE_WORDS = 3  # a shorter quotation is a name or a scare-quoted word, not the clause
_BUT = {"لكن", "لكنه", "لكنها", "ولكن", "ولكنه", "ولكنها", "كما", "وكما"}


class _Tok(NamedTuple):
    """A word or mark of the text, with its normalised form and its offsets."""

    raw: str
    norm: str
    start: int
    end: int
    quote: int  # index of the quotation this token is inside, -1 outside


@cache
def _words() -> dict[str, frozenset[str]]:
    data = data_json("marsad.extract", "speech.json")
    verbs = {normalize(form) for forms in data["verbs"].values() for form in forms}
    return {
        "verbs": frozenset(verbs),
        "complementisers": frozenset(normalize(w) for w in data["complementisers"]),
        "stop": frozenset(normalize(w) for w in data["stop_speaker"]),
        "relay": frozenset(normalize(f) for v in data["relay"] for f in data["verbs"][v]),
        "attributions": frozenset(normalize(w) for w in data["attributions"]),
        "suffixes": frozenset(normalize(w) for w in data["object_suffixes"]),
        "participles": frozenset(normalize(w) for w in data["participles"]),
        "skip": frozenset(normalize(w) for w in data["skip_after_verb"]),
    }


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
    named speaker goes to the nearest person named before it.
    """
    people = sorted((m for m in names if m.type == EntityType.PERS), key=lambda m: m.start)
    quotes: list[Quote] = []
    last: tuple[str, int, int] | None = None
    for a, b in _sentence_spans(text):
        if not _may_report(text[a:b]):
            continue  # most sentences have no reporting word: skip them cheaply
        for q in _in_sentence(text, _tokens(text, a, b), last):
            if q.implicit:
                _resolve(q, text, people, last)
            if not q.implicit and not q.attribution and q.speaker_start is not None:
                last = (q.speaker, q.speaker_start, q.speaker_end or q.speaker_start)
            if q.end > q.start:
                quotes.append(q)
    if _INTERVIEW.search(text):
        quotes += _interviews(text)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _resolve(q: Quote, text: str, people: list[Mention], last: tuple[str, int, int] | None
             ) -> None:
    """Give a quote without a named speaker the nearest person named before it."""
    before = [m for m in people if m.end <= q.start and not (q.start <= m.start < q.end)]
    if before:
        m = before[-1]
        q.speaker, q.speaker_start, q.speaker_end = text[m.start : m.end], m.start, m.end
    elif last is not None:
        q.speaker, q.speaker_start, q.speaker_end = last


def _tokens(text: str, a: int, b: int) -> list[_Tok]:
    """The tokens of text[a:b], with offsets into the text and their quotation."""
    marks = _quote_spans(text)
    out = []
    q = 0  # the first quotation that does not end before the current token
    for raw, start, end in text_tokens(text, a, b):
        while q < len(marks) and marks[q][1] <= start:
            q += 1
        inside = q if q < len(marks) and marks[q][0] < start else -1
        out.append(_Tok(raw, normalize_word(raw), start, end, inside))
    return out


def _may_report(sentence: str) -> bool:
    """Whether a sentence has a reporting verb or an attribution word (checked on its
    normalised words, before the costlier tokenising)."""
    starts = _attribution_starts()
    return any(_verb(w) or w in starts for w in word_tokens(normalize(sentence)))


_MARK = re.compile("[" + "".join(_QUOTES) + "]")


@lru_cache(maxsize=8)
def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of the quotations of a text, on one line each."""
    spans = []
    pos = 0
    for m in _MARK.finditer(text):
        i = m.start()
        if i < pos:
            continue
        j = text.find(_QUOTES[m.group()], i + 1)
        if j > i + 1 and "\n" not in text[i:j]:
            spans.append((i, j))
            pos = j + 1
    return spans


_BREAK = re.compile(r"[.!?؟\n]")
_INTERVIEW = re.compile(r":[ \t]*\n\s*[–—-]")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences: split at sentence ends and line breaks outside
    quotations, except the full stop of an abbreviated title (د. الزياني، م. خالد)."""
    marks = _quote_spans(text)
    out = []
    start = q = 0
    for m in _BREAK.finditer(text):
        i = m.start()
        while q < len(marks) and marks[q][1] < i:
            q += 1
        if (q < len(marks) and marks[q][0] < i < marks[q][1]) or _abbreviation(text, i):
            continue
        end = i if text[i] == "\n" else i + 1
        if text[start:end].strip():
            out.append((start, end))
        start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _abbreviation(text: str, i: int) -> bool:
    """Whether the full stop at i follows a word of one or two letters, right before it."""
    if text[i] != ".":
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return 1 <= i - j <= 2 and (j == 0 or not text[j - 1].isalnum())


def _in_sentence(text: str, s: list[_Tok], last: tuple[str, int, int] | None) -> list[Quote]:
    """The quotes of one sentence. A reporting verb whose words are not quoted here (أعلن
    باشينيان هذه التطلعات) still names who speaks next: it yields a Quote with no words
    (start == end), which the caller uses as the last speaker and then drops."""
    out: list[Quote] = []
    for i, t in enumerate(s):
        if t.quote >= 0 or not _verb(t.norm):
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
    if _participle(s[i].norm):  # مؤكدا أن …: the sentence's subject speaks, named earlier
        speaker: list[_Tok] = []
        who: list[_Tok] = []
    else:
        speaker = _speaker_after(s, after)
        who = speaker or _speaker_before(s, i)
    opener = _opener(s, after + len(speaker))
    content = _content(text, s, opener) if opener is not None else None
    if content is None:
        if len(who) < 2:  # one word after a verb is too often not a speaker (بين البلدين)
            return None
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
                or t.norm in words["stop"] or _verb(t.norm) or t.raw[0].isdigit()):
            break
        out.append(t)
        k += 1
    return out


def _speaker_before(s: list[_Tok], i: int) -> list[_Tok]:
    """A subject before the verb (لكن باشينيان أكد), when the verb has no conjunction."""
    if s[i].norm[:1] in ("و", "ف") and _verb(s[i].norm[1:]):
        return []
    k = i - 1
    out: list[_Tok] = []
    while k >= 0 and s[k].raw[0].isalnum() and s[k].norm not in _BUT and not _verb(s[k].norm):
        out.insert(0, s[k])
        k -= 1
    stop = _words()["stop"] | stopwords()
    if not out or len(out) > 5 or any(t.norm in stop for t in out):
        return []
    return out


def _opener(s: list[_Tok], k: int) -> int | None:
    """Index of what opens the reported words: a complementiser, a colon or a quotation."""
    words = _words()
    for j in range(k, min(len(s), k + _MAX_GAP)):
        t = s[j]
        if t.raw in _QUOTES and t.quote < 0 and _quoted_words(s, j) < _MIN_CLAUSE_WORDS:
            continue  # لوسيلة الإعلام "زفيزدا": a quoted name, not what was said
        if t.quote >= 0:
            continue
        if t.raw in _QUOTES or t.raw == ":" or t.norm in words["complementisers"]:
            return j
        if _verb(t.norm) or t.raw in _END:
            return None
    return None


def _content(text: str, s: list[_Tok], j: int) -> tuple[int, int, bool] | None:
    """(start, end, direct) of the reported words opened at token j."""
    k = j if s[j].quote >= 0 or s[j].raw in _QUOTES else j + 1
    if k >= len(s):
        return None
    if s[k].raw in _QUOTES or s[k].quote >= 0:
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
    return start, stop, s[j].raw == ":"


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
    """Where indirect speech opened at token k ends: the sentence end, or the next reporting
    clause of the same sentence (", وأضاف …", "لكنه أضاف …")."""
    for j in range(k + 1, len(s)):
        t = s[j]
        if t.quote >= 0:
            continue
        if t.raw in _END:
            return j
        prev = s[j - 1]
        if _verb(t.norm) and (prev.raw in _COMMAS or prev.norm in _BUT or t.norm[:1] == "و"):
            return j - 1 if prev.raw in _COMMAS or prev.norm in _BUT else j
    return len(s)


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
    firsts = {p.split()[0] for p in _words()["attributions"]}
    return frozenset(firsts | {"و" + w for w in firsts})


def _attribution_at(s: list[_Tok], i: int) -> int | None:
    """Number of tokens of an attribution phrase starting at token i, or None."""
    if s[i].norm not in _attribution_starts():
        return None
    phrases = _words()["attributions"]
    for n in (3, 2, 1):
        words = [t.norm for t in s[i : i + n]]
        if len(words) < n:
            continue
        phrase = " ".join(words)
        for candidate in (phrase, phrase[1:] if phrase[:1] == "و" else None):
            if candidate and candidate in phrases:
                return n
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
