"""The list commands: `events`, `storylines`, `entities`, `quotes`, with their filters."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from marsad import render
from marsad.cli.base import DbOption, Observatory, TableOrJson, TypeName, _open, app, err, out
from marsad.model import EntityType

if TYPE_CHECKING:
    from marsad.model import Event

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

_SCAN = 10_000  # items read from the store at most to filter or sort them here
T = TypeVar("T")


def _dated(start: datetime | None, end: datetime | None, since: datetime | None,
           until: datetime | None) -> bool:
    """Whether the days start..end meet the days since..until (an undated item never does)."""
    if since is None and until is None:
        return True
    if start is None:
        return False
    return ((since is None or (end or start).date() >= since.date())
            and (until is None or start.date() <= until.date()))


def _outlet(text: str | None) -> Callable[[str | None], bool]:
    """Whether an outlet's name contains `text`, in any case (always true without `text`)."""
    needle = (text or "").casefold()
    return lambda outlet: not needle or needle in (outlet or "").casefold()


def _select(items: Iterable[T], keep: Callable[[T], bool], limit: int, what: str,
            newest: Callable[[T], datetime | None] | None = None) -> list[T]:
    """The first `limit` items that `keep` accepts, or with `newest`, the `limit` latest by that
    date. At most _SCAN items are read (a note says so when the store holds more)."""
    picked: list[T] = []
    for n, item in enumerate(items):
        if n == _SCAN:
            err.print(f"[yellow]note[/]: only the first {_SCAN:,} {what} were searched")
            break
        if keep(item):
            picked.append(item)
            if newest is None and len(picked) == limit:
                break
    if newest is not None:
        picked.sort(key=lambda i: ((d := newest(i)) is not None, d.isoformat() if d else ""),
                    reverse=True)
    return picked[:limit]


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


def _print_list(rows: list[T], fmt: TableOrJson, table: Callable[[list[T]], Any],
                record: Callable[[T], dict[str, Any]], limit: int) -> None:
    """A list command's rows as a table (saying when --limit cut it) or a JSON array."""
    if fmt == TableOrJson.json:
        from marsad import export as export_rows

        sys.stdout.write(export_rows.dumps([record(r) for r in rows], indent=2) + "\n")
        return
    shown = table(rows)
    if len(rows) == limit:
        shown.caption = f"the first {limit:,}: --limit shows more"
    out.print(shown)


def _nothing(obs: Observatory, rows: list[Any], what: str, filters: list[str]) -> None:
    """When a list is empty, say why on stderr: an empty store, or what the filters left out."""
    if rows:
        return
    total = obs.stats().get(what, 0)
    if total == 0:
        err.print(f"no {what} in this store yet: `marsad ingest` reads articles"
                  + (" (and extracts names and quotes)" if what in ("entities", "quotes") else ""))
    elif filters:
        err.print(f"none of the {total:,} {what} in this store is " + " and ".join(
            render.safe(f) for f in filters))


def _records(kind: str) -> Callable[..., dict[str, Any]]:
    from marsad import export as export_rows

    return getattr(export_rows, f"{kind}_record")  # type: ignore[no-any-return]


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
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List events (articles about one happening), largest or newest first, e.g.
    `marsad events --since 2024-10-25 --sort newest` for what is new since that day."""
    with _open(db) as obs:
        sid = obs.store.resolve(storyline)[1] if storyline else None
        match = _outlet(outlet)

        def keep(e: Event) -> bool:
            return _dated(e.start, e.end, since, until) and (outlet is None or any(
                match(obs.store.article(a).outlet) for a in e.article_ids))

        plain = since is None and until is None and outlet is None and sort == Sort.size
        found = obs.events(storyline_id=sid, min_size=min_size, limit=limit if plain else None)
        rows = _select(found, keep, limit, "events",
                       (lambda e: e.end or e.start) if sort == Sort.newest else None)
        _print_list(rows, fmt, render.events_table, _records("event"), limit)
        _nothing(obs, rows, "events", [f"of at least {min_size} articles (--min-size)"]
                 * (min_size > 1) + [f"of storyline {sid}"] * bool(sid)
                 + _filters(since, until, outlet))


@app.command()
def storylines(
    min_events: Annotated[int, typer.Option(help="Only storylines of at least this many "
                                                  "events.")] = 2,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: SortOption = Sort.size,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List storylines (events of one running thread), largest or newest first."""
    with _open(db) as obs:
        plain = since is None and until is None and sort == Sort.size
        found = obs.storylines(min_events=min_events, limit=limit if plain else None)
        rows = _select(found, lambda s: _dated(s.start, s.end, since, until), limit,
                       "storylines", (lambda s: s.end or s.start) if sort == Sort.newest else None)
        _print_list(rows, fmt, render.storylines_table, _records("storyline"), limit)
        _nothing(obs, rows, "storylines", [f"of at least {min_events} events (--min-events)"]
                 * (min_events > 1) + _filters(since, until, None))


@app.command()
def entities(
    type_: Annotated[TypeName | None, typer.Option("--type", help="Only entities of this "
                                                                  "type.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[Sort, typer.Option(
        "--sort", help="size: most mentioned first; newest: last seen first.")] = Sort.size,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 30,
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List entities (people, organisations, places, others), most mentioned or last seen
    first; with --since or --until, those named in articles of those days."""
    with _open(db) as obs:
        kind = EntityType(type_.value) if type_ else None
        plain = since is None and until is None and sort == Sort.size
        found = obs.entities(type_=kind, limit=limit if plain else None)
        rows = _select(found, lambda e: _dated(e.first_seen, e.last_seen, since, until), limit,
                       "entities", (lambda e: e.last_seen) if sort == Sort.newest else None)
        record = _records("entity")
        _print_list(rows, fmt, render.entities_table,
                    lambda e: record(e, obs.entity_groups(e.id)), limit)
        _nothing(obs, rows, "entities", [f"of type {kind}"] * bool(kind)
                 + _filters(since, until, None))


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
    fmt: ListFormatOption = TableOrJson.table,
    db: DbOption = None,
) -> None:
    """List quotes (who said what, in which article), in ingestion order or newest first."""
    with _open(db) as obs:
        match = _outlet(outlet)
        plain = since is None and until is None and outlet is None and sort == QuoteOrder.ingested
        found = obs.quotes(speaker=speaker, limit=limit if plain else None)
        published = {}  # article id -> (published, outlet), read once per article

        def article(row: tuple[str, Any]) -> tuple[datetime | None, str | None]:
            if row[0] not in published:
                a = obs.store.article(row[0])
                published[row[0]] = (a.published, a.outlet)
            return published[row[0]]

        def keep(row: tuple[str, Any]) -> bool:
            when, source = article(row)
            return _dated(when, when, since, until) and match(source)

        rows = _select(found, keep, limit, "quotes",
                       (lambda r: article(r)[0]) if sort == QuoteOrder.newest else None)
        record = _records("quote")
        _print_list(rows, fmt, lambda r: render.quotes_table(r, obs), lambda r: record(*r),
                    limit)
        _nothing(obs, rows, "quotes", [f"of {speaker}"] * bool(speaker)
                 + _filters(since, until, outlet))
