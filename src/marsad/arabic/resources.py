"""Loading of the language resources kept as data files under `marsad/arabic/data`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def data_text(package: str, name: str) -> str:
    """The text of a data file shipped in `package`'s `data/` folder."""
    return (resources.files(package) / "data" / name).read_text(encoding="utf-8")


def data_json(package: str, name: str) -> Any:
    """A JSON data file shipped in `package`'s `data/` folder."""
    return json.loads(data_text(package, name))


def data_lines(package: str, name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    out = []
    for line in data_text(package, name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def months() -> dict[str, dict[str, int]]:
    """Month and weekday names by series, normalised: {'gregorian': {'يناير': 1, ...}, ...}."""
    table = data_json("marsad.arabic", "months.json")
    return {k: v for k, v in table.items() if not k.startswith("_")}
