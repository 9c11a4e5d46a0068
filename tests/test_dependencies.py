"""pyproject.toml declares what src/ imports, and src/ imports what pyproject.toml declares."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dist(requirement: str) -> str:
    """The normalised distribution name of a requirement: "PyStemmer>=2.2" -> "pystemmer"."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name is not None, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def _imported_modules() -> set[str]:
    """Top-level modules that src/marsad imports, other than the standard library and marsad."""
    found: set[str] = set()
    for path in (ROOT / "src" / "marsad").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"marsad", "__future__"}


def test_every_import_is_declared_and_every_dependency_imported() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_dist(r) for r in project["dependencies"]}
    optional = {_dist(r) for extra in ("postgres",)
                for r in project["optional-dependencies"][extra]}
    owners = packages_distributions()
    imported = {_dist(owners.get(m, [m])[0]) for m in _imported_modules()}
    assert imported - declared - optional == set(), "imported by src/ but not declared"
    assert declared - imported == set(), "declared but never imported by src/"
    assert "dask" not in project["optional-dependencies"]
