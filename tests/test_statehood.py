"""States that did not exist yet: sourced dates, and maps that neither count nor colour them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from treatylens import statehood, treaties
from treatylens.charts import maps
from treatylens.errors import DataFileError


def test_every_date_is_sourced_and_every_gap_explained():
    table = statehood.load_new_states()
    for row in table.itertuples():
        if row.state_from is None:
            assert row.note.strip(), row.iso3
        else:
            assert row.source.strip() and row.event.strip(), row.iso3
    assert set(table["iso3"]) <= set(treaties.load_states()["iso3"])


def test_the_day_of_independence_counts_as_existing():
    table = statehood.load_new_states().set_index("iso3")
    start = table.loc["SSD", "state_from"]
    assert "SSD" in statehood.not_yet_states(start - dt.timedelta(days=1))
    assert "SSD" not in statehood.not_yet_states(start)


def test_no_state_listed_has_a_treaty_action_before_it_existed():
    """The data agree with each other: no signature or consent before statehood."""
    events = treaties.load_events()
    for row in statehood.load_new_states().dropna(subset=["state_from"]).itertuples():
        if row.state_from is None:
            continue
        mine = events[events["iso3"] == row.iso3]
        assert (mine["date"] >= pd.Timestamp(row.state_from)).all(), row.iso3


def test_mark_changes_only_states_not_yet_existing_and_refuses_a_contradiction():
    fake = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"], "state_from": [dt.date(2010, 1, 1),
                         None, dt.date(2000, 1, 1)], "event": ["", "", ""],
                         "source": ["s", "", "s"], "note": ["", "why", ""]})
    table = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD"],
                          "status": ["not joined"] * 4})
    marked = statehood.mark_not_yet_states(table, "2005-06-01", new_states=fake)
    assert list(marked["status"]) == [statehood.NOT_YET, "not joined", "not joined",
                                      "not joined"]
    assert list(table["status"]) == ["not joined"] * 4  # the input is not changed
    table.loc[0, "status"] = "party"
    with pytest.raises(ValueError, match="AAA"):
        statehood.mark_not_yet_states(table, "2005-06-01", new_states=fake)


def test_a_date_without_source_is_refused(tmp_path):
    path = tmp_path / "new_states.csv"
    path.write_text("iso3,state_from,event,source,note\nAAA,2001-01-01,x,,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2.*no source"):
        statehood.load_new_states(path)
    path.write_text("iso3,state_from,event,source,note\nAAA,,,,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no note"):
        statehood.load_new_states(path)


def test_a_historical_map_leaves_new_states_out_of_the_count():
    day = "2005-12-31"
    missing = statehood.not_yet_states(day)
    assert missing
    fig = maps.status_map(treaties.status("ottawa", day), day, "ottawa")
    legend = fig.axes[0].get_legend()
    existing = len(treaties.load_states()) - len(missing)
    assert f"of the {existing} that existed" in legend.get_title().get_text()
    labels = [t.get_text() for t in legend.get_texts()]
    assert f"Not yet a state (not counted) ({len(missing)})" in labels
    today = maps.status_map(treaties.status("ottawa", "2026-02-03"), "2026-02-03", "ottawa")
    assert not any("Not yet" in t.get_text() for t in today.axes[0].get_legend().get_texts())
