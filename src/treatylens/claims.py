"""Check what the articles say about the treaties against the treaty data, as of their date.

A claim is checked on the day its article was published (the `as_of` column of
`data/sources/claims.csv`), never today: "164 countries have ratified" was right in November
2024 and is wrong in 2026. `data/sources/claim_checks.csv` says what each checkable claim
asserts, in a form code can test:

- `count`: a number of states, with the verb the article used (`signed`, `ratified`,
  `joined`, `ban`) and its hedge (`exact`, `more_than`, `dozens`);
- `outside`: the listed states are not in the treaty, in the verb's sense (`signed` means
  never signed; `ratified`/`joined` mean not a State Party);
- `name`: the name the article gives the treaty.

Each check returns a verdict, a one-sentence explanation a newsroom could use, and the
evidence rows it rests on. Verbs matter: signing is a different act from joining, and a
claim can have the right number with the wrong word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from treatylens import treaties
from treatylens.cache import load_once
from treatylens.errors import DataFileError
from treatylens.paths import data_path
from treatylens.sources import load_claims

CHECKS = {"count", "outside", "name"}
VERBS = {"signed", "ratified", "joined", "ban", ""}
HEDGES = {"exact", "more_than", "dozens", ""}
#: "Dozens" is read as at least two dozen and fewer than a hundred (a course convention).
DOZENS = range(24, 100)

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
    "accurate": "the data bear the claim out on the day it was published",
    "accurate, imprecise": "true, but a hedge hides a number the data give exactly",
    "right number, wrong word": "the number fits States Parties, but the verb says something else",
    "understated": "the true number is much larger than the claim suggests",
    "inaccurate": "the data contradict the claim",
    "wrong name": "the treaty is called something else",
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


def checks_path() -> Path:
    return data_path("sources", "claim_checks.csv")


@load_once
def load_claim_checks(path: Path | None = None) -> pd.DataFrame:
    """The machine-readable form of each checkable claim, validated against claims.csv."""
    path = path or checks_path()
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    known_claims = set(load_claims()["claim_id"])
    state_codes = set(treaties.load_states()["iso3"])
    for offset, row in enumerate(table.itertuples(index=False)):
        line = offset + 2

        def fail(problem: str, line: int = line) -> None:
            raise DataFileError(path, problem, line=line)

        if row.claim_id not in known_claims:
            fail(f"claim_id {row.claim_id!r} is not in claims.csv")
        if row.treaty not in treaties.TREATIES:
            fail(f"treaty {row.treaty!r} is not one of {sorted(treaties.TREATIES)}")
        if row.check not in CHECKS:
            fail(f"check {row.check!r} is not one of {sorted(CHECKS)}")
        if row.verb not in VERBS or row.hedge not in HEDGES:
            fail(f"verb {row.verb!r} or hedge {row.hedge!r} is not recognised")
        if row.check == "count" and (not row.stated.isdigit() or not row.hedge or not row.verb):
            fail("a count check needs a whole number in `stated`, a verb and a hedge")
        if row.check == "outside":
            codes = row.states.split(";")
            unknown = [c for c in codes if c not in state_codes]
            if not row.states or unknown:
                fail(f"an outside check needs known ISO codes in `states`; unknown: {unknown}")
        if row.check == "name" and not row.stated:
            fail("a name check needs the stated name in `stated`")
    if table["claim_id"].duplicated().any():
        raise DataFileError(path, "a claim_id appears twice")
    return table


def measures(treaty: str, as_of: str) -> pd.DataFrame:
    """The counts a claim about "how many states" can mean, on one day, with what each counts."""
    table = treaties.status(treaty, as_of)
    parties = table[table["status"] == "party"]
    rows = [
        ("States Parties (joined, not withdrawn)", len(parties)),
        ("of which by ratification", int((parties["joined_by"] == "ratification").sum())),
        ("of which by accession", int((parties["joined_by"] == "accession").sum())),
        ("of which by acceptance, approval or succession",
         int(parties["joined_by"].isin(["acceptance", "approval", "succession"]).sum())),
        ("states that ever signed", int(table["signed"].notna().sum())),
        ("signed but not (yet) bound", int((table["status"] == "signatory").sum())),
    ]
    return pd.DataFrame(rows, columns=["measure", "states"]).assign(
        treaty=treaty, as_of=as_of, source="data/treaties/events.csv")


def _count_value(table: pd.DataFrame, verb: str) -> tuple[int, str]:
    """The literal reading of a verb: what number the article's own word asserts."""
    value = dict(zip(table["measure"], table["states"], strict=True))
    if verb == "signed":
        return value["states that ever signed"], "states that ever signed"
    return value["States Parties (joined, not withdrawn)"], "States Parties"


def _holds(actual: int, stated: int, hedge: str) -> bool:
    if hedge == "exact":
        return actual == stated
    if hedge == "more_than":
        return actual > stated
    return actual in DOZENS


def _check_count(spec: pd.Series, as_of: str) -> tuple[str, str, pd.DataFrame]:
    table = measures(spec["treaty"], as_of)
    stated, hedge, verb = int(spec["stated"]), spec["hedge"], spec["verb"]
    literal, literal_label = _count_value(table, verb)
    parties = int(table["states"].iloc[0])
    said = {"exact": f"{stated}", "more_than": f"more than {stated}", "dozens": "dozens"}[hedge]
    if hedge == "dozens":
        verdict = "accurate" if parties in DOZENS else (
            "understated" if parties >= DOZENS.stop else "inaccurate")
        explanation = (f"'{said}': on {as_of} the treaty had {parties} States Parties"
                       + (f" and {int(table['states'].iloc[5])} more signatories." if verdict
                          == "understated" else "."))
    elif _holds(literal, stated, hedge):
        verdict = "accurate" if hedge == "exact" else "accurate, imprecise"
        explanation = f"'{said} {verb}': on {as_of} there were {literal} {literal_label}."
        if verb == "ratified":
            by_ratification = int(table["states"].iloc[1])
            explanation += (f" Strictly, {by_ratification} of them ratified; the others "
                            "acceded or joined otherwise, so 'joined' is the exact verb.")
    elif _holds(parties, stated, hedge):
        verdict = "right number, wrong word"
        explanation = (f"'{said} {verb}': on {as_of} there were {parties} States Parties, but "
                       f"only {literal} {literal_label}. Signing and joining are different acts.")
    else:
        verdict = "inaccurate"
        explanation = f"'{said} {verb}': on {as_of} there were {literal} {literal_label}."
    return verdict, explanation, table


def _check_outside(spec: pd.Series, as_of: str) -> tuple[str, str, pd.DataFrame]:
    codes = spec["states"].split(";")
    table = treaties.status(spec["treaty"], as_of)
    evidence = table[table["iso3"].isin(codes)][["iso3", "name", "status", "signed", "joined"]]
    if spec["verb"] == "signed":
        inside = evidence[evidence["signed"].notna()]
        done = "signed"
    else:
        inside = evidence[evidence["status"] == "party"]
        done = "become a State Party"
    if inside.empty:
        verdict = "accurate"
        explanation = f"On {as_of} none of {', '.join(codes)} had {done}."
    else:
        verdict = "inaccurate"
        explanation = f"On {as_of} {', '.join(inside['iso3'])} had {done}."
    return verdict, explanation, evidence.assign(
        treaty=spec["treaty"], as_of=as_of, source="data/treaties/events.csv")


def _check_name(spec: pd.Series, as_of: str) -> tuple[str, str, pd.DataFrame]:
    accepted = ACCEPTED_NAMES[spec["treaty"]]
    stated = spec["stated"].strip()
    name_only = stated.removeprefix("the ").removeprefix("2008 ").removeprefix("1997 ")
    treaty = treaties.TREATIES[spec["treaty"]]
    evidence = pd.DataFrame({"accepted name": accepted}).assign(
        treaty=spec["treaty"], source=treaty.untc_url)
    if name_only.casefold() in {name.casefold() for name in accepted}:
        return "accurate", f"'{stated}' is a name in use for the {treaty.name}.", evidence
    return ("wrong name",
            f"'{stated}' is not a name of this treaty: it is the {treaty.name}, "
            f"opened for signature on {treaty.opened_for_signature.day} "
            f"{treaty.opened_for_signature:%B %Y} (UNTC "
            f"{treaty.untc_mtdsg_no}).", evidence)


_CHECKERS = {"count": _check_count, "outside": _check_outside, "name": _check_name}


def check_claim(claim_id: str) -> ClaimCheck:
    """Check one claim against the treaty data on its article's publication date."""
    claims = load_claims().set_index("claim_id")
    specs = load_claim_checks().set_index("claim_id")
    if claim_id not in specs.index:
        checkable = ", ".join(specs.index)
        raise KeyError(f"no check is defined for claim {claim_id!r}; checkable: {checkable}")
    claim, spec = claims.loc[claim_id], specs.loc[claim_id]
    as_of = str(claim["as_of"])
    verdict, explanation, evidence = _CHECKERS[spec["check"]](spec, as_of)
    return ClaimCheck(claim_id, str(claim["article"]), str(claim["quote"]), as_of, verdict,
                      explanation, evidence.reset_index(drop=True))


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
    gives the date and states what the data show, in the neutral register corrections use.
    """
    if result.verdict == "accurate":
        return (f"No correction needed: on {result.as_of} the data support "
                f"“{result.quote}”. {result.explanation}")
    return (f"Correction: an earlier version of this article said “{result.quote}”. "
            f"{result.explanation} (Source: UN Treaty Collection status records, as compiled "
            f"in the course's treaty data, as of {result.as_of}.)")
