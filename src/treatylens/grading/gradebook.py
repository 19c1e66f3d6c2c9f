"""The gradebook: one row per submitted file, written so that no reader ever sees half of it.

Columns: `student_id`, `file`, `sha256`, one column per question (points), `total`, `max`,
`status` and `reason`. `lms.csv` is the same scores in the shape learning platforms import:
`student_id`, one column per question, `total`, one row per student (files that share an id
are left out until the instructor decides which one counts).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

STATUSES = ("graded", "timeout", "memory", "error", "invalid", "duplicate")


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _points(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def render(rows: Iterable[dict], questions: Sequence[str]) -> str:
    """The gradebook as CSV text (rows already in their final order)."""
    header = ["student_id", "file", "sha256", *questions, "total", "max", "status", "reason"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([
            row["student_id"], row["file"], row["sha256"],
            *(_points(row["points"].get(q)) for q in questions),
            _points(row["total"]), _points(row["max"]), row["status"], row["reason"],
        ])
    return buffer.getvalue()


def render_lms(rows: Iterable[dict], questions: Sequence[str]) -> str:
    """One row per student id that belongs to exactly one file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student_id", *questions, "total"])
    for row in rows:
        if row["student_id"] and row["status"] != "duplicate":
            writer.writerow([row["student_id"], *(_points(row["points"].get(q)) for q in questions),
                             _points(row["total"])])
    return buffer.getvalue()
