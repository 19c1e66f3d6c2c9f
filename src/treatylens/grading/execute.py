"""Inside the sandbox: run a submission's cells in a fresh IPython shell, report the answers.

This runs in a process forked from a grading worker that has already imported the course's
libraries, so a submission starts in milliseconds rather than the seconds a new Jupyter
kernel and its imports take, yet every submission still gets a process, a namespace and an
IPython shell of its own. Like otter's grading, an error in one cell does not stop the
others. After every cell the values the tests will read are sent to the worker as plain data
(see `capture`), so answers given before an endless loop or an `os._exit` still count.

The channel is one line of JSON per message on a pipe: `cell` (about to run cell i),
`error` (cell i raised), `var` (a test variable's current value), `done`.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from treatylens.grading import capture

OUTPUT_KEEP = 4_000
"""Characters of a submission's printed output kept for diagnostics (the rest is counted)."""

IGNORE_TAGS = frozenset({"otter_ignore"})


class GradingTimeout(BaseException):
    """Raised inside a running cell when the submission's time is up."""


class CappedWriter(io.TextIOBase):
    """sys.stdout/stderr for a submission: counts everything, keeps only the start."""

    def __init__(self, cap_bytes: int) -> None:
        self.cap = cap_bytes
        self.written = 0
        self.kept: list[str] = []
        self._kept_chars = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            text = str(text)
        self.written += len(text)
        if self._kept_chars < OUTPUT_KEEP:
            piece = text[: OUTPUT_KEEP - self._kept_chars]
            self.kept.append(piece)
            self._kept_chars += len(piece)
        return len(text)

    @property
    def over_cap(self) -> bool:
        return self.written > self.cap

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def code_cells(notebook: dict[str, Any]) -> list[tuple[int, str]]:
    """(cell number counted from 1 over all cells, source) of every code cell to run."""
    cells = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & IGNORE_TAGS:
            continue
        cells.append((number, cell_source(cell)))
    return cells


class Reporter:
    """Writes channel messages; remembers what it sent so unchanged values are not resent."""

    def __init__(self, fd: int, names: list[str]) -> None:
        self.fd = fd
        self.names = names
        self._sent: dict[str, tuple[int, str]] = {}

    def send(self, message: dict[str, Any]) -> None:
        data = (capture.dumps(message) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]

    def variables(self, namespace: dict[str, Any], source: str | None = None) -> None:
        """Send the test variables whose value may have changed.

        After a cell (`source` given) only names the cell mentions, or whose object was
        replaced, are read again: encoding a large table after every cell would cost more than
        the cell. At the end (`source` None) every name is read once more, so a table changed
        through another name is still seen.
        """
        for name in self.names:
            if name not in namespace:
                continue
            value = namespace[name]
            last = self._sent.get(name)
            if last is not None and last[0] == id(value):
                immutable = type(value) in (int, float, str, bool, type(None), type(Ellipsis))
                if immutable or (source is not None and name not in source):
                    continue
            try:
                spec = capture.encode(value)
                text = capture.dumps(spec)
            except Exception as error:  # the student's object broke while being read
                spec = {"t": "opaque", "type": capture.type_name(value),
                        "why": f"could not be read ({type(error).__name__})"}
                text = capture.dumps(spec)
            if last is not None and last[1] == text:
                continue
            self._sent[name] = (id(value), text)
            self.send({"k": "var", "name": name, "value": spec})


def _alarm(signum: int, frame: object) -> None:
    raise GradingTimeout()


def _error_text(error: BaseException) -> tuple[str, str]:
    try:
        message = str(error)
    except Exception:
        message = "(the error's message could not be shown)"
    return type(error).__name__, message[:300]


def run_cells(notebook: dict[str, Any], names: list[str], fd: int, deadline: float,
              output_cap: int, on_cell: Callable[[int], None] | None = None) -> None:
    """Run every code cell until done or `deadline` (time.monotonic), reporting on `fd`."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class GradingShell(InteractiveShell):
        """A shell without a GUI: `%matplotlib inline` works, figures render off screen."""

        def enable_gui(self, gui: str | None = None) -> None:
            return None

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    shell = GradingShell.instance(config=config)
    # Nobody sees a graded notebook's outputs: compute only their plain-text form, never the
    # PNG of a figure or the HTML of a table (over a third of a map lesson's run time).
    shell.display_formatter.active_types = ["text/plain"]
    writer = CappedWriter(output_cap)
    sys.stdout = sys.stderr = writer
    sys.stdin = io.StringIO("")
    reporter = Reporter(fd, names)
    signal.signal(signal.SIGALRM, _alarm)
    stopped = over_cap_reported = False
    cells = code_cells(notebook)
    for number, source in cells:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            stopped = True
            break
        reporter.send({"k": "cell", "i": number})
        if on_cell:
            on_cell(number)
        signal.setitimer(signal.ITIMER_REAL, remaining)
        try:
            result = shell.run_cell(source, store_history=False)
        except GradingTimeout:  # raised outside the cell's own try (rare)
            result = None
            stopped = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        error = None if result is None else (result.error_before_exec or result.error_in_exec)
        if isinstance(error, GradingTimeout) or stopped:
            reporter.send({"k": "error", "i": number, "ename": "Timeout",
                           "evalue": "time ran out while this cell was running"})
            stopped = True
        elif error is not None:
            ename, evalue = _error_text(error)
            reporter.send({"k": "error", "i": number, "ename": ename, "evalue": evalue})
        if writer.over_cap and not over_cap_reported:
            over_cap_reported = True
            reporter.send({"k": "error", "i": number, "ename": "OutputLimit",
                           "evalue": f"printed more than {output_cap // 1_000_000} MB"})
        reporter.variables(shell.user_ns, source)
        if stopped:
            break
    reporter.variables(shell.user_ns)
    reporter.send({"k": "done", "cells": len(cells), "timeout": stopped,
                   "output_chars": writer.written, "output_start": "".join(writer.kept)})
