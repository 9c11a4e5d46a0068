"""The search query language, read into a safe FTS5 MATCH expression.

Words must all match (AND); "an exact phrase" (or «…», “…”) matches its words in a row; OR
between two words or phrases matches either; -word or -"phrase" leaves out what matches it.
Filters: outlet:TEXT (an outlet whose name contains TEXT, any case), from:YYYY-MM-DD and
to:YYYY-MM-DD (publication days, inclusive), entity:NAME (an entity's id or name; a name of
several words in quotes). Every word is normalised, its clitics taken off and stemmed
(`marsad.search.keys`), then quoted: nothing the user types reaches FTS5 as syntax. A query
that cannot be read raises QueryError with a message saying how to write it.

>>> parse_query('بالسعودية "وزير الخارجية" OR الحوثيين -اليمن from:2015-07-21').match
'"سعود" AND ("زير خارج" OR "حوثي") NOT ("يمن")'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from marsad.errors import QueryError
from marsad.search.keys import query_keys

MAX_CHARS = 2_000
MAX_TERMS = 32
FILTERS = ("outlet", "from", "to", "entity")
_QUOTES = str.maketrans({c: '"' for c in "«»“”„‟"})
_TOKEN = re.compile(r'(?P<neg>-)?(?:(?P<field>outlet|from|to|entity):)?'
                    r'(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))?', re.IGNORECASE)
_HELP = ('write words, "a phrase", OR, -word, and filters outlet:, from:YYYY-MM-DD, '
         'to:YYYY-MM-DD, entity:NAME')


@dataclass(frozen=True, slots=True)
class Term:
    """A word (one key) or a phrase (its keys in a row)."""

    keys: tuple[str, ...]

    def fts(self) -> str:
        return '"' + " ".join(k.replace('"', '""') for k in self.keys) + '"'


@dataclass(frozen=True, slots=True)
class Query:
    """A read query: an AND of OR-groups of terms, terms to leave out, and filters."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    entity: str | None = None
    dropped: tuple[str, ...] = field(default=(), compare=False)

    @property
    def match(self) -> str | None:
        """The FTS5 MATCH expression, or None when only filters select articles."""
        if not self.groups:
            return None
        parts = [g[0].fts() if len(g) == 1 else "(" + " OR ".join(t.fts() for t in g) + ")"
                 for g in self.groups]
        expr = " AND ".join(parts)
        if self.excluded:
            expr += " NOT (" + " OR ".join(t.fts() for t in self.excluded) + ")"
        return expr

    @property
    def keys(self) -> frozenset[str]:
        """The keys of the words searched for (not those left out): what snippets mark."""
        return frozenset(k for g in self.groups for t in g for k in t.keys)


def parse_query(text: str) -> Query:
    """Read a query as typed. Raises QueryError for a query too long, a filter without a valid
    value, or nothing to search for (only stopwords, only exclusions).

    >>> parse_query("عدن outlet:okaz").outlet
    'okaz'
    """
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long: shorten it to at most "
                         f"{MAX_CHARS:,}")
    builder = _Builder(text)
    for m in _TOKEN.finditer(text.translate(_QUOTES)):
        builder.add(m)
    return builder.build()


def count_query(query: str | None, entity: str | None, storyline: str | None) -> Query:
    """What `marsad counts` and GET /api/counts count: the articles of a query, of an entity (an
    id or a name) or of a storyline (which the caller filters on), each narrowing the others.
    Raises QueryError when none is given, or an entity twice."""
    if query is None and entity is None and storyline is None:
        raise QueryError("say what to count: a query, an entity or a storyline")
    parsed = parse_query(query) if query is not None else Query(text="")
    if entity is not None:
        if parsed.entity is not None:
            raise QueryError("an entity is given twice (entity: in the query and as an "
                             "entity to count): keep one")
        parsed = replace(parsed, entity=entity)
    return parsed


class _Builder:
    """Collects the terms, operators and filters of one query, in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.groups: list[list[Term]] = []
        self.excluded: list[Term] = []
        self.filters: dict[str, str] = {}
        self.dropped: list[str] = []
        self.pending_or = False
        self.last_positive = False

    def add(self, m: re.Match[str]) -> None:
        if not m.group():
            return
        phrase, word = m.group("phrase"), m.group("word")
        value = phrase if phrase is not None else word or ""
        name = (m.group("field") or "").lower()
        if name:
            self._filter(name, value.strip(), bool(m.group("neg")))
        elif phrase is None and value in ("OR", "|") and not m.group("neg"):
            self.pending_or = self.last_positive
        else:
            self._term(value, negative=bool(m.group("neg")))

    def _filter(self, name: str, value: str, negative: bool) -> None:
        if negative:
            raise QueryError(f"{name}: cannot be excluded: remove the - before {name}:")
        if not value:
            raise QueryError(f"{name}: needs a value, e.g. {_example(name)}")
        if name in self.filters:
            raise QueryError(f"{name}: is given twice: keep one")
        self.filters[name] = value
        self.pending_or = self.last_positive = False

    def _term(self, value: str, *, negative: bool) -> None:
        keys = tuple(query_keys(value))
        if not keys:
            if value.strip():
                self.dropped.append(value.strip())
            return
        if len(self.excluded) + sum(map(len, self.groups)) >= MAX_TERMS:
            raise QueryError(f"the query has more than {MAX_TERMS} words or phrases: "
                             "keep the ones that matter most")
        term = Term(keys)
        if negative:
            self.excluded.append(term)
            self.last_positive = False
        elif self.pending_or and self.groups:
            self.groups[-1].append(term)
            self.last_positive = True
        else:
            self.groups.append([term])
            self.last_positive = True
        self.pending_or = False

    def build(self) -> Query:
        if not self.groups and self.excluded:
            raise QueryError("a query cannot only leave out: add a word to search for "
                             "besides the -words")
        if not self.groups and not self.filters:
            raise QueryError("nothing to search for (common words, one-letter words and "
                             f"punctuation are not indexed): {_HELP}")
        since, until = _day(self.filters, "from"), _day(self.filters, "to")
        if since and until and since > until:
            raise QueryError(f"from:{since} is after to:{until}: swap them")
        return Query(self.text, tuple(map(tuple, self.groups)), tuple(self.excluded),
                     outlet=self.filters.get("outlet"), since=since, until=until,
                     entity=self.filters.get("entity"), dropped=tuple(self.dropped))


def _day(filters: dict[str, str], name: str) -> date | None:
    value = filters.get(name)
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise QueryError(f"{name}: takes a day as YYYY-MM-DD, e.g. {_example(name)}; "
                     f"'{value[:40]}' is not one")


def _example(name: str) -> str:
    return {"outlet": "outlet:okaz", "from": "from:2015-07-21", "to": "to:2015-08-04",
            "entity": 'entity:"محمد بن سلمان"'}[name]
