"""`check` gives specific feedback and accepts equivalent answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from treatylens.exercises import (
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

    def test_unknown_name_suggests_close_names(self) -> None:
        with pytest.raises(UnknownExerciseError, match="00-warmup-arabic-share"):
            check("00-warmup-arabic-shar", 20)

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
