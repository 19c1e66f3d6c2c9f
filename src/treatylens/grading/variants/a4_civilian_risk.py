"""Assignment 4 (civilian risk): each student's illustrative count, sourced rate, mine and edition.

Every quantity is a teaching quantity about what is left behind for civilians, never a real
order or a measure of effect:

- `rounds` and `munition`: an illustrative number of rounds of a munition whose number of
  submunitions per round is sourced in data/risk/submunitions_per_round.csv;
- `estimate`: one stated failure rate (data/risk/failure_rates.csv, a single figure rather
  than a range) and `confidence`, the level of the binomial interval;
- `fail_self_destruct` and `fail_self_deactivate`: a hypothetical manufacturer's stated
  shares for a remotely delivered mine, checked against CCW Amended Protocol II; the options
  give some students a mine that meets both limits and others one that fails one or both;
- `edition`: a Monitor edition whose world child share has a stated base.
"""

from __future__ import annotations

from typing import Any

MUNITIONS = ("M864", "M483A1")
ESTIMATES = ("dod_kahl_2023", "wh_sullivan_2023", "pentagon_m864_estimate", "nyt_older_grenades")
CONFIDENCES = (0.90, 0.95, 0.99)
FAIL_SELF_DESTRUCT = (0.03, 0.05, 0.08, 0.10, 0.12)
FAIL_SELF_DEACTIVATE = (0.005, 0.01, 0.02, 0.04)
EDITIONS = ("LM2023", "LM2024", "CMM2023", "CMM2024", "CMM2025")


def draw(pick: Any) -> dict[str, Any]:
    """`rounds` is a teaching quantity (100 to 1,500 in steps of 10), not a real order."""
    return {
        "rounds": pick.integer("rounds", 10, 150) * 10,
        "munition": pick.choice("munition", MUNITIONS),
        "estimate": pick.choice("estimate", ESTIMATES),
        "confidence": pick.choice("confidence", CONFIDENCES),
        "fail_self_destruct": pick.choice("fail_self_destruct", FAIL_SELF_DESTRUCT),
        "fail_self_deactivate": pick.choice("fail_self_deactivate", FAIL_SELF_DEACTIVATE),
        "edition": pick.choice("edition", EDITIONS),
    }
