"""Terminal rendering for the CLI (rich). Article content is untrusted: it is always escaped."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.model import Article, Entity, EntityType, Event, Findings, Happening, Quote, Storyline

if TYPE_CHECKING:
    from marsad.observatory import Observatory
    from marsad.pipeline import ExtractReport, IngestReport


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


def extract_line(r: ExtractReport) -> str:
    return (f"{r.articles:,} articles extracted in {r.seconds:.1f} s ({r.rate:,.0f}/s): "
            f"{r.mentions:,} names, {r.entities:,} entities new or updated, {r.quotes:,} quotes, "
            f"{r.dates:,} temporal expressions")


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
        _articles_table(out, [obs.store.article(i) for i in item.article_ids])
    else:
        out.print(f"[bold]storyline {item.id}[/] · {span(item.start, item.end)} · "
                  f"{len(item.event_ids)} events · {item.size} articles")
        out.print(short(item.title, 200))
        _names_line(out, obs, [a for e in item.event_ids for a in obs.store.event(e).article_ids])
        out.print(events_table([obs.store.event(i) for i in item.event_ids],
                               with_storyline=False))


def entities_table(entities: list[Entity]) -> Table:
    table = _table("Entities", ("id", "type", "mentions", "seen", "name"))
    table.columns[-1].overflow = "fold"  # a name is read whole, on two lines if need be
    table.columns[-1].no_wrap = False
    for e in entities:
        table.add_row(e.id, e.type.value, f"{sum(e.surface_forms.values()):,}",
                      span(e.first_seen, e.last_seen), esc(e.name))
    return table


def show_entity(out: Console, obs: Observatory, e: Entity) -> None:
    """Print an entity: its names, where it is named, what it said."""
    out.print(f"[bold]entity {e.id}[/] · {e.type.value} · "
              f"{sum(e.surface_forms.values()):,} mentions · {span(e.first_seen, e.last_seen)}")
    out.print(f"[bold]{esc(e.name)}[/]")
    if others := [a for a in e.aliases if a != e.name]:
        out.print("also known as: " + esc(" · ".join(others)))
    forms = sorted(e.surface_forms.items(), key=lambda kv: (-kv[1], kv[0]))
    out.print("written as: " + esc(" · ".join(f"{s} ({n})" for s, n in forms[:20])))
    where = obs.entity_groups(e.id)
    out.print(f"named in {len(where['articles']):,} articles, {len(where['events']):,} events, "
              f"{len(where['storylines']):,} storylines")
    top = sorted(where["events"].items(), key=lambda kv: -kv[1])[:10]
    if top:
        out.print(events_table([obs.store.event(i) for i, _ in top]))
    rows = list(obs.store.quotes(entity_id=e.id, limit=10))
    if rows:
        out.print(quotes_table(rows, obs))


def quotes_table(rows: list[tuple[str, Quote]], obs: Observatory) -> Table:
    table = _table("Quotes", ("article", "published", "speaker", "kind", "quote"))
    for article_id, q in rows:
        a = obs.store.article(article_id)
        kind = "direct" if q.direct else "attributed" if q.attribution else "indirect"
        table.add_row(article_id, day(a.published), short(q.speaker, 24), kind, short(q.text, 200))
    return table


_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
           "أكتوبر", "نوفمبر", "ديسمبر")


def partial_date(partial: dict[str, int]) -> str:
    """What is known of an unresolved date, readably: its weekday, its day and month, and any
    offset left (days -1 is one day before the unknown publication date).

    >>> partial_date({"month": 11, "day": 28}), partial_date({"weekday": 3})
    ('28 نوفمبر', 'الخميس')
    """
    rest = dict(partial)
    parts = []
    if "weekday" in rest and 0 <= rest["weekday"] < 7:
        parts.append(_WEEKDAYS[rest.pop("weekday")])
    if "month" in rest and 1 <= rest["month"] <= 12:
        day = rest.pop("day", None)
        parts.append(f"{day} {_MONTHS[rest.pop('month') - 1]}" if day else _MONTHS[rest.pop("month") - 1])
    parts += [f"{k} {v:+d}" for k, v in rest.items()]
    return " · ".join(parts)


def timeline_table(title: str, happenings: list[Happening]) -> Table:
    table = _table(title, ("date", "sources", "outlets", "what happened"))
    table.columns[-1].overflow = "fold"
    table.columns[-1].no_wrap = False
    for h in happenings:
        when = h.value + (f" → {h.range_end}" if h.range_end else "") if h.value else (
            "unresolved: " + partial_date(h.partial))
        outlets = sorted({s.outlet for s in h.sources if s.outlet})
        what = ("published: " if h.kind == "published" else "") + short(h.sentence, 160)
        table.add_row(esc(when), str(len(h.sources)), short(", ".join(outlets), 30),
                      f"[bold]{esc(h.expression)}[/] · {what}")
    return table


def _names_line(out: Console, obs: Observatory, article_ids: list[str]) -> None:
    """Who and what the articles name most (nothing before extraction has run)."""
    top = obs.store.top_entities(article_ids, limit=12)
    if top:
        out.print("names: " + esc(" · ".join(f"{e.name} ({n})" for e, n in top)))


def _findings(out: Console, f: Findings) -> None:
    names: dict[tuple[str, str], str | None] = {}
    for m in f.title_mentions + f.mentions:
        names.setdefault((m.type.value, m.surface), m.entity_id)
    if names:
        out.print("\n[bold]names[/]: " + esc(" · ".join(
            f"{surface} ({kind}{', ' + eid if eid else ''})" for (kind, surface), eid in names.items())))
    if f.dates:
        out.print("[bold]dates[/]: " + esc(" · ".join(
            f"{t.text} = {t.value or 'unresolved: ' + partial_date(t.partial)}" for t in f.dates)))
    for q in f.quotes:
        out.print(f"[bold]quote[/] {esc(q.speaker)}{' (' + q.entity_id + ')' if q.entity_id else ''}"
                  f" — {esc(q.verb)}: {short(q.text, 160)}")


def _article(out: Console, a: Article, f: Findings | None = None) -> None:
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
    if f is not None:
        _findings(out, f)


def _articles_table(out: Console, articles: list[Article]) -> None:
    table = _table("Articles", ("id", "published", "outlet", "copy of", "title"))
    for a in articles:
        table.add_row(a.id, day(a.published), esc(a.outlet or ""), a.duplicate_of or "",
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
        show(out, obs, obs.store.storyline(seeds[0].storyline_id))
        dated = [h for h in obs.timeline(seeds[0].storyline_id) if h.value][:10]
        out.print(timeline_table("Its timeline (the first ten dated happenings)", dated))
