"""The command line: `marsad ingest`, `extract`, `events`, `storylines`, `entities`, `quotes`,
`timeline`, `show`, `export`, `stats`, `analyze`, `tag`, `demo`.

Errors are translated here, once: one clean line on stderr and a non-zero exit code.
Exit codes: 0 the command ran (an ingest may have skipped records inside readable inputs: a
summary line says which and why); 1 an input could not be read at all (missing, empty, binary,
not its format, damaged), or with `ingest --strict` any record was skipped; 2 the command could
not run (a bad option or setting, the store); 130 interrupted by Ctrl-C and 143 by SIGTERM (an
ingest or extraction first says how far it got: what it stored is kept, and running the same
command again finishes it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from marsad import outcome, render
from marsad.errors import MarsadError, NotFoundError
from marsad.model import EntityType
from marsad.settings import Settings

# The pipeline (scikit-learn, the tagger) is imported by the commands that run it, not by every
# command: `marsad stats`, `show` and `--help` start in a fraction of a second.
if TYPE_CHECKING:
    from marsad.model import Event
    from marsad.observatory import Observatory
    from marsad.pipeline import ExtractReport, IngestReport
else:
    def Observatory(*args: Any, **kwargs: Any) -> Any:  # stands for the class, imported late
        from marsad.observatory import Observatory as cls

        return cls(*args, **kwargs)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"marsad {version('marsad')}")
        raise typer.Exit()


app = typer.Typer(help="marsad (مرصد): Arabic news in; articles, events and storylines out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)


@app.callback()
def _app(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
         ) -> None:
    """marsad (مرصد): Arabic news in; articles, events and storylines out."""


out = render.console()
err = render.console(stderr=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Store: a SQLite file (default ./marsad.db, or MARSAD_DB).",
    show_default=False)]


class Kind(StrEnum):
    articles = "articles"
    events = "events"
    storylines = "storylines"
    entities = "entities"
    quotes = "quotes"
    timelines = "timelines"


class TimelineFormat(StrEnum):
    table = "table"
    json = "json"


class TypeName(StrEnum):
    PERS = "PERS"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _open(db: str | None, *, writer: str | None = None) -> Observatory:
    """The store of --db (or MARSAD_DB). Only the writing commands (ingest, extract, demo) name
    themselves as `writer`: they open it for writing, which creates it and makes them its one
    writer; the others read an existing store and say so when there is none."""
    try:
        settings = Settings(db=db) if db else Settings()
    except ValidationError as exc:
        raise MarsadError(f"invalid setting: {exc.errors()[0]['msg']}") from exc
    command = f"marsad {writer}" if writer else "marsad (a reader upgrading the schema)"
    return Observatory(settings, readonly=writer is None, command=command)


LOG_EVERY = 5.0  # seconds between two progress lines when stderr is not a terminal (a log)


def _log_ticker(every: float | None) -> outcome.LogTicker:
    return outcome.LogTicker(lambda line: err.print(line, markup=False), every or LOG_EVERY)


def _progress_ingest(obs: Observatory, paths: list[str], fmt: str | None,
                     published: datetime | None, reached: outcome.Reached | None = None,
                     log_every: float | None = None) -> IngestReport:
    """Ingest with a progress bar on a terminal, else a progress line every `log_every` s."""
    reached = reached if reached is not None else outcome.Reached()
    log = _log_ticker(log_every)
    columns = (SpinnerColumn(), BarColumn(bar_width=24), TextColumn("{task.description}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("reading…", total=None)

        def tick(r: IngestReport) -> None:
            reached.ingest = r
            status = (f"{r.read:,} read · {r.stored:,} stored · "
                      f"{r.exact_duplicates + r.near_duplicates:,} copies · "
                      f"{len(r.rejections):,} rejected · {r.rate:,.0f} articles/s")
            # the bar follows the input files read whole (bytes); the text counts articles
            bar.update(task, total=r.bytes_total or None, completed=r.bytes_done,
                       description=status)
            if not err.is_terminal:
                log(lambda: f"ingest: {status} · {r.seconds:,.0f} s")

        return obs.ingest(paths, fmt=fmt, published=published, progress=tick)


def _progress_extract(obs: Observatory, *, redo: bool = False,
                      reached: outcome.Reached | None = None,
                      log_every: float | None = None) -> ExtractReport:
    """Extract with a progress bar on a terminal, else a progress line every `log_every` s."""
    reached = reached if reached is not None else outcome.Reached()
    log = _log_ticker(log_every)
    columns = (SpinnerColumn(), BarColumn(bar_width=24), TextColumn("{task.description}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("extracting names, dates and quotes…", total=None)

        def tick(r: ExtractReport) -> None:
            reached.extract = r
            bar.update(task, total=r.backlog or None, completed=r.articles, description=(
                f"extracting: {r.articles:,} articles · {r.mentions:,} names · "
                f"{r.quotes:,} quotes · {r.rate:,.0f} articles/s"))
            if not err.is_terminal:
                log(lambda: f"extract: {r.articles:,} of {r.backlog:,} articles · "
                            f"{r.mentions:,} names · {r.quotes:,} quotes · "
                            f"{r.rate:,.0f} articles/s · {r.seconds:,.0f} s")

        reached.extracting = True
        report = obs.extract(progress=tick, redo=redo)
    for failure in report.failures:
        err.print(f"[yellow]set aside[/]: {render.esc(failure.origin)}: "
                  f"{render.esc(failure.reason)}")
    err.print(render.extract_line(report))
    return report


def _interrupted(reached: outcome.Reached, exc: KeyboardInterrupt, *,
                 redo: bool = False) -> typer.Exit:
    """Say how far a run stopped by Ctrl-C or SIGTERM got; the exit to raise (130 or 143)."""
    terminated = isinstance(exc, outcome.Terminated)
    # once a batch is stored, `extract --redo` has forgotten the old findings: again, it
    # would start over
    rerun = ("run `marsad extract` without --redo to finish" if redo and reached.extract
             else "run the same command again to finish")
    err.print(reached.interrupted("SIGTERM" if terminated else None, rerun), markup=False)
    return typer.Exit(143 if terminated else 130)


def _print_rejections(report: IngestReport, verbose: bool) -> None:
    """The notes, each input that could not be read, then the records skipped inside readable
    inputs: summed up by reason, and with `verbose` each one."""
    for notice in report.notices:
        err.print(f"[yellow]note[/]: {render.esc(notice.origin)}: {render.esc(notice.message)}")
    skipped = [r for r in report.rejections if not outcome.unreadable(r)]
    for rej in report.rejections:
        if outcome.unreadable(rej):
            err.print(f"[red]rejected[/]: {render.esc(rej.origin)}: {render.esc(rej.reason)}")
        elif verbose:
            err.print(f"skipped: {render.esc(rej.origin)}: {render.esc(rej.reason)}")
    for line in outcome.skipped_summary(skipped):
        err.print(render.esc(line))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or feed URLs to read.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="text, jsonl, json, saudinewsnet, html, feed or warc "
        "(default: detected per file).")] = None,
    published: Annotated[datetime | None, typer.Option(
        "--published", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Publication date for articles whose input has none.")] = None,
    extract: Annotated[bool, typer.Option(
        "--extract/--no-extract", help="Then extract names, entities, dates and quotes from the "
        "new articles (`marsad extract` does it later).")] = True,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any record is skipped, too.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List every record skipped, not only a summary.")] = False,
    db: DbOption = None,
) -> None:
    """Read articles, clean them, link copies, group them into events and storylines, store;
    then extract names (linked to entities), dates and quotes.

    Exit status: 0 when every input was read, even if records inside it were skipped (an item
    without text, a line that is not JSON: a summary says which and why); 1 when an input could
    not be read at all (missing, empty, binary, not its format, damaged), or with --strict when
    any record was skipped; 2 when the command could not run; 130 on Ctrl-C and 143 on SIGTERM,
    after saying how far the run got (what it stored is kept: run it again to finish).
    """
    reached = outcome.Reached()
    try:
        with outcome.sigterm_interrupts(), _open(db, writer="ingest") as obs:
            report = _progress_ingest(obs, paths, fmt, published, reached)
            _print_rejections(report, verbose)
            err.print(render.report_line(report))
            if extract:
                _progress_extract(obs, reached=reached)
    except KeyboardInterrupt as exc:
        raise _interrupted(reached, exc) from None
    if code := outcome.exit_code(report.rejections, strict=strict):
        raise typer.Exit(code)


@app.command("extract")
def extract_cmd(
    redo: Annotated[bool, typer.Option(
        "--redo", help="Forget every entity, quote and date found so far and extract every "
                       "article again (after upgrading marsad: the tagger or the tables may "
                       "have changed).")] = False,
    db: DbOption = None,
) -> None:
    """Extract names (linked to entities), dates and quotes from every stored original article
    not extracted yet (after `marsad ingest --no-extract`, or an interrupted run).

    Ctrl-C (exit 130) or SIGTERM (143) stops it after saying how far it got: what it stored is
    kept, and running it again finishes it.
    """
    reached = outcome.Reached()
    try:
        with outcome.sigterm_interrupts(), _open(db, writer="extract") as obs:
            _progress_extract(obs, redo=redo, reached=reached)
    except KeyboardInterrupt as exc:
        raise _interrupted(reached, exc, redo=redo) from None


class Sort(StrEnum):
    size = "size"
    newest = "newest"


class QuoteOrder(StrEnum):
    ingested = "ingested"
    newest = "newest"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


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
ListFormatOption = Annotated[ListFormat, typer.Option(
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


def _print_list(rows: list[T], fmt: ListFormat, table: Callable[[list[T]], Any],
                record: Callable[[T], dict[str, Any]], limit: int) -> None:
    """A list command's rows as a table (saying when --limit cut it) or a JSON array."""
    if fmt == ListFormat.json:
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
    fmt: ListFormatOption = ListFormat.table,
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
    fmt: ListFormatOption = ListFormat.table,
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
    fmt: ListFormatOption = ListFormat.table,
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
    fmt: ListFormatOption = ListFormat.table,
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


@app.command()
def timeline(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Event, storyline or article id (or a "
                                                          "unique prefix).")],
    fmt: Annotated[TimelineFormat, typer.Option("--format", help="table or json.")] = (
        TimelineFormat.table),
    db: DbOption = None,
) -> None:
    """Show the dated happenings of an event or storyline in date order, each with the articles
    that report it; dates that could not be resolved follow, with what is known of them."""
    from marsad import export as export_rows

    with _open(db) as obs:
        happenings = obs.timeline(id_)
        if fmt == TimelineFormat.json:
            rows = [export_rows.happening_record(id_, h) for h in happenings]
            sys.stdout.write(export_rows.dumps(rows, indent=2) + "\n")
            return
        out.print(render.timeline_table(f"Timeline of {render.safe(id_)}", happenings))


@app.command()
def show(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Article, event, storyline or entity "
                                                          "id (or a unique id prefix), or an "
                                                          "entity's name.")],
    db: DbOption = None,
) -> None:
    """Show one article, event, storyline or entity in full."""
    with _open(db) as obs:
        try:
            item = obs.get(id_)
        except NotFoundError as missing:
            try:
                entity = obs.entity(id_)
            except NotFoundError:
                raise NotFoundError(f"{missing}, and no entity has that id or name") from None
            render.show_entity(out, obs, entity)
            return
        render.show(out, obs, item)


@app.command("export")
def export_cmd(
    kind: Annotated[Kind, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl or csv.")] = (
        ExportFormat.jsonl),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write "
                                                "(default: standard output).")] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="Begin the CSV with a byte-order mark, so that Excel reads its Arabic "
                        "as UTF-8 (other programs may show the mark).")] = False,
    db: DbOption = None,
) -> None:
    """Export articles, events, storylines, entities, quotes or timelines (the happenings of
    each storyline) as JSON Lines or CSV. CSV cells are safe to open in a spreadsheet: one that
    starts with = + - or @ is prefixed with ' (no formula runs), control characters are
    removed."""
    from marsad import export as export_rows

    if excel and fmt != ExportFormat.csv:
        raise MarsadError("--excel is for CSV: add --format csv")
    with _open(db) as obs:
        records = {
            Kind.articles: lambda: map(export_rows.article_record, obs.articles()),
            Kind.events: lambda: map(export_rows.event_record, obs.events()),
            Kind.storylines: lambda: map(export_rows.storyline_record, obs.storylines()),
            Kind.entities: lambda: (export_rows.entity_record(e, obs.entity_groups(e.id))
                                    for e in obs.entities()),
            Kind.quotes: lambda: (export_rows.quote_record(a, q) for a, q in obs.quotes()),
            Kind.timelines: lambda: (export_rows.happening_record(s.id, h)
                                     for s in obs.storylines() for h in obs.timeline(s.id)),
        }[kind]()
        fields = export_rows.FIELDS[kind.value]
        if output is None:
            export_rows.write(records, fields, fmt.value, sys.stdout, bom=excel)
            return
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = export_rows.write(records, fields, fmt.value, fh, bom=excel)
        err.print(f"{n:,} {kind.value} written to {render.safe(output)}")


@app.command()
def stats(db: DbOption = None) -> None:
    """Count what the store holds."""
    with _open(db) as obs:
        counts = obs.stats()
        width = max(map(len, counts), default=0)
        for name, value in counts.items():
            out.print(f"{name:>{width}}: {value:,}")


class AnalyzeFormat(StrEnum):
    json = "json"


def _read_input(path: str) -> str:
    """The text of FILE, or of standard input for "-"; a clear error when it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise MarsadError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise MarsadError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise MarsadError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(metavar="FILE", help="A text file, or - for standard "
                                                            "input.")],
    published: Annotated[datetime | None, typer.Option(
        "--published", formats=["%Y-%m-%d"], help="The text's publication date.")] = None,
    fmt: Annotated[AnalyzeFormat, typer.Option("--format", help="Output format.")] = (
        AnalyzeFormat.json),
    db: Annotated[str | None, typer.Option(
        "--db", help="Link names to the entities of this store.", show_default=False)] = None,
) -> None:
    """Print what marsad finds in one text: names and their entities, dates resolved against
    --published, quotes (offsets are character offsets into the text as given). With --db, names
    are linked to that store's entities (the store is not changed)."""
    from marsad.pipeline import analyze as analyze_text

    text = _read_input(path)
    if db is None:
        result = analyze_text(text, published)
    else:
        with _open(db) as obs:
            result = obs.analyze(text, published)
    from marsad.export import dumps

    sys.stdout.write(dumps(result, indent=2) + "\n")


@app.command()
def tag(
    path: Annotated[str, typer.Argument(metavar="FILE", help="CoNLL tokens (first column; a "
                                                            "blank line between sentences), "
                                                            "or - for standard input.")],
) -> None:
    """Tag names in CoNLL tokens: writes token<TAB>label lines (BIO: PERS, ORG, LOC, MISC) in
    the same layout."""
    from marsad.extract import tag as tag_tokens

    sentence: list[str] = []
    out = sys.stdout
    for line in [*_read_input(path).splitlines(), ""]:
        word = line.split()[0] if line.strip() else None
        if word is not None:
            sentence.append(word)
            continue
        if sentence:
            out.writelines(f"{w}\t{label}\n" for w, label in
                           zip(sentence, tag_tokens(sentence), strict=True))
            out.write("\n")
            sentence = []


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Where to keep the demo store.")] = (
        "marsad-demo.db"),
) -> None:
    """Ingest the sample shipped with marsad (five seed articles and one day of SaudiNewsNet),
    then print the storylines, entities and a timeline found."""
    from marsad.sample import sample_paths

    with _open(db, writer="demo") as obs:
        report = _progress_ingest(obs, [str(p) for p in sample_paths()], None, None)
        err.print(render.report_line(report))
        _progress_extract(obs)
        render.demo(out, obs)
    db = render.safe(db)
    err.print(f"The demo store is {db}: try `marsad --help`, e.g. "
              f"`marsad storylines --db {db}`, `marsad show ID --db {db}`, "
              f"`marsad entities --type PERS --db {db}` or `marsad quotes --db {db}`.")


def main() -> None:
    """Entry point: run the app, turning marsad's errors into one line and exit code 2."""
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]error[/]: {render.esc(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:  # typer turns it into exit 130 itself; ingest and extract say more
        sys.exit(130)
