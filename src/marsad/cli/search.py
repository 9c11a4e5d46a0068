"""The search commands: `search`, `counts`, `cooccur` and `reindex`.

They read through `marsad.store.open_search`, which loads neither numpy nor the pipeline, so
that `marsad search` starts in a fraction of a second."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table
from rich.text import Text

from marsad import render
from marsad.cli.base import DbOption, TableOrJson, app, err, out
from marsad.errors import ConfigError, QueryError
from marsad.settings import Settings

if TYPE_CHECKING:
    from marsad.search import Hit, Query, SearchPage, Snippet
    from marsad.store import SearchIndex


class SearchKind(StrEnum):
    articles = "articles"
    events = "events"
    storylines = "storylines"


class CountBy(StrEnum):
    day = "day"
    outlet = "outlet"


FormatOption = Annotated[TableOrJson, typer.Option("--format", help="table or json.")]
# what json.dumps(ensure_ascii=False) leaves raw that a terminal may act on (as marsad.export)
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_MARK = "bold yellow"


def _settings(db: str | None) -> Settings:
    try:
        return Settings(db=db) if db else Settings()
    except ValidationError as exc:
        raise ConfigError(f"invalid setting: {exc.errors()[0]['msg']}") from exc


def _index(db: str | None) -> SearchIndex:
    from marsad.store import open_search

    settings = _settings(db)
    return open_search(settings.db, lock_timeout=settings.lock_timeout)


def _json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words (all must match), "a phrase", OR, -word, '
                                              "and filters outlet:TEXT from:YYYY-MM-DD "
                                              "to:YYYY-MM-DD entity:NAME.")],
    kind: Annotated[SearchKind, typer.Option("--kind", help="What to find: articles "
                                                            "(originals), events or storylines "
                                                            "(ranked by their articles).")] = (
        SearchKind.articles),
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Results shown.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Results skipped (the next "
                                                               "page: --offset 10).")] = 0,
    fmt: FormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """Search the articles, events or storylines of the store, best first, with the number of
    results and a snippet of each that marks the words found, as written. Spelling variants
    (أ/ا, ة/ه, ى/ي, diacritics) and the clitics و ف ب ك ل and ال do not matter: «السعودية» and
    «بالسعوديه» find the same articles."""
    from marsad.search import parse_query

    parsed = parse_query(query)
    with _index(db) as index:
        page = index.search(parsed, kind.value, limit, offset)
    if fmt == TableOrJson.json:
        _json(page.to_dict())
        return
    if parsed.dropped:
        err.print("[yellow]note[/]: not searched (common or one-letter words): "
                  + render.safe(" ".join(parsed.dropped)))
    if not page.complete:
        err.print("[yellow]note[/]: the search index of this store is not complete yet: "
                  "`marsad reindex` completes it")
    out.print(_hits_table(page))


def _hits_table(page: SearchPage) -> Table:
    shown = f"{page.offset + 1:,}–{page.offset + len(page.hits):,} of " if page.hits else ""
    table = Table(title=f"{shown}{page.total:,} {page.kind} match «{render.plain(page.query)}»",
                  expand=True, show_lines=True)
    for col in ("#", "score", "date", "where" if page.kind == "articles" else "articles"):
        table.add_column(col, no_wrap=True)
    table.add_column("title and snippet", ratio=1)
    for n, hit in enumerate(page.hits, start=page.offset + 1):
        text = _marked(hit.title_snippet, style="bold")
        text.append("\n")
        text.append_text(_marked(hit.snippet))
        table.add_row(str(n), f"{hit.score:.2f}", _when(hit), _where(hit), text)
    if page.total > page.offset + len(page.hits):
        table.caption = f"--offset {page.offset + len(page.hits)} shows the next ones"
    return table


def _marked(snip: Snippet, style: str = "") -> Text:
    """A snippet as rich Text, its marks highlighted; the text is never read as markup."""
    text = Text(style=style)
    for piece, hit in snip.segments():
        text.append(render.plain(piece), style=_MARK if hit else "")
    return text


def _when(hit: Hit) -> str:
    if hit.kind == "article":
        return (hit.published or "undated")[:10]
    start, end = (hit.start or "")[:10], (hit.end or "")[:10]
    return "undated" if not start else start if start == end else f"{start} → {end}"


def _where(hit: Hit) -> str:
    if hit.kind == "article":
        copies = f" (+{hit.copies} copies)" if hit.copies else ""
        return render.safe(hit.outlet or "") + copies
    return f"{hit.matches:,} of {hit.size or 0:,}"


@app.command()
def counts(
    query: Annotated[str | None, typer.Option("--query", "-q", show_default=False,
                                              help="Count the articles of this search query "
                                                   "(same syntax as `marsad search`).")] = None,
    entity: Annotated[str | None, typer.Option("--entity", show_default=False,
                                               help="Count the articles that name this entity "
                                                    "(id or name).")] = None,
    storyline: Annotated[str | None, typer.Option("--storyline", show_default=False,
                                                  help="Count the articles of this storyline "
                                                       "(id or unique prefix).")] = None,
    by: Annotated[CountBy, typer.Option("--by", help="day or outlet.")] = CountBy.day,
    fmt: FormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """Count articles over time (per day) or per outlet: those of a search query, of an entity
    or of a storyline (given together, each narrows the others). Copies count: an article
    republished by three outlets counts three times, once for each."""
    parsed = _count_query(query, entity, storyline)
    with _index(db) as index:
        rows = index.counts(parsed, by.value, storyline)
    total = sum(r.articles for r in rows)
    if fmt == TableOrJson.json:
        _json({"by": by.value, "total": total,
               "counts": [{by.value: r.key, "articles": r.articles} for r in rows]})
        return
    table = Table(title=f"{total:,} articles, per {by.value}")
    table.add_column(by.value, no_wrap=True)
    table.add_column("articles", justify="right")
    for r in rows:
        table.add_row(render.safe(r.key) or "(no outlet)", f"{r.articles:,}")
    out.print(table)


def _count_query(query: str | None, entity: str | None, storyline: str | None) -> Query:
    from marsad.search import count_query

    if query is None and entity is None and storyline is None:
        raise QueryError("say what to count: --query, --entity or --storyline")
    return count_query(query, entity, storyline)


@app.command()
def cooccur(
    entity: Annotated[str, typer.Argument(metavar="ENTITY", help="Entity id or name.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Entities shown.")] = 20,
    fmt: FormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List the entities most often named in the same articles as ENTITY, with the number of
    articles they share."""
    with _index(db) as index:
        named, rows = index.cooccurring(entity, limit)
    if fmt == TableOrJson.json:
        _json({"entity": _named(named), "cooccurring": [_named(r) for r in rows]})
        return
    table = Table(title=f"Named with {render.safe(named.name)} ({named.articles:,} articles)",
                  expand=True)
    for col in ("id", "type", "articles"):
        table.add_column(col, no_wrap=True)
    table.add_column("name", ratio=1)
    for r in rows:
        table.add_row(r.id, r.type, f"{r.articles:,}", render.safe(r.name))
    out.print(table)


def _named(n: Any) -> dict[str, Any]:
    return {"id": n.id, "name": n.name, "type": n.type, "articles": n.articles}


@app.command()
def reindex(db: DbOption = None) -> None:
    """Build the search index again from the stored articles (after an upgrade of marsad's
    search, or to complete the index of a store made before it; the next ingest completes it
    too). Runs as the store's writer."""
    from marsad.store.sqlite_search import rebuild

    settings = _settings(db)
    if settings.db.startswith(("postgresql://", "postgres://")):
        raise ConfigError("reindex is for the SQLite store: give a SQLite file path")
    n = rebuild(settings.db_path, lock_timeout=settings.lock_timeout)
    err.print(f"{n:,} articles indexed for search")
