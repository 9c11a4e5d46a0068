"""`marsad brief`: the cited brief of an event or storyline, as Arabic markdown or JSON.

Text from articles reaches the terminal only through `render.plain` (no escape sequence, no
bidi override, one line); JSON goes through `export.dumps`.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad import render
from marsad.cli.base import DbOption, _open, app

if TYPE_CHECKING:
    from marsad.brief.records import Brief, Citation

SCHEMA = "marsad.brief/1"
CELL = 110  # characters of a sentence in a table cell


class BriefFormat(StrEnum):
    md = "md"
    json = "json"


@app.command()
def brief(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Event or storyline id (or a unique "
                                                          "prefix).")],
    fmt: Annotated[BriefFormat, typer.Option("--format", help="md (Arabic markdown with "
                                                              "numbered citations) or json.")] = (
        BriefFormat.md),
    sentences: Annotated[int | None, typer.Option(
        "--sentences", "-n", min=1, max=50,
        help="Sentences of the brief (default 5 for an event, 8 for a storyline).")] = None,
    db: DbOption = None,
) -> None:
    """Write the brief of an event or storyline: sentences chosen across its outlets, each
    citing every article that says it (outlet, article id, date, offsets into the clean text),
    in time order; which outlet reported each fact first, which did not, and where they
    disagree; who relays whom; and the quality flags of its articles."""
    with _open(db) as obs:
        result = obs.brief(id_, sentences=sentences)
    if fmt == BriefFormat.json:
        from marsad.export import dumps

        sys.stdout.write(dumps(brief_record(result), indent=2) + "\n")
        return
    sys.stdout.write(markdown(result))


# --- JSON ------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def brief_record(b: Brief) -> dict[str, Any]:
    """The brief as the documented JSON object (schema `marsad.brief/1`, see the README)."""
    record = _plain(asdict(b))
    return {"schema": SCHEMA, **record}


# --- markdown --------------------------------------------------------------------------------
def _t(text: object) -> str:
    return render.plain(text)


def _cell(text: str, n: int = CELL) -> str:
    text = " ".join(_t(text).split())
    return (text if len(text) <= n else text[: n - 1] + "…").replace("|", "\\|")


class _Refs:
    """Numbers of the cited articles' passages, in the order first cited."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, int | None], int] = {}
        self.cited: list[Citation] = []

    def __call__(self, c: Citation) -> int:
        key = (c.article_id, c.start)
        if key not in self.numbers:
            self.numbers[key] = len(self.cited) + 1
            self.cited.append(c)
        return self.numbers[key]


def _where(c: Citation) -> str:
    day = c.published.date().isoformat() if c.published else "بلا تاريخ"
    place = f"، الأحرف {c.start}–{c.end}" if c.start is not None else ""
    copy = f"، نسخة من {c.copy_of}" if c.copy_of else ""
    return f"{_t(c.outlet)} — {day} — المقال {c.article_id}{place}{copy}"


def markdown(b: Brief) -> str:
    """The brief as Arabic markdown: sentences with numbered citations, then the sources, the
    comparison, the disagreements, provenance and flags."""
    what = "القصة" if b.kind == "storyline" else "الحدث"
    lines = [f"# موجز {what}: {_t(b.title or b.id)}", "",
             f"- المعرّف: {b.id} · التواريخ: {render.span(b.start, b.end)} · المقالات: "
             f"{b.articles} · المنافذ: {len(b.outlets)}", ""]
    refs = _Refs()
    for i, s in enumerate(b.sentences, 1):
        marks = "".join(f"[{refs(c)}]" for c in s.citations)
        date = f" ({s.date})" if s.date else ""
        flag = " ⚠ " + "؛ ".join(_t(r) for r in s.flags) if s.flags else ""
        lines.append(f"{i}. {_t(s.text)} {marks}{date}{flag}")
    lines += ["", "## المصادر", ""]
    lines += [f"[{n}] {_where(c)}" for n, c in enumerate(refs.cited, 1)]
    lines += _comparison(b) + _disagreements(b) + _provenance(b) + _flags(b)
    return "\n".join(lines) + "\n"


def _comparison(b: Brief) -> list[str]:
    out = ["", "## من نشر ماذا", "", "| النوع | الخبر | أول من نشره | نشرته | لم تنشره |",
           "|---|---|---|---|---|"]
    for f in b.comparison.facts:
        text = f"{f.value}: {f.text}" if f.value and f.kind != "sentence" else f.text
        carriers = "، ".join(dict.fromkeys(_cell(c.outlet, 40) for c in f.carriers))
        out.append(f"| {f.kind} | {_cell(text)} | {_cell(f.first.outlet, 40)} | {carriers} | "
                   f"{'، '.join(_cell(o, 40) for o in f.missing) or '—'} |")
    return out


def _disagreements(b: Brief) -> list[str]:
    out = ["", "## اختلافات بين المنافذ", ""]
    if not b.comparison.disagreements:
        return [*out, "لا اختلاف في الأرقام أو التواريخ أو المتحدثين بين جمل متطابقة."]
    for d in b.comparison.disagreements:
        out.append(f"- {d.kind}:")
        out += [f"  - «{_t(v.value)}» — {_where(v.citation)}: {_cell(v.text, 200)}"
                for v in d.versions]
    return out


def _provenance(b: Brief) -> list[str]:
    out = ["", "## الإسناد (من ينقل عن من)", ""]
    for p in b.provenance:
        said = [f"{_t(c.name)} ({_t(c.cue)})" for c in p.credits]
        if p.copy_of:
            said.append(f"نسخة ({p.copy_kind}) من المقال {p.copy_of}")
        out.append(f"- {_t(p.outlet)} ({p.article_id}): " + ("، ".join(said) or "لا ينسب إلى "
                                                               "مصدر"))
    return out


def _flags(b: Brief) -> list[str]:
    out = ["", "## تنبيهات الجودة", ""]
    if not b.flags:
        return [*out, "لا تنبيهات."]
    for f in b.flags:
        place = f"الأحرف {f.start}–{f.end}" if f.start is not None else "سطر أزاله التنظيف"
        out.append(f"- {_t(f.outlet)} ({f.article_id}، {place}) {f.kind}: «{_cell(f.text, 160)}»"
                   f" — {_t(f.reason)}")
    return out
