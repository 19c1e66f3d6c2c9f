"""Lesson 00b exercises: keys agree with the data read another way; mistakes get hints.

The expected answers here are computed by a different route from the exercise module's
(the event log, `standing`, `counts`, plain loops), so a wrong filter in either would show.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from treatylens import treaties
from treatylens.exercises import check, exercise_names
from treatylens.exercises.reading_the_sources import CLUSTER_DECISION_DAY
from treatylens.notebook_checks import notebook_problems

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["00b-ccm-accessions", "00b-oceania-not-joined", "00b-region-most-not-joined",
         "00b-first-day-ccm", "00b-new-ccm-parties"]
AS_OF = treaties.data_as_of("ccm")


def test_all_registered() -> None:
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_with_a_hint(name) -> None:
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


def test_accessions_agree_with_the_event_log() -> None:
    events = treaties.load_events()
    on_time = events["date"] <= pd.Timestamp(AS_OF)
    expected = len(events[(events["treaty"] == "ccm") & (events["action"] == "accession")
                          & on_time])
    assert expected > 0
    assert check("00b-ccm-accessions", expected).correct
    assert check("00b-ccm-accessions", str(expected)).correct  # text, read with a note
    assert not check("00b-ccm-accessions", expected + 1).correct
    parties = check("00b-ccm-accessions", int(treaties.counts("ccm", AS_OF)["party"]))
    assert not parties.correct and "too high" in parties.message


def _oceania_codes() -> list[str]:
    states = treaties.load_states()
    return [code for code, region in zip(states["iso3"], states["region"], strict=True)
            if region == "Oceania"]


def test_oceania_not_joined_agrees_with_standing() -> None:
    table = treaties.standing(_oceania_codes(), AS_OF)
    expected = [row.iso3 for row in table.itertuples() if row.ccm == "not joined"]
    assert expected, "the test needs at least one state"
    assert check("00b-oceania-not-joined", expected).correct
    assert check("00b-oceania-not-joined", [c.lower() for c in reversed(expected)]).correct
    every_oceania_state = check("00b-oceania-not-joined", _oceania_codes())
    assert not every_oceania_state.correct and "not belong" in every_oceania_state.message
    assert "&" in every_oceania_state.message  # the hint names the second condition


def test_region_most_not_joined_agrees_with_a_plain_count() -> None:
    states = treaties.load_states().set_index("iso3")["region"]
    table = treaties.standing(list(states.index), AS_OF)
    counted = Counter(states[row.iso3] for row in table.itertuples() if row.ccm == "not joined")
    (first, n_first), (_, n_second) = counted.most_common(2)
    assert n_first > n_second  # a tie would make the question unfair
    assert check("00b-region-most-not-joined", first).correct
    assert check("00b-region-most-not-joined", f"({first.lower()})").correct
    other = next(region for region in counted if region != first)
    assert not check("00b-region-most-not-joined", other).correct


def test_first_day_agrees_with_the_event_log() -> None:
    events = treaties.load_events()
    consents = events[(events["treaty"] == "ccm")
                      & events["action"].isin(treaties.CONSENT_ACTIONS)]
    first = consents["date"].min()
    expected = sorted(consents.loc[consents["date"] == first, "iso3"])
    assert len(expected) > 1  # the exercise is about a shared first day
    assert check("00b-first-day-ccm", expected).correct
    only_one = check("00b-first-day-ccm", expected[:1])
    assert not only_one.correct and "missing" in only_one.message


def test_new_parties_agree_with_standing_and_reversed_difference_is_named() -> None:
    codes = list(treaties.load_states()["iso3"])
    before = treaties.standing(codes, CLUSTER_DECISION_DAY).set_index("iso3")["ccm"]
    after = treaties.standing(codes, AS_OF).set_index("iso3")["ccm"]
    joined = [c for c in codes if after[c] == "party" and before[c] != "party"]
    left = [c for c in codes if before[c] == "party" and after[c] != "party"]
    assert joined, "the test needs at least one new party"
    assert check("00b-new-ccm-parties", joined).correct
    names = treaties.load_states().set_index("iso3")["name"]
    assert check("00b-new-ccm-parties", [names[c] for c in joined]).correct
    if left:
        reversed_answer = check("00b-new-ccm-parties", left)
        assert not reversed_answer.correct and "other direction" in reversed_answer.message


def test_the_primer_notebook_is_clean_and_complete() -> None:
    """tests/test_notebook_hygiene.py globs NN_*.ipynb, which does not match 00b."""
    notebook = ROOT / "notebooks" / "00b_pandas_primer.ipynb"
    assert notebook.is_file()
    assert notebook_problems(notebook) == []
