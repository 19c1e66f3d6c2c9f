"""Exercises of lesson 02 (the treaties). Answer keys are computed from the treaty data."""

from __future__ import annotations

from treatylens import geo, treaties
from treatylens.exercises.core import Exercise, Registry, expect_choice, expect_number, expect_set

# The five permanent members of the UN Security Council (UN Charter, Article 23(1)).
P5 = ("CHN", "FRA", "RUS", "GBR", "USA")
# The date of the November 2024 article about anti-personnel mines (data/sources/metadata.csv).
MINES_ARTICLE_DATE = "2024-11-20"


def state_code(value: object) -> str:
    """Accept an ISO code ("gbr") or the name as in states.csv ("France") and return "GBR"."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a state: give an ISO code such as 'FRA'")
    text = value.strip()
    states = treaties.load_states()
    if text.upper() in set(states["iso3"]):
        return text.upper()
    by_name = {name.casefold(): code for name, code in zip(states["name"], states["iso3"],
                                                            strict=True)}
    try:
        return by_name[text.casefold()]
    except KeyError:
        raise ValueError(
            f"{value!r} is neither an ISO code nor a name in load_states(); try the ISO code"
        ) from None


def _parties_on(treaty: str, as_of: str) -> int:
    return int(treaties.counts(treaty, as_of)["party"])


def _p5_parties(treaty: str) -> list[str]:
    table = treaties.standing(list(P5), treaties.data_as_of(treaty))
    return list(table.loc[table[treaty] == "party", "iso3"])


def _neighbours_withdrawn(treaty: str) -> list[str]:
    table = treaties.standing(geo.land_neighbours("RUS"), treaties.data_as_of(treaty))
    return list(table.loc[table[treaty] == "withdrawn", "iso3"])


def register(registry: Registry) -> None:
    registry.add(
        Exercise(
            name="02-ottawa-parties-2024",
            lesson="02",
            question=f"How many States Parties did the Ottawa Convention have on "
            f"{MINES_ARTICLE_DATE}?",
            checker=expect_number(
                lambda: _parties_on("ottawa", MINES_ARTICLE_DATE),
                hint="Count the rows whose status is 'party' in status('ottawa', '2024-11-20') "
                "(or read counts('ottawa', '2024-11-20')['party']). Signatories that have not "
                "ratified are not parties, and the 2025 withdrawals had not happened yet.",
                explanation="This is the number a careful article of 20 November 2024 could "
                "quote; lesson 05 checks what the articles said.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="02-p5-ccm-parties",
            lesson="02",
            question="Which permanent members of the Security Council are parties to the "
            "Convention on Cluster Munitions (on the data's as-of date)?",
            checker=expect_set(
                lambda: _p5_parties("ccm"),
                normaliser=state_code,
                item_name="state",
                hint="Use standing(P5, data_as_of('ccm')) and keep the rows whose `ccm` "
                "column is 'party'. A signature alone does not make a state a party.",
                explanation="Compare the `ottawa` column of the same table: is the pattern "
                "the same for both conventions?",
            ),
        )
    )
    registry.add(
        Exercise(
            name="02-ccm-entry-into-force",
            lesson="02",
            question="In which year did the Convention on Cluster Munitions enter into force?",
            checker=expect_number(
                lambda: treaties.TREATIES["ccm"].entry_into_force.year,
                hint="Adoption (Dublin) and opening for signature (Oslo) came first; entry into "
                "force waited for the 30th instrument. Look at "
                "TREATIES['ccm'].entry_into_force.",
                explanation="Article 17: the first day of the sixth month after the month of "
                "the 30th instrument of ratification, acceptance, approval or accession.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="02-ukraine-ottawa-2025",
            lesson="02",
            question="Was Ukraine a State Party to the Ottawa Convention on 2025-12-31?",
            checker=expect_choice(
                "a",
                ["a", "b", "c"],
                hints={
                    "b": "A national decision to withdraw is not a withdrawal under the treaty: "
                    "article 20 needs a notification to the depositary, and takes effect six "
                    "months later — and not before the end of an armed conflict the state is "
                    "engaged in. Look at notes('UKR', 'ottawa') and withdrawals(): is Ukraine "
                    "in the withdrawals table?",
                    "c": "The Convention has no suspension clause, so 'suspended' is not a "
                    "status the treaty knows. What does status('ottawa', '2025-12-31') say for "
                    "UKR, and why do note-only events not change it?",
                },
                explanation="Ukraine remains a State Party in the depositary record: its 2025 "
                "acts are national decisions, reported in the news, not a withdrawal that has "
                "taken effect under article 20.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="02-neighbours-withdrawn-ottawa",
            lesson="02",
            question="Which of Russia's land neighbours had withdrawn from the Ottawa Convention "
            "by the data's as-of date?",
            checker=expect_set(
                lambda: _neighbours_withdrawn("ottawa"),
                normaliser=state_code,
                item_name="state",
                hint="Use standing(geo.land_neighbours('RUS'), data_as_of('ottawa')) and keep "
                "the rows whose `ottawa` column is 'withdrawn'. A notice whose six months have "
                "not run out yet is not a withdrawal that has taken effect.",
                explanation="withdrawals() shows when each notice was given and when it took "
                "effect; standing() shows how long each state had been a party before.",
            ),
        )
    )
