"""Check what the articles say about the treaties against the treaty data, as of their date.

A claim is checked on the day its article was published (the `as_of` column of
`data/sources/claims.csv`), never today: "164 countries have ratified" was right in November
2024 and is wrong in 2026. `data/sources/claim_checks.csv` says what each checkable claim
asserts, in a form code can test:

- `count`: a number of states, with the verb the article used (`signed`, `ratified`,
  `joined`, `ban`) and its hedge (`exact`, `more_than`, `dozens`);
- `outside`: the listed states are not in the treaty, in the verb's sense (`signed` means
  never signed; `ratified`/`joined` mean not a State Party);
- `name`: the name the article gives the treaty;
- `use`: a state has not used the treaty's weapon, checked against dated reports of use
  published by the claim's day (`data/sources/use_reports.csv`), not against treaty data.

Each check returns a verdict, an explanation in plain sentences a newsroom could use, the
evidence rows it rests on, and, when the words need changing, the corrected wording.

One rule for verbs: a verb is read strictly ("signed" counts the states that ever signed,
"ratified" the States Parties that joined by ratification, "joined" and "ban" the States
Parties). A number that fits the strict count is accurate; a number that fits only the States
Parties is "right number, loose verb", whichever verb it is. So "164 have ratified" (129
ratified, the others acceded) and "more than 160 have signed" (133 ever signed) get the same
verdict, for the same reason.

States Parties are counted from the day a state deposits its instrument, as the UN depositary
and the conventions' own support units count them (treaties.py); the treaty enters into force
for that state up to six months later. `measures` shows both counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from treatylens import treaties
from treatylens.io.claims import (  # the loaders live in io/
    USE_REPORT_COLUMNS,
    load_claim_checks,
    load_use_reports,
)
from treatylens.io.sources import load_claims
from treatylens.io.treaties import WEAPONS
from treatylens.labels import format_date

#: "Dozens" is read as at least two dozen and fewer than a hundred (a course convention).
#: Two dozen is the least "dozens" can literally mean; the upper end follows usage, which turns
#: to "more than a hundred" or "hundreds" past 99 (Longman: "dozens of people … (=but not
#: hundreds or thousands)"). Other dictionaries give no upper end ("an indefinitely large
#: number", Merriam-Webster), so a larger number is a vague understatement, not a falsehood.
DOZENS = range(24, 100)

PARTIES = "States Parties (joined, not withdrawn)"
IN_FORCE = "of which the treaty was in force for"
RATIFIED = "of which by ratification"
EVER_SIGNED = "states that ever signed"
SIGNATORIES = "signed but not (yet) bound"
#: The count each verb means when read strictly: the one rule for verbs.
STRICT_MEASURE = {"signed": EVER_SIGNED, "ratified": RATIFIED, "joined": PARTIES,
                  "ban": PARTIES}
#: What the strict count is, in words for the explanation.
STRICT_WORDS = {EVER_SIGNED: "states had ever signed it",
                RATIFIED: "of them had joined by ratification",
                PARTIES: "States Parties"}
#: The weapon each treaty bans, as `use_reports.csv` names it.
#: The name the corrected wording uses for each treaty.
CORRECT_NAME = {"ottawa": "Anti-Personnel Mine Ban Convention",
                "ccm": "Convention on Cluster Munitions"}

#: Names under which each treaty is correctly known: the official title (UNTC) and the short
#: names in common use for it. Anything else is reported as a wrong name.
ACCEPTED_NAMES: dict[str, tuple[str, ...]] = {
    "ottawa": (
        treaties.TREATIES["ottawa"].name,
        "Ottawa Convention", "Ottawa Treaty", "Mine Ban Treaty", "Mine Ban Convention",
        "Anti-Personnel Mine Ban Convention",
    ),
    "ccm": (
        treaties.TREATIES["ccm"].name,
        "CCM", "Oslo Convention", "Cluster Munition Convention",
    ),
}

VERDICTS = {
    "accurate": "the data bear the claim out on the day it was published, verb and all",
    "accurate, imprecise": "true, but a hedge (\"more than\") hides a number the data give "
    "exactly",
    "right number, loose verb": "right for the States Parties, but the verb read strictly "
    "(\"ratified\", \"signed\") counts fewer states",
    "understated": "vague rather than false: \"dozens\" is read as 24 to 99, and the true "
    "number is larger",
    "inaccurate": "the data contradict the claim",
    "wrong name": "the treaty is called something else",
    "contradicted by documentation": "reports of use published before the article, by the "
    "sources cited, contradict the claim",
    "no documentation held": "the course holds no report published by the article's day that "
    "bears on the claim; this is not a confirmation",
}


@dataclass(frozen=True)
class ClaimCheck:
    """A verdict on one claim, the explanation, and the rows that decide it."""

    claim_id: str
    article: str
    quote: str
    as_of: str
    verdict: str
    explanation: str
    evidence: pd.DataFrame
    #: The claim's words corrected (this claim and any checked claim inside its quote), or ""
    #: when the words can stand.
    corrected: str = ""


@dataclass(frozen=True)
class _Outcome:
    """What one checker finds: the verdict, why, the evidence, and a fix for the words."""

    verdict: str
    explanation: str
    evidence: pd.DataFrame
    #: (words in the quote, words to put instead), or None when nothing needs changing.
    fix: tuple[str, str] | None = None


def measures(treaty: str, as_of: str) -> pd.DataFrame:
    """The counts a claim about "how many states" can mean, on one day, with what each counts.

    The first row counts States Parties from the deposit of their instrument, as the depositary
    does; the second says for how many of them the treaty was already in force that day (it
    enters into force for a state up to six months after the deposit).
    """
    table = treaties.status(treaty, as_of)
    parties = table[table["status"] == "party"]
    rows = [
        (PARTIES, len(parties)),
        (IN_FORCE, int(parties["in_force"].sum())),
        (RATIFIED, int((parties["joined_by"] == "ratification").sum())),
        ("of which by accession", int((parties["joined_by"] == "accession").sum())),
        ("of which by acceptance, approval or succession",
         int(parties["joined_by"].isin(["acceptance", "approval", "succession"]).sum())),
        (EVER_SIGNED, int(table["signed"].notna().sum())),
        (SIGNATORIES, int((table["status"] == "signatory").sum())),
    ]
    return pd.DataFrame(rows, columns=["measure", "states"]).assign(
        treaty=treaty, as_of=as_of, source="data/treaties/events.csv")


def not_yet_in_force(treaty: str, as_of: str) -> pd.DataFrame:
    """States Parties on `as_of` for which the treaty had not yet entered into force.

    They are counted as States Parties (from their deposit) but not yet bound by the ban:
    the gap between the first two rows of `measures`.
    """
    table = treaties.status(treaty, as_of)
    waiting = table[(table["status"] == "party") & ~table["in_force"].astype(bool)]
    return waiting[["iso3", "name", "joined", "joined_by", "in_force_from"]].reset_index(
        drop=True)


def _day(as_of: str) -> str:
    """A date as a reader writes it: 20 November 2024."""
    return format_date(as_of)


def _holds(actual: int, stated: int, hedge: str) -> bool:
    if hedge == "exact":
        return actual == stated
    if hedge == "more_than":
        return actual > stated
    return actual in DOZENS


def _in_force_clause(value: dict[str, int], treaty: str, as_of: str) -> str:
    """A clause on the States Parties not yet bound, when there are any on the day."""
    waiting = value[PARTIES] - value[IN_FORCE]
    if not waiting:
        return ""
    names = ", ".join(not_yet_in_force(treaty, as_of)["name"])
    return (f" ({value[IN_FORCE]} of them were bound that day; for {names} the convention "
            "had not yet entered into force)")


def _check_count(spec: pd.Series, as_of: str) -> _Outcome:
    table = measures(spec["treaty"], as_of)
    value = dict(zip(table["measure"], table["states"], strict=True))
    stated, hedge, verb, treaty = int(spec["stated"]), spec["hedge"], spec["verb"], spec["treaty"]
    parties = value[PARTIES]
    strict_label = STRICT_MEASURE[verb]
    strict = value[strict_label]
    on = f"On {_day(as_of)} the {CORRECT_NAME[treaty]} had {parties} States Parties"
    in_force = _in_force_clause(value, treaty, as_of)
    if hedge == "dozens":
        if parties in DOZENS:
            return _Outcome("accurate", f"{on}{in_force}: within 'dozens' (24 to 99).", table)
        if parties < DOZENS.start:
            return _Outcome("inaccurate", f"{on}{in_force}, fewer than two dozen.", table,
                            (_dozens_words(spec), f"{parties}"))
        return _Outcome(
            "understated",
            f"{on}{in_force} and {value[SIGNATORIES]} more signatories. 'Dozens' is not false, "
            "but readers take it to mean fewer than a hundred: it understates.",
            table, (_dozens_words(spec), f"{parties}"))
    if _holds(strict, stated, hedge):
        verdict = "accurate" if hedge == "exact" else "accurate, imprecise"
        if strict_label == PARTIES:
            return _Outcome(verdict, f"{on}{in_force}.", table)
        return _Outcome(verdict, f"{on}{in_force}; {strict} {STRICT_WORDS[strict_label]}.",
                        table)
    if _holds(parties, stated, hedge):
        if verb == "ratified":
            acceded = value["of which by accession"]
            how = (f"only {strict} of them had ratified; {acceded} acceded, and "
                   f"{parties - strict - acceded} joined by acceptance, approval or succession")
        else:
            how = (f"only {strict} states had ever signed it; the others joined by accession, "
                   "without signing")
        return _Outcome(
            "right number, loose verb",
            f"{on}{in_force}, but {how}. The number is right for the States Parties; read "
            f"strictly, '{verb}' counts fewer states, and 'joined' is the exact verb.",
            table, (verb, "joined"))
    return _Outcome("inaccurate", f"{on}{in_force}; {strict} {STRICT_WORDS[strict_label]}.",
                    table)


def _dozens_words(spec: pd.Series) -> str:
    """The hedge as printed in the claim's quote, so that the fix can replace it."""
    quote = load_claims().set_index("claim_id").loc[spec.name, "quote"]
    found = re.search(r"\b[Dd]ozens of\b", quote)
    return found.group(0) if found else "dozens of"


def _check_outside(spec: pd.Series, as_of: str) -> _Outcome:
    codes = spec["states"].split(";")
    table = treaties.status(spec["treaty"], as_of)
    evidence = table[table["iso3"].isin(codes)][["iso3", "name", "status", "signed", "joined"]]
    if spec["verb"] == "signed":
        inside = evidence[evidence["signed"].notna()]
        done = "signed"
    else:
        inside = evidence[evidence["status"] == "party"]
        done = "become a State Party"
    names = ", ".join(evidence["name"])
    evidence = evidence.assign(treaty=spec["treaty"], as_of=as_of,
                               source="data/treaties/events.csv")
    if inside.empty:
        return _Outcome("accurate",
                        f"On {_day(as_of)} none of these states had {done}: {names}.", evidence)
    return _Outcome("inaccurate", f"On {_day(as_of)} these states had {done}: "
                    f"{', '.join(inside['name'])}.", evidence)


def _check_name(spec: pd.Series, as_of: str) -> _Outcome:
    accepted = ACCEPTED_NAMES[spec["treaty"]]
    stated = spec["stated"].strip()
    name_only = stated.removeprefix("the ").removeprefix("2008 ").removeprefix("1997 ")
    treaty = treaties.TREATIES[spec["treaty"]]
    evidence = pd.DataFrame({"accepted name": accepted}).assign(
        treaty=spec["treaty"], source=treaty.untc_url)
    if name_only.casefold() in {name.casefold() for name in accepted}:
        return _Outcome("accurate", f"'{stated}' is a name in use for the {treaty.name}.",
                        evidence)
    return _Outcome(
        "wrong name",
        f"'{stated}' is not a name of this treaty: it is the {treaty.name}, "
        f"opened for signature on {treaty.opened_for_signature.day} "
        f"{treaty.opened_for_signature:%B %Y} (UNTC {treaty.untc_mtdsg_no}).",
        evidence, (name_only, CORRECT_NAME[spec["treaty"]]))


def _check_use(spec: pd.Series, as_of: str) -> _Outcome:
    """A claim that a state has not used the treaty's weapon, against reports of use.

    Only reports published on or before the article's day count: a correction can fairly
    say only what the outlet could have known.
    """
    reports = load_use_reports()
    weapon, user = WEAPONS[spec["treaty"]], spec["states"]
    found = reports[(reports["user"] == user) & (reports["weapon"] == weapon)
                    & (reports["published"] <= as_of)].sort_values("published")
    evidence = found[["publisher", "title", "published", "finding", "url", "status"]]
    state = str(treaties.load_states().set_index("iso3").loc[user, "name"])
    if found.empty:
        return _Outcome("no documentation held",
                        f"The course holds no report published by {_day(as_of)} on use of "
                        f"{weapon} by {state}. That is not a confirmation.", evidence)
    territory = treaties.load_states().set_index("iso3").loc[found["territory"].iloc[0], "name"]
    since = _day(found["use_from"].min())
    cited = "; ".join(f"{row.publisher}, {row.title} ({_day(row.published)})"
                      for row in found.itertuples())
    return _Outcome(
        "contradicted by documentation",
        f"Before {_day(as_of)}, independent monitors had documented the use of {weapon} by "
        f"forces of the {state} in {territory} since {since}: {cited}.",
        evidence.reset_index(drop=True),
        (load_claims().set_index("claim_id").loc[spec.name, "quote"],
         f"forces of the {state} have used them in {territory} since {since}, according "
         f"to {' and the '.join(found['publisher'].drop_duplicates())}"))


_CHECKERS = {"count": _check_count, "outside": _check_outside, "name": _check_name,
             "use": _check_use}


def check_claim(claim_id: str) -> ClaimCheck:
    """Check one claim against the data on its article's publication date."""
    claims = load_claims().set_index("claim_id")
    specs = load_claim_checks().set_index("claim_id")
    if claim_id not in specs.index:
        checkable = ", ".join(specs.index)
        raise KeyError(f"no check is defined for claim {claim_id!r}; checkable: {checkable}")
    claim = claims.loc[claim_id]
    as_of = str(claim["as_of"])
    outcome = _outcome(claim_id, as_of)
    corrected = _corrected_words(claim_id, outcome)
    return ClaimCheck(claim_id, str(claim["article"]), str(claim["quote"]), as_of,
                      outcome.verdict, outcome.explanation,
                      outcome.evidence.reset_index(drop=True), corrected)


def _outcome(claim_id: str, as_of: str) -> _Outcome:
    spec = load_claim_checks().set_index("claim_id").loc[claim_id]
    return _CHECKERS[spec["check"]](spec, as_of)


def _corrected_words(claim_id: str, outcome: _Outcome) -> str:
    """The quote with this claim's fix and the fixes of checked claims inside its span.

    "Dozens of countries ban … under the 2008 Oslo Accords" holds two checked claims, the
    count and the name; a correction of either should print a sentence right on both.
    """
    claims = load_claims().set_index("claim_id")
    here = claims.loc[claim_id]
    fixes = [outcome.fix] if outcome.fix else []
    for other in load_claim_checks()["claim_id"]:
        row = claims.loc[other]
        inside = (other != claim_id and row["article"] == here["article"]
                  and here["start"] <= row["start"] and row["end"] <= here["end"])
        if inside:
            fix = _outcome(other, str(row["as_of"])).fix
            if fix:
                fixes.append(fix)
    if not fixes:
        return ""
    words = str(here["quote"])
    for old, new in fixes:
        words = re.sub(rf"\b{re.escape(old)}\b", new, words, count=1)
    return words


def verdict_table() -> pd.DataFrame:
    """Every checkable claim with its verdict and explanation, one row each."""
    rows = []
    for claim_id in load_claim_checks()["claim_id"]:
        result = check_claim(claim_id)
        rows.append({"claim_id": result.claim_id, "article": result.article,
                     "quote": result.quote, "as_of": result.as_of,
                     "verdict": result.verdict, "explanation": result.explanation})
    return pd.DataFrame(rows)


def draft_correction(result: ClaimCheck) -> str:
    """A newsroom-style correction drafted from a check, for students to improve on.

    Accurate claims need no correction, so the draft says so; otherwise it quotes the words,
    states what the data show on the article's day, proposes corrected wording and names the
    source, in the neutral register corrections use.
    """
    source = ("UN Treaty Collection status records, as compiled in the course's treaty data"
              if load_claim_checks().set_index("claim_id").loc[result.claim_id, "check"]
              != "use" else "the reports cited, listed in the course's use_reports.csv")
    if result.verdict == "accurate":
        return (f"No correction needed: on {_day(result.as_of)} the data support "
                f"“{result.quote}”. {result.explanation}")
    text = (f"Correction: an earlier version of this article said “{result.quote}”. "
            f"{result.explanation}")
    if result.corrected:
        text += f" It should have said: “{result.corrected}”."
    return f"{text} (Source: {source}, as of {_day(result.as_of)}.)"

#: The module's names; its loaders live in treatylens.io.claims and are re-exported
#: so that lessons keep writing `claims.load_…`.
__all__ = [
    "CORRECT_NAME",
    "DOZENS",
    "EVER_SIGNED",
    "IN_FORCE",
    "PARTIES",
    "RATIFIED",
    "SIGNATORIES",
    "STRICT_MEASURE",
    "STRICT_WORDS",
    "USE_REPORT_COLUMNS",
    "VERDICTS",
    "WEAPONS",
    "ClaimCheck",
    "check_claim",
    "draft_correction",
    "load_claim_checks",
    "load_use_reports",
    "measures",
    "not_yet_in_force",
    "verdict_table",
]
