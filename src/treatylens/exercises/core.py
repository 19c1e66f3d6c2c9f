"""The machinery behind `check("name", answer)`: feedback objects, answer checkers, a registry.

Self-check exercises exist to teach, not to grade, so every checker explains itself: it says
what is right, or gives a hint specific to the mistake (a fraction where a percentage was
asked, an id that does not belong, a placeholder left in place). Equivalent answers pass: a
list in another order, a number within the stated tolerance, "000" or 0 for an article id.

Feedback speaks the course's words, never Python's: a student who types `["x"]` reads that
'x' is not a sentence number, not "invalid literal for int() with base 10". An answer is
described in a few words ("a column (Series) of 197 values"), never printed whole, and a
result object is answered by pointing at the attribute that holds what was asked
(`.expected`). Harmless differences of form are accepted with a note that teaches the
difference: "(b)" for "b", the text "5.8%" for the number 5.8.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

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


class UnknownExerciseError(KeyError):
    """Raised for a name that no lesson registered; the message lists close names."""

    def __str__(self) -> str:  # KeyError would otherwise print the message in quotes
        return str(self.args[0])


#: How long a student's own text or list may be before feedback describes it instead.
SHOWN_CHARS = 60

#: Fragments of Python's and pandas' own error messages. A normaliser's message that contains
#: one of them is Python talking, not the course, and is replaced by the course's wording.
_PYTHON_WORDING = re.compile(
    r"invalid literal|could not convert|argument must be|object is not|unhashable|"
    r"has no attribute|not supported between|base \d+|\w\(\)|NoneType|dtype"
)


def _fields(answer: Answer) -> dict[str, Any]:
    """The named fields of a result object (a NamedTuple or a dataclass), else nothing."""
    if isinstance(answer, tuple) and hasattr(answer, "_fields"):
        return dict(zip(answer._fields, answer, strict=False))
    if dataclasses.is_dataclass(answer) and not isinstance(answer, type):
        return {f.name: getattr(answer, f.name) for f in dataclasses.fields(answer)}
    return {}


def describe(answer: Answer) -> str:
    """Name an answer in a few words, so that feedback never prints a whole table or object.

    A student who passes a Series of 197 states needs to hear "a column (Series) of 197
    values", not to scroll past 197 lines to find the hint.
    """
    if answer is None or answer is Ellipsis:
        return "None" if answer is None else "`...`"
    if isinstance(answer, pd.DataFrame):
        rows, columns = answer.shape
        return f"a table (DataFrame) of {rows} rows and {columns} columns"
    if isinstance(answer, pd.Series):
        named = f" named {answer.name!r}" if answer.name is not None else ""
        if len(answer) == 1:
            return f"a column (Series){named} of one value"
        return f"a column (Series){named} of {len(answer)} values"
    if isinstance(answer, pd.Index):
        return f"an index of {len(answer)} values"
    if isinstance(answer, np.ndarray):
        return f"an array of {answer.size} values"
    if _fields(answer):
        return f"a {type(answer).__name__} result"
    if isinstance(answer, str):
        if len(answer) <= SHOWN_CHARS:
            return repr(answer)
        return f"a text of {len(answer)} characters beginning {answer[:40]!r}"
    if isinstance(answer, bool | numbers.Number | date):
        return repr(answer) if not isinstance(answer, date) else answer.isoformat()
    if isinstance(answer, list | tuple | set | frozenset | dict):
        shown = repr(answer)
        if len(shown) <= SHOWN_CHARS:
            return shown
        return f"a {type(answer).__name__} of {len(answer)} items"
    return f"a {type(answer).__name__} object"


def _pointer(answer: Answer, wanted: Callable[[Any], bool], what: str) -> str:
    """For a result object, name the attributes that hold `what`, e.g. "`.expected`, `.low`".

    The attribute called `expected` (or `value`) is the usual answer, so it is the example.
    """
    fields = [name for name, value in _fields(answer).items() if wanted(value)]
    if not fields:
        return ""
    listed = ", ".join(f"`.{name}`" for name in fields)
    example = next((f for f in ("expected", "value") if f in fields), fields[0])
    return (f" It holds {what} in {listed}: give the one the question asks for, e.g. "
            f"`result.{example}`.")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _course_reason(error: Exception) -> str:
    """The normaliser's own message if it is in the course's words, else ""."""
    text = str(error).strip()
    return "" if not text or _PYTHON_WORDING.search(text) else text


def _contains_placeholder(items: list[Answer]) -> bool:
    return any(item is Ellipsis for item in items)


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


_NUMBER_TEXT = re.compile(r"(?=.*\d)[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?")


def _read_number(answer: Answer) -> tuple[float | None, str]:
    """The number in an answer, and a note when it had to be read out of another form.

    The note teaches the difference instead of failing the answer: text "5.8%" is read as
    5.8, a Series holding one value as that value.
    """
    if isinstance(answer, bool | np.bool_):  # True is 1 to Python, but never a count
        return None, ""
    if isinstance(answer, numbers.Real):
        return float(answer), ""
    if isinstance(answer, str):
        text = answer.strip()
        percent = text.endswith("%")
        core = text.removesuffix("%").strip()
        if not core or not _NUMBER_TEXT.fullmatch(core):
            return None, ""
        value = float(core.replace(",", ""))
        removed = ["the quotes"]
        if percent:
            removed.append("the % sign")
        if "," in core:
            removed.append("the thousands commas")
        return value, (f"(Your answer was text, {answer!r}; the check read it as the number "
                       f"{value:g}. In Python a number is written without "
                       f"{', '.join(removed[:-1]) + ' or ' if len(removed) > 1 else ''}"
                       f"{removed[-1]}: `{value:g}`.)")
    if isinstance(answer, pd.Series | pd.Index | np.ndarray) and np.size(answer) == 1:
        item = np.asarray(answer).reshape(-1)[0]
        value, _ = _read_number(item.item() if isinstance(item, np.generic) else item)
        if value is None:
            return None, ""
        return value, (f"(Your answer was {describe(answer)}, not a number; the check read "
                       "that value. `.item()` gives the number itself.)")
    if isinstance(answer, np.generic) and np.ndim(answer) == 0:  # numpy scalars
        try:
            return float(answer), ""
        except (TypeError, ValueError):
            return None, ""
    return None, ""


def _not_a_number(answer: Answer) -> str:
    """Why an answer is not one number, in the course's words, with the way to get one."""
    start = f"expected a number, but got {describe(answer)}."
    if isinstance(answer, pd.DataFrame):
        return (f"{start} The question asks for one number: count rows with `len(table)`, or "
                "pick one cell with `table.loc[row, \"column\"]`.")
    if isinstance(answer, pd.Series) and answer.dtype == bool:
        return (f"{start} It is a condition (True/False for each row): count the True values "
                "with `.sum()`, or select rows with it, `table[condition]`.")
    if isinstance(answer, pd.Series | pd.Index | np.ndarray | list | tuple | set) \
            and not _fields(answer):
        return (f"{start} The question asks for one number: pick one value (e.g. "
                "`.loc[...]`, `[0]`) or summarise them (`len(...)`, `.sum()`, `.mean()`).")
    pointer = _pointer(answer, _is_number, "numbers")
    if pointer:
        return start + pointer
    return f"{start} Give just the number (for example `42` or `3.5`)."


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
    are computed from the course data, never typed in twice. A number given as text ("5.8%",
    "1,000") is read, with a note on how Python writes numbers.
    """

    def check(answer: Answer) -> Feedback:
        target = float(expected() if callable(expected) else expected)
        value, note = _read_number(answer)
        if value is None:
            return Feedback(False, _not_a_number(answer))
        if math.isnan(value):
            return Feedback(False, "your answer is NaN (not a number): check for missing data.")
        suffix = f" {unit}" if unit else ""
        if abs(value - target) <= tolerance:
            within = f" (within ±{tolerance:g}{suffix})" if tolerance else ""
            return Feedback(True, _join(f"{value:g}{suffix} is right{within}.", explanation,
                                        note))
        if not percent and note and str(answer).strip().endswith("%") \
                and abs(value / 100 - target) <= tolerance:
            return Feedback(True, _join(
                f"{answer.strip()} is right: it is {value / 100:g} written as a percentage.",
                explanation, f"(In Python, write it as the number `{value / 100:g}`.)"))
        if percent and target and abs(value * 100 - target) <= tolerance + 1e-9:
            return Feedback(
                False,
                _join(f"{value:g} looks like a fraction; the question asks for a percentage "
                      f"(multiply by 100).", note),
            )
        direction = "too high" if value > target else "too low"
        return Feedback(False, _join(f"{value:g}{suffix} is {direction}.", hint, note))

    return check


def _join(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _normalise_item(item: Answer, normaliser: Callable[[Answer], Answer] | None) -> Answer:
    if normaliser is not None:
        return normaliser(item)
    if isinstance(item, str):
        return item.strip().casefold()
    return item


def _not_a_list(answer: Answer, item_name: str) -> str | None:
    """Why an answer cannot be read as a collection of items, or None if it can."""
    example = f"expected a list of {item_name}s, for example `[a, b]`"
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        pointer = _pointer(answer, lambda v: isinstance(v, Iterable) and not isinstance(v, str),
                           "lists")
        return f"{example}, but got {describe(answer)}.{pointer}"
    if isinstance(answer, pd.DataFrame):
        return (f"{example}, but got {describe(answer)}. Give a list: `list(table.index)` for "
                "its row labels, or `list(table[\"column\"])` for one column.")
    if isinstance(answer, pd.Series) and answer.dtype == bool:
        return (f"{example}, but got {describe(answer)} of True/False: that is a condition, "
                "not the items. Use it to select them, e.g. `list(table.index[condition])`.")
    if _fields(answer):
        pointer = _pointer(answer, lambda v: isinstance(v, Iterable) and not isinstance(v, str),
                           "lists")
        return f"{example}, but got {describe(answer)}.{pointer}"
    return None


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
    the feedback helps without giving the answer away. An item the normaliser cannot read is
    named with the normaliser's reason when that reason is in the course's words, and with
    the course's own sentence when it is Python's.
    """

    def check(answer: Answer) -> Feedback:
        problem = _not_a_list(answer, item_name)
        if problem:
            return Feedback(False, problem)
        items = list(answer)  # once: a generator can be read only once
        if _contains_placeholder(items):
            return Feedback(False, "your list still holds a `...`: replace it with your "
                                   "answer, then run the cell again.")
        target_items = list(expected() if callable(expected) else expected)
        target = {_normalise_item(x, normaliser) for x in target_items}
        given = []
        for item in items:
            try:
                given.append(_normalise_item(item, normaliser))
            except (TypeError, ValueError) as error:
                reason = _course_reason(error) or f"it is not a {item_name}"
                return Feedback(False, f"one of your {item_name}s, {describe(item)}, could not "
                                       f"be read: {reason}.".replace("..", "."))
        try:
            distinct = set(given)
        except TypeError:  # an unhashable item the normaliser let through (a list in a list)
            return Feedback(False, f"each {item_name} should be a single value, not a list "
                                   "inside the list.")
        duplicates = len(given) - len(distinct)
        extra = [x for x in dict.fromkeys(given) if x not in target]
        missing = len(target - distinct)
        if not extra and not missing:
            note = f" (one {item_name} was listed twice, which does no harm)" if duplicates else ""
            return Feedback(True, f"all {len(target)} {item_name}s, nothing extra{note}. "
                            f"{explanation}".strip())
        parts = []
        if extra:
            if len(extra) > 8:
                shown = ", ".join(repr(x) for x in extra[:8]) + f" and {len(extra) - 8} more"
            else:
                shown = ", ".join(repr(x) for x in extra)
            parts.append(f"{shown} {'does' if len(extra) == 1 else 'do'} not belong")
        if missing:
            parts.append(f"{missing} {item_name}{'s are' if missing > 1 else ' is'} missing")
        return Feedback(False, f"{'; '.join(parts)}. {hint}".strip())

    return check


#: Ways of writing an option that mean the option itself: "(b)", "b)", "b.", "'b'", "option b".
_OPTION_DRESS = re.compile(r"""^(?:option\s+)?[\s("'\[]*(?P<core>.*?)[\s)"'\].:]*$""",
                           re.IGNORECASE)


def _undress(text: str) -> str:
    match = _OPTION_DRESS.match(text.strip())
    return (match.group("core") if match else text).strip().casefold()


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
    registering exercises never reads a data file. "(b)", "b)" or "option b" are read as "b",
    with a note: the brackets are how the question shows an option, not part of it.
    """
    spelled = {o.strip().casefold(): o.strip() for o in options}  # shown as the lesson spells them
    option_list = list(spelled)
    if not callable(expected) and expected.strip().casefold() not in option_list:
        raise ValueError(f"expected answer {expected!r} is not among the options {option_list}")

    def check(answer: Answer) -> Feedback:
        target = (expected() if callable(expected) else expected).strip().casefold()
        if target not in option_list:
            raise ValueError(f"computed answer {target!r} is not among the options {option_list}")
        listed = ", ".join(spelled.values())
        if not isinstance(answer, str):
            pointer = _pointer(answer, lambda v: isinstance(v, str), "text")
            return Feedback(False, f"give one of the options as text, in quotes: {listed} "
                                   f"(you gave {describe(answer)}).{pointer}")
        given = answer.strip().casefold()
        note = ""
        if given not in option_list and _undress(answer) in option_list:
            given = _undress(answer)
            note = (f"(Read {answer!r} as {spelled[given]!r}: an option is given without brackets, "
                    "quotes or full stops.)")
        if given not in option_list:
            return Feedback(False, f"{describe(answer)} is not one of the options: {listed}.")
        if given == target:
            return Feedback(True, _join(f"{spelled[given]!r} is right.", explanation, note))
        resolved = {k.strip().casefold(): v for k, v in (hints or {}).items()}
        hint = resolved.get(given)
        if callable(hint):
            hint = hint()
        fallback = (f"{spelled[given]!r} is not the best answer; reread the question and try "
                    "another option.")
        return Feedback(False, _join(hint or fallback, note))

    return check


def _not_a_date(answer: Answer) -> str:
    start = f"{describe(answer)} is not a date"
    if isinstance(answer, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", answer):
        return f"{start}: the calendar has no such day. Check the month and the day."
    if isinstance(answer, pd.Series | pd.Index | pd.DataFrame | list | tuple) \
            and not _fields(answer):
        return (f"{start}; the question asks for one date: pick one value (e.g. `.iloc[0]`, "
                "`[0]`), as date(2024, 1, 31) or '2024-01-31'.")
    pointer = _pointer(answer, lambda v: isinstance(v, date), "dates")
    return f"{start}; give date(2024, 1, 31) or '2024-01-31'.{pointer}"


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
        except ValueError:
            return Feedback(False, _not_a_date(answer))
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

    def _lookup(self, name: object) -> Exercise | None:
        """The exercise for a name typed with stray spaces or capitals, or None."""
        if not isinstance(name, str):
            return None
        return self._exercises.get(name.strip().casefold())

    def unknown_name_message(self, name: object, answer: Answer = None) -> str:
        """One line for a name no lesson registered: what went wrong and the close names.

        A misspelt name is a typing slip, not an error in the student's thinking: it gets
        the names it is close to (or the names of its lesson), never a traceback.
        """
        example = next(iter(sorted(self._exercises)), "00-warmup-arabic-share")
        if self._lookup(answer) is not None:
            return (f"the exercise name comes first and your answer second: "
                    f"check({answer.strip()!r}, your_answer).")
        if not isinstance(name, str):
            return (f"the first thing in `check(...)` is the exercise's name, in quotes, e.g. "
                    f"check({example!r}, your_answer); it was {describe(name)}.")
        typed = name.strip().casefold()
        close = difflib.get_close_matches(typed, self._exercises, n=3, cutoff=0.6)
        if not close:
            lesson = typed.split("-", 1)[0]
            close = [n for n in sorted(self._exercises) if n.split("-", 1)[0] == lesson]
        if close:
            shown = ", ".join(repr(c) for c in close[:8])
            more = f" (and {len(close) - 8} more)" if len(close) > 8 else ""
            tip = f" Did you mean {shown}{more}?"
        else:
            tip = " Exercise names start with the lesson number, e.g. " + repr(example) + "."
        return (f"there is no exercise called {name!r}.{tip} Copy the name from the "
                "exercise's instructions.")

    def get(self, name: str) -> Exercise:
        """The exercise called `name`; raises UnknownExerciseError (for programs, not students)."""
        exercise = self._lookup(name)
        if exercise is None:
            raise UnknownExerciseError(self.unknown_name_message(name))
        return exercise

    def names(self) -> list[str]:
        return sorted(self._exercises)

    def check(self, name: str, answer: Answer) -> Feedback:
        """Feedback on `answer`; a wrong or missing name is feedback too, not a traceback."""
        exercise = self._lookup(name)
        if exercise is None:
            return Feedback(False, self.unknown_name_message(name, answer))
        early = _placeholder_hint(answer)
        result = early or exercise.checker(answer)
        return Feedback(result.correct, result.message, name=exercise.name)
