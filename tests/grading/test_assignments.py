"""The five real assignments, as built by `make assignments` into dist/.

For each: the student notebook shows no hidden test or solution text; graded through
`treatylens grade`, the solution scores full autograded marks for two different students, and
the untouched student notebook (with an id typed in) scores less; and the parameterised
questions really differ between the two students. Written questions are out of reach of the
autograder, so "full marks" means every autograded point.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from grading.conftest import code_cell, load, save, with_id
from treatylens.grading import grade
from treatylens.grading.autograder import Autograder
from treatylens.grading.build import DIST, build, leaks, masters

NAMES = [m.stem for m in masters()]
IDS = ("s1234567", "s7654321")


def test_all_five_assignments_exist() -> None:
    assert NAMES == ["a1_sources", "a2_treaties_maps", "a3_coverage_claims",
                     "a4_civilian_risk", "a5_capstone"]


@pytest.fixture(scope="module", params=NAMES)
def built(request: pytest.FixtureRequest) -> Path:
    master = next(m for m in masters() if m.stem == request.param)
    return build(master, DIST)  # up to date after `make assignments`: nothing is re-run


def test_student_notebook_hides_tests_and_solutions(built: Path) -> None:
    name = built.name
    student = load(built / "student" / f"{name}.ipynb")
    master = load(next(m for m in masters() if m.stem == name))
    assert leaks(student, built / "autograder", master) == []
    text = json.dumps(student)
    assert "# HIDDEN" not in text and "BEGIN SOLUTION" not in text and "**Rubric" not in text
    assert '"demo0001"' not in text  # the id cell is emptied for students


def test_every_question_has_points_and_two_depend_on_the_student(built: Path) -> None:
    autograder = Autograder(built / "autograder")
    assert all(q.points > 0 for q in autograder.questions)
    assert autograder.manual, "each assignment has written questions"
    uses_id = [q.name for q in autograder.autograded
               if "STUDENT_ID" in (built / "autograder" / "tests" / f"{q.name}.py").read_text()]
    assert len(uses_id) >= 2, uses_id
    title = load(built / "student" / f"{built.name}.ipynb")["cells"][1]
    assert f"{autograder.max_points:g} points" in "".join(title["source"])


def test_solution_full_marks_untouched_less(built: Path, tmp_path: Path) -> None:
    name = built.name
    subs = tmp_path / "subs"
    subs.mkdir()
    solution = load(built / "autograder" / f"{name}.ipynb")
    student = load(built / "student" / f"{name}.ipynb")
    for student_id in IDS:
        save(subs, f"{student_id}.ipynb", with_id(solution, student_id))
    save(subs, "s5555555.ipynb", with_id(student, "s5555555"))
    # a neighbour's answers: the notebook says s2468024, the answers are computed for IDS[0]
    copied = with_id(solution, "s2468024")
    index = next(i for i, c in enumerate(copied["cells"]) if "STUDENT_ID =" in "".join(c["source"]))
    copied["cells"].insert(index + 1, code_cell(
        f'STUDENT_ID = "{IDS[0]}"\nmy = my_parameters("{name}", STUDENT_ID)'))
    save(subs, "s2468024.ipynb", copied)
    summary = grade.run(name, subs, tmp_path / "out", jobs=2, timeout=120, progress=False)
    rows = {r["file"]: r for r in
            csv.DictReader(io.StringIO((tmp_path / "out" / "gradebook.csv").read_text()))}
    autograder = Autograder(built / "autograder")
    full = sum(q.points for q in autograder.autograded)
    for student_id in IDS:
        row = rows[f"{student_id}.ipynb"]
        assert row["status"] == "graded", row
        assert float(row["total"]) == pytest.approx(full), row
    untouched = rows["s5555555.ipynb"]
    assert untouched["status"] == "graded" and float(untouched["total"]) < full, untouched
    copied_row = rows["s2468024.ipynb"]
    lost = [q.name for q in autograder.autograded if float(copied_row[q.name]) < q.points]
    assert len(lost) >= 2, f"copying a neighbour's answers lost points only on {lost}"
    assert summary.statuses["graded"] == 4
