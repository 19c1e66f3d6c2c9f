"""Lesson 06 exercises: the solutions pass, placeholders and typical mistakes get specific hints."""

from __future__ import annotations

import pytest

from treatylens import risk
from treatylens.exercises import check, exercise_names
from treatylens.exercises import civilian_risk as bank

NAMES = ["06-rate-ratio", "06-duds-dod-rate", "06-ap2-mine", "06-relay-only",
         "06-child-share-base"]


def test_all_lesson_06_exercises_are_registered() -> None:
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_and_does_not_raise(name) -> None:
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


# --------------------------------------------------------------------------- answer keys


def test_rate_ratio_key_is_14_over_2_35() -> None:
    """Typed from the sources, not recomputed as the key is: the ceiling the US DoD stated on
    6-7 July 2023 ("less than 2.35%", data/risk/failure_rates.csv) and the 14% floor of the
    Pentagon figures the New York Times reported and of HRW's range."""
    assert bank.rate_ratio() == pytest.approx(14 / 2.35)


def test_duds_key_is_2_35_percent_of_ten_thousand() -> None:
    """235 expected unexploded of 10,000 at the DoD's stated 2.35% (a ceiling)."""
    assert bank.DUDS_EXERCISE_SUBMUNITIONS == 10_000
    assert bank.duds_under_dod_rate() == pytest.approx(235)


def test_dod_rate_is_the_lowest_sourced_rate() -> None:
    """The widget default and the exercise both lean on this: the DoD ceiling is the minimum."""
    assert bank.DOD_ESTIMATE in risk.failure_rate_range()["min_sources"]


def test_ap2_key_agrees_with_meets_ap2() -> None:
    verdict = risk.meets_ap2(bank.AP2_EXERCISE_SELF_DESTRUCT, bank.AP2_EXERCISE_SELF_DEACTIVATE)
    assert bank.ap2_answer() == ("yes" if verdict.meets else "no")
    # the exercise is only interesting if the first test passes and the second fails
    assert verdict.self_destruct_meets is True and verdict.combined_meets is False


def test_relay_only_key_lists_only_r2_world_totals() -> None:
    editions = bank.relay_only_editions()
    assert editions
    for monitor in ("LM", "CMM"):
        series = risk.monitor_series("casualties", monitor)
        for row in series.itertuples():
            assert (row.edition in editions) == (row.status == "R2")


def test_child_share_base_key_matches_the_data() -> None:
    letter = bank.child_share_base()
    table = risk.load_monitor_figures()
    row = table[(table["edition"] == "CMM2023") & (table["measure"] == "children_share")]
    assert bank.CHILD_SHARE_OPTIONS[letter] == row["base"].iloc[0]


def test_importing_the_bank_reads_no_data(monkeypatch) -> None:
    """Keys and data-derived hints are computed at check time, not at import."""
    import importlib

    from treatylens.exercises.core import Registry

    def refuse(*args, **kwargs):
        raise AssertionError("data read at registration")

    monkeypatch.setattr(risk, "load_failure_rates", refuse)
    monkeypatch.setattr(risk, "load_monitor_figures", refuse)
    monkeypatch.setattr(risk, "load_mine_standards", refuse)
    importlib.reload(bank).register(Registry())
    importlib.reload(bank)  # restore the module for the other tests


# --------------------------------------------------------------------------- feedback


def test_rate_ratio_solution_and_mistakes() -> None:
    span = risk.failure_rate_range()
    assert check("06-rate-ratio", span["max_rate"] / span["min_rate"]).correct
    upside_down = check("06-rate-ratio", span["min_rate"] / span["max_rate"])
    assert not upside_down.correct and "highest by lowest" in upside_down.message


def test_duds_solution_and_percent_mistake() -> None:
    answer = risk.expected_unexploded(bank.DUDS_EXERCISE_SUBMUNITIONS, 1, bank.dod_rate())
    assert check("06-duds-dod-rate", answer.expected).correct
    wrong = check("06-duds-dod-rate", answer.expected * 100)  # used 2.35 instead of 0.0235
    assert not wrong.correct
    assert "too high" in wrong.message and "share" in wrong.message


def test_ap2_solution_and_the_tempting_wrong_answer() -> None:
    right = bank.ap2_answer()
    wrong = "yes" if right == "no" else "no"
    assert check("06-ap2-mine", right).correct
    assert check("06-ap2-mine", right.upper()).correct
    feedback = check("06-ap2-mine", wrong)
    assert not feedback.correct
    assert "120" in feedback.message and "of those" in feedback.message


def test_ap2_hint_guides_without_doing_the_calculation() -> None:
    """The hint names the second test; the student computes the combined share."""
    right = bank.ap2_answer()
    feedback = check("06-ap2-mine", "yes" if right == "no" else "no")
    combined = bank.AP2_EXERCISE_SELF_DESTRUCT * bank.AP2_EXERCISE_SELF_DEACTIVATE
    for written in (f"{combined:.2%}", f"{combined * 100:g}", f"{combined:g}",
                    f"{combined * 100:.4g}%"):
        assert written not in feedback.message, written
    assert "max_active_after_deactivation" in feedback.message
    assert "not one of the options" in check("06-ap2-mine", "maybe").message


def test_relay_only_solution_in_any_form() -> None:
    editions = bank.relay_only_editions()
    assert check("06-relay-only", editions).correct
    assert check("06-relay-only", [e.lower() for e in reversed(editions)]).correct


def test_relay_only_names_a_wrong_edition() -> None:
    editions = bank.relay_only_editions()
    feedback = check("06-relay-only", [*editions, "LM2023"])
    assert not feedback.correct and "'LM2023' does not belong" in feedback.message
    assert "status" in feedback.message
    missing = check("06-relay-only", editions[:1])
    assert not missing.correct and "missing" in missing.message


def test_relay_only_rejects_what_is_not_an_edition() -> None:
    feedback = check("06-relay-only", ["Landmine Monitor"])
    assert not feedback.correct and "could not be read" in feedback.message


def test_child_share_base_solution_and_hints() -> None:
    right = bank.child_share_base()
    assert check("06-child-share-base", right).correct
    for letter in set(bank.CHILD_SHARE_OPTIONS) - {right}:
        feedback = check("06-child-share-base", letter)
        assert not feedback.correct and "base" in feedback.message


def test_rate_ratio_explanation_matches_who_stated_each_end_and_about_what() -> None:
    """The explanation names scopes and claimants in words; the data must still say so."""
    span = risk.failure_rate_range()
    table = risk.load_failure_rates().set_index("estimate_id")
    assert set(table.loc[span["min_sources"], "scope"]) == {"ukraine_2023"}
    assert set(table.loc[span["max_sources"], "scope"]) == {"dpicm_older"}
    high_claimants = " ".join(table.loc[span["max_sources"], "claimant"])
    assert "Pentagon" in high_claimants and "Human Rights Watch" in high_claimants
    feedback = check("06-rate-ratio", span["max_rate"] / span["min_rate"])
    assert feedback.correct
    assert "selected in 2023" in feedback.message and "older DPICM" in feedback.message
    assert "independent" not in feedback.message
