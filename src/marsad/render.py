"""Terminal rendering for the CLI (rich).

Article content is untrusted: titles, texts, outlets, origins (file and zip member names), names
and reasons reach the terminal only through `safe`, which strips terminal control sequences,
neutralises bidi overrides and escapes rich markup. The consoles print with emoji codes off, and
markup is ours alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.model import (
    ESCAPE_SEQUENCE,
    Article,
    Entity,
    EntityType,
    Event,
    Findings,
    Happening,
    Quote,
    Storyline,
    format_offset,
)
from marsad.outcome import unreadable

if TYPE_CHECKING:
    from marsad.observatory import Observatory
    from marsad.pipeline import ExtractReport, IngestReport

_SEQUENCE = ESCAPE_SEQUENCE  # shared with the readers: model.sanitize strips them too
# C0 and C1 controls but tab and newline; DEL; bidi embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069), which would reorder what follows them on the line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029]")


def plain(text: object, *, oneline: bool = True) -> str:
    r"""`text` without terminal control: escape sequences (even unterminated ones) and control
    characters removed, bidi overrides, embeddings and isolates removed, line breaks made
    newlines; with `oneline`, newlines and tabs made spaces (a name cannot forge a line).

    >>> plain("\x1b]0;pwned\x07خبر\x1b[2J \u202eعاجل\x1b[1A\x1b[2K")
    'خبر عاجل'
    >>> plain("a\r\nb\tc"), plain("a\r\nb\tc", oneline=False)
    ('a b c', 'a\nb\tc')
    """
    cleaned = _CONTROL.sub("", _SEQUENCE.sub("", _LINE_BREAK.sub("\n", str(text))))
    return cleaned.replace("\n", " ").replace("\t", " ") if oneline else cleaned


def safe(text: object, *, oneline: bool = True) -> str:
    r"""Untrusted text made safe to print through rich: `plain`, then its markup escaped.

    >>> safe("[bold]عنوان[/bold] :fire:")
    '\\[bold]عنوان\\[/bold] :fire:'
    """
    return escape(plain(text, oneline=oneline))


esc = safe  # the name the ingest command's messages use


def console(*, stderr: bool = False) -> Console:
    """A console for the CLI: no emoji codes (:fire: stays text), no highlighting."""
    return Console(stderr=stderr, highlight=False, emoji=False, soft_wrap=stderr)


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def span(start: datetime | None, end: datetime | None) -> str:
    if start is None:
        return "undated"
    return day(start) if day(start) == day(end) else f"{day(start)} → {day(end)}"


def short(text: str | None, n: int = 90) -> str:
    """Untrusted text on one line, cut to n characters, safe to print."""
    text = " ".join(plain(text or "").split())
    return escape(text if len(text) <= n else text[: n - 1] + "…")


def report_line(r: IngestReport) -> str:
    return (f"{r.read:,} articles read in {r.seconds:.1f} s ({r.rate:,.0f}/s): {r.stored:,} stored, "
            f"{r.already_stored:,} already stored, {r.exact_duplicates:,} exact and "
            f"{r.near_duplicates:,} near copies linked, {r.events_opened:,} new events, "
            f"{r.storylines_opened - r.storylines_merged:,} new storylines, "
            f"{sum(not unreadable(x) for x in r.rejections):,} records skipped, "
            f"{sum(unreadable(x) for x in r.rejections):,} inputs unreadable")


def extract_line(r: ExtractReport) -> str:
    return (f"{r.articles:,} articles extracted in {r.seconds:.1f} s ({r.rate:,.0f}/s): "
            f"{r.mentions:,} names, {r.entities:,} entities new or updated, {r.quotes:,} quotes, "
            f"{r.dates:,} temporal expressions"
            + (f"; {len(r.failures):,} articles set aside (extraction failed on them)"
               if r.failures else ""))


def _table(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose last column (the title) takes the room left, one line a row."""
    table = Table(title=title, expand=True)
    for col in columns[:-1]:
        table.add_column(col, no_wrap=True)
    table.add_column(columns[-1], no_wrap=True, overflow="ellipsis", ratio=1)
    return table


def events_table(events: list[Event], *, with_storyline: bool = True) -> Table:
    cols = ("id", "dates", "articles", "storyline", "title") if with_storyline else (
        "id", "dates", "articles", "title")
    table = _table("Events", cols)
    for e in events:
        row = [e.id, span(e.start, e.end), str(e.size)]
        row += [e.storyline_id or ""] if with_storyline else []
        table.add_row(*row, short(e.title, 200))
    return table


def storylines_table(stories: list[Storyline]) -> Table:
    table = _table("Storylines", ("id", "dates", "events", "articles", "title"))
    for s in stories:
        table.add_row(s.id, span(s.start, s.end), str(len(s.event_ids)), str(s.size),
                      short(s.title, 200))
    return table


def show(out: Console, obs: Observatory, item: Article | Event | Storyline) -> None:
    """Print one article, event or storyline in full."""
    if isinstance(item, Article):
        _article(out, item, obs.findings(item))
    elif isinstance(item, Event):
        out.print(f"[bold]event {item.id}[/] · {span(item.start, item.end)} · {item.size} "
                  f"articles · storyline {item.storyline_id}")
        out.print(short(item.title, 200))
        _names_line(out, obs, item.article_ids)
        _articles_table(out, obs.reader.articles_by_ids(item.article_ids))
    else:
        out.print(f"[bold]storyline {item.id}[/] · {span(item.start, item.end)} · "
                  f"{len(item.event_ids)} events · {item.size} articles")
        out.print(short(item.title, 200))
        events = obs.reader.events_by_ids(item.event_ids)
        _names_line(out, obs, [a for e in events for a in e.article_ids])
        out.print(events_table(events, with_storyline=False))


def entities_table(entities: list[Entity]) -> Table:
    table = _table("Entities", ("id", "type", "mentions", "seen", "name"))
    table.columns[-1].overflow = "fold"  # a name is read whole, on two lines if need be
    table.columns[-1].no_wrap = False
    for e in entities:
        table.add_row(e.id, e.type.value, f"{sum(e.surface_forms.values()):,}",
                      span(e.first_seen, e.last_seen), safe(e.name))
    return table


def show_entity(out: Console, obs: Observatory, e: Entity) -> None:
    """Print an entity: its names, where it is named, what it said (the first ten of each, with
    how many there are and how to list them all)."""
    out.print(f"[bold]entity {safe(e.id)}[/] · {e.type.value} · "
              f"{sum(e.surface_forms.values()):,} mentions · {span(e.first_seen, e.last_seen)}")
    out.print(f"[bold]{safe(e.name)}[/]")
    if others := [a for a in e.aliases if a != e.name]:
        out.print("also known as: " + safe(" · ".join(others)))
    forms = sorted(e.surface_forms.items(), key=lambda kv: (-kv[1], kv[0]))
    more = f" · and {len(forms) - 20:,} more" if len(forms) > 20 else ""
    out.print("written as: " + safe(" · ".join(f"{s} ({n})" for s, n in forms[:20])) + more)
    where = obs.entity_groups(e.id)
    out.print(f"named in {len(where['articles']):,} articles, {len(where['events']):,} events, "
              f"{len(where['storylines']):,} storylines")
    top = sorted(where["events"].items(), key=lambda kv: -kv[1])[:_SHOWN]
    if top:
        table = events_table(obs.reader.events_by_ids([i for i, _ in top]))
        table.title = f"Events naming it ({_count(len(top), len(where['events']))}, most named first)"
        out.print(table)
    said = obs.reader.quote_page(speaker=e.id, limit=_SHOWN)
    if said.items:
        table = quotes_table(said.items, obs)
        table.title = f"Its quotes ({_count(len(said.items), said.total)})"
        out.print(table)
    if said.total > _SHOWN:
        out.print(f"[dim]all its quotes: marsad quotes --speaker {safe(e.id)} --limit "
                  f"{said.total}[/]")
    if len(where["events"]) > _SHOWN:
        out.print("[dim]all its events: the event_ids of `marsad export entities`[/]")


_SHOWN = 10  # rows of each table `show` prints for an entity


def _count(shown: int, total: int) -> str:
    """'all 3', '10 of 25'."""
    return f"all {total:,}" if total <= shown else f"{shown:,} of {total:,}"


def quotes_table(rows: list[tuple[str, Quote]], obs: Observatory) -> Table:
    table = _table("Quotes", ("article", "published", "speaker", "kind", "quote"))
    published = {a.id: a.published for a in obs.reader.articles_by_ids([i for i, _ in rows])}
    for article_id, q in rows:
        kind = "direct" if q.direct else "attributed" if q.attribution else "indirect"
        table.add_row(article_id, day(published.get(article_id)), short(q.speaker, 24), kind,
                      short(q.text, 200))
    return table


_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
           "أكتوبر", "نوفمبر", "ديسمبر")


_UNITS = {"days": "day", "weeks": "week", "months": "month", "years": "year"}
_OFFSET = {-1: "الماضي", 1: "المقبل"}


def partial_date(partial: dict[str, int]) -> str:
    """What is known of an unresolved date, readably: its weekday, its day and month (last or
    next), and how far it lies from the article's unknown publication date.

    >>> partial_date({"month": 11, "day": 28}), partial_date({"weekday": 3, "offset": -1})
    ('28 نوفمبر', 'الخميس الماضي')
    >>> partial_date({"years": -1}), partial_date({"days": 0, "weekday": 2})
    ('1 year before publication', 'الأربعاء · the day of publication')
    """
    parts = []
    if 0 <= partial.get("weekday", -1) < 7:
        parts.append(_WEEKDAYS[partial["weekday"]])
    if 1 <= partial.get("month", 0) <= 12:
        month = _MONTHS[partial["month"] - 1]
        parts.append(f"{partial['day']} {month}" if "day" in partial else month)
    elif "day" in partial:
        parts.append(f"day {partial['day']}")
    if partial.get("offset") in _OFFSET and parts:
        parts[-1] += " " + _OFFSET[partial["offset"]]
    for key, unit in _UNITS.items():
        if (n := partial.get(key)) is not None:
            parts.append("the day of publication" if n == 0 else
                         f"{abs(n)} {unit}{'s' if abs(n) > 1 else ''} "
                         f"{'before' if n < 0 else 'after'} publication")
    return " · ".join(parts)


def undated(partial: dict[str, int]) -> str:
    """An unresolved date as the timeline shows it: what is known, and what is missing.

    >>> undated({"years": -1}), undated({"month": 11, "day": 28})
    ('1 year before publication (publication date unknown)', '28 نوفمبر (year unknown)')
    """
    known = partial_date(partial)
    if not known:
        return "date unknown"
    if any(k in partial for k in _UNITS):
        return known + " (publication date unknown)"
    return known + (" (year unknown)" if "month" in partial else " (week unknown)")


def timeline_table(title: str, happenings: list[Happening]) -> Table:
    table = _table(title, ("date", "sources", "outlets", "what happened"))
    for col in (table.columns[0], table.columns[-1]):  # an unresolved date may take lines
        col.overflow, col.no_wrap = "fold", False
    table.columns[0].max_width = 20
    for h in happenings:
        when = h.value + (f" → {h.range_end}" if h.range_end else "") if h.value else (
            undated(h.partial))
        outlets = sorted({s.outlet for s in h.sources if s.outlet})
        what = ("published: " if h.kind == "published" else "") + short(h.sentence, 160)
        table.add_row(safe(when), str(len(h.sources)), short(", ".join(outlets), 30),
                      f"[bold]{safe(h.expression)}[/] · {what}")
    return table


def _names_line(out: Console, obs: Observatory, article_ids: list[str]) -> None:
    """Who and what the articles name most (nothing before extraction has run)."""
    top = obs.reader.top_entities(article_ids, limit=12)
    if top:
        out.print("names: " + safe(" · ".join(f"{e.name} ({n})" for e, n in top)))


def _findings(out: Console, f: Findings) -> None:
    names: dict[tuple[str, str], str | None] = {}
    for m in f.title_mentions + f.mentions:
        names.setdefault((m.type.value, m.surface), m.entity_id)
    if names:
        out.print("\n[bold]names[/]: " + safe(" · ".join(
            f"{surface} ({kind}{', ' + eid if eid else ''})" for (kind, surface), eid in names.items())))
    if f.dates:
        out.print("[bold]dates[/]: " + safe(" · ".join(
            f"{t.text} = {t.value or undated(t.partial)}" for t in f.dates)))
    for q in f.quotes:
        out.print(f"[bold]quote[/] {safe(q.speaker)}{' (' + q.entity_id + ')' if q.entity_id else ''}"
                  f" — {safe(q.verb)}: {short(q.text, 160)}")


def _article(out: Console, a: Article, f: Findings | None = None) -> None:
    when = day(a.published) if a.utc_offset is None or a.published is None else (
        f"{a.published:%Y-%m-%d %H:%M} UTC{format_offset(a.utc_offset)}")
    out.print(f"[bold]article {a.id}[/] · {safe(a.outlet or 'unknown outlet')} · "
              f"{when} ({safe(a.published_source or 'no date')})")
    if a.truncated:
        out.print("[yellow]truncated[/]: the input was cut short when it was read")
    if a.url:
        out.print(safe(a.url))
    out.print(f"event {a.event_id} · storyline {a.storyline_id}")
    if a.duplicate_of:
        out.print(f"{a.duplicate_kind} copy of {a.duplicate_of} "
                  f"(similarity {a.duplicate_similarity})")
    out.print(f"\n[bold]{safe(a.title or '')}[/]\n")
    out.print(safe(a.clean_text, oneline=False))
    if a.removed:
        out.print("\n[dim]removed by cleaning:[/]")
        for reason, line in a.removed:
            out.print(f"[dim]  {safe(reason)}: {short(line, 100)}[/]")
    if f is not None:
        _findings(out, f)


def _articles_table(out: Console, articles: list[Article]) -> None:
    table = _table("Articles", ("id", "published", "outlet", "copy of", "title"))
    for a in articles:
        table.add_row(a.id, day(a.published), safe(a.outlet or ""), a.duplicate_of or "",
                      short(a.title or a.clean_text, 80))
    out.print(table)


def demo(out: Console, obs: Observatory) -> None:
    """What `marsad demo` shows: the largest storylines, the most named people, organisations and
    places, then the seeds' storyline in full and the start of its timeline."""
    stories = list(obs.storylines(min_events=2, limit=10))
    out.print(storylines_table(stories))
    named = [e for t in (EntityType.PERS, EntityType.ORG, EntityType.LOC)
             for e in obs.entities(type_=t, limit=4)]
    out.print(entities_table(named))
    seeds = [a for a in obs.articles() if a.outlet is None and a.format == "text"]
    if seeds and seeds[0].storyline_id:
        out.print()
        show(out, obs, obs.reader.storyline(seeds[0].storyline_id))
        dated = [h for h in obs.timeline(seeds[0].storyline_id) if h.value][:10]
        out.print(timeline_table("Its timeline (the first ten dated happenings)", dated))
