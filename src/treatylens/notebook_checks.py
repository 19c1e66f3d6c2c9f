"""House rules for committed notebooks, as a function so tests and contributors share them.

Notebooks are committed clean: no outputs or execution counts (diffs stay readable and
nothing stale is shown), the plain `python3` kernel (it exists on every student's machine),
no saved widget state, and the lesson skeleton's sections so every lesson reads the same way.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
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


# --- Evidence shown whole -------------------------------------------------------------------
# A table that cuts a cell ("Party to the Convention on Clus...") hides exactly the words an
# interpretation prompt asks students to read. pandas cuts at `display.max_colwidth` with
# "..."; hand-made shortening uses "…". A cell that is only an ellipsis is pandas eliding
# whole rows or columns of a long table, which it says plainly, and is not counted.
_ELLIPSES = ("...", "…")
_PLAIN_CUT = re.compile(r"\S(\.\.\.|…)(?=\s{2,}|\s*$)", re.MULTILINE)


class _CellText(HTMLParser):
    """Collects the text of every <td> and <th> of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("td", "th"):
            self._depth += 1
            self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._depth:
            self._depth -= 1
            self.cells.append("".join(self._parts).strip())

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def _cut(text: str) -> bool:
    """True for a cell whose text runs into an ellipsis, i.e. was shortened for display."""
    return text.endswith(_ELLIPSES) and text not in _ELLIPSES


def truncated_cells(output: dict) -> list[str]:
    """The shortened table cells in one notebook output (an nbformat output dict).

    HTML tables are read cell by cell; a result with only a plain-text form (a DataFrame
    printed as text) is searched for a word running into "..." before a column gap or the
    end of a line, the way pandas shortens a cell. Streams (print) are not searched: a
    printed article may itself contain an ellipsis.
    """
    if output.get("output_type") not in ("execute_result", "display_data"):
        return []
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return []  # a widget's text/plain is its Python repr, not something a student reads
    html_text = data.get("text/html")
    if html_text is not None:
        parser = _CellText()
        parser.feed(html_text if isinstance(html_text, str) else "".join(html_text))
        return [cell for cell in parser.cells if _cut(cell)]
    plain = data.get("text/plain")
    if plain is None:
        return []
    plain = plain if isinstance(plain, str) else "".join(plain)
    return [match.group(0) for match in _PLAIN_CUT.finditer(plain)]


def verbatim_in(cell: str, texts: list[str]) -> bool:
    """True when a cut-looking cell is quoted whole from the data (a headline the website
    itself cut: "… after approving the use..."), so the ellipsis is evidence, not our cut."""
    needle = " ".join(cell.split())
    return any(needle in " ".join(text.split()) for text in texts)
