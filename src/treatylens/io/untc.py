"""Read a saved UN Treaty Collection (UNTC) status page and turn it into treaty actions.

The depositary's status page is the primary source for who signed and who is bound. Reading
it with code, rather than copying dates by hand, makes every row in `events.csv` traceable to
one cell or one footnote of one page, and lets a maintainer see exactly what a newer page
changes (`diff_actions`) before anything is written.

Only the standard library's HTML parser is used: the saved pages are plain server-rendered
HTML, and the course should not need a scraping stack to be refreshed.

What the page says and how it becomes rows:

- the table's header row names the columns ("Signature", "Provisional application(n)",
  "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)");
- a consent cell's marker decides the action: none = ratification, A = acceptance,
  AA = approval, a = accession, d = succession;
- a provisional-application cell (marker n) becomes a `note` row: it is not consent to be bound;
- dates in [square brackets] are actions superseded by a withdrawal, which the participant's
  footnote describes; the footnote gives the notification date, the depositary notification
  (C.N. number) and, once it has happened, the date the withdrawal took effect;
- a withdrawal that "will take effect" is not an event yet: it is kept as a note on the
  notification row, and nothing is invented;
- any other footnote that cites a depositary notification becomes a dated `note` row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

UNTC_PAGE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg_no}&chapter={chapter}"
EVENT_COLUMNS = ["iso3", "treaty", "action", "date", "source", "note"]

CONSENT_MARKERS = {
    "": "ratification",
    "A": "acceptance",
    "AA": "approval",
    "a": "accession",
    "d": "succession",
}
MONTHS = "January February March April May June July August September October November December"
_DATE_CELL = re.compile(
    r"^(?P<open>\[)?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]{2})\s+(?P<year>\d{4})"
    r"\s*(?P<marker>AA|A|a|d|n)?\s*(?P<close>\])?$"
)
_LONG_DATE = re.compile(r"(\d{1,2}) (" + MONTHS.replace(" ", "|") + r") (\d{4})")
_CN = re.compile(r"C\.N\.\d+\.\d{4}\s*\.TREATIES-[\w.-]+?(?= of |\)|$)")


class UntcPageError(ValueError):
    """The saved page does not have the structure this parser knows; says what is missing."""


@dataclass(frozen=True)
class Cell:
    """One date cell: the date, the marker letter(s) after it, and whether it is bracketed."""

    date: date
    marker: str
    bracketed: bool


@dataclass
class Participant:
    name: str
    footnotes: list[str] = field(default_factory=list)
    cells: dict[str, Cell] = field(default_factory=dict)  # column label -> cell


@dataclass(frozen=True)
class Footnote:
    number: str
    text: str
    links: tuple[str, ...]


@dataclass
class StatusPage:
    """What a UNTC status page states, before any interpretation."""

    mtdsg_no: str
    chapter: str
    as_at: date
    title: str
    entry_into_force: date | None
    signatories: int | None
    parties: int | None
    columns: list[str]
    participants: list[Participant]
    footnotes: dict[str, Footnote]
    text: str

    @property
    def url(self) -> str:
        return UNTC_PAGE.format(mtdsg_no=self.mtdsg_no, chapter=self.chapter)

    @property
    def source(self) -> str:
        """The source string for a fact read from the page's table."""
        return f"{self.url} as at {self.as_at.isoformat()}"


class _Collector(HTMLParser):
    """Collects the status table, the footnotes and the page's visible text in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text_parts: list[str] = []
        self.rows: list[list[tuple[str, list[str]]]] = []  # cells: (text, sup texts)
        self.footnotes: list[tuple[str, str, list[str]]] = []
        self.treaty_title: list[str] = []
        self._skip = 0
        self._table_depth = 0  # >0 while inside the status table
        self._row: list[tuple[str, list[str]]] | None = None
        self._cell: list[str] | None = None
        self._sup: list[str] | None = None
        self._sups: list[str] = []
        self._note_depth = 0
        self._note_name = ""
        self._note_text: list[str] = []
        self._note_links: list[str] = []
        self._title_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "table":
            if self._table_depth:
                self._table_depth += 1
            elif a.get("id", "").endswith("tblgrid"):
                self._table_depth = 1
        if self._table_depth == 1:
            if tag == "tr":
                self._row = []
            elif tag == "td" and self._row is not None:
                self._cell, self._sups = [], []
            elif tag == "sup" and self._cell is not None:
                self._sup = []
        if tag == "div":
            if self._note_depth:
                self._note_depth += 1
            elif "divNotesAll" in a.get("class", ""):
                self._note_depth, self._note_name = 1, ""
                self._note_text, self._note_links = [], []
            if self._title_depth:
                self._title_depth += 1
            elif a.get("id", "").endswith("tcTreaty"):
                self._title_depth = 1
        if self._note_depth and tag == "a":
            if a.get("name"):
                self._note_name = a["name"]
            elif a.get("href"):
                self._note_links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if self._table_depth == 1:
            if tag == "sup" and self._sup is not None and self._cell is not None:
                self._sups.append("".join(self._sup))
                self._sup = None
            elif tag == "td" and self._cell is not None and self._row is not None:
                self._row.append((" ".join("".join(self._cell).split()), self._sups))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                self.rows.append(self._row)
                self._row = None
        if tag == "table" and self._table_depth:
            self._table_depth -= 1
        if tag == "div":
            if self._note_depth:
                self._note_depth -= 1
                if not self._note_depth:
                    text = " ".join("".join(self._note_text).split())
                    self.footnotes.append((self._note_name, text, self._note_links))
            if self._title_depth:
                self._title_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._sup is not None:
            self._sup.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        if self._note_depth:
            self._note_text.append(data)
        if self._title_depth:
            self.treaty_title.append(data)


def _parse_long_date(text: str) -> date:
    return datetime.strptime(" ".join(text.split()), "%d %B %Y").date()


def _parse_cell(text: str, where: str) -> Cell | None:
    text = text.replace("\xa0", " ").strip()
    if not text:
        return None
    match = _DATE_CELL.match(text)
    if not match:
        raise UntcPageError(f"{where}: cannot read date cell {text!r}")
    if bool(match["open"]) != bool(match["close"]):
        raise UntcPageError(f"{where}: unbalanced brackets in {text!r}")
    day = datetime.strptime(f"{match['day']} {match['month']} {match['year']}", "%d %b %Y").date()
    return Cell(day, match["marker"] or "", bool(match["open"]))


def parse_status_page(html: str) -> StatusPage:
    """Read a saved UNTC status page ("ViewDetails.aspx?src=TREATY&mtdsg_no=…").

    Raises UntcPageError when a part the course relies on is missing, rather than returning
    a partial table that would silently drop states.
    """
    collector = _Collector()
    collector.feed(html)
    text = " ".join("".join(collector.text_parts).split())

    ident = re.search(r"mtdsg_no=([A-Z]+-\d+)&(?:amp;)?chapter=(\d+)", html)
    if not ident:
        raise UntcPageError("no 'mtdsg_no=…&chapter=…' identifier found in the page")
    as_at = re.search(r"STATUS AS AT\s*:\s*(\d{2})-(\d{2})-(\d{4})", text)
    if not as_at:
        raise UntcPageError("no 'STATUS AS AT : DD-MM-YYYY' line found")
    day, month, year = (int(g) for g in as_at.groups())
    eif = re.search(r"Entry into force\s*:\s*(\d{1,2} [A-Z][a-z]+ \d{4})", text)
    counts = re.search(r"Signatories\s*:\s*(\d+)\.?\s*Parties\s*:\s*(\d+)", text)
    title = " ".join("".join(collector.treaty_title).split())
    title = re.sub(r"^\d+\.\s*", "", title)

    if not collector.rows:
        raise UntcPageError("no status table (id ending 'tblgrid') found")
    header = [cell for cell, _ in collector.rows[0]]
    if not header or header[0] != "Participant":
        raise UntcPageError(f"unexpected table header {header!r}")
    columns = header[1:]
    participants = []
    for number, row in enumerate(collector.rows[1:], start=2):
        if len(row) != len(header):
            raise UntcPageError(
                f"table row {number} has {len(row)} cells, the header has {len(header)}"
            )
        name_text, sups = row[0]
        name = name_text
        refs = [ref.strip() for sup in sups for ref in sup.split(",") if ref.strip()]
        participant = Participant(name=name, footnotes=refs)
        for label, (cell_text, _) in zip(columns, row[1:], strict=True):
            cell = _parse_cell(cell_text, f"{name}, column {label!r}")
            if cell is not None:
                participant.cells[label] = cell
        participants.append(participant)

    footnotes = {
        number: Footnote(number, re.sub(rf"^{re.escape(number)}\s*", "", body), tuple(links))
        for number, body, links in collector.footnotes
        if number
    }
    return StatusPage(
        mtdsg_no=ident.group(1),
        chapter=ident.group(2),
        as_at=date(year, month, day),
        title=title,
        entry_into_force=_parse_long_date(eif.group(1)) if eif else None,
        signatories=int(counts.group(1)) if counts else None,
        parties=int(counts.group(2)) if counts else None,
        columns=columns,
        participants=participants,
        footnotes=footnotes,
        text=text,
    )


def read_status_page(path: Path | str) -> StatusPage:
    """Parse a saved page from disk (UTF-8, as the browser saved it)."""
    return parse_status_page(Path(path).read_text(encoding="utf-8"))


# --- from the page to action rows ---------------------------------------------------------


def _column_kind(label: str) -> str:
    lowered = label.lower()
    if lowered.startswith("signature"):
        return "signature"
    if lowered.startswith("provisional application"):
        return "provisional"
    if any(word in lowered for word in ("ratification", "accession", "acceptance")):
        return "consent"
    raise UntcPageError(f"unknown column {label!r}")


def _cn_reference(footnote: Footnote) -> str:
    """'C.N.360.2025.TREATIES-XXVI-5 of 3 July 2025 <pdf link>' if the footnote cites one."""
    match = re.search(
        r"(C\.N\.\d+\.\d{4})\s*(\.TREATIES-[\w.-]+?)\s+of\s+(\d{1,2} [A-Z][a-z]+ \d{4})",
        footnote.text,
    )
    if not match:
        return ""
    of = _parse_long_date(match.group(3)).isoformat()
    link = next((href for href in footnote.links if "/CN/" in href), "")
    return f"depositary notification {match.group(1)}{match.group(2)} of {of}" + (
        f" {link}" if link else ""
    )


def _footnote_source(page: StatusPage, footnote: Footnote) -> str:
    source = f"{page.source}, footnote {footnote.number}"
    reference = _cn_reference(footnote)
    return f"{source}; {reference}" if reference else source


_WITHDRAWAL_NOTIFIED = re.compile(
    r"On (\d{1,2} [A-Z][a-z]+ \d{4}), the Government of [^.]*? deposited with the "
    r"Secretary-General a notification of withdrawal"
)
_WITHDRAWAL_TOOK_EFFECT = re.compile(
    r"The withdrawal took effect for [^.]*? on (\d{1,2} [A-Z][a-z]+ \d{4})"
)
_WITHDRAWAL_WILL_TAKE_EFFECT = re.compile(
    r"The withdrawal will take effect for [^.]*? on (\d{1,2} [A-Z][a-z]+ \d{4})([^.]*)\."
)


def _row(iso3: str, treaty: str, action: str, day: date, source: str, note: str = "") -> dict:
    return {
        "iso3": iso3,
        "treaty": treaty,
        "action": action,
        "date": day.isoformat(),
        "source": source,
        "note": note,
    }


def page_actions(page: StatusPage, treaty: str, iso_by_name: Mapping[str, str]) -> pd.DataFrame:
    """Every action the page states for `treaty`, one row each, in events.csv's columns.

    `iso_by_name` maps the page's participant names to ISO 3166 alpha-3 codes (states.csv's
    `name` column spells them as UNTC does). An unknown name stops the run with its spelling,
    so that a renamed or new participant is never silently dropped.
    """
    kinds = {label: _column_kind(label) for label in page.columns}
    rows: list[dict] = []
    for participant in page.participants:
        iso3 = iso_by_name.get(participant.name)
        if iso3 is None:
            raise UntcPageError(
                f"participant {participant.name!r} is not a name in states.csv; "
                "add the UNTC spelling there before importing"
            )
        bracketed = False
        for label, cell in participant.cells.items():
            bracketed |= cell.bracketed
            kind = kinds[label]
            if kind == "signature":
                rows.append(_row(iso3, treaty, "signature", cell.date, page.source))
            elif kind == "provisional":
                rows.append(
                    _row(iso3, treaty, "note", cell.date, page.source,
                         "provisional application notified (UNTC column "
                         f"{label!r}); not consent to be bound")
                )
            else:
                if cell.marker not in CONSENT_MARKERS:
                    raise UntcPageError(
                        f"{participant.name}: marker {cell.marker!r} in column {label!r}"
                    )
                action = CONSENT_MARKERS[cell.marker]
                rows.append(_row(iso3, treaty, action, cell.date, page.source))
        withdrawal_seen = False
        for ref in participant.footnotes:
            footnote = page.footnotes.get(ref)
            if footnote is None:
                raise UntcPageError(f"{participant.name}: footnote {ref} is not on the page")
            found, seen = _footnote_rows(page, footnote, iso3, treaty)
            rows.extend(found)
            withdrawal_seen |= seen
        if bracketed and not withdrawal_seen:
            raise UntcPageError(
                f"{participant.name}: bracketed (superseded) dates but no withdrawal footnote"
            )
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _footnote_rows(
    page: StatusPage, footnote: Footnote, iso3: str, treaty: str
) -> tuple[list[dict], bool]:
    """Rows a footnote supports, and whether it describes a withdrawal."""
    source = _footnote_source(page, footnote)
    notified = _WITHDRAWAL_NOTIFIED.search(footnote.text)
    if notified:
        rows = []
        pending = _WITHDRAWAL_WILL_TAKE_EFFECT.search(footnote.text)
        note = ""
        if pending:
            condition = pending.group(2).strip(" ,")
            note = (
                f"page as at {page.as_at.isoformat()} says the withdrawal will take effect on "
                f"{_parse_long_date(pending.group(1)).isoformat()}"
                + (f" ({condition})" if condition else "")
                + "; not recorded as effective until a source confirms it"
            )
        rows.append(
            _row(iso3, treaty, "withdrawal_notified",
                 _parse_long_date(notified.group(1)), source, note)
        )
        took_effect = _WITHDRAWAL_TOOK_EFFECT.search(footnote.text)
        if took_effect:
            rows.append(
                _row(iso3, treaty, "withdrawal_effective",
                     _parse_long_date(took_effect.group(1)), source)
            )
        return rows, True
    if _cn_reference(footnote) or _CN.search(footnote.text):
        day = _LONG_DATE.search(footnote.text)
        if day:
            note = f"UNTC footnote {footnote.number}: {footnote.text}"
            return [_row(iso3, treaty, "note", _parse_long_date(day.group(0)), source, note)], False
    return [], False


# --- comparing with events.csv ---------------------------------------------------------------

ACTION_ORDER = {
    "signature": 0,
    "ratification": 1,
    "acceptance": 1,
    "approval": 1,
    "accession": 1,
    "succession": 1,
    "note": 2,
    "withdrawal_notified": 3,
    "withdrawal_effective": 4,
}


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """events.csv's canonical order: treaty, state, date, then the order actions happen in.

    A stable sort, so rows that tie (two notes on one day) keep the order they had.
    """
    rank = events["action"].map(ACTION_ORDER).fillna(9)
    order = (
        events.assign(_rank=rank)
        .sort_values(["treaty", "iso3", "date", "_rank"], kind="stable")
        .drop(columns="_rank")
    )
    return order.reset_index(drop=True)


def _keyed(events: pd.DataFrame) -> dict[tuple, dict]:
    """Key rows so that one fact on the page matches one row in the file.

    A note is keyed by its date (a state may have many); any other action by its ordinal for
    that state (the first signature, the second accession if a state ever re-joins).
    """
    keyed: dict[tuple, dict] = {}
    counters: dict[tuple, int] = {}
    for row in sort_events(events).to_dict("records"):
        if row["action"] == "note":
            base = (row["iso3"], row["treaty"], "note", row["date"])
        else:
            base = (row["iso3"], row["treaty"], row["action"])
        n = counters.get(base, 0)
        counters[base] = n + 1
        keyed[(*base, n)] = row
    return keyed


@dataclass
class Diff:
    """What importing a page would do to events.csv for one treaty."""

    added: list[dict]
    changed: list[tuple[dict, dict]]  # (old, new)
    removed: list[dict]
    refreshed: list[tuple[dict, dict]]  # same facts, newer source
    kept_other_source: list[dict]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def page_cites(row: Mapping[str, str], page: StatusPage) -> bool:
    """Whether a row's source is this treaty's UNTC status page (any as-at date)."""
    return f"mtdsg_no={page.mtdsg_no}&" in str(row.get("source", ""))


def diff_actions(current: pd.DataFrame, new: pd.DataFrame, page: StatusPage, treaty: str) -> Diff:
    """Compare events.csv (`current`) with the rows a page states (`new`) for one treaty.

    Rows of the other treaty are ignored. Rows whose source is not this page (a later action
    sourced elsewhere) are never proposed for removal: the page cannot contradict what it
    does not cover.
    """
    mine = current[current["treaty"] == treaty]
    other_source = [row for row in mine.to_dict("records") if not page_cites(row, page)]
    from_page = mine[[page_cites(row, page) for row in mine.to_dict("records")]]
    old, fresh = _keyed(from_page), _keyed(new[new["treaty"] == treaty])
    diff = Diff([], [], [], [], other_source)
    for key, row in fresh.items():
        before = old.get(key)
        if before is None:
            diff.added.append(row)
        elif (before["date"], before["note"]) != (row["date"], row["note"]):
            diff.changed.append((before, row))
        elif before["source"] != row["source"]:
            diff.refreshed.append((before, row))
    diff.removed = [row for key, row in old.items() if key not in fresh]
    return diff


def apply_diff(current: pd.DataFrame, diff: Diff) -> pd.DataFrame:
    """events.csv after the diff: other rows untouched, canonical order kept."""

    def ident(row: Mapping[str, str]) -> tuple:
        return tuple(row[c] for c in EVENT_COLUMNS)

    drop = {ident(r) for r in diff.removed}
    replace = {ident(old): new for old, new in (*diff.changed, *diff.refreshed)}
    rows = []
    for row in current.to_dict("records"):
        key = ident(row)
        if key in drop:
            continue
        rows.append(replace.get(key, row))
    rows.extend(diff.added)
    return sort_events(pd.DataFrame(rows, columns=EVENT_COLUMNS))


def format_rows(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """One readable line per row for terminal output."""
    return [
        f"{r['iso3']} {r['treaty']} {r['action']} {r['date']}"
        + (f"  ({r['note']})" if r.get("note") else "")
        for r in rows
    ]
