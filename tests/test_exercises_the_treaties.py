"""Lesson 02 exercises: the worked solutions pass, placeholders and typical mistakes get hints."""

from __future__ import annotations

import pytest

from treatylens import geo
from treatylens.exercises import check, exercise_names
from treatylens.exercises.the_treaties import (
    MINES_ARTICLE_DATE,
    P5,
    STATE_ALIASES,
    resolve_state,
    state_code,
)
from treatylens.treaties import TREATIES, counts, data_as_of, standing

NAMES = ["02-ottawa-parties-2024", "02-p5-ccm-parties", "02-ccm-entry-into-force",
         "02-ukraine-ottawa-2025", "02-neighbours-withdrawn-ottawa"]


def test_all_registered():
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_with_a_hint(name):
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


def test_ottawa_parties_solution_and_mistakes():
    table = counts("ottawa", MINES_ARTICLE_DATE)
    assert check("02-ottawa-parties-2024", int(table["party"])).correct
    # Typical mistake: today's count instead of the count on the day.
    today = int(counts("ottawa", data_as_of("ottawa"))["party"])
    wrong = check("02-ottawa-parties-2024", today)
    assert not wrong.correct and "too low" in wrong.message and "withdrawals" in wrong.message


def test_p5_solution_accepts_codes_and_names():
    table = standing(list(P5), data_as_of("ccm"))
    solution = list(table.loc[table["ccm"] == "party", "iso3"])
    assert check("02-p5-ccm-parties", solution).correct
    assert check("02-p5-ccm-parties", [c.lower() for c in solution]).correct
    names = list(table.loc[table["ccm"] == "party", "name"])
    assert check("02-p5-ccm-parties", names).correct


def test_p5_wrong_member_is_named():
    feedback = check("02-p5-ccm-parties", ["FRA", "USA"])
    assert not feedback.correct and "'USA' does not belong" in feedback.message
    assert "signature alone" in feedback.message


def test_p5_unreadable_state_is_explained():
    feedback = check("02-p5-ccm-parties", ["Atlantis"])
    assert not feedback.correct and "could not be read" in feedback.message
    assert "ISO code such as 'GBR'" in feedback.message


def test_p5_misspelt_name_gets_a_suggestion():
    feedback = check("02-p5-ccm-parties", ["Britian"])
    assert not feedback.correct and "did you mean" in feedback.message
    assert "Northern Ireland" in feedback.message


@pytest.mark.parametrize("common, code", [("United Kingdom", "GBR"), ("UK", "GBR"),
                                          ("U.K.", "GBR"), ("Britain", "GBR"),
                                          ("United States", "USA"), ("U.S.", "USA"),
                                          ("Russia", "RUS"), ("china", "CHN")])
def test_p5_common_names_are_accepted_and_the_reading_is_said(common, code):
    table = standing(list(P5), data_as_of("ccm"))
    parties = list(table.loc[table["ccm"] == "party", "iso3"])
    answer = [common if c == code else c for c in parties] if code in parties else [*parties,
                                                                                    common]
    feedback = check("02-p5-ccm-parties", answer)
    assert feedback.correct == (code in parties)
    name = table.set_index("iso3").loc[code, "name"]
    assert f"{common!r} as {name} ({code})" in feedback.message
    if code not in parties:
        assert f"'{code}' does not belong" in feedback.message


def test_codes_alone_get_no_reading_note():
    table = standing(list(P5), data_as_of("ccm"))
    solution = list(table.loc[table["ccm"] == "party", "iso3"])
    assert "Read " not in check("02-p5-ccm-parties", solution).message


def test_neighbours_accept_names_too():
    table = standing(geo.land_neighbours("RUS"), data_as_of("ottawa"))
    names = list(table.loc[table["ottawa"] == "withdrawn", "name"])
    feedback = check("02-neighbours-withdrawn-ottawa", names)
    assert feedback.correct and "Read " in feedback.message


def test_ccm_entry_into_force():
    assert check("02-ccm-entry-into-force", TREATIES["ccm"].entry_into_force.year).correct
    adoption_year = int(TREATIES["ccm"].adopted[-4:])
    wrong = check("02-ccm-entry-into-force", adoption_year)
    assert not wrong.correct and "entry_into_force" in wrong.message


def test_ukraine_choice_hints_explain_withdrawal_and_suspension():
    assert check("02-ukraine-ottawa-2025", "a").correct
    withdrew = check("02-ukraine-ottawa-2025", "b")
    assert not withdrew.correct and "article 20" in withdrew.message
    suspended = check("02-ukraine-ottawa-2025", "C")
    assert not suspended.correct and "no suspension clause" in suspended.message


def test_neighbours_withdrawn():
    table = standing(geo.land_neighbours("RUS"), data_as_of("ottawa"))
    solution = list(table.loc[table["ottawa"] == "withdrawn", "iso3"])
    assert check("02-neighbours-withdrawn-ottawa", solution).correct
    # Poland's notice had not taken effect on the as-of date.
    wrong = check("02-neighbours-withdrawn-ottawa", [*solution, "POL"])
    assert not wrong.correct and "'POL' does not belong" in wrong.message


@pytest.mark.parametrize("value, expected", [("fra", "FRA"), (" France ", "FRA"),
                                             ("Russian Federation", "RUS"), ("Iran", "IRN"),
                                             ("the Bahamas", "BHS"), ("Cote d'Ivoire", "CIV"),
                                             ("Turkey", "TUR"), ("Netherlands", "NLD")])
def test_state_code(value, expected):
    assert state_code(value) == expected


@pytest.mark.parametrize("value", [3, "Frankreich", None, "Korea", "UA"])
def test_state_code_rejects(value):
    with pytest.raises(ValueError):
        state_code(value)


def test_every_alias_points_to_a_state_and_does_not_shadow_a_un_name():
    from treatylens.treaties import load_states

    states = load_states()
    codes = set(states["iso3"])
    un_names = {n.casefold() for n in states["name"]}
    for alias, code in STATE_ALIASES.items():
        assert code in codes, alias
        assert alias.casefold() not in un_names, alias  # a UN name must resolve as itself
        assert resolve_state(alias).iso3 == code


def test_resolution_says_how_it_matched():
    assert resolve_state("gbr").matched == "code"
    assert resolve_state("France").matched == "name"
    assert resolve_state("UK").matched == "alias"
