"""Reading one article closely (lesson 01): provenance, boilerplate, relays, dates, opinion.

Each function turns the course's annotation files into the small table a reader needs for
one question: who published this and when, how much of the file is the website rather than
the story, who is quoted and through whom, what day "on Tuesday" means, and where a news
report turns into opinion. The tables point back into the verbatim texts; the judgement
stays with the reader.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

from treatylens.io.sources import (
    load_article,
    load_attributions,
    load_boilerplate,
    load_metadata,
)
from treatylens.text import REPORTING_CUES, sentence_spans

NOT_NAMED = "(not named in the text)"
NO_CHANNEL = "(no channel named)"

CARD_FIELDS = {
    "title": "headline", "language": "language", "event": "event", "outlet": "outlet",
    "outlet_evidence": "how we know the outlet", "author": "author",
    "published": "published", "date_certainty": "date certainty",
    "date_evidence": "date evidence", "genre": "genre",
    "machine_translation": "machine-translated?", "mt_signs": "signs of translation",
    "sources_named": "sources named",
}  # fmt: skip


def provenance_card(article_id: str) -> pd.DataFrame:
    """One article's provenance card: a two-column table, field and value.

    Empty fields are shown as "(not named in the text)" rather than left blank, because an
    article that does not say who published it is itself a finding. The card ends with the
    article's length and the share of it that is site boilerplate.
    """
    table = load_metadata().set_index("id")
    if article_id not in table.index:
        raise KeyError(f"no article {article_id!r}; known: {', '.join(table.index)}")
    row = table.loc[article_id]
    values = {label: (row[column] or NOT_NAMED) for column, label in CARD_FIELDS.items()
              if column in row.index}
    summary = boilerplate_summary().loc[article_id]
    values["words"] = str(len(load_article(article_id).split()))
    values["boilerplate"] = (f"{summary['boilerplate_chars']} of {summary['chars']} "
                             f"characters ({summary['boilerplate_percent']:.1f}%)")
    card = pd.DataFrame({"field": list(values), "value": list(values.values())})
    return card.set_index("field")


def _merged_length(spans: list[tuple[int, int]]) -> int:
    """Characters covered by a set of (start, end) spans, overlaps counted once."""
    total, last_end = 0, -1
    for start, end in sorted(spans):
        start = max(start, last_end)
        if end > start:
            total += end - start
        last_end = max(last_end, end)
    return total


def boilerplate_summary() -> pd.DataFrame:
    """Per article: length in characters, characters marked as boilerplate, their share.

    `kinds` lists the kinds of furniture found (comment form, breadcrumb, photo caption …).
    An article without boilerplate rows has 0 %: the texts were collected differently.
    """
    marked = load_boilerplate()
    rows = []
    for article_id in load_metadata()["id"]:
        text = load_article(article_id)
        mine = marked[marked["article"] == article_id]
        covered = _merged_length(list(zip(mine["start"], mine["end"], strict=True)))
        rows.append({
            "article": article_id, "chars": len(text), "boilerplate_chars": covered,
            "boilerplate_percent": 100 * covered / len(text) if text else 0.0,
            "spans": len(mine), "kinds": ", ".join(dict.fromkeys(mine["kind"])),
        })
    return pd.DataFrame(rows).set_index("article")


def relay_table(
    attributions: pd.DataFrame | None = None, relayed_only: bool = False
) -> pd.DataFrame:
    """Who relays whom: one row per article, channel and speaker, with how often.

    The channel is `relayed_by` in attributions.csv: the outlet or medium the article names
    for the words (TASS, The Washington Post, Reuters, a ministry video). Rows without a
    named channel are kept as "(no channel named)", because a quotation with no stated route
    is a question for the reader too. Sorted so the relayed quotations come first;
    `relayed_only=True` keeps only the rows with a named channel.
    """
    table = load_attributions() if attributions is None else attributions
    table = table.assign(channel=table["relayed_by"].replace("", NO_CHANNEL))
    grouped = (
        table.groupby(["article", "channel", "speaker_type", "speaker"], sort=False)
        .agg(attributions=("quote", "size"), verbs=("verb", lambda v: "; ".join(dict.fromkeys(v))))
        .reset_index()
    )
    grouped["relayed"] = grouped["channel"] != NO_CHANNEL
    grouped = grouped.sort_values(["relayed", "article", "channel"],
                                  ascending=[False, True, True], kind="stable")
    if relayed_only:
        grouped = grouped[grouped["relayed"]]
    return grouped.drop(columns="relayed").reset_index(drop=True)


def speaker_types(attributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Article × speaker type: how many attributions each article gives to each kind of voice."""
    table = load_attributions() if attributions is None else attributions
    counts = pd.crosstab(table["speaker_type"], table["article"])
    counts.columns.name = "article"
    return counts


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_number(name: str) -> int:
    """'Tuesday' (any case) → 1, as `date.weekday()` counts (Monday is 0)."""
    key = name.strip().casefold()
    for number, day in enumerate(WEEKDAYS):
        if key in (day, day[:3]):
            return number
    raise ValueError(f"{name!r} is not a day of the week")


def weekday_relative(anchor: date | str, weekday: str, direction: str = "after") -> date:
    """The first `weekday` strictly after (or before) `anchor`.

    "The US announced on Friday (7 July 2023) … Sullivan said on Tuesday" → the Tuesday after
    7 July 2023 is 11 July 2023. Strictly, because "on Tuesday" written on a Tuesday usually
    means today, which a reader must decide, not the function.
    """
    day = date.fromisoformat(anchor) if isinstance(anchor, str) else anchor
    if direction not in {"after", "before"}:
        raise ValueError("direction must be 'after' or 'before'")
    target = weekday_number(weekday)
    if direction == "after":
        return day + timedelta(days=(target - day.weekday() - 1) % 7 + 1)
    return day - timedelta(days=(day.weekday() - target - 1) % 7 + 1)


def nth_day(first_day: date | str, n: int) -> date:
    """The date of day `n` when `first_day` is day 1: day 1,000 is 999 days later."""
    if n < 1:
        raise ValueError("day numbers count from 1")
    start = date.fromisoformat(first_day) if isinstance(first_day, str) else first_day
    return start + timedelta(days=n - 1)


# Signs that a sentence argues rather than reports. They suggest; the reader decides.
OPINION_MARKERS: dict[str, str] = {
    "prescriptive": r"\b(?:should|must|ought to|needs? to|have to|has to)\b",
    "evaluative": r"\bit is (?:crucial|essential|important|vital|imperative|clear|obvious)\b"
                  r"|\b(?:crucial|significant(?:ly)?|indiscriminate(?:ly)?|vast|falsehoods?)\b",
    "first person": r"\b(?:[Ww]e|[Oo]ur|us|I)\b",  # case matters: "US" is not "us"
}
CASE_SENSITIVE = frozenset({"first person"})


def opinion_markers(article_id: str) -> pd.DataFrame:
    """Every sentence of an English article with its paragraph and opinion markers.

    `attributed` says whether the sentence carries a reporting cue ("said", "according to"):
    an evaluative word inside an attributed sentence is the speaker's, not the outlet's.
    The markers are a first pass for a human reading, not a classifier.
    """
    text = load_article(article_id)
    table = sentence_spans(text, "en")
    table.insert(1, "paragraph", [text.count("\n", 0, s) + 1 for s in table["start"]])
    for label, rx in OPINION_MARKERS.items():
        pattern = re.compile(rx, 0 if label in CASE_SENSITIVE else re.IGNORECASE)
        table[label] = [
            "; ".join(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(s)))
            for s in table["sentence"]
        ]
    table["attributed"] = [bool(REPORTING_CUES.search(s)) for s in table["sentence"]]
    return table.drop(columns=["start", "end"]).set_index("sentence_no")
