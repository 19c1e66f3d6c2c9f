"""Strict checks for assignment tests: the right value *and* the right type.

Hidden tests must not be fooled by an object whose `__eq__` always returns True, a numeric
string, or a one-element Series where a number is asked; public tests must say what is wrong
in words a student can act on. Every function here raises `AssertionError` with such a
message, or returns None when the answer passes. Types are checked with `type(...)`, not
`isinstance`, where a subclass could carry a forged `__eq__`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

_INTS = (int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
_FLOATS = (float, np.float32, np.float64)


def _kind(value: Any) -> str:
    if value is Ellipsis:
        return "still `...` (the placeholder)"
    if value is None:
        return "None (is the variable assigned?)"
    return f"a {type(value).__module__}.{type(value).__qualname__}".replace("builtins.", "")


def _short(value: Any, limit: int = 60) -> str:
    """A student's value as shown in a message: its repr, cut so a message never carries a
    whole file the submission managed to read."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def answered(value: Any, name: str) -> None:
    """Fail with a clear message while `name` is still the `...` placeholder or None."""
    if value is Ellipsis or value is None:
        raise AssertionError(f"{name} is {_kind(value)}: replace it with your answer.")


def integer(value: Any, name: str) -> int:
    """`value` must be a whole number (Python or NumPy int, not bool, str or Series)."""
    answered(value, name)
    if type(value) not in _INTS:
        hint = ""
        if isinstance(value, str):
            hint = " Remove the quotes: a number, not text."
        elif isinstance(value, (pd.Series, pd.DataFrame)):
            hint = " Take the single number out of it (e.g. with .iloc[0], or len(...))."
        elif type(value) in _FLOATS:
            hint = " Counts are whole numbers: use int(...) if you computed a float."
        raise AssertionError(f"{name} should be a whole number; it is {_kind(value)}.{hint}")
    return int(value)


def number(value: Any, name: str) -> float:
    """`value` must be an int or a float (not bool, text or a pandas object)."""
    answered(value, name)
    if type(value) not in _INTS + _FLOATS:
        hint = " Remove the quotes." if isinstance(value, str) else ""
        raise AssertionError(f"{name} should be a number; it is {_kind(value)}.{hint}")
    result = float(value)
    if math.isnan(result):
        raise AssertionError(f"{name} is NaN (not a number): check the calculation.")
    return result


def in_range(value: Any, name: str, low: float, high: float) -> float:
    """A number between `low` and `high` (inclusive); says which side it fell out of."""
    result = number(value, name)
    if not low <= result <= high:
        raise AssertionError(
            f"{name} = {result:g} is outside the possible range {low:g} to {high:g}."
        )
    return result


def text(value: Any, name: str, choices: Iterable[str] | None = None) -> str:
    """`value` must be a str; with `choices`, one of them (listed in the message)."""
    answered(value, name)
    if type(value) is not str:
        raise AssertionError(f"{name} should be text in quotes; it is {_kind(value)}.")
    if choices is not None:
        allowed = list(choices)
        if value not in allowed:
            raise AssertionError(
                f"{name} = {_short(value)} is not one of the options: "
                f"{', '.join(map(repr, allowed))}."
            )
    return value


def day(value: Any, name: str) -> date:
    """`value` must be a date (datetime.date or pandas Timestamp) or 'YYYY-MM-DD' text."""
    answered(value, name)
    if type(value) is pd.Timestamp or type(value) is datetime:
        return value.date()
    if type(value) is date:
        return value
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise AssertionError(
        f"{name} should be a date, e.g. date(2024, 11, 20) or '2024-11-20'; it is {_kind(value)}."
    )


def string_set(value: Any, name: str) -> frozenset[str]:
    """`value` must be a list, tuple or set of str; returned as a frozenset (order ignored)."""
    answered(value, name)
    if type(value) not in (list, tuple, set, frozenset):
        raise AssertionError(
            f"{name} should be a list of texts, e.g. ['a', 'b']; it is {_kind(value)}."
        )
    bad = [item for item in value if type(item) is not str]
    if bad:
        raise AssertionError(
            f"{name} should hold only texts in quotes; {_short(bad[0])} is {_kind(bad[0])}."
        )
    return frozenset(value)


def frame(value: Any, name: str, columns: Iterable[str] = (), rows: int | None = None,
          geo: bool = False) -> pd.DataFrame:
    """`value` must be a (Geo)DataFrame with at least `columns` and, if given, `rows` rows."""
    answered(value, name)
    expected_type = "GeoDataFrame" if geo else "DataFrame"
    allowed: tuple[type, ...] = (pd.DataFrame,)
    if geo:
        import geopandas as gpd

        allowed = (gpd.GeoDataFrame,)
    else:
        try:
            import geopandas as gpd

            allowed = (pd.DataFrame, gpd.GeoDataFrame)
        except ImportError:  # pragma: no cover - geopandas is a course dependency
            pass
    if type(value) not in allowed:
        raise AssertionError(f"{name} should be a {expected_type}; it is {_kind(value)}.")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise AssertionError(
            f"{name} lacks the column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, value.columns))}."
        )
    if rows is not None and len(value) != rows:
        raise AssertionError(f"{name} should have {rows} rows; it has {len(value)}.")
    return value


def equal(actual: Any, expected: Any, name: str) -> None:
    """Exact equality for plain values after the type checks above (never trusts `__eq__`
    of the student's object: `expected` is on the left and both must share a type)."""
    if type(actual) is not type(expected):
        raise AssertionError(f"{name} has the wrong type ({_kind(actual)}).")
    if not (expected == actual):
        raise AssertionError(f"{name} is not the expected value.")
