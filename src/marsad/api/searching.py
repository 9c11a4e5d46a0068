"""GET /api/search, counts, entities/{id}/cooccurring, timelines/{id} and stats."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from marsad.api import convert
from marsad.api.models import CooccurOut, CountsOut, SearchOut, TimelineOut
from marsad.api.reads import MAX_OFFSET, StoresDep, answer
from marsad.export import happening_record
from marsad.search import count_query, parse_query

router = APIRouter(prefix="/api")
MAX_QUERY = 10_000  # longer than any query parse_query reads: it says how long one may be




@router.get("/search", response_model=SearchOut, tags=["search"])
def search(stores: StoresDep,
           q: Annotated[str, Query(max_length=MAX_QUERY, description=(
               'Words (all must match), "a phrase", OR, -word, and the filters outlet:TEXT, '
               "from:YYYY-MM-DD, to:YYYY-MM-DD, entity:NAME."))],
           kind: Annotated[Literal["articles", "events", "storylines"], Query(
               description="Articles (originals), or events or storylines ranked by their "
                           "matching articles.")] = "articles",
           limit: Annotated[int, Query(ge=1, le=1_000)] = 10,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> JSONResponse:
    """Full-text search, best first, with snippets in the original spelling whose hits are
    marked by offsets (never by markup). Spelling variants (أ/ا, ة/ه, ى/ي) and the clitics
    و ف ب ك ل and ال do not matter. A query that cannot be read is a 400 saying why."""
    parsed = parse_query(q)
    found = stores.search().search(parsed, kind, limit, offset)
    return answer(convert.search_page(found, parsed.dropped))


@router.get("/counts", response_model=CountsOut, tags=["search"])
def counts(stores: StoresDep,
           query: Annotated[str | None, Query(max_length=MAX_QUERY, description=(
               "Count the articles of this search query."))] = None,
           entity: Annotated[str | None, Query(max_length=500, description=(
               "Count the articles naming this entity (id or name)."))] = None,
           storyline: Annotated[str | None, Query(max_length=200, description=(
               "Count the articles of this storyline (id or unique prefix)."))] = None,
           by: Annotated[Literal["day", "outlet"], Query()] = "day") -> JSONResponse:
    """Articles per day or per outlet, of a query, an entity or a storyline (given together,
    each narrows the others); copies count, once per outlet that ran the article."""
    rows = stores.search().counts(count_query(query, entity, storyline), by, storyline)
    return answer({"by": by, "total": sum(r.articles for r in rows),
                   "counts": [{"key": r.key, "articles": r.articles} for r in rows]})


@router.get("/entities/{id}/cooccurring", response_model=CooccurOut, tags=["entities"])
def cooccurring(stores: StoresDep,
                id: Annotated[str, Path(max_length=500, description="An entity's id or name.")],
                limit: Annotated[int, Query(ge=1, le=1_000)] = 20) -> JSONResponse:
    """The entities most often named in the same articles as this one, with how many they
    share."""
    entity = stores.observatory().entity(id)  # an unknown entity: 404
    named, rows = stores.search().cooccurring(entity.id, limit)
    return answer({"entity": _named(named), "cooccurring": [_named(r) for r in rows]})


def _named(n: Any) -> dict[str, Any]:
    return {"id": n.id, "name": n.name, "type": n.type, "articles": n.articles}


@router.get("/timelines/{id}", response_model=TimelineOut, tags=["storylines"])
def timeline(stores: StoresDep, id: Annotated[str, Path(max_length=200, description=(
        "An event, storyline or article id, or a unique prefix."))]) -> JSONResponse:
    """The dated happenings of an event or storyline, each with the articles that report it."""
    obs = stores.observatory()
    kind, full = obs.reader.resolve(id)
    happenings = obs.timelines(kind, [full])[full]  # type: ignore[arg-type]
    rows = [happening_record(full, h) for h in happenings]
    for row in rows:
        del row["storyline_id"]
    return answer({"id": full, "kind": kind, "happenings": rows})


@router.get("/stats", response_model=dict[str, int], tags=["store"])
def stats(stores: StoresDep) -> JSONResponse:
    """What the store holds: articles, copies, events, storylines, rejections, findings."""
    return answer(stores.observatory().stats())
