"""The list commands: `events`, `storylines`, `entities`, `quotes`, with their filters."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from marsad import render
from marsad.cli.base import DbOption, Observatory, TableOrJson, TypeName, _open, app, err, out
from marsad.model import EntityType
from marsad.store.read import Page


class Sort(StrEnum):
    size = "size"
    newest = "newest"


class QuoteOrder(StrEnum):
    ingested = "ingested"
    newest = "newest"


SinceOption = Annotated[datetime | None, typer.Option(
    "--since", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", show_default=False,
    help="Only those dated on or after this day (undated ones are left out).")]
UntilOption = Annotated[datetime | None, typer.Option(
    "--until", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", show_default=False,
    help="Only those dated on or before this day (undated ones are left out).")]
OutletOption = Annotated[str | None, typer.Option(
    "--outlet", metavar="TEXT", show_default=False,
    help="Only those with an article from an outlet whose name contains TEXT (any case).")]
SortOption = Annotated[Sort, typer.Option(
    "--sort", help="size: largest first; newest: latest date first.")]
ListFormatOption = Annotated[TableOrJson, typer.Option(
    "--format", help="table, or json: an array of the records `marsad export` writes.")]

OffsetOption = Annotated[int, typer.Option(
    "--offset", min=0, help="Skip this many first (the next page: --offset plus --limit).")]
T = TypeVar("T")


def _filters(since: datetime | None, until: datetime | None, outlet: str | None) -> list[str]:
    """What --since, --until and --outlet ask for, in words."""
    words = []
    if since is not None:
        words.append(f"dated on or after {since:%Y-%m-%d} (--since)")
    if until is not None:
        words.append(f"dated on or before {until:%Y-%m-%d} (--until)")
    if outlet is not None:
        words.append(f"from an outlet matching '{outlet}' (--outlet)")
    return words


def _print_list(page: Page[T], fmt: TableOrJson, table: Callable[[list[T]], Any],
                record: Callable[[list[T]], list[dict[str, Any]]]) -> None:
    """A list command's page as a table (saying where it stands in the whole list) or a JSON
    array of export records."""
    if fmt == TableOrJson.json:
        from marsad import export as export_rows

        sys.stdout.write(export_rows.dumps(record(page.items), indent=2) + "\n")
        return
    shown = table(page.items)
    if page.next_offset is not None or (page.offset and page.items):
        shown.caption = (f"{page.offset + 1:,}–{page.offset + len(page.items):,} of "
                         f"{page.total:,}" + (f": --offset {page.next_offset} shows the next"
                                              if page.next_offset is not None else ""))
    out.print(shown)


def _nothing(obs: Observatory, page: Page[Any], what: str, filters: list[str]) -> None:
    """When a page is empty, say why on stderr: an empty store, what the filters left out, or
    an offset past the end."""
    if page.items:
        return
    if page.total:
        err.print(f"--offset {page.offset:,} is past the end: the list has {page.total:,} {what}")
        return
    total = obs.stats().get(what, 0)
    if total == 0:
        err.print(f"no {what} in this store yet: `marsad ingest` reads articles"
                  + (" (and extracts names and quotes)" if what in ("entities", "quotes") else ""))
    elif filters:
        err.print(f"none of the {total:,} {what} in this store is " + " and ".join(
            render.safe(f) for f in filters))


def _records(kind: str) -> Callable[[list[Any]], list[dict[str, Any]]]:
    """The export records of a page of `kind` (event, storyline, quote)."""
    from marsad import export as export_rows

    one = getattr(export_rows, f"{kind}_record")
    return lambda items: [one(*i) if isinstance(i, tuple) else one(i) for i in items]


@app.command()
def events(
    storyline: Annotated[str | None, typer.Option(
        metavar="ID", help="Only events of this storyline.")] = None,
    min_size: Annotated[int, typer.Option(help="Only events of at least this many articles.")] = 2,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    sort: SortOption = Sort.size,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    offset: OffsetOption = 0,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List events (articles about one happening), largest or newest first, e.g.
    `marsad events --since 2024-10-25 --sort newest` for what is new since that day."""
    with _open(db) as obs:
        sid = obs.reader.resolve(storyline)[1] if storyline else None
        found = obs.reader.event_page(storyline_id=sid, min_size=min_size, outlet=outlet,
                                      since=since, until=until, sort=sort.value, offset=offset,
                                      limit=limit)
        _print_list(found, fmt, render.events_table, _records("event"))
        _nothing(obs, found, "events", [f"of at least {min_size} articles (--min-size)"]
                 * (min_size > 1) + [f"of storyline {sid}"] * bool(sid)
                 + _filters(since, until, outlet))


@app.command()
def storylines(
    min_events: Annotated[int, typer.Option(help="Only storylines of at least this many "
                                                  "events.")] = 2,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    sort: SortOption = Sort.size,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    offset: OffsetOption = 0,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List storylines (events of one running thread), largest or newest first."""
    with _open(db) as obs:
        found = obs.reader.storyline_page(min_events=min_events, outlet=outlet, since=since,
                                          until=until, sort=sort.value, offset=offset,
                                          limit=limit)
        _print_list(found, fmt, render.storylines_table, _records("storyline"))
        _nothing(obs, found, "storylines", [f"of at least {min_events} events (--min-events)"]
                 * (min_events > 1) + _filters(since, until, outlet))


@app.command()
def entities(
    type_: Annotated[TypeName | None, typer.Option("--type", help="Only entities of this "
                                                                  "type.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[Sort, typer.Option(
        "--sort", help="size: most mentioned first; newest: last seen first.")] = Sort.size,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 30,
    offset: OffsetOption = 0,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List entities (people, organisations, places, others), most mentioned or last seen
    first; with --since or --until, those named in articles of those days."""
    with _open(db) as obs:
        kind = EntityType(type_.value) if type_ else None
        found = obs.reader.entity_page(type_=kind, since=since, until=until, sort=sort.value,
                                       offset=offset, limit=limit)
        _print_list(found, fmt, render.entities_table, lambda rows: _entity_records(obs, rows))
        _nothing(obs, found, "entities", [f"of type {kind}"] * bool(kind)
                 + _filters(since, until, None))


def _entity_records(obs: Observatory, rows: list[Any]) -> list[dict[str, Any]]:
    """Export records of entities, where each is named read for all of them at once."""
    from marsad import export as export_rows

    where = obs.reader.entity_groups_many([e.id for e in rows])
    return [export_rows.entity_record(e, where[e.id]) for e in rows]


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only quotes of this entity (an id or a "
                                                     "name).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    sort: Annotated[QuoteOrder, typer.Option(
        "--sort", help="ingested: in ingestion order; newest: latest article first.")] = (
        QuoteOrder.ingested),
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 30,
    offset: OffsetOption = 0,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List quotes (who said what, in which article), in ingestion order or newest first."""
    with _open(db) as obs:
        entity_id = obs.entity(speaker).id if speaker else None
        found = obs.reader.quote_page(speaker=entity_id, outlet=outlet, since=since, until=until,
                                      sort=sort.value, offset=offset, limit=limit)
        _print_list(found, fmt, lambda rows: render.quotes_table(rows, obs), _records("quote"))
        _nothing(obs, found, "quotes", [f"of {speaker}"] * bool(speaker)
                 + _filters(since, until, outlet))
