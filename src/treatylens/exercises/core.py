"""The machinery behind `check("name", answer)`: feedback objects, answer checkers, a registry.

Self-check exercises exist to teach, not to grade, so every checker explains itself: it says
what is right, or gives a hint specific to the mistake (a fraction where a percentage was
asked, an id that does not belong, a placeholder left in place). Equivalent answers pass: a
list in another order, a number within the stated tolerance, "000" or 0 for an article id.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from treatylens.dates import as_date

Answer = Any
Checker = Callable[[Answer], "Feedback"]


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check; shows itself as a short Markdown line in a notebook."""

    correct: bool
    message: str
    name: str = ""

    def __str__(self) -> str:
        mark = "Correct" if self.correct else "Not yet"
        label = f"{self.name}: " if self.name else ""
        return f"{mark}: {label}{self.message}"

    def _repr_markdown_(self) -> str:
        mark = "✅ **Correct**" if self.correct else "💡 **Not yet**"
        label = f" (`{self.name}`)" if self.name else ""
        return f"{mark}{label}: {self.message}"


@dataclass(frozen=True)
class Exercise:
    """A named exercise: the question it asks and the checker that judges an answer."""

    name: str
    question: str
    checker: Checker
    lesson: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


class UnknownExerciseError(KeyError):
    """Raised for a name that no lesson registered; the message lists close names."""

    def __str__(self) -> str:  # KeyError would otherwise print the message in quotes
        return str(self.args[0])


def _placeholder_hint(answer: Answer) -> Feedback | None:
    """Catch the answers that mean "not answered yet" before any checker runs."""
    if answer is Ellipsis:
        return Feedback(False, "replace the `...` with your answer, then run the cell again.")
    if answer is None:
        return Feedback(
            False,
            "your answer is `None`. Did the cell end with a function that prints instead of "
            "returning, or is a variable not assigned yet?",
        )
    return None


def _as_number(answer: Answer) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, str):
        try:
            return float(answer.strip().rstrip("%").replace(",", ""))
        except ValueError:
            return None
    try:  # numpy scalars, one-element arrays or Series
        return float(answer)
    except (TypeError, ValueError):
        return None


def expect_number(
    expected: float | Callable[[], float],
    *,
    tolerance: float = 0.0,
    unit: str = "",
    percent: bool = False,
    hint: str = "",
    explanation: str = "",
) -> Checker:
    """A checker for a number, right within `tolerance`.

    With `percent=True` the answer is a percentage; a fraction (0.2 for 20 %) earns a hint
    about the scale rather than a plain "no". `expected` may be a function so that answer keys
    are computed from the course data, never typed in twice.
    """

    def check(answer: Answer) -> Feedback:
        target = float(expected() if callable(expected) else expected)
        value = _as_number(answer)
        if value is None:
            return Feedback(
                False,
                f"expected a number, but got {type(answer).__name__} {answer!r}. "
                "Give just the number (for example `42` or `3.5`).",
            )
        if math.isnan(value):
            return Feedback(False, "your answer is NaN (not a number): check for missing data.")
        suffix = f" {unit}" if unit else ""
        if abs(value - target) <= tolerance:
            within = f" (within ±{tolerance:g}{suffix})" if tolerance else ""
            return Feedback(True, f"{value:g}{suffix} is right{within}. {explanation}".strip())
        if percent and target and abs(value * 100 - target) <= tolerance + 1e-9:
            return Feedback(
                False,
                f"{value:g} looks like a fraction; the question asks for a percentage "
                f"(multiply by 100).",
            )
        direction = "too high" if value > target else "too low"
        message = f"{value:g}{suffix} is {direction}."
        return Feedback(False, f"{message} {hint}".strip())

    return check


def _normalise_item(item: Answer, normaliser: Callable[[Answer], Answer] | None) -> Answer:
    if normaliser is not None:
        return normaliser(item)
    if isinstance(item, str):
        return item.strip().casefold()
    return item


def expect_set(
    expected: Iterable[Answer] | Callable[[], Iterable[Answer]],
    *,
    normaliser: Callable[[Answer], Answer] | None = None,
    item_name: str = "item",
    hint: str = "",
    explanation: str = "",
) -> Checker:
    """A checker for a collection whose order does not matter.

    Wrong extras are named (they are the student's own), missing ones are only counted, so
    the feedback helps without giving the answer away.
    """

    def check(answer: Answer) -> Feedback:
        if isinstance(answer, str) or not isinstance(answer, Iterable):
            return Feedback(
                False,
                f"expected a list of {item_name}s, for example `[a, b]`, "
                f"but got {type(answer).__name__} {answer!r}.",
            )
        target_items = list(expected() if callable(expected) else expected)
        try:
            target = {_normalise_item(x, normaliser) for x in target_items}
            given = [_normalise_item(x, normaliser) for x in answer]
        except (TypeError, ValueError) as error:
            return Feedback(False, f"one of your {item_name}s could not be read: {error}")
        duplicates = len(given) - len(set(given))
        extra = [x for x in dict.fromkeys(given) if x not in target]
        missing = len(target - set(given))
        if not extra and not missing:
            note = f" (one {item_name} was listed twice, which does no harm)" if duplicates else ""
            return Feedback(True, f"all {len(target)} {item_name}s, nothing extra{note}. "
                            f"{explanation}".strip())
        parts = []
        if extra:
            shown = ", ".join(repr(x) for x in extra)
            parts.append(f"{shown} {'does' if len(extra) == 1 else 'do'} not belong")
        if missing:
            parts.append(f"{missing} {item_name}{'s are' if missing > 1 else ' is'} missing")
        return Feedback(False, f"{'; '.join(parts)}. {hint}".strip())

    return check


def expect_choice(
    expected: str | Callable[[], str],
    options: Iterable[str],
    *,
    hints: dict[str, str | Callable[[], str]] | None = None,
    explanation: str = "",
) -> Checker:
    """A checker for a multiple-choice answer given as its letter or text, any case.

    `hints` maps each wrong option to the misunderstanding it usually reveals. The right option
    and any hint may be functions, computed from the data when the answer is checked, so that
    registering exercises never reads a data file.
    """
    option_list = [o.strip().casefold() for o in options]
    if not callable(expected) and expected.strip().casefold() not in option_list:
        raise ValueError(f"expected answer {expected!r} is not among the options {option_list}")

    def check(answer: Answer) -> Feedback:
        target = (expected() if callable(expected) else expected).strip().casefold()
        if target not in option_list:
            raise ValueError(f"computed answer {target!r} is not among the options {option_list}")
        if not isinstance(answer, str):
            return Feedback(False, f"give one of the options as text: {', '.join(option_list)}.")
        given = answer.strip().casefold()
        if given not in option_list:
            return Feedback(
                False, f"{answer!r} is not one of the options: {', '.join(option_list)}."
            )
        if given == target:
            return Feedback(True, f"{answer!r} is right. {explanation}".strip())
        resolved = {k.strip().casefold(): v for k, v in (hints or {}).items()}
        hint = resolved.get(given)
        if callable(hint):
            hint = hint()
        return Feedback(False, hint or f"{answer!r} is not the best answer; reread the "
                                       "question and try another option.")

    return check


def expect_date(
    expected: date | Callable[[], date],
    *,
    hints: dict[int, str] | None = None,
    hint: str = "",
    explanation: str = "",
) -> Checker:
    """A checker for a date. `hints` maps a typical error in days (answer − key) to a hint,
    e.g. {1: "…"} for the classic off-by-one when counting days."""

    def check(answer: Answer) -> Feedback:
        try:
            given = as_date(answer)
        except ValueError as error:
            return Feedback(False, str(error))
        target = expected() if callable(expected) else expected
        if given == target:
            return Feedback(True, f"{given:%A %d %B %Y} is right. {explanation}".strip())
        off = (given - target).days
        specific = (hints or {}).get(off, "")
        days = f"{abs(off)} day{'s' if abs(off) != 1 else ''}"
        when = f"{days} too {'late' if off > 0 else 'early'}"
        return Feedback(False, f"{given:%A %d %B %Y} is {when}. {specific or hint}".strip())

    return check


class Registry:
    """All exercises by name; lessons register theirs when `treatylens.exercises` loads."""

    def __init__(self) -> None:
        self._exercises: dict[str, Exercise] = {}

    def add(self, exercise: Exercise) -> Exercise:
        if exercise.name in self._exercises:
            raise ValueError(f"exercise {exercise.name!r} is registered twice")
        self._exercises[exercise.name] = exercise
        return exercise

    def get(self, name: str) -> Exercise:
        try:
            return self._exercises[name]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(name, self._exercises, n=3)
            tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownExerciseError(
                f"there is no exercise called {name!r}.{tip} "
                "Check the name in the exercise's instructions."
            ) from None

    def names(self) -> list[str]:
        return sorted(self._exercises)

    def check(self, name: str, answer: Answer) -> Feedback:
        exercise = self.get(name)
        early = _placeholder_hint(answer)
        result = early or exercise.checker(answer)
        return Feedback(result.correct, result.message, name=name)
