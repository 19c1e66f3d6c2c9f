"""`check` gives specific feedback and accepts equivalent answers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from treatylens.exercises import (
    REGISTRY,
    Registry,
    UnknownExerciseError,
    check,
    exercise_names,
    expect_choice,
    expect_number,
    expect_set,
)
from treatylens.exercises.core import Exercise
from treatylens.exercises.start_here import article_id


def registry_with(checker) -> Registry:
    registry = Registry()
    registry.add(Exercise(name="q", question="?", checker=checker))
    return registry


class TestNumbers:
    checker = staticmethod(expect_number(20, tolerance=0.5, unit="%", percent=True))

    @pytest.mark.parametrize("answer", [20, 20.4, 19.5, "20", "20 %", np.float64(20.0)])
    def test_right_within_tolerance(self, answer) -> None:
        assert registry_with(self.checker).check("q", answer).correct

    @pytest.mark.parametrize("answer", [20.6, 0, -20, 100])
    def test_wrong_outside_tolerance_says_direction(self, answer) -> None:
        feedback = registry_with(self.checker).check("q", answer)
        assert not feedback.correct
        assert ("too high" in feedback.message) != ("too low" in feedback.message)

    def test_fraction_for_a_percentage_gets_a_scale_hint(self) -> None:
        feedback = registry_with(self.checker).check("q", 0.2)
        assert not feedback.correct and "multiply by 100" in feedback.message

    @pytest.mark.parametrize("answer", ["twenty", [20], True])
    def test_not_a_number_is_named(self, answer) -> None:
        feedback = registry_with(self.checker).check("q", answer)
        assert not feedback.correct and "expected a number" in feedback.message

    def test_nan_is_named(self) -> None:
        feedback = registry_with(self.checker).check("q", float("nan"))
        assert not feedback.correct and "NaN" in feedback.message

    def test_exact_by_default(self) -> None:
        registry = registry_with(expect_number(3))
        assert registry.check("q", 3).correct
        assert not registry.check("q", 3.01).correct

    def test_expected_value_can_be_computed_lazily(self) -> None:
        calls = []
        registry = registry_with(expect_number(lambda: calls.append(1) or 7))
        assert calls == []
        assert registry.check("q", 7).correct and calls == [1]


class TestSets:
    checker = staticmethod(expect_set(["000", "002"], normaliser=article_id,
                                      item_name="article id"))

    @pytest.mark.parametrize(
        "answer",
        [["000", "002"], ["002", "000"], [0, 2], ("0", "2"), {"000", "002"},
         pd.Index(["002", "000"]), ["article 000", "002", "002"]],
    )
    def test_any_order_and_form(self, answer) -> None:
        assert registry_with(self.checker).check("q", answer).correct

    def test_extra_items_are_named_missing_only_counted(self) -> None:
        feedback = registry_with(self.checker).check("q", ["000", "001"])
        assert not feedback.correct
        assert "'001' does not belong" in feedback.message
        assert "1 article id is missing" in feedback.message
        assert "002" not in feedback.message  # the missing answer is not given away

    def test_a_string_is_not_a_list(self) -> None:
        feedback = registry_with(self.checker).check("q", "000, 002")
        assert not feedback.correct and "expected a list" in feedback.message

    def test_unreadable_item_is_explained(self) -> None:
        feedback = registry_with(self.checker).check("q", ["zero"])
        assert not feedback.correct and "could not be read" in feedback.message

    def test_plain_strings_compare_without_case_or_spaces(self) -> None:
        registry = registry_with(expect_set(["TASS", "Reuters"]))
        assert registry.check("q", [" reuters", "tass"]).correct


class TestChoice:
    checker = staticmethod(
        expect_choice("b", ["a", "b", "c"], hints={"a": "a confuses signing with joining"})
    )

    def test_right_in_any_case(self) -> None:
        assert registry_with(self.checker).check("q", " B ").correct

    def test_wrong_option_gets_its_own_hint(self) -> None:
        assert "confuses signing" in registry_with(self.checker).check("q", "a").message

    def test_wrong_option_without_hint_still_helps(self) -> None:
        assert "try another option" in registry_with(self.checker).check("q", "c").message

    def test_unknown_option_lists_options(self) -> None:
        assert "a, b, c" in registry_with(self.checker).check("q", "d").message

    def test_answer_key_must_be_an_option(self) -> None:
        with pytest.raises(ValueError, match="not among the options"):
            expect_choice("z", ["a", "b"])


class TestRegistry:
    @pytest.mark.parametrize("answer", [..., None])
    def test_placeholders_get_a_placeholder_hint(self, answer) -> None:
        feedback = registry_with(expect_number(1)).check("q", answer)
        assert not feedback.correct
        assert "`...`" in feedback.message or "`None`" in feedback.message

    def test_unknown_name_is_one_line_of_feedback_with_close_names(self) -> None:
        feedback = check("00-warmup-arabic-shar", 20)
        assert not feedback.correct
        assert "'00-warmup-arabic-share'" in feedback.message and "\n" not in feedback.message

    def test_programs_asking_for_an_unknown_name_still_get_an_error(self) -> None:
        with pytest.raises(UnknownExerciseError, match="00-warmup-arabic-share"):
            REGISTRY.get("00-warmup-arabic-shar")

    def test_duplicate_names_are_refused(self) -> None:
        registry = registry_with(expect_number(1))
        with pytest.raises(ValueError, match="registered twice"):
            registry.add(Exercise(name="q", question="?", checker=expect_number(2)))

    def test_feedback_renders_in_a_notebook(self) -> None:
        right = check("00-warmup-arabic-share", 20)
        wrong = check("00-warmup-arabic-share", 40)
        assert right._repr_markdown_().startswith("✅")
        assert wrong._repr_markdown_().startswith("💡")
        assert "00-warmup-arabic-share" in str(wrong)


def test_lesson_00_answer_keys_come_from_the_data() -> None:
    assert {"00-warmup-cluster-articles", "00-warmup-arabic-share"} <= set(exercise_names())
    assert check("00-warmup-cluster-articles", ["000", "002"]).correct
    assert not check("00-warmup-cluster-articles", ["001", "003", "004"]).correct
    assert check("00-warmup-arabic-share", 20).correct


@pytest.mark.parametrize("value, expected", [("000", "000"), (2, "002"), ("article 4", "004")])
def test_article_id_normalises(value, expected) -> None:
    assert article_id(value) == expected


@pytest.mark.parametrize("value", [True, "two", "0x1"])
def test_article_id_rejects(value) -> None:
    with pytest.raises(ValueError):
        article_id(value)


class TestLazyChoiceAndDates:
    def test_choice_key_and_hints_may_be_computed_at_check_time(self) -> None:
        calls: list[str] = []
        registry = registry_with(expect_choice(
            lambda: calls.append("key") or "b", ["a", "b"],
            hints={"a": lambda: calls.append("hint") or "computed hint"}))
        assert calls == []  # registering read nothing
        assert registry.check("q", "b").correct
        assert registry.check("q", "a").message == "computed hint"
        assert calls == ["key", "key", "hint"]

    def test_computed_key_outside_the_options_is_a_bug_not_a_wrong_answer(self) -> None:
        registry = registry_with(expect_choice(lambda: "z", ["a", "b"]))
        with pytest.raises(ValueError, match="computed answer 'z'"):
            registry.check("q", "a")

    def test_dates_in_any_form_and_off_by_one_hint(self) -> None:
        from datetime import date

        import pandas as pd

        from treatylens.exercises import expect_date

        registry = registry_with(expect_date(date(2024, 11, 19), hints={1: "count day 1"}))
        for answer in (date(2024, 11, 19), "2024-11-19", pd.Timestamp("2024-11-19")):
            assert registry.check("q", answer).correct
        late = registry.check("q", "2024-11-20")
        assert not late.correct
        assert "1 day too late" in late.message and "count day 1" in late.message
        assert "is not a date" in registry.check("q", 20241119).message


class TestCourseWords:
    """Feedback speaks the course's words: no Python error text, no dumped tables or objects."""

    int_checker = staticmethod(expect_set([3, 4], normaliser=int, item_name="sentence number"))

    @pytest.mark.parametrize("item", ["x", [1], None, "3.5.1"])
    def test_python_error_text_never_reaches_the_student(self, item) -> None:
        feedback = registry_with(self.int_checker).check("q", [3, item])
        assert not feedback.correct and "could not be read" in feedback.message
        for python_words in ("invalid literal", "int()", "base 10", "argument must be",
                             "NoneType"):
            assert python_words not in feedback.message
        assert "sentence number" in feedback.message

    def test_a_normaliser_message_in_course_words_is_kept(self) -> None:
        feedback = registry_with(TestSets.checker).check("q", ["000", "zero"])
        assert "'zero' is not an article id like '002'" in feedback.message

    def test_python_wording_is_recognised_and_course_wording_is_not(self) -> None:
        from treatylens.exercises.core import _course_reason

        assert _course_reason(ValueError("invalid literal for int() with base 10: 'x'")) == ""
        assert _course_reason(TypeError("unhashable type: 'list'")) == ""
        assert _course_reason(ValueError("'Narnia' is not a state")) == "'Narnia' is not a state"

    @pytest.mark.parametrize("checker", [
        expect_number(5), expect_set(["a"]), expect_choice("a", ["a", "b"]),
    ])
    def test_a_table_or_column_is_described_not_printed(self, checker) -> None:
        table = pd.DataFrame({"state": [f"S{i:03d}" for i in range(200)], "n": range(200)})
        for answer in (table, table["state"], table["n"].to_numpy()):
            message = registry_with(checker).check("q", answer).message
            assert "S150" not in message and "dtype" not in message and "\n" not in message
            assert len(message) < 400
        assert "200 rows" in registry_with(checker).check("q", table).message

    def test_a_long_list_of_wrong_items_is_shortened(self) -> None:
        feedback = registry_with(expect_set(["a"])).check("q", [f"x{i}" for i in range(50)])
        assert "'x0'" in feedback.message and "'x49'" not in feedback.message
        assert "and 42 more" in feedback.message

    def test_a_result_object_gets_a_pointer_to_its_attribute(self) -> None:
        from typing import NamedTuple

        class Estimate(NamedTuple):
            label: str
            expected: float
            low: float

        result = Estimate("a long label that should not be shown", 12.5, 10.0)
        feedback = registry_with(expect_number(12.5)).check("q", result)
        assert not feedback.correct
        assert "`.expected`" in feedback.message and "`.low`" in feedback.message
        assert "`.label`" not in feedback.message  # not a number
        assert "should not be shown" not in feedback.message
        assert registry_with(expect_number(12.5)).check("q", result.expected).correct

    def test_a_condition_is_not_a_count_nor_a_list(self) -> None:
        condition = pd.Series([True, False, True], name="party")
        as_number = registry_with(expect_number(2)).check("q", condition)
        assert not as_number.correct and ".sum()" in as_number.message
        as_list = registry_with(expect_set(["a"])).check("q", condition)
        assert not as_list.correct and "condition" in as_list.message
        table = pd.DataFrame({"x": [1]}, index=["a"])
        as_table = registry_with(expect_set(["a"])).check("q", table)
        assert not as_table.correct and "list(table.index)" in as_table.message

    def test_a_placeholder_inside_a_list_is_named(self) -> None:
        feedback = registry_with(TestSets.checker).check("q", ["000", ...])
        assert not feedback.correct and "`...`" in feedback.message

    def test_impossible_day_and_a_column_of_dates(self) -> None:
        from treatylens.exercises import expect_date

        registry = registry_with(expect_date(date(2024, 2, 28)))
        assert "no such day" in registry.check("q", "2024-02-30").message
        column = pd.Series(["2024-02-28"] * 30, name="published")
        message = registry.check("q", column).message
        assert "30 values" in message and "one date" in message and "\n" not in message


class TestFormsAcceptedWithANote:
    """'(b)' for 'b' and '5.8%' for 5.8 pass, and the note says how Python writes them."""

    @pytest.mark.parametrize("answer", ["(b)", "b)", " (B) ", "'b'", "option b", "b."])
    def test_a_dressed_option_is_read_as_the_option(self, answer) -> None:
        feedback = registry_with(TestChoice.checker).check("q", answer)
        assert feedback.correct
        assert f"Read {answer!r} as 'b'" in feedback.message

    def test_a_plain_option_gets_no_note(self) -> None:
        assert "Read" not in registry_with(TestChoice.checker).check("q", "b").message

    def test_a_dressed_wrong_option_still_gets_its_hint(self) -> None:
        feedback = registry_with(TestChoice.checker).check("q", "(a)")
        assert not feedback.correct and "confuses signing" in feedback.message

    def test_brackets_do_not_make_a_non_option_an_option(self) -> None:
        feedback = registry_with(TestChoice.checker).check("q", "(d)")
        assert not feedback.correct and "not one of the options" in feedback.message

    @pytest.mark.parametrize("answer, read_as", [("5.8%", "5.8"), ("5.8 %", "5.8"),
                                                 ("'5.8'", None), ("5.8", "5.8")])
    def test_percentage_text_is_read_as_the_number(self, answer, read_as) -> None:
        feedback = registry_with(expect_number(5.8, tolerance=0.05, percent=True)).check(
            "q", answer)
        if read_as is None:  # quotes inside the text: not a number
            assert not feedback.correct and "expected a number" in feedback.message
            return
        assert feedback.correct
        assert f"read it as the number {read_as}" in feedback.message
        assert ("% sign" in feedback.message) == ("%" in answer)

    def test_a_number_needs_no_note(self) -> None:
        feedback = registry_with(expect_number(5.8, percent=True)).check("q", 5.8)
        assert feedback.correct and "read it as" not in feedback.message

    def test_thousands_separators_are_read(self) -> None:
        feedback = registry_with(expect_number(1000)).check("q", "1,000")
        assert feedback.correct and "thousands commas" in feedback.message
        assert not registry_with(expect_number(1000)).check("q", "1,00").correct

    def test_a_percentage_for_a_share_is_read_as_the_share(self) -> None:
        feedback = registry_with(expect_number(0.058, tolerance=0.0005)).check("q", "5.8%")
        assert feedback.correct and "`0.058`" in feedback.message

    def test_a_series_of_one_value_is_read_as_that_value(self) -> None:
        feedback = registry_with(expect_number(20)).check("q", pd.Series([20.0], index=["ar"]))
        assert feedback.correct and ".item()" in feedback.message


class TestExerciseNames:
    """A wrong or missing exercise name is one line of feedback, never a traceback."""

    @pytest.mark.parametrize("name", [None, 3, ["00-warmup-arabic-share"]])
    def test_a_name_that_is_not_text(self, name) -> None:
        feedback = check(name, 20)
        assert not feedback.correct and "name, in quotes" in feedback.message

    def test_swapped_arguments_are_recognised(self) -> None:
        feedback = check(20, "00-warmup-arabic-share")
        assert not feedback.correct and "name comes first" in feedback.message

    def test_no_close_name_lists_the_lesson(self) -> None:
        feedback = check("00-something-else-entirely", 1)
        assert not feedback.correct
        assert "'00-warmup-arabic-share'" in feedback.message
        assert "'01-" not in feedback.message

    def test_case_and_spaces_do_not_matter(self) -> None:
        feedback = check(" 00-Warmup-Arabic-Share ", 20)
        assert feedback.correct and feedback.name == "00-warmup-arabic-share"


def test_a_generator_is_read_once_and_checked_whole() -> None:
    registry = registry_with(TestSets.checker)
    assert registry.check("q", (code for code in ["000", "002"])).correct
