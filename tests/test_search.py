"""Arabic full-text search, counts over time and co-occurrence, on a real SQLite store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from marsad.arabic import normalize, normalize_small
from marsad.errors import QueryError
from marsad.search import parse_query, query_keys
from marsad.search.keys import strip_clitics
from marsad.search.snippets import snippet
from marsad.store import open_search
from marsad.store.sqlite_search import SQLiteSearch

FILLER = ("وأضاف المصدر أن الاجتماع تناول عددا من الملفات المشتركة بين البلدين، وأكد الجانبان "
          "أهمية مواصلة التنسيق والتشاور في المرحلة المقبلة بما يخدم مصالح الشعبين. ")
ARTICLES = [
    {"outlet": "okaz", "published": "2015-07-21T09:00:00", "url": "https://okaz.example/1",
     "title": "قوات التحالف تدعم المقاومة الشعبية في عدن",
     "text": "أعلنت قيادة التحالف أن المملكة العربية السعودية تواصل دعم المقاومة الشعبية في "
             "عدن، وقال المتحدث إن القوات وصلت إلى ميناء عدن بالسعوديّة وحلفائها. " + FILLER * 3},
    {"outlet": "sabq", "published": "2015-07-21T15:00:00", "url": "https://sabq.example/1",
     "title": "قوات التحالف تدعم المقاومة الشعبية في عدن",
     "text": "أعلنت قيادة التحالف أن المملكة العربية السعودية تواصل دعم المقاومة الشعبية في "
             "عدن، وقال المتحدث إن القوات وصلت إلى ميناء عدن بالسعوديّة وحلفائها. " + FILLER * 3},
    {"outlet": "alriyadh", "published": "2015-07-22T10:00:00", "url": "https://riyadh.example/1",
     "title": "وزير الخارجية عادل الجبير يلتقي نظيره الفرنسي في باريس",
     "text": "التقى وزير الخارجية عادل الجبير في باريس وزير الخارجية الفرنسي لوران فابيوس، "
             "وبحث الوزيران الاتفاق النووي مع إيران والأوضاع في اليمن. " + FILLER * 3},
    {"outlet": "okaz", "published": "2015-07-23T08:00:00", "url": "https://okaz.example/2",
     "title": "أسعار النفط تتراجع إلى أدنى مستوى في ستة أشهر",
     "text": "تراجعت أسعار النفط اليوم في الأسواق العالمية بسبب وفرة المعروض وتباطؤ الطلب، "
             "وقال محللون إن أسعار الخام قد تواصل الهبوط خلال الأسابيع المقبلة. " + FILLER * 3},
    {"outlet": "alwatan", "published": "2015-07-23T12:00:00", "url": "https://watan.example/1",
     "title": "وزارة الصحة تسجل إصابات جديدة بفيروس كورونا في الرياض",
     "text": "أعلنت وزارة الصحة تسجيل ثلاث إصابات جديدة بفيروس كورونا في مدينة الرياض، "
             "ودعت الوزارة المواطنين إلى اتباع الإرشادات الوقائية. " + FILLER * 3},
    {"outlet": "sabq", "published": "2015-07-24T18:00:00", "url": "https://sabq.example/2",
     "title": "الحوثيون يقصفون أحياء سكنية في تعز",
     "text": "قصفت ميليشيات الحوثيين أحياء سكنية في مدينة تعز، بينما تتقدم المقاومة "
             "الشعبية نحو مواقعهم شمال المدينة، ولم تعلق السعودية على الهجوم. " + FILLER * 3},
]
VARIANTS = ["السعودية", "سعودية", "بالسعودية", "والسعوديه", "للسعودية", "السعوديّة"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    (folder / "news.jsonl").write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    path = folder / "news.db"
    with marsad.open(path) as obs:
        obs.ingest(folder / "news.jsonl")
        obs.extract()
    return path


@pytest.fixture
def index(db: Path) -> Iterator[SQLiteSearch]:
    with SQLiteSearch(db) as idx:
        yield idx


def titles(idx: SQLiteSearch, query: str, kind: str = "articles") -> list[str]:
    return [h.title or "" for h in idx.search(parse_query(query), kind, 100).hits]  # type: ignore[arg-type]


# --- keys -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word, bare", [
    ("وبالسعوديه", "سعوديه"), ("للمنظمه", "منظمه"), ("الله", "الله"), ("بعدن", "عدن"),
    ("وعدن", "عدن"), ("لبشار", "شار"), ("بشار", "شار"), ("بعد", "بعد"),
])
def test_clitics_and_the_article_come_off_while_three_letters_remain(word: str, bare: str) -> None:
    assert strip_clitics(word) == bare


@pytest.mark.parametrize("forms", [
    VARIANTS, ["الأقصى", "الاقصى", "الأقصي", "بالأقصى", "والأقصى"],
    ["وزارة الصحة", "وزاره الصحه", "بوزارة الصحة"], ["الحوثيين", "حوثيين", "والحوثيين"],
    ["أوباما", "اوباما", "لأوباما"], ["عدن", "بعدن", "وعدن", "لعدن"],
])
def test_spelling_variants_have_one_key(forms: list[str]) -> None:
    assert len({tuple(query_keys(f)) for f in forms}) == 1
    assert query_keys(forms[0])


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
       | st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةـًٌٍَُِّْ٠١٢ ﻻپچژگک", max_size=30))
@settings(max_examples=300, deadline=None)
def test_normalize_small_is_normalize(text: str) -> None:
    assert normalize_small(text) == normalize(text)


# --- the query language ---------------------------------------------------------------------

@pytest.mark.parametrize("query, match", [
    ("عدن", '"عدن"'),
    ('"وزير الخارجية"', '"زير خارج"'),
    ("«وزير الخارجية»", '"زير خارج"'),
    ("عدن OR تعز", '("عدن" OR "تعز")'),
    ("الحوثيين عدن OR تعز -صنعاء", '"حوثي" AND ("عدن" OR "تعز") NOT ("صنعاء")'),
    ("NEAR(عدن تعز, 3)", '"near عدن" AND "تعز"'),
    ("title:عدن", '"title عدن"'),
    ('عدن "تعز', '"عدن" AND "تعز"'),
    ('عدن*', '"عدن"'),
    ("OR عدن OR", '"عدن"'),
    ("from:2015-07-21", None),
])
def test_queries_become_quoted_fts5_expressions(query: str, match: str | None) -> None:
    assert parse_query(query).match == match


@pytest.mark.parametrize("query, says", [
    ('"*', "nothing to search for"), ("^", "nothing to search for"), ("في من", "common"),
    ("-عدن", "cannot only leave out"), ("عدن " * 40, "more than 32"), ("ع" * 10_240, "2,000"),
    ("from:2015-13-01", "YYYY-MM-DD"), ("to:yesterday", "YYYY-MM-DD"),
    ("outlet:", "needs a value"), ("عدن -outlet:okaz", "cannot be excluded"),
    ("from:2015-08-01 to:2015-07-01", "swap"), ("outlet:a outlet:b عدن", "twice"),
])
def test_bad_queries_say_how_to_fix_them(query: str, says: str) -> None:
    with pytest.raises(QueryError, match=says):
        parse_query(query)


# --- searching a store ----------------------------------------------------------------------

def test_every_article_is_indexed_with_its_row(db: Path) -> None:
    con = sqlite3.connect(db)
    n_articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    n_indexed = con.execute("SELECT COUNT(*) FROM article_search").fetchone()[0]
    con.close()
    assert n_articles == n_indexed == len(ARTICLES)


def test_spelling_variants_and_clitics_find_the_same_articles(index: SQLiteSearch) -> None:
    found = [titles(index, v) for v in VARIANTS]
    assert found[0] and all(f == found[0] for f in found)


def test_words_phrases_or_and_exclusion(index: SQLiteSearch) -> None:
    assert titles(index, "عدن") == ["قوات التحالف تدعم المقاومة الشعبية في عدن"]
    assert titles(index, '"وزير الخارجية" باريس')[0].startswith("وزير الخارجية")
    assert titles(index, '"الخارجية وزير"') == []  # a phrase keeps its order
    assert len(titles(index, "تعز OR عدن")) == 2
    assert titles(index, "المقاومة -تعز") == ["قوات التحالف تدعم المقاومة الشعبية في عدن"]


def test_copies_are_searched_through_their_original(index: SQLiteSearch) -> None:
    [hit] = index.search(parse_query("عدن")).hits
    assert hit.copies == 1 and hit.outlet == "okaz"


def test_filters_outlet_days_and_entity(index: SQLiteSearch) -> None:
    assert titles(index, "السعودية outlet:SAB") == ["الحوثيون يقصفون أحياء سكنية في تعز"]
    assert len(titles(index, "from:2015-07-23 to:2015-07-23")) == 2
    assert titles(index, "السعودية to:2015-07-21") == [
        "قوات التحالف تدعم المقاومة الشعبية في عدن"]
    assert titles(index, "from:2015-07-22 entity:باريس") == [
        "وزير الخارجية عادل الجبير يلتقي نظيره الفرنسي في باريس"]
    with pytest.raises(QueryError, match="marsad entities"):
        index.search(parse_query("entity:نيكولاس"))


def test_title_weighs_more_than_text(index: SQLiteSearch) -> None:
    assert titles(index, "المقاومة")[0] == "قوات التحالف تدعم المقاومة الشعبية في عدن"


def test_snippets_mark_the_original_spelling(index: SQLiteSearch) -> None:
    [hit] = index.search(parse_query("والسعوديه عدن")).hits
    marked = {hit.snippet.text[a:b] for a, b in hit.snippet.marks}
    assert {"السعودية", "بالسعوديّة", "عدن"} <= marked
    assert hit.title_snippet.text[slice(*hit.title_snippet.marks[0])] == "عدن"
    assert "".join(p for p, _ in hit.snippet.segments()) == hit.snippet.text


def test_a_snippet_is_a_window_around_the_hits() -> None:
    text = "كلمة " * 100 + "وصل الوفد إلى عدن صباحاً " + "كلمة " * 100
    snip = snippet(text, frozenset(query_keys("عدن")))
    assert snip.text.startswith("…") and snip.text.endswith("…")
    assert len(snip.text.split()) <= 31
    assert [snip.text[a:b] for a, b in snip.marks] == ["عدن"]


def test_events_and_storylines_are_ranked_by_their_articles(index: SQLiteSearch) -> None:
    for kind in ("events", "storylines"):
        page = index.search(parse_query("عدن"), kind)  # type: ignore[arg-type]
        assert page.total == 1 and page.hits[0].matches == 2
        assert page.hits[0].kind == kind[:-1]
        assert {h.article_id for h in page.hits} <= {
            h.id for h in index.search(parse_query("عدن"), "articles").hits}


def test_pages_have_a_total_and_an_offset(index: SQLiteSearch) -> None:
    first = index.search(parse_query("from:2015-07-01"), limit=2)
    second = index.search(parse_query("from:2015-07-01"), limit=2, offset=2)
    assert first.total == second.total == 5  # originals
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    with pytest.raises(QueryError, match="limit"):
        index.search(parse_query("عدن"), limit=0)


def test_counts_per_day_and_outlet_count_copies(index: SQLiteSearch) -> None:
    by_day = {c.key: c.articles for c in index.counts(parse_query("السعودية"), "day")}
    assert by_day == {"2015-07-21": 2, "2015-07-24": 1}
    by_outlet = {c.key: c.articles for c in index.counts(parse_query("عدن"), "outlet")}
    assert by_outlet == {"okaz": 1, "sabq": 1}


def test_counts_of_a_storyline(index: SQLiteSearch, db: Path) -> None:
    con = sqlite3.connect(db)
    story = con.execute("SELECT g.parent_id FROM articles a JOIN groups g ON g.id = a.event_id "
                        "WHERE a.outlet = 'alwatan'").fetchone()[0]
    con.close()
    rows = index.counts(parse_query("from:2015-01-01"), "day", storyline=story)
    assert sum(r.articles for r in rows) >= 1
    with pytest.raises(QueryError, match="storyline"):
        index.counts(parse_query("from:2015-01-01"), "day", storyline="nothing-like-it")


def test_entities_named_together(index: SQLiteSearch) -> None:
    named, rows = index.cooccurring("باريس")
    assert named.articles == 1
    assert rows and all(r.articles == 1 and r.id != named.id for r in rows)


INJECTIONS = ["NEAR(", '"*', "col:", "^", "OR", "AND", "NOT", "-", '"', "(", ")", "*", ":",
              "title:عدن", 'body:"عدن', "NEAR(عدن تعز)", "عدن AND OR NOT", "{title body}: عدن",
              "\x00", "'", "%", "_", "\\"]


@given(st.lists(st.sampled_from(INJECTIONS) | st.text(max_size=12)
                | st.sampled_from(["عدن", "بالسعودية", "outlet:okaz", "from:2015-07-21",
                                   "entity:باريس", "to:2015-07-2"]), max_size=8),
       st.sampled_from(["articles", "events", "storylines"]))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_gives_results_or_a_query_error(index: SQLiteSearch, parts: list[str],
                                                  kind: str) -> None:
    try:
        page = index.search(parse_query(" ".join(parts)), kind, 5)  # type: ignore[arg-type]
    except QueryError as exc:
        assert str(exc)
    else:
        assert page.total >= len(page.hits)


# --- an older store, and the command line ---------------------------------------------------

def test_a_store_made_before_the_index_is_indexed_by_its_next_writer(tmp_path: Path,
                                                                     db: Path) -> None:
    old = tmp_path / "old.db"
    src = sqlite3.connect(db)
    src.backup(dest := sqlite3.connect(old))
    src.close()
    dest.execute("INSERT INTO article_search(article_search) VALUES ('delete-all')")
    dest.execute("INSERT INTO state(name, value) VALUES ('search_backfill', 0)")
    dest.commit()
    dest.close()
    with open_search(str(old)) as idx:
        page = idx.search(parse_query("عدن"))
        assert page.total == 0 and not page.complete
    marsad.open(old).close()
    with open_search(str(old)) as idx:
        page = idx.search(parse_query("عدن"))
        assert page.total == 1 and page.complete


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_search_counts_cooccur_and_reindex_through_the_cli(tmp_path: Path, db: Path) -> None:
    table = run("search", "بالسعودية", "--db", str(db), cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "of 2 articles match" in table.stdout and "بالسعوديّة" in table.stdout
    page = json.loads(run("search", "عدن", "--kind", "events", "--format", "json", "--db",
                          str(db), cwd=tmp_path).stdout)
    assert page["total"] == 1 and page["results"][0]["snippet"]["marks"]
    counted = json.loads(run("counts", "--query", "السعودية", "--by", "outlet", "--format",
                             "json", "--db", str(db), cwd=tmp_path).stdout)
    assert counted["total"] == 3
    named = run("cooccur", "باريس", "--db", str(db), cwd=tmp_path)
    assert named.returncode == 0 and "Named with" in named.stdout
    bad = run("search", '"* ^', "--db", str(db), cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    redone = run("reindex", "--db", str(copy), cwd=tmp_path)
    assert redone.returncode == 0 and "6 articles indexed" in redone.stderr


def test_search_loads_neither_numpy_nor_the_pipeline(tmp_path: Path, db: Path) -> None:
    code = ("import sys; sys.argv = ['marsad', 'search', 'عدن', '--db', sys.argv[1]]; "
            "from marsad.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'scipy', 'datasketch', 'marsad.stories', "
            "'marsad.pipeline', 'sklearn') if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_the_keys_the_workers_make_are_those_the_store_makes(tmp_path: Path, db: Path) -> None:
    copy = tmp_path / "again.db"
    copy.write_bytes(db.read_bytes())
    from marsad.store.sqlite_search import rebuild

    assert rebuild(copy) == len(ARTICLES)

    def instances(path: Path) -> list[tuple[str, int, str, int]]:
        con = sqlite3.connect(path)
        con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, article_search, instance)")
        rows = con.execute("SELECT term, doc, col, offset FROM temp.v ORDER BY 1, 2, 3, 4").fetchall()
        con.close()
        return rows

    assert instances(db) == instances(copy) != []
