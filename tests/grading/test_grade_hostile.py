"""`treatylens grade` on a folder of good, half-done and hostile submissions.

One grading run covers every case the issue lists (each notebook is built here, from the mini
assignment's solution and student notebooks); the tests then read the gradebook, feedback
and the file system. Timeouts are short so the whole module stays fast.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest

from grading.conftest import code_cell, code_index, load, save, with_id
from treatylens.grading import grade, sandbox
from treatylens.paths import REPO_ROOT

TIMEOUT = 8.0
FULL_AUTO = {"q1": 2.0, "q2": 2.0, "q3": 1.0}
PROBE_FILE = REPO_ROOT / "data" / ".written-by-a-submission"
"""A submission tries to create this file in the course data (never a real data file)."""


def _probe_cell(submissions: Path, out: Path, autograder: Path) -> str:
    """Try to read the tests, other submissions and the gradebook, and to write over them;
    report each attempt as a digit (1 = it worked) through the public-test message of q2."""
    return f'''
import os, glob
def _try(action):
    try:
        action()
        return "1"
    except Exception:
        return "0"
def _read_tests():
    files = glob.glob({str(autograder / "tests")!r} + "/*.py")
    assert files and open(files[0]).read()
def _read_other():
    assert open({str(submissions / "s1234567.ipynb")!r}).read()
def _write_other():
    open({str(submissions / "s1234567.ipynb")!r}, "a").write("x")
def _write_tests():
    open({str(autograder / "tests" / "q1.py")!r}, "a").write("\\n# changed")
def _write_gradebook():
    open({str(out / "gradebook.csv")!r}, "w").write("hacked")
def _write_data():
    open({str(PROBE_FILE)!r}, "w").write("x")
q2_treaty = "probe:" + "".join(_try(f) for f in (_read_tests, _read_other, _write_other,
                                                  _write_tests, _write_gradebook, _write_data))
'''


@pytest.fixture(scope="module")
def graded(mini: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    autograder = mini / "autograder"
    solution = load(autograder / "mini.ipynb")
    student = load(mini / "student" / "mini.ipynb")
    good = with_id(solution, "s1234567")

    def variant(name: str, nb: dict) -> None:
        save(subs, name, nb)

    variant("s1234567.ipynb", good)
    variant("s7654321.ipynb", with_id(solution, "s7654321"))
    variant("untouched.ipynb", with_id(student, "s1111111"))
    half = with_id(student, "s2020202")
    half["cells"][code_index(half, "q2_treaty")]["source"] = "q2_treaty = my.treaty"
    variant("half.ipynb", half)
    (subs / "not_json.ipynb").write_text('{"cells": [ oops', encoding="utf-8")
    (subs / "picture.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    (subs / "empty.ipynb").write_bytes(b"")
    variant("no_cells.ipynb", {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    variant("list.ipynb", [1, 2, 3])  # JSON, but not a notebook

    deleted = with_id(solution, "s3030303")
    del deleted["cells"][code_index(deleted, "q1_parties")]
    variant("deleted.ipynb", deleted)
    reordered = with_id(solution, "s4040404")
    cell = reordered["cells"].pop(code_index(reordered, "q1_parties"))
    reordered["cells"].insert(1, cell)  # before the id and imports: NameError
    variant("reordered.ipynb", reordered)
    duplicated = with_id(solution, "s5050505")
    index = code_index(duplicated, "q2_treaty")
    duplicated["cells"].insert(index, dict(duplicated["cells"][index]))
    variant("duplicated.ipynb", duplicated)
    renamed = with_id(solution, "s6060606")
    index = code_index(renamed, "q1_parties")
    renamed["cells"][index]["source"] = (
        "q1_count = int(treaties.counts(my.treaty, my.as_of)['party'])")
    variant("renamed.ipynb", renamed)

    def inserted(student_id: str, after: str, source: str) -> dict:
        nb = with_id(solution, student_id)
        nb["cells"].insert(code_index(nb, after) + 1, code_cell(source))
        return nb

    variant("magics.ipynb", inserted(
        "s7171717", "q1_parties",
        "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n"
        "display(treaties.load_states().head())\n!echo shell escapes run too\n%time 1 + 1"))
    variant("exception.ipynb", inserted("s7070707", "q1_parties", "1 / 0"))
    variant("loop.ipynb", inserted("s8080808", "q1_parties", "while True:\n    pass"))
    variant("stubborn.ipynb", inserted(
        "s8181818", "q1_parties",
        "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except BaseException:\n"
        "        pass"))
    variant("sys_exit.ipynb", inserted("s9090909", "q1_parties", "import sys\nsys.exit(3)"))
    variant("os_exit.ipynb", inserted("s9191919", "q1_parties", "import os\nos._exit(0)"))
    variant("chatty.ipynb", inserted("s9292929", "q1_parties",
                                     "for i in range(30000):\n    print('x' * 100)"))
    variant("hog.ipynb", inserted("s9393939", "q1_parties",
                                  "import numpy as np\nbig = np.ones(10**10)"))
    variant("probe.ipynb", inserted("s9494949", "q2_treaty", _probe_cell(subs, out, autograder)))
    variant("fake_eq.ipynb", inserted(
        "s9595959", "q3_states",
        "class Yes:\n    def __eq__(self, other):\n        return True\n"
        "class Int(int):\n    def __eq__(self, other):\n        return True\n"
        "q1_parties = Int(5)\nq2_treaty = Yes()\nq3_states = Yes()"))
    numeric_text = with_id(solution, "s9696969")
    numeric_text["cells"][code_index(numeric_text, "q1_parties")]["source"] = (
        "q1_parties = str(int(treaties.counts(my.treaty, my.as_of)['party']))")
    variant("numeric_text.ipynb", numeric_text)
    variant("s1234567_again.ipynb", good)  # a second file for one student
    variant("no id at all.ipynb", student)  # STUDENT_ID = "" and a file name that is no id
    variant("s2222222.ipynb", student)  # no id in the notebook; the file name gives one
    other = with_id(solution, "s9797979")
    other["metadata"]["otter"]["assignment_name"] = "a1_sources"
    variant("other_assignment.ipynb", other)

    (subs / "folder.ipynb").mkdir()
    os.mkfifo(subs / "pipe.ipynb")  # reading it would block for ever
    before = _hashes(subs)
    tests_before = {p.name: p.read_bytes() for p in (autograder / "tests").iterdir()}
    states_before = (REPO_ROOT / "data" / "treaties" / "states.csv").read_bytes()
    summary = grade.run(str(autograder), subs, out, jobs=2, timeout=TIMEOUT, memory_mb=512,
                        output_mb=1, progress=False)
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}
    return {"summary": summary, "rows": rows, "subs": subs, "out": out, "before": before,
            "tests_before": tests_before, "states_before": states_before,
            "autograder": autograder}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.is_file()}


def _auto(row: dict) -> dict:
    return {q: float(row[q]) for q in FULL_AUTO}


def test_one_row_per_file_with_a_status(graded: dict) -> None:
    files = sorted(p.name for p in graded["subs"].iterdir())
    assert sorted(graded["rows"]) == files
    for row in graded["rows"].values():
        assert row["status"] in ("graded", "timeout", "memory", "error", "invalid", "duplicate")
        assert row["max"] == "6"


def test_solutions_score_full_marks_for_two_ids(graded: dict) -> None:
    row = graded["rows"]["s7654321.ipynb"]
    assert (row["status"], _auto(row), row["total"]) == ("graded", FULL_AUTO, "5")
    assert row["q4"] == ""  # written: not graded until merged


def test_untouched_and_half_done_score_less(graded: dict) -> None:
    untouched, half = graded["rows"]["untouched.ipynb"], graded["rows"]["half.ipynb"]
    assert untouched["status"] == "graded" and float(untouched["total"]) == 0
    assert _auto(half) == {"q1": 0.0, "q2": 2.0, "q3": 0.0}


@pytest.mark.parametrize(("name", "words"), [
    ("not_json.ipynb", "not valid notebook JSON"),
    ("picture.ipynb", "not text"),
    ("empty.ipynb", "empty"),
    ("no_cells.ipynb", "no cells"),
    ("list.ipynb", "not a Jupyter notebook"),
    ("no id at all.ipynb", "no student id"),
    ("other_assignment.ipynb", "a1_sources"),
    ("folder.ipynb", "a folder"),
    ("pipe.ipynb", "not a regular file"),
])
def test_unreadable_files_are_invalid_with_a_reason(graded: dict, name: str, words: str) -> None:
    row = graded["rows"][name]
    assert row["status"] == "invalid" and words in row["reason"]
    assert row["total"] == "0" and row["q1"] == ""


def test_damaged_notebooks_keep_what_they_got_right(graded: dict) -> None:
    rows = graded["rows"]
    assert _auto(rows["deleted.ipynb"]) == {"q1": 0.0, "q2": 2.0, "q3": 1.0}
    assert _auto(rows["renamed.ipynb"]) == {"q1": 0.0, "q2": 2.0, "q3": 1.0}
    assert _auto(rows["duplicated.ipynb"]) == FULL_AUTO
    magics = rows["magics.ipynb"]  # what a lesson-style notebook does must not break grading
    assert (magics["status"], magics["reason"], _auto(magics)) == ("graded", "", FULL_AUTO)
    reordered = rows["reordered.ipynb"]
    assert reordered["q1"] == "0" and "NameError" in reordered["reason"]
    exception = rows["exception.ipynb"]
    assert exception["status"] == "graded" and _auto(exception) == FULL_AUTO
    assert "ZeroDivisionError" in exception["reason"]
    assert _auto(rows["sys_exit.ipynb"]) == FULL_AUTO
    assert "SystemExit" in rows["sys_exit.ipynb"]["reason"]


def test_endless_loops_are_timeouts_that_keep_earlier_answers(graded: dict) -> None:
    for name in ("loop.ipynb", "stubborn.ipynb"):
        row = graded["rows"][name]
        assert row["status"] == "timeout", row
        assert row["q1"] == "2" and row["q2"] == "0", row
    assert "could not be interrupted" in graded["rows"]["stubborn.ipynb"]["reason"]


def test_os_exit_output_flood_and_memory_hog(graded: dict) -> None:
    rows = graded["rows"]
    assert rows["os_exit.ipynb"]["status"] == "error"
    assert rows["os_exit.ipynb"]["q1"] == "2" and rows["os_exit.ipynb"]["q3"] == "0"
    chatty = rows["chatty.ipynb"]
    assert _auto(chatty) == FULL_AUTO and "printed more than" in chatty["reason"]
    hog = rows["hog.ipynb"]
    assert hog["status"] == "memory" and _auto(hog) == FULL_AUTO


def test_forged_equality_and_numeric_text_do_not_pass(graded: dict) -> None:
    rows = graded["rows"]
    assert _auto(rows["fake_eq.ipynb"]) == {"q1": 0.0, "q2": 0.0, "q3": 0.0}
    assert rows["numeric_text.ipynb"]["q1"] == "0"


def test_two_files_for_one_student_are_both_flagged(graded: dict) -> None:
    rows = graded["rows"]
    for name in ("s1234567.ipynb", "s1234567_again.ipynb"):
        assert rows[name]["status"] == "duplicate"
        assert "2 files for s1234567" in rows[name]["reason"]
        assert _auto(rows[name]) == FULL_AUTO
    lms = (graded["out"] / "lms.csv").read_text()
    assert "s1234567" not in lms and "s7654321" in lms


def test_id_from_the_file_name_when_the_notebook_has_none(graded: dict) -> None:
    row = graded["rows"]["s2222222.ipynb"]
    assert row["student_id"] == "s2222222" and "file name" in row["reason"]


def test_submissions_cannot_touch_tests_gradebook_or_other_files(graded: dict) -> None:
    assert _hashes(graded["subs"]) == graded["before"]
    tests_dir = graded["autograder"] / "tests"
    assert {p.name: p.read_bytes() for p in tests_dir.iterdir()} == graded["tests_before"]
    assert (REPO_ROOT / "data/treaties/states.csv").read_bytes() == graded["states_before"]
    created = PROBE_FILE.exists()
    PROBE_FILE.unlink(missing_ok=True)
    assert not created
    feedback = (graded["out"] / "feedback" / "s9494949.html").read_text()
    if graded["summary"].isolation.startswith("network namespace"):
        assert "probe:000000" in feedback  # nothing readable, nothing writable
    else:  # pragma: no cover - without namespaces only permissions protect: no writes
        assert re.search(r"probe:..0000", feedback)


def test_feedback_never_shows_hidden_tests(graded: dict) -> None:
    folder = graded["out"] / "feedback"
    pages = list(folder.glob("*.html"))
    assert len(pages) == len(graded["rows"])
    for page in pages:
        text = page.read_text()
        for secret in ("wanted_parties_hidden", "secret_treaty_expected", "test_q1_value",
                       "Traceback", "assignment_parameters"):
            assert secret not in text, (page.name, secret)
    untouched = (folder / "s1111111.html").read_text()
    assert "0 of 1 hidden checks passed" in untouched
    assert "replace it with your answer" in untouched


def test_no_process_is_left_behind(graded: dict) -> None:
    assert sandbox.descendants(os.getpid()) == []


def test_a_second_run_regrades_only_changed_files(graded: dict, mini: Path) -> None:
    out, subs = graded["out"], graded["subs"]
    first = (out / "gradebook.csv").read_text()
    again = grade.run(str(mini / "autograder"), subs, out, jobs=2, timeout=TIMEOUT,
                      memory_mb=512, output_mb=1, progress=False)
    assert again.graded_now == 0 and (out / "gradebook.csv").read_text() == first
    half = json.loads((subs / "half.ipynb").read_text())
    half["cells"][code_index(half, "q3_states")]["source"] = "q3_states = 197"
    (subs / "half.ipynb").write_text(json.dumps(half))
    third = grade.run(str(mini / "autograder"), subs, out, jobs=2, timeout=TIMEOUT,
                      memory_mb=512, output_mb=1, progress=False)
    assert third.graded_now == 1
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}
    assert rows["half.ipynb"]["q3"] == "1"
    changed = [f for f in rows if rows[f] != graded["rows"][f]]
    assert changed == ["half.ipynb"]
