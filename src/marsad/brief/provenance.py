"""Provenance: who an article relays. An agency named in a dateline ("(واس)"، "- رويترز"), after
a relay or attribution cue ("نقلا عن"، "وفقا لـ"، "ذكرت وكالة …") or on a sources line
("المصدر: وكالات") is a source the article credits; a copy (its duplicate link) says whose copy
it is. The names and cues are in `data/provenance.json`.

>>> [(c.name, c.cue) for c in credits("الرياض (واس) - أعلنت الوزارة، نقلا عن رويترز، أن ...")]
[('واس', 'dateline'), ('رويترز', 'نقلا عن')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from marsad.arabic.resources import data_json
from marsad.brief.records import Credit, Provenance
from marsad.brief.units import outlet_of
from marsad.model import Article

_VARIANTS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ة": "[ةه]",
             "ه": "[ةه]", "ي": "[يىی]", "ى": "[يىی]", "ك": "[كک]"}
_MARKS = "[\u064b-\u0652\u0640]*"  # diacritics and tatweel a word may carry
_EDGE_BEFORE = r"(?<![^\W\d_])"
_EDGE_AFTER = r"(?![^\W\d_])"
CUE_REACH = 40  # characters between a cue and the name it credits, at most


def _pattern(name: str) -> str:
    """A pattern for a name as written with any alef, ta marbuta or ya, and diacritics."""
    parts = []
    for ch in name:
        if ch == " ":
            parts.append(r"[\s.]*" if len(name.replace(" ", "")) <= 4 else r"\s+")
        elif ch == ".":
            parts.append(r"\.?\s*")
        else:
            parts.append(_VARIANTS.get(ch, re.escape(ch)) + _MARKS)
    return "".join(parts)


def _anchors(forms: list[str]) -> re.Pattern[str]:
    """A pattern that matches one character at every place where one of `forms` can start:
    its first letter (any variant), followed by the rest of its first word or, when that word
    is one letter (أ ف ب), by the next letter after spaces or dots. Far cheaper to run than
    the alternation of every whole name, which is then tried only there."""
    after: dict[str, dict[str, None]] = {}
    for form in forms:
        pieces = re.split(r"[\s.]+", form)
        if len(pieces[0]) > 1 or len(pieces) == 1:
            rest = _pattern(pieces[0][1:])
        else:
            rest = r"[\s.]*" + _pattern(pieces[1][:1])
        first = _VARIANTS.get(form[0], re.escape(form[0]))
        after.setdefault(first, {})[_MARKS + rest] = None
    return re.compile("|".join(first + "(?=" + "|".join(rests) + ")"
                               for first, rests in after.items()))


@dataclass(frozen=True, slots=True)
class Tables:
    agencies: re.Pattern[str]  # each alternative is a named group: a0, a1 …
    names: list[str]  # group index -> the agency's name
    anchors: re.Pattern[str]  # on folded text: where an agency's name may start
    cues: re.Pattern[str]
    media: re.Pattern[str]  # a media noun and the word (or quoted name) after it
    generic: re.Pattern[str]


@cache
def tables() -> Tables:
    """data/provenance.json, compiled."""
    raw = data_json("marsad.brief", "provenance.json")
    names, alternatives = [], []
    forms = sorted(((f, n) for n, fs in raw["agencies"].items() for f in fs),
                   key=lambda p: -len(p[0]))
    for i, (form, name) in enumerate(forms):
        names.append(name)
        alternatives.append(f"(?P<a{i}>{_pattern(form)})")
    media = "|".join(_pattern(m) for m in sorted(raw["media"], key=len, reverse=True))
    return Tables(
        re.compile(_EDGE_BEFORE + "(?:" + "|".join(alternatives) + ")" + _EDGE_AFTER),
        names,
        _anchors([form for form, _ in forms]),
        re.compile(_EDGE_BEFORE + "[وفبل]?(?:" + "|".join(_pattern(c) for c in raw["cues"])
                   + ")"),
        re.compile(_EDGE_BEFORE + f"(?:{media})\\s+(?:[«\"“](?P<q>[^»\"”\n]{{2,40}})[»\"”]"
                   r"|(?P<w>[^\W\d_]{3,}))"),
        re.compile(r"^[\s(\[\-–—]*(?:المصدر|المصادر)?\s*:?\s*[(\[]?\s*(?:"
                   + "|".join(_pattern(g) for g in raw["generic"]) + r")\s*[)\]]?\s*\.?\s*$",
                   re.MULTILINE))


def credits(text: str, *, offsets: bool = True) -> list[Credit]:
    """The sources `text` credits, in text order, each name once (offsets into `text`, or
    None with `offsets=False`: a line cleaning removed)."""
    table = tables()
    found: list[Credit] = []
    taken: list[tuple[int, int]] = []
    for m in _agencies(text):
        cue = _cue(text, m.start(), m.end())
        if cue is not None:
            name = table.names[int(next(k for k, v in m.groupdict().items() if v)[1:])]
            found.append(Credit(name, cue, m.group(), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in table.media.finditer(text):
        name_start = m.start("q") if m.group("q") else m.start("w")
        if any(a <= name_start < b for a, b in taken):
            continue
        cue = _cue(text, m.start(), m.end(), need_cue=not m.group("q"))
        if cue is not None:
            found.append(Credit(m.group("q") or m.group("w"), cue, m.group(), m.start(),
                                m.end()))
    for m in table.generic.finditer(text):
        found.append(Credit("وكالات", "sources-line", m.group().strip(), m.start(), m.end()))
    found.sort(key=lambda c: c.start or 0)
    unique = list({c.name: c for c in reversed(found)}.values())[::-1]
    if not offsets:
        for c in unique:
            c.start = c.end = None
    return unique


def _agencies(text: str) -> Iterator[re.Match[str]]:
    """`tables().agencies.finditer(text)`, tried only where an anchor of a name is (the big
    alternation at every character was the slow part of provenance)."""
    table = tables()
    starts = [m.start() for m in table.anchors.finditer(text)]
    end = 0
    for start in starts:
        if start >= end and (m := table.agencies.match(text, start)) is not None:
            yield m
            end = m.end()


def _cue(text: str, start: int, end: int, *, need_cue: bool = True) -> str | None:
    """How the name at text[start:end] is credited: "dateline", the cue before it,
    "sources-line", "quoted" (a media noun with a quoted name), or None (just named)."""
    before = text[max(0, start - CUE_REACH): start]
    after = text[end: end + 3]
    if re.search(r"[(\[]\s*$", before) and re.match(r"\s*[)\]]", after):
        return "dateline"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    if re.fullmatch(r"[\s\-–—:]*(?:المصدر|المصادر)?\s*:?\s*" + re.escape(text[start:end])
                    + r"[\s.]*", line):
        return "sources-line"
    if re.search(r"[-–—]\s*$", before) and "\n" not in before[-3:] and start - line_start < 40:
        return "dateline"
    cues = list(tables().cues.finditer(before))
    if cues and "\n" not in before[cues[-1].start():]:
        return cues[-1].group()
    return None if need_cue else "quoted"


def provenance(articles: Sequence[Article]) -> list[Provenance]:
    """Who each article relays (the sources it credits in its text and in the lines cleaning
    removed) and whose copy it is, in the order given."""
    out = []
    for article in articles:
        found = credits(article.clean_text)
        for _, line in article.removed:
            known = {c.name for c in found}
            found += [c for c in credits(line, offsets=False) if c.name not in known]
        out.append(Provenance(article.id, outlet_of(article), article.published, found,
                              article.duplicate_of, article.duplicate_kind,
                              article.duplicate_similarity))
    return out
