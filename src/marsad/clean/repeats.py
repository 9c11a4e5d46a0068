"""Lines of one article that repeat an earlier line, exactly or with small variations."""

from __future__ import annotations

import math

from marsad.arabic import stopwords, words

# Word-set Jaccard (normalised word tokens) at or above which two lines say the same thing.
# Measured (scripts in the report of the cleaning stage):
# - seed 004, the photo caption carried three times with small variations: 0.78 (first and
#   third variant), 0.88 (first and second), 0.88 (second and third);
# - seed 004, the body sentence that restates the caption and goes on: 0.50-0.52 against the
#   three variants (and its length ratio is 0.63-0.67), so it stays;
# - SaudiNewsNet, all pairs of distinct lines of 6+ words inside one article (18 days, 31,030
#   articles): 99.9% of pairs score below 0.5; the pairs at 0.7 or more are the same paragraph
#   published twice with a word changed.
REPEAT_JACCARD = 0.7
# Shorter lines are repeats only when they are identical (up to punctuation and spelling):
# one changed word in a short line changes its meaning ("ثانيا: …" lists, results tables).
REPEAT_MIN_WORDS = 6


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets (0.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    small, large = sorted((len(a), len(b)))
    if small < REPEAT_JACCARD * large:  # Jaccard <= small / large: cheap rejection
        return False
    inter = len(a & b)
    return inter >= REPEAT_JACCARD * (len(a) + len(b) - inter)


def _prefix(tokens: frozenset[str]) -> list[str]:
    """The words of `tokens` that any set with Jaccard >= REPEAT_JACCARD must share one of.

    Prefix filtering: in one fixed order of all words, two sets with Jaccard >= t share a word
    among the first |x| - ceil(t * |x|) + 1 of each. Content words come first, longest first,
    so that prefixes hold rare words and few lines are compared.
    """
    stop = stopwords()
    ordered = sorted(tokens, key=lambda w: (w in stop, -len(w), w))
    return ordered[: len(ordered) - math.ceil(REPEAT_JACCARD * len(ordered)) + 1]


class RepeatFilter:
    """The kept lines of one article, and whether a new line repeats one of them."""

    def __init__(self) -> None:
        self._exact: set[str] = set()
        self._sets: list[frozenset[str]] = []
        self._index: dict[str, list[int]] = {}

    def repeats(self, norm: str) -> bool:
        """True when the normalised line repeats a kept line; otherwise it is kept."""
        tokens = words(norm)
        key = " ".join(tokens) or norm
        if key in self._exact:
            return True
        bag = frozenset(tokens)
        if len(bag) >= REPEAT_MIN_WORDS:
            prefix = _prefix(bag)
            candidates = {i for w in prefix for i in self._index.get(w, ())}
            if any(_similar(bag, self._sets[i]) for i in candidates):
                return True
            for w in prefix:
                self._index.setdefault(w, []).append(len(self._sets))
            self._sets.append(bag)
        self._exact.add(key)
        return False
