"""Quality flags of a story's articles, each with its span (offsets into the clean text) and
the reason the reader sees.

- translation: an organisation named in a role (the word before its preposition: الانسحاب من)
  where other outlets of the story name another organisation, one this article itself names
  often (seed 001's "الانسحاب من الاتحاد الأوروبي" in a story about leaving the CSTO);
- repeated-words: a word or two words said twice running ("الإسلامي الإسلامي");
- foreign-letters: Persian or Urdu letters, or Latin ones, inside an Arabic word;
- press-release: wire disclaimers and promotional copy (in the text or in the lines cleaning
  took out);
- boilerplate: page furniture left in the clean text (شارك القصة، تابع القراءة …).

The patterns and letters are in `data/flags.json`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from marsad.arabic import normalize, normalize_word, stems, stopwords
from marsad.arabic.resources import data_json
from marsad.arabic.sentences import sentence_spans
from marsad.arabic.tokens import text_tokens, token_spans, token_texts
from marsad.brief.records import Flag
from marsad.brief.units import outlet_of
from marsad.model import Article, EntityType, Findings, Mention

PREPOSITIONS = frozenset({"من", "الي", "في", "مع", "عن", "علي", "ضد", "بين", "لدي"})
OFTEN = 3  # mentions of the other organisation in the flagged article, at least
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Tables:
    """The compiled contents of data/flags.json."""

    press: re.Pattern[str]
    boilerplate: re.Pattern[str]
    foreign: frozenset[str]
    latin_in_word: bool
    repeat_skip: frozenset[str]


@cache
def tables() -> Tables:
    """data/flags.json, compiled (raises re.error on a bad pattern: the data test catches it)."""
    raw = data_json("marsad.brief", "flags.json")
    return Tables(re.compile("|".join(f"(?:{p})" for p in raw["press_release"])),
                  re.compile("|".join(f"(?:{p})" for p in raw["boilerplate"]), re.MULTILINE),
                  frozenset(raw["foreign_letters"]), bool(raw["latin_in_word"]),
                  frozenset(normalize_word(w) for w in raw["repeat_skip"]))


def story_flags(articles: Sequence[Article], findings: Mapping[str, Findings]) -> list[Flag]:
    """The flags of every article of a story (originals), in article then text order."""
    found: dict[str, list[Flag]] = {}
    for f in translation_flags(articles, findings):
        found.setdefault(f.article_id, []).append(f)
    norms: dict[str, str] = {}
    out: list[Flag] = []
    for article in articles:
        out += found.get(article.id, [])
        out += article_flags(article, norms)
    return out


def article_flags(article: Article, norms: dict[str, str] | None = None) -> list[Flag]:
    """The flags one article raises on its own (all but translation); `norms` caches
    normalised words across calls."""
    return [*_repeats(article, norms), *_foreign(article), *_press(article),
            *_boilerplate(article)]


def _flag(article: Article, kind: str, start: int | None, end: int | None, reason: str,
          text: str | None = None) -> Flag:
    shown = text if text is not None else article.clean_text[start:end]
    return Flag(article.id, outlet_of(article), kind, shown, start, end, reason)


# --- repeated and foreign words ----------------------------------------------------------
def _repeats(article: Article, norms: dict[str, str] | None = None) -> Iterable[Flag]:
    """A word said twice running (or with و: التوازن والتوازن), or two words twice.

    `norms` caches `normalize_word` across the articles of a story."""
    text = article.clean_text
    words = token_texts(text)
    norms = {} if norms is None else norms
    norm = []
    for w in words:
        n = norms.get(w)
        if n is None:
            n = norms[w] = normalize_word(w)
        norm.append(n)
    skip = tables().repeat_skip
    spans: list[tuple[int, int]] | None = None
    for i in range(1, len(norm)):
        word, before = norm[i], norm[i - 1]
        once = word == before or word == "و" + before
        twice = i >= 3 and norm[i - 3] == before and norm[i - 2] == word
        if not (once or twice) or len(before) < 3 or not _ARABIC.search(before) \
                or before in skip:
            continue
        if once and (word == before or before.startswith("ال")):
            spans = spans or token_spans(text)
            yield _flag(article, "repeated-words", spans[i - 1][0], spans[i][1],
                        "the same word twice running: a garbled or machine-translated phrase")
        elif twice and norm[i - 2] != before:
            spans = spans or token_spans(text)
            yield _flag(article, "repeated-words", spans[i - 3][0], spans[i][1],
                        "the same two words twice running: a garbled phrase")


def _foreign(article: Article) -> Iterable[Flag]:
    foreign = tables().foreign
    text = article.clean_text
    has_foreign = not foreign.isdisjoint(text)
    if not has_foreign and not (tables().latin_in_word and _LATIN.search(text)):
        return  # no letter to flag: no need to split the text
    for word, a, b in text_tokens(text):
        if not _ARABIC.search(word):
            continue
        odd = [c for c in word if c in foreign] if has_foreign else []
        if odd:
            names = ", ".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(odd))
            yield _flag(article, "foreign-letters", a, b,
                        f"Persian or Urdu letter {names} inside an Arabic word: text converted "
                        "or translated from another language, or a wrong keyboard")
        elif tables().latin_in_word and _LATIN.search(word):
            yield _flag(article, "foreign-letters", a, b,
                        "Latin letters inside an Arabic word: damaged text")


# --- press releases and boilerplate ------------------------------------------------------
def _press(article: Article) -> Iterable[Flag]:
    press = tables().press
    for m in press.finditer(article.clean_text):
        a, b = _line(article.clean_text, m.start())
        yield _flag(article, "press-release", a, b,
                    "press release or promotional copy (a wire disclaimer or a company's text)")
    for reason, line in article.removed:
        if "press" in reason or press.search(line):
            yield _flag(article, "press-release", None, None,
                        f"press release or promotional copy: cleaning removed this line of it "
                        f"({reason})", text=line)


def _boilerplate(article: Article) -> Iterable[Flag]:
    for m in tables().boilerplate.finditer(article.clean_text):
        a, b = _line(article.clean_text, m.start())
        yield _flag(article, "boilerplate", a, b, "page furniture left in the text")


def _line(text: str, i: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return a, len(text) if b < 0 else b


# --- translation damage: an organisation that contradicts the story ----------------------
Role = tuple[str, str]  # (stem of the word before the preposition, the preposition)


def _role(text: str, mention: Mention) -> tuple[Role, str] | None:
    """(role, the role's words as written) of a mention that follows "word preposition"."""
    before = [t for t in text_tokens(text, max(0, mention.start - 80), mention.start)
              if _ARABIC.search(t[0])][-4:]
    norm = [normalize_word(t[0]) for t in before]
    surface = normalize_word(mention.surface.split()[0]) if mention.surface else ""
    if surface[:1] == "ل" and norm and norm[-1] not in PREPOSITIONS:
        prep, rest = "ل", list(zip(norm, before, strict=True))
    elif norm and norm[-1] in PREPOSITIONS:
        prep, rest = norm[-1], list(zip(norm[:-1], before[:-1], strict=True))
    else:
        return None
    stop = stopwords()
    for word, token in reversed(rest[-2:]):
        if word not in stop and (stem := stems(word)):
            return (stem[0], prep), text[token[1]:mention.start].strip()
    return None


def _key(mention: Mention) -> str:
    return mention.entity_id or normalize(mention.surface)


def translation_flags(articles: Sequence[Article], findings: Mapping[str, Findings]
                      ) -> list[Flag]:
    """Organisations named once in an article, in a role where other outlets name another
    organisation that this article names OFTEN times or more."""
    roles: dict[Role, dict[str, set[tuple[str, str]]]] = {}  # -> key -> (outlet, article)
    names: dict[str, str] = {}
    counts: dict[str, Counter[str]] = {}
    placed: list[tuple[Article, Mention, Role, str]] = []
    for article in articles:
        orgs = [m for m in findings[article.id].mentions if m.type == EntityType.ORG] \
            if article.id in findings else []
        counts[article.id] = Counter(_key(m) for m in orgs)
        for m in orgs:
            names.setdefault(_key(m), m.surface)
            if (found := _role(article.clean_text, m)) is not None:
                roles.setdefault(found[0], {}).setdefault(_key(m), set()).add(
                    (outlet_of(article), article.id))
                placed.append((article, m, found[0], found[1]))
    out = []
    for article, m, role, words in placed:
        key, outlet, count = _key(m), outlet_of(article), counts[article.id]
        if count[key] > 1 or any(o != outlet for o, _ in roles[role][key]):
            continue
        # a rival is named there by another outlet that names it more than once (a rival
        # named once there may be the error itself)
        rivals = [(k, sorted({o for o, aid in where if o != outlet and counts[aid][k] > 1}))
                  for k, where in roles[role].items() if k != key and count[k] >= OFTEN]
        if rivals := [r for r in rivals if r[1]]:
            other, outlets = max(rivals, key=lambda r: (len(r[1]), count[r[0]]))
            out.append(_translation(article, m, words, names[other], outlets, count[other]))
    return out


def _translation(article: Article, m: Mention, words: str, other: str, where: list[str],
                 n: int) -> Flag:
    a, b = next(((a, b) for a, b in sentence_spans(article.clean_text) if a <= m.start < b),
                (m.start, m.end))
    text = article.clean_text[a:b].strip()
    a += len(article.clean_text[a:b]) - len(article.clean_text[a:b].lstrip())
    reason = (f"likely translation error: «{m.surface}» after «{words}», where "
              f"{', '.join(where)} name «{other}» there, and this article names «{other}» "
              f"{n} times elsewhere")
    return _flag(article, "translation", a, a + len(text), reason)
