"""The grading parts on their own: ids, variants, strict checks, capture, the build's guards."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from treatylens import geo, treaties
from treatylens.grading import capture, expect, student_id, variants
from treatylens.grading.build import BuildError, finish_student_notebook, questions_from_master

# --- student ids ----------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["s1234567", "ab", "jane.doe-2", "A_1"])
def test_valid_ids(good: str) -> None:
    assert student_id.id_problem(good) is None


@pytest.mark.parametrize(("bad", "words"), [
    ("", "empty"), (Ellipsis, "empty"), (None, "empty"), ("  ", "empty"),
    (1234567, "text in quotes"), (" s123", "spaces"), ("s 123", "not a valid id"),
    ("x", "not a valid id"), ("é123", "not a valid id"), ("a" * 41, "not a valid id"),
])
def test_invalid_ids_say_what_is_wrong(bad: object, words: str) -> None:
    problem = student_id.id_problem(bad)
    assert problem and words in problem


def test_id_is_read_without_running_the_cell() -> None:
    source = 'STUDENT_ID = "s42"\nimport os\nos._exit(1)'
    assert student_id.id_from_source(source) == "s42"
    assert student_id.id_from_source("STUDENT_ID = input()") is None
    assert student_id.id_from_source("def (:") is None


def test_id_from_notebook_prefers_metadata_then_first_id_cell() -> None:
    cells = [{"cell_type": "code", "source": ["STUDENT_ID = 's1'\n"]},
             {"cell_type": "code", "source": "STUDENT_ID = 's2'"}]
    notebook = {"cells": cells, "metadata": {}}
    assert student_id.id_in_notebook(notebook) == "s1"
    notebook["metadata"]["treatylens"] = {"student_id": "lms9"}
    assert student_id.id_in_notebook(notebook) == "lms9"


def test_id_from_file_name_needs_a_digit() -> None:
    from pathlib import Path

    assert student_id.id_from_filename(Path("a1_sources_s123.ipynb"), "a1_sources") == "s123"
    assert student_id.id_from_filename(Path("s123.ipynb"), "a1_sources") == "s123"
    assert student_id.id_from_filename(Path("homework.ipynb"), "a1_sources") is None
    assert student_id.id_from_filename(Path("my work 1.ipynb"), "a1_sources") is None


# --- variants -----------------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", variants.ASSIGNMENTS)
def test_parameters_are_deterministic_and_differ_between_students(assignment: str) -> None:
    first = variants.assignment_parameters(assignment, "s1234567")
    again = variants.assignment_parameters(assignment, "s1234567")
    assert dict(first) == dict(again) and len(first) >= 1
    others = {json.dumps(dict(variants.assignment_parameters(assignment, f"s{n:07d}")),
                         default=str) for n in range(40)}
    assert len(others) > 1, "every student would get the same parameters"


def test_parameters_reject_unknown_assignments_and_bad_ids() -> None:
    with pytest.raises(ValueError, match="not an assignment"):
        variants.assignment_parameters("a9_nothing", "s1")
    with pytest.raises(ValueError, match="empty"):
        variants.assignment_parameters("a1_sources", "")


def test_my_parameters_explains_a_missing_id_and_falls_back(
    capsys: pytest.CaptureFixture,
) -> None:
    params = variants.my_parameters("a2_treaties_maps", "")
    out = capsys.readouterr().out
    assert params.example and "STUDENT_ID is empty" in out and "example values" in out
    assert dict(params) == dict(variants.assignment_parameters("a2_treaties_maps", "example"))
    assert "Traceback" not in out


def test_parameters_attribute_errors_list_the_names() -> None:
    params = variants.assignment_parameters("a2_treaties_maps", "s1")
    with pytest.raises(AttributeError, match="parameters are"):
        params.nonsense  # noqa: B018
    assert "| `treaty` |" in params._repr_markdown_()


def test_picker_ranges() -> None:
    pick = variants.Picker("a", "s1")
    assert all(3 <= pick.integer(f"k{i}", 3, 5) <= 5 for i in range(50))
    assert pick.day("d", date(2020, 1, 1), date(2020, 1, 1)) == date(2020, 1, 1)
    with pytest.raises(ValueError):
        pick.choice("x", [])


# --- strict checks --------------------------------------------------------------------------------


class Yes:
    def __eq__(self, other: object) -> bool:
        return True


class ForgedInt(int):
    def __eq__(self, other: object) -> bool:
        return True


@pytest.mark.parametrize(("value", "words"), [
    (..., "placeholder"), (None, "None"), ("12", "Remove the quotes"),
    (pd.Series([12]), "Take the single number"), (12.0, "whole numbers"), (True, "whole number"),
    (Yes(), "whole number"), (ForgedInt(3), "whole number"),
])
def test_integer_rejects_lookalikes_with_a_hint(value: object, words: str) -> None:
    with pytest.raises(AssertionError, match=words):
        expect.integer(value, "answer")


def test_strict_checks_accept_the_real_thing() -> None:
    assert expect.integer(np.int64(4), "n") == 4
    assert expect.in_range(0.5, "r", 0, 1) == 0.5
    assert expect.day("2024-11-20", "d") == date(2024, 11, 20)
    assert expect.day(pd.Timestamp("2024-11-20"), "d") == date(2024, 11, 20)
    assert expect.string_set(["b", "a"], "s") == frozenset({"a", "b"})
    assert expect.text("ccm", "t", ["ottawa", "ccm"]) == "ccm"
    frame = expect.frame(pd.DataFrame({"a": [1]}), "f", columns=["a"], rows=1)
    assert list(frame.columns) == ["a"]


def test_strict_checks_fail_with_words() -> None:
    with pytest.raises(AssertionError, match="outside the possible range"):
        expect.in_range(2, "r", 0, 1)
    with pytest.raises(AssertionError, match="not one of the options"):
        expect.text("x" * 500, "t", ["a"])
    try:
        expect.text("x" * 500, "t", ["a"])
    except AssertionError as error:
        assert len(str(error)) < 150  # a long value is cut, never echoed whole
    with pytest.raises(AssertionError, match="lacks the column"):
        expect.frame(pd.DataFrame({"a": [1]}), "f", columns=["b"])
    with pytest.raises(AssertionError, match="NaN"):
        expect.number(float("nan"), "x")
    with pytest.raises(AssertionError, match="wrong type"):
        expect.equal(Yes(), 3, "x")


# --- capture ---------------------------------------------------------------------------------


def _round_trip(value: object) -> object:
    return capture.decode(json.loads(capture.dumps(capture.encode(value))))


@pytest.mark.parametrize("value", [
    0, -5, 10**30, 2.5, "text", "نص عربي", True, None, np.int64(7), np.float32(1.5),
    date(2024, 11, 20), pd.Timestamp("2023-07-07"), [1, "a", None], ("a", 2), {"x", "y"},
    {"k": [1, 2], 3: "v"},
])
def test_plain_values_cross_unchanged(value: object) -> None:
    back = _round_trip(value)
    assert type(back) is type(value) and back == value


def test_nan_and_ellipsis_cross() -> None:
    assert np.isnan(_round_trip(float("nan")))
    assert _round_trip(...) is Ellipsis


def test_tables_cross_with_dtypes_and_geometry() -> None:
    table = treaties.status("ottawa", "2024-11-20")
    pd.testing.assert_frame_equal(_round_trip(table), table)
    series = table.set_index("iso3")["status"]
    pd.testing.assert_series_equal(_round_trip(series), series)
    shapes = geo.load_countries().head(5)
    back = _round_trip(shapes)
    assert type(back) is type(shapes) and back.crs == shapes.crs
    assert back.geometry.geom_equals(shapes.geometry).all()


@pytest.mark.parametrize("value", [Yes(), ForgedInt(3), object(), lambda: 1,
                                   pd.DataFrame({"a": range(capture.MAX_ROWS + 1)})])
def test_anything_else_crosses_as_an_opaque_stand_in(value: object) -> None:
    back = _round_trip(value)
    assert isinstance(back, capture.Opaque)
    assert back != back and back != 3  # equal to nothing, itself included
    assert [back == back, back == 3] == [False, False]


def test_a_tampered_message_is_opaque_not_an_error() -> None:
    assert isinstance(capture.decode({"t": "int", "v": "not a number"}), capture.Opaque)
    assert isinstance(capture.decode({"t": "pickle", "v": "..."}), capture.Opaque)
    assert isinstance(capture.decode({}), capture.Opaque)


# --- the build's guards -----------------------------------------------------------------------


def _raw(text: str) -> dict:
    return {"cell_type": "raw", "metadata": {}, "source": text}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def test_written_questions_need_a_rubric() -> None:
    master = {"cells": [_raw("# BEGIN QUESTION\nname: w1\npoints: 2\nmanual: true"), _md("Why?"),
                        _raw("# BEGIN SOLUTION"), _md("Because."), _raw("# END SOLUTION"),
                        _raw("# END QUESTION")]}
    with pytest.raises(BuildError, match="no \\*\\*Rubric"):
        questions_from_master(master, "m.ipynb")
    master["cells"].insert(4, _md("**Rubric**\n- 2 points: a reason"))
    (question,) = questions_from_master(master, "m.ipynb")
    assert question["prompt"] == "Why?" and question["model_answer"] == "Because."


@pytest.mark.parametrize(("cells", "words"), [
    ([_raw("# BEGIN QUESTION\npoints: 1"), _raw("# END QUESTION")], "without a name"),
    ([_raw("# BEGIN QUESTION\nname: q1"), _raw("# END QUESTION")], "no points"),
    ([_raw("# BEGIN QUESTION\nname: q1\npoints: 1")], "no END QUESTION"),
    ([_raw("# END QUESTION")], "END QUESTION without BEGIN"),
])
def test_malformed_masters_are_named(cells: list, words: str) -> None:
    with pytest.raises(BuildError, match=words):
        questions_from_master({"cells": cells}, "m.ipynb")


def test_student_notebook_loses_the_demo_id_and_tags_answers() -> None:
    notebook = {"cells": [
        {"cell_type": "code", "metadata": {}, "source": 'STUDENT_ID = "demo0001"  # your id'},
        _md("<!-- BEGIN QUESTION -->\n\nWhy?"),
        {"cell_type": "markdown", "metadata": {"tags": ["otter_answer_cell"]}, "source": "_"},
        _md("<!-- END QUESTION -->"),
    ]}
    finish_student_notebook(notebook, ["w1"], "m")
    assert notebook["cells"][0]["source"].startswith('STUDENT_ID = ""')
    assert notebook["cells"][2]["metadata"]["treatylens"] == {"answer_to": "w1"}
    with pytest.raises(BuildError, match="no id cell"):
        finish_student_notebook({"cells": []}, [], "m")


def test_masters_with_live_widgets_are_refused() -> None:
    from treatylens.grading.build import widget_cells

    cells = [{"cell_type": "code", "source": "from treatylens import maps"},
             {"cell_type": "code", "source": "maps.interactive_map(treaties.status, day)"}]
    assert widget_cells({"cells": cells}) == [2]


def test_leak_check_finds_hidden_tests_and_solutions_but_not_shown_lines(tmp_path) -> None:
    from treatylens.grading.build import leaks

    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "q1.py").write_text(
        "from otter.test_files import test_case\n\n"
        "@test_case(points=None, hidden=True)\n"
        "def test_secret(q1):\n"
        "    expected_total_for_this_student = 41\n"
        "    countries_table = load_the_shapes_again()\n"
        "    assert q1 == expected_total_for_this_student\n")
    master = {"cells": [
        {"cell_type": "code", "source": "countries_table = load_the_shapes_again()"},
        _raw("# BEGIN SOLUTION"),
        {"cell_type": "code", "source": "q1 = compute_the_total(my.treaty)  # SOLUTION\nq1"},
        _raw("# END SOLUTION"),
        _raw("# BEGIN SOLUTION"), _md("The model answer explains the whole reasoning."),
        _raw("# END SOLUTION"),
    ]}
    clean = {"cells": [{"cell_type": "code", "source": "countries_table = load_the_shapes_again()"},
                       {"cell_type": "code", "source": "q1 = ...\nq1"}]}
    assert leaks(clean, tmp_path, master) == []
    dirty = {"cells": [*clean["cells"],
                       {"cell_type": "code", "source": "expected_total_for_this_student = 41"},
                       {"cell_type": "code", "source": "q1 = compute_the_total(my.treaty)"},
                       _md("The model answer explains the whole reasoning.")]}
    assert len(leaks(dirty, tmp_path, master)) == 3
