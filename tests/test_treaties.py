"""Treaty status from the action log: published counts, rules, and the loaders' checks."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from treatylens import treaties
from treatylens.errors import DataFileError
from treatylens.io import treaties as treaty_data
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
    assert ukraine["source"].str.strip().str.len().gt(0).all()
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


META = '{"as_of": {"ottawa": "2026-02-03", "ccm": "2026-02-03"}}'
EXCEPTIONS_HEADER = "iso3,treaty,action,date,in_force_from,source,note\n"


def write(folder: Path, rows: list[str], exceptions: list[str] | None = None) -> Path:
    """A small data folder: states.csv, meta.json (as of 2026-02-03), events.csv and, if
    given, in_force_exceptions.csv."""
    (folder / "states.csv").write_text(STATES, encoding="utf-8")
    (folder / "meta.json").write_text(META, encoding="utf-8")
    if exceptions is not None:
        (folder / "in_force_exceptions.csv").write_text(
            EXCEPTIONS_HEADER + "".join(f"{row}\n" for row in exceptions), encoding="utf-8"
        )
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
        (f"VAT,ottawa,signature,1998-02-29,{UNTC},",
         "1998-02-29 is not a date: February 1998 has 28 days"),
        (f"VAT,ottawa,signature,1997-13-01,{UNTC},", "there is no month 13"),
        ("VAT,ottawa,signature,1997-12-04,,", "missing source"),
        (f"VAT,ottawa,signature,1997-11-30,{UNTC},", "before the ottawa treaty opened"),
        (f"VAT,ottawa,accession,1996-01-01,{UNTC},", "before the ottawa treaty opened"),
        (f"VAT,ottawa,signature,1999-03-01,{UNTC},", "open for signature only until"),
        (f"VAT,ottawa,note,2020-01-01,{UNTC},", "needs the note text"),
        (f"VAT,ottawa,withdrawal_notified,2020-01-01,{UNTC},", "without prior consent"),
        (f"CAN,ottawa,signature,1997-12-03,{UNTC},", "duplicate action"),
        (f"CAN,ottawa,accession,2001-01-01,{UNTC},", "already bound"),
        # a state signs once
        (f"CAN,ottawa,signature,1997-12-05,{UNTC},", "second signature.*line 2"),
        # ratification, acceptance, approval need a signature; without one it is accession
        (f"VAT,ottawa,ratification,2000-01-01,{UNTC},", "had not signed.*accession"),
        (f"VAT,ottawa,approval,2000-01-01,{UNTC},", "had not signed"),
        # one notification pending at a time (line 5 has Estonia's, effective on line 6)
        (f"EST,ottawa,withdrawal_notified,2025-07-01,{UNTC},",
         "second withdrawal notification.*line 5"),
        # after the data's as-of date (meta.json: 2026-02-03) only with the flag
        (f"VAT,ottawa,accession,2026-02-04,{UNTC},",
         "later than the date the ottawa data are checked to \\(2026-02-03"),
        (f"VAT,ottawa,note,2026-03-01,{UNTC},a national act", "must begin with"),
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
    rows = [f"VAT,ottawa,accession,1998-02-17,{UNTC},",
            f"VAT,ottawa,withdrawal_effective,2020-01-01,{UNTC},"]
    with pytest.raises(DataFileError, match="without an earlier notification"):
        load_events(write(tmp_path, rows))


def test_rejoining_after_withdrawal_is_allowed(tmp_path):
    events = load_events(write(tmp_path, [*GOOD, f"EST,ottawa,accession,2026-01-15,{UNTC},"]))
    assert len(events) == 6


def test_withdrawal_taking_effect_too_early_is_rejected(tmp_path):
    """Article 20: six months after the notice (2025-06-27 -> 2025-12-27), never sooner."""
    rows = [*GOOD[:4], f"EST,ottawa,withdrawal_effective,2025-12-26,{UNTC},"]
    with pytest.raises(DataFileError, match="less than six months") as caught:
        load_events(write(tmp_path, rows))
    assert caught.value.line == 6
    assert "2025-12-27 at the earliest" in str(caught.value)


def test_withdrawal_later_than_six_months_is_allowed(tmp_path):
    """Article 20(3): an armed conflict can delay the effect; later is never an error."""
    rows = [*GOOD[:4], f"EST,ottawa,withdrawal_effective,2026-01-30,{UNTC},"]
    assert len(load_events(write(tmp_path, rows))) == 5


def test_six_months_after_the_last_day_of_a_month():
    """A notice of 31 August takes effect on the last day of February, not in March."""
    assert treaty_data._six_months_after(date(2025, 8, 31)) == date(2026, 2, 28)
    assert treaty_data._six_months_after(date(2023, 8, 31)) == date(2024, 2, 29)
    assert treaty_data._six_months_after(date(2024, 9, 6)) == date(2025, 3, 6)  # Lithuania, CCM


def test_ratification_the_day_of_signature_is_allowed(tmp_path):
    rows = [f"VAT,ottawa,ratification,1997-12-03,{UNTC},",
            f"VAT,ottawa,signature,1997-12-03,{UNTC},"]  # listed out of order on purpose
    assert len(load_events(write(tmp_path, rows))) == 2


def test_action_after_as_of_is_allowed_with_the_flag(tmp_path):
    flagged = (f"EST,ottawa,accession,2026-03-01,{UNTC},"
               f"\"{treaty_data.AFTER_AS_OF_FLAG}: confirmed by its own source\"")
    events = load_events(write(tmp_path, [*GOOD, flagged]))
    assert events["date"].max() == pd.Timestamp("2026-03-01")


def test_as_of_comes_from_meta_beside_the_file_or_the_caller(tmp_path):
    path = write(tmp_path, [*GOOD, f"EST,ottawa,accession,2026-03-01,{UNTC},"])
    with pytest.raises(DataFileError, match="2026-02-03"):
        load_events(path)
    as_of = {"ottawa": date(2026, 3, 1), "ccm": date(2026, 2, 3)}
    assert len(load_events(path, as_of=as_of)) == 6


def test_real_poland_row_after_as_of_carries_the_flag():
    late = load_events().query("date > '2026-02-03'")
    assert len(late) >= 1
    assert late["note"].map(treaty_data.is_marked_after_as_of).all()


# --- malformed CSV: the file, the line and the problem, not pandas' tokenizer message -------


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        (f"VAT,ottawa,signature,1997-12-04,{UNTC},one, two", "7 fields where the header has 6"),
        ("VAT,ottawa,signature,1997-12-04", "4 fields where the header has 6"),
        (f'VAT,ottawa,signature,1997-12-04,{UNTC},"a "quoted" word"', "malformed CSV row"),
    ],
)
def test_malformed_csv_row_names_file_and_line(tmp_path, bad_line, problem):
    path = write(tmp_path, [*GOOD[:2], bad_line, *GOOD[2:]])
    with pytest.raises(DataFileError, match=problem) as caught:
        load_events(path)
    assert caught.value.line == 4
    assert str(path) in str(caught.value)
    assert "Error tokenizing" not in str(caught.value)


def test_unclosed_quote_is_reported_on_the_line_it_opens(tmp_path):
    path = write(tmp_path, [*GOOD, f'VAT,ottawa,signature,1997-12-04,{UNTC},"never closed'])
    with pytest.raises(DataFileError, match="malformed CSV row") as caught:
        load_events(path)
    assert caught.value.line == 7


def test_line_numbers_count_blank_lines(tmp_path):
    path = write(tmp_path, [*GOOD[:2], "", f"XKX,ottawa,signature,1997-12-03,{UNTC},"])
    with pytest.raises(DataFileError, match="XKX") as caught:
        load_events(path)
    assert caught.value.line == 5


def test_quoted_field_with_line_break_keeps_later_line_numbers(tmp_path):
    two_lines = f'VAT,ottawa,note,2001-01-01,{UNTC},"first line\nsecond line"'
    path = write(tmp_path, [two_lines, f"XKX,ottawa,signature,1997-12-03,{UNTC},"])
    with pytest.raises(DataFileError, match="XKX") as caught:
        load_events(path)
    assert caught.value.line == 4


# --- succession: the in-force date is stated by a source, not computed -----------------------

SUCCESSION = f"VAT,ottawa,succession,2011-11-11,{UNTC},"
STATED = "VAT,ottawa,succession,2011-11-11,2011-07-09,a sourced statement,"


def test_succession_in_force_date_is_the_stated_one(tmp_path):
    write(tmp_path, [SUCCESSION], exceptions=[STATED])
    events = load_events(tmp_path / "events.csv")
    states = load_states(tmp_path / "states.csv")
    row = of(status("ottawa", "2011-11-11", events=events, states=states), "VAT")
    assert row["status"] == "party" and row["joined_by"] == "succession"
    assert row["in_force_from"] == pd.Timestamp("2011-07-09")  # not 2012-05-01
    assert row["in_force"]


def test_succession_without_a_stated_in_force_date_is_rejected(tmp_path):
    path = write(tmp_path, [*GOOD, SUCCESSION])
    with pytest.raises(DataFileError, match=r"succession by VAT.*no in-force date") as caught:
        load_events(path)
    assert caught.value.line == 7


def test_stated_in_force_date_must_qualify_an_event(tmp_path):
    write(tmp_path, GOOD, exceptions=[STATED])
    with pytest.raises(DataFileError, match="qualifies no event") as caught:
        load_events(tmp_path / "events.csv")
    assert caught.value.path.name == "in_force_exceptions.csv"
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("VAT,ottawa,accession,2011-11-11,2011-07-09,a source,", "only a succession"),
        ("VAT,ottawa,succession,2011-11-11,2011-07-09,,", "missing source"),
        ("VAT,ottawa,succession,2011-11-11,2011-02-30,a source,", "in_force_from 2011-02-30"),
    ],
)
def test_bad_in_force_exception_row_is_rejected(tmp_path, bad, problem):
    write(tmp_path, [SUCCESSION], exceptions=[bad])
    with pytest.raises(DataFileError, match=problem) as caught:
        load_events(tmp_path / "events.csv")
    assert caught.value.line == 2


def test_south_sudan_ottawa_in_force_from_independence():
    """UN Office of Legal Affairs via the Convention's support unit: 9 July 2011."""
    row = of(status("ottawa", "2011-11-11"), "SSD")
    assert row["joined_by"] == "succession" and row["joined"] == pd.Timestamp("2011-11-11")
    assert row["in_force_from"] == pd.Timestamp("2011-07-09")
    assert row["in_force"]
    before = of(status("ottawa", "2011-11-10"), "SSD")
    assert before["status"] == "not joined" and not before["in_force"]


def test_every_real_succession_has_a_sourced_in_force_date():
    events = load_events()
    successions = events[events["action"] == "succession"]
    assert len(successions) >= 1
    assert successions["in_force_from_source"].notna().all()
    stated = treaty_data.load_in_force_exceptions()
    assert stated["source"].str.contains("http").all()
    others = events[events["action"].isin(["ratification", "acceptance", "approval",
                                           "accession"])]
    assert others["in_force_from_source"].isna().all()  # article 17(2) gives theirs


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


def test_malformed_states_row_names_file_and_line(tmp_path):
    path = tmp_path / "states.csv"
    path.write_text(STATES + "XYZ,Somewhere, Else,999,Asia,Western Asia,,true\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="8 fields where the header has 7") as caught:
        load_states(path)
    assert caught.value.line == 5 and caught.value.path == path


def test_events_without_meta_beside_them_name_the_missing_file(tmp_path):
    path = write(tmp_path, GOOD)
    (tmp_path / "meta.json").unlink()
    with pytest.raises(DataFileError, match="file not found") as caught:
        load_events(path)
    assert caught.value.path.name == "meta.json"
