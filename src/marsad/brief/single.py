"""Extractive summary of one article: the sentences that best say what it is about, in their
original order and spelling, to about N words.

Each sentence is scored by its place (news and EASC put the point first: absolute and relative),
whether it opens a paragraph, its share of the text's most spread stems, its overlap with the
title when there is one (and, at weight 0 by default, its cosine to the tf-isf centroid and to
the first sentence), times a penalty for very short or very long sentences; then sentences are
taken greedily by score less their similarity to those already taken (maximal marginal
relevance) until the word budget is met. The weights were tuned on the odd topics of EASC
(bench/eval_easc.py); its even topics are the test.

>>> text = "انتخب البرلمان رئيسا جديدا للوزراء. وقال الرئيس إنه سيشكل الحكومة. والطقس حار."
>>> [s.text for s in summarize(text, words=6)]
['انتخب البرلمان رئيسا جديدا للوزراء.']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from marsad.arabic import normalize, stem_tokens, words
from marsad.brief.sentences import Sentence, split

__all__ = ["WEIGHTS", "Document", "Sentence", "Weights", "read_document", "summarize"]


@dataclass(frozen=True, slots=True)
class Weights:
    """The few weights of the score, tuned on EASC's odd topics."""

    position: float = 1.0  # weight of the place prior 1 / (1 + index) ** decay
    decay: float = 2.0
    relative: float = 0.5  # weight of the relative place 1 - index / count
    paragraph: float = 0.2  # bonus of a sentence that opens a paragraph
    centrality: float = 0.0  # weight of the cosine to the centroid (0.3 did no better on dev)
    keywords: float = 0.2  # weight of the share of the text's KEYWORDS most spread stems
    lead: float = 0.0  # weight of the cosine to the first sentence, which stands for a title
    title: float = 0.5  # weight of the share of the title's stems (not tuned: EASC has none)
    redundancy: float = 0.5  # MMR: the score falls by this times the similarity to chosen ones
    short: int = 6  # words: a shorter sentence is scaled down in proportion
    long: int = 60  # words: a longer one is scaled down in proportion
    slack: float = 0.2  # a sentence may take the summary this far past the budget


WEIGHTS = Weights()
KEYWORDS = 10
MIN_STEMS = 3  # a sentence with fewer content stems is a candidate only if nothing else is


@dataclass(frozen=True, slots=True)
class Document:
    """A text cut into sentences, with what the scores need: word counts and unit tf-isf
    vectors of the sentences' stems (rows), and the unit centroid of those rows."""

    sentences: list[Sentence]
    lengths: np.ndarray  # words of each sentence (normalised tokens)
    vectors: np.ndarray  # one unit row per sentence; zero for a sentence without stems
    stems: list[list[str]]
    opens: np.ndarray  # 1.0 where the sentence opens a paragraph (a line break before it)

    @property
    def centroid(self) -> np.ndarray:
        c = self.vectors.sum(axis=0)
        norm = float(np.linalg.norm(c))
        return c / norm if norm else c


def read_document(text: str) -> Document:
    """Cut `text` into sentences and weigh their stems."""
    sentences = split(text)
    tokens = [words(normalize(s.text)) for s in sentences]
    stems = [stem_tokens(t) for t in tokens]
    opens = [s.start == 0 or "\n" in text[(sentences[s.index - 1].end if s.index else 0):s.start]
             for s in sentences]
    return Document(sentences, np.array([len(t) for t in tokens], dtype=float),
                    _tf_isf(stems), stems, np.array(opens, dtype=float))


def _tf_isf(stems: list[list[str]]) -> np.ndarray:
    """Unit rows of log term frequency times inverse sentence frequency."""
    vocab: dict[str, int] = {}
    for sent in stems:
        for s in sent:
            vocab.setdefault(s, len(vocab))
    m = np.zeros((len(stems), len(vocab)))
    for i, sent in enumerate(stems):
        for s in sent:
            m[i, vocab[s]] += 1.0
    df = (m > 0).sum(axis=0)
    m = np.log1p(m) * np.log1p(len(stems) / np.maximum(df, 1))
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def summarize(text: str, words: int = 100, title: str | None = None,
              weights: Weights = WEIGHTS) -> list[Sentence]:
    """The extractive summary of `text` of about `words` words: sentences as given, with their
    offsets, in text order. An empty text gives []; a text of one sentence gives it.

    Raises ValueError when `words` is below 1.
    """
    if words < 1:
        raise ValueError(f"words must be at least 1, not {words}")
    doc = read_document(text)
    if not doc.sentences:
        return []
    chosen = select(doc, scores(doc, title, weights), words, weights)
    return [doc.sentences[i] for i in sorted(chosen)]


def scores(doc: Document, title: str | None, weights: Weights) -> np.ndarray:
    """The score of each sentence of `doc`, before redundancy."""
    n = len(doc.sentences)
    place = 1.0 / (1.0 + np.arange(n)) ** weights.decay
    central = doc.vectors @ doc.centroid
    if central.max() > 0:
        central = central / central.max()
    total = (weights.position * place + weights.relative * (1.0 - np.arange(n) / n)
             + weights.paragraph * doc.opens + weights.centrality * central)
    if title:
        total = total + weights.title * _title_overlap(doc.stems, title)
    if weights.lead and n > 1:
        total[1:] += weights.lead * (doc.vectors[1:] @ doc.vectors[0])
    if weights.keywords:
        total = total + weights.keywords * _keyword_share(doc.stems)
    return total * _length_factor(doc.lengths, weights)


def _title_overlap(stems: list[list[str]], title: str) -> np.ndarray:
    """The share of the title's stems found in each sentence."""
    wanted = set(stem_tokens(words(normalize(title))))
    if not wanted:
        return np.zeros(len(stems))
    return np.array([len(wanted & set(s)) / len(wanted) for s in stems])


def _keyword_share(stems: list[list[str]]) -> np.ndarray:
    """The share of the text's most spread stems (in the most sentences) in each sentence."""
    spread = Counter(s for sentence in stems for s in dict.fromkeys(sentence))  # in text order
    top = {s for s, _ in spread.most_common(KEYWORDS)}
    return np.array([len(top & set(s)) / max(1, len(top)) for s in stems])


def _length_factor(lengths: np.ndarray, weights: Weights) -> np.ndarray:
    short = np.minimum(1.0, lengths / weights.short)
    long = np.minimum(1.0, weights.long / np.maximum(lengths, 1.0))
    return short * long


def select(doc: Document, score: np.ndarray, budget: int, weights: Weights) -> list[int]:
    """Indices taken greedily by score less redundancy (MMR) until `budget` words; a sentence
    that would overshoot by more than the slack is passed over for a shorter one."""
    candidates = _candidates(doc)
    limit = budget * (1.0 + weights.slack)
    chosen: list[int] = []
    total = 0.0
    while total < budget and candidates:
        gain = score[candidates]
        if chosen:
            gain = gain - weights.redundancy * (doc.vectors[candidates]
                                                @ doc.vectors[chosen].T).max(axis=1)
        for k in np.argsort(-gain, kind="stable"):
            i = candidates[int(k)]
            if not chosen or total + doc.lengths[i] <= limit:
                break
        else:
            break
        chosen.append(i)
        total += doc.lengths[i]
        candidates.remove(i)
    return chosen


def _candidates(doc: Document) -> list[int]:
    """The sentences worth choosing: each distinct one once (a caption or a share line repeated
    counts once), if it has enough stems; when none has, every distinct one."""
    seen: set[str] = set()
    distinct = []
    for s in doc.sentences:
        key = " ".join(words(normalize(s.text)))
        if key and key not in seen:
            seen.add(key)
            distinct.append(s.index)
    full = [i for i in distinct if len(doc.stems[i]) >= MIN_STEMS]
    return full or distinct


