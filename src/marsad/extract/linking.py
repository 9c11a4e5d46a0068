"""Linking of name mentions to canonical entities, within one article and across articles.

A mention's *key* (`marsad.extract.names`) is its normalised form with leading clitics taken off
when what remains is a known or plausible name (ولروسيا -> روسيا, للاتحاد -> الاتحاد); its
*skeleton* folds the spellings of transliterated foreign names (كاراباخ = كاراباغ, باشينيان = باشنيان).
Keys are looked up, in order, in the tables of `data/aliases.json` and `data/countries.json`,
among the entities already known, by skeleton, and finally as the short form of a full name
(باشينيان -> نيكول باشينيان) when that full name is the only candidate.

>>> index = EntityIndex()
>>> [m.entity_id for m in link([Mention("لمنظمة معاهدة الأمن الجماعي", 0, 27, EntityType.ORG),
...                             Mention("CSTO", 30, 34, EntityType.ORG)], index)]
['org:csto', 'org:csto']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from marsad.extract.names import (
    Canon,
    display,
    homographs,
    is_arabic,
    is_lineage,
    key_and_dropped,
    leading_title,
    not_entities,
    not_names,
    person_key_tokens,
    read_homograph,
    readings,
    short_word,
    skeleton,
    strip_titles,
    table,
    table_skeleton_keys,
    table_skeletons,
    tokens,
)
from marsad.model import Entity, EntityType, Mention, Quote

__all__ = ["EntityIndex", "link", "speaker_entity", "stable_id"]

_MIN_FOLDED_WORD = 6  # letters of a one-word name matched by its spelling skeleton


# --- the index ----------------------------------------------------------------------------------

def stable_id(type_: EntityType, key: str) -> str:
    """An id derived from the canonical key: the same entity gets it in every run."""
    digest = hashlib.blake2b(f"{type_}\x00{key}".encode(), digest_size=6).hexdigest()
    return f"{type_.value.lower()}:{digest}"


class EntityIndex:
    """Canonical entities in memory: keys, skeletons and family names to entity ids."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._keys: dict[tuple[EntityType, str], str] = {}
        self._skeletons: dict[tuple[EntityType, str], dict[str, str]] = {}  # key -> id
        self._tails: dict[tuple[EntityType, str], set[str]] = {}  # short word -> full names
        self._firsts: set[tuple[EntityType, str]] = set()  # first words of full names
        self._endings: dict[tuple[EntityType, str], set[str]] = {}  # last words of long names
        self._short: dict[tuple[EntityType, str], str] = {}  # one-word entities
        self._is_table: set[str] = set()
        self._changed: dict[str, None] = {}  # entities changed since the last `drain`
        self._new_keys: list[tuple[EntityType, str, str]] = []

    @classmethod
    def restore(cls, entities: Iterable[Entity],
                keys: Iterable[tuple[EntityType, str, str]]) -> EntityIndex:
        """An index holding what a store kept: its entities and the linker's (type, key, id)."""
        index = cls()
        table_ids = {canon.id for canon in table().values()}
        for entity in entities:
            index._entities[entity.id] = entity
            if entity.id in table_ids:
                index._is_table.add(entity.id)
        for type_, key, entity_id in keys:
            if entity_id in index._entities:
                index._register(key, type_, entity_id)
        index.drain()
        return index

    def drain(self) -> tuple[list[Entity], list[tuple[EntityType, str, str]]]:
        """The entities created or changed and the keys added since the last call (what a store
        must write to keep the index), and forget them."""
        changed = [self._entities[i] for i in self._changed]
        keys, self._new_keys, self._changed = self._new_keys, [], {}
        return changed, keys

    def entities(self) -> list[Entity]:
        """Every entity, in order of creation."""
        return list(self._entities.values())

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, if any."""
        return self._entities.get(entity_id)

    def has_key(self, type_: EntityType, key: str) -> bool:
        """Whether a key is already linked to an entity of this type."""
        return (type_, key) in self._keys

    def has_family_name(self, type_: EntityType, word: str) -> bool:
        """Whether `word` is what a multi-word entity of this type is called alone (its family
        name, or its first name when the name gives its lineage)."""
        return bool(self._tails.get((type_, word)))

    def has_first_name(self, type_: EntityType, word: str) -> bool:
        """Whether `word` begins a multi-word entity of this type."""
        return (type_, word) in self._firsts

    def resolve(self, key: str, type_: EntityType) -> str:
        """The id of the entity a key names, creating it when nothing matches.

        Raises ValueError for an empty key (a mention with no letters names nothing)."""
        if not key:
            raise ValueError("an empty name cannot be linked; give the mention's surface text")
        canon = table().get(key)
        if canon is not None and (canon.type != EntityType.PERS or type_ == EntityType.PERS):
            # a person of the table only for a person mention: the city بسكوف is not بيسكوف
            return self.from_table(canon)
        if (found := self._keys.get((type_, key))) is not None:
            return found
        found = (self._with_other_article(key, type_) or self._by_skeleton(key, type_)
                 or self._by_short_form(key, type_))
        if found is None:
            found = self._create(key, type_)
        self._register(key, type_, found)
        return found

    def add_surface(self, entity_id: str, surface: str, seen: datetime | None) -> None:
        """Count one mention of an entity in the form `surface`, seen at `seen`."""
        entity = self._entities[entity_id]
        self._changed[entity_id] = None
        entity.surface_forms[surface] = entity.surface_forms.get(surface, 0) + 1
        if seen is not None:
            if entity.first_seen is None or seen < entity.first_seen:
                entity.first_seen = seen
            if entity.last_seen is None or seen > entity.last_seen:
                entity.last_seen = seen
        if entity_id not in self._is_table:
            entity.name = max(entity.surface_forms,
                              key=lambda s: (len(s.split()), entity.surface_forms[s], s))

    def from_table(self, canon: Canon) -> str:
        """The id of a table entity, which the index then holds."""
        if canon.id not in self._entities:
            self._entities[canon.id] = Entity(canon.id, canon.type, canon.name,
                                              aliases=[canon.name, *canon.aliases])
            self._is_table.add(canon.id)
        return canon.id

    def _with_other_article(self, key: str, type_: EntityType) -> str | None:
        """The entity of the same one-word place, organisation or other name with or without the
        article (المملكة = مملكة): the article is no part of such a name. A person's is kept apart
        (الحسين is not always حسين)."""
        if type_ == EntityType.PERS or " " in key or not is_arabic(key):
            return None
        other = key[2:] if key.startswith("ال") and len(key) > 4 else "ال" + key
        return self._keys.get((type_, other))

    def _by_skeleton(self, key: str, type_: EntityType) -> str | None:
        """A known entity whose key folds to the same skeleton and is spelt within an edit or
        two of `key` (كاراباخ = كاراباغ, نتنياهو = نتانياهو; not الأهلي = الهلال)."""
        skel = skeleton(key)
        if skel is None:
            return None
        if " " not in key and len(key) < _MIN_FOLDED_WORD:
            return None  # جبير / جابر: short one-word names differ by their vowels
        canon = table_skeletons().get(skel)
        if (canon is not None and canon.type == type_ and (" " in key or len(key) > _MIN_FOLDED_WORD)
                and any(_close(key, k) for k in table_skeleton_keys()[skel])):
            return self.from_table(canon)  # not اوروبا -> اروبا (Aruba): a word too short
        near = {i for k, i in self._skeletons.get((type_, skel), {}).items() if _close(key, k)}
        return next(iter(near)) if len(near) == 1 else None

    def _by_short_form(self, key: str, type_: EntityType) -> str | None:
        if type_ != EntityType.PERS:
            return None
        words = key.split()
        if len(words) == 1 and not is_arabic(key):
            return None
        if len(words) == 1:
            ids = self._tails.get((type_, key), set())
            return next(iter(ids)) if len(ids) == 1 else None
        # The end of exactly one longer name (عبدالله صالح of علي عبدالله صالح): the same person,
        # named without a first name.
        ends = self._endings.get((type_, key), set())
        if len(ends) == 1:
            return next(iter(ends))
        # A full name arriving after its short form adopts it, unless another full name has
        # that family name (two people named باشينيان: the short form is ambiguous).
        alone = short_word(words)
        short = self._short.get((type_, alone))
        if short is not None and not self._tails.get((type_, alone)):
            return short
        return None

    def _create(self, key: str, type_: EntityType) -> str:
        entity_id = stable_id(type_, key)
        self._entities.setdefault(entity_id, Entity(entity_id, type_, key))
        return entity_id

    def _register(self, key: str, type_: EntityType, entity_id: str) -> None:
        self._keys[(type_, key)] = entity_id
        self._new_keys.append((type_, key, entity_id))
        if (skel := skeleton(key)) is not None and (" " in key or len(key) >= _MIN_FOLDED_WORD):
            self._skeletons.setdefault((type_, skel), {})[key] = entity_id
        if type_ != EntityType.PERS:
            return  # short forms are a person's: حزب الوطن is not called الوطن
        words = key.split()
        if len(words) > 1:
            # what the person may be called alone; the last word too, so that a one-word name
            # that is also someone's family or father's name stays ambiguous (عبدالعزيز)
            for alone in {short_word(words), words[-1]}:
                self._tails.setdefault((type_, alone), set()).add(entity_id)
            self._firsts.add((type_, words[0]))
            for k in range(1, len(words) - 1):
                if not is_lineage(words[k - 1]):  # after بن comes the father, not this person
                    self._endings.setdefault((type_, " ".join(words[k:])), set()).add(entity_id)
        else:
            self._short.setdefault((type_, key), entity_id)


# --- linking one article ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Known:
    """The keys an article's mentions of one type are checked against: the article's own
    names and their last words, and the index's keys and family names."""

    type: EntityType
    article: frozenset[str]
    index: EntityIndex

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return (key in self.article or self.index.has_key(self.type, key)
                or (" " not in key and self.index.has_family_name(self.type, key)))


@dataclass(slots=True)
class _Name:
    mention: Mention
    key: str
    surface: str  # as shown: without titles and clitics


def _names(mentions: list[Mention], index: EntityIndex) -> list[_Name]:
    """Keys of the mentions of one article; clitics come off when the rest is a name the article,
    the index or the tables know."""
    plain: dict[EntityType, set[str]] = {}
    cleaned = []
    for m in mentions:
        words = [w for w in m.surface.split() if tokens(w)]
        norm = [" ".join(tokens(w)) for w in words]
        if m.type == EntityType.PERS:
            norm = strip_titles(norm)
        skip = len(words) - len(norm)
        toks = [t for w in norm for t in w.split()]
        conj = 0
        if m.type == EntityType.PERS:
            toks = person_key_tokens(toks)
            conj = _conjunction(toks, index)
            toks = [toks[0][conj:], *toks[1:]] if conj else toks
        cleaned.append((m, toks, conj, " ".join(words[skip:])))
        if toks:
            plain.setdefault(m.type, set()).update({" ".join(toks), short_word(toks)}
                                                   if len(toks) > 1 else {toks[0]})
    out = []
    for m, toks, conj, text in cleaned:
        known = _Known(m.type, frozenset(plain.get(m.type, set())), index)
        key, dropped = key_and_dropped(toks, known) if not conj else (" ".join(toks), conj)
        out.append(_Name(m, key, display(text, dropped, key) if text else m.surface))
    return out


def _conjunction(toks: list[str], index: EntityIndex) -> int:
    """1 when a person's name of several words begins with و or ف before a first name that
    begins known people's names (وعمر جابر), else 0."""
    first = toks[0] if len(toks) > 1 else ""
    if (first[:1] in ("و", "ف") and len(first) > 3
            and index.has_first_name(EntityType.PERS, first[1:])
            and not index.has_first_name(EntityType.PERS, first)):
        return 1
    return 0


def _expand_short_forms(names: list[_Name]) -> None:
    """A one-word name that is what exactly one full name of the same type in the article is
    called alone takes that full name's key (باشينيان -> نيكول باشينيان; سلمان -> سلمان بن
    عبدالعزيز)."""
    full: dict[tuple[EntityType, str], set[str]] = {}
    for n in names:
        words = n.key.split()
        if len(words) > 1 and n.key not in table() and n.mention.type == EntityType.PERS:
            full.setdefault((n.mention.type, short_word(words)), set()).add(n.key)
    for n in names:
        if " " in n.key or n.key in table() or n.mention.type != EntityType.PERS:
            continue
        candidates = full.get((n.mention.type, n.key), set())
        if len(candidates) == 1:
            n.key = next(iter(candidates))


def link(mentions: list[Mention], index: EntityIndex, seen: datetime | None = None) -> list[Mention]:
    """Link the name mentions of one article to canonical entities of `index`.

    Takes the article's mentions (in any order), the index shared by all articles and the
    article's date; returns copies of the mentions with `entity_id` set (None for a mention with
    no letters, one that is a function word as written, such as على, or a one-word name that is
    no entity to follow, such as دولار or دينار, whatever the tagger called it: `not_entities`).
    Updates the index: new entities, surface counts, first and last seen.
    """
    names = _names(mentions, index)
    _expand_short_forms(names)
    cues = {canon.id for n in names if (canon := table().get(n.key)) is not None}
    out = []
    for n in names:
        if not n.key or _not_a_name(n.mention.surface) or _not_an_entity(n.key):
            out.append(replace(n.mention, entity_id=None))
            continue
        readings_of = homographs().get(n.key) if n.mention.type == EntityType.LOC else None
        if readings_of:
            entity_id = index.from_table(read_homograph(n.mention.surface, readings_of, cues).canon)
        else:
            entity_id = index.resolve(n.key, n.mention.type)
        index.add_surface(entity_id, n.surface, seen)
        out.append(replace(n.mention, entity_id=entity_id))
    return out


def _close(a: str, b: str) -> bool:
    """Whether two keys are spelt within one edit (two for keys of eight letters or more)."""
    limit = 1 if max(len(a), len(b)) < 8 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _not_an_entity(key: str) -> bool:
    """Whether the key of a one-word name, read with or without its clitics and article, is in
    `not_entities` (دولار, دينار, اليورو, الله, لله, بالدولار)."""
    return " " not in key and any(rest in not_entities() for rest, _ in readings(key))


def _not_a_name(surface: str) -> bool:
    """A one-word mention that is a function word as written (على, not the name علي)."""
    bare = "".join(ch for ch in surface.strip() if not ("\u064b" <= ch <= "\u065f" or ch == "ـ"))
    return bare in not_names()


def speaker_entity(quote: Quote, found: Sequence[Mention], text: str = "") -> str | None:
    """The entity of a quote's speaker: the last person named inside the speaker's span; for a
    speaker named by a title alone (وقال الوزير …, وقال رئيس الوزراء الأرميني …), the last person
    named before with that title in `text` (the article's text, when given); else the last
    linked name inside the span (المتحدث باسم الكرملين: the Kremlin); None when nothing fits."""
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    inside = [m for m in found if m.entity_id and quote.speaker_start <= m.start
              and m.end <= quote.speaker_end]
    people = [m for m in inside if m.type == EntityType.PERS]
    if people:
        return people[-1].entity_id
    titled = _titled_person(quote, found, text) if text else None
    return titled or (inside[-1].entity_id if inside else None)


def _titled_person(quote: Quote, found: Sequence[Mention], text: str) -> str | None:
    """The last person named before the quote's speaker, in the words just before the name or
    in the name, with every word of a speaker that begins with a title (ال and clitics aside)."""
    words = tokens(quote.speaker)
    title = leading_title(words)
    if quote.speaker_start is None or title is None:
        return None
    need = {_bare(w) for w in (*title, *words[len(title):])}
    for m in sorted(found, key=lambda m: m.start, reverse=True):
        if m.type != EntityType.PERS or not m.entity_id or m.end > quote.speaker_start:
            continue
        near = tokens(text[max(0, m.start - 80):m.start])[-6:] + tokens(m.surface)
        if need <= {_bare(r) for w in near for r, _ in readings(w)}:
            return m.entity_id
    return None


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word
