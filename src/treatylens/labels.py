"""How the course writes dates and shares in titles, labels, feedback and verdicts: one of each.

Before this module there were three date writers and two percentage writers, and a chart
could say "2.35%" where the feedback said "2.350%". Every label now comes from here.
"""

from __future__ import annotations

import datetime as dt

from treatylens.dates import as_date


def format_date(day: dt.date | dt.datetime | str) -> str:
    """'3 February 2026': day, month name, year, unambiguous in every locale the course is read
    in (03/02/2026 is March in one country and February in another)."""
    day = as_date(day)
    return f"{day.day} {day:%B %Y}"


def pct(share: float, significant: int = 3) -> str:
    """A share as a short percentage: 0.0235 -> '2.35%', 0.14 -> '14%'.

    Significant digits rather than decimals, so tiny shares stay readable (0.000006 with
    `significant=4` -> '0.0006%') and round ones stay short.
    """
    return f"{share * 100:.{significant}g}%"
