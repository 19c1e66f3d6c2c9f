"""What a student id looks like, and how the grader finds one without running student code.

The id does two jobs: it names the row in the gradebook, and it seeds the student's own
parameters (see `variants`). The grader reads it from the notebook *statically* (the literal
assigned to `STUDENT_ID` in the first cell that assigns it), so a later cell that changes the
variable cannot swap a student's parameters for a neighbour's.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ID_VARIABLE = "STUDENT_ID"
METADATA_KEY = "treatylens"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
ID_RULE = (
    "2 to 40 characters: letters, digits, '.', '_' or '-', starting with a letter or a digit "
    "(for example \"s1234567\")"
)


class StudentIdError(ValueError):
    """An id that is missing or malformed; the message says what to type instead."""


def id_problem(value: object) -> str | None:
    """Why `value` is not a usable student id, in words a student understands; None if it is."""
    if value is Ellipsis or value is None or (isinstance(value, str) and not value.strip()):
        return (
            f"{ID_VARIABLE} is empty. Type the id your instructor gave you between the quotes, "
            f'e.g. {ID_VARIABLE} = "s1234567", then run the cell again.'
        )
    if not isinstance(value, str):
        return (
            f"{ID_VARIABLE} must be text in quotes, e.g. {ID_VARIABLE} = \"{value}\"; "
            f"you gave a {type(value).__name__}."
        )
    if value != value.strip():
        return f"{ID_VARIABLE} {value!r} has spaces at its start or end; remove them."
    if not ID_PATTERN.match(value):
        return f"{ID_VARIABLE} {value!r} is not a valid id: use {ID_RULE}."
    return None


def validate(value: object) -> str:
    """`value` if it is a valid student id; otherwise a `StudentIdError` that says why."""
    problem = id_problem(value)
    if problem:
        raise StudentIdError(problem)
    return value  # type: ignore[return-value]


def id_from_source(source: str) -> str | None:
    """The string literal assigned to STUDENT_ID in `source`, or None; never executes it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == ID_VARIABLE for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


def id_in_notebook(notebook: dict) -> str | None:
    """The id a notebook declares: its metadata first (LMS exports), else its first id cell."""
    meta = notebook.get("metadata", {}).get(METADATA_KEY, {})
    if isinstance(meta, dict) and isinstance(meta.get("student_id"), str):
        return meta["student_id"]
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if ID_VARIABLE in source:
            found = id_from_source(source)
            if found is not None:
                return found
    return None


def id_from_filename(path: Path, assignment: str) -> str | None:
    """An id from a file name such as `s1234567.ipynb` or `a1_sources_s1234567.ipynb`.

    Only names with a digit count, so `final.ipynb` or `homework.ipynb` are not taken for ids.
    """
    stem = path.stem
    for prefix in (f"{assignment}_", f"{assignment}-"):
        if stem.startswith(prefix):
            stem = stem[len(prefix):]
    looks_like_id = ID_PATTERN.match(stem) and any(ch.isdigit() for ch in stem)
    return stem if looks_like_id and stem != assignment else None
