"""Numbers of a kind that outlets can disagree on: death tolls, the injured, amounts of money
(by currency) and percentages. Words are in `data/numbers.json`.

>>> numbers("أسفر الحادث عن مصرع 3 أشخاص وإصابة 12 آخرين")
[('deaths', '3'), ('injured', '12')]
>>> numbers("بلغت الميزانية 2.5 مليار ريال بزيادة 7٪")
[('amount (ريال)', '2.5 مليار'), ('percent', '7')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.arabic import normalize, normalize_small
from marsad.arabic.resources import data_json

_TOKEN = re.compile(r"\d+(?:[.,٫]\d+)*|[^\W\d_]+|[%٪]")
_NUMBER = re.compile(r"\d")
WINDOW = 3  # words between a number and the word that says what it counts


@dataclass(frozen=True, slots=True)
class Words:
    after: dict[str, frozenset[str]]  # kind -> words after the number
    before: dict[str, frozenset[str]]
    scales: frozenset[str]
    currencies: dict[str, str]  # form -> the currency's name
    percent: frozenset[str]


def _norm(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_small(w) for w in words)


@cache
def words() -> Words:
    """data/numbers.json, normalised."""
    raw = data_json("marsad.brief", "numbers.json")
    kinds = raw["kinds"]
    return Words({k: _norm(v["after"]) for k, v in kinds.items()},
                 {k: _norm(v["before"]) for k, v in kinds.items()},
                 _norm(raw["scales"]),
                 {normalize_small(f): name for name, forms in raw["currencies"].items()
                  for f in forms},
                 _norm(raw["percent"]))


def _strip(word: str) -> str:
    """A word without و/ب/ل/ال before it, for matching."""
    for prefix in ("وال", "بال", "لل", "ال", "و", "ب"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix):]
    return word


def numbers(text: str) -> list[tuple[str, str]]:
    """(kind, value) of the numbers of `text` whose kind is known, in text order."""
    return normalized_numbers(normalize(text))


def normalized_numbers(normalized: str) -> list[tuple[str, str]]:
    """`numbers` of text already normalised (`marsad.arabic.normalize`)."""
    if not _NUMBER.search(normalized):
        return []
    table = words()
    tokens = _TOKEN.findall(normalized)
    out = []
    for i, token in enumerate(tokens):
        if not _NUMBER.match(token):
            continue
        value = token.replace(",", "").replace("٫", ".")
        after = [_strip(t) for t in tokens[i + 1: i + 1 + WINDOW]]
        pair = " ".join(tokens[i + 1: i + 3])
        if after[:1] and after[0] in table.scales:
            value, after = f"{value} {after[0]}", after[1:]
        if (tokens[i + 1: i + 2] and tokens[i + 1] in table.percent) or pair in table.percent:
            out.append(("percent", value))
        elif after[:1] and after[0] in table.currencies:
            out.append((f"amount ({table.currencies[after[0]]})", value))
        elif (kind := _counted(table, tokens[max(0, i - 2):i], after, tokens[i + 1:i + 3])):
            out.append((kind, value))
    return out


def _counted(table: Words, before: list[str], after: list[str], two: list[str]) -> str | None:
    for kind in table.after:
        if any(w in table.after[kind] for w in after) or " ".join(two) in table.after[kind]:
            return kind
        if any(_strip(w) in table.before[kind] or w in table.before[kind] for w in before):
            return kind
    return None
