"""Fuzzing every GET endpoint of the API from its own OpenAPI schema, over real HTTP: for each
path, hypothesis fills every parameter the schema lists (and the path's id) with values in and
far out of range (Arabic text, index syntax such as NEAR( "* col:, 10 kB of text, control and
bidi characters, negative and huge integers, bad dates and enums). Every answer must be JSON with
a status below 500: the data, or {"error": {"code", "message"}} with a 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

INJECTIONS = ["NEAR(", '"*', "col:", "title:السعودية", "body:x", "^الرياض", "*", '"', '""',
              "OR", "AND", "NOT", "-", "- -", "(", ")", "'", "%", "_", "\\", "\x00", "\u202e",
              "{", "}", "[", ":", "outlet:", "from:", "to:2015-02-30", "entity:", "entity:\"",
              "a OR OR b", "-\"\"", "NEAR(a b, 3)", "السعودية*", "' OR 1=1 --", "<script>",
              "../../etc/passwd", "%00", "%ff", "\ufeff", "ـــ", "ً", "١٢٣"]
LONG = ["a" * 10_000, "السعودية " * 1_100, "x" * 30_000]
ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
                 | st.sampled_from(" \"'-:()*^«»"), max_size=60)
JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
INTS = st.one_of(st.integers(-5, 60), st.integers(-10**40, 10**40),
                 st.sampled_from([0, 1, 999, 1000, 1001, 10_000, 10**9, 10**9 + 1, 2**63, -2**63]))
TEXT = st.one_of(ARABIC, JUNK, st.sampled_from(INJECTIONS + LONG),
                 st.lists(st.sampled_from(INJECTIONS), min_size=2, max_size=6).map(" ".join))


def scalar(schema: dict[str, Any], components: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for one parameter: what its schema allows, and much that it does not."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    mine: list[st.SearchStrategy[Any]] = []
    for s in options:
        if "$ref" in s:
            s = components[s["$ref"].rsplit("/", 1)[-1]]
        if "enum" in s:
            mine.append(st.sampled_from(s["enum"]))
        if s.get("type") == "integer":
            lo, hi = s.get("minimum", -10**6), s.get("maximum", 10**6)
            mine.append(st.integers(lo, hi))
        if s.get("type") == "boolean":
            mine.append(st.sampled_from(["true", "false", "1", "0", "yes", "maybe"]))
        if s.get("format") == "date":
            mine.append(st.dates().map(str))
            mine.append(st.sampled_from(["2015-13-01", "2015-02-30", "0000-01-01", "tomorrow"]))
    return st.one_of(*mine, TEXT, INTS)


@pytest.fixture(scope="module")
def schema(api_url: str) -> dict[str, Any]:
    return httpx.get(f"{api_url}/openapi.json").json()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def client(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def known_ids(client: httpx.Client) -> list[str]:
    """Real ids and names of the store, so that the fuzzing also reaches the happy paths."""
    ids = []
    for kind in ("articles", "events", "storylines", "entities"):
        items = client.get(f"/api/{kind}", params={"limit": 3}).json()["items"]
        ids += [i["id"] for i in items] + [i["id"][:5] for i in items]
    ids += [e["name"] for e in client.get("/api/entities", params={"limit": 3}).json()["items"]]
    return ids


def get_paths() -> list[str]:
    """The GET paths of the API, read from the app's schema (no server needed)."""
    from marsad.api import create_app

    spec = create_app("unused.db").openapi()
    return sorted(p for p, ops in spec["paths"].items() if "get" in ops and p.startswith("/api"))


def required_keys(response: dict[str, Any], components: dict[str, Any]) -> set[str]:
    body = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = components[body["$ref"].rsplit("/", 1)[-1]]
    return set(body.get("required", []))


@pytest.mark.parametrize("path", get_paths())
def test_no_get_endpoint_answers_a_server_error(path: str, schema: dict[str, Any],
                                                client: httpx.Client,
                                                known_ids: list[str]) -> None:
    operation = schema["paths"][path]["get"]
    components = schema["components"]["schemas"]
    params = {p["name"]: (p["in"], scalar(p["schema"], components))
              for p in operation.get("parameters", [])}
    ok_keys = required_keys(operation["responses"]["200"], components)

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        url, query = path, {}
        for name, (where, values) in params.items():
            if where == "path":
                value = data.draw(st.one_of(st.sampled_from(known_ids), values), label=name)
                url = url.replace("{" + name + "}", quote(str(value), safe="") or "%20")
            elif data.draw(st.booleans(), label=f"give {name}"):
                query[name] = str(data.draw(values, label=name))
        try:
            r = client.get(url, params=query)
        except httpx.InvalidURL:  # over httpx's own limit (64 kB): never sent
            reject()
        assert r.status_code < 500, (url, query, r.text[:300])
        body = r.json()
        if r.status_code == 200:
            assert ok_keys <= set(body), (url, query)
        elif r.status_code != 304:
            assert set(body["error"]) == {"code", "message"}, body

    run()


@pytest.mark.parametrize("raw", ["q=%ff%fe", "q=%ed%a0%80", "q=%", "q=%zz", "q=a&q=b",
                                 "q=" + "%e2%80%ae" * 50, "kind=articles", "q=" + "%41" * 20_000])
def test_raw_query_strings_are_never_a_server_error(client: httpx.Client, raw: str) -> None:
    r = client.get(f"/api/search?{raw}")
    assert r.status_code < 500 and (r.status_code == 200 or "error" in r.json()), r.text[:200]


@pytest.mark.parametrize("path", ["/api/articles/%ff", "/api/entities/%00", "/api/events/%2e%2e",
                                  "/api/timelines/" + "ي" * 300, "/api/storylines/%20%20%20%20",
                                  "/api/entities/" + "%e2%80%ae" * 10 + "/cooccurring"])
def test_odd_ids_are_4xx_json(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert 400 <= r.status_code < 500 and "error" in r.json(), r.text[:200]
