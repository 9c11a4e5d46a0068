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
