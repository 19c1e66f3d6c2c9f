"""The treaty data: vocabularies defined once, and the validated loaders of data/treaties/.

Everything about the two treaties that is a fact rather than a calculation lives here: the
treaty codes and names, UNTC identifiers, dates of opening and entry into force, the action
vocabulary and its order, the columns of every file, and the loaders of states.csv,
events.csv, in_force_exceptions.csv and meta.json, each validated row by row with the file
and line of any problem. `treatylens.treaties` computes status from these tables.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.cache import load_once
from treatylens.paths import data_path

CONSENT_ACTIONS = ("ratification", "accession", "acceptance", "approval", "succession")
ACTIONS = (
    "signature",
    *CONSENT_ACTIONS,
    "withdrawal_notified",
    "withdrawal_effective",
    "note",
)
STATUSES = ("party", "signatory", "withdrawn", "not joined")
EVENT_COLUMNS = ("iso3", "treaty", "action", "date", "source", "note")
STATE_COLUMNS = ("iso3", "name", "m49", "region", "subregion", "intermediate_region", "un_member")
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
EXCEPTION_COLUMNS = ("iso3", "treaty", "action", "date", "in_force_from", "source", "note")
IN_FORCE_EXCEPTIONS = "in_force_exceptions.csv"
# A row dated after meta.json's as_of (the UNTC snapshot) rests on its own source; its note
# must begin with this flag, as tools/build_events.py writes it for Poland's withdrawal.
AFTER_AS_OF_FLAG = "Later than the UNTC snapshot"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class StatusAfterDataWarning(UserWarning):
    """The date asked for is later than the date the treaty data were checked against."""


@dataclass(frozen=True)
class Treaty:
    """Facts about a convention that the status rules need.

    Dates: UNTC status pages XXVI-5 and XXVI-6 as at 2026-02-03 (header "Entry into force"
    and the note on opening for signature). Rules: the treaty texts, articles 15, 17 and 20,
    quoted in `data/treaties/README.md`.
    """

    code: str
    name: str
    short_name: str
    adopted: str
    opened_for_signature: date
    entry_into_force: date
    instruments_for_entry_into_force: int
    untc_mtdsg_no: str

    @property
    def untc_url(self) -> str:
        return (
            "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
            f"&mtdsg_no={self.untc_mtdsg_no}&chapter=26"
        )

    def in_force_for_state(self, deposited: date) -> date:
        """Article 17(2): the first day of the sixth month after the instrument was deposited,
        but never before the convention itself entered into force (article 17(1)).

        Only for ratification, acceptance, approval and accession, the instruments article
        17(2) names; a succession's date is stated by a source (in_force_exceptions.csv)."""
        month_index = deposited.year * 12 + (deposited.month - 1) + 6
        candidate = date(month_index // 12, month_index % 12 + 1, 1)
        return max(candidate, self.entry_into_force)


TREATIES: dict[str, Treaty] = {
    "ottawa": Treaty(
        code="ottawa",
        name=(
            "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer "
            "of Anti-Personnel Mines and on their Destruction"
        ),
        short_name="Ottawa Convention (Anti-Personnel Mine Ban Convention)",
        adopted="Oslo, 18 September 1997",
        opened_for_signature=date(1997, 12, 3),
        entry_into_force=date(1999, 3, 1),
        instruments_for_entry_into_force=40,
        untc_mtdsg_no="XXVI-5",
    ),
    "ccm": Treaty(
        code="ccm",
        name="Convention on Cluster Munitions",
        short_name="Convention on Cluster Munitions (CCM, signed in Oslo)",
        adopted="Dublin, 30 May 2008",
        opened_for_signature=date(2008, 12, 3),
        entry_into_force=date(2010, 8, 1),
        instruments_for_entry_into_force=30,
        untc_mtdsg_no="XXVI-6",
    ),
}


# --- files ------------------------------------------------------------------------------------


#: The weapon each treaty bans, as the course names it in verdicts and use reports.
WEAPONS = {"ottawa": "anti-personnel mines", "ccm": "cluster munitions"}

def states_path() -> Path:
    return data_path("treaties", "states.csv")


def events_path() -> Path:
    return data_path("treaties", "events.csv")


def meta_path() -> Path:
    return data_path("treaties", "meta.json")


def in_force_exceptions_path() -> Path:
    return data_path("treaties", IN_FORCE_EXCEPTIONS)


@load_once
def load_states(path: Path | None = None) -> pd.DataFrame:
    """The states that can join, validated; `un_member` as bool, m49 kept as "004"."""
    path = Path(path) if path else states_path()
    table, lines = read_table(path, STATE_COLUMNS)
    seen: dict[str, int] = {}
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        if not _ISO3.match(row["iso3"]):
            raise DataFileError(path, f"iso3 {row['iso3']!r} is not three capital letters", line)
        if row["iso3"] in seen:
            raise DataFileError(
                path, f"iso3 {row['iso3']} repeats line {seen[row['iso3']]}", line
            )
        seen[row["iso3"]] = line
        if not row["name"].strip():
            raise DataFileError(path, "empty name", line)
        if row["region"] not in REGIONS:
            raise DataFileError(path, f"region {row['region']!r} is not one of {REGIONS}", line)
        if row["un_member"] not in ("true", "false"):
            raise DataFileError(path, f"un_member {row['un_member']!r} is not true/false", line)
    table["un_member"] = table["un_member"] == "true"
    return table


def parse_iso_date(text: str) -> date:
    """A `YYYY-MM-DD` date, or ValueError saying whether the form or the day is wrong.

    The two need different fixes: "03/12/1997" must be rewritten, "2026-02-30" has the right
    form but names a day that does not exist (February 2026 has 28 days).
    """
    text = str(text)
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date")
    year, month, day = (int(part) for part in text.split("-"))
    if year < 1:
        raise ValueError(f"{text} is not a date: there is no year 0")
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        raise ValueError(f"{text} is not a date: there is no day 0")
    if day > days:
        raise ValueError(
            f"{text} is not a date: {calendar.month_name[month]} {year} has {days} days"
        )
    return date(year, month, day)


def _parse_date(text: str) -> date | None:
    try:
        return parse_iso_date(text)
    except ValueError:
        return None


def _six_months_after(day: date) -> date:
    """Article 20(2): the same day six months later (the month's last day if it is shorter)."""
    month_index = day.year * 12 + (day.month - 1) + 6
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def is_marked_after_as_of(note: str) -> bool:
    """Whether a row's note carries the after-as-of flag (see AFTER_AS_OF_FLAG)."""
    return str(note).strip().lower().startswith(AFTER_AS_OF_FLAG.lower())


def load_events(
    path: Path | None = None,
    states: pd.DataFrame | None = None,
    as_of: Mapping[str, date] | None = None,
) -> pd.DataFrame:
    """The treaty action log, validated row by row; `date` becomes a datetime column.

    Known states come from `states`, else from states.csv beside the events file. The date
    the data are checked to comes from `as_of` (treaty code -> date), else from meta.json
    beside the events file; the refresh command passes the new page's date, because a
    freshly imported row may be later than the old meta.json. Sourced in-force dates come
    from in_force_exceptions.csv beside the events file and are returned in the column
    `in_force_from_source` (empty where article 17(2) gives the date). Every problem is
    reported with the file and line, so a maintainer can fix the row, not guess.
    """
    path = Path(path) if path else events_path()
    folder = path.parent
    if as_of is None:
        meta = load_meta(folder / "meta.json")
        as_of = {code: date.fromisoformat(meta["as_of"][code]) for code in TREATIES}
    return _load_events(
        path, states if states is not None else folder / "states.csv",
        folder / IN_FORCE_EXCEPTIONS, tuple(sorted(as_of.items())),
    )


@load_once
def _load_events(
    path: Path,
    states: pd.DataFrame | Path,
    exceptions_file: Path,
    as_of: tuple[tuple[str, date], ...],
) -> pd.DataFrame:
    """load_events with every file it reads as an argument, so the cache sees them all."""
    if not isinstance(states, pd.DataFrame):
        states = load_states(states)
    known = set(states["iso3"])
    checked_to = dict(as_of)
    table, lines = read_table(path, EVENT_COLUMNS)
    dates: list[date] = []
    first_line: dict[tuple[str, str, str, str], int] = {}
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        day = _check_row(path, line, row, known, checked_to)
        key = (row["iso3"], row["treaty"], row["action"], row["date"])
        if key in first_line:
            raise DataFileError(
                path,
                f"duplicate action: {row['iso3']} {row['treaty']} {row['action']} "
                f"{row['date']} already on line {first_line[key]}",
                line,
            )
        first_line[key] = line
        dates.append(day)
    table["_line"] = pd.Series(lines, dtype="int64")
    table["date"] = pd.to_datetime(pd.Series(dates, dtype=object))
    _check_sequences(path, table)
    table["in_force_from_source"] = _sourced_in_force(path, table, first_line, exceptions_file)
    return table.drop(columns="_line")


def _check_row(
    path: Path, line: int, row: dict[str, str], known: set[str], as_of: dict[str, date]
) -> date:
    if row["iso3"] not in known:
        raise DataFileError(path, f"unknown ISO code {row['iso3']!r} (not in states.csv)", line)
    treaty = TREATIES.get(row["treaty"])
    if treaty is None:
        raise DataFileError(
            path, f"unknown treaty {row['treaty']!r}; expected one of {sorted(TREATIES)}", line
        )
    if row["action"] not in ACTIONS:
        raise DataFileError(
            path, f"unknown action {row['action']!r}; expected one of {list(ACTIONS)}", line
        )
    try:
        day = parse_iso_date(row["date"])
    except ValueError as error:
        raise DataFileError(path, f"date {error}", line) from None
    if not row["source"].strip():
        raise DataFileError(path, "missing source: every action needs one", line)
    if row["action"] == "note" and not row["note"].strip():
        raise DataFileError(path, "a note-only event needs the note text", line)
    if day < treaty.opened_for_signature:
        raise DataFileError(
            path,
            f"{row['action']} on {day} is before the {treaty.code} treaty opened for "
            f"signature ({treaty.opened_for_signature})",
            line,
        )
    if row["action"] == "signature" and day >= treaty.entry_into_force:
        raise DataFileError(
            path,
            f"signature on {day}: the {treaty.code} treaty was open for signature only until "
            f"it entered into force ({treaty.entry_into_force}); later states accede",
            line,
        )
    checked_to = as_of.get(treaty.code)
    if checked_to is not None and day > checked_to and not is_marked_after_as_of(row["note"]):
        raise DataFileError(
            path,
            f"{row['action']} on {day} is later than the date the {treaty.code} data are "
            f"checked to ({checked_to}, meta.json as_of): such a row rests on its own source "
            f"and its note must begin with {AFTER_AS_OF_FLAG!r}",
            line,
        )
    return day


_ORDER = {"signature": 0, **dict.fromkeys(CONSENT_ACTIONS, 1), "note": 2,
          "withdrawal_notified": 3, "withdrawal_effective": 4}
_AFTER_SIGNATURE = ("ratification", "acceptance", "approval")  # article 16(1); else accession


def _check_sequences(path: Path, table: pd.DataFrame) -> None:
    """Actions of one state under one treaty must make sense in date order."""
    ordered = table.assign(_rank=table["action"].map(_ORDER)).sort_values(
        ["iso3", "treaty", "date", "_rank"], kind="stable"
    )
    current: tuple[str, str] | None = None
    signed: int | None = None  # line of the signature
    bound_since: int | None = None  # line of the consent in force
    notified: tuple[int, date] | None = None  # line and date of a pending notification
    columns = ("iso3", "treaty", "action", "date", "_line")
    for iso3, treaty, action, when, line in zip(*(ordered[c] for c in columns), strict=True):
        if (iso3, treaty) != current:
            current, signed, bound_since, notified = (iso3, treaty), None, None, None
        if action == "signature":
            if signed is not None:
                raise DataFileError(
                    path, f"second signature: {iso3} already signed the {treaty} treaty on "
                    f"line {signed}; a state signs once", line,
                )
            signed = line
        elif action in CONSENT_ACTIONS:
            if bound_since is not None:
                raise DataFileError(
                    path, f"duplicate action: {action} while already bound by line {bound_since}",
                    line,
                )
            if action in _AFTER_SIGNATURE and signed is None:
                raise DataFileError(
                    path, f"{action} by {iso3}, which had not signed the {treaty} treaty: a state "
                    "that did not sign joins by accession (article 16)", line,
                )
            bound_since, notified = line, None
        elif action in ("withdrawal_notified", "withdrawal_effective"):
            if bound_since is None:
                raise DataFileError(path, "withdrawal without prior consent to be bound", line)
            if action == "withdrawal_notified":
                if notified is not None:
                    raise DataFileError(
                        path, f"second withdrawal notification: {iso3} already notified "
                        f"withdrawal from the {treaty} treaty on line {notified[0]}, which has "
                        "not yet taken effect", line,
                    )
                notified = (line, when.date())
            elif notified is None:
                raise DataFileError(
                    path, "withdrawal takes effect without an earlier notification", line
                )
            else:
                earliest = _six_months_after(notified[1])
                if when.date() < earliest:
                    raise DataFileError(
                        path, f"withdrawal takes effect on {when.date()}, less than six months "
                        f"after its notification of {notified[1]} (line {notified[0]}); "
                        f"article 20 allows {earliest} at the earliest", line,
                    )
                bound_since = notified = None


@load_once
def load_in_force_exceptions(path: Path | None = None) -> pd.DataFrame:
    """in_force_exceptions.csv: in-force dates a source states, where article 17(2) does not.

    Article 17(2) of both conventions dates entry into force for a state that ratifies,
    accepts, approves or accedes; it says nothing about succession. A successor state's
    in-force date is therefore data, with its own source (e.g. South Sudan: 9 July 2011, the
    date of independence, per the UN Office of Legal Affairs), not a computation. Columns:
    iso3, treaty, action, date (the event row it qualifies), in_force_from, source, note;
    `in_force_from` becomes a datetime. A missing file is an empty table.
    """
    path = Path(path) if path else in_force_exceptions_path()
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EXCEPTION_COLUMNS}).assign(
            in_force_from=pd.Series(dtype="datetime64[ns]"), _line=pd.Series(dtype="int64")
        )
    table, lines = read_table(path, EXCEPTION_COLUMNS)
    parsed: list[date] = []
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        if row["action"] != "succession":
            raise DataFileError(
                path, f"action {row['action']!r}: only a succession has an in-force date that "
                "article 17(2) does not give", line,
            )
        days = {}
        for column in ("date", "in_force_from"):
            try:
                days[column] = parse_iso_date(row[column])
            except ValueError as error:
                raise DataFileError(path, f"{column} {error}", line) from None
        parsed.append(days["in_force_from"])
        if not row["source"].strip():
            raise DataFileError(path, "missing source: a stated in-force date needs one", line)
    table["in_force_from"] = pd.to_datetime(pd.Series(parsed, dtype=object))
    table["_line"] = pd.Series(lines, dtype="int64")
    return table


def _sourced_in_force(
    path: Path, events: pd.DataFrame, event_lines: dict[tuple[str, str, str, str], int],
    exceptions_file: Path,
) -> pd.Series:
    """Per event row, the in-force date a source states; every succession must have one."""
    exceptions = load_in_force_exceptions(exceptions_file)
    stated: dict[tuple[str, str, str, str], pd.Timestamp] = {}
    for row in exceptions.to_dict("records"):
        key = (row["iso3"], row["treaty"], row["action"], row["date"])
        if key not in event_lines:
            raise DataFileError(
                exceptions_file, f"no {row['action']} by {row['iso3']} under {row['treaty']} on "
                f"{row['date']} in {path.name}: the in-force date qualifies no event",
                row["_line"],
            )
        stated[key] = row["in_force_from"]
    keys = list(zip(events["iso3"], events["treaty"], events["action"],
                    events["date"].dt.strftime("%Y-%m-%d"), strict=True))
    for key, line in zip(keys, events["_line"], strict=True):
        if key[2] == "succession" and key not in stated:
            raise DataFileError(
                path, f"succession by {key[0]} under {key[1]} has no in-force date: article "
                "17(2) covers ratification, acceptance, approval and accession only, so add "
                f"the date a source states to {exceptions_file.name}", line,
            )
    return pd.Series([stated.get(key, pd.NaT) for key in keys], index=events.index,
                     dtype="datetime64[ns]")


@load_once
def load_meta(path: Path | None = None) -> dict:
    """meta.json: the one place that records the date the treaty data are known up to."""
    path = Path(path) if path else meta_path()
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"not valid JSON: {error.msg}", error.lineno) from error
    for code in TREATIES:
        if _parse_date(str(meta.get("as_of", {}).get(code, ""))) is None:
            raise DataFileError(path, f"as_of.{code} is missing or not a YYYY-MM-DD date")
    return meta


def data_as_of(treaty: str) -> date:
    """The date up to which the action log for `treaty` was checked against its source."""
    return date.fromisoformat(load_meta()["as_of"][_treaty(treaty).code])

def _treaty(code: str) -> Treaty:
    try:
        return TREATIES[code]
    except KeyError:
        raise ValueError(f"unknown treaty {code!r}; choose one of {sorted(TREATIES)}") from None
