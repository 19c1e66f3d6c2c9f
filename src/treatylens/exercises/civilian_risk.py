"""Exercises of lesson 06 (civilian risk). Answer keys are computed from `data/risk/`.

The arithmetic is about what is left behind for civilians (explosive remnants) and about
whether stated figures meet a legal standard; nothing here concerns effect on targets.
"""

from __future__ import annotations

from treatylens import risk
from treatylens.exercises.core import (
    Exercise,
    Registry,
    expect_choice,
    expect_number,
    expect_set,
)

#: The illustrative number of submunitions in exercise 06-duds-dod-rate (an input, not data).
DUDS_EXERCISE_SUBMUNITIONS = 10_000
#: The mine in exercise 06-ap2-mine: shares stated by a hypothetical manufacturer (inputs).
AP2_EXERCISE_SELF_DESTRUCT = 0.08
AP2_EXERCISE_SELF_DEACTIVATE = 0.02
#: The estimate whose rate exercise 06-duds-dod-rate uses.
DOD_ESTIMATE = "dod_kahl_2023"


def rate_ratio() -> float:
    """Highest sourced failure rate divided by the lowest (default scopes and evidence)."""
    span = risk.failure_rate_range()
    return span["max_rate"] / span["min_rate"]


def dod_rate() -> float:
    """The failure rate the US DoD stated for the rounds sent in 2023 (a ceiling)."""
    table = risk.load_failure_rates()
    return float(table.loc[table["estimate_id"] == DOD_ESTIMATE, "value"].iloc[0])


def duds_under_dod_rate(submunitions: int = DUDS_EXERCISE_SUBMUNITIONS) -> float:
    """Expected unexploded submunitions among `submunitions` at the DoD-stated rate."""
    return risk.expected_unexploded(submunitions, 1, dod_rate()).expected


def ap2_answer(self_destruct: float = AP2_EXERCISE_SELF_DESTRUCT,
               self_deactivate: float = AP2_EXERCISE_SELF_DEACTIVATE) -> str:
    """'yes' if a mine with these failure shares meets AP II, else 'no'."""
    return "yes" if risk.meets_ap2(self_destruct, self_deactivate).meets else "no"


def relay_only_editions(measure: str = "casualties") -> list[str]:
    """Editions whose world total for `measure` was read only in a secondary relay (R2)."""
    editions: list[str] = []
    for monitor in ("LM", "CMM"):
        series = risk.monitor_series(measure, monitor)
        editions += series.loc[series["status"] == "R2", "edition"].tolist()
    return editions


def edition_name(value: object) -> str:
    """Accept 'LM2024', 'lm 2024' or 'LM-2024' and return 'LM2024'."""
    text = str(value).strip().upper().replace(" ", "").replace("-", "")
    if not text.startswith(("LM", "CMM")) or not text[-4:].isdigit():
        raise ValueError(f"{value!r} is not an edition like 'LM2024' or 'CMM2023'")
    return text


#: Options of exercise 06-child-share-base; the right one is the row's `base` in the data.
CHILD_SHARE_OPTIONS = {
    "a": "all casualties",
    "b": "civilian casualties",
    "c": "casualties from cluster munition remnants where age was recorded",
}


def child_share_base(edition: str = "CMM2023") -> str:
    """The option letter whose text is the `base` of the world child share in `edition`."""
    table = risk.load_monitor_figures()
    row = table[(table["edition"] == edition) & (table["measure"] == "children_share")
                & (table["iso3"] == "")]
    base = row["base"].iloc[0]
    for letter, text in CHILD_SHARE_OPTIONS.items():
        if text == base:
            return letter
    raise ValueError(f"the base {base!r} of {edition} is not among the exercise's options")


def _ap2_hint_for_yes() -> str:
    """Point to the second AP II test without doing its arithmetic for the student.

    The hint used to multiply the two shares and print the result next to the limit, which
    left nothing to check. It now says what the second limit is about and what "of those"
    means; the student works out the share and compares it.
    """
    limits = risk.ap2_limits()
    return (
        f"The self-destruct figure is only the first test. AP II also limits the share of "
        f"*all* mines laid that still function after {limits['self_deactivation_days']:g} "
        f"days, when both mechanisms have had their chance. The "
        f"{AP2_EXERCISE_SELF_DEACTIVATE:.0%} is a share *of those* that failed to "
        f"self-destruct, not of all mines: work out what share of all mines fails both, then "
        f"compare it with `ap2_limits()['max_active_after_deactivation']`."
    )


def register(registry: Registry) -> None:
    registry.add(
        Exercise(
            name="06-rate-ratio",
            question="How many times larger is the highest sourced failure rate than the lowest?",
            checker=expect_number(
                rate_ratio,
                tolerance=0.05,
                unit="times",
                hint="Use `failure_rate_range()`: divide `max_rate` by `min_rate` (highest by "
                "lowest, not the other way round). Include every row of `sourced_rates()`, also "
                "the claims stated as a floor ('or more') and both ends of a range.",
                explanation="The two ends are not about the same thing: the low end is what "
                "US DoD officials said of the rounds they selected in 2023, the high end what the "
                "Pentagon (as the New York Times reported) and Human Rights Watch said of older "
                "DPICM grenades. Both are claims, a ceiling ('less than') and a floor ('or "
                "more'): read `min_sources` and `max_sources` to see who said each.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="06-duds-dod-rate",
            question=f"Expected unexploded submunitions among {DUDS_EXERCISE_SUBMUNITIONS:,} at "
            "the rate the US DoD stated in July 2023?",
            checker=expect_number(
                duds_under_dod_rate,
                tolerance=0.5,
                unit="submunitions",
                hint="The rate is a share: 2.35 % is 0.0235. Call `expected_unexploded(10_000, "
                "1, rate)` with the DoD rate from `load_failure_rates()` (estimate "
                f"'{DOD_ESTIMATE}') and read its `.expected`.",
                explanation="And that is the official *ceiling*: any rate above it leaves more. "
                "Each one is a hazard for the people who live, farm or play there.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="06-ap2-mine",
            question=f"A mine where {AP2_EXERCISE_SELF_DESTRUCT:.0%} fail to self-destruct and "
            f"{AP2_EXERCISE_SELF_DEACTIVATE:.0%} of those also fail to self-deactivate: does it "
            "meet AP II?",
            checker=expect_choice(
                ap2_answer,
                ["yes", "no"],
                hints={
                    "yes": _ap2_hint_for_yes,
                    "no": "Check each limit in turn with `meets_ap2(share_sd, share_sdeact)`: "
                    "which one fails? Read its `.explanation`.",
                },
                explanation="It passes the 30-day test but fails the 120-day one: a single "
                "reassuring figure about self-destruction is not enough to judge a mine "
                "against the standard.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="06-relay-only",
            question="Which Monitor editions' world casualty totals were read only in a "
            "secondary relay (status R2)?",
            checker=expect_set(
                relay_only_editions,
                normaliser=edition_name,
                item_name="edition",
                hint="Look at both series, `monitor_series(monitor='LM')` and "
                "`monitor_series(monitor='CMM')`, and keep the rows whose `status` is 'R2' "
                "(R means it was read on the Monitor's own page).",
                explanation="Most of the totals a news story would quote were read through "
                "someone else's report: worth checking against the Monitor before quoting.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="06-child-share-base",
            question="CMM2023 says 71% of casualties were children. 71% of what?",
            checker=expect_choice(
                child_share_base,
                list(CHILD_SHARE_OPTIONS),
                hints={
                    "a": "Read the `base` column of that row in `load_monitor_figures()`: it is "
                    "narrower than all casualties.",
                    "b": "Civilians are a different base (see the `civilian_share` rows). Read "
                    "the `base` column of the `children_share` row for CMM2023.",
                },
                explanation="Casualties from remnants where age was recorded, as the row's "
                "note warns. A share without its base cannot be compared with another year's "
                "share (CMM2024's base is disputed, see its note).",
            ),
        )
    )
