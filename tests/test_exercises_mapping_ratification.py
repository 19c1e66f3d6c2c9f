"""Lesson 03 exercises: the worked solutions pass, placeholders and typical mistakes get hints."""

from __future__ import annotations

import pytest

from treatylens import geo
from treatylens.exercises import check, exercise_names
from treatylens.exercises.the_treaties import MINES_ARTICLE_DATE
from treatylens.treaties import combined, data_as_of, status

NAMES = ["03-marker-count", "03-iso-a3-lost", "03-both-conventions-2024", "03-lonlat-distortion"]


def test_all_registered():
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_with_a_hint(name):
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


def test_marker_count():
    countries = geo.load_countries()
    assert check("03-marker-count", countries["is_small"].sum()).correct
    wrong = check("03-marker-count", len(countries))
    assert not wrong.correct and "too high" in wrong.message and "is_small" in wrong.message


def test_iso_a3_lost():
    countries = geo.load_countries()
    naive = geo.with_natural_earth_codes(status("ottawa", data_as_of("ottawa")), "ISO_A3")
    solution = list(geo.join_report(naive, countries).missing_from_table)
    assert check("03-iso-a3-lost", solution).correct
    assert check("03-iso-a3-lost", ["France", "Norway"]).correct
    wrong = check("03-iso-a3-lost", ["FRA", "SSD"])
    assert not wrong.correct and "'SSD' does not belong" in wrong.message
    assert "-99" in wrong.message


def test_both_conventions():
    as_of = data_as_of("ottawa")
    before, after = combined(MINES_ARTICLE_DATE), combined(as_of)
    # Equal counts on the two dates: the reason the exercise asks for states, not a number.
    assert (before["combined"] == "both").sum() == (after["combined"] == "both").sum()
    left = set(before.loc[before["combined"] == "both", "iso3"])
    now = set(after.loc[after["combined"] == "both", "iso3"])
    answer = sorted(left ^ now)
    assert answer and check("03-both-conventions-2024", answer).correct
    # Only the states that left (one direction of the change) is not enough.
    partial = check("03-both-conventions-2024", sorted(left - now))
    assert not partial.correct
    # A count is the wrong kind of answer now.
    assert not check("03-both-conventions-2024", len(left)).correct


def test_lonlat_choice():
    assert check("03-lonlat-distortion", "b").correct
    assert "exaggeration" in check("03-lonlat-distortion", "a").message
    assert "longitude shrinks" in check("03-lonlat-distortion", "c").message
