"""One way to read a date, whether a student typed it or a table holds it.

Treaty status, maps and exercise checks all take dates; they share this reader so that
'2024-11-20', date(2024, 11, 20) and a pandas Timestamp mean the same everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: object) -> date:
    """A date from a date, a datetime (pandas Timestamps are datetimes) or 'YYYY-MM-DD' text."""
    if isinstance(value, datetime):  # checked first: a datetime is also a date
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:  # e.g. 2024-02-30
            pass
    raise ValueError(f"{value!r} is not a date; give date(2024, 1, 31) or '2024-01-31'")
