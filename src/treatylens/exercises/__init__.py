"""Self-check exercises: `check("name", answer)` gives immediate, specific feedback.

Lessons call `check` from a cell right after the student's answer. It never just says
"wrong": it says what is right, or gives a hint about the likely mistake. Each lesson's
exercises live in their own module and are registered here.
"""

from __future__ import annotations

from treatylens.exercises import (
    checking_claims,
    civilian_risk,
    comparing_coverage,
    mapping_ratification,
    pandas_primer,
    reading_the_sources,
    start_here,
    the_treaties,
)
from treatylens.exercises.core import (
    Exercise,
    Feedback,
    Registry,
    UnknownExerciseError,
    describe,
    expect_choice,
    expect_date,
    expect_number,
    expect_set,
)

REGISTRY = Registry()
for _bank in (
    start_here,
    pandas_primer,
    reading_the_sources,
    the_treaties,
    mapping_ratification,
    comparing_coverage,
    checking_claims,
    civilian_risk,
):
    _bank.register(REGISTRY)


def check(name: str, answer: object) -> Feedback:
    """Check `answer` against the exercise called `name` and return the feedback.

    In a notebook the returned object shows as one line: ✅ with what is right, or 💡 with
    a hint. `feedback.correct` tells a program whether the answer passed. A misspelt or
    missing name is answered the same way (one line naming the close names), because a
    traceback for a typing slip teaches nothing.
    """
    return REGISTRY.check(name, answer)


def exercise_names() -> list[str]:
    """Every registered exercise name, for instructors and tests."""
    return REGISTRY.names()


__all__ = [
    "REGISTRY",
    "Exercise",
    "Feedback",
    "Registry",
    "UnknownExerciseError",
    "check",
    "describe",
    "exercise_names",
    "expect_choice",
    "expect_date",
    "expect_number",
    "expect_set",
]
