"""Sourced excerpts of the two treaty texts (`data/treaties/treaty_texts.csv`).

Lessons quote what a treaty says from this file, never from memory: each row holds one article
or paragraph as printed in an authentic text, the source of that text, where it was read and
the date of the text. The loader refuses a row that could not be traced back (no source, no
`read_at`, no date) and names the file, the line and the problem.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.cache import load_once

# The obligations table is treaty data (data/treaties/treaty_obligations.csv) validated by the
# same rules as the risk files, so its loader is shared; lesson 02 imports it from here.
from treatylens.io.risk import STATUS, load_obligations  # noqa: F401
from treatylens.paths import data_path

COLUMNS = ("treaty", "article", "heading", "text", "source", "read_at", "as_of", "note")
TREATY_CODES = frozenset({"ottawa", "ccm"})
# "Art. 1", "Art. 20(3)", "Art. 4(1)(a)": the form the obligations table uses too.
_ARTICLE = re.compile(r"^Art\. \d+(\(\d+\))?(\([a-z]\))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_row(row: dict[str, str]) -> None:
    """Raise ValueError naming the problem with one row (the caller adds file and line)."""
    if row["treaty"] not in TREATY_CODES:
        raise ValueError(f"unknown treaty {row['treaty']!r}: use one of {sorted(TREATY_CODES)}")
    if not _ARTICLE.fullmatch(row["article"]):
        raise ValueError(f"article {row['article']!r} is not written like 'Art. 20(3)'")
    for column in ("text", "source", "read_at"):
        if not row[column].strip():
            raise ValueError(f"{column} is empty: a quoted text needs it")
    if not _DATE.fullmatch(row["as_of"]):
        raise ValueError(f"as_of {row['as_of']!r} is not a YYYY-MM-DD date")
    try:
        pd.Timestamp(row["as_of"])
    except ValueError:
        raise ValueError(f"as_of {row['as_of']!r} is not a real date") from None


@load_once
def _load(path: Path | None) -> pd.DataFrame:
    path = Path(path) if path is not None else data_path("treaties", "treaty_texts.csv")
    table, lines = read_table(path, COLUMNS)
    seen: dict[tuple[str, str], int] = {}
    for line, raw in zip(lines, table.to_dict("records"), strict=True):
        try:
            _check_row(raw)
        except ValueError as error:
            raise DataFileError(path, str(error), line=line) from None
        key = (raw["treaty"], raw["article"])
        if key in seen:
            raise DataFileError(path, f"{key[0]} {key[1]} appears twice (first on line "
                                f"{seen[key]})", line=line)
        seen[key] = line
    return table[list(COLUMNS)].reset_index(drop=True)


def load_treaty_texts(path: Path | None = None) -> pd.DataFrame:
    """Every quoted article or paragraph, one row each, with its source and date."""
    return _load(path)


def article_text(treaty: str, article: str, path: Path | None = None) -> str:
    """The text of one article as the data file holds it, e.g. `article_text("ccm", "Art. 1")`.

    Raises KeyError naming what the file does hold, so that a lesson never falls back on a
    paraphrase when a quotation is missing.
    """
    table = load_treaty_texts(path)
    match = table[(table["treaty"] == treaty) & (table["article"] == article)]
    if match.empty:
        held = ", ".join(f"{t} {a}" for t, a in zip(table["treaty"], table["article"],
                                                     strict=True))
        raise KeyError(f"{treaty} {article} is not in treaty_texts.csv (it holds: {held})")
    return str(match.iloc[0]["text"])


# Never split "anti-personnel" or a URL: a quotation must read exactly as the source does.
_WHOLE_WORDS = {"break_on_hyphens": False, "break_long_words": False}


def quote(treaty: str, article: str, width: int = 88, path: Path | None = None) -> str:
    """An article as a block to print: the text wrapped, then its source and where it was read.

    Printed rather than shown in a table, so that no cell is cut short where students are
    asked to read the wording (a table truncates long text).
    """
    table = load_treaty_texts(path)
    row = table[(table["treaty"] == treaty) & (table["article"] == article)]
    text = article_text(treaty, article, path)  # raises KeyError with what is held
    first = row.iloc[0]
    body = re.sub(r" (?=(\d+\. |[a-z]\) ))", "\n", text)  # one paragraph per line
    lines = [textwrap.fill(f"{treaty} {article}, {first['heading']} (text of "
                           f"{first['as_of']})", width, subsequent_indent="  ", **_WHOLE_WORDS)]
    for paragraph in body.splitlines():
        lines.append(textwrap.fill(paragraph, width, initial_indent="  ",
                                   subsequent_indent="      ", **_WHOLE_WORDS))
    for label in ("source", "read_at"):
        lines.append(textwrap.fill(f"{label}: {first[label]}", width, subsequent_indent="  ",
                                   **_WHOLE_WORDS))
    return "\n".join(lines)
