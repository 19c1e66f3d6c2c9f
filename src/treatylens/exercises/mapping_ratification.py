"""Exercises of lesson 03 (mapping ratification). Answer keys are computed from the data."""

from __future__ import annotations

from treatylens import geo, treaties
from treatylens.exercises.core import Exercise, Registry, expect_choice, expect_number, expect_set
from treatylens.exercises.the_treaties import MINES_ARTICLE_DATE, state_code


def _marker_count() -> int:
    return int(geo.load_countries()["is_small"].sum())


def _lost_on_iso_a3() -> list[str]:
    countries = geo.load_countries()
    table = treaties.status("ottawa", treaties.data_as_of("ottawa"))
    naive = geo.with_natural_earth_codes(table, "ISO_A3")
    return list(geo.join_report(naive, countries).missing_from_table)


def _both_changed(first: str, second: str) -> list[str]:
    """States in the "both" group on one date and not on the other (either way round)."""
    before = treaties.combined(first).set_index("iso3")["combined"] == "both"
    after = treaties.combined(second).set_index("iso3")["combined"] == "both"
    return sorted(before.index[before != after.reindex(before.index)])


def register(registry: Registry) -> None:
    registry.add(
        Exercise(
            name="03-marker-count",
            question="How many of the 197 states are drawn as markers on the world maps?",
            checker=expect_number(
                _marker_count,
                hint="Count the True values in geo.load_countries()['is_small'] "
                "(True counts as 1, so .sum() does it).",
                explanation="Without markers, all of these would be a few pixels or less at "
                "world scale, and their treaty status could not be read.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="03-iso-a3-lost",
            question="Which states lose their row in a join on Natural Earth's ISO_A3 codes?",
            checker=expect_set(
                _lost_on_iso_a3,
                normaliser=state_code,
                item_name="state",
                hint="Build the naive table with geo.with_natural_earth_codes(table, 'ISO_A3') "
                "and read `missing_from_table` in geo.join_report(naive, countries). The code "
                "'-99' is not a state: which real states does it hide?",
                explanation="Both share the code '-99', so a join cannot tell them apart, and "
                "they would be drawn as 'no data' (or in one colour for both).",
            ),
        )
    )
    registry.add(
        Exercise(
            name="03-both-conventions-2024",
            # The count of "both" is the same on the two dates (an earlier version asked for
            # it, and could not tell one date's answer from the other's): ask for the states
            # behind the equal counts instead.
            question=f"Which states were parties to both conventions on {MINES_ARTICLE_DATE} "
            "but not on the data's as-of date, or on the as-of date but not on "
            f"{MINES_ARTICLE_DATE}?",
            checker=expect_set(
                lambda: _both_changed(MINES_ARTICLE_DATE,
                                      treaties.data_as_of("ottawa").isoformat()),
                normaliser=state_code,
                item_name="state",
                hint="Build combined('2024-11-20') and combined(AS_OF), keep the iso3 codes "
                "whose `combined` is 'both' in each, and compare the two sets: a state in "
                "one set and not in the other left or entered the group. Use sets, not "
                "counts: the counts are equal.",
                explanation="The number of states in both conventions did not change, but the "
                "states did: one left (its CCM withdrawal, then its Ottawa withdrawal) and "
                "one entered (a new CCM accession). An equal count is not the same list.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="03-lonlat-distortion",
            question="On a plain longitude/latitude plot, which states look bigger than their "
            "true share of the world's land? (a) those near the equator, (b) those far from "
            "the equator, (c) none: every degree covers the same ground",
            checker=expect_choice(
                "b",
                ["a", "b", "c"],
                hints={
                    "a": "Look at the `exaggeration` column of geo.area_distortion(): which "
                    "states have values above 1? Where are they?",
                    "c": "A degree of latitude is about the same length everywhere, but a "
                    "degree of longitude shrinks towards the poles. Compare lonlat_share and "
                    "true_share for Norway and for Ecuador.",
                },
                explanation="A lon/lat plot stretches every row of the map to the width of "
                "the equator, so high-latitude states look larger than they are; an "
                "equal-area projection such as Equal Earth keeps their share honest.",
            ),
        )
    )
