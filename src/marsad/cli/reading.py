"""The commands that show one thing or export many: `timeline`, `show`, `export`, `stats`,
`analyze`, `tag`."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from marsad import render
from marsad.cli.base import DbOption, ExportFormat, Kind, TableOrJson, _open, app, err, out
from marsad.errors import MarsadError, NotFoundError


@app.command()
def timeline(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Event, storyline or article id (or a "
                                                          "unique prefix).")],
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.table),
    db: DbOption = None,
) -> None:
    """Show the dated happenings of an event or storyline in date order, each with the articles
    that report it; dates that could not be resolved follow, with what is known of them."""
    from marsad import export as export_rows

    with _open(db) as obs:
        happenings = obs.timeline(id_)
        if fmt == TableOrJson.json:
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
        records = export_rows.records(obs.reader, kind.value)
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
    raw: Annotated[bool, typer.Option(
        "--raw", help="Analyse the text as given, without removing its boilerplate first.")] = (
        False),
    db: Annotated[str | None, typer.Option(
        "--db", help="Link names to the entities of this store.", show_default=False)] = None,
) -> None:
    """Print what marsad finds in one text: names and their entities, dates resolved against
    --published, quotes. The text is cleaned first, as an ingested article is (--raw: as given);
    offsets are character offsets into `text` of the output, the text analysed, and `removed`
    lists the lines cleaning took out. With --db, names are linked to that store's entities (the
    store is not changed)."""
    from marsad.pipeline import analyze as analyze_text

    text = _read_input(path)
    if db is None:
        result = analyze_text(text, published, raw=raw)
    else:
        with _open(db) as obs:
            result = obs.analyze(text, published, raw=raw)
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
