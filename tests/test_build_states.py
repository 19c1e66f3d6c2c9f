"""The M49 cross-check of tools/build_states.py, on small hand-made tables.

The tool itself runs in a throwaway environment (it reads files shipped in country_converter,
pycountry and hdx-python-country); its checking functions are pure and tested here, so that a
check that could never fail (the old continent-only comparison let Nauru's sub-region slip
through) is caught in the course's own test run.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    path = ROOT / "tools" / "build_states.py"
    spec = importlib.util.spec_from_file_location("build_states", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


def _row(iso3: str, m49: str, region: str, subregion: str, intermediate: str = "") -> dict:
    return {"iso3": iso3, "m49": m49, "region": region, "subregion": subregion,
            "intermediate_region": intermediate}


TAXONOMY = {
    "NRU": _row("NRU", "520", "Oceania", "Micronesia"),
    "TON": _row("TON", "776", "Oceania", "Polynesia"),
    "BRA": _row("BRA", "076", "Americas", "Latin America and the Caribbean", "South America"),
}


def test_a_wrong_subregion_within_the_right_region_is_reported():
    rows = [_row("NRU", "520", "Oceania", "Polynesia"), _row("TON", "776", "Oceania", "Polynesia")]
    problems = TOOL.m49_disagreements(rows, TAXONOMY)
    assert set(problems) == {"NRU"}
    assert "Polynesia" in problems["NRU"][0] and "Micronesia" in problems["NRU"][0]


def test_intermediate_region_m49_code_and_missing_states_are_checked_too():
    rows = [
        _row("BRA", "076", "Americas", "Latin America and the Caribbean", "Central America"),
        _row("TON", "777", "Oceania", "Polynesia"),
        _row("XXX", "999", "Oceania", "Polynesia"),
    ]
    problems = TOOL.m49_disagreements(rows, TAXONOMY)
    assert set(problems) == {"BRA", "TON", "XXX"}
    assert problems["BRA"][0].startswith("intermediate_region")
    assert problems["TON"][0].startswith("m49")


def test_only_listed_converter_errors_are_corrected():
    rows = [_row("NRU", "520", "Oceania", "Polynesia"), _row("TON", "776", "Oceania", "Polynesia")]
    fixed = {r["iso3"]: r for r in TOOL.apply_m49(rows, TAXONOMY)}
    assert fixed["NRU"]["subregion"] == TAXONOMY["NRU"]["subregion"]
    assert fixed["TON"] == rows[1]
    unlisted = [*rows, _row("BRA", "076", "Americas", "Northern America")]
    with pytest.raises(SystemExit, match="BRA"):
        TOOL.apply_m49(unlisted, TAXONOMY)


def test_a_correction_that_is_no_longer_needed_stops_the_tool():
    rows = [_row("NRU", "520", "Oceania", "Micronesia")]
    with pytest.raises(SystemExit, match="NRU"):
        TOOL.apply_m49(rows, TAXONOMY)


def test_committed_states_use_only_m49_subregions_of_their_region():
    """The committed file (no packages needed): every sub-region sits in its M49 region."""
    with (ROOT / "data" / "treaties" / "states.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    wrong = [r["iso3"] for r in rows if TOOL.REGION_OF.get(r["subregion"]) != r["region"]]
    assert wrong == []
    for iso3 in TOOL.CONVERTER_ERRORS:
        assert iso3 in {r["iso3"] for r in rows}
