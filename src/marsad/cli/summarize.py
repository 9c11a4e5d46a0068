"""`marsad summarize`: the extractive summary of one article, read from a file or stdin.

It needs no store: the text goes through `marsad.brief.single` alone, imported when the command
runs so that the other commands do not load it."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from marsad import render
from marsad.cli.base import app, err, out
from marsad.errors import InputError

MAX_BYTES = 20_000_000  # one article; larger is not an article


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def read_input(source: str) -> str:
    """The text of a file or of stdin (`-`), UTF-8 or a legacy Arabic encoding.

    Raises InputError when it cannot be read (missing, a folder, empty, binary, too large)."""
    from marsad.sources.decode import decode, read_limited  # loads marsad.arabic: not at startup

    if source == "-":
        return decode(sys.stdin.buffer.read(MAX_BYTES + 1), "stdin")[0]
    path = Path(source)
    try:
        return decode(read_limited(path, MAX_BYTES), source)[0]
    except IsADirectoryError as exc:
        raise InputError(source, "a folder, not a file") from exc
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except OSError as exc:
        raise InputError(source, exc.strerror or "cannot be read") from exc


@app.command()
def summarize(
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="An article as plain text; - "
                                                                 "reads stdin.")],
    words: Annotated[int, typer.Option("--words", min=1, max=100_000,
                                       help="About this many words.")] = 100,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="text (the sentences, one a "
                                                              "line) or json (with offsets).")]
    = TextOrJson.text,
) -> None:
    """Print the extractive summary of one article: its key sentences, about --words words, in
    their original order and spelling (no store needed)."""
    from marsad.brief.single import summarize as summarize_text

    try:
        text = read_input(source)
    except InputError as exc:
        err.print(f"[red]error[/]: {render.esc(str(exc))}")
        raise typer.Exit(1) from exc
    sentences = summarize_text(text, words)
    if fmt is TextOrJson.json:
        from marsad.export import dumps

        rows = [{"text": s.text, "start": s.start, "end": s.end, "sentence": s.index}
                for s in sentences]
        sys.stdout.write(dumps({"words": words, "sentences": rows}, indent=2) + "\n")
        return
    for s in sentences:
        out.print(render.esc(" ".join(s.text.split())), soft_wrap=True)
