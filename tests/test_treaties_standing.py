"""`standing`, `withdrawals` and `notes`: small views of the action log that lessons 02-03 use."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from treatylens import treaties
from treatylens.treaties import StatusAfterDataWarning, load_events, standing, status, withdrawals

P5 = ["CHN", "FRA", "RUS", "GBR", "USA"]
AS_OF = "2026-02-03"


def test_standing_one_row_per_state_in_the_order_asked():
    table = standing(P5, AS_OF)
    assert list(table["iso3"]) == P5
    assert list(table.columns) == [
        "iso3", "name", "ottawa", "ottawa_joined", "ottawa_withdrawn",
        "ccm", "ccm_joined", "ccm_withdrawn",
    ]
    assert table["name"].notna().all()


def test_standing_agrees_with_status_for_every_state():
    codes = list(treaties.load_states()["iso3"])
    table = standing(codes, AS_OF).set_index("iso3")
    for code in ("ottawa", "ccm"):
        expected = status(code, AS_OF).set_index("iso3")
        assert (table[code] == expected["status"]).all()
        pd.testing.assert_series_equal(
            table[f"{code}_joined"], expected["joined"], check_names=False
        )


def test_standing_keeps_the_joined_date_after_a_withdrawal():
    row = standing(["LTU"], AS_OF).iloc[0]
    assert row["ccm"] == "withdrawn" and row["ottawa"] == "withdrawn"
    assert pd.notna(row["ccm_joined"]) and row["ccm_withdrawn"] == pd.Timestamp("2025-03-06")
    assert row["ottawa_joined"] < row["ottawa_withdrawn"]


def test_standing_accepts_one_code_any_case_and_drops_repeats():
    assert list(standing(" ukr", AS_OF)["iso3"]) == ["UKR"]
    assert list(standing(["FRA", "fra", "GBR"], AS_OF)["iso3"]) == ["FRA", "GBR"]


def test_standing_names_unknown_codes():
    with pytest.raises(ValueError, match=r"\['UK'\]"):
        standing(["GBR", "UK"], AS_OF)


def test_standing_needs_both_treaties_open():
    with pytest.raises(ValueError, match="opened for signature"):
        standing(["FRA"], "2005-01-01")


def test_withdrawals_pair_notice_and_effect():
    table = withdrawals()
    pairs = set(zip(table["iso3"], table["treaty"], strict=True))
    assert pairs == {("LTU", "ccm"), ("EST", "ottawa"), ("LVA", "ottawa"), ("LTU", "ottawa"),
                     ("FIN", "ottawa"), ("POL", "ottawa")}
    assert (table["effective"] > table["notified"]).all()
    assert (table["months"] == 6).all()  # article 20: six months after the notice
    assert table["effective"].is_monotonic_increasing


def test_withdrawals_flag_rows_after_the_data_snapshot():
    table = withdrawals().set_index("iso3")
    after = table[table["after_data_as_of"]]
    assert list(after.index) == ["POL"]
    assert after.loc["POL", "effective"].date() > treaties.data_as_of("ottawa")
    assert "clashreport" in after.loc["POL", "source"]  # its own, non-UNTC source


def test_withdrawals_pending_notice_has_no_effective_date():
    events = load_events()
    pending = events[~((events["iso3"] == "POL") & (events["action"] == "withdrawal_effective"))]
    row = withdrawals(pending).set_index("iso3").loc["POL"]
    assert pd.isna(row["effective"]) and pd.isna(row["months"])
    assert not row["after_data_as_of"]


def test_notes_do_not_change_status():
    notes = treaties.notes("ukr", "ottawa")
    assert (notes["iso3"] == "UKR").all() and len(notes) >= 2
    assert notes["source"].str.len().gt(0).all()
    assert any("suspend" in text for text in notes["note"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", StatusAfterDataWarning)
        assert status("ottawa", AS_OF).set_index("iso3").loc["UKR", "status"] == "party"


def test_notes_reject_an_unknown_treaty():
    with pytest.raises(ValueError, match="unknown treaty"):
        treaties.notes("UKR", "ccw")
