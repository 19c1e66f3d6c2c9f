"""Assignment 2 (treaties and maps): each student works on one treaty, on one day, and looks
closely at one region."""

from __future__ import annotations

from datetime import date
from typing import Any

TREATY_CODES = ("ottawa", "ccm")
FIRST_DAY = {"ottawa": date(1999, 3, 1), "ccm": date(2010, 8, 1)}  # entry into force
LAST_DAY = date(2026, 2, 3)  # the saved UNTC pages' "as at" date (data/treaties/meta.json)
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")  # UN M49, as in states.csv


def draw(pick: Any) -> dict[str, Any]:
    """`treaty` and `as_of` (a day between entry into force and the data's as-of date), and
    `region` (a UN M49 region, for the regional count)."""
    treaty = pick.choice("treaty", TREATY_CODES)
    return {
        "treaty": treaty,
        "as_of": pick.day("as_of", FIRST_DAY[treaty], LAST_DAY),
        "region": pick.choice("region", REGIONS),
    }
