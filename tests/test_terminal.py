"""What reaches the terminal: article content never drives it (escape sequences, bidi overrides,
emoji codes, markup), lists say what they leave out, and the CLI reads well (--version, help,
readable dates, counts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from marsad import render

ESC = "\x1b"
OSC_TITLE = ESC + "]0;HACKED\x07"  # sets the window title
OSC_LINK = ESC + "]8;;http://evil.example" + ESC + "\\hidden" + ESC + "]8;;" + ESC + "\\"
CLEAR = ESC + "[2J"
FORGE = ESC + "[1A" + ESC + "[2K"  # erase the line above: the next line passes for a log line
OPEN_OSC = ESC + "]0;never closed"
RLO = "\u202e"  # right-to-left override: what follows is shown reversed


def marsad(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `marsad` command (as a user does), no colours, a wide terminal."""
    script = Path(sys.executable).with_name("marsad")
    command = [str(script)] if script.exists() else [sys.executable, "-c",
                                                     "from marsad.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env | {"COLUMNS": "200", "NO_COLOR": "1"})


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert ESC not in stream and "\x9b" not in stream and "\x07" not in stream
        assert RLO not in stream and "\u2066" not in stream
        assert "🔥" not in stream and "©" not in stream


QUOTES = " ".join(f'وقال رئيس الوزراء الأرميني نيكول باشينيان إن "الجولة رقم {n} من المفاوضات '
                  f'انتهت في العاصمة" مساء اليوم.' for n in range(1, 13))
ARTICLES = [
    {"title": f"عاجل {OSC_TITLE}اجتماع الحكومة :copyright: [bold red]x[/] {RLO}عكس",
     "text": "قال نيكول باشينيان إن \"المفاوضات :fire: مستمرة\" مع الجيران. " * 2
     + f"{CLEAR}خبر عن الاجتماع الحكومي في العاصمة. " * 12,
     "outlet": f"evil{CLEAR}{RLO}outlet", "published": "2024-10-25", "url": "http://x.example/1"},
    {"title": f"رابط {OSC_LINK} :fire: وزير الخارجية يزور موسكو",
     "text": "زار وزير الخارجية موسكو لبحث العلاقات الثنائية. " * 10 + f"{FORGE}rejected: forged",
     "outlet": "sabq", "published": "2024-10-26", "url": "http://x.example/2"},
    {"title": f"تصريحات باشينيان {OPEN_OSC}", "text": QUOTES, "outlet": "sabq",
     "published": "2024-10-27", "url": "http://x.example/3"},
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store ingested through the CLI from hostile inputs: (folder, store, ingest output)."""
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "news.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n"
                                            for a in ARTICLES), encoding="utf-8")
    with zipfile.ZipFile(tmp / "archive.zip", "w") as z:
        z.writestr(f"bad{OSC_TITLE}{CLEAR}{RLO}.json", "not json")
    (tmp / f"f{ESC}[31m{RLO}red.jsonl").write_text("{broken\n", encoding="utf-8")
    db = str(tmp / "h.db")
    ingest = marsad("ingest", "news.jsonl", "archive.zip", f"f{ESC}[31m{RLO}red.jsonl", "--db", db,
                    cwd=tmp)
    assert "3 stored" in ingest.stderr, ingest.stderr
    return tmp, db, ingest.stdout + ingest.stderr


@pytest.mark.parametrize(("text", "expected"), [
    (f"عاجل {OSC_TITLE}خبر", "عاجل خبر"),
    (f"رابط {OSC_LINK}", "رابط hidden"),
    (f"{CLEAR}مسح الشاشة", "مسح الشاشة"),
    (f"سطر{FORGE}rejected: forged", "سطرrejected: forged"),
    # an OSC left open loses its introducer: no terminal reads the rest as a command, and the
    # text after it is kept (a stray one must not cut an article)
    (f"عنوان {OPEN_OSC}\nما بعده", "عنوان 0;never closed ما بعده"),
    (f"{RLO}عكس النص", "عكس النص"),
    ("\u2067معزول\u2069 \u202bمضمن\u202c", "معزول مضمن"),
    ("\x9b31mأحمر\x9b0m \x9d0;title\x9c", "أحمر "),  # C1 forms of CSI and OSC
    (f"{ESC}P1$r{ESC}\\DCS", "DCS"),
    ("خبر\rrejected: forged", "خبر rejected: forged"),  # a carriage return cannot overwrite
    ("سطر\nسطر\u2028آخر\tعمود", "سطر سطر آخر عمود"),
    ("\u200fعلامة اتجاه\u200e تبقى", "\u200fعلامة اتجاه\u200e تبقى"),  # marks are harmless
])
def test_plain_leaves_no_terminal_control(text: str, expected: str) -> None:
    assert render.plain(text) == expected


def test_plain_keeps_lines_when_asked() -> None:
    assert render.plain(f"سطر\r\nسطر{CLEAR}\tعمود", oneline=False) == "سطر\nسطر\tعمود"


def test_consoles_print_emoji_codes_and_markup_of_untrusted_text_as_text() -> None:
    console = render.console()
    with console.capture() as captured:
        console.print(f"[bold]{render.safe('[red]خبر[/] :fire: :copyright:')}[/]")
    assert captured.get().strip() == "[red]خبر[/] :fire: :copyright:"


@pytest.mark.parametrize("command", [
    ["events", "--min-size", "1"], ["storylines", "--min-events", "1"], ["entities"], ["quotes"],
    ["quotes", "--format", "json"], ["events", "--min-size", "1", "--format", "json"],
    ["export", "articles", "--format", "csv"], ["export", "articles"], ["export", "timelines"],
    ["stats"],
])
def test_lists_and_exports_reach_the_terminal_clean(hostile: tuple[Path, str, str],
                                                    command: list[str]) -> None:
    tmp, db, _ = hostile
    result = marsad(*command, "--db", db, cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert_clean(result)


def test_show_and_timeline_reach_the_terminal_clean(hostile: tuple[Path, str, str]) -> None:
    tmp, db, _ = hostile
    rows = [json.loads(line) for line in marsad("export", "articles", "--db", db,
                                                cwd=tmp).stdout.splitlines()]
    assert rows[0]["outlet"].endswith(RLO + "outlet")  # the store keeps what it was given
    shown = []
    for row in rows:
        for id_ in (row["id"], row["event_id"], row["storyline_id"]):
            result = marsad("show", id_, "--db", db, cwd=tmp)
            assert result.returncode == 0, result.stderr
            assert_clean(result)
            shown.append(result.stdout)
        timeline = marsad("timeline", row["storyline_id"], "--db", db, cwd=tmp)
        assert_clean(timeline)
    article = shown[0]
    assert ":copyright:" in article and "[bold red]x[/]" in article and ":fire:" in article
    assert "outlet" in article and "خبر عن الاجتماع الحكومي" in article


def test_ingest_names_hostile_files_and_zip_members_clean(hostile: tuple[Path, str, str]) -> None:
    _, _, output = hostile
    assert ESC not in output and RLO not in output and "\x07" not in output
    assert "archive.zip" in output and "bad" in output and "red.jsonl" in output


def test_show_entity_by_latin_name_says_how_many_quotes_it_lists(
        hostile: tuple[Path, str, str]) -> None:
    tmp, db, _ = hostile
    result = marsad("show", "Pashinyan", "--db", db, cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert "pers:pashinyan" in result.stdout
    total = len(json.loads(marsad("quotes", "--speaker", "pers:pashinyan", "--limit", "100",
                                  "--format", "json", "--db", db, cwd=tmp).stdout))
    assert total > 10
    assert f"10 of {total}" in result.stdout
    assert "marsad quotes --speaker pers:pashinyan" in result.stdout
    assert marsad("show", "PASHINYAN", "--db", db, cwd=tmp).returncode == 0


def test_list_filters_dates_outlets_order_and_json(hostile: tuple[Path, str, str]) -> None:
    tmp, db, _ = hostile

    def events(*args: str) -> list[dict[str, object]]:
        result = marsad("events", "--min-size", "1", "--format", "json", *args, "--db", db,
                        cwd=tmp)
        assert result.returncode == 0, result.stderr
        rows: list[dict[str, object]] = json.loads(result.stdout)
        return rows

    assert [str(e["start"])[:10] for e in events("--sort", "newest")] == [
        "2024-10-27", "2024-10-26", "2024-10-25"]
    assert [str(e["start"])[:10] for e in events("--since", "2024-10-26", "--until",
                                                 "2024-10-26")] == ["2024-10-26"]
    assert len(events("--outlet", "SABQ")) == 2 and len(events("--outlet", "evil")) == 1
    quotes = marsad("quotes", "--outlet", "evil", "--format", "json", "--db", db, cwd=tmp)
    assert {q["article_id"] for q in json.loads(quotes.stdout)} == {
        json.loads(marsad("export", "articles", "--db", db, cwd=tmp).stdout.splitlines()[0])["id"]}
    none = marsad("events", "--since", "2030-01-01", "--db", db, cwd=tmp)
    assert "none of the 3 events" in none.stderr and "--since" in none.stderr
    storylines = marsad("storylines", "--min-events", "1", "--sort", "newest", "--format",
                        "json", "--limit", "1", "--db", db, cwd=tmp)
    assert str(json.loads(storylines.stdout)[0]["end"])[:10] == "2024-10-27"
    newest = marsad("entities", "--sort", "newest", "--since", "2024-10-27", "--format", "json",
                    "--db", db, cwd=tmp)
    assert all(str(e["last_seen"]) >= "2024-10-27" for e in json.loads(newest.stdout))


def test_events_on_a_small_store_say_what_was_filtered_out(
        hostile: tuple[Path, str, str]) -> None:
    tmp, db, _ = hostile
    result = marsad("events", "--db", db, cwd=tmp)  # every event has one article
    assert result.returncode == 0
    assert "none of the 3 events" in result.stderr and "--min-size" in result.stderr


@pytest.mark.parametrize(("partial", "expected"), [
    ({"years": -1}, "1 year before publication (publication date unknown)"),
    ({"days": -2, "weekday": 0}, "الاثنين · 2 days before publication (publication date unknown)"),
    ({"month": 11, "day": 28}, "28 نوفمبر (year unknown)"),
    ({"month": 3, "offset": 1}, "مارس المقبل (year unknown)"),
    ({"weekday": 3, "offset": -1}, "الخميس الماضي (week unknown)"),
    ({"day": 5, "months": -1}, "day 5 · 1 month before publication (publication date unknown)"),
])
def test_unresolved_dates_read_as_words_not_internals(partial: dict[str, int],
                                                      expected: str) -> None:
    assert render.undated(partial) == expected


def test_version_and_help_read_plainly(tmp_path: Path) -> None:
    version = marsad("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("marsad 0.")
    top = marsad("--help", cwd=tmp_path).stdout
    commands = top.split("Commands:")[1].strip("\n").splitlines()
    assert all(line.startswith("  ") and line.split()[0].isalpha() for line in commands)
    for name in ("export", "ingest", "events"):
        assert "<bool>" not in marsad(name, "--help", cwd=tmp_path).stdout


def test_reading_commands_do_not_import_the_pipeline() -> None:
    code = ("import sys, marsad.cli; print(sorted(m for m in ('marsad.pipeline', 'sklearn', "
            "'marsad.extract.entities') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
