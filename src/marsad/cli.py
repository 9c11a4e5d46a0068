"""The command line: `marsad ingest`, `events`, `storylines`, `show`, `export`, `stats`,
`analyze`, `tag`, `demo`.

Errors are translated here, once: one clean line on stderr and a non-zero exit code
(1: some inputs were rejected; 2: the command could not run).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from marsad import export as export_rows
from marsad import render
from marsad.errors import MarsadError
from marsad.observatory import Observatory
from marsad.pipeline import IngestReport
from marsad.settings import Settings

app = typer.Typer(help="marsad (مرصد): Arabic news in; articles, events and storylines out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Store: a SQLite file (default ./marsad.db, or MARSAD_DB).",
    show_default=False)]


class Kind(StrEnum):
    articles = "articles"
    events = "events"
    storylines = "storylines"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _open(db: str | None) -> Observatory:
    try:
        return Observatory(Settings(db=db) if db else Settings())
    except ValidationError as exc:
        raise MarsadError(f"invalid setting: {exc.errors()[0]['msg']}") from exc


def _progress_ingest(obs: Observatory, paths: list[str], fmt: str | None,
                     published: datetime | None) -> IngestReport:
    columns = (SpinnerColumn(), BarColumn(bar_width=24), TextColumn("{task.description}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("reading…", total=None)

        def tick(r: IngestReport) -> None:
            # the bar follows the input files read whole (bytes); the text counts articles
            bar.update(task, total=r.bytes_total or None, completed=r.bytes_done, description=(
                f"{r.read:,} read · {r.stored:,} stored · {r.exact_duplicates + r.near_duplicates:,}"
                f" copies · {len(r.rejections):,} rejected · {r.rate:,.0f} articles/s"))

        return obs.ingest(paths, fmt=fmt, published=published, progress=tick)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or feed URLs to read.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="text, jsonl, json, saudinewsnet, html, feed or warc "
        "(default: detected per file).")] = None,
    published: Annotated[datetime | None, typer.Option(
        "--published", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
        help="Publication date for articles whose input has none.")] = None,
    db: DbOption = None,
) -> None:
    """Read articles, clean them, link copies, group them into events and storylines, store."""
    with _open(db) as obs:
        report = _progress_ingest(obs, paths, fmt, published)
    for notice in report.notices:
        err.print(f"[yellow]note[/]: {render.esc(notice.origin)}: {render.esc(notice.message)}")
    for rej in report.rejections:
        err.print(f"[red]rejected[/]: {render.esc(rej.origin)}: {render.esc(rej.reason)}")
    err.print(render.report_line(report))
    if report.rejections:
        raise typer.Exit(1)


@app.command()
def events(
    storyline: Annotated[str | None, typer.Option(help="Only events of this storyline.")] = None,
    min_size: Annotated[int, typer.Option(help="Only events of at least this many articles.")] = 2,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    db: DbOption = None,
) -> None:
    """List events (articles about one happening), largest first."""
    with _open(db) as obs:
        sid = obs.store.resolve(storyline)[1] if storyline else None
        out.print(render.events_table(list(obs.events(storyline_id=sid, min_size=min_size,
                                                      limit=limit))))


@app.command()
def storylines(
    min_events: Annotated[int, typer.Option(help="Only storylines of at least this many "
                                                  "events.")] = 2,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    db: DbOption = None,
) -> None:
    """List storylines (events of one running thread), largest first."""
    with _open(db) as obs:
        out.print(render.storylines_table(list(obs.storylines(min_events=min_events,
                                                              limit=limit))))


@app.command()
def show(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Article, event or storyline id "
                                                          "(or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Show one article, event or storyline in full."""
    with _open(db) as obs:
        render.show(out, obs, obs.get(id_))


@app.command("export")
def export_cmd(
    kind: Annotated[Kind, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl or csv.")] = (
        ExportFormat.jsonl),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write "
                                                "(default: standard output).")] = None,
    db: DbOption = None,
) -> None:
    """Export articles, events or storylines as JSON Lines or CSV."""
    with _open(db) as obs:
        records = {
            Kind.articles: lambda: map(export_rows.article_record, obs.articles()),
            Kind.events: lambda: map(export_rows.event_record, obs.events()),
            Kind.storylines: lambda: map(export_rows.storyline_record, obs.storylines()),
        }[kind]()
        fields = export_rows.FIELDS[kind.value]
        if output is None:
            export_rows.write(records, fields, fmt.value, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = export_rows.write(records, fields, fmt.value, fh)
        err.print(f"{n:,} {kind.value} written to {output}")


@app.command()
def stats(db: DbOption = None) -> None:
    """Count what the store holds."""
    with _open(db) as obs:
        for name, value in obs.stats().items():
            out.print(f"{name:>18}: {value:,}")


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
) -> None:
    """Print what marsad finds in one text: names and their entities, dates resolved against
    --published, quotes (offsets are character offsets into the text as given)."""
    from marsad.pipeline import analyze as analyze_text

    result = analyze_text(_read_input(path), published)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


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
    """Ingest the sample shipped with marsad (five seed articles and one day of SaudiNewsNet)
    and print the storylines found."""
    from marsad.sample import sample_paths

    with _open(db) as obs:
        report = _progress_ingest(obs, [str(p) for p in sample_paths()], None, None)
        err.print(render.report_line(report))
        render.demo(out, obs)
    err.print(f"The demo store is {db}: try `marsad --help`, e.g. "
              f"`marsad storylines --db {db}` or `marsad show ID --db {db}`.")


def main() -> None:
    """Entry point: run the app, turning marsad's errors into one line and exit code 2."""
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]error[/]: {render.esc(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted: every batch stored before the interruption is kept; "
                  "run the same command again to finish")
        sys.exit(130)
