"""Exercises of lesson 04 (comparing coverage). Answer keys are computed from the course data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from treatylens import coverage
from treatylens.exercises.core import (
    Exercise,
    Feedback,
    Registry,
    expect_choice,
    expect_number,
    expect_set,
)
from treatylens.io.sources import clean_articles, load_articles, load_claims, load_metadata


def _ids(event: str) -> list[str]:
    table = load_metadata()
    return table.loc[table["event"] == event, "id"].tolist()


def _events() -> dict[str, str]:
    return load_metadata().set_index("id")["event"].to_dict()


def _mines_matrix() -> pd.DataFrame:
    mines = _ids("mines-2024")
    matrix = coverage.claims_matrix(load_claims(), mines)
    return matrix[matrix.any(axis=1)]


def _claims_in_all_mines_articles() -> list[str]:
    matrix = _mines_matrix()
    return matrix.index[matrix.all(axis=1)].tolist()


def _claims_only_in(article: str) -> list[str]:
    matrix = _mines_matrix()
    others = [c for c in matrix.columns if c != article]
    only = matrix[article] & ~matrix[others].any(axis=1)
    return matrix.index[only].tolist()


def claim_text(value: Any) -> str:
    """Compare claims ignoring case, surrounding spaces and a final full stop."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a claim; copy it from the matrix's index")
    return value.strip().rstrip(".").casefold()


def _english_clean() -> dict[str, str]:
    languages = load_metadata().set_index("id")["language"]
    return {k: v for k, v in clean_articles().items() if languages[k] == "en"}


def _cross_event_above_same_event(stop_words: str | None) -> int:
    """How many cross-event English pairs score above the same-event pair 000-002."""
    table = coverage.pairs(coverage.tfidf_similarity(_english_clean(), stop_words=stop_words),
                           _events())
    reference = table.loc[(table["a"] == "000") & (table["b"] == "002"), "score"].item()
    return int(((~table["same_group"]) & (table["score"] > reference)).sum())


def _cleaning_gain(a: str = "001", b: str = "003") -> float:
    table = coverage.cleaning_effect(load_articles(), clean_articles(), _events())
    row = table[(table["a"] == a) & (table["b"] == b)].iloc[0]
    return float(row["word_clean"] - row["word_raw"])


def _confirmed(source: str = "004", target: str = "001") -> list[int]:
    review = coverage.reviewed_pairs(source, target)
    return [int(n) for n in review.loc[review["verdict"] == "right", "source_no"]]


ALIGNMENT_HINT = (
    "For each pair, write in a few words the fact each sentence reports: who did or said "
    "what, about what. Read the Arabic through the course translation of its paragraph "
    "(`to_read`). Confirm a pair only if the two facts are the same; sharing words such as "
    "'US', 'mines' or 'Russia' is not enough."
)


def _alignment_checker(answer: Any) -> Feedback:
    """Counts, never names, the wrong and missing sentences: the course's reasons would give
    every verdict away to anyone who lists all the proposals."""
    base = expect_set(
        _confirmed, normaliser=int, item_name="sentence number", hint=ALIGNMENT_HINT,
        explanation="Not every proposal is right. The wrong ones share words ('US', "
                    "'mines', 'Russia'), not facts: embeddings propose, readers decide. "
                    "`coverage.review_alignment(...)` shows the course's reasons.",
    )(answer)
    if base.correct or isinstance(answer, str):
        return base
    try:
        given = list(dict.fromkeys(int(x) for x in answer))
    except (TypeError, ValueError):
        return base  # not a list of numbers: the base message says what was expected
    proposed = set(coverage.reviewed_pairs("004", "001")["source_no"].astype(int))
    confirmed = set(_confirmed())
    outside = [n for n in given if n not in proposed]
    if outside:
        shown = ", ".join(str(n) for n in outside)
        subject = f"sentence {shown} has" if len(outside) == 1 else f"sentences {shown} have"
        return Feedback(False, f"{subject} no proposed match in 001 at the "
                        "default threshold: this exercise is about the rows with status "
                        "'matched' (a true counterpart can still be missed; section 5 shows "
                        "one).")
    wrong = len([n for n in given if n not in confirmed])
    missing = len(confirmed - set(given))
    parts = []
    if wrong:
        parts.append(f"{wrong} of the pairs you confirmed report different facts")
    if missing:
        parts.append(f"{missing} pair(s) that report the same fact are missing")
    return Feedback(False, "; ".join(parts) + ". " + ALIGNMENT_HINT)


SIGNED_OPTIONS = ("a", "b", "c")


def register(registry: Registry) -> None:
    registry.add(Exercise(
        name="04-claims-all-mines",
        question="Which atomic claims do all three articles on the 2024 mines decision carry?",
        checker=expect_set(
            _claims_in_all_mines_articles, normaliser=claim_text, item_name="claim",
            hint="Keep the rows of the mines matrix where every column is True: "
                 "`mines[mines.all(axis=1)].index`.",
            explanation="This is the shared core of the story. Note who each outlet "
                        "attributes it to (claims.csv, `attributed_to`): the same fact, "
                        "different routes.",
        ),
    ))
    registry.add(Exercise(
        name="04-claims-only-004",
        question="Which claims does only the Arabic article (004) carry, among the three "
                 "articles on the mines decision?",
        checker=expect_set(
            lambda: _claims_only_in("004"), normaliser=claim_text, item_name="claim",
            hint="Keep the rows where column '004' is True and columns '001' and '003' are "
                 "both False.",
            explanation="Context only the Arabic article gives (the nuclear decree, the "
                        "hotline, anti-tank mines): an English-only reader never sees it.",
        ),
    ))
    registry.add(Exercise(
        name="04-signed-vs-ratified",
        question="001 says 'more than 160 countries have signed' the treaty; 003 says '164 "
                 "countries ... have ratified' it. Which is true? (a) they contradict each "
                 "other, so one is wrong; (b) they need not contradict: '164' is 'more than "
                 "160', but 'signed' and 'ratified' count different things, so check both "
                 "against the treaty data; (c) the vaguer figure is the more reliable one.",
        checker=expect_choice(
            "b", SIGNED_OPTIONS,
            hints={
                "a": "164 is more than 160, so the numbers can both be true. Look at the verbs: "
                     "does 'signed' count the same states as 'ratified'?",
                "c": "A hedge ('more than') makes a figure harder to falsify, not more "
                     "reliable. What would you check each figure against?",
            },
            explanation="Two hedges hide in the wording: the number ('more than') and the "
                        "verb ('signed' vs 'ratified'; states can also accede without signing). "
                        "Lesson 05 checks both against the treaty log on the day.",
        ),
    ))
    registry.add(Exercise(
        name="04-stopwords-cross-event",
        question="With English stop words kept, how many cross-event pairs of English "
                 "articles score higher than the same-event pair 000-002?",
        checker=expect_number(
            lambda: _cross_event_above_same_event(None),
            hint="Use `pairs(tfidf_similarity(english, stop_words=None), events)`, keep the "
                 "rows with `same_group == False`, and count those whose score is above the "
                 "000-002 score.",
            explanation="With 'the', 'of' and 'to' counted, a 2023 article looks more like a "
                        "2024 one than like the other 2023 article: shared vocabulary is not "
                        "a shared event.",
        ),
    ))
    registry.add(Exercise(
        name="04-cleaning-gain-001-003",
        question="By how much does removing boilerplate change the word TF-IDF similarity of "
                 "001 and 003 (clean minus raw)?",
        checker=expect_number(
            _cleaning_gain, tolerance=0.005,
            hint="Take the 001-003 row of `cleaning_effect(...)` and subtract `word_raw` from "
                 "`word_clean` (a positive number means cleaning raised the score).",
            explanation="Cleaning *raised* the score: each site's furniture is its own, so it "
                        "diluted the shared story rather than inflating it.",
        ),
    ))
    registry.add(Exercise(
        name="04-confirm-alignment-001",
        question="Of the proposed matches between 004 and 001, which do you confirm? Give the "
                 "Arabic sentence numbers (source_no).",
        checker=_alignment_checker,
    ))
    registry.add(Exercise(
        name="04-reuse-meaning",
        question="001 and 003 share a few 5-word passages. What does that show? (a) 003 copied "
                 "001; (b) little: short stock phrases that two rewrites of the same Washington "
                 "Post report would share anyway; (c) both are credible.",
        checker=expect_choice(
            "b", SIGNED_OPTIONS,
            hints={
                "a": "Read the two passages. Would two reporters rewriting the same Post story "
                     "need to copy each other to write them? And which article came first?",
                "c": "Reuse measures shared wording, not truth: a copied error is still an "
                     "error.",
            },
            explanation="Shared spans point to a common source at most; proving copying needs "
                        "longer, distinctive passages (the METER corpus's 'wholly derived').",
        ),
    ))
