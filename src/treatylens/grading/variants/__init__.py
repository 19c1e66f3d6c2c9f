"""Per-student variants: each student's own treaty, date, state or article for an assignment.

Copying a neighbour's numbers should not work, so at least two autograded questions in every
assignment depend on the student's id. The parameters are drawn deterministically from the
id (a hash, not a random generator whose state could drift), one module per assignment says
what varies, and the hidden tests call `assignment_parameters` with the id the grader read from
the notebook, so the notebook and the grader always agree on what each student was asked.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from treatylens.grading.student_id import ID_VARIABLE, id_problem

ASSIGNMENTS = (
    "a1_sources",
    "a2_treaties_maps",
    "a3_coverage_claims",
    "a4_civilian_risk",
    "a5_capstone",
)
EXAMPLE_ID = "example"
"""The id whose parameters a notebook uses until the student has typed a valid one."""


class Picker:
    """Deterministic choices for one (assignment, student): the same key always gives the same
    value, and adding a new key later does not change the others."""

    def __init__(self, assignment: str, student_id: str) -> None:
        self._seed = f"{assignment}|{student_id}"

    def _unit(self, key: str) -> int:
        digest = hashlib.sha256(f"{self._seed}|{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def choice(self, key: str, options: Sequence[Any]) -> Any:
        """One of `options` (kept in the order given, so the draw is reproducible)."""
        if not options:
            raise ValueError(f"no options to choose {key!r} from")
        return options[self._unit(key) % len(options)]

    def integer(self, key: str, low: int, high: int) -> int:
        """An integer from `low` to `high`, both included."""
        if high < low:
            raise ValueError(f"{key!r}: empty range {low}..{high}")
        return low + self._unit(key) % (high - low + 1)

    def day(self, key: str, first: date, last: date) -> date:
        """A calendar day from `first` to `last`, both included."""
        return first + timedelta(days=self.integer(key, 0, (last - first).days))


class Parameters(Mapping[str, Any]):
    """A student's parameters: read them as `my.treaty` or `my["treaty"]`."""

    def __init__(self, assignment: str, student_id: str, values: dict[str, Any],
                 example: bool = False) -> None:
        self.assignment = assignment
        self.student_id = student_id
        self.example = example
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(
            f"there is no parameter {name!r}; this assignment's parameters are "
            f"{', '.join(values) or 'none'}"
        )

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Parameters({self.assignment!r}, {self.student_id!r}: {shown})"

    def _repr_markdown_(self) -> str:
        who = (
            "**example values** (no valid id yet)" if self.example
            else f"student `{self.student_id}`"
        )
        rows = "\n".join(f"| `{k}` | {_show(v)} |" for k, v in self._values.items())
        head = f"Your parameters for `{self.assignment}`, {who}:"
        return f"{head}\n\n| name | value |\n|---|---|\n{rows}"


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _space(assignment: str):
    if assignment not in ASSIGNMENTS:
        raise ValueError(
            f"{assignment!r} is not an assignment of this course; choose from "
            f"{', '.join(ASSIGNMENTS)}"
        )
    return importlib.import_module(f"treatylens.grading.variants.{assignment}")


def assignment_parameters(assignment: str, student_id: str) -> Parameters:
    """The parameters of `assignment` for `student_id` (a valid id; see `student_id`)."""
    problem = id_problem(student_id)
    if problem and student_id != EXAMPLE_ID:
        raise ValueError(problem)
    module = _space(assignment)
    return Parameters(assignment, student_id, module.draw(Picker(assignment, student_id)))


def my_parameters(assignment: str, student_id: object, quiet: bool = False) -> Parameters:
    """For the first cell of a student notebook: the student's parameters, shown as a table.

    A missing or malformed id never stops the notebook with a traceback: it prints what is
    wrong and what to type, and returns the example parameters so that the rest still runs.
    Answers computed with the example values will not match the student's own when graded.
    `quiet` skips the message (for public tests, which run after the id cell has said it).
    """
    problem = id_problem(student_id)
    if problem is None:
        return assignment_parameters(assignment, student_id)  # type: ignore[arg-type]
    if not quiet:
        _explain(problem)
    params = assignment_parameters(assignment, EXAMPLE_ID)
    params.example = True
    return params


def _explain(problem: str) -> None:
    print(f"⚠️ {problem}")
    print(
        f"Until then the questions use example values, which are not yours: answers computed "
        f"with them will not score. Fix {ID_VARIABLE} and run the notebook again from the top."
    )
