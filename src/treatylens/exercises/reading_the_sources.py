"""Exercises of lesson 01 (reading the sources). Answer keys are computed from the course data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from treatylens.exercises.core import (
    Exercise,
    Feedback,
    Registry,
    expect_choice,
    expect_date,
    expect_number,
    expect_set,
)
from treatylens.exercises.start_here import article_id
from treatylens.io.sources import load_attributions, load_metadata, load_translation
from treatylens.reading import boilerplate_summary, opinion_markers

#: The day the full-scale invasion began: day 1 of the war that article 001 counts.
INVASION_DAY_ONE = date(2022, 2, 24)
#: The day the US announced its cluster-munitions decision ("announced friday" in article 000),
#: as metadata.csv's date_evidence for 000 gives it.
CLUSTER_DECISION_DAY = date(2023, 7, 7)


def _published(article: str) -> date:
    table = load_metadata().set_index("id")
    return date.fromisoformat(table.loc[article, "published"])


def _day_1000() -> date:
    # "marked 1,000 days yesterday, Tuesday": the day before the inferred publication date.
    return _published("001") - timedelta(days=1)


def _unnamed_outlets() -> list[str]:
    table = load_metadata()
    return table.loc[table["outlet"] == "", "id"].tolist()


def _tass_speaker_type() -> str:
    table = load_attributions()
    types = table.loc[table["relayed_by"] == "TASS", "speaker_type"].unique()
    if len(types) != 1:
        raise ValueError(f"expected one speaker type relayed by TASS, found {list(types)}")
    return str(types[0])


SPEAKER_TYPE_OPTIONS = ("us-government", "russian-government", "state-media", "newspaper",
                        "unnamed-official")


def _opinion_key() -> list[int]:
    """Sentences of 002's last two paragraphs: where metadata.csv says the opinion is."""
    table = opinion_markers("002")
    last_two = sorted(table["paragraph"].unique())[-2:]
    return [int(n) for n in table.index[table["paragraph"].isin(last_two)]]


def _transition_sentences() -> list[int]:
    """The paragraph before the opinion: unsourced assessment, but no call to act."""
    table = opinion_markers("002")
    paragraph = sorted(table["paragraph"].unique())[-3]
    return [int(n) for n in table.index[table["paragraph"] == paragraph]]


def _opinion_checker(answer: Any) -> Feedback:
    key = _opinion_key()
    base = expect_set(key, normaliser=int, item_name="sentence number",
                      hint="Look for sentences that tell someone what they should do, with no "
                           "source attached: the `prescriptive` and `attributed` columns help.",
                      explanation="Sentences that prescribe ('should', 'it is crucial') with no "
                                  "speaker are the outlet's own voice: opinion inside a news "
                                  "report.")(answer)
    if base.correct:
        return base
    try:
        given = {int(x) for x in answer}
    except (TypeError, ValueError):
        return base
    transition = set(_transition_sentences()) & given
    if transition:
        listed = ", ".join(str(n) for n in sorted(transition))
        return Feedback(False, f"sentence(s) {listed} are where the slide begins: an "
                        "assessment with no source, but they describe a risk rather than "
                        "tell anyone what to do. Keep only the sentences that prescribe. "
                        f"({base.message})")
    return base


def _reverses_option() -> str:
    """The course translation of paragraph 4 renders تعكس as 'reverses'."""
    row = load_translation("004").set_index("paragraph").loc[4]
    return "reverses" if "reverses" in row["course_translation"] else "reflects"


def register(registry: Registry) -> None:
    registry.add(Exercise(
        name="01-unnamed-outlets",
        question="For which articles does the text not say who published it?",
        checker=expect_set(
            _unnamed_outlets, normaliser=article_id, item_name="article id",
            hint="Use the `outlet` column of `provenance()`: an empty cell means the text "
                 "names no outlet. A named *source* (TASS, The Washington Post) is not the "
                 "publisher.",
            explanation="Only one article names its publisher. For the others, the page "
                        "furniture is all the evidence there is: lateral reading starts here.",
        ),
    ))
    registry.add(Exercise(
        name="01-boilerplate-share-003",
        question="What percentage of article 003's characters is site boilerplate?",
        checker=expect_number(
            lambda: float(boilerplate_summary().loc["003", "boilerplate_percent"]),
            tolerance=0.5, unit="%", percent=True,
            hint="Divide `boilerplate_chars` by `chars` for article 003 in the "
                 "`boilerplate_summary()` table, and multiply by 100.",
            explanation="A large part of the file is not the story: most of it is the "
                        "owner's reproduction notice. Any word count or similarity score on "
                        "the raw file measures the website as well as the article.",
        ),
    ))
    registry.add(Exercise(
        name="01-tass-relays-whom",
        question="In article 000, TASS is the channel. What kind of speaker do its words "
                 "come from (speaker_type)?",
        checker=expect_choice(
            _tass_speaker_type, SPEAKER_TYPE_OPTIONS,
            hints={
                "state-media": "TASS is the *channel* (`relayed_by`), not the speaker. Look at "
                               "the speaker_type of the rows whose relayed_by is 'TASS'.",
                "russian-government": "TASS is Russian state media, but whose words does it "
                                      "relay here? Read the `speaker` column.",
                "newspaper": "TASS is a news agency, and it is the channel here. Whose words "
                             "does it carry?",
                "unnamed-official": "The speaker is named in the text. Read the `speaker` "
                                    "column of the TASS rows.",
            },
            explanation="A US official's words reach the reader through Russian state media: "
                        "to check them, trace the quotation back to the White House briefing "
                        "itself (SIFT: 'trace claims to the original context').",
        ),
    ))
    registry.add(Exercise(
        name="01-translator-choice",
        question="Paragraph 4 of article 004 uses تعكس. How does the course translation "
                 "render it: 'reflects', 'reverses' or 'repeats'?",
        checker=expect_choice(
            _reverses_option, ("reflects", "reverses", "repeats"),
            hints={
                "reflects": "That is the usual dictionary meaning, and exactly why the "
                            "translator hesitated. Read `translator_notes` for paragraph 4: "
                            "'reflects' would contradict the sentence.",
                "repeats": "Not this one. Read the `course_translation` and "
                           "`translator_notes` of paragraph 4.",
            },
            explanation="A translation is a reading: the note says why 'reverses' was chosen "
                        "and that the Arabic itself probably comes from machine translation "
                        "of English wire copy.",
        ),
    ))
    registry.add(Exercise(
        name="01-date-1000-days",
        question="Article 001: the war 'marked 1,000 days yesterday, Tuesday'. Counting "
                 "24 February 2022 as day 1, on what date was day 1,000?",
        checker=expect_date(
            _day_1000,
            hints={1: "Adding 1,000 days to day 1 gives day 1,001. Day 1 plus 999 days is day "
                      "1,000; check: `.strftime('%A')` should say Tuesday."},
            hint="Use `date(2022, 2, 24) + timedelta(days=...)`, and check the weekday with "
                 "`.strftime('%A')`: the text says Tuesday.",
            explanation="It is a Tuesday, as the text says, so the counting convention fits; "
                        "'yesterday' then dates the article to the next day.",
        ),
    ))
    registry.add(Exercise(
        name="01-date-000-tuesday",
        question="Article 000: the US 'announced friday' its decision (Friday 7 July 2023) and "
                 "Sullivan spoke 'on Tuesday'. Which date is the first Tuesday after it?",
        checker=expect_date(
            lambda: _published("000"),
            hints={-7: "That is the Tuesday *before* the Friday announcement, but Sullivan "
                       "was commenting on a decision already made.",
                   7: "That is a week too late: take the first Tuesday after the Friday."},
            hint="Start from `date(2023, 7, 7)` and add days until `.strftime('%A')` is "
                 "'Tuesday' (or use `weekday()`: Tuesday is 1).",
            explanation="This is the date in metadata.csv for 000, marked inferred-medium: "
                        "the text gives weekdays, never a date, so the inference rests on "
                        "knowing when the decision was announced.",
        ),
    ))
    registry.add(Exercise(
        name="01-opinion-sentences",
        question="Which sentences of article 002 are the outlet's own opinion: they tell "
                 "someone what to do, and no one is quoted for them?",
        checker=_opinion_checker,
    ))
