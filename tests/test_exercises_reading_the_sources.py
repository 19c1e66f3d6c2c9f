"""Lesson 01 exercises: the worked solutions pass, placeholders and typical mistakes get hints."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from treatylens.dates import as_date
from treatylens.exercises import check, exercise_names
from treatylens.exercises.reading_the_sources import CLUSTER_DECISION_DAY, INVASION_DAY_ONE
from treatylens.io.sources import load_attributions, provenance
from treatylens.reading import boilerplate_summary, opinion_markers

NAMES = ["01-unnamed-outlets", "01-boilerplate-share-003", "01-tass-relays-whom",
         "01-translator-choice", "01-date-1000-days", "01-date-000-tuesday",
         "01-opinion-sentences"]


def test_all_registered() -> None:
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_with_a_hint(name) -> None:
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


def test_unnamed_outlets() -> None:
    cards = provenance()
    assert check("01-unnamed-outlets", list(cards.index[cards["outlet"] == ""])).correct
    wrong = check("01-unnamed-outlets", ["003"])
    assert not wrong.correct and "'003' does not belong" in wrong.message
    assert "publisher" in wrong.message


def test_boilerplate_share() -> None:
    summary = boilerplate_summary()
    share = 100 * summary.loc["003", "boilerplate_chars"] / summary.loc["003", "chars"]
    assert check("01-boilerplate-share-003", share).correct
    fraction = check("01-boilerplate-share-003", share / 100)
    assert not fraction.correct and "multiply by 100" in fraction.message


def test_tass_speaker_type() -> None:
    table = load_attributions()
    solution = table.loc[table["relayed_by"] == "TASS", "speaker_type"].iloc[0]
    assert check("01-tass-relays-whom", solution).correct
    wrong = check("01-tass-relays-whom", "state-media")
    assert not wrong.correct and "channel" in wrong.message


def test_translation_choice() -> None:
    assert check("01-translator-choice", "reverses").correct
    wrong = check("01-translator-choice", "reflects")
    assert not wrong.correct and "translator_notes" in wrong.message


def test_day_1000() -> None:
    solution = INVASION_DAY_ONE + timedelta(days=999)
    assert solution.strftime("%A") == "Tuesday"
    assert check("01-date-1000-days", solution).correct
    assert check("01-date-1000-days", solution.isoformat()).correct
    assert check("01-date-1000-days", pd.Timestamp(solution)).correct
    off_by_one = check("01-date-1000-days", INVASION_DAY_ONE + timedelta(days=1000))
    assert not off_by_one.correct and "1 day too late" in off_by_one.message
    assert "999" in off_by_one.message


def test_sullivan_tuesday() -> None:
    day = CLUSTER_DECISION_DAY + timedelta(days=1)
    while day.weekday() != 1:
        day += timedelta(days=1)
    assert check("01-date-000-tuesday", day).correct
    before = check("01-date-000-tuesday", day - timedelta(days=7))
    assert not before.correct and "before" in before.message
    unreadable = check("01-date-000-tuesday", "11 July")
    assert not unreadable.correct


def test_as_date_rejects_numbers() -> None:
    with pytest.raises(ValueError):
        as_date(20241119)
    assert as_date(date(2024, 1, 2)) == date(2024, 1, 2)


def test_opinion_sentences_solution_and_transition_hint() -> None:
    markers = opinion_markers("002")
    prescribing = (markers["prescriptive"] != "") | markers["evaluative"].str.contains("it is")
    solution = list(markers.index[prescribing & ~markers["attributed"]])
    assert check("01-opinion-sentences", solution).correct
    transition = list(markers.index[markers["paragraph"] == markers["paragraph"].max() - 2])
    wrong = check("01-opinion-sentences", solution + transition)
    assert not wrong.correct and "where the slide begins" in wrong.message
    unrelated = check("01-opinion-sentences", [1])
    assert not unrelated.correct and "prescriptive" in unrelated.message


def test_no_lesson_01_name_gives_its_answer_away() -> None:
    """An exercise's name shows above the answer cell: it must not be the answer."""
    options = ("reflects", "reverses", "repeats")
    right = [option for option in options if check("01-translator-choice", option).correct]
    assert len(right) == 1
    assert not any(right[0] in name for name in exercise_names())
    speaker_type = load_attributions().query("relayed_by == 'TASS'")["speaker_type"].iloc[0]
    assert not any(speaker_type in name for name in exercise_names() if name.startswith("01-"))
