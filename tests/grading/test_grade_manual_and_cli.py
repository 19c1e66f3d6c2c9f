"""Written answers (sheets, template, merge) and the `treatylens grade` command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from grading.conftest import load, save, with_id
from treatylens.cli import main
from treatylens.grading import grade
from treatylens.grading.manual import ManualScoresError


@pytest.fixture(scope="module")
def folder(mini: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("manual")
    subs = root / "subs"
    subs.mkdir()
    solution = load(mini / "autograder" / "mini.ipynb")
    student = with_id(load(mini / "student" / "mini.ipynb"), "s1000001")
    for cell in student["cells"]:
        if cell["metadata"].get("treatylens", {}).get("answer_to") == "q4":
            cell["source"] = "A count hides *who* acceded. <script>alert('x')</script>"
    save(subs, "s1000001.ipynb", student)
    answered = with_id(solution, "s1000002")
    save(subs, "s1000002.ipynb", answered)
    stripped = with_id(load(mini / "student" / "mini.ipynb"), "s1000004")
    for cell in stripped["cells"]:  # a platform that drops cell metadata
        cell["metadata"] = {}
        if "".join(cell["source"]) == "_Type your answer here, replacing this text._":
            cell["source"] = "Found by its place between the question markers."
    save(subs, "s1000004.ipynb", stripped)
    save(subs, "s1000005.ipynb", with_id(load(mini / "student" / "mini.ipynb"), "s1000005"))
    return {"subs": subs, "out": root / "out", "autograder": mini / "autograder"}


def _rows(out: Path) -> dict:
    text = (out / "gradebook.csv").read_text()
    return {r["file"]: r for r in csv.DictReader(io.StringIO(text))}


def test_grade_writes_sheets_and_a_template(folder: dict) -> None:
    code = main(["grade", str(folder["autograder"]), str(folder["subs"]), "-o", str(folder["out"]),
                 "--timeout", "30", "--jobs", "1"])
    assert code == 0
    out = folder["out"]
    sheet = (out / "manual" / "q4.html").read_text()
    assert "A count hides <em>who</em> acceded" in sheet
    assert "<script>" not in sheet and "&lt;script&gt;" in sheet  # student HTML stays text
    assert "Rubric" in sheet and "names one thing a count hides" in sheet
    assert "Found by its place between the question markers." in sheet
    assert "No answer written" in sheet  # s1000005 left otter's placeholder
    assert "Who joined by accession" in sheet and "1 points: names" not in sheet.split("Answers")[1]
    template = list(csv.DictReader(io.StringIO((out / "manual_scores.csv").read_text())))
    assert [(r["file"], r["question"], r["points"]) for r in template] == [
        ("s1000001.ipynb", "q4", ""), ("s1000002.ipynb", "q4", ""), ("s1000004.ipynb", "q4", ""),
        ("s1000005.ipynb", "q4", "")]


def test_merge_folds_points_and_comments_in(folder: dict) -> None:
    out = folder["out"]
    path = out / "manual_scores.csv"
    text = path.read_text().replace("s1000001.ipynb,q4,1,,",
                                    "s1000001.ipynb,q4,1,1,Clear and sourced.")
    path.write_text(text)
    summary = grade.run(str(folder["autograder"]), folder["subs"], out, jobs=1, timeout=30,
                        merge_manual=True, progress=False)
    assert summary.graded_now == 0  # merging does not re-run notebooks
    rows = _rows(out)
    assert rows["s1000001.ipynb"]["q4"] == "1" and rows["s1000001.ipynb"]["total"] == "1"
    assert rows["s1000002.ipynb"]["q4"] == "" and rows["s1000002.ipynb"]["total"] == "5"
    page = (out / "feedback" / "s1000001.html").read_text()
    assert "Clear and sourced." in page and "1 / 1" in page
    lms = (out / "lms.csv").read_text().splitlines()
    assert lms[0] == "student_id,q1,q2,q3,q4,total"
    # a new submission adds a template row and keeps the instructor's entries
    save(folder["subs"], "s1000003.ipynb", load(folder["subs"] / "s1000002.ipynb"))
    grade.run(str(folder["autograder"]), folder["subs"], out, jobs=1, timeout=30, progress=False)
    kept = path.read_text()
    assert "Clear and sourced." in kept and "s1000003.ipynb,q4,1,," in kept


@pytest.mark.parametrize(("row", "words"), [
    ("s1000001,s1000001.ipynb,q4,1,3,", "outside 0 to 1"),
    ("s1000001,s1000001.ipynb,q4,1,lots,", "not a number"),
    ("s1000001,s1000001.ipynb,q9,1,1,", "not a written question"),
    ("s1000001,nobody.ipynb,q4,1,1,", "no submission file"),
])
def test_a_bad_manual_row_is_named_and_nothing_is_written(folder: dict, tmp_path: Path,
                                                           row: str, words: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manual_scores.csv").write_text(
        "student_id,file,question,max_points,points,comment\n" + row + "\n")
    with pytest.raises(ManualScoresError, match=f"line 2: .*{words}"):
        grade.run(str(folder["autograder"]), folder["subs"], out, jobs=1, timeout=30,
                  merge_manual=True, progress=False)
    assert not (out / "gradebook.csv").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["grade", "a9_nothing", ".", "-o", "OUT"], "no assignment called 'a9_nothing'"),
    (["grade", "AUTO", "no/such/folder", "-o", "OUT"], "is not a folder of submissions"),
    (["grade", "AUTO", "SUBS", "-o", "SUBS"], "must not be the submissions folder"),
])
def test_command_line_errors_are_one_line(folder: dict, capsys: pytest.CaptureFixture,
                                          tmp_path: Path, args: list[str], words: str) -> None:
    swap = {"AUTO": str(folder["autograder"]), "SUBS": str(folder["subs"]),
            "OUT": str(tmp_path / "o")}
    assert main([swap.get(a, a) for a in args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize("flag", [["--timeout", "0"], ["--jobs", "two"], ["--memory-mb", "-1"]])
def test_bad_options_are_refused(folder: dict, flag: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", str(folder["autograder"]), str(folder["subs"]), "-o", "x", *flag])
    assert exit_info.value.code == 2
