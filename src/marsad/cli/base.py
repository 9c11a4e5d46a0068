"""What every command shares: the app, the consoles, the --db option and opening the store."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError

from marsad import render
from marsad.errors import MarsadError
from marsad.settings import Settings

# The pipeline (scikit-learn, the tagger) is imported by the commands that run it, not by every
# command: `marsad stats`, `show` and `--help` start in a fraction of a second.
if TYPE_CHECKING:
    from marsad.observatory import Observatory
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


class TableOrJson(StrEnum):
    """The output of the list commands and of `timeline`."""

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
