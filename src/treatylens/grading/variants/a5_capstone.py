"""Assignment 5 (capstone): each student investigates one claim from the articles.

Only claims whose verdict depends on the treaty data *on the article's date* are drawn: the
`count` and `outside` checks of `data/sources/claim_checks.csv`. The `name` checks are left
out because a treaty's name does not change with the date, so half of the capstone (the counts
on the day, the same words on a later day) would have nothing to work on.

The claims span both treaties, both events, every level of date certainty in metadata.csv
and three verdicts (accurate, understated, right number but wrong word); four of the seven are
told by two outlets in different words. The order is fixed: a student's draw is an index into
this tuple, so reordering it would give students different claims.
"""

from __future__ import annotations

from typing import Any

CLAIMS = (
    "003-ottawa-count",  # "164 countries ... have ratified" (Ottawa, 2024; date printed)
    "000-ccm-count",  # "Dozens of countries ban ..." (CCM, 2023; date inferred)
    "002-ccm-outside",  # a minister's claim, relayed: US, Ukraine, Russia "have not joined"
    "003-heading-not-signed",  # a crosshead: "Neither the U.S. nor Russia has signed"
    "000-ccm-outside",  # "have not ratified them, including the United States, Ukraine ..."
    "001-ottawa-count",  # "more than 160 countries have signed" (Ottawa, 2024)
    "003-not-parties",  # "neither the U.S. nor Russia are parties to the convention"
)


STATES = (
    "FIN", "POL", "LTU", "EST", "LVA", "CHN", "IND", "PAK", "ISR", "EGY", "BRA", "AUS",
    "JPN", "KOR", "FRA", "DEU", "GBR", "TUR", "IRN", "CUB", "NGA", "ZAF", "MMR", "SSD",
    "LBN", "NOR", "CAN", "MEX", "VNM", "KAZ",
)
"""States whose status a student looks up beside the three every claim names: parties to
one convention, both or neither, and the 2025 withdrawals, so that neighbours differ."""


def draw(pick: Any) -> dict[str, Any]:
    """`claim_id`: the claim the student follows from article to correction (a row of
    `data/sources/claims.csv` with a check in `claim_checks.csv`); `state`: one more state
    (ISO code) to look up on the claim's day."""
    return {"claim_id": pick.choice("claim_id", CLAIMS), "state": pick.choice("state", STATES)}
