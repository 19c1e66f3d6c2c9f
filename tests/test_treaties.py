"""Treaty status from the action log: published counts, rules, and the loaders' checks."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from treatylens import treaties
from treatylens.errors import DataFileError
from treatylens.treaties import (
    TREATIES,
    StatusAfterDataWarning,
    combined,
    counts,
    load_events,
    load_meta,
    load_states,
    status,
    timeline,
    untc_counts,
)

UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26"


def party_count(treaty: str, day: str) -> int:
    return int(counts(treaty, day)["party"])


def of(table: pd.DataFrame, iso3: str) -> dict:
    return table.set_index("iso3").loc[iso3].to_dict()


# --- the real data reproduce the published numbers -------------------------------------------


def test_states_are_the_197_that_can_join():
    states = load_states()
    assert len(states) == 197
    assert states["un_member"].sum() == 193
    non_members = set(states.loc[~states["un_member"], "iso3"])
    assert non_members == {"VAT", "PSE", "COK", "NIU"}
    assert states.set_index("iso3").loc["UKR", "subregion"] == "Eastern Europe"
    assert states.set_index("iso3").loc["BRA", "intermediate_region"] == "South America"
    assert states["m49"].str.fullmatch(r"\d{3}").all()


def test_ottawa_states_parties_as_published_by_the_convention():
    assert party_count("ottawa", "2024-11-20") == 164
    assert party_count("ottawa", "2025-07-01") == 166


def test_untc_page_counts_as_at_2026_02_03():
    assert untc_counts("ottawa", "2026-02-03") == {"signatories": 132, "parties": 162}
    assert untc_counts("ccm", "2026-02-03") == {"signatories": 107, "parties": 112}
    meta = load_meta()["untc"]
    for code in TREATIES:
        published = {k: meta[code][k] for k in ("signatories", "parties")}
        assert untc_counts(code, meta[code]["as_at"]) == published


def test_ccm_on_2023_07_11():
    got = counts("ccm", "2023-07-11")
    assert got["party"] == 111
    assert got["signatory"] == 12
    assert got["withdrawn"] == 0


def test_lithuania_ccm_withdrawal_takes_effect_2025_03_06():
    assert of(status("ccm", "2025-03-05"), "LTU")["status"] == "party"
    after = of(status("ccm", "2025-03-06"), "LTU")
    assert after["status"] == "withdrawn"
    assert after["withdrawn"] == pd.Timestamp("2025-03-06")
    assert not after["in_force"]


def test_ottawa_withdrawals_and_poland_still_party_on_2026_02_03():
    table = status("ottawa", "2026-02-03")
    for iso3 in ("EST", "LVA", "LTU", "FIN"):
        assert of(table, iso3)["status"] == "withdrawn", iso3
    poland = of(table, "POL")
    assert poland["status"] == "party"
    assert poland["withdrawal_notified"] == pd.Timestamp("2025-08-20")
    assert of(table, "UKR")["status"] == "party"


def test_poland_withdrawal_takes_effect_on_2026_02_20_with_its_own_source():
    with pytest.warns(StatusAfterDataWarning):
        before = counts("ottawa", "2026-02-19")
    with pytest.warns(StatusAfterDataWarning):
        after = status("ottawa", "2026-02-20")
    assert before["party"] == 162
    assert of(after, "POL")["status"] == "withdrawn"
    assert (after["status"] == "party").sum() == 161
    row = load_events().query("iso3 == 'POL' and action == 'withdrawal_effective'").iloc[0]
    assert "C.N.421.2025" in row["source"]
    assert row["date"] == pd.Timestamp("2026-02-20")


def test_ukraine_2025_is_a_sourced_note_only_event():
    events = load_events()
    ukraine = events[(events["iso3"] == "UKR") & (events["date"] >= "2025-01-01")]
    assert set(ukraine["action"]) == {"note"}
    assert ukraine["source"].str.startswith("news report").all()
    assert of(status("ottawa", "2025-12-31"), "UKR")["status"] == "party"


def test_ratified_but_not_yet_in_force_counts_as_party():
    tonga = of(status("ottawa", "2025-07-01"), "TON")
    assert tonga["status"] == "party"
    assert not tonga["in_force"]
    assert tonga["in_force_from"] == pd.Timestamp("2025-12-01")
    assert bool(of(status("ottawa", "2025-12-01"), "TON")["in_force"])


def test_every_row_has_a_source_and_table_rows_cite_untc():
    events = load_events()
    assert (events["source"].str.len() > 0).all()
    from_table = events[events["action"].isin(["signature", *treaties.CONSENT_ACTIONS])]
    assert from_table["source"].str.contains("treaties.un.org/Pages/ViewDetails").all()


def test_entry_into_force_rule_reproduces_the_treaties_own_dates():
    """Article 17(1): the 40th (Ottawa) / 30th (CCM) instrument, then the sixth month."""
    events = load_events()
    for code, info in TREATIES.items():
        consent = events[(events["treaty"] == code) & events["action"].isin(
            treaties.CONSENT_ACTIONS)].sort_values("date")
        nth = consent.iloc[info.instruments_for_entry_into_force - 1]["date"].date()
        assert info.in_force_for_state(nth) == info.entry_into_force


@pytest.mark.parametrize(
    ("deposit", "in_force"),
    [  # Dutch treaty database, verdragenbank.overheid.nl, treaty 008170 (Ottawa)
        (date(2000, 2, 29), date(2000, 8, 1)),  # Albania
        (date(2005, 8, 18), date(2006, 2, 1)),  # Bhutan
        (date(1997, 12, 3), date(1999, 3, 1)),  # Canada: before the treaty was in force
        (date(1999, 1, 14), date(1999, 7, 1)),  # Australia
    ],
)
def test_in_force_for_state(deposit, in_force):
    assert TREATIES["ottawa"].in_force_for_state(deposit) == in_force


def test_timeline_counts_parties_and_marks_withdrawals():
    line = timeline("ottawa")
    assert line["parties"].diff().fillna(line["parties"]).ne(0).all()
    finland = line.loc[line["date"] == "2026-01-10"].iloc[0]
    assert finland["parties"] == 162 and finland["states_withdrew"] == "FIN"
    assert bool(finland["withdrawal"])
    last = line.iloc[-1]  # Poland, the one separately sourced row after the UNTC snapshot
    assert last["parties"] == 161 and last["states_withdrew"] == "POL"
    assert line.loc[line["date"] == "2025-12-27", "states_withdrew"].item() == "EST LTU LVA"
    before = line[line["date"] <= "2024-11-20"].iloc[-1]
    assert before["parties"] == 164
    ccm = timeline("ccm")
    assert ccm.loc[ccm["date"] == "2025-03-06", "withdrew"].item() == 1


def test_combined_uses_party_status_of_both():
    table = combined("2026-02-03")
    assert len(table) == 197
    assert set(table["combined"]) <= {"both", "ottawa only", "ccm only", "neither"}
    got = dict(zip(table["iso3"], table["combined"], strict=True))
    assert got["NOR"] == "both"
    assert got["LTU"] == "neither"  # withdrew from both
    assert got["USA"] == "neither"
    assert got["FIN"] == "neither"
    assert (table["combined"] == "both").sum() == (
        (table["ottawa"] == "party") & (table["ccm"] == "party")
    ).sum()


def test_status_covers_every_state_once():
    table = status("ccm", "2026-02-03")
    assert len(table) == table["iso3"].nunique() == 197
    assert set(table["status"]) <= set(treaties.STATUSES)


def test_date_before_treaty_opened_is_an_error():
    with pytest.raises(ValueError, match="opened for signature on 2008-12-03"):
        status("ccm", "2008-12-02")
    with pytest.raises(ValueError, match="1997-12-03"):
        counts("ottawa", date(1997, 1, 1))
    with pytest.raises(ValueError, match="unknown treaty"):
        status("oslo", "2020-01-01")


def test_date_after_data_warns_but_answers():
    with pytest.warns(StatusAfterDataWarning, match="known only up to 2026-02-03"):
        table = status("ottawa", "2026-06-01")
    assert len(table) == 197
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        status("ottawa", "2026-02-03")  # the as-of day itself does not warn


# --- the loaders' checks, on small hand-written files ---------------------------------------

STATES = """iso3,name,m49,region,subregion,intermediate_region,un_member
CAN,Canada,124,Americas,Northern America,,true
EST,Estonia,233,Europe,Northern Europe,,true
VAT,Holy See,336,Europe,Southern Europe,,false
"""
GOOD = [
    f"CAN,ottawa,signature,1997-12-03,{UNTC},",
    f"CAN,ottawa,ratification,1997-12-03,{UNTC},",
    f"EST,ottawa,accession,2004-05-12,{UNTC},",
    f"EST,ottawa,withdrawal_notified,2025-06-27,{UNTC},",
    f"EST,ottawa,withdrawal_effective,2025-12-27,{UNTC},",
]


def write(folder: Path, rows: list[str]) -> Path:
    (folder / "states.csv").write_text(STATES, encoding="utf-8")
    path = folder / "events.csv"
    path.write_text("iso3,treaty,action,date,source,note\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def test_good_small_file_loads(tmp_path):
    events = load_events(write(tmp_path, GOOD))
    assert len(events) == 5
    assert events["date"].dtype.kind == "M"


@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        (f"XKX,ottawa,signature,1997-12-03,{UNTC},", "unknown ISO code 'XKX'"),
        (f"VAT,oslo,signature,1997-12-03,{UNTC},", "unknown treaty 'oslo'"),
        (f"VAT,ottawa,suspension,2025-07-15,{UNTC},", "unknown action 'suspension'"),
        (f"VAT,ottawa,signature,03/12/1997,{UNTC},", "'03/12/1997' is not a YYYY-MM-DD"),
        (f"VAT,ottawa,signature,1997-02-30,{UNTC},", "'1997-02-30' is not a YYYY-MM-DD"),
        ("VAT,ottawa,signature,1997-12-04,,", "missing source"),
        (f"VAT,ottawa,signature,1997-11-30,{UNTC},", "before the ottawa treaty opened"),
        (f"VAT,ottawa,accession,1996-01-01,{UNTC},", "before the ottawa treaty opened"),
        (f"VAT,ottawa,signature,1999-03-01,{UNTC},", "open for signature only until"),
        (f"VAT,ottawa,note,2020-01-01,{UNTC},", "needs the note text"),
        (f"VAT,ottawa,withdrawal_notified,2020-01-01,{UNTC},", "without prior consent"),
        (f"CAN,ottawa,signature,1997-12-03,{UNTC},", "duplicate action"),
        (f"CAN,ottawa,accession,2001-01-01,{UNTC},", "already bound"),
    ],
)
def test_bad_row_is_rejected_with_file_line_and_problem(tmp_path, bad_row, problem):
    path = write(tmp_path, [*GOOD, bad_row])
    with pytest.raises(DataFileError, match=problem) as caught:
        load_events(path)
    assert caught.value.line == 7  # header is line 1, five good rows, then the bad one
    assert caught.value.path == path
    assert str(path) in str(caught.value)


def test_withdrawal_before_consent_is_rejected_even_if_listed_later(tmp_path):
    rows = [
        f"VAT,ottawa,withdrawal_notified,1998-01-01,{UNTC},",
        f"VAT,ottawa,ratification,1998-02-17,{UNTC},",
    ]
    with pytest.raises(DataFileError, match="without prior consent") as caught:
        load_events(write(tmp_path, rows))
    assert caught.value.line == 2


def test_withdrawal_effective_needs_a_notification(tmp_path):
    rows = [f"VAT,ottawa,ratification,1998-02-17,{UNTC},",
            f"VAT,ottawa,withdrawal_effective,2020-01-01,{UNTC},"]
    with pytest.raises(DataFileError, match="without an earlier notification"):
        load_events(write(tmp_path, rows))


def test_rejoining_after_withdrawal_is_allowed(tmp_path):
    events = load_events(write(tmp_path, [*GOOD, f"EST,ottawa,accession,2030-01-01,{UNTC},"]))
    assert len(events) == 6


def test_missing_column_is_reported_on_the_header_line(tmp_path):
    write(tmp_path, GOOD)
    path = tmp_path / "events.csv"
    path.write_text("iso3,treaty,action,date,note\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"missing column.*source") as caught:
        load_events(path)
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("CAN,Canada again,124,Americas,Northern America,,true", "repeats line 2"),
        ("ca,Canada,124,Americas,Northern America,,true", "three capital letters"),
        ("XYZ,Somewhere,999,Antarctica,,,true", "region 'Antarctica'"),
        ("XYZ,Somewhere,999,Asia,Western Asia,,yes", "un_member 'yes'"),
    ],
)
def test_bad_states_row_is_rejected(tmp_path, bad_line, problem):
    path = tmp_path / "states.csv"
    path.write_text(STATES + bad_line + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as caught:
        load_states(path)
    assert caught.value.line == 5


def test_status_uses_data_folder_from_environment(tmp_path, monkeypatch):
    folder = tmp_path / "treaties"
    folder.mkdir()
    write(folder, GOOD)
    (folder / "meta.json").write_text(
        '{"as_of": {"ottawa": "2026-02-03", "ccm": "2026-02-03"}}', encoding="utf-8"
    )
    monkeypatch.setenv("TREATYLENS_DATA", str(tmp_path))
    table = status("ottawa", "2025-12-26")
    assert dict(zip(table["iso3"], table["status"], strict=True)) == {
        "CAN": "party", "EST": "party", "VAT": "not joined"
    }
    assert of(status("ottawa", "2025-12-27"), "EST")["status"] == "withdrawn"
