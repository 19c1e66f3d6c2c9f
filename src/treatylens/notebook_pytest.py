"""A pytest plugin for every notebook cell pytest runs (lessons, assignments, student copies).

nbval runs each cell and keeps its outputs on the test item; this wrapper fails the cell when
a table it displays cuts a cell's text short, because the course never cuts evidence a
prompt asks students to read (see `treatylens.notebook_checks.truncated_cells`). The
repository's root `conftest.py` loads it; `pytest -p treatylens.notebook_pytest` loads it
anywhere else.
"""

from __future__ import annotations

from functools import cache

import pytest

from treatylens.notebook_checks import truncated_cells, verbatim_in
from treatylens.paths import data_path


@cache
def _data_texts() -> list[str]:
    """Every text file of data/, read once: a cell quoted whole from them is not a cut."""
    return [path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(data_path().rglob("*"))
            if path.suffix in (".csv", ".txt", ".md", ".json") and path.is_file()]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    outputs = getattr(item, "test_outputs", None) or []
    cut = [cell for output in outputs for cell in truncated_cells(output)
           if not verbatim_in(cell, _data_texts())]
    if cut:
        shown = "\n  ".join(repr(cell[-80:]) for cell in cut[:5])
        raise AssertionError(
            f"{item.nodeid}: {len(cut)} displayed table cell(s) cut short, e.g.\n  {shown}\n"
            "Set pd.set_option('display.max_colwidth', None) or wrap the text instead."
        )
    return result
