"""The course map: every lesson, its question and whether its notebook exists yet.

Kept in one place so that lesson 00 and the tests agree on what the course contains.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from treatylens.paths import REPO_ROOT


@dataclass(frozen=True)
class Lesson:
    number: str
    title: str
    question: str
    minutes: int

    @property
    def filename(self) -> str:
        slug = self.title.lower().replace(" ", "_")
        return f"{self.number}_{slug}.ipynb"


LESSONS = (
    Lesson("00", "Start here", "How does this course work, and what are its sources?", 30),
    Lesson("00b", "Pandas primer",
           "How do I select, count and compare the rows of a table?", 40),
    Lesson("01", "Reading the sources", "Who wrote each article, when, and quoting whom?", 60),
    Lesson("02", "The treaties", "What do the two conventions ban, and who has joined?", 60),
    Lesson("03", "Mapping ratification", "How do we map who has joined, and what can a map hide?",
           60),
    Lesson("04", "Comparing coverage", "How did different outlets tell the same event?", 75),
    Lesson("05", "Checking claims", "Were the articles right about the treaties on the day?", 60),
    Lesson("06", "Civilian risk", "Why are these weapons banned, and what do the figures say?",
           60),
)


def lesson_map() -> pd.DataFrame:
    """The lessons as a table, with `available` telling whether the notebook is in the repo."""
    rows = [
        {
            "lesson": lesson.number,
            "title": lesson.title,
            "question": lesson.question,
            "minutes": lesson.minutes,
            "notebook": lesson.filename,
            "available": (REPO_ROOT / "notebooks" / lesson.filename).is_file(),
        }
        for lesson in LESSONS
    ]
    return pd.DataFrame(rows)
