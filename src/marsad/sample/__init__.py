"""The demo sample shipped with marsad: see README.md beside this file for origin and licence."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_paths() -> list[Path]:
    """The sample inputs: the seeds folder and one SaudiNewsNet day file."""
    root = Path(str(resources.files("marsad.sample")))
    return [root / "seeds", *sorted(root.glob("*.zip"))]
