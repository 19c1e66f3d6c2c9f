"""The sourced civilian-harm and reliability figures in `data/risk/`, loaded and validated.

Loaders refuse any row without a source, with an unreadable number, a share outside 0..1, an
unknown status, or a value on a row marked unverified, and say which file, line and problem.
Status codes are copied from `shared/reference/RISK_FACTS.md`: see `STATUS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.cache import load_once
from treatylens.paths import data_path

# --------------------------------------------------------------------------- vocabulary

STATUS: dict[str, str] = {
    "R": "read in an excerpt of the primary publisher's page",
    "R2": "read in a secondary relay (news outlet, or an NGO quoting the report)",
    "D": "derived by arithmetic from figures marked R or R2",
    "U": "unverified (recalled or not found): never used as a value",
}

QUALIFIERS: dict[str, str] = {
    "": "as stated",
    "about": "an approximate or point figure",
    "less_than": "the source gives a ceiling it says the true figure is below",
    "at_most": "the source gives a ceiling ('not higher than', 'up to', 'within')",
    "at_least": "the source gives a floor ('or more')",
    "more_than": "the source gives a floor it says the true figure is above",
    "almost": "the source says 'almost' or 'nearly'",
    "range": "the source gives a range: value is the low end, value_high the high end",
}

#: Units and what a value in that unit may be.
COUNT_UNITS = frozenset({"people", "count", "submunitions", "mines"})
DURATION_UNITS = frozenset({"hours", "days", "weeks", "months", "years"})
UNITS = COUNT_UNITS | DURATION_UNITS | {"share", "rank", "times"}
HOURS_PER = {"hours": 1.0, "days": 24.0, "weeks": 168.0}

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# --------------------------------------------------------------------------- file specs


@dataclass(frozen=True)
class _Spec:
    """What one CSV file must look like; shared checks read it instead of repeating code."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    enums: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: column that names what the row measures, and the units allowed for each value of it
    measure_column: str | None = None
    measure_units: Mapping[str, frozenset[str]] = field(default_factory=dict)
    has_value_high: bool = False
    #: "as_of" (a date, may be empty with a note) or "data_year" (a year, required)
    as_of_column: str = "as_of"
    #: the one unit every row must use, when the file has one
    unit: str | None = None
    #: the data folder the file lives in (the obligations are treaty facts, not risk figures)
    folder: str = "risk"


_COMMON = ("value", "unit", "qualifier", "reported_as", "source", "read_at", "status", "note")


def _units(*names: str) -> frozenset[str]:
    return frozenset(names)


MONITOR_MEASURES: dict[str, frozenset[str]] = {
    "casualties": _units("people"),
    "killed": _units("people"),
    "injured": _units("people"),
    "status_unknown": _units("people"),
    "casualties_status_known": _units("people"),
    "casualties_attacks": _units("people"),
    "casualties_remnants": _units("people"),
    "killed_attacks": _units("people"),
    "casualties_cumulative_since_2022_02": _units("people"),
    "children": _units("people"),
    "civilian_share": _units("share"),
    "children_share": _units("share"),
    "children_share_of_civilian": _units("share"),
    "share_of_world_casualties": _units("share"),
    "world_rank": _units("rank"),
    "countries_with_casualties": _units("count"),
    "states_with_casualties": _units("count"),
    "states_parties_with_casualties": _units("count"),
    "other_areas_with_casualties": _units("count"),
    "states_and_areas_with_casualties": _units("count"),
    "states_parties_stated": _units("count"),
    "signatories_stated": _units("count"),
    "contaminated_states_and_areas": _units("count"),
    "victim_assistance_funding_share": _units("share"),
    "victim_assistance_funding_decrease": _units("share"),
}

MINE_QUANTITIES: dict[str, frozenset[str]] = {
    "max_share_failing_self_destruct": _units("share"),
    "self_destruct_limit": _units("days"),
    "max_share_active_after_self_deactivation": _units("share"),
    "self_deactivation_limit": _units("days"),
    "share_active_after_set_time": _units("share"),
    "combined_reliability": _units("share"),
    "persistence_claim": _units(""),
    "inactivation_time": _units("", "hours", "days", "weeks"),
    "inactivation_time_min": _units("hours", "days", "weeks"),
    "inactivation_time_max": _units("hours", "days", "weeks"),
    "mine_age": _units("years"),
    "mines_used": _units("mines"),
    "casualties_from_land_mines": _units("people"),
    "casualties_total": _units("people"),
    "share_casualties_from_land_mines": _units("share"),
    "failure_rate_multiple": _units("times"),
}

OBLIGATIONS: dict[str, frozenset[str]] = {
    "stockpile_destruction": _units("years"),
    "clearance": _units("years"),
    "clearance_extension": _units("years"),
    "victim_assistance": _units(""),
    "withdrawal_notice": _units("months"),
    "withdrawal_during_armed_conflict": _units(""),
}

FAILURE_SCOPES = frozenset({"ukraine_2023", "dpicm_older", "general", "policy", "russian_claim"})
FAILURE_EVIDENCE = frozenset(
    {"official_statement", "official_estimate", "ngo_estimate", "test", "field", "policy_limit"}
)

SPECS: dict[str, _Spec] = {
    "monitor": _Spec(
        name="monitor_figures.csv",
        columns=("monitor", "edition", "data_year", "measure", "country", "iso3", "base", *_COMMON),
        key=("edition", "data_year", "measure", "iso3"),
        enums={"monitor": frozenset({"LM", "CMM"})},
        measure_column="measure",
        measure_units=MONITOR_MEASURES,
        as_of_column="data_year",
    ),
    "failure_rates": _Spec(
        name="failure_rates.csv",
        columns=("estimate_id", "munition", "scope", "evidence", "claimant", "value_high",
                 "as_of", *_COMMON),
        key=("estimate_id",),
        enums={"scope": FAILURE_SCOPES, "evidence": FAILURE_EVIDENCE},
        has_value_high=True,
        unit="share",
    ),
    "submunitions": _Spec(
        name="submunitions_per_round.csv",
        columns=("munition", "as_of", *_COMMON),
        key=("munition",),
        unit="submunitions",
    ),
    "mines": _Spec(
        name="mine_self_destruct.csv",
        columns=("item_id", "party", "kind", "quantity", "value_high", "as_of", *_COMMON),
        key=("item_id",),
        enums={"kind": frozenset({"standard", "policy", "statement", "record",
                                  "unsourced_claim"})},
        measure_column="quantity",
        measure_units=MINE_QUANTITIES,
        has_value_high=True,
    ),
    "obligations": _Spec(
        name="treaty_obligations.csv",
        columns=("treaty", "obligation", "article", "as_of", *_COMMON),
        key=("treaty", "obligation"),
        enums={"treaty": frozenset({"ottawa", "ccm"})},
        measure_column="obligation",
        measure_units=OBLIGATIONS,
        folder="treaties",
    ),
}


# --------------------------------------------------------------------------- validation


def _parse_number(text: str, column: str) -> float:
    """A plain decimal number, or a message saying how to write it.

    Thousands separators and percent signs are refused rather than guessed at, because "2,35"
    and "2.35%" are exactly the ambiguities the course teaches students to notice.
    """
    if "," in text:
        raise ValueError(
            f"{column} {text!r} is not a plain number: write it without thousands separators"
        )
    if "%" in text:
        raise ValueError(
            f"{column} {text!r} is a percentage: write shares as fractions (2.35% -> 0.0235)"
        )
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{column} {text!r} is not a finite number")
    return number


def _check_value_for_unit(number: float, unit: str, column: str) -> None:
    if unit == "share" and not 0.0 <= number <= 1.0:
        raise ValueError(
            f"{column} {number:g} is a share outside 0..1 (write 2.35% as 0.0235)"
        )
    if unit in COUNT_UNITS and (number < 0 or not number.is_integer()):
        raise ValueError(f"{column} {number:g} must be a whole number >= 0 for unit {unit!r}")
    if unit == "rank" and (number < 1 or not number.is_integer()):
        raise ValueError(f"{column} {number:g} must be a whole number >= 1 for unit 'rank'")
    if number < 0:
        raise ValueError(f"{column} {number:g} must not be negative")


def _check_row(row: dict[str, str], spec: _Spec) -> dict[str, Any]:
    """Validate one row; raise ValueError with the problem (the caller adds file and line)."""
    status = row["status"]
    if status not in STATUS:
        raise ValueError(f"status {status!r} is not one of {sorted(STATUS)}")
    for column in ("source", "read_at"):
        if not row[column].strip():
            raise ValueError(f"{column} is empty: every row needs a source")
    for column, allowed in spec.enums.items():
        if row[column] not in allowed:
            raise ValueError(f"{column} {row[column]!r} is not one of {sorted(allowed)}")
    qualifier = row["qualifier"]
    if qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier {qualifier!r} is not one of {sorted(QUALIFIERS)}")

    unit = row["unit"]
    if unit and unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {sorted(UNITS)}")
    if spec.unit is not None and unit != spec.unit:
        raise ValueError(f"unit {unit!r} should be {spec.unit!r} in this file")
    if "iso3" in row:
        if row["iso3"] and not re.fullmatch(r"[A-Z]{3}", row["iso3"]):
            raise ValueError(f"iso3 {row['iso3']!r} is not three capital letters")
        if bool(row["iso3"]) != bool(row["country"].strip()):
            raise ValueError("country and iso3 must be both filled in or both empty")
    if spec.measure_column:
        measure = row[spec.measure_column]
        if measure not in spec.measure_units:
            raise ValueError(
                f"{spec.measure_column} {measure!r} is not one of {sorted(spec.measure_units)}"
            )
        if unit not in spec.measure_units[measure]:
            allowed = sorted(spec.measure_units[measure])
            raise ValueError(f"unit {unit!r} does not fit {measure!r} (allowed: {allowed})")

    out: dict[str, Any] = dict(row)
    text = row["value"].strip()
    value = math.nan
    if text:
        if status == "U":
            raise ValueError(
                "status is 'U' (unverified) but value is filled in: unverified figures are "
                "kept with an empty value and a note"
            )
        value = _parse_number(text, "value")
        if not unit:
            raise ValueError("unit is empty although value is given")
        _check_value_for_unit(value, unit, "value")
    elif not row["note"].strip():
        raise ValueError("value is empty and note does not say why")
    out["value"] = value

    if spec.has_value_high:
        high_text = row["value_high"].strip()
        if qualifier == "range":
            if not high_text and text:
                raise ValueError("qualifier is 'range' but value_high is empty")
        elif high_text:
            raise ValueError("value_high is given but qualifier is not 'range'")
        high = math.nan
        if high_text:
            if not text:
                raise ValueError("value_high is given but value is empty")
            high = _parse_number(high_text, "value_high")
            _check_value_for_unit(high, unit, "value_high")
            if high < value:
                raise ValueError(f"value_high {high:g} is below value {value:g}")
        out["value_high"] = high

    if spec.as_of_column == "data_year":
        year_text = row["data_year"].strip()
        if not re.fullmatch(r"\d{4}", year_text):
            raise ValueError(f"data_year {year_text!r} is not a four-digit year")
        match = re.fullmatch(r"(LM|CMM)(\d{4})", row["edition"])
        if not match or match.group(1) != row["monitor"]:
            raise ValueError(
                f"edition {row['edition']!r} should be {row['monitor']} followed by a year"
            )
        if int(year_text) >= int(match.group(2)):
            raise ValueError(
                f"data_year {year_text} is not before edition {row['edition']}: Monitor "
                "editions report earlier years"
            )
        out["data_year"] = int(year_text)
    else:
        as_of = row["as_of"].strip()
        if as_of:
            if not _DATE.fullmatch(as_of):
                raise ValueError(f"as_of {as_of!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            try:
                pd.Timestamp(as_of)
            except ValueError:
                raise ValueError(f"as_of {as_of!r} is not a real date") from None
        elif not row["note"].strip():
            raise ValueError("as_of is empty and note does not say why")
    return out


@load_once
def _load(kind: str, path: Path | None) -> pd.DataFrame:
    spec = SPECS[kind]
    path = Path(path) if path is not None else data_path(spec.folder, spec.name)
    table, lines = read_table(path, spec.columns)
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, raw in zip(lines, table.to_dict("records"), strict=True):
        try:
            row = _check_row(raw, spec)
        except ValueError as error:
            raise DataFileError(path, str(error), line=line) from None
        key = tuple(str(raw[c]) for c in spec.key)
        if key in seen:
            raise DataFileError(
                path,
                f"duplicate {'/'.join(spec.key)} {key} (first on line {seen[key]})",
                line=line,
            )
        seen[key] = line
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(table.columns))
    table["value"] = table["value"].astype(float)
    if spec.has_value_high:
        table["value_high"] = table["value_high"].astype(float)
    if spec.as_of_column == "data_year":
        table["data_year"] = table["data_year"].astype(int)
    return table


def load_monitor_figures(path: Path | None = None) -> pd.DataFrame:
    """Landmine Monitor and Cluster Munition Monitor figures, one row per edition/year/measure."""
    return _load("monitor", path)


def load_failure_rates(path: Path | None = None) -> pd.DataFrame:
    """Publicly reported submunition failure-rate estimates, each with claimant and date."""
    return _load("failure_rates", path)


def load_submunitions(path: Path | None = None) -> pd.DataFrame:
    """Submunitions per round as publicly reported, by munition."""
    return _load("submunitions", path)


def load_mine_standards(path: Path | None = None) -> pd.DataFrame:
    """AP II self-destruct/self-deactivation standards and US statements on mine persistence."""
    return _load("mines", path)


def load_obligations(path: Path | None = None) -> pd.DataFrame:
    """Ottawa and CCM deadlines: stockpiles, clearance, victim assistance, withdrawal.

    The file is `data/treaties/treaty_obligations.csv`: lesson 02 reads it without the risk
    figures, and lesson 06 reads it beside them; it keeps the risk files' columns and checks.
    """
    return _load("obligations", path)
