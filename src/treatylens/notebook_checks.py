"""House rules for committed notebooks, as a function so tests and contributors share them.

Notebooks are committed clean: no outputs or execution counts (diffs stay readable and
nothing stale is shown), the plain `python3` kernel (it exists on every student's machine),
no saved widget state, and the lesson skeleton's sections so every lesson reads the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

LESSON_SECTIONS = ("Overview", "Exercises", "Key points", "Sources")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def headings(notebook: dict) -> list[str]:
    """Every Markdown heading in the notebook, without numbering like "3." or "3.1"."""
    found = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell.get("source", ""))
        for title in _HEADING.findall(source):
            found.append(re.sub(r"^\d+(\.\d+)*\.?\s+", "", title).strip())
    return found


def notebook_problems(
    path: Path, required_sections: tuple[str, ...] = LESSON_SECTIONS
) -> list[str]:
    """Everything wrong with one committed notebook, each message naming the notebook."""
    path = Path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"{path}: cannot be read as a notebook ({error})"]

    problems = []
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path}: cell {index} has saved outputs; run `make strip`")
        if cell.get("execution_count") is not None:
            problems.append(f"{path}: cell {index} has an execution count; run `make strip`")

    metadata = notebook.get("metadata", {})
    kernel = metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{path}: kernelspec is {kernel!r}, expected 'python3'")
    if "widgets" in metadata:
        problems.append(f"{path}: saved widget state in metadata.widgets; run `make strip`")

    present = {h.casefold() for h in headings(notebook)}
    for section in required_sections:
        if section.casefold() not in present:
            problems.append(f"{path}: missing the '{section}' section (a Markdown heading)")
    return problems
