"""The checkable form of the articles claims (data/sources/claim_checks.csv) and the dated
reports of weapon use they are checked against (data/sources/use_reports.csv), validated row
by row with file and line named on error.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.io import treaties as treaty_data
from treatylens.io._table import read_table
from treatylens.io.cache import load_once
from treatylens.io.sources import ISO_DATE, load_claims
from treatylens.io.treaties import WEAPONS
from treatylens.paths import data_path

CHECKS = {"count", "outside", "name", "use"}


VERBS = {"signed", "ratified", "joined", "ban", ""}


HEDGES = {"exact", "more_than", "dozens", ""}


def checks_path() -> Path:
    return data_path("sources", "claim_checks.csv")


@load_once
def load_claim_checks(path: Path | None = None) -> pd.DataFrame:
    """The machine-readable form of each checkable claim, validated against claims.csv."""
    path = path or checks_path()
    table, lines = read_table(path)
    known_claims = set(load_claims()["claim_id"])
    state_codes = set(treaty_data.load_states()["iso3"])
    for line, row in zip(lines, table.itertuples(index=False), strict=True):

        def fail(problem: str, line: int = line) -> None:
            raise DataFileError(path, problem, line=line)

        if row.claim_id not in known_claims:
            fail(f"claim_id {row.claim_id!r} is not in claims.csv")
        if row.treaty not in treaty_data.TREATIES:
            fail(f"treaty {row.treaty!r} is not one of {sorted(treaty_data.TREATIES)}")
        if row.check not in CHECKS:
            fail(f"check {row.check!r} is not one of {sorted(CHECKS)}")
        if row.verb not in VERBS or row.hedge not in HEDGES:
            fail(f"verb {row.verb!r} or hedge {row.hedge!r} is not recognised")
        if row.check == "count" and (not row.stated.isdigit() or not row.hedge or not row.verb):
            fail("a count check needs a whole number in `stated`, a verb and a hedge")
        if row.check == "outside":
            codes = row.states.split(";")
            unknown = [c for c in codes if c not in state_codes]
            if not row.states or unknown:
                fail(f"an outside check needs known ISO codes in `states`; unknown: {unknown}")
        if row.check == "name" and not row.stated:
            fail("a name check needs the stated name in `stated`")
        if row.check == "use" and (len(row.states.split(";")) != 1
                                   or row.states not in state_codes):
            fail(f"a use check needs one known ISO code in `states`, not {row.states!r}")
    if table["claim_id"].duplicated().any():
        raise DataFileError(path, "a claim_id appears twice")
    return table


USE_REPORT_COLUMNS = ("report_id", "user", "weapon", "territory", "use_from", "finding",
                      "publisher", "title", "published", "url", "status", "read_via")


def use_reports_path() -> Path:
    return data_path("sources", "use_reports.csv")


@load_once
def load_use_reports(path: Path | None = None) -> pd.DataFrame:
    """Dated reports of a state's use of a banned weapon, each with its publisher and status.

    A claim such as "Russia has refrained from using them" cannot be checked against treaty
    data; it can be checked against what independent monitors had published by the article's
    day. Every row must say who used what, where and from when, who published it and when,
    where it was read (`status` R: on the publisher's page; R2: in a relay named in `read_via`).
    """
    path = path or use_reports_path()
    table, lines = read_table(path, USE_REPORT_COLUMNS)
    state_codes = set(treaty_data.load_states()["iso3"])
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        for column in ("user", "territory"):
            if row[column] not in state_codes:
                raise DataFileError(path, f"{column} {row[column]!r} is not a known ISO code",
                                    line=line)
        if row["weapon"] not in WEAPONS.values():
            raise DataFileError(path, f"weapon {row['weapon']!r} is not one of "
                                f"{sorted(WEAPONS.values())}", line=line)
        for column in ("use_from", "published"):
            if not ISO_DATE.match(row[column]):
                raise DataFileError(path, f"{column} {row[column]!r} is not a YYYY-MM-DD date",
                                    line=line)
        if row["status"] not in {"R", "R2"}:
            raise DataFileError(path, f"status {row['status']!r} is not R or R2", line=line)
        if row["status"] == "R2" and not row["read_via"]:
            raise DataFileError(path, "an R2 row must name the relay in `read_via`", line=line)
        for column in ("finding", "publisher", "title", "url"):
            if not row[column].strip():
                raise DataFileError(path, f"{column} is empty", line=line)
    if table["report_id"].duplicated().any():
        raise DataFileError(path, "a report_id appears twice")
    return table
