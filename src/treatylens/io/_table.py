"""The one CSV reader of the data layer: text cells, the line of every row, clear errors.

Before it, loaders read CSV three ways (the csv module with line tracking, `csv.DictReader`, and
`pandas.read_csv`); pandas' tokenizer message names neither the file nor, for a quoting error,
the right line, and counting `offset + 2` gives the wrong line as soon as a quoted field spans
two lines. Caching is the loaders' own (`io.cache.load_once`, keyed on the files' state).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError


def read_table(path: Path, required: Iterable[str] = ()) -> tuple[pd.DataFrame, list[int]]:
    """The table (all text, nothing guessed) and, per row, the line of the file it starts on.

    Every loader of a CSV file under data/ reads it through here, so every one reports a bad
    row the same way: file, line and what is wrong. `required` columns must be in the header.

    Read with the csv module rather than pandas so that a malformed row is reported with the
    file, the line and what is wrong with it; pandas' own tokenizer message names neither
    the file nor, for a quoting error, the right line. Blank lines are skipped but counted.
    """
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"not UTF-8 text (byte {error.start} cannot be read)") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    end = 0  # the last line of the previous record
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if not record:
                continue
            if header is None:
                header = record
                continue
            if len(record) != len(header):
                hint = (
                    "an unquoted comma inside a text field? Put such a field in double quotes"
                    if len(record) > len(header)
                    else "a missing field, or a line break inside an unquoted field?"
                )
                raise DataFileError(
                    path,
                    f"malformed CSV row: {len(record)} fields where the header has "
                    f"{len(header)} ({hint})",
                    start,
                )
            rows.append(record)
            lines.append(start)
    except csv.Error as error:
        raise DataFileError(
            path, f"malformed CSV row: {error} (a stray or unclosed double quote?)", end + 1
        ) from None
    if header is None:
        raise DataFileError(path, "empty file: no header line", 1)
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(path, f"missing column(s): {', '.join(missing)}", line=1)
    return pd.DataFrame(rows, columns=header, dtype=str), lines
