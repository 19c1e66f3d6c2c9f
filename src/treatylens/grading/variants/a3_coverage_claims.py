"""Assignment 3 (coverage and claims): each student's pair of articles, claim and later day.

- `pair`: two articles about the same event (a tuple of ids), compared claim by claim;
- `claim`: a treaty-count claim carried by one article of the pair, checked on its day;
- `compare`: two English articles (same event or not) whose TF-IDF similarity the student
  measures before and after cleaning (English only: word TF-IDF cannot cross languages);
- `reshare_day`: a later day on which the same words are read again. The window starts after
  every article's date and ends before the treaty data's as-of date (2026-02-03), and both
  treaties gained or lost States Parties inside it, so the count on this day differs
  between students.
"""

from __future__ import annotations

from datetime import date
from typing import Any

PAIRS = (("000", "002"), ("001", "003"), ("001", "004"), ("003", "004"))
#: The count claims (data/sources/claim_checks.csv, check "count") each pair carries.
COUNT_CLAIMS = {
    ("000", "002"): ("000-ccm-count",),
    ("001", "003"): ("001-ottawa-count", "003-ottawa-count"),
    ("001", "004"): ("001-ottawa-count",),
    ("003", "004"): ("003-ottawa-count",),
}
ENGLISH_PAIRS = (("000", "001"), ("000", "002"), ("000", "003"), ("001", "002"),
                 ("001", "003"), ("002", "003"))
RESHARE_FIRST = date(2025, 3, 15)
RESHARE_LAST = date(2026, 1, 31)


def draw(pick: Any) -> dict[str, Any]:
    pair = pick.choice("pair", PAIRS)
    return {
        "pair": pair,
        "claim": pick.choice("claim", COUNT_CLAIMS[pair]),
        "compare": pick.choice("compare", ENGLISH_PAIRS),
        "reshare_day": pick.day("reshare_day", RESHARE_FIRST, RESHARE_LAST),
    }
