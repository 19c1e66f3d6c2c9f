"""Where the course's files live, so that no notebook or module hard-codes a path.

The library is installed in editable mode from the repository, so the data folder is found
relative to this file. `TREATYLENS_DATA` overrides it, which lets tests point the loaders at
small hand-made files.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The `data/` folder: `$TREATYLENS_DATA` if set, else the repository's own."""
    override = os.environ.get("TREATYLENS_DATA")
    return Path(override) if override else REPO_ROOT / "data"


def data_path(*parts: str) -> Path:
    """A path inside the data folder, e.g. `data_path("treaties", "events.csv")`."""
    return data_dir().joinpath(*parts)


def figures_dir() -> Path:
    """The `figures/` folder that `make figures` writes to."""
    return REPO_ROOT / "figures"
