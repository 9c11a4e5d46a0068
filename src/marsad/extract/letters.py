"""What a word looks like from its letters: a person's name, a place, an organisation or a common word.

A linear model over the letter n-grams of a normalised word (with ^ and $ marking its ends),
trained by `scripts/train_ner.py` on name lists (ANETAC's Arabic spellings of foreign names,
ANERGazet) against the frequent words of SaudiNewsNet. Transliterated names share letter patterns
(ـوف, سكي, ـيتش, ـسون...) that a CRF sees only for the names of its train file; this model lends
them to the unseen ones. Only n-gram weights are shipped, not the lists.

>>> LetterModel(("PERS", "O"), {"^بو": (1.0, -1.0)}, (0.0, 0.0)).classify("بوتين")
('PERS', 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NGRAMS = (2, 3, 4)
_BINS = (0.5, 0.7, 0.9)


def ngrams(word: str) -> list[str]:
    """Letter n-grams of a word with ^ and $ marking its ends."""
    padded = f"^{word}$"
    return [padded[i:i + n] for n in NGRAMS for i in range(len(padded) - n + 1)]


@dataclass(frozen=True)
class LetterModel:
    """Per-class weights of letter n-grams and per-class biases (a multinomial logistic model)."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.bias) != len(self.classes):
            raise ValueError(f"{len(self.bias)} biases for {len(self.classes)} classes: retrain the model")

    def classify(self, word: str) -> tuple[str, int]:
        """The most likely class of a normalised word and how sure (0 to 3, by probability bins)."""
        get = self.weights.get
        rows = [row for gram in ngrams(word) if (row := get(gram))]
        scores = [sum(column) for column in zip(self.bias, *rows, strict=True)]
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        best = scores.index(top)
        return self.classes[best], sum(1 / total >= b for b in _BINS)

    def to_json(self) -> dict[str, object]:
        """The model as JSON-ready data (rounded weights)."""
        return {"classes": list(self.classes), "bias": [round(b, 3) for b in self.bias],
                "weights": {g: [round(w, 3) for w in row] for g, row in self.weights.items()}}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LetterModel:
        """A model from `to_json` data."""
        weights = data["weights"]
        if not isinstance(weights, dict):
            raise ValueError("letter model: 'weights' must map n-grams to weights; retrain the model")
        return cls(tuple(data["classes"]), {g: tuple(row) for g, row in weights.items()},  # type: ignore[arg-type]
                   tuple(data["bias"]))  # type: ignore[arg-type]
