"""Exercises of lesson 02 (the treaties). Answer keys are computed from the treaty data."""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from treatylens import geo, treaties
from treatylens.exercises.core import (
    Answer,
    Checker,
    Exercise,
    Feedback,
    Registry,
    expect_choice,
    expect_number,
    expect_set,
)

# The five permanent members of the UN Security Council (UN Charter, Article 23(1)).
P5 = ("CHN", "FRA", "RUS", "GBR", "USA")
# The date of the November 2024 article about anti-personnel mines (data/sources/metadata.csv).
MINES_ARTICLE_DATE = "2024-11-20"


# Names that news copy and students use for states whose UN name is longer or different. The
# depositary names in states.csv are the reference; these only point to them. A name that
# could mean two states ("Korea", "Congo" alone is the Republic of the Congo in states.csv) is
# deliberately left out, so that it is refused with a question rather than silently guessed.
STATE_ALIASES: dict[str, str] = {
    "uk": "GBR", "united kingdom": "GBR", "britain": "GBR", "great britain": "GBR",
    "us": "USA", "united states": "USA",
    "russia": "RUS",
    "iran": "IRN", "syria": "SYR", "south korea": "KOR", "north korea": "PRK",
    "vietnam": "VNM", "laos": "LAO", "moldova": "MDA", "tanzania": "TZA",
    "czechia": "CZE", "turkey": "TUR", "ivory coast": "CIV", "swaziland": "SWZ",
    "cape verde": "CPV", "east timor": "TLS", "burma": "MMR", "brunei": "BRN",
    "vatican": "VAT", "vatican city": "VAT", "palestine": "PSE",
    "drc": "COD", "dr congo": "COD", "republic of the congo": "COG",
    "macedonia": "MKD", "micronesia": "FSM",
    "saint kitts and nevis": "KNA", "saint lucia": "LCA",
    "saint vincent and the grenadines": "VCT",
}


@dataclass(frozen=True)
class ResolvedState:
    """How an answer was read: the ISO code, the name in states.csv, and what matched."""

    iso3: str
    name: str
    matched: str  # "code", "name" or "alias"


def _key(text: str) -> str:
    """Compare names without case, accents, dots, a leading "the" or extra spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    # "U.S." and "U.K." lose their dots; "St. Lucia" keeps its space.
    folded = folded.replace("&", " and ").replace(".", "").replace("\u2019", "'")
    folded = " ".join(folded.split())
    return folded.removeprefix("the ")


def _name_index() -> dict[str, str]:
    """Every spelling the resolver accepts, keyed by `_key`, pointing to an ISO code."""
    states = treaties.load_states()
    index: dict[str, str] = {}
    for name, code in zip(states["name"], states["iso3"], strict=True):
        index[_key(name)] = code
        # "Iran (Islamic Republic of)" is also "Iran"; "Bahamas (The)" is also "Bahamas".
        short = re.sub(r"\s*\(.*\)\s*$", "", name)
        index.setdefault(_key(short), code)
    for alias, code in STATE_ALIASES.items():
        index.setdefault(_key(alias), code)
    return index


def resolve_state(value: object) -> ResolvedState:
    """Read an answer as a state: an ISO code ("gbr"), its UN name, or a common name ("UK").

    Students write the names they read in the news; refusing "United Kingdom" because the
    depositary writes "United Kingdom of Great Britain and Northern Ireland" would grade the
    spelling, not the understanding. Every answer that is not a code says how it was read, so
    a wrong guess by the resolver is visible rather than silent.
    """
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a state: give an ISO code such as 'FRA' or a name")
    states = treaties.load_states()
    names = dict(zip(states["iso3"], states["name"], strict=True))
    text = value.strip()
    if text.upper() in names and len(text) == 3:
        return ResolvedState(text.upper(), names[text.upper()], "code")
    index = _name_index()
    key = _key(text)
    if key in index:
        code = index[key]
        exact = key == _key(names[code])
        return ResolvedState(code, names[code], "name" if exact else "alias")
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.8)
    suggestion = f"; did you mean {names[index[close[0]]]!r}?" if close else "."
    # Worded for the student (no Python call syntax), so the checker passes it on.
    raise ValueError(
        f"{value!r} is neither an ISO code nor a state name the course knows{suggestion} "
        "An ISO code such as 'GBR' always works (the iso3 column of load_states)"
    )


def state_code(value: object) -> str:
    """The ISO code for an answer ("gbr", "France", "UK" all work): see `resolve_state`."""
    return resolve_state(value).iso3


def how_states_were_read(answer: object) -> str:
    """One sentence saying which state each name in `answer` was read as ("" if all codes)."""
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return ""
    readings = []
    for item in answer:
        try:
            resolved = resolve_state(item)
        except ValueError:
            continue
        if resolved.matched != "code":
            readings.append(f"{item!r} as {resolved.name} ({resolved.iso3})")
    return f"Read {', '.join(readings)}." if readings else ""


def _states_checker(checker: Checker) -> Checker:
    """Wrap a set checker so its feedback also says how each name was read."""

    def check(answer: Answer) -> Feedback:
        feedback = checker(answer)
        note = how_states_were_read(answer)
        if not note:
            return feedback
        return dataclasses.replace(feedback, message=f"{feedback.message} {note}".strip())

    return check


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
            question="Which permanent members of the Security Council are parties to the "
            "Convention on Cluster Munitions (on the data's as-of date)?",
            checker=_states_checker(expect_set(
                lambda: _p5_parties("ccm"),
                normaliser=state_code,
                item_name="state",
                hint="Use standing(P5, data_as_of('ccm')) and keep the rows whose `ccm` "
                "column is 'party'. A signature alone does not make a state a party.",
                explanation="Compare the `ottawa` column of the same table: is the pattern "
                "the same for both conventions?",
            )),
        )
    )
    registry.add(
        Exercise(
            name="02-ccm-entry-into-force",
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
            question="Which of Russia's land neighbours had withdrawn from the Ottawa Convention "
            "by the data's as-of date?",
            checker=_states_checker(expect_set(
                lambda: _neighbours_withdrawn("ottawa"),
                normaliser=state_code,
                item_name="state",
                hint="Use standing(geo.land_neighbours('RUS'), data_as_of('ottawa')) and keep "
                "the rows whose `ottawa` column is 'withdrawn'. A notice whose six months have "
                "not run out yet is not a withdrawal that has taken effect.",
                explanation="withdrawals() shows when each notice was given and when it took "
                "effect; standing() shows how long each state had been a party before.",
            )),
        )
    )
