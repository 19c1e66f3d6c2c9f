"""Which of the 197 states did not exist yet on a date, so a map does not call them "not joined".

`treaties.status()` has one row per state for every date: on a 1999 map, South Sudan (a state
from 9 July 2011) would be "not joined", out of 197. That is wrong twice over: it could not have
joined, and it inflates the denominator. `data/treaties/new_states.csv` lists the states whose
statehood began after the Ottawa Convention opened for signature (3 December 1997), each date
with its source; a state with no date there is treated as a state throughout (the datasheet,
`data/treaties/README.md`, says how that was checked and what was not). Maps use
`mark_not_yet_states` to show such states as "not yet a state" and leave them out of the count.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from treatylens.dates import as_date
from treatylens.io.statehood import (  # the loaders live in io/
    load_new_states,
)

NOT_YET = "not yet a state"


def not_yet_states(as_of: dt.date | str, table: pd.DataFrame | None = None) -> list[str]:
    """ISO codes of the states that did not exist yet on `as_of` (the day itself counts).

    South Sudan exists from 9 July 2011, so it is listed for 8 July 2011 and not for 9 July.
    States without a sourced date are never listed.
    """
    day = as_date(as_of)
    table = load_new_states() if table is None else table
    return sorted(
        code for code, start in zip(table["iso3"], table["state_from"], strict=True)
        if start is not None and not pd.isna(start) and day < start
    )


def mark_not_yet_states(
    table: pd.DataFrame,
    as_of: dt.date | str,
    column: str = "status",
    new_states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A copy of a per-state table with `column` set to "not yet a state" where that is true.

    A state that did not exist on `as_of` cannot have any treaty status; a row that
    nevertheless says "party" or "signatory" for such a state is a data error, and raises
    rather than being painted over.
    """
    for name in ("iso3", column):
        if name not in table.columns:
            raise KeyError(f"the table needs an {name!r} column, has {list(table.columns)}")
    codes = set(not_yet_states(as_of, new_states))
    marked = table.copy()
    affected = marked["iso3"].isin(codes)
    acted = marked.loc[affected & ~marked[column].isin(["not joined", "neither", NOT_YET])
                       & marked[column].notna()]
    if not acted.empty:
        raise ValueError(
            f"{', '.join(sorted(acted['iso3']))} did not exist as states on {as_date(as_of)} "
            f"but have status {sorted(set(acted[column]))}: check data/treaties/new_states.csv"
        )
    marked.loc[affected, column] = NOT_YET
    return marked


#: The module's names; its loaders live in treatylens.io.statehood and are re-exported
#: so that lessons keep writing `statehood.load_…`.
__all__ = [
    "NOT_YET",
    "load_new_states",
    "mark_not_yet_states",
    "not_yet_states",
]
