"""A small otter master used to test building and grading without the real assignments.

Two autograded questions depend on the student's parameters (borrowed from assignment 2's
variant space: a treaty and a day), one is fixed, and one is written. Grading tests copy the
built solution and student notebooks and damage them in every way the issue lists.
"""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

NAME = "mini"

CONFIG = """# ASSIGNMENT CONFIG
name: mini
init_cell: true
export_cell: false
check_all_cell: false
run_tests: true
tests:
  files: false
  ok_format: false
generate: true
"""

ID_CELL = '''STUDENT_ID = "demo0001"  # type the id your instructor gave you, between the quotes
from treatylens.grading import my_parameters
my = my_parameters("a2_treaties_maps", STUDENT_ID)
my'''


def _question(name: str, points: int, prompt: str, solution: str, tests: list[str]) -> list:
    cells = [nbf.v4.new_raw_cell(f"# BEGIN QUESTION\nname: {name}\npoints: {points}"),
             nbf.v4.new_markdown_cell(prompt),
             nbf.v4.new_raw_cell("# BEGIN SOLUTION"),
             nbf.v4.new_code_cell(solution),
             nbf.v4.new_raw_cell("# END SOLUTION"),
             nbf.v4.new_raw_cell("# BEGIN TESTS")]
    cells += [nbf.v4.new_code_cell(t) for t in tests]
    cells += [nbf.v4.new_raw_cell("# END TESTS"), nbf.v4.new_raw_cell("# END QUESTION")]
    return cells


def master() -> nbf.NotebookNode:
    nb = nbf.v4.new_notebook()
    cells = [
        nbf.v4.new_raw_cell(CONFIG),
        nbf.v4.new_markdown_cell("# Mini assignment (6 points)"),
        nbf.v4.new_code_cell(ID_CELL, metadata={"tags": ["student-id"]}),
        nbf.v4.new_code_cell("from treatylens import treaties"),
    ]
    cells += _question(
        "q1", 2, "**q1 (2 points).** How many parties had your treaty on your day?",
        "q1_parties = int(treaties.counts(my.treaty, my.as_of)['party'])  # SOLUTION",
        ["def test_q1_type(q1_parties):\n"
         "    from treatylens.grading import expect\n"
         "    expect.in_range(expect.integer(q1_parties, 'q1_parties'), 'q1_parties', 0, 197)",
         "# HIDDEN\ndef test_q1_value(q1_parties, STUDENT_ID):\n"
         "    from treatylens import treaties\n"
         "    from treatylens.grading import assignment_parameters, expect\n"
         "    mine = assignment_parameters('a2_treaties_maps', STUDENT_ID)\n"
         "    wanted_parties_hidden = int(treaties.counts(mine.treaty, mine.as_of)['party'])\n"
         "    assert expect.integer(q1_parties, 'q1_parties') == wanted_parties_hidden"],
    )
    cells += _question(
        "q2", 2, "**q2 (2 points).** Which treaty is yours (its code)?",
        "q2_treaty = my.treaty  # SOLUTION",
        ["def test_q2_type(q2_treaty):\n"
         "    from treatylens.grading import expect\n"
         "    expect.text(q2_treaty, 'q2_treaty', ['ottawa', 'ccm'])",
         "# HIDDEN\ndef test_q2_value(q2_treaty, STUDENT_ID):\n"
         "    from treatylens.grading import assignment_parameters\n"
         "    secret_treaty_expected = assignment_parameters(\n"
         "        'a2_treaties_maps', STUDENT_ID).treaty\n"
         "    assert type(q2_treaty) is str and q2_treaty == secret_treaty_expected"],
    )
    cells += _question(
        "q3", 1, "**q3 (1 point).** How many states can join (rows in states.csv)?",
        "q3_states = len(treaties.load_states())  # SOLUTION",
        ["# HIDDEN\ndef test_q3_value(q3_states):\n"
         "    assert type(q3_states) is int and q3_states == 197"],
    )
    cells += [
        nbf.v4.new_raw_cell("# BEGIN QUESTION\nname: q4\npoints: 1\nmanual: true"),
        nbf.v4.new_markdown_cell("**q4 (1 point).** What can a count of parties hide?"),
        nbf.v4.new_raw_cell("# BEGIN SOLUTION"),
        nbf.v4.new_markdown_cell("Who joined by accession rather than ratification."),
        nbf.v4.new_markdown_cell("**Rubric**\n\n- 1 points: names one thing a count hides\n"
                                 "- 0 points: no answer"),
        nbf.v4.new_raw_cell("# END SOLUTION"),
        nbf.v4.new_raw_cell("# END QUESTION"),
    ]
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def write_master(folder: Path) -> Path:
    path = folder / NAME / f"{NAME}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbf.write(master(), path)
    return path
