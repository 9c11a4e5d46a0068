"""Who speaks when a reporting clause names nobody (وأضاف أن …، مؤكدا أن …، قال سموه: …).

`find_quotes` keeps the last speaker and the one of the current sentence as `Speaker`s; a quote
without a named speaker gets the subject of its sentence (for a participle), else the nearer of
the last speaker and the last person named before it, except that a continuing verb (وأضاف،
وتابع) and a feminine verb after a feminine one (وقالت الوزارة … وأشارت) keep the last speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from marsad.arabic import normalize, normalize_word, stopwords
from marsad.arabic.resources import data_json
from marsad.extract.speech import (
    Tok,
    bare_subject,
    is_participle,
    is_verb,
    lexicon,
    speaker_after,
    strip_conjunction,
)
from marsad.model import Mention, Quote

__all__ = ["Speaker", "give_speaker", "is_feminine", "is_oblique", "names_subject",
           "without_conjunction"]


class Speaker(NamedTuple):
    """Who spoke last, and whether the verb that named them was feminine (قالت، مؤكدة)."""

    name: str
    start: int
    end: int
    feminine: bool


def names_subject(q: Quote, names: Sequence[Mention]) -> bool:
    """Whether a quote names who speaks next: not an attribution; and a verb without reported
    words (أعلن الوزير …) only when the tagger saw a name in its subject (تعتبر مفيدة جدا is
    no speaker)."""
    if q.attribution or q.speaker_start is None or q.speaker_end is None:
        return False
    a, b = q.speaker_start, q.speaker_end
    return q.end > q.start or not names or any(m.start < b and a < m.end for m in names)


def give_speaker(q: Quote, text: str, s: list[Tok],
                 names: tuple[list[Mention], dict[int, Mention]],
                 here: Speaker | None, last: Speaker | None) -> Speaker | None:
    """Resolve a quote without a named speaker; return who speaks in the sentence after it.
    A participle (مؤكدا أن …) has the subject of its sentence's main clause."""
    people, named = names
    participle = is_participle(normalize_word(q.verb))
    if participle and here is None:
        here = _subject(text, s, named, last, q) or _head_subject(text, s, q, named)
    elif here is None and (opening := _opening_subject(text, s, people, q)) is not None:
        # استند الفنان فايز المالكي على … حسن عسيري …، وقال: the sentence's subject speaks
        _resolve(q, text, people, opening, continues=True)
        return opening
    _resolve(q, text, people, here or last, continues=participle and here is not None)
    if here is None and q.speaker_start is not None:
        here = Speaker(q.speaker, q.speaker_start, q.speaker_end or 0, False)
    return here


def _resolve(q: Quote, text: str, people: list[Mention], last: Speaker | None, *,
             continues: bool = False) -> None:
    """Give a quote without a named speaker (وأضاف أن …، مؤكدا أن …، قال سموه) its speaker:
    the subject of the sentence's earlier reporting clause when there is one (`continues`);
    else the nearer of the last speaker and the last person named before it, except that a
    verb continuing a statement (وأضاف، وتابع) continues the last speaker, and so does a
    feminine verb (وأشارت) after a feminine one (organisations are feminine; a person named
    in passing is most often a man)."""
    before = [m for m in people if m.end <= q.start and not (q.start <= m.start < q.end)]
    titles = pronoun_titles().get(normalize_word(q.speaker), ())
    if titles:  # وأشار سموه: a prince, not the president of the university named after him
        fitting = [m for m in before if _titled(text[max(0, m.start - 40) : m.start], titles)]
        if last is not None and not _titled(last.name, titles) and fitting:
            last = None
        before = fitting or before
    person = before[-1] if before else None
    keep = last is not None and (
        continues or person is None or last.start >= person.start
        or last.start <= person.start < last.end  # the person is the last speaker, in full
        or strip_conjunction(normalize_word(q.verb)) in lexicon()["continuation"]
        or (last.feminine and is_feminine(q.verb)))
    if keep and last is not None:
        q.speaker, q.speaker_start, q.speaker_end = last.name, last.start, last.end
    elif person is not None:
        q.speaker, q.speaker_start, q.speaker_end = (text[person.start : person.end],
                                                     person.start, person.end)


def _opening_subject(text: str, s: list[Tok], people: list[Mention], q: Quote
                     ) -> Speaker | None:
    """The person a sentence opens with, as the subject of its first verb (استند الفنان فايز
    المالكي على …، وقال: …؛ طالب مارادونا … ميسي …، لكنه أكد أن …), for a verb later in that
    sentence that names nobody."""
    if len(s) < 3 or not s[0].raw.isalpha() or s[0].norm in stopwords() \
            or s[0].norm in lexicon()["stop"] or is_verb(s[0].norm) \
            or normalize_word(s[0].raw) == normalize_word(q.verb):
        return None
    limit = s[min(len(s) - 1, 3)].end  # the name begins within the verb's next three words
    first = next((m for m in people if s[1].start <= m.start < limit and m.end <= q.start), None)
    if first is None:
        return None
    return Speaker(text[first.start : first.end], first.start, first.end, False)


def _subject(text: str, s: list[Tok], named: dict[int, Mention], last: Speaker | None,
             q: Quote) -> Speaker | None:
    """The subject of a sentence opened by a verb (ورفضت موسكو …، وعبر معاليه …): a name the
    tagger found right after its first word, unless it opens with a head word that does not
    agree with the participle (أصدرت غرفة الشرقية …، مشيرا: not the chamber), or an honorific
    pronoun (the last speaker)."""
    if len(s) < 2 or not s[0].raw.isalpha() or s[0].norm in stopwords() \
            or s[0].norm in lexicon()["stop"]:
        return None
    if s[1].norm in lexicon()["pronouns"]:
        return last
    m = named.get(s[1].start)
    if m is None:
        return _verb_subject(text, s, q)
    if _plain_head(s[1].norm) and not _agrees(q.verb, s[1].norm):
        return None
    return Speaker(text[m.start : m.end], m.start, m.end, False)


def _verb_subject(text: str, s: list[Tok], q: Quote) -> Speaker | None:
    """The subject after a reporting verb that opens the sentence and agrees with the
    participle (ورأت فئة من المشجعين منح المدرب فرصة، مؤكدة أن …: the group speaks)."""
    if not is_verb(s[0].norm) or is_participle(s[0].norm) or s[0].quote >= 0:
        return None
    plural = strip_conjunction(normalize_word(q.verb)).endswith("ين")
    if not plural and is_feminine(s[0].raw) != is_feminine(q.verb):
        return None
    who = bare_subject(speaker_after(s, 1))
    if not who or who[0].norm in lexicon()["pronouns"]:
        return None
    return Speaker(text[who[0].start : who[-1].end], who[0].start, who[-1].end,
                   is_feminine(q.verb))


def _agrees(verb: str, head: str) -> bool:
    """Whether a participle as written (مشيرا، مؤكدة، مؤكدين) agrees with a head word."""
    if strip_conjunction(normalize_word(verb)).endswith("ين"):
        return True
    return is_feminine(verb) == _feminine_head(head)


@cache
def pronoun_titles() -> dict[str, tuple[str, ...]]:
    """The titles each honorific pronoun may stand for (سموه: الأمير، ولي العهد), normalised."""
    data = data_json("marsad.extract", "speech.json")["pronoun_titles"]
    return {normalize_word(k): tuple(normalize(t) for t in v) for k, v in data.items()}


def _titled(phrase: str, titles: tuple[str, ...]) -> bool:
    """Whether a phrase holds one of the titles, as whole words (الامير فيصل)."""
    found = set(normalize(phrase).split())
    return any(t in found or (" " in t and t in normalize(phrase)) for t in titles)


def is_feminine(verb: str) -> bool:
    """Whether a reporting verb, as written, is feminine singular (قالت، وأشارت، مؤكدة)."""
    return strip_conjunction(normalize_word(verb)) in lexicon()["feminine"]


def is_oblique(m: Mention, text: str) -> bool:
    """Whether a name was tagged with a preposition glued to it (للنجيفي، ببلوتو): it is then
    not a subject, so never a speaker. The bare name must occur elsewhere in the text."""
    name = text[m.start : m.end]
    if name[:1] not in ("ب", "ل", "ك") or len(name) < 4:
        return False
    bare = "ال" + name[2:] if name.startswith("لل") else name[1:]
    return re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text) is not None


def without_conjunction(m: Mention, text: str) -> Mention:
    """A name tagged with the conjunction و glued to it (وكيري) without it, when the bare name
    occurs elsewhere in the text (كيري): the speaker is كيري."""
    name = text[m.start : m.end]
    if name[:1] != "و" or len(name) < 4:
        return m
    bare = name[1:]
    if re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text) is None:
        return m
    return Mention(bare, m.start + 1, m.end, m.type, m.entity_id)


def _head_subject(text: str, s: list[Tok], q: Quote, named: dict[int, Mention]
                  ) -> Speaker | None:
    """The subject of a participle's sentence when no name opens it: the nearest phrase
    before the participle headed by a title, an organisation, a document or a medium that
    agrees with it and follows a verb (وتجاوبت الجامعة مع المطلب، معلنة أن …; وتضمن التقرير
    معلومات …، مشيرا إلى أن …)."""
    at = next((k for k in range(len(s) - 1, -1, -1)
               if s[k].start < q.start and s[k].raw == q.verb), None)
    if at is None:
        return None
    for k in range(1, at):  # the main clause's subject comes first (verb-subject order)
        t = s[k]
        if t.quote >= 0 or not _plain_head(t.norm) or not _after_verb(s[k - 1]) \
                or t.norm.removeprefix("ال") in lexicon()["weak_heads"]:
            continue
        if not _agrees(q.verb, t.norm):
            continue
        end = _phrase_end(s, k, at, named)
        return Speaker(text[t.start : end], t.start, end, is_feminine(q.verb))
    return None


def _plain_head(norm: str) -> bool:
    """Whether a word, as written, is a speaker's head word or that word with ال."""
    heads = lexicon()["heads"]
    bare = norm[2:] if norm.startswith("ال") else norm
    return bare in heads or (bare[-1:] == "ا" and bare[:-1] in heads)


def _feminine_head(norm: str) -> bool:
    """Whether a head word takes a feminine verb: in ة or ات, or a plural of things (مصادر)."""
    bare = norm[2:] if norm.startswith("ال") else norm
    return bare.endswith(("ه", "ات")) or bare in lexicon()["nonhuman"]


def _after_verb(prev: Tok) -> bool:
    """Whether the word before a head may be the verb it is the subject of: a word with و or
    ف, or one that is no noun in ة, no function word and opens with no preposition or article
    (رفعت مؤسسة …، not بحضور رئيس …، قصة الشاب …، في الوزارة)."""
    norm = prev.norm
    if not prev.raw[0].isalpha() or norm in stopwords() or norm in lexicon()["stop"]:
        return False
    if norm[:1] in ("و", "ف") and not norm[1:].startswith("ال"):
        return True
    return not (norm.startswith(("ال", "ب", "ل", "ك")) or norm.endswith("ه"))


def _phrase_end(s: list[Tok], k: int, stop_at: int, named: dict[int, Mention]) -> int:
    """Where the phrase headed at token k ends: at the end of a name that opens at or right
    after it (مؤسسة ستاندرد آند بورز), else after its adjectives (الجامعة السعودية) or, for a
    head without ال, its complement (وزارة الصحة)."""
    for j in (k, k + 1):
        if j < stop_at and (m := named.get(s[j].start)) is not None:
            return m.end
    j = k + 1
    if not s[k].norm.startswith("ال") and j < stop_at and s[j].raw[0].isalpha() \
            and s[j].norm not in lexicon()["stop"] | stopwords():
        j += 1
    while j < stop_at and s[j].norm.startswith("ال") and s[j].norm not in stopwords():
        j += 1
    return s[j - 1].end
