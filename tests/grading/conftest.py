"""A mini assignment built once per test session, and helpers to make submissions from it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from grading.mini_assignment import write_master
from treatylens.grading.build import build


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/mini built from the mini master by `make assignments`' own code (otter assign)."""
    root = tmp_path_factory.mktemp("mini")
    master = write_master(root / "masters")
    return build(master, root / "dist", force=True)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def with_id(notebook: dict, student: str) -> dict:
    """A copy of `notebook` whose id cell says `student`."""
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "STUDENT_ID =" in source:
            cell["source"] = re.sub(r'STUDENT_ID = "[^"]*"', f'STUDENT_ID = "{student}"', source,
                                    count=1)
            return nb
    raise AssertionError("no id cell")


def code_index(nb: dict, starts: str) -> int:
    """The index of the first code cell whose source starts with `starts`."""
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and source.startswith(starts):
            return index
    raise AssertionError(f"no code cell starting {starts!r}")


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
            "execution_count": None}


def save(folder: Path, name: str, notebook: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path
