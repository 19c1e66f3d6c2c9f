"""Exercises of lesson 00b (pandas primer). Answer keys are computed from the treaty data.

Every exercise practises one table operation that a later lesson relies on (a condition, two
conditions, counting by group, the earliest date, a set difference), on the CCM status table
as of the data's as-of date. None of them asks for a number or a list that a later lesson's
exercise asks for, so the primer gives nothing away.
"""

from __future__ import annotations

import pandas as pd

from treatylens import treaties
from treatylens.exercises.core import (
    Answer,
    Exercise,
    Feedback,
    Registry,
    expect_choice,
    expect_number,
    expect_set,
)
from treatylens.exercises.reading_the_sources import CLUSTER_DECISION_DAY
from treatylens.exercises.the_treaties import state_code

#: The treaty the primer's tables show: lessons 02 to 05 read the same table for both.
TREATY = "ccm"
#: The regions of UN M49 as `load_states()` spells them: the options of the region question.
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def _table() -> pd.DataFrame:
    return treaties.status(TREATY, treaties.data_as_of(TREATY))


def _accessions() -> int:
    table = _table()
    return int((table["joined_by"] == "accession").sum())


def _not_joined_in(region: str) -> list[str]:
    table = _table()
    return list(table.loc[(table["region"] == region) & (table["status"] == "not joined"), "iso3"])


def _region_most_not_joined() -> str:
    """The region with most states not joined; a tie would make the question unfair."""
    table = _table()
    per_region = table.loc[table["status"] == "not joined", "region"].value_counts()
    if len(per_region) > 1 and per_region.iloc[0] == per_region.iloc[1]:
        raise ValueError(f"two regions tie for most states not joined: {per_region.to_dict()}")
    return str(per_region.index[0])


def _first_day_parties() -> list[str]:
    table = _table()
    return list(table.loc[table["joined"] == table["joined"].min(), "iso3"])


def _parties_on(as_of: object) -> set[str]:
    table = treaties.status(TREATY, as_of)
    return set(table.loc[table["status"] == "party", "iso3"])


def _new_parties_since_decision() -> list[str]:
    return sorted(_parties_on(treaties.data_as_of(TREATY)) - _parties_on(CLUSTER_DECISION_DAY))


def _left_since_decision() -> list[str]:
    return sorted(_parties_on(CLUSTER_DECISION_DAY) - _parties_on(treaties.data_as_of(TREATY)))


def _reversed_difference_hint() -> str:
    left = ", ".join(_left_since_decision()) or "none"
    return (f"That is the other direction: parties then that are no longer parties ({left}). "
            "Take the later set minus the earlier one.")


_NEW_PARTIES = expect_set(
    _new_parties_since_decision, normaliser=state_code, item_name="state",
    hint="Make a set of the parties' ISO codes for each date, then subtract: "
         "`later - earlier`. Parties only: signatories are not parties.",
    explanation="A set difference answers 'what changed between two dates'; lesson 05 "
                "checks claims on the day the articles were published for exactly this "
                "reason.",
)


def _new_parties_checker(answer: Answer) -> Feedback:
    """The set checker, plus a hint for the subtraction taken the wrong way round."""
    feedback = _NEW_PARTIES(answer)
    if feedback.correct:
        return feedback
    try:
        given = {state_code(item) for item in answer}
    except (TypeError, ValueError):
        return feedback
    if given and given == set(_left_since_decision()):
        return Feedback(False, _reversed_difference_hint())
    return feedback


def register(registry: Registry) -> None:
    registry.add(Exercise(
        name="00b-ccm-accessions",
        question="How many states in the CCM table joined by accession (the `joined_by` "
                 "column)?",
        checker=expect_number(
            _accessions,
            hint="Compare the `joined_by` column with 'accession' and count the True values "
                 "with `.sum()`, or read the 'accession' line of "
                 "`ccm[\"joined_by\"].value_counts()`.",
            explanation="Accession and ratification both make a state a party; lesson 02 "
                        "explains the difference, and lesson 05 why it matters when an article "
                        "says 'ratified'.",
        ),
    ))
    registry.add(Exercise(
        name="00b-oceania-not-joined",
        question="Which states of the region 'Oceania' have not joined the CCM on the data's "
                 "as-of date? Give their ISO codes.",
        checker=expect_set(
            lambda: _not_joined_in("Oceania"), normaliser=state_code, item_name="state",
            hint="Two conditions, each in brackets, joined with `&`: `region` is 'Oceania' and "
                 "`status` is 'not joined'. Then take the `iso3` column with `.loc`.",
            explanation="Two conditions together: the pattern behind most questions in lessons "
                        "02 and 03.",
        ),
    ))
    registry.add(Exercise(
        name="00b-region-most-not-joined",
        question="Which region has the most states that have not joined the CCM on the data's "
                 "as-of date?",
        checker=expect_choice(
            _region_most_not_joined, REGIONS,
            explanation="`value_counts()` sorts from most to least, so the first line answers "
                        "the question. Lesson 02 draws the same counts as bars, region by region.",
        ),
    ))
    registry.add(Exercise(
        name="00b-first-day-ccm",
        question="Which states' instruments are the earliest in the CCM table (the smallest "
                 "`joined` date)? Give their ISO codes.",
        checker=expect_set(
            _first_day_parties, normaliser=state_code, item_name="state",
            hint="Sort by `joined` and read the top rows: several states share the earliest "
                 "date. Or select the rows whose `joined` equals `ccm[\"joined\"].min()`.",
            explanation="Several states deposited their instruments on the same day: a "
                        "'first' can be shared, which is why the check asks for all of them.",
        ),
    ))
    registry.add(Exercise(
        name="00b-new-ccm-parties",
        question="Which states are CCM parties on the data's as-of date but were not on "
                 "7 July 2023, the day of the US cluster-munitions decision?",
        checker=_new_parties_checker,
    ))
