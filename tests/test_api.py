"""The JSON API over real HTTP: a uvicorn server on a free port over a real store (the sample),
every endpoint's answers, pages, filters, errors, ETags and the admin-only ingestion."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ADMIN_TOKEN, serving

LISTS = ("articles", "events", "storylines", "entities", "quotes")


@pytest.fixture(scope="module")
def client(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=60) as c:
        yield c


def get(client: httpx.Client, path: str, status: int = 200, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def error(client: httpx.Client, path: str, status: int, **params: Any) -> dict[str, str]:
    body = get(client, path, status, **params)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


def each_page(client: httpx.Client, path: str, limit: int, **params: Any) -> list[Any]:
    items: list[Any] = []
    offset: int | None = 0
    while offset is not None:
        page = get(client, path, limit=limit, offset=offset, **params)
        assert page["offset"] == offset and page["limit"] == limit
        items += page["items"]
        offset = page["next_offset"]
    return items


def the_largest_storyline(client: httpx.Client) -> dict[str, Any]:
    return get(client, "/api/storylines", limit=1)["items"][0]  # type: ignore[no-any-return]


# --- lists ------------------------------------------------------------------------------------
def test_stats_count_what_the_store_holds(client: httpx.Client, api_db: Path) -> None:
    stats = get(client, "/api/stats")
    assert stats["articles"] >= 65 and stats["events"] > 0 and stats["storylines"] > 0
    assert stats["entities"] > 100 and stats["quotes"] > 50


@pytest.mark.parametrize("kind", LISTS)
def test_every_list_pages_through_its_total(client: httpx.Client, kind: str) -> None:
    first = get(client, f"/api/{kind}", limit=7)
    assert first["total"] > 7 and len(first["items"]) == 7 and first["next_offset"] == 7
    everything = each_page(client, f"/api/{kind}", 25)
    assert len(everything) == first["total"]
    assert everything[:7] == first["items"]
    if kind != "quotes":
        assert len({i["id"] for i in everything}) == first["total"]
    past = get(client, f"/api/{kind}", offset=first["total"] + 5)
    assert past["items"] == [] and past["total"] == first["total"] and past["next_offset"] is None


def test_articles_filtered_by_outlet_days_event_storyline_and_entity(client: httpx.Client) -> None:
    aawsat = get(client, "/api/articles", outlet="AAWSAT", limit=1000)
    assert 0 < aawsat["total"] < get(client, "/api/stats")["articles"]
    assert all(a["outlet"] == "aawsat" for a in aawsat["items"])
    day = get(client, "/api/articles", since="2015-07-23", until="2015-07-23", limit=1000)
    assert 50 < day["total"] < get(client, "/api/stats")["articles"]
    assert all(a["published"].startswith("2015-07-23") for a in day["items"])
    assert get(client, "/api/articles", since="2015-07-24")["total"] == 1  # a seed of 2024
    story = the_largest_storyline(client)
    in_story = get(client, "/api/articles", storyline=story["id"], limit=100)
    assert in_story["total"] == story["size"]
    assert {a["storyline_id"] for a in in_story["items"]} == {story["id"]}
    event = story["event_ids"][0]
    assert {a["event_id"] for a in get(client, "/api/articles", event=event)["items"]} == {event}
    iran = get(client, "/api/articles", entity="إيران", limit=100)
    assert 0 < iran["total"] == len(iran["items"])
    assert get(client, "/api/articles", entity="loc:ir", limit=100) == iran
    assert text_of(client, iran["items"][0]["id"]).count("يران") > 0


def text_of(client: httpx.Client, article_id: str) -> str:
    a = get(client, f"/api/articles/{article_id}")
    return f"{a['title']} {a['clean_text']}"


def test_events_and_storylines_filtered_and_sorted(client: httpx.Client) -> None:
    big = get(client, "/api/events", min_size=2, limit=100)
    assert big["items"] and all(e["size"] >= 2 for e in big["items"])
    sizes = [e["size"] for e in get(client, "/api/events", limit=100)["items"]]
    assert sizes == sorted(sizes, reverse=True)
    newest = [e["end"] or e["start"] for e in get(client, "/api/events", sort="newest",
                                                   since="2015-01-01", limit=100)["items"]]
    assert newest == sorted(newest, reverse=True)
    story = the_largest_storyline(client)
    of_story = get(client, "/api/events", storyline=story["id"][:8], limit=100)
    assert {e["id"] for e in of_story["items"]} == set(story["event_ids"])
    several = get(client, "/api/storylines", min_events=2)
    assert several["items"] and all(len(s["event_ids"]) >= 2 for s in several["items"])
    aawsat = get(client, "/api/storylines", outlet="aawsat", limit=100)
    assert 0 < aawsat["total"] < get(client, "/api/storylines")["total"]


def test_entities_and_quotes_filtered(client: httpx.Client) -> None:
    people = get(client, "/api/entities", type="PERS", limit=100)
    assert people["total"] > 0 and {e["type"] for e in people["items"]} == {"PERS"}
    story = the_largest_storyline(client)
    named = get(client, "/api/entities", storyline=story["id"], limit=100)
    assert 0 < named["total"] < get(client, "/api/entities")["total"]
    quote = get(client, "/api/quotes", limit=100)["items"]
    speaker = next(q["entity_id"] for q in quote if q["entity_id"])
    said = get(client, "/api/quotes", speaker=speaker, limit=100)
    assert said["total"] > 0 and {q["entity_id"] for q in said["items"]} == {speaker}
    in_story = get(client, "/api/quotes", storyline=story["id"], limit=100)
    ids = set(get(client, "/api/articles", storyline=story["id"], limit=100)["items"][0])
    assert in_story["total"] > 0 and ids


# --- single resources -------------------------------------------------------------------------
def test_an_article_in_full_with_its_findings(client: httpx.Client) -> None:
    first = get(client, "/api/articles", limit=1)["items"][0]
    a = get(client, f"/api/articles/{first['id']}")
    assert a["id"] == first["id"] and a["clean_text"] and a["text"]
    assert a["findings"]["mentions"] and {"surface", "start", "end", "type"} <= set(
        a["findings"]["mentions"][0])
    for m in a["findings"]["mentions"]:
        assert a["clean_text"][m["start"]:m["end"]] == m["surface"]
    assert get(client, f"/api/articles/{first['id'][:6]}")["id"] == first["id"]


def test_an_event_and_a_storyline_with_members_and_top_entities(client: httpx.Client) -> None:
    story = the_largest_storyline(client)
    s = get(client, f"/api/storylines/{story['id']}")
    assert [e["id"] for e in s["events"]] == story["event_ids"]
    assert s["top_entities"] and s["top_entities"][0]["mentions"] >= s["top_entities"][-1][
        "mentions"]
    e = get(client, f"/api/events/{story['event_ids'][0]}")
    assert [a["id"] for a in e["articles"]] == e["article_ids"]
    assert e["storyline_id"] == story["id"]


def test_an_entity_by_id_or_name_and_who_is_named_with_it(client: httpx.Client) -> None:
    top = get(client, "/api/entities", limit=1)["items"][0]
    by_id = get(client, f"/api/entities/{top['id']}")
    assert by_id["id"] == top["id"] and by_id["article_ids"] and by_id["mentions"] == top[
        "mentions"]
    assert get(client, f"/api/entities/{top['name']}")["id"] == top["id"]
    with_it = get(client, f"/api/entities/{top['id']}/cooccurring", limit=3)
    assert with_it["entity"]["id"] == top["id"] and 0 < len(with_it["cooccurring"]) <= 3
    assert top["id"] not in {n["id"] for n in with_it["cooccurring"]}


def test_timelines_of_a_storyline_and_an_event(client: httpx.Client) -> None:
    story = the_largest_storyline(client)
    t = get(client, f"/api/timelines/{story['id']}")
    assert t["kind"] == "storyline" and t["id"] == story["id"]
    dated = [h["date"] for h in t["happenings"] if h["date"]]
    assert dated and dated == sorted(dated)
    assert all(h["article_ids"] for h in t["happenings"])
    event = get(client, f"/api/timelines/{story['event_ids'][0]}")
    assert event["kind"] == "event" and event["happenings"]


# --- search and counts ------------------------------------------------------------------------
def test_search_ranks_pages_and_marks_hits(client: httpx.Client) -> None:
    found = get(client, "/api/search", q="بالسعوديه", limit=3)
    assert found["total"] > 3 and len(found["results"]) == 3 and found["next_offset"] == 3
    scores = [h["score"] for h in found["results"]]
    assert scores == sorted(scores, reverse=True)
    hit = found["results"][0]
    marked = [hit["snippet"]["text"][a:b] for a, b in hit["snippet"]["marks"]]
    marked += [hit["title_snippet"]["text"][a:b] for a, b in hit["title_snippet"]["marks"]]
    assert marked and all("سعودي" in m for m in marked)
    assert get(client, "/api/search", q="السعودية", limit=3)["total"] == found["total"]
    again = get(client, "/api/search", q="بالسعوديه", limit=3, offset=3)
    assert not {h["id"] for h in again["results"]} & {h["id"] for h in found["results"]}
    stories = get(client, "/api/search", q="أرمينيا", kind="storylines")
    assert stories["results"] and stories["results"][0]["kind"] == "storyline"


def test_counts_by_day_and_outlet_agree(client: httpx.Client) -> None:
    by_day = get(client, "/api/counts", query="السعودية")
    by_outlet = get(client, "/api/counts", query="السعودية", by="outlet")
    assert by_day["total"] == by_outlet["total"] > 0
    assert sum(c["articles"] for c in by_day["counts"]) == by_day["total"]
    story = the_largest_storyline(client)
    of_story = get(client, "/api/counts", storyline=story["id"])
    assert of_story["total"] == story["size"]
    top = get(client, "/api/entities", limit=1)["items"][0]
    assert get(client, "/api/counts", entity=top["id"], by="outlet")["total"] > 0


# --- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/articles/ffffffffffff", "/api/events/effffffffffff",
                                  "/api/storylines/sffffffffff", "/api/entities/pers:nobody",
                                  "/api/timelines/ffffffffffff", "/api/articles/abc",
                                  "/api/entities/nobody-at-all/cooccurring", "/api/no-such-thing"])
def test_unknown_ids_and_paths_are_404_json(client: httpx.Client, path: str) -> None:
    assert error(client, path, 404)["code"] == "not_found"


def test_an_id_of_another_kind_is_404(client: httpx.Client) -> None:
    story = the_largest_storyline(client)
    assert "not of a article" in error(client, f"/api/articles/{story['id']}", 404)["message"]
    assert error(client, "/api/articles", 404, event=story["id"])["code"] == "not_found"


@pytest.mark.parametrize(("path", "params"), [
    ("/api/articles", {"limit": -1}), ("/api/articles", {"limit": 100_000}),
    ("/api/events", {"offset": -3}), ("/api/events", {"offset": 10**30}),
    ("/api/events", {"sort": "biggest"}), ("/api/entities", {"type": "PERSON"}),
    ("/api/articles", {"since": "2015-13-45"}), ("/api/articles", {"originals_only": "maybe"}),
    ("/api/search", {}), ("/api/search", {"q": "x", "kind": "tweets"}),
    ("/api/counts", {"query": "عدن", "by": "week"}), ("/api/storylines", {"min_events": 0}),
])
def test_bad_parameters_are_422_json(client: httpx.Client, path: str,
                                     params: dict[str, Any]) -> None:
    assert error(client, path, 422, **params)["code"] == "invalid_parameter"


@pytest.mark.parametrize("q", ['"', "-اليمن", "OR", "from:2015-99-99", "a" * 3000, "entity:",
                               "entity:nobody-at-all", "from:2015-08-01 to:2015-07-01"])
def test_malformed_queries_are_400_with_the_reason(client: httpx.Client, q: str) -> None:
    assert error(client, "/api/search", 400, q=q)["code"] == "bad_query"


@pytest.mark.parametrize("q", ["NEAR(", '"*', "col:", "title:السعودية", "^الرياض", "*", "a OR",
                               "السعودية AND", "'; DROP TABLE articles; --", "\x00"])
def test_index_syntax_injection_is_never_a_server_error(client: httpx.Client, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400), r.text
    assert ("results" in r.json()) == (r.status_code == 200)


def test_counts_need_something_to_count(client: httpx.Client) -> None:
    assert error(client, "/api/counts", 400)["code"] == "bad_query"
    assert error(client, "/api/counts", 400, storyline="szz")["code"] == "bad_query"


def test_a_missing_store_is_503_json(tmp_path: Path) -> None:
    from marsad.api import create_app

    with serving(create_app(str(tmp_path / "none.db"))) as url:
        r = httpx.get(f"{url}/api/stats")
    assert r.status_code == 503 and r.json()["error"]["code"] == "no_store"
    assert "marsad ingest" in r.json()["error"]["message"]
    assert not (tmp_path / "none.db").exists()


def test_the_schema_documents_every_endpoint(client: httpx.Client) -> None:
    schema = get(client, "/openapi.json")
    paths = schema["paths"]
    for path in ("/api/articles", "/api/articles/{id}", "/api/events", "/api/events/{id}",
                 "/api/storylines", "/api/storylines/{id}", "/api/entities",
                 "/api/entities/{id}", "/api/entities/{id}/cooccurring", "/api/quotes",
                 "/api/timelines/{id}", "/api/search", "/api/counts", "/api/stats"):
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok, path
        assert "404" in paths[path]["get"]["responses"]
    assert "post" in paths["/api/articles"]
    assert "ErrorOut" in schema["components"]["schemas"]


def test_article_text_is_json_data_never_html(client: httpx.Client) -> None:
    r = client.get("/api/articles", params={"limit": 1})
    assert r.headers["x-content-type-options"] == "nosniff"
    r = client.get("/api/<script>alert(1)</script>")
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert "<script>" not in r.text


# --- caching ----------------------------------------------------------------------------------
def test_reads_carry_an_etag_and_answer_304_when_unchanged(client: httpx.Client) -> None:
    r = client.get("/api/stats")
    tag = r.headers["etag"]
    again = client.get("/api/events", params={"limit": 2}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    other = client.get("/api/stats", headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200 and other.json() == r.json()
    assert "etag" not in client.get("/api/nothing-here").headers


# --- ingestion --------------------------------------------------------------------------------
BODY = "\n".join(json.dumps(r, ensure_ascii=False) for r in [
    {"title": "افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار نشر",
     "text": "افتتح وزير الثقافة يوم الأحد معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر "
             "من ثلاثين دولة. وقال الوزير إن المعرض يستقبل زواره حتى نهاية الأسبوع المقبل، وإن "
             "برنامجه الثقافي يضم ندوات وأمسيات شعرية وورش عمل للأطفال.",
     "outlet": "test-outlet", "url": "https://example.org/2026/10/25/book-fair",
     "published": "2026-10-25T10:00:00+03:00"},
    {"title": 3},
    "not an object",
]) + "\nnot json at all\n"


def post(url: str, body: bytes | str, token: str | None = ADMIN_TOKEN,
         **params: Any) -> httpx.Response:
    headers = {} if token is None else {"Authorization": token} if token == "Basic" else {
        "Authorization": f"Bearer {token}"}
    return httpx.post(f"{url}/api/articles", content=body, headers=headers, params=params,
                      timeout=120)


def test_ingestion_is_refused_without_a_server_token(api_db: Path) -> None:
    from marsad.api import create_app

    with serving(create_app(str(api_db), admin_token=None)) as url:
        r = post(url, BODY)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert "MARSAD_ADMIN_TOKEN" in r.json()["error"]["message"]


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("wrong", 403), ("Basic", 401)])
def test_ingestion_needs_the_right_token(api_url: str, token: str | None, status: int) -> None:
    r = post(api_url, BODY, token=token)
    assert r.status_code == status and r.json()["error"]["code"] in ("unauthorized", "forbidden")


def test_ingestion_stores_once_and_reports_each_rejection(api_url: str,
                                                          client: httpx.Client) -> None:
    before = get(client, "/api/stats")
    tag = client.get("/api/stats").headers["etag"]
    r = post(api_url, BODY)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["stored"] == 1 and report["read"] == 1
    assert sorted(x["origin"] for x in report["rejections"]) == [
        "body:line 2", "body:line 3", "body:line 4"]
    assert all(x["reason"] for x in report["rejections"])
    assert report["extracted"]["articles"] == 1
    after = get(client, "/api/stats")
    assert after["articles"] == before["articles"] + 1
    assert client.get("/api/stats", headers={"If-None-Match": tag}).status_code == 200
    found = get(client, "/api/search", q="معرض الرياض للكتاب")
    assert found["results"][0]["outlet"] == "test-outlet"
    again = post(api_url, BODY).json()
    assert again["stored"] == 0 and again["already_stored"] == 1 and again["extracted"] is None
    assert {k: v for k, v in get(client, "/api/stats").items() if k != "rejections"} == {
        k: v for k, v in after.items() if k != "rejections"}  # rejections are logged each time


def test_an_empty_or_unreadable_body_is_400(api_url: str) -> None:
    for body in (b"", b"\x00\x01\x02\xff" * 100):
        r = post(api_url, body)
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_input", r.text


def test_a_busy_store_is_503_with_the_holder(api_url: str, api_db: Path) -> None:
    from marsad.observatory import Observatory
    from marsad.settings import Settings

    with Observatory(Settings(db=str(api_db)), command="a test holding the store"):
        r = post(api_url, BODY)
    assert r.status_code == 503 and r.json()["error"]["code"] == "store_busy"
    assert "a test holding the store" in r.json()["error"]["message"]


def test_every_answer_has_the_shape_its_schema_says(client: httpx.Client) -> None:
    from marsad.api import models

    story = the_largest_storyline(client)
    article = get(client, "/api/articles", limit=1)["items"][0]["id"]
    entity = get(client, "/api/entities", limit=1)["items"][0]["id"]
    shapes: list[tuple[str, dict[str, Any], type[Any]]] = [
        ("/api/articles", {}, models.PageOut[models.ArticleSummary]),
        ("/api/events", {}, models.PageOut[models.EventOut]),
        ("/api/storylines", {}, models.PageOut[models.StorylineSummary]),
        ("/api/entities", {}, models.PageOut[models.EntitySummary]),
        ("/api/quotes", {}, models.PageOut[models.QuoteOut]),
        (f"/api/articles/{article}", {}, models.ArticleOut),
        (f"/api/events/{story['event_ids'][0]}", {}, models.EventDetail),
        (f"/api/storylines/{story['id']}", {}, models.StorylineOut),
        (f"/api/entities/{entity}", {}, models.EntityOut),
        (f"/api/entities/{entity}/cooccurring", {}, models.CooccurOut),
        (f"/api/timelines/{story['id']}", {}, models.TimelineOut),
        ("/api/search", {"q": "السعودية", "kind": "events"}, models.SearchOut),
        ("/api/counts", {"query": "السعودية", "by": "outlet"}, models.CountsOut)]
    for path, params, model in shapes:
        body = get(client, path, **params)
        assert model.model_validate(body).model_dump(mode="json") == body, path


def test_a_repeated_read_is_answered_alike_from_the_kept_answers(client: httpx.Client) -> None:
    first = client.get("/api/search", params={"q": "الرياض", "limit": 5})
    again = client.get("/api/search", params={"q": "الرياض", "limit": 5})
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == "application/json"
