"""The commands that write: `ingest`, `extract` and `demo`, with their progress, their
summaries and what they say when interrupted."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from marsad import outcome, render
from marsad.cli.base import DbOption, Observatory, _open, app, err, out

if TYPE_CHECKING:
    from marsad.pipeline import ExtractReport, IngestReport

LOG_EVERY = 5.0  # seconds between two progress lines when stderr is not a terminal (a log)


def _log_ticker(every: float | None) -> outcome.LogTicker:
    return outcome.LogTicker(lambda line: err.print(line, markup=False), every or LOG_EVERY)


def _bar() -> Progress:
    """A progress bar on stderr when it is a terminal (transient); nothing in a log."""
    columns = (SpinnerColumn(), BarColumn(bar_width=24), TextColumn("{task.description}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


def _progress_ingest(obs: Observatory, paths: list[str], fmt: str | None,
                     published: datetime | None, reached: outcome.Reached | None = None,
                     log_every: float | None = None) -> IngestReport:
    """Ingest with a progress bar on a terminal, else a progress line every `log_every` s."""
    reached = reached if reached is not None else outcome.Reached()
    log = _log_ticker(log_every)
    with _bar() as bar:
        task = bar.add_task("reading…", total=None)

        def tick(r: IngestReport) -> None:
            reached.ingest = r
            status = (f"{r.read:,} read · {r.stored:,} stored · "
                      f"{r.exact_duplicates + r.near_duplicates:,} copies · "
                      f"{len(r.rejections):,} not stored · {r.rate:,.0f} articles/s")
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
    with _bar() as bar:
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
