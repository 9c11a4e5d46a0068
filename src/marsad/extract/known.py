"""Names the tables know, found where the tagger missed them or cut them short: Latin acronyms
(CSTO, NATO), and organisations and places of several words (منظمة معاهدة الأمن الجماعي when
the tagger ends the name at الأمن).

>>> [(m.surface, m.type.value) for m in complete("انسحبت من CSTO ومنظمة معاهدة الأمن الجماعي", [])]
[('CSTO', 'ORG'), ('ومنظمة معاهدة الأمن الجماعي', 'ORG')]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from marsad.arabic import normalize_word, text_tokens
from marsad.arabic.resources import months as months_table
from marsad.extract.entities import is_place_unit
from marsad.extract.names import Canon, name_key, phrases, readings, table
from marsad.model import EntityType, Mention

__all__ = ["complete", "known_names"]


def known_names(text: str) -> list[Mention]:
    """Mentions of the table names of `names.phrases` in `text` (longest match at each word,
    clitics allowed on the first word; Latin names only as written in capitals or several words)."""
    toks = [(t, s, e, normalize_word(t) or t) for t, s, e in text_tokens(text)]
    table = phrases()
    found: list[Mention] = []
    i = 0
    while i < len(toks):
        hit = _match(toks, i, table)
        if hit is None:
            i += 1
            continue
        n, canon = hit
        start, end = toks[i][1], toks[i + n - 1][2]
        found.append(Mention(text[start:end], start, end, canon.type))
        i += n
    return found


def _match(toks: list[tuple[str, int, int, str]], i: int,
           table: dict[str, list[tuple[tuple[str, ...], Canon]]]) -> tuple[int, Canon] | None:
    raw, norm = toks[i][0], toks[i][3]
    # Clitics are prefixes: a reading of the word is one of its last letters (or, for لل, an
    # alef and its last letters). Most words have none in the table; skip them cheaply.
    if not any(norm[k:] in table or "ا" + norm[k:] in table for k in range(5)):
        return None
    for first, _ in readings(norm):
        for words, canon in table.get(first, ()):
            n = len(words)
            if i + n > len(toks) or any(toks[i + k][3] != words[k] for k in range(1, n)):
                continue
            if n == 1 and not (raw.isupper() and len(raw) > 1):
                continue  # a Latin word alone counts as a name only as an acronym
            return n, canon
    return None


def complete(text: str, tagged: Sequence[Mention]) -> list[Mention]:
    """The tagger's mentions with the table names added where it found nothing, and in place
    of its mentions that a table name contains (a name cut short). A tagged mention longer than
    the table name is kept, unless it is a "person" made of a table place or organisation and
    words that are no name: an adjective or a month (كاراباخ الانفصالي، أيلول كاراباخ), which
    becomes that place. Returned in text order.

    >>> [(m.surface, m.type.value) for m in complete("في أيلول كاراباخ", [
    ...     Mention("أيلول كاراباخ", 3, 16, EntityType.PERS)])]
    [('كاراباخ', 'LOC')]
    """
    out = [_place_not_person(m) for m in tagged]
    for known in map(_without_unit, known_names(text)):
        inside = [m for m in out if m.start < known.end and known.start < m.end]
        if all(known.start <= m.start and m.end <= known.end for m in inside):
            out = [m for m in out if m not in inside] + [known]
    return sorted(out, key=lambda m: m.start)


def _place_not_person(m: Mention) -> Mention:
    """A tagged person that is a table place or organisation once the words around it that are
    no name are off (months before it, adjectives after it: الانفصالي، الانفصالية): that place."""
    if m.type != EntityType.PERS:
        return m
    words = m.surface.split()
    first, last = 0, len(words)
    names_of_months = _months()
    while first < last - 1 and normalize_word(words[first]) in names_of_months:
        first += 1
    while last - 1 > first and (w := normalize_word(words[last - 1])).startswith("ال") and (
            w.endswith(("ي", "يه"))):
        last -= 1
    if (first, last) == (0, len(words)):
        return m
    rest = " ".join(words[first:last])
    canon = table().get(name_key(rest))
    if canon is None or canon.type == EntityType.PERS:
        return m
    start = m.start + m.surface.index(words[first])
    end = m.start + m.surface.rindex(words[last - 1]) + len(words[last - 1])
    return Mention(m.surface[start - m.start:end - m.start], start, end, canon.type)


@cache
def _months() -> frozenset[str]:
    """Normalised month names of every series (يناير، كانون الثاني's words, أيلول, August)."""
    return frozenset(name for series, names in months_table().items() if series != "weekdays"
                     for name in names)


def _without_unit(known: Mention) -> Mention:
    """A table place without its leading noun of a kind of place, which ANERcorp leaves out of
    the name (الشرق الأوسط in ومنطقة الشرق الأوسط), unless the whole is a table name of its own
    (مدينة الكويت, the capital)."""
    first, _, rest = known.surface.partition(" ")
    rest = rest.lstrip()
    if known.type != EntityType.LOC or not rest or not is_place_unit(first):
        return known
    whole, part = name_key(known.surface), name_key(rest)
    if whole in table() and table().get(whole) != table().get(part):
        return known  # مدينة الكويت is the capital, الكويت the country
    return Mention(rest, known.end - len(rest), known.end, known.type)
