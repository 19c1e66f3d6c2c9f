"""The UNTC page parser, on small hand-written pages in the real pages' HTML structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from treatylens.io import untc

FIXTURES = Path(__file__).parent / "fixtures" / "untc"
OTTAWA = FIXTURES / "ottawa-mini.html"
CCM = FIXTURES / "ccm-mini.html"
NAMES = {
    "Afghanistan": "AFG", "Canada": "CAN", "Estonia": "EST", "Japan": "JPN",
    "Montenegro": "MNE", "Poland": "POL", "Slovakia": "SVK", "Ukraine": "UKR",
    "Angola": "AGO", "Lithuania": "LTU", "Norway": "NOR", "South Sudan": "SSD",
}


def actions(path: Path = OTTAWA, treaty: str = "ottawa") -> pd.DataFrame:
    return untc.page_actions(untc.read_status_page(path), treaty, NAMES)


def one(table: pd.DataFrame, iso3: str, action: str) -> dict:
    rows = table[(table["iso3"] == iso3) & (table["action"] == action)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_page_header_is_read():
    page = untc.read_status_page(OTTAWA)
    assert page.mtdsg_no == "XXVI-5"
    assert page.as_at == date(2026, 2, 3)
    assert page.entry_into_force == date(1999, 3, 1)
    assert (page.signatories, page.parties) == (5, 7)
    assert page.title.startswith("Convention on the Prohibition of the Use")
    assert page.url.endswith("mtdsg_no=XXVI-5&chapter=26")
    assert [p.name for p in page.participants][:3] == ["Afghanistan", "Canada", "Estonia"]


def test_markers_decide_the_kind_of_consent():
    table = actions()
    assert one(table, "AFG", "accession")["date"] == "2002-09-11"
    assert one(table, "JPN", "acceptance")["date"] == "1998-09-30"
    assert one(table, "SVK", "approval")["date"] == "1999-02-25"
    assert one(table, "MNE", "succession")["date"] == "2006-10-23"
    assert one(table, "CAN", "ratification")["date"] == "1997-12-03"
    assert one(table, "CAN", "signature")["date"] == "1997-12-03"
    assert table.loc[table["iso3"] == "AFG", "action"].tolist() == ["accession"]


def test_withdrawal_footnote_gives_notification_and_effect_with_cn_number():
    table = actions()
    notified = one(table, "EST", "withdrawal_notified")
    effective = one(table, "EST", "withdrawal_effective")
    assert notified["date"] == "2025-06-27"
    assert effective["date"] == "2025-12-27"
    assert "footnote 1" in notified["source"]
    assert "C.N.360.2025.TREATIES-XXVI-5 of 2025-07-03" in notified["source"]
    assert "CN.360.2025-Eng.pdf" in effective["source"]
    # the bracketed accession is still a fact: it happened, then was withdrawn from
    assert one(table, "EST", "accession")["date"] == "2004-05-12"


def test_withdrawal_that_will_take_effect_is_not_invented():
    table = actions()
    assert table[(table["iso3"] == "POL") & (table["action"] == "withdrawal_effective")].empty
    notified = one(table, "POL", "withdrawal_notified")
    assert notified["date"] == "2025-08-20"
    assert "will take effect on 2026-02-20" in notified["note"]
    assert "subject to the condition" in notified["note"]


def test_other_footnote_with_cn_number_becomes_a_dated_note():
    note = one(actions(), "UKR", "note")
    assert note["date"] == "2016-03-30"
    assert "C.N.121.2016" in note["source"]


def test_table_facts_cite_page_and_as_at_date():
    row = one(actions(), "JPN", "acceptance")
    assert row["source"] == (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26"
        " as at 2026-02-03"
    )


def test_provisional_application_column_is_a_note_not_consent():
    table = actions(CCM, "ccm")
    norway = table[table["iso3"] == "NOR"]["action"].tolist()
    assert sorted(norway) == ["note", "ratification", "signature"]
    assert "provisional application" in one(table, "NOR", "note")["note"]
    assert one(table, "LTU", "withdrawal_effective")["date"] == "2025-03-06"
    assert one(table, "LTU", "withdrawal_notified")["date"] == "2024-09-06"
    assert table[table["iso3"] == "AGO"]["action"].tolist() == ["signature"]
    assert one(table, "SSD", "accession")["date"] == "2023-08-03"


def test_unknown_participant_name_stops_the_import():
    names = {k: v for k, v in NAMES.items() if k != "Japan"}
    with pytest.raises(untc.UntcPageError, match="'Japan'"):
        untc.page_actions(untc.read_status_page(OTTAWA), "ottawa", names)


def test_brackets_without_withdrawal_footnote_are_refused():
    html = OTTAWA.read_text(encoding="utf-8").replace(
        " &nbsp;3 Dec\t 1997 <br></td>\n\t\t<td> &nbsp;3 Dec\t 1997 <br>",
        " &nbsp;3 Dec\t 1997 <br></td>\n\t\t<td>[ &nbsp;3 Dec\t 1997 ]<br>",
    )
    assert "[ &nbsp;3 Dec" in html
    with pytest.raises(untc.UntcPageError, match="Canada: bracketed"):
        untc.page_actions(untc.parse_status_page(html), "ottawa", NAMES)


def test_unreadable_date_cell_is_reported():
    html = OTTAWA.read_text(encoding="utf-8").replace("11 Sep\t 2002 a", "Sept. 2002")
    with pytest.raises(untc.UntcPageError, match=r"Afghanistan.*'Sept\. 2002'"):
        untc.parse_status_page(html)


def test_page_without_status_table_is_refused():
    html = OTTAWA.read_text(encoding="utf-8").replace("tblgrid", "othergrid")
    with pytest.raises(untc.UntcPageError, match="no status table"):
        untc.parse_status_page(html)


# --- diff -------------------------------------------------------------------------------------


def test_diff_of_a_page_with_itself_is_empty():
    page = untc.read_status_page(OTTAWA)
    rows = actions()
    diff = untc.diff_actions(rows, rows, page, "ottawa")
    assert diff.empty
    assert not diff.refreshed


def test_diff_finds_added_changed_removed_and_keeps_other_sources():
    page = untc.read_status_page(OTTAWA)
    new = actions()
    current = new.copy()
    # the file has an older Afghanistan date, lacks Japan's acceptance, has an extra row
    current.loc[current["iso3"] == "AFG", "date"] = "2002-09-10"
    current = current[~((current["iso3"] == "JPN") & (current["action"] == "acceptance"))]
    extra = {**one(new, "CAN", "signature"), "iso3": "MNE"}
    other = {"iso3": "UKR", "treaty": "ottawa", "action": "note", "date": "2025-07-15",
             "source": "https://example.org/report", "note": "a national act"}
    ccm_row = {"iso3": "NOR", "treaty": "ccm", "action": "signature", "date": "2008-12-03",
               "source": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no="
                         "XXVI-6&chapter=26 as at 2026-02-03", "note": ""}
    current = pd.concat([current, pd.DataFrame([extra, other, ccm_row])], ignore_index=True)

    diff = untc.diff_actions(current, new, page, "ottawa")
    assert [(r["iso3"], r["action"]) for r in diff.added] == [("JPN", "acceptance")]
    assert [(o["date"], n["date"]) for o, n in diff.changed] == [("2002-09-10", "2002-09-11")]
    assert [(r["iso3"], r["action"]) for r in diff.removed] == [("MNE", "signature")]
    assert [r["source"] for r in diff.kept_other_source] == ["https://example.org/report"]

    merged = untc.apply_diff(current, diff)
    assert merged[merged["treaty"] == "ccm"].to_dict("records") == [ccm_row]
    assert other in merged.to_dict("records")
    mine = merged[(merged["treaty"] == "ottawa") & (merged["source"] != other["source"])]
    assert sorted(map(tuple, mine.to_numpy())) == sorted(map(tuple, new.to_numpy()))
    assert merged.equals(untc.sort_events(merged))


def test_newer_page_refreshes_sources_without_calling_facts_changed():
    html = OTTAWA.read_text(encoding="utf-8").replace("03-02-2026", "01-04-2026")
    page = untc.parse_status_page(html)
    new = untc.page_actions(page, "ottawa", NAMES)
    diff = untc.diff_actions(actions(), new, page, "ottawa")
    assert not diff.added and not diff.removed
    # Poland's note quotes the page's as-at date, so it is a changed fact; the rest refresh
    assert [o["iso3"] for o, _ in diff.changed] == ["POL"]
    assert len(diff.refreshed) == len(new) - 1
    assert all("as at 2026-04-01" in n["source"] for _, n in diff.refreshed)
