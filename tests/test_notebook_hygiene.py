"""Committed notebooks follow the house rules; the checker itself is shown to catch breaches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treatylens.notebook_checks import headings, notebook_problems

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))


def test_there_are_lessons() -> None:
    assert LESSONS, "no lesson notebooks found in notebooks/"
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in LESSONS


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_lesson_is_clean_and_complete(notebook: Path) -> None:
    problems = notebook_problems(notebook)
    assert not problems, "\n".join(problems)


def _write(tmp_path: Path, cells: list[dict], **metadata: object) -> Path:
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}, **metadata},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(source: str, outputs: list | None = None, count: int | None = None) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": outputs or [],
        "execution_count": count,
    }


SKELETON = [
    _markdown("# Title\n\n## Overview\n"),
    _markdown("## 3. Exercises"),
    _markdown("## Key points"),
    _markdown("## Sources"),
]


def test_clean_skeleton_passes(tmp_path: Path) -> None:
    assert notebook_problems(_write(tmp_path, [*SKELETON, _code("1 + 1")])) == []


def test_outputs_are_reported_with_the_notebook_name(tmp_path: Path) -> None:
    output = {"output_type": "stream", "name": "stdout", "text": "2\n"}
    path = _write(tmp_path, [*SKELETON, _code("print(2)", [output], 3)])
    problems = notebook_problems(path)
    assert any("saved outputs" in p and str(path) in p for p in problems)
    assert any("execution count" in p for p in problems)


def test_missing_key_points_is_reported(tmp_path: Path) -> None:
    cells = [c for c in SKELETON if "Key points" not in c["source"]]
    problems = notebook_problems(_write(tmp_path, cells))
    assert problems == [f"{tmp_path / 'lesson.ipynb'}: missing the 'Key points' section "
                        "(a Markdown heading)"]


def test_widget_state_and_wrong_kernel_are_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, SKELETON, widgets={"state": {}})
    notebook = json.loads(path.read_text())
    notebook["metadata"]["kernelspec"]["name"] = "myenv"
    path.write_text(json.dumps(notebook))
    problems = notebook_problems(path)
    assert any("widget state" in p for p in problems)
    assert any("'myenv'" in p for p in problems)


def test_broken_json_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json")
    assert "cannot be read" in notebook_problems(path)[0]


def test_headings_drop_numbering() -> None:
    notebook = {"cells": [_markdown("## 2.1 Joins\n### 10. Key points ##")]}
    assert headings(notebook) == ["Joins", "Key points"]


# --- Displayed tables never cut a cell ------------------------------------------------------

def _html_output(html_text: str) -> dict:
    return {"output_type": "execute_result", "data": {"text/html": html_text}}


def test_truncated_cells_finds_pandas_and_hand_made_cuts():
    import pandas as pd

    from treatylens.notebook_checks import truncated_cells

    table = pd.DataFrame({"note": ["Ratified by the parliament on 3 May " * 4, "short"]})
    with pd.option_context("display.max_colwidth", 30):
        cut_html = table._repr_html_()
        cut_plain = repr(table)
    assert len(truncated_cells(_html_output(cut_html))) == 1
    plain = {"output_type": "execute_result", "data": {"text/plain": cut_plain}}
    assert len(truncated_cells(plain)) == 1
    assert truncated_cells(_html_output("<table><tr><td>Party to the Conv…</td></tr></table>"))


def test_truncated_cells_passes_whole_text_and_elided_rows():
    import pandas as pd

    from treatylens.notebook_checks import truncated_cells

    table = pd.DataFrame({"note": ["Ratified by the parliament on 3 May " * 4] * 100})
    with pd.option_context("display.max_colwidth", None, "display.max_rows", 10):
        assert truncated_cells(_html_output(table._repr_html_())) == []  # "..." rows only
        plain = {"output_type": "execute_result", "data": {"text/plain": repr(table)}}
        assert truncated_cells(plain) == []
    middle = _html_output("<table><tr><td>Dozens … under the 2008 Oslo Accords</td></tr></table>")
    assert truncated_cells(middle) == []
    stream = {"output_type": "stream", "name": "stdout", "text": "and so on..."}
    assert truncated_cells(stream) == []


def test_a_notebook_that_cuts_a_cell_fails_under_pytest(tmp_path):
    """The plugin makes nbval fail the cell, and passes the same cell once the text is whole."""
    import subprocess
    import sys

    import nbformat

    def run(colwidth: str) -> subprocess.CompletedProcess:
        cell = ("import pandas as pd\n"
                f"pd.set_option('display.max_colwidth', {colwidth})\n"
                "pd.DataFrame({'note': ['a long note that a student must read whole ' * 3]})")
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        path = tmp_path / f"cut_{colwidth}.ipynb"
        nbformat.write(notebook, path)
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "treatylens.notebook_pytest",
             "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider", str(path)],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)

    cut = run("20")
    assert cut.returncode == 1, cut.stdout + cut.stderr
    assert "cut short" in cut.stdout
    whole = run("None")
    assert whole.returncode == 0, whole.stdout + whole.stderr


def test_a_cut_quoted_whole_from_the_data_is_evidence_not_a_cut():
    from treatylens.notebook_checks import verbatim_in

    texts = ["Home Latest News Biden authorizes supply of mines after approving the use..."]
    assert verbatim_in("Biden authorizes supply of mines after approving the use...", texts)
    assert not verbatim_in("Biden authorizes supply of mines...", texts)
