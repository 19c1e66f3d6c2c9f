"""Exercises of lesson 05 (checking claims). Answer keys come from the treaty data."""

from __future__ import annotations

from treatylens import claims, treaties
from treatylens.exercises.core import Exercise, Registry, expect_choice, expect_number

VERDICT_OPTIONS = ["accurate", "understated", "overstated", "wrong name"]
#: The verdicts a count claim can get (treatylens.claims.VERDICTS has them all).
COUNT_VERDICTS = ["accurate", "accurate, imprecise", "right number, loose verb", "inaccurate"]


def _parties(treaty: str, day: str) -> int:
    return int(treaties.counts(treaty, day)["party"])


def _ever_signed(treaty: str, day: str) -> int:
    table = claims.measures(treaty, day).set_index("measure")["states"]
    return int(table["states that ever signed"])


def register(registry: Registry) -> None:
    registry.add(Exercise(
        name="05-ccm-parties-2023",
        question="How many States Parties did the CCM have on 2023-07-11?",
        checker=expect_number(
            lambda: _parties("ccm", "2023-07-11"),
            hint="Use treaties.counts('ccm', '2023-07-11') and read the 'party' row; states "
            "that only signed are not parties.",
            explanation="More than a hundred: 'dozens' understates it.",
        ),
    ))
    registry.add(Exercise(
        name="05-ottawa-ever-signed",
        question="How many states had ever signed the Ottawa Convention by 2024-11-20?",
        checker=expect_number(
            lambda: _ever_signed("ottawa", "2024-11-20"),
            hint="claims.measures('ottawa', '2024-11-20') has a row 'states that ever signed'. "
            "Many States Parties joined by accession, without ever signing.",
            explanation="Fewer than 160: read strictly, 'more than 160 countries have signed' "
            "is false, although the number is right for the States Parties: a loose verb.",
        ),
    ))
    registry.add(Exercise(
        name="05-dozens-verdict",
        question="Article 000: 'Dozens of countries ban the use of these munitions.' Verdict?",
        checker=expect_choice(
            lambda: claims.check_claim("000-ccm-count").verdict, VERDICT_OPTIONS,
            hints={
                "accurate": "The course reads 'dozens' as 24 to 99 states. Count the CCM's "
                "States Parties on the article's date: is it in that range?",
                "overstated": "Overstated means the claim is larger than the truth. Compare "
                "'dozens' with the number of States Parties on 2023-07-11.",
                "wrong name": "The name is wrong too ('Oslo Accords'), but this question is "
                "about the number.",
            },
            explanation="More than a hundred States Parties that day (Exercise 1). 'Dozens' "
            "is not false, but readers take it to mean fewer than a hundred: vague, and it "
            "understates.",
        ),
    ))
    registry.add(Exercise(
        name="05-ratified-verdict",
        question="Article 003: '164 countries worldwide have ratified the convention' "
        "(2024-11-20). Under the course's rule for verbs, which verdict?",
        checker=expect_choice(
            lambda: claims.check_claim("003-ottawa-count").verdict, COUNT_VERDICTS,
            hints={
                "accurate": "Read 'ratified' strictly: claims.measures('ottawa', '2024-11-20') "
                "has a row 'of which by ratification'. Is that the number the article gives?",
                "accurate, imprecise": "That verdict is for a hedge such as 'more than'; this "
                "claim gives an exact number.",
                "inaccurate": "The number does fit one of the rows of claims.measures: which "
                "one, and what does that say about the verb?",
            },
            explanation="The number is right for the States Parties, but only some of them "
            "ratified; the others acceded. The same rule gives 'more than 160 have signed' "
            "the same verdict.",
        ),
    ))
    registry.add(Exercise(
        name="05-same-words-later",
        question="Would '164 countries have joined the Ottawa Treaty', accurate on 2024-11-20, "
        "still be accurate on 2026-02-03?",
        checker=expect_choice(
            "no", ["yes", "no"],
            hints={"yes": "Check treaties.counts('ottawa', '2026-02-03'): four withdrawals "
                   "took effect in 2025 and January 2026."},
            explanation="A claim is true or false on a date: on 2026-02-03 there were fewer "
            "parties, after four withdrawals took effect.",
        ),
    ))
