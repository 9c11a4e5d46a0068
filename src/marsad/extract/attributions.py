"""Speech given to a source without a reporting verb: attributions and interviews.

- attributions (بحسب، وفقا لـ، نقلا عن، حسبما أفادت …): the source named after the phrase is the
  source of the rest of the sentence when the phrase opens it (بحسب X، …), or of what came before
  when it closes it (…، حسب «رويترز».);
- interviews: a line ending in a colon that names someone, then answers in lines opened by a dash.

>>> [(q.speaker, q.text) for q in interviews("وقال مدير المركز أحمد سالم:\\n- نعمل بجد.")]
[('مدير المركز أحمد سالم', 'نعمل بجد.')]
"""

from __future__ import annotations

import re
from functools import cache

from marsad.arabic import normalize_word, stopwords, text_tokens
from marsad.extract.speech import (
    COMMAS,
    END,
    MAX_SPEAKER,
    Tok,
    clause_end,
    is_head,
    is_relay,
    is_verb,
    lexicon,
    reports,
    speaker_after,
)
from marsad.model import Quote

__all__ = ["attribution_starts", "attributions", "interviews"]

_DASHES = ("–", "—", "-")
_INTERVIEW = re.compile(r":[ \t]*\n\s*[–—-]")


def attributions(text: str, s: list[Tok]) -> list[Quote]:
    """بحسب X، … / وفقا لـX، …: X is the source of the rest of the sentence; and at its end
    (…، حسب «رويترز».) of what came before."""
    out = []
    for i, t in enumerate(s):
        marker = _attribution_at(s, i)
        if marker is None or t.quote >= 0:
            continue
        who = speaker_after(s, i + marker)
        if not who or (len(who) == 1 and who[0].norm in lexicon()["own_words"]):
            continue  # حسب قوله: the words are already the reporting verb's
        nxt = _index_after(s, who[-1])
        verb = text[t.start : s[i + marker - 1].end]
        span = _attributed(s, i, nxt, who)
        if span is None:
            continue
        start, stop = span
        first = who[0].start + _glued_to(s, i, marker)
        out.append(Quote(text[first : who[-1].end], first, who[-1].end,
                         text[start:stop], start, stop, False, verb, attribution=True))
    return out


def _glued_to(s: list[Tok], i: int, marker: int) -> int:
    """1 when the source's first word carries the ل of the phrase (وفقا لإحصاء رويترز)."""
    word = s[i + marker - 1].norm
    glued = {p.split()[0] for p in lexicon()["attributions"] if p.endswith(" ل")}
    return int(s[i + marker].norm[:1] == "ل" and (word in glued or word[1:] in glued))


def _index_after(s: list[Tok], last: Tok) -> int:
    """The index of the first token after `last`, past the closing mark of a quoted name."""
    k = s.index(last) + 1
    if k < len(s) and last.quote >= 0 and s[k].quote < 0 and not s[k].raw[0].isalnum():
        k += 1
    return k


def _attributed(s: list[Tok], i: int, nxt: int, who: list[Tok]) -> tuple[int, int] | None:
    """(start, end) of what an attribution at token i (its source `who` ending before token
    nxt) covers: the rest of the sentence when it opens it (بحسب X، … / وفقا لـX فقد …), what
    came before when it closes it (…، حسب X. / …، بحسب X، التي … / …، بحسب X، أفادوا …; without
    the comma when X is a speaker's phrase: … بحسب التقرير الذي نقلته الوكالة.)."""
    if i <= 1 and nxt < len(s) - 1 and (s[nxt].raw in COMMAS or s[nxt].norm in _THEN):
        k = nxt + 1 if s[nxt].raw in COMMAS or s[nxt].norm in _THEN_WORDS else nxt
        end = clause_end(s, k)
        return (s[k].start, s[end - 1].end) if end > k else None
    if i < 3 or not _closes(s, nxt):
        return None
    if s[i - 1].raw in COMMAS:
        return s[0].start, s[i - 2].end
    if is_head(who[0].norm) and (nxt >= len(s) or s[nxt].raw in END or s[nxt].norm in _RELATIVE):
        return s[0].start, s[i - 1].end
    return None


_THEN = frozenset({"فقد", "فان", "فانه", "فانها", "فانهم"})  # وفقا لـX فقد …: no comma
_THEN_WORDS = frozenset({"فقد"})  # the particle alone: فإن opens the attributed words
_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللذين", "اللتين"})


def _closes(s: list[Tok], nxt: int) -> bool:
    """Whether the source of an attribution ends its sentence: nothing but the sentence end,
    a relative clause on the source, or another reporting verb of the source follow it."""
    if nxt >= len(s) or s[nxt].raw in END:
        return True
    k = nxt + 1 if s[nxt].raw in COMMAS else nxt
    return k < len(s) and (s[k].norm in _RELATIVE or (k > nxt and reports(s, k)))


@cache
def attribution_starts() -> frozenset[str]:
    """First words of the attribution phrases, with and without و."""
    words = lexicon()
    firsts = {p.split()[0] for p in words["attributions"] | words["attribution_verbs"]}
    return frozenset(firsts | {"و" + w for w in firsts})


def _attribution_at(s: list[Tok], i: int) -> int | None:
    """Number of tokens of an attribution phrase starting at token i, or None."""
    if s[i].norm not in attribution_starts():
        return None
    phrases = lexicon()["attributions"]
    with_verb = lexicon()["attribution_verbs"]
    for n in (3, 2, 1):
        words = [t.norm for t in s[i : i + n]]
        if len(words) < n:
            continue
        phrase = " ".join(words)
        for candidate in (phrase, phrase[1:] if phrase[:1] == "و" else None):
            if candidate and candidate in phrases:
                return n
            if candidate in with_verb and i + n < len(s) and (
                    reports(s, i + n) or is_relay(s[i + n].norm)):
                return n + 1  # حسبما أفادت وسائل الإعلام، وفق ما نقلته الوكالة: verb, source
        if n == 2 and words[1].startswith("ل") and any(
                f"{w} ل" in phrases for w in (words[0], words[0][1:] if words[0][:1] == "و" else "")):
            return 1  # وفقا لوكالة …، ووفقا لإحصاء …: the ل is glued to the source's name
    return None


def interviews(text: str) -> list[Quote]:
    """Answers of an interview: after a line ending in a colon that names someone, each line
    opened by a dash that is not a question is that person's direct speech."""
    if not _INTERVIEW.search(text):
        return []  # most texts have no interview: skip the line by line reading
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
    stop = lexicon()["stop"] | stopwords()
    name: list[tuple[str, int, int]] = []
    tokens = text_tokens(head)
    for raw, start, end in reversed(tokens):
        norm = normalize_word(raw)
        if not raw[0].isalnum() or norm in stop or is_verb(norm):
            break
        name.insert(0, (raw, start, end))
    if not name or len(name) > MAX_SPEAKER:
        return None
    if not (any(is_head(normalize_word(raw)) for raw, _, _ in name)
            or any(is_verb(normalize_word(raw)) for raw, _, _ in tokens)):
        return None  # … في المجالات التالية: a list, not someone answering
    return head[name[0][1] : name[-1][2]], offset + name[0][1], offset + name[-1][2]
