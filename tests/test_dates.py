"""Every module reads dates the same way."""

from datetime import date, datetime

import pandas as pd
import pytest

from treatylens.dates import as_date


@pytest.mark.parametrize(
    "value", [date(2024, 11, 20), datetime(2024, 11, 20, 7, 16), pd.Timestamp("2024-11-20"),
              "2024-11-20", " 2024-11-20 "])
def test_accepts_every_form_and_returns_a_plain_date(value) -> None:
    result = as_date(value)
    assert result == date(2024, 11, 20) and type(result) is date


@pytest.mark.parametrize("value", [20241120, "20/11/2024", "2024-02-30", "", None])
def test_rejects_with_an_example_of_the_right_form(value) -> None:
    with pytest.raises(ValueError, match="is not a date; give"):
        as_date(value)
