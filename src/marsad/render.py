"""Terminal rendering for the CLI (rich). Article content is untrusted: it is always escaped."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.model import Article, Event, Storyline

if TYPE_CHECKING:
    from marsad.observatory import Observatory
    from marsad.pipeline import IngestReport


def esc(text: object) -> str:
    """Text safe to print through rich (no markup from article content is interpreted)."""
    return escape(str(text))


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def span(start: datetime | None, end: datetime | None) -> str:
    if start is None:
        return "undated"
    return day(start) if day(start) == day(end) else f"{day(start)} → {day(end)}"


def short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return esc(text if len(text) <= n else text[: n - 1] + "…")


def report_line(r: IngestReport) -> str:
    return (f"{r.read:,} articles read in {r.seconds:.1f} s ({r.rate:,.0f}/s): {r.stored:,} stored, "
            f"{r.already_stored:,} already stored, {r.exact_duplicates:,} exact and "
            f"{r.near_duplicates:,} near copies linked, {r.events_opened:,} new events, "
            f"{r.storylines_opened - r.storylines_merged:,} new storylines, "
            f"{len(r.rejections):,} inputs rejected")


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
        _article(out, item)
    elif isinstance(item, Event):
        out.print(f"[bold]event {item.id}[/] · {span(item.start, item.end)} · {item.size} "
                  f"articles · storyline {item.storyline_id}")
        out.print(short(item.title, 200))
        _articles_table(out, [obs.store.article(i) for i in item.article_ids])
    else:
        out.print(f"[bold]storyline {item.id}[/] · {span(item.start, item.end)} · "
                  f"{len(item.event_ids)} events · {item.size} articles")
        out.print(short(item.title, 200))
        out.print(events_table([obs.store.event(i) for i in item.event_ids],
                               with_storyline=False))


def _article(out: Console, a: Article) -> None:
    out.print(f"[bold]article {a.id}[/] · {esc(a.outlet or 'unknown outlet')} · "
              f"{day(a.published)} ({esc(a.published_source or 'no date')})")
    if a.url:
        out.print(esc(a.url))
    out.print(f"event {a.event_id} · storyline {a.storyline_id}")
    if a.duplicate_of:
        out.print(f"{a.duplicate_kind} copy of {a.duplicate_of} "
                  f"(similarity {a.duplicate_similarity})")
    out.print(f"\n[bold]{esc(a.title or '')}[/]\n")
    out.print(esc(a.clean_text))
    if a.removed:
        out.print("\n[dim]removed by cleaning:[/]")
        for reason, line in a.removed:
            out.print(f"[dim]  {esc(reason)}: {short(line, 100)}[/]")


def _articles_table(out: Console, articles: list[Article]) -> None:
    table = _table("Articles", ("id", "published", "outlet", "copy of", "title"))
    for a in articles:
        table.add_row(a.id, day(a.published), esc(a.outlet or ""), a.duplicate_of or "",
                      short(a.title or a.clean_text, 80))
    out.print(table)


def demo(out: Console, obs: Observatory) -> None:
    """What `marsad demo` shows: the largest storylines, then the seeds' storyline in full."""
    stories = list(obs.storylines(min_events=2, limit=10))
    out.print(storylines_table(stories))
    seeds = [a for a in obs.articles() if a.outlet is None and a.format == "text"]
    if seeds and seeds[0].storyline_id:
        out.print()
        show(out, obs, obs.store.storyline(seeds[0].storyline_id))
