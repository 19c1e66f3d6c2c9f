"""data/treaties/new_states.csv: the sourced date from which each state that did not exist in
December 1997 exists, validated row by row (file and line named on error).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from treatylens.dates import as_date
from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.cache import load_once
from treatylens.paths import data_path

COLUMNS = ("iso3", "state_from", "event", "source", "note")


def new_states_path() -> Path:
    return data_path("treaties", "new_states.csv")


@load_once
def load_new_states(path: Path | None = None) -> pd.DataFrame:
    """The sourced dates from which states exist, validated; `state_from` as a date or None.

    A date without a source, or a row with neither a date nor a note saying why it has none,
    is refused: an unexplained gap would look like a fact.
    """
    path = Path(path) if path else new_states_path()
    if not path.is_file():
        raise DataFileError(path, "file not found")
    table, lines = read_table(path, COLUMNS)
    seen: set[str] = set()
    dates: list[dt.date | None] = []
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        code = row["iso3"]
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise DataFileError(path, f"iso3 {code!r} is not three capital letters", line)
        if code in seen:
            raise DataFileError(path, f"iso3 {code} is listed twice", line)
        seen.add(code)
        text = row["state_from"].strip()
        if not text:
            if not row["note"].strip():
                raise DataFileError(path, "no date and no note saying why", line)
            dates.append(None)
            continue
        try:
            dates.append(as_date(text))
        except ValueError:
            raise DataFileError(path, f"state_from {text!r} is not a YYYY-MM-DD date",
                                line) from None
        if not row["source"].strip():
            raise DataFileError(path, f"state_from {text} has no source", line)
    table["state_from"] = dates
    return table
