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
