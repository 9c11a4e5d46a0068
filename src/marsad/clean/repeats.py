"""Lines of one article that repeat an earlier line, exactly or with small variations.

A near repeat must pass two tests. First, word-set Jaccard (words of the normalised lines,
`line_words`) of at least REPEAT_JACCARD with a kept line, lines of very different lengths being
rejected before any set is intersected. Second, aligned word by word, the two lines may differ
only by spellings of one word (حليفتين / حليفتان, كاراباغ / كاراباخ, ولطالما / لطالما) and by a
different ending of at most TAIL_WORDS words when one of the two endings is a photo or agency
credit ("- الأناضول"). Templated lines that differ in a name, a title or a number ("وعبر سموه …" /
"وعبر معاليه …", "الرغبة الرابعة" / "الرغبة السابعة", "40 مليون" / "5 ملايين") are different
facts and stay. The first test alone would drop them: Jaccard cannot tell a caption carried
twice from two condolence messages written on one template.
"""

from __future__ import annotations

import math
from difflib import SequenceMatcher

from marsad.arabic import stopwords
from marsad.clean.patterns import is_credit

# Word-set Jaccard, measured:
# - seed 004, the photo caption carried three times: 0.882 (1st/2nd), 0.778 (1st/3rd), 0.882
#   (2nd/3rd), all small variations by the second test; the body sentence that restates the
#   caption and goes on ("ولطالما كانت … في سبتمبر/ أيلول 2023."): 0.400-0.448 against each
#   variant (16 and 26 distinct words, length ratio 0.62), and no small variation either;
# - SaudiNewsNet (18 days, 31,030 articles), the 757,597 pairs of distinct lines of 6+ words
#   inside one article: 0.081% score 0.5 or more, 188 pairs (0.025%) 0.7 or more; of these 188
#   the second test accepts 3 (the same sentence with "و" added or dropped), the rest are
#   templated sentences about other people, places or numbers.
# 0.7 keeps a margin of 0.08 under the caption's lowest pair and 0.25 over the body sentence.
REPEAT_JACCARD = 0.7
# Shorter lines repeat only when identical (up to punctuation, diacritics and letter forms).
REPEAT_MIN_WORDS = 6
# A repeated caption may end differently: "… كاراباغ - الأناضول" then "… كاراباغ الانفصالي."
TAIL_WORDS = 3
# Below this many kept lines, comparing with each is cheaper than keeping a prefix index.
INDEX_FROM = 32


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets (0.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _close_sets(new: frozenset[str], old: frozenset[str]) -> bool:
    small, large = sorted((len(new), len(old)))
    if small < REPEAT_JACCARD * large:  # Jaccard <= small / large: cheap rejection
        return False
    inter = len(new & old)
    return inter >= REPEAT_JACCARD * (len(new) + len(old) - inter)


# Spelling variants of one word that do not change what a line says: transliterations of one
# foreign sound (كاراباغ / كاراباخ, ناغورنو / ناجورنو) and the case endings of duals and plurals
# (حليفتين / حليفتان). Other one-letter changes make another word: الرابعة / السابعة, أحمد / محمد.
_SOUNDS = frozenset("غخجقك")
_ENDINGS = (frozenset({"ين", "ان"}), frozenset({"ين", "ون"}))
_CONJUNCTIONS = ("و", "ف")


def _variant(a: str, b: str) -> bool:
    """True when two different words are spellings of one (see _SOUNDS, _ENDINGS), or one
    is the other with a conjunction (ولطالما / لطالما)."""
    if any(ch.isdigit() for ch in a + b):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(long_) == len(short) + 1:
        return long_[0] in _CONJUNCTIONS and long_[1:] == short
    if len(a) != len(b) or len(a) < 3:
        return False
    if a[:-2] == b[:-2] and frozenset({a[-2:], b[-2:]}) in _ENDINGS:
        return True
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0] in _SOUNDS and diff[0][1] in _SOUNDS


def _small_variation(new: list[str], old: list[str]) -> bool:
    """True when aligned word by word the lines differ only by spellings and a credit ending."""
    matcher = SequenceMatcher(None, new, old, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1 and all(
                _variant(a, b) for a, b in zip(new[i1:i2], old[j1:j2], strict=True)):
            continue
        if i2 == len(new) and j2 == len(old) and _credit_tail(new[i1:i2], old[j1:j2]):
            continue
        return False
    return True


def _credit_tail(a: list[str], b: list[str]) -> bool:
    if len(a) > TAIL_WORDS or len(b) > TAIL_WORDS:
        return False
    return is_credit(" ".join(a)) or is_credit(" ".join(b))


def _prefix(tokens: frozenset[str]) -> list[str]:
    """The words of `tokens` that any set with Jaccard >= REPEAT_JACCARD must share one of.

    Prefix filtering: in one fixed order of all words, two sets with Jaccard >= t share a word
    among the first |x| - ceil(t * |x|) + 1 of each. Content words come first (then
    stopwords), so that prefixes hold rarer words and few lines are compared.
    """
    stop = stopwords()
    size = len(tokens) - math.ceil(REPEAT_JACCARD * len(tokens)) + 1
    content = sorted(tokens - stop)
    if len(content) >= size:
        return content[:size]
    return content + sorted(tokens & stop)[: size - len(content)]


class RepeatFilter:
    """The kept lines of one article, and whether a new line repeats one of them.

    The first INDEX_FROM kept lines are compared one by one (a length test first); from then on
    they are indexed by their prefixes, and a new line meets only the lines sharing one.
    """

    def __init__(self) -> None:
        self._exact: set[str] = set()
        self._lines: list[tuple[frozenset[str], list[str]]] = []
        self._index: dict[str, list[int]] | None = None

    def repeats(self, norm: str, tokens: list[str]) -> bool:
        """True when the normalised line (and its `words`) repeats a kept line; otherwise it is
        kept. Headings ending in ':' and bare numbers may recur ("المقادير:" before each recipe).
        """
        key = " ".join(tokens) or norm
        if key in self._exact:
            return not (norm.endswith(":") or key.replace(" ", "").isdigit())
        self._exact.add(key)
        bag = frozenset(tokens)
        if len(bag) < REPEAT_MIN_WORDS:
            return False
        low, high = REPEAT_JACCARD * len(bag), len(bag) / REPEAT_JACCARD
        for old_bag, old_tokens in self._candidates(bag):
            if (low <= len(old_bag) <= high and _close_sets(bag, old_bag)
                    and _small_variation(tokens, old_tokens)):
                return True
        self._keep(bag, tokens)
        return False

    def _candidates(self, bag: frozenset[str]) -> list[tuple[frozenset[str], list[str]]]:
        if self._index is None:
            return self._lines
        found = {i for w in _prefix(bag) for i in self._index.get(w, ())}
        return [self._lines[i] for i in sorted(found)]

    def _keep(self, bag: frozenset[str], tokens: list[str]) -> None:
        self._lines.append((bag, tokens))
        if self._index is None and len(self._lines) == INDEX_FROM:
            self._index = {}
            for i, (old_bag, _) in enumerate(self._lines):
                _add(self._index, i, old_bag)
        elif self._index is not None:
            _add(self._index, len(self._lines) - 1, bag)


def _add(index: dict[str, list[int]], i: int, bag: frozenset[str]) -> None:
    for w in _prefix(bag):
        index.setdefault(w, []).append(i)
