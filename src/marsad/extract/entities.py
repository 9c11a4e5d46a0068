"""Named-entity tagging of Arabic text: persons (PERS), organisations (ORG), places (LOC), others (MISC).

A linear-chain CRF (crfsuite) over features of each token and its ±2 neighbours: the normalised
word, its clitics (و ف ب ل ك prefixes, the article, pronoun suffixes), affixes, shape, gazetteer
hits (ANERGazet, CLDR places) and word clusters learnt from SaudiNewsNet at three granularities.
Optionally (if the model file has them) the clusters of fastText vectors and a letter model's
guess of the word's type (`letters.py`). The model, the clusters and the gazetteer are one file,
`data/ner.zip`, made by `scripts/train_ner.py` (from ANERcorp's train file and SaudiNewsNet
articles whose names we marked) and loaded on first use; features the model does not know are
dropped before tagging. ANERcorp's conventions are kept: a title or a nisba adjective before a
person's name and a noun of a kind of place before a place's name are not part of the name.

>>> [(m.surface, m.type.value) for m in mentions("قال فلاديمير بوتين في موسكو")]
[('فلاديمير بوتين', 'PERS'), ('موسكو', 'LOC')]
"""

from __future__ import annotations

import io
import itertools
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from marsad.arabic import normalize_word, text_tokens
from marsad.extract.letters import LetterModel
from marsad.model import EntityType, Mention

MODEL_FILE = "ner.zip"
_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك", "ي")
# Nouns of a kind of place (normalised) that ANERcorp leaves out of a place's name: مدينة [الرياض]
PLACE_UNITS = frozenset({"منطقه", "مدينه", "محافظه", "ولايه", "جمهوريه", "العاصمه", "عاصمه", "اقليم",
                          "سلطنه", "مقاطعه", "بلده", "قريه", "حي", "دوله"})
OFFSETS = (-2, -1, 1, 2)

_MAX_PHRASE = 5
_UNKNOWN = 1 << 30


def is_place_unit(word: str) -> bool:
    """Whether a word is a noun of a kind of place, with or without clitics (وبإقليم).

    >>> is_place_unit("وبإقليم"), is_place_unit("إقليمي")
    (True, False)
    """
    norm = normalize_word(word) or word
    return any(norm.startswith(p) and norm[len(p):] in PLACE_UNITS for p in ("", *_PREFIXES))


# --- features -----------------------------------------------------------------------------------

def segment(norm: str, rank: Mapping[str, int]) -> tuple[str, str]:
    """(prefix, stem) of a normalised word: conjunction and preposition clitics off, article kept.

    `rank` gives the frequency rank of known words (0 the most frequent). A prefix comes off when
    what is left starts with the article, or is a known word more frequent than the whole, so that
    names such as بوتين or فهد keep their first letter.
    >>> segment("والرياض", {})
    ('و', 'الرياض')
    """
    whole = rank.get(norm, _UNKNOWN)
    best = (whole, "", norm)
    for prefix in _PREFIXES:
        if not norm.startswith(prefix) or len(norm) - len(prefix) < 2:
            continue
        rest = norm[len(prefix):]
        if prefix[-1] == "ل" and rest.startswith("ل") and len(rest) > 2:
            return prefix, "ا" + rest  # لل = ل + ال
        if rest.startswith("ال"):
            return prefix, rest
        best = min(best, (rank.get(rest, _UNKNOWN), prefix, rest))
    return best[1], best[2]


def _shape(word: str) -> str:
    """A coarse class of the characters of a token."""
    if word.isdigit():
        return "digit"
    if word.isalpha():
        return "arabic" if "\u0621" <= word[0] <= "\u06ff" else "latin"
    if word[0].isalnum():
        return "mixed"
    return "punct" if len(word) == 1 else "other"


@dataclass
class Featurizer:
    """Turns sentences of tokens into crfsuite attribute lists.

    `clusters` maps a normalised word to its cluster ids (coarse to fine); `gazetteer` maps a
    normalised name (one word or several, space-separated) to its types ("LOC", "ORG|PERS"...);
    `embeddings` maps a word to the cluster ids of its fastText vector; `letters` guesses a word's
    type from its letters. With `known` (the attributes of a trained model), features the model
    does not know are left out: the labels are the same, and tagging is faster.
    """

    clusters: dict[str, tuple[str, ...]]
    gazetteer: dict[str, str]
    embeddings: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    letters: LetterModel | None = field(default=None, repr=False)
    rank: dict[str, int] = field(default_factory=dict, repr=False)
    known: frozenset[str] | None = field(default=None, repr=False)
    _cache: dict[str, tuple[list[str], list[list[str]], str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.rank = {w: i for i, w in enumerate(self.clusters)}  # the clusters file is by frequency

    def word(self, token: str) -> tuple[list[str], list[list[str]], str]:
        """Features of a token on its own, those it lends its neighbours at each offset, and its
        stem."""
        hit = self._cache.get(token)
        if hit is None:
            core, near = self._word(token)
            stem = core[1][2:]
            if self.known is not None:
                core = [f for f in core if f in self.known]
                near = [[f for f in row if f in self.known] for row in near]
            hit = (core, near, stem)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[token] = hit
        return hit

    def _word(self, token: str) -> tuple[list[str], list[list[str]]]:
        """Uncached `word`."""
        norm = normalize_word(token) or token
        prefix, stem = segment(norm, self.rank)
        bare = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
        suffix = next((s for s in _SUFFIXES if bare.endswith(s) and len(bare) > len(s) + 1), "")
        shape = _shape(token)
        own = self.clusters.get(stem) or self.clusters.get(norm) or ()
        gaz = sorted({g for w in (norm, stem, bare) if (g := self.gazetteer.get(w))})
        core = [f"w={norm}", f"s={stem}", f"b={bare}", f"p={prefix}", f"x={suffix}", f"sh={shape}",
                f"al={stem is not bare}", f"p2={bare[:2]}", f"p3={bare[:3]}", f"s2={bare[-2:]}",
                f"s3={bare[-3:]}", f"s4={bare[-4:]}", f"s1={bare[-1:]}", f"n={min(len(bare), 8)}"]
        core += [f"c{i}={c}" for i, c in enumerate(own)] or ["c=none"]
        bare_clusters = self.clusters.get(bare) if bare != stem else None
        core += [f"bc{i}={c}" for i, c in enumerate(bare_clusters or ())]
        core += [f"g={g}" for g in gaz]
        near = [f"w={norm}", f"s={stem}", f"sh={shape}"] + [f"c{i}={c}" for i, c in enumerate(own)]
        near += [f"g={g}" for g in gaz]
        if self.embeddings:
            vec = self.embeddings.get(stem) or self.embeddings.get(norm) or ()
            core += [f"e{i}={c}" for i, c in enumerate(vec)] or ["e=none"]
            near += [f"e{i}={c}" for i, c in enumerate(vec[:2])]
        if self.letters is not None and shape == "arabic":
            kind, sure = self.letters.classify(bare)
            core += [f"l={kind}", f"l={kind}{sure}"]
            near.append(f"l={kind}{sure}")
        return core, [[f"{d}{f}" for f in near] for d in OFFSETS]

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """crfsuite attributes of every token of one sentence."""
        words = [self.word(t) for t in tokens]
        stems = [f[2] for f in words]
        phrases = self._phrases(stems)
        n = len(tokens)
        out = []
        for i, (core, _, _) in enumerate(words):
            feats = core + phrases[i]
            for k, d in enumerate(OFFSETS):
                j = i + d
                feats += words[j][1][k] if 0 <= j < n else [f"{d}BOUND"]
            pair = (f"sb={stems[i - 1] if i else '^'}|{stems[i]}",
                    f"sa={stems[i]}|{stems[i + 1] if i + 1 < n else '$'}")
            feats += [f for f in pair if self.known is None or f in self.known]
            out.append(feats)
        return out

    def matches(self, stems: list[str]) -> list[tuple[int, int, str]]:
        """(first, last + 1, types) of the gazetteer names of several words, longest first."""
        out = []
        i = 0
        while i < len(stems):
            for n in range(min(_MAX_PHRASE, len(stems) - i), 1, -1):
                types = self.gazetteer.get(" ".join(stems[i:i + n]))
                if types:
                    out.append((i, i + n, types))
                    i += n - 1
                    break
            i += 1
        return out

    def _phrases(self, stems: list[str]) -> list[list[str]]:
        """Gazetteer matches of several words: B- on the first word, I- on the others."""
        marks: list[list[str]] = [[] for _ in stems]
        for first, last, types in self.matches(stems):
            marks[first].append(f"gB={types}")
            for j in range(first + 1, last):
                marks[j].append(f"gI={types}")
        return marks


# --- the model file -----------------------------------------------------------------------------

def read_clusters(text: str) -> dict[str, tuple[str, ...]]:
    """`word<TAB>id<TAB>id...` lines (as written by scripts/build_clusters.py) as a dict."""
    out = {}
    for line in text.splitlines():
        word, *ids = line.split("\t")
        out[word] = tuple(ids)
    return out


def pack(path: str, crf_model: bytes, clusters_text: str, gazetteer: dict[str, str],
         embeddings_text: str = "", letters: LetterModel | None = None) -> None:
    """Write the model file: the CRF, the clusters, the gazetteer, and if given the fastText
    clusters and the letter model, in one zip."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("model.crfsuite", crf_model)
        archive.writestr("clusters.txt", clusters_text)
        archive.writestr("gazetteer.json", json.dumps(gazetteer, ensure_ascii=False, sort_keys=True))
        if embeddings_text:
            archive.writestr("embeddings.txt", embeddings_text)
        if letters is not None:
            archive.writestr("letters.json", json.dumps(letters.to_json(), ensure_ascii=False))


@dataclass
class Tagger:
    """A trained CRF with the featurizer it was trained with."""

    crf: pycrfsuite.Tagger
    features: Featurizer
    model: bytes  # crfsuite reads the model in place: the bytes must outlive `crf`

    @classmethod
    def from_zip(cls, data: bytes) -> Tagger:
        """Load a model file made by `pack`."""
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            model = archive.read("model.crfsuite")
            clusters = read_clusters(archive.read("clusters.txt").decode("utf-8"))
            gazetteer = json.loads(archive.read("gazetteer.json"))
            names = set(archive.namelist())
            embeddings = (read_clusters(archive.read("embeddings.txt").decode("utf-8"))
                          if "embeddings.txt" in names else {})
            letters = (LetterModel.from_json(json.loads(archive.read("letters.json")))
                       if "letters.json" in names else None)
        crf = pycrfsuite.Tagger()
        crf.open_inmemory(model)
        known = frozenset(attribute for attribute, _ in crf.info().state_features)
        return cls(crf, Featurizer(clusters, gazetteer, embeddings, letters, known=known), model)

    def tag(self, tokens: list[str]) -> list[str]:
        """BIO labels of one sentence of tokens."""
        if not tokens:
            return []
        labels = self._complete(tokens, list(self.crf.tag(self.features.sentence(tokens))))
        return self._trim(tokens, labels)

    def _complete(self, tokens: list[str], labels: list[str]) -> list[str]:
        """Labels with a gazetteer name of several words tagged whole when the CRF tagged part of
        it with one of its types (منظمة معاهدة الأمن + الجماعي)."""
        stems = [self.features.word(t)[2] for t in tokens]
        for first, last, types in self.features.matches(stems):
            kinds = {label[2:] for label in labels[first:last] if label != "O"}
            kind = next((k for k in types.split("|") if k in kinds), None)
            if kind and len(kinds) == 1 and labels[first] != "I-" + kind:
                labels[first:last] = [f"B-{kind}"] + [f"I-{kind}"] * (last - first - 1)
        return labels

    def _trim(self, tokens: list[str], labels: list[str]) -> list[str]:
        """Labels with a leading nisba adjective (الروسي, الأرميني) taken out of a person's name
        (in the train file it precedes 303 names and begins one), and a leading noun of a kind of
        place out of a place's name when the rest is one word or a known place and the whole is
        not a known name of its own (بولاية أوهايو, but مدينة الكويت; ANERcorp's train file leaves
        such a noun out 199 times in 200)."""
        for first, last, kind in spans(labels):
            stem = self.features.word(tokens[first])[2]
            if kind == "PERS" and last - first >= 2 and stem.startswith("ال") and stem.endswith("ي"):
                labels[first], labels[first + 1] = "O", "B-PERS"
            elif kind == "LOC" and last - first >= 2 and is_place_unit(tokens[first]) and (
                    self._stems(tokens[first:last]) not in self.features.gazetteer) and (
                    last - first == 2 or "LOC" in self.features.gazetteer.get(
                        self._stems(tokens[first + 1:last]), "")):
                labels[first], labels[first + 1] = "O", "B-LOC"
        return labels

    def _stems(self, tokens: list[str]) -> str:
        """The stems of tokens as the gazetteer keys them."""
        return " ".join(self.features.word(t)[2] for t in tokens)

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        """`tag` of each sentence, then each name found once labelled wherever else it occurs
        untagged in the document (a surname alone after the full name, a repeated place)."""
        labels = [self.tag(tokens) for tokens in sentences]
        stems = [[self.features.word(t)[2] for t in tokens] for tokens in sentences]
        names = _known_names(stems, labels)
        if not names:
            return labels
        longest = max(len(k) for k in names)
        surnames = _surnames(stems, labels)
        return [_propagate(s, _as_persons(s, lab, surnames), names, longest)
                for s, lab in zip(stems, labels, strict=True)]


def _known_names(stems: list[list[str]], labels: list[list[str]]) -> dict[tuple[str, ...], str]:
    """Stems of each tagged name -> its type (the first seen), and of a person's last name."""
    names: dict[tuple[str, ...], str] = {}
    for words, labs in zip(stems, labels, strict=True):
        for first, last, kind in spans(labs):
            names.setdefault(tuple(words[first:last]), kind)
            if kind == "PERS" and last - first >= 2 and len(words[last - 1]) >= 3:
                names.setdefault((words[last - 1],), kind)
    return names


# The ends of compound names (عبد الله, نصر الله, عبد الرحمن, نور الدين): never a surname alone
_COMPOUND_ENDS = frozenset({"الله", "الرحمن", "الدين"})


def _surnames(stems: list[list[str]], labels: list[list[str]]) -> frozenset[str]:
    """The last words of the persons' names of several words of a document, but the ends of
    compound names."""
    return frozenset(words[last - 1] for words, labs in zip(stems, labels, strict=True)
                     for first, last, kind in spans(labs)
                     if kind == "PERS" and last - first >= 2 and len(words[last - 1]) >= 3
                     and words[last - 1] not in _COMPOUND_ENDS)


def _as_persons(words: list[str], labels: list[str], surnames: frozenset[str]) -> list[str]:
    """`labels` with a one-word place or organisation that is the surname of a person the
    document names in full retyped as that person (كوبيركين after سيرغي كوبيركين)."""
    out = list(labels)
    for first, last, kind in spans(labels):
        if last - first == 1 and kind in ("LOC", "ORG") and words[first] in surnames:
            out[first] = "B-PERS"
    return out


def _propagate(words: list[str], labels: list[str], names: dict[tuple[str, ...], str],
               longest: int) -> list[str]:
    """`labels` with the untagged occurrences of `names` tagged, longest match first."""
    out = list(labels)
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            kind = names.get(tuple(words[i:i + n]))
            if kind and all(label == "O" for label in out[i:i + n]):
                out[i:i + n] = [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
                i += n - 1
                break
        i += 1
    return out


@cache
def shipped() -> Tagger:
    """The shipped model, loaded on first use."""
    data = resources.files("marsad.extract").joinpath("data", MODEL_FILE).read_bytes()
    return Tagger.from_zip(data)


def read_conll(path: str | os.PathLike[str]) -> list[tuple[list[str], list[str]]]:
    """(tokens, labels) of each sentence of a CoNLL `token label` file (blank line between)."""
    out: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    labels: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in itertools.chain(lines, [""]):
            parts = line.split()
            if len(parts) >= 2:
                tokens.append(parts[0])
                labels.append(parts[-1])
            elif tokens and not parts:  # a line with a label and no token is skipped
                out.append((tokens, labels))
                tokens, labels = [], []
    return out


# --- public API ---------------------------------------------------------------------------------

def tag(tokens: list[str]) -> list[str]:
    """BIO labels (B-PERS, I-ORG, O...) of one sentence of tokens, as in CoNLL files.

    >>> tag(["زار", "بوتين", "موسكو"])
    ['O', 'B-PERS', 'B-LOC']
    """
    return shipped().tag(tokens)


def tag_document(sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels of the sentences of one document: `tag` of each, then a name tagged in one
    sentence is tagged too where it recurs untagged in another (a surname alone, say).

    >>> tag_document([["قال", "دونالد", "رامسفيلد"], ["واضاف", "رامسفيلد"]])[1]
    ['O', 'B-PERS']
    """
    return shipped().tag_document(sentences)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of each word and each punctuation mark of `text`."""
    return text_tokens(text)


def spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first, last + 1, type) of each entity in BIO labels; an I- without its B- opens one."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate([*labels, "O"]):
        inside = label.startswith("I-") and label[2:] == kind
        if start >= 0 and not inside:
            out.append((start, i, kind))
            start = -1
        if label != "O" and not inside:
            start, kind = i, label[2:]
    return out


def mentions(text: str, tagger: Tagger | None = None) -> list[Mention]:
    """The names in raw Arabic text, as Mentions with offsets into `text` as given.

    Sentences are cut at . ! ? ؟ and line breaks and tagged as one document (`tag_document`), by
    the shipped model unless another `tagger` is given.
    >>> [m.surface for m in mentions("وصل نيكول باشينيان إلى موسكو.")]
    ['نيكول باشينيان', 'موسكو']
    """
    out = []
    sentences = _sentences(text, tokenize(text))
    document = (tagger or shipped()).tag_document([[t for t, _, _ in sentence] for sentence in sentences])
    for sentence, labels in zip(sentences, document, strict=True):
        for first, last, kind in spans(labels):
            start, end = sentence[first][1], sentence[last - 1][2]
            out.append(Mention(text[start:end], start, end, EntityType(kind)))
    return out


def read_marked(paths: list[Path], saudinewsnet: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, names as (start, end, type)) of each article of files of SaudiNewsNet articles whose
    names we marked (tests/data/ner_*_snn.json, scripts/data/ner_snn_train_*.json), the text read
    from the SaudiNewsNet zips in `saudinewsnet` by each article's zip and index."""
    records: dict[str, list[dict[str, str]]] = {}
    out = []
    for path in paths:
        for art in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            if art["zip"] not in records:
                with zipfile.ZipFile(saudinewsnet / art["zip"]) as archive:
                    records[art["zip"]] = json.loads(archive.read(archive.namelist()[0]))
            record = records[art["zip"]][art["index"]]
            if record["url"] != art["url"]:
                raise ValueError(f"{path.name}: {art['url']} is not record {art['index']} of {art['zip']}")
            out.append((record["content"], [(e["start"], e["end"], e["type"]) for e in art["entities"]]))
    return out


def news_sentences(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO labels) of the sentences of `text` (cut as `mentions` cuts them), given its
    names as (start, end, type) character spans; a token takes the label of the span it is in.

    >>> news_sentences("زار بوتين موسكو. ثم عاد.", [(4, 9, "PERS"), (10, 15, "LOC")])[0]
    (['زار', 'بوتين', 'موسكو', '.'], ['O', 'B-PERS', 'B-LOC', 'O'])
    """
    out = []
    for sentence in _sentences(text, tokenize(text)):
        labels = []
        for _, start, end in sentence:
            span = next(((s, e, k) for s, e, k in spans if s <= start and end <= e), None)
            labels.append("O" if span is None else ("B-" if start == span[0] else "I-") + span[2])
        out.append(([t for t, _, _ in sentence], labels))
    return out


_STOPS = frozenset(".!?؟")


def _sentences(text: str, tokens: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Tokens grouped into sentences, each ending after a sentence-final mark or a line break."""
    out: list[list[tuple[str, int, int]]] = [[]]
    previous_end = 0
    for token in tokens:
        if "\n" in text[previous_end:token[1]]:
            out.append([])
        out[-1].append(token)
        previous_end = token[2]
        if token[0] in _STOPS:
            out.append([])
    return [s for s in out if s]
