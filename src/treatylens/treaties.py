"""Who joined the Ottawa Convention and the Convention on Cluster Munitions, on any date.

Status is derived from the action log `data/treaties/events.csv`, never stored, so that a
student can ask "who was a party on the day this article was published?" and get an answer
that follows from sourced, dated depositary actions.

Counting convention (chosen so that the depositary's published counts come out):
a state is a **party** from the day it deposits its instrument of ratification, acceptance,
approval, accession or succession, even though the treaty usually enters into force for it
only later (article 17); this is how the UN Treaty Collection counts "Parties" and how the
treaties' own press releases count "States Parties". Whether the treaty is already *in force*
for the state is a separate column, `in_force`: computed from article 17(2) for ratification,
acceptance, approval and accession, and for a succession (which article 17(2) does not cover)
taken from the date a source states, in `in_force_exceptions.csv`. A party that has
notified withdrawal stays a party until the withdrawal takes effect (article 20).
"""

from __future__ import annotations

import warnings
from datetime import date

import pandas as pd

from treatylens.dates import as_date
from treatylens.io.treaties import (  # the data and vocabularies; re-exported for lessons
    _ORDER,
    CONSENT_ACTIONS,
    STATUSES,
    TREATIES,
    StatusAfterDataWarning,
    Treaty,
    _treaty,
    data_as_of,
    load_events,
    load_states,
)
from treatylens.io.treaties import (
    load_meta as load_meta,  # explicit re-export: lessons and tests read treaties.load_meta
)

# --- status -----------------------------------------------------------------------------------




def _checked_date(treaty: Treaty, as_of: date | str | pd.Timestamp) -> date:
    day = as_date(as_of)
    if day < treaty.opened_for_signature:
        raise ValueError(
            f"{day} is before the {treaty.short_name} was opened for signature on "
            f"{treaty.opened_for_signature}; no state could have joined it yet. "
            "Pick a later date."
        )
    known = data_as_of(treaty.code)
    if day > known:
        warnings.warn(
            StatusAfterDataWarning(
                f"{treaty.code} data are known only up to {known}; the status on {day} "
                "assumes nothing happened in between, apart from later actions recorded "
                "with their own source (see data/treaties/README.md)"
            ),
            stacklevel=3,
        )
    return day


def status(
    treaty: str,
    as_of: date | str | pd.Timestamp,
    events: pd.DataFrame | None = None,
    states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per state (all of states.csv) with its status under `treaty` on `as_of`.

    Columns: iso3, name, region, subregion, status, signed, joined, joined_by, in_force_from,
    in_force, withdrawal_notified, withdrawn. Actions dated `as_of` count (the day is included).
    `in_force_from` follows article 17(2), except for a succession, whose date a source
    states (events' `in_force_from_source`); it can then precede `joined` (South Sudan).
    """
    info = _treaty(treaty)
    day = pd.Timestamp(_checked_date(info, as_of))
    if events is None:  # passing the states table would make the cached load miss
        events = load_events() if states is None else load_events(states=states)
    states = load_states() if states is None else states
    mine = events[(events["treaty"] == info.code) & (events["date"] <= day)]
    mine = mine.assign(_rank=mine["action"].map(_ORDER)).sort_values(["date", "_rank"])
    stated = (
        mine["in_force_from_source"] if "in_force_from_source" in mine
        else pd.Series(pd.NaT, index=mine.index, dtype="datetime64[ns]")
    )
    by_state: dict[str, list[tuple[str, pd.Timestamp, pd.Timestamp]]] = {}
    for iso3, action, when, in_force in zip(
        mine["iso3"], mine["action"], mine["date"], stated, strict=True
    ):
        by_state.setdefault(iso3, []).append((action, when, in_force))
    records = []
    for state in states.to_dict("records"):
        rec = _state_status(info, by_state.get(state["iso3"], []), day)
        records.append(
            {
                "iso3": state["iso3"],
                "name": state["name"],
                "region": state["region"],
                "subregion": state["subregion"],
                **rec,
            }
        )
    table = pd.DataFrame.from_records(records)
    for column in ("signed", "joined", "in_force_from", "withdrawal_notified", "withdrawn"):
        table[column] = pd.to_datetime(table[column])
    # The table says what it is: a map or chart labels itself from these, so a CCM table
    # can never be drawn under an Ottawa title (charts read `attrs`, not a separate argument).
    table.attrs.update(treaty=info.code, as_of=day.date(), kind="status")
    return table


def _state_status(
    info: Treaty, actions: list[tuple[str, pd.Timestamp, pd.Timestamp]], day: pd.Timestamp
) -> dict:
    """One state's status from its actions up to `day`, in date order.

    Each action comes with the in-force date a source states for it (NaT if none): a
    succession takes its in-force date from there, the other consents from article 17(2).
    """
    signed = joined = notified = withdrawn = stated = pd.NaT
    joined_by = ""
    for action, when, in_force in actions:
        if action == "signature":
            signed = when
        elif action in CONSENT_ACTIONS:
            joined, joined_by, notified, withdrawn = when, action, pd.NaT, pd.NaT
            stated = in_force
        elif action == "withdrawal_notified":
            notified = when
        elif action == "withdrawal_effective":
            withdrawn = when
    if pd.notna(withdrawn):
        state = "withdrawn"
    elif pd.notna(joined):
        state = "party"
    elif pd.notna(signed):
        state = "signatory"
    else:
        state = "not joined"
    if pd.isna(joined):
        in_force_from = pd.NaT
    elif pd.notna(stated):
        in_force_from = pd.Timestamp(stated)
    elif joined_by == "succession":
        raise ValueError(
            f"a succession ({joined.date()}) has no stated in-force date: article 17(2) does "
            "not give one; use load_events(), which reads in_force_exceptions.csv"
        )
    else:
        in_force_from = pd.Timestamp(info.in_force_for_state(joined.date()))
    return {
        "status": state,
        "signed": signed,
        "joined": joined,
        "joined_by": joined_by,
        "in_force_from": in_force_from,
        "in_force": bool(state == "party" and in_force_from <= day),
        "withdrawal_notified": notified,
        "withdrawn": withdrawn,
    }


def counts(treaty: str, as_of: date | str | pd.Timestamp, **data: pd.DataFrame) -> pd.Series:
    """Number of states in each status (all four listed, zeros included)."""
    table = status(treaty, as_of, **data)
    return table["status"].value_counts().reindex(list(STATUSES), fill_value=0).rename("states")


def untc_counts(treaty: str, as_of: date | str | pd.Timestamp, **data: pd.DataFrame) -> dict:
    """The two numbers the UNTC page prints: "Signatories" and "Parties".

    UNTC's signatories are all states whose signature stands, including those that later
    ratified; a signature superseded by a withdrawal (shown in [brackets]) is not counted.
    """
    table = status(treaty, as_of, **data)
    return {
        "signatories": int((table["signed"].notna() & (table["status"] != "withdrawn")).sum()),
        "parties": int((table["status"] == "party").sum()),
    }


def timeline(treaty: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per date on which the number of parties changes.

    Columns: date, joined, withdrew (how many), parties (after that day), states_joined,
    states_withdrew (ISO codes), withdrawal (True if any state's withdrawal took effect).
    """
    info = _treaty(treaty)
    events = load_events() if events is None else events
    mine = events[events["treaty"] == info.code]
    changes = mine[mine["action"].isin([*CONSENT_ACTIONS, "withdrawal_effective"])]
    rows, parties = [], 0
    for day, group in changes.sort_values("date").groupby("date"):
        joined = sorted(group.loc[group["action"].isin(CONSENT_ACTIONS), "iso3"])
        withdrew = sorted(group.loc[group["action"] == "withdrawal_effective", "iso3"])
        parties += len(joined) - len(withdrew)
        rows.append(
            {
                "date": day,
                "joined": len(joined),
                "withdrew": len(withdrew),
                "parties": parties,
                "states_joined": " ".join(joined),
                "states_withdrew": " ".join(withdrew),
                "withdrawal": bool(withdrew),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["date", "joined", "withdrew", "parties", "states_joined", "states_withdrew",
                 "withdrawal"],
    )


COMBINED = {
    (True, True): "both",
    (True, False): "ottawa only",
    (False, True): "ccm only",
    (False, False): "neither",
}


def combined(as_of: date | str | pd.Timestamp, **data: pd.DataFrame) -> pd.DataFrame:
    """Per state: party to both conventions, one of them, or neither, on `as_of`.

    Both treaties must be open on that date (from 2008-12-03); earlier dates raise ValueError.
    """
    ottawa = status("ottawa", as_of, **data)
    ccm = status("ccm", as_of, **data)
    table = ottawa[["iso3", "name", "region", "subregion"]].copy()
    table["ottawa"] = ottawa["status"].to_numpy()
    table["ccm"] = ccm["status"].to_numpy()
    table["combined"] = [
        COMBINED[(o == "party", c == "party")]
        for o, c in zip(table["ottawa"], table["ccm"], strict=True)
    ]
    return table


# --- where do these states stand? -------------------------------------------------------------


def _known_codes(iso3: str | list[str] | tuple[str, ...], states: pd.DataFrame) -> list[str]:
    """The codes asked for, upper-cased, in order and without repeats; unknown ones raise."""
    codes = [iso3] if isinstance(iso3, str) else list(iso3)
    codes = list(dict.fromkeys(str(code).strip().upper() for code in codes))
    unknown = [code for code in codes if code not in set(states["iso3"])]
    if unknown:
        raise ValueError(
            f"unknown ISO code(s) {unknown}: use the iso3 column of load_states(), "
            "e.g. 'GBR' for the United Kingdom"
        )
    return codes


def standing(
    iso3: str | list[str] | tuple[str, ...],
    as_of: date | str | pd.Timestamp,
    **data: pd.DataFrame,
) -> pd.DataFrame:
    """Where the given states stand on both conventions on `as_of`: one row per state.

    Rows keep the order of `iso3`. Columns: iso3, name, then for each treaty (`ottawa`,
    `ccm`) its status and the dates the state joined (deposited its instrument) and, if it
    did, withdrew: `ottawa`, `ottawa_joined`, `ottawa_withdrawn`, `ccm`, `ccm_joined`,
    `ccm_withdrawn`. A joined date stays visible after a withdrawal, so "joined in 2003,
    withdrew in 2025" reads from one row. Both treaties must be open on `as_of` (from
    2008-12-03), as in `combined`.
    """
    states = data.get("states")
    states = load_states() if states is None else states
    codes = _known_codes(iso3, states)
    table = pd.DataFrame({"iso3": codes})
    names = dict(zip(states["iso3"], states["name"], strict=True))
    table["name"] = table["iso3"].map(names)
    for code in TREATIES:
        rows = status(code, as_of, **data).set_index("iso3").loc[codes]
        table[code] = rows["status"].to_numpy()
        table[f"{code}_joined"] = rows["joined"].to_numpy()
        table[f"{code}_withdrawn"] = rows["withdrawn"].to_numpy()
    return table


def withdrawals(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every withdrawal in the log: one row per state and treaty, notice and effect side by side.

    Columns: iso3, treaty, notified, effective (NaT while pending), months (whole months
    from notice to effect), after_data_as_of (True when the effective date is later than the
    date the treaty data were checked to; such a row rests on its own source), source (of the
    effective row, else of the notice).
    """
    events = load_events() if events is None else events
    rows = events[events["action"].isin(["withdrawal_notified", "withdrawal_effective"])]
    records = []
    for (iso3, treaty), group in rows.sort_values("date").groupby(["iso3", "treaty"], sort=False):
        by_action = {action: g.iloc[-1] for action, g in group.groupby("action")}
        notified = by_action["withdrawal_notified"]["date"]
        effect = by_action.get("withdrawal_effective")
        effective = effect["date"] if effect is not None else pd.NaT
        months = (
            (effective.year - notified.year) * 12 + effective.month - notified.month
            if effect is not None else pd.NA
        )
        records.append({
            "iso3": iso3,
            "treaty": treaty,
            "notified": notified,
            "effective": effective,
            "months": months,
            "after_data_as_of": bool(
                effect is not None and effective.date() > data_as_of(treaty)
            ),
            "source": (effect if effect is not None else by_action["withdrawal_notified"])[
                "source"
            ],
        })
    columns = ["iso3", "treaty", "notified", "effective", "months", "after_data_as_of", "source"]
    table = pd.DataFrame.from_records(records, columns=columns)
    table["months"] = table["months"].astype("Int64")
    return table.sort_values(["effective", "treaty", "iso3"], kind="stable").reset_index(drop=True)


def notes(iso3: str, treaty: str | None = None, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The note-only events of one state (what the log records without changing status)."""
    events = load_events() if events is None else events
    code = str(iso3).strip().upper()
    picked = events[(events["iso3"] == code) & (events["action"] == "note")]
    if treaty is not None:
        picked = picked[picked["treaty"] == _treaty(treaty).code]
    return picked[["iso3", "treaty", "date", "note", "source"]].reset_index(drop=True)
