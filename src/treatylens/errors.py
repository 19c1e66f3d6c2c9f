"""Errors that tell a student or maintainer exactly which file, line and value is wrong."""

from __future__ import annotations

from pathlib import Path


class DataFileError(ValueError):
    """A data file that cannot be trusted: names the file, the line and the problem.

    Line numbers count the header as line 1, as a text editor shows them, so the first data
    row of a CSV file is line 2.
    """

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")
