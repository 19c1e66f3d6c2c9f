"""Lesson 01 helpers: provenance cards, boilerplate shares, relays, dates, opinion markers."""

from __future__ import annotations

from datetime import date

import pytest

from treatylens import reading
from treatylens.io.sources import load_article, load_boilerplate, load_metadata


def test_card_shows_empty_fields_as_not_named() -> None:
    card = reading.provenance_card("000")
    assert card.loc["outlet", "value"] == reading.NOT_NAMED
    assert card.loc["published", "value"] == "2023-07-11"
    assert "characters" in card.loc["boilerplate", "value"]
    with pytest.raises(KeyError, match="known"):
        reading.provenance_card("999")


def test_boilerplate_summary_counts_overlaps_once() -> None:
    assert reading._merged_length([(0, 5), (3, 8), (10, 12)]) == 10
    summary = reading.boilerplate_summary()
    assert list(summary.index) == list(load_metadata()["id"])
    spans = load_boilerplate()
    no_boilerplate = set(summary.index) - set(spans["article"])
    assert (summary.loc[sorted(no_boilerplate), "boilerplate_percent"] == 0).all()
    assert summary.loc["003", "boilerplate_chars"] <= len(load_article("003"))
    assert (summary["boilerplate_percent"].between(0, 100)).all()


def test_relay_table_traces_tass_to_a_us_official() -> None:
    relays = reading.relay_table(relayed_only=True)
    assert reading.NO_CHANNEL not in set(relays["channel"])
    tass = relays[relays["channel"] == "TASS"]
    assert set(tass["article"]) == {"000"} and set(tass["speaker_type"]) == {"us-government"}
    full = reading.relay_table()
    assert full["attributions"].sum() == len(reading.load_attributions())


def test_speaker_types_is_a_count_table() -> None:
    counts = reading.speaker_types()
    assert counts.to_numpy().sum() == len(reading.load_attributions())


@pytest.mark.parametrize("anchor, weekday, direction, expected", [
    ("2023-07-07", "Tuesday", "after", date(2023, 7, 11)),
    ("2023-07-07", "Friday", "after", date(2023, 7, 14)),
    ("2023-07-07", "tue", "before", date(2023, 7, 4)),
    (date(2024, 11, 20), "Tuesday", "before", date(2024, 11, 19)),
])
def test_weekday_relative(anchor, weekday, direction, expected) -> None:
    assert reading.weekday_relative(anchor, weekday, direction) == expected


def test_weekday_errors() -> None:
    with pytest.raises(ValueError, match="day of the week"):
        reading.weekday_number("Funday")
    with pytest.raises(ValueError, match="direction"):
        reading.weekday_relative("2024-01-01", "Monday", "sideways")


def test_nth_day_counts_the_first_day_as_one() -> None:
    day = reading.nth_day("2022-02-24", 1000)
    assert day == date(2024, 11, 19) and day.strftime("%A") == "Tuesday"
    assert reading.nth_day(date(2024, 1, 1), 1) == date(2024, 1, 1)
    with pytest.raises(ValueError):
        reading.nth_day("2024-01-01", 0)


def test_opinion_markers_find_the_prescriptive_ending_of_002() -> None:
    markers = reading.opinion_markers("002")
    flagged = markers[(markers["prescriptive"] != "") & ~markers["attributed"]]
    last = markers["paragraph"].max()
    assert set(flagged["paragraph"]) <= {last - 1, last}
    # "US" is not the first person "us"
    assert not markers["first person"].str.contains("us", case=False).any()
