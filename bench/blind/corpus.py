"""What the draw scripts share: the SaudiNewsNet records of the days not held out, and the URLs
of the older sets (read while rules were written), which no blind set may hold."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNN = ROOT.parent / "shared" / "data" / "saudinewsnet"
HELD_OUT = {"2015-08-06", "2015-08-07", "2015-08-09", "2015-08-10", "2015-08-11"}
OLD_SETS = ("quotes_gold_snn.json", "quotes_dev_snn.json", "dates_gold_snn.json",
            "ner_gold_snn.json", "ner_gold2_snn.json", "ner_dev_snn.json")


def seen_urls() -> set[str]:
    """The URLs of the articles of the older quote, date and NER sets."""
    urls: set[str] = set()
    for name in OLD_SETS:
        text = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        urls |= set(re.findall(r'"url":\s*"([^"]+)"', text))
    return urls


def records() -> Iterator[tuple[Path, dict]]:
    """(day file, record) of every SaudiNewsNet record of the days not held out, in order."""
    for zpath in sorted(SNN.glob("*.zip")):
        if zpath.stem in HELD_OUT:
            continue
        with zipfile.ZipFile(zpath) as z:
            for member in z.namelist():
                for rec in json.load(z.open(member)):
                    yield zpath, rec


def set_files(number: int) -> tuple[str, str, Path]:
    """The pairs file, the articles file and the readers' work folder of blind set `number`
    (set 1: pairs.jsonl, articles.jsonl, work/; set 2: pairs2.jsonl, articles2.jsonl,
    work/set2/ …)."""
    here = Path(__file__).resolve().parent
    if number == 1:
        return "pairs.jsonl", "articles.jsonl", here / "work"
    return f"pairs{number}.jsonl", f"articles{number}.jsonl", here / "work" / f"set{number}"


def earlier_sets(number: int) -> set[str]:
    """The URLs of the articles of the blind sets before set `number` (a new set holds none)."""
    here = Path(__file__).resolve().parent
    urls: set[str] = set()
    for earlier in range(1, number):
        pairs, articles, _ = set_files(earlier)
        for line in (here / pairs).read_text(encoding="utf-8").splitlines():
            urls |= {json.loads(line)[side]["url"] for side in ("a", "b")}
        for line in (here / articles).read_text(encoding="utf-8").splitlines():
            urls.add(json.loads(line)["url"])
    return urls
