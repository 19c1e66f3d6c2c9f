"""Tests for treatylens.risk: the data files in data/risk/, their loaders and the arithmetic."""

from __future__ import annotations

import csv
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from treatylens import risk
from treatylens.errors import DataFileError
from treatylens.paths import REPO_ROOT

ROOT_TESTS = Path(__file__).resolve().parent
RISK_FACTS = REPO_ROOT.parent / "shared" / "reference" / "RISK_FACTS.md"

LOADERS = {
    "monitor_figures.csv": risk.load_monitor_figures,
    "failure_rates.csv": risk.load_failure_rates,
    "submunitions_per_round.csv": risk.load_submunitions,
    "mine_self_destruct.csv": risk.load_mine_standards,
    "treaty_obligations.csv": risk.load_obligations,
}


# --------------------------------------------------------------------------- the real data


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_data_file_loads_and_is_sourced(name):
    table = LOADERS[name]()
    assert len(table) > 0
    assert (table["source"].str.strip() != "").all()
    assert (table["read_at"].str.strip() != "").all()
    assert set(table["status"]) <= set(risk.STATUS)
    # Unverified rows never carry a number, and every empty value says why.
    assert table.loc[table["status"] == "U", "value"].isna().all()
    assert (table.loc[table["value"].isna(), "note"].str.strip() != "").all()


# Treaty facts, not risk figures: the file lives in data/treaties/ (lesson 02 reads it too).
MOVED_TO_TREATIES = {"treaty_obligations.csv"}


def test_every_data_file_is_described_in_the_datasheet():
    readme = (REPO_ROOT / "data" / "risk" / "README.md").read_text(encoding="utf-8")
    on_disk = {p.name for p in (REPO_ROOT / "data" / "risk").glob("*.csv")}
    assert on_disk == set(LOADERS) - MOVED_TO_TREATIES
    for name in on_disk:
        assert f"`{name}`" in readme
    treaties_readme = (REPO_ROOT / "data" / "treaties" / "README.md").read_text(encoding="utf-8")
    for name in MOVED_TO_TREATIES:
        assert (REPO_ROOT / "data" / "treaties" / name).is_file()
        assert f"`{name}`" in treaties_readme


def _number_tokens(value: float, unit: str) -> list[str]:
    """The ways a value could be written in RISK_FACTS.md."""
    def plain(x: float) -> str:
        return f"{x:.6g}"

    if unit == "share":
        tokens = [plain(value * 100) + "%", plain(value * 100) + " percent",
                  plain(value * 100) + "–", plain(value * 100) + "-"]
        if 0 < value < 0.01:  # "1 in 1,000", "6 in a million"
            tokens.append(f"1 in {round(1 / value):,}")
            tokens.append(f"{round(value * 1e6):g} in a million")
        if value == 1.0:
            tokens.append("all recorded casualties")
        return tokens
    return [f"{value:,.0f}" if value >= 1000 else plain(value)]


@pytest.mark.skipif(not RISK_FACTS.is_file(), reason="shared/reference/RISK_FACTS.md not present")
def test_no_number_in_the_data_is_missing_from_risk_facts():
    """Every figure must come from RISK_FACTS.md: a number not found there was invented."""
    text = RISK_FACTS.read_text(encoding="utf-8")
    missing = []
    for name, loader in LOADERS.items():
        table = loader()
        for _, row in table[table["value"].notna()].iterrows():
            values = [row["value"]]
            if "value_high" in table.columns and row["value_high"] == row["value_high"]:
                values.append(row["value_high"])
            for value in values:
                tokens = _number_tokens(value, row["unit"])
                if not any(re.search(r"(?<![\d.,])" + re.escape(t), text) for t in tokens):
                    missing.append((name, row.iloc[0], value, tokens))
    assert not missing, missing


def _sourced_values() -> list[tuple[str, str, str]]:
    found = []
    for name, loader in LOADERS.items():
        table = loader()
        for _, row in table[table["value"].notna()].iterrows():
            high = row["value_high"] if "value_high" in table.columns else None
            high = "" if high is None or high != high else repr(float(high))
            found.append((name, repr(float(row["value"])), high))
    return sorted(found)


def test_every_value_is_one_checked_against_risk_facts():
    """On a clean clone, where RISK_FACTS.md is absent, the values must still be the ones that
    were checked against it: tests/fixtures/risk_values_checked.csv lists them as checked on
    2026-12-03 (by the test above, which runs where RISK_FACTS.md is present). A changed or new
    figure fails here until it has been checked against RISK_FACTS.md and added."""
    with (ROOT_TESTS / "fixtures" / "risk_values_checked.csv").open(encoding="utf-8") as f:
        checked = sorted((r["file"], r["value"], r["value_high"]) for r in csv.DictReader(f))
    assert _sourced_values() == checked


def test_landmine_monitor_totals_and_their_parts_agree():
    lm = risk.load_monitor_figures()
    world = lm[(lm["edition"] == "LM2024") & (lm["data_year"] == 2023) & (lm["iso3"] == "")]
    parts = world.set_index("measure")["value"]
    assert parts["killed"] + parts["injured"] + parts["status_unknown"] == parts["casualties"]


def test_cluster_munition_monitor_attacks_and_remnants_add_up():
    cmm = risk.load_monitor_figures()
    rows = cmm[(cmm["edition"] == "CMM2023") & (cmm["data_year"] == 2022)]
    world = rows[rows["iso3"] == ""].set_index("measure")["value"]
    ukraine = rows[rows["iso3"] == "UKR"].set_index("measure")["value"]
    assert world["casualties_attacks"] + world["casualties_remnants"] == world["casualties"]
    assert ukraine["casualties_attacks"] + ukraine["casualties_remnants"] == ukraine["casualties"]


def test_figures_marked_unverified_in_risk_facts_are_left_empty():
    rates = risk.load_failure_rates().set_index("estimate_id")
    for estimate in ("npa_m85_lebanon_field", "icrc_estimates"):
        assert rates.loc[estimate, "status"] == "U"
        assert math.isnan(rates.loc[estimate, "value"])
    mines = risk.load_mine_standards().set_index("item_id")
    for item in ("us_99_99_reliability", "faf_gao_150x"):
        assert mines.loc[item, "status"] == "U"
        assert math.isnan(mines.loc[item, "value"])
    monitor = risk.load_monitor_figures()
    ukraine_2024 = monitor[(monitor["edition"] == "CMM2025") & (monitor["iso3"] == "UKR")
                           & (monitor["measure"] == "casualties")]
    assert ukraine_2024["value"].isna().all()


def test_world_ranks_stated_by_sources_match_the_country_lists():
    monitor = risk.load_monitor_figures()
    ranks = monitor[(monitor["measure"] == "world_rank") & (monitor["monitor"] == "LM")]
    assert len(ranks) >= 4
    for _, row in ranks.iterrows():
        top = risk.top_countries(row["edition"]).set_index("iso3")
        assert top.loc[row["iso3"], "rank"] == row["value"], row["edition"]


def test_monitor_series_takes_each_year_from_its_own_edition():
    series = risk.monitor_series("casualties", "LM")
    assert series["data_year"].tolist() == [2022, 2023, 2024]
    assert series["edition"].tolist() == ["LM2023", "LM2024", "LM2025"]
    # 4,710 from LM2023, not LM2024's revision to 4,709
    assert series["value"].tolist() == [4710, 5757, 6279]
    with pytest.raises(ValueError, match="monitor"):
        risk.monitor_series("casualties", "XX")
    with pytest.raises(ValueError, match="measure"):
        risk.monitor_series("deaths")


def test_top_countries_is_sorted_and_ranked():
    top = risk.top_countries("LM2024")
    assert top["rank"].tolist() == list(range(1, len(top) + 1))
    assert top["value"].is_monotonic_decreasing
    assert top.iloc[0]["iso3"] == "MMR"
    with pytest.raises(ValueError, match="edition"):
        risk.top_countries("LM1999")


def test_submunitions_per_round_reads_the_file():
    assert risk.submunitions_per_round("M864") == 72
    assert risk.submunitions_per_round("M483A1") == 88
    with pytest.raises(KeyError, match="M999"):
        risk.submunitions_per_round("M999")


# --------------------------------------------------------------------------- loader validation

FAILURE_HEADER = ["estimate_id", "munition", "scope", "evidence", "claimant", "value",
                  "value_high", "unit", "qualifier", "reported_as", "source", "read_at",
                  "as_of", "status", "note"]


def _good_rate(estimate_id: str = "a", **changes: str) -> dict[str, str]:
    row = {"estimate_id": estimate_id, "munition": "M864", "scope": "dpicm_older",
           "evidence": "official_estimate", "claimant": "someone", "value": "0.06",
           "value_high": "", "unit": "share", "qualifier": "about", "reported_as": "6%",
           "source": "A newspaper, 1 Jan 2023", "read_at": "example.org", "as_of": "2023-01-01",
           "status": "R2", "note": ""}
    row.update(changes)
    return row


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _bad_second_row(tmp_path: Path, **changes: str) -> DataFileError:
    """Write a good first row and a bad second one; return the loader's error."""
    second = {**_good_rate("b"), **changes}
    path = _write(tmp_path / "rates.csv", FAILURE_HEADER, [_good_rate("a"), second])
    with pytest.raises(DataFileError) as info:
        risk.load_failure_rates(path)
    error = info.value
    assert error.path == path
    assert error.line == 3  # header is line 1, the second data row is line 3
    assert "rates.csv, line 3" in str(error)
    return error


def test_a_good_file_loads_with_numbers_as_floats(tmp_path):
    path = _write(tmp_path / "rates.csv", FAILURE_HEADER, [_good_rate()])
    table = risk.load_failure_rates(path)
    assert table.loc[0, "value"] == pytest.approx(0.06)
    assert math.isnan(table.loc[0, "value_high"])


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"source": ""}, "source is empty"),
        ({"read_at": "  "}, "read_at is empty"),
        ({"value": "abc"}, "not a number"),
        ({"value": "4,710"}, "thousands separators"),
        ({"value": "6%"}, "percentage"),
        ({"value": "nan"}, "not a finite number"),
        ({"value": "6"}, "outside 0..1"),
        ({"value": "-0.1"}, "outside 0..1"),
        ({"status": "verified"}, "status 'verified'"),
        ({"status": "U"}, "unverified"),
        ({"value": "", "note": ""}, "value is empty and note does not say why"),
        ({"unit": "people"}, "should be 'share'"),
        ({"scope": "everywhere"}, "scope 'everywhere'"),
        ({"qualifier": "roughly"}, "qualifier 'roughly'"),
        ({"qualifier": "range"}, "value_high is empty"),
        ({"value_high": "0.1"}, "qualifier is not 'range'"),
        ({"qualifier": "range", "value_high": "0.01"}, "below value"),
        ({"qualifier": "range", "value_high": "1.4"}, "outside 0..1"),
        ({"as_of": "July 2023"}, "YYYY"),
        ({"as_of": "2023-02-30"}, "not a real date"),
        ({"as_of": "", "note": ""}, "as_of is empty"),
        ({"estimate_id": "a"}, "duplicate"),
    ],
)
def test_loader_names_file_line_and_problem(tmp_path, changes, problem):
    error = _bad_second_row(tmp_path, **changes)
    assert problem in error.problem


def test_unverified_row_with_empty_value_and_note_is_accepted(tmp_path):
    row = _good_rate(value="", status="U", note="not found in any source")
    table = risk.load_failure_rates(_write(tmp_path / "rates.csv", FAILURE_HEADER, [row]))
    assert math.isnan(table.loc[0, "value"])


def test_missing_column_is_reported_on_the_header_line(tmp_path):
    header = [c for c in FAILURE_HEADER if c != "source"]
    row = {k: v for k, v in _good_rate().items() if k != "source"}
    with pytest.raises(DataFileError, match="missing column") as info:
        risk.load_failure_rates(_write(tmp_path / "rates.csv", header, [row]))
    assert info.value.line == 1


def test_row_with_too_many_or_too_few_fields_is_rejected(tmp_path):
    path = _write(tmp_path / "rates.csv", FAILURE_HEADER, [_good_rate()])
    good = path.read_text(encoding="utf-8")
    path.write_text(good + good.splitlines()[1] + ",extra\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="16 fields where the header has 15") as info:
        risk.load_failure_rates(path)
    assert info.value.line == 3
    path.write_text(good + "b,M864\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"2 fields where the header has 15.*missing field"):
        risk.load_failure_rates(path)


def test_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        risk.load_failure_rates(tmp_path / "nope.csv")


MONITOR_HEADER = ["monitor", "edition", "data_year", "measure", "country", "iso3", "base",
                  "value", "unit", "qualifier", "reported_as", "source", "read_at", "status",
                  "note"]


def _monitor_row(**changes: str) -> dict[str, str]:
    row = {"monitor": "LM", "edition": "LM2024", "data_year": "2023", "measure": "casualties",
           "country": "", "iso3": "", "base": "", "value": "5757", "unit": "people",
           "qualifier": "", "reported_as": "5,757", "source": "a relay", "read_at": "x.org",
           "status": "R2", "note": ""}
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"data_year": "2024"}, "not before edition"),
        ({"data_year": "23"}, "four-digit year"),
        ({"edition": "CMM2024"}, "should be LM"),
        ({"measure": "deaths"}, "measure 'deaths'"),
        ({"unit": "share"}, "does not fit"),
        ({"value": "57.5"}, "whole number"),
        ({"measure": "civilian_share", "unit": "share", "value": "84"}, "outside 0..1"),
        ({"measure": "world_rank", "unit": "rank", "value": "0", "country": "Ukraine",
          "iso3": "UKR"}, "whole number >= 1"),
        ({"country": "Ukraine", "iso3": "ukr"}, "three capital letters"),
        ({"country": "Ukraine"}, "both filled in"),
        ({"monitor": "GM"}, "monitor 'GM'"),
    ],
)
def test_monitor_loader_checks_its_own_columns(tmp_path, changes, problem):
    path = _write(tmp_path / "monitor.csv", MONITOR_HEADER, [_monitor_row(**changes)])
    with pytest.raises(DataFileError) as info:
        risk.load_monitor_figures(path)
    assert info.value.line == 2
    assert problem in info.value.problem


# --------------------------------------------------------------------------- binomial arithmetic


def _exact_quantiles(n: int, p: Fraction, confidence: Fraction) -> tuple[int, int]:
    """Reference answer with exact rational arithmetic, for small n."""
    alpha = 1 - confidence
    cdf = Fraction(0)
    low = high = None
    for k in range(n + 1):
        cdf += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if low is None and cdf >= alpha / 2:
            low = k
        if high is None and cdf >= 1 - alpha / 2:
            high = k
    return low, high


@pytest.mark.parametrize(
    ("n", "p", "confidence"),
    [(50, "1/10", "95/100"), (20, "1/2", "9/10"), (7, "9/10", "95/100"), (300, "47/2000", "99/100"),
     (1, "1/3", "95/100"), (1000, "3/50", "95/100")],
)
def test_exact_interval_matches_rational_arithmetic(n, p, confidence):
    expected = _exact_quantiles(n, Fraction(p), Fraction(confidence))
    got = risk.binomial_interval(n, float(Fraction(p)), float(Fraction(confidence)))
    assert got.method == "exact"
    assert (got.low, got.high) == expected


def test_exact_interval_covers_at_least_the_confidence():
    n, p = 200, Fraction(3, 100)
    interval = risk.binomial_interval(n, float(p), 0.9)
    mass = sum(math.comb(n, k) * p**k * (1 - p) ** (n - k)
               for k in range(int(interval.low), int(interval.high) + 1))
    assert mass >= Fraction(9, 10)


def test_normal_and_exact_agree_for_large_counts():
    exact = risk.binomial_interval(88_000, 0.06, 0.95)
    normal = risk.binomial_interval(88_000, 0.06, 0.95, method="normal")
    assert normal.method == "normal"
    assert abs(exact.low - normal.low) <= 2
    assert abs(exact.high - normal.high) <= 2


def test_huge_counts_fall_back_to_normal_and_say_so():
    interval = risk.binomial_interval(10**13, 0.5)
    assert "normal" in interval.method
    assert interval.low < 0.5 * 10**13 < interval.high


def test_expected_unexploded_for_a_stated_rate():
    estimate = risk.expected_unexploded(10, 72, 0.0235)
    assert estimate.submunitions == 720
    assert estimate.expected == pytest.approx(720 * 0.0235)
    assert estimate.low <= estimate.expected <= estimate.high
    assert estimate.low >= 0 and estimate.high <= 720
    row = pd.DataFrame([estimate])
    assert list(row.columns) == list(risk.DudEstimate._fields)


@pytest.mark.parametrize(
    ("rounds", "per_round", "rate", "expected"),
    [(100, 72, 0.0, 0), (100, 72, 1.0, 7200), (0, 72, 0.14, 0), (100, 0, 0.14, 0), (0, 0, 1.0, 0)],
)
def test_edge_rates_and_zero_counts_are_exact(rounds, per_round, rate, expected):
    estimate = risk.expected_unexploded(rounds, per_round, rate)
    assert estimate.expected == expected
    assert estimate.low == estimate.high == expected


def test_counts_accept_numpy_integers_and_whole_floats():
    assert risk.expected_unexploded(np.int64(3), 72.0, 0.5).submunitions == 216


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"rounds": -1}, ValueError, "rounds must not be negative"),
        ({"rounds": 2.5}, ValueError, "rounds must be a whole number"),
        ({"rounds": float("nan")}, ValueError, "rounds is NaN"),
        ({"rounds": float("inf")}, ValueError, "rounds must be a whole number"),
        ({"rounds": "10"}, TypeError, "rounds must be a whole number, got str"),
        ({"rounds": True}, TypeError, "rounds"),
        ({"rounds": None}, TypeError, "rounds"),
        ({"submunitions_per_round": -72}, ValueError, "submunitions_per_round"),
        ({"failure_rate": 2.35}, ValueError, "write 0.0235"),
        ({"failure_rate": -0.01}, ValueError, "failure_rate must be between 0 and 1"),
        ({"failure_rate": float("nan")}, ValueError, "failure_rate is NaN"),
        ({"failure_rate": "2.35%"}, TypeError, "failure_rate"),
        ({"confidence": 1.0}, ValueError, "strictly between"),
        ({"confidence": 0.0}, ValueError, "strictly between"),
        ({"method": "poisson"}, ValueError, "method"),
    ],
)
def test_invalid_inputs_say_which_argument_and_why(kwargs, error, message):
    arguments = {"rounds": 10, "submunitions_per_round": 72, "failure_rate": 0.02, **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        risk.expected_unexploded(**arguments)


# --------------------------------------------------------------------------- sourced estimates


def _rates_table() -> pd.DataFrame:
    rows = [
        _good_rate("low_official", value="0.02", scope="ukraine_2023",
                   evidence="official_statement"),
        _good_rate("ngo_range", value="0.05", value_high="0.2", qualifier="range",
                   evidence="ngo_estimate"),
        _good_rate("policy", value="0.01", scope="policy", evidence="policy_limit"),
        _good_rate("other_side", value="0.3", scope="russian_claim",
                   evidence="official_statement"),
        _good_rate("unknown", value="", status="U", note="not found"),
    ]
    table = pd.DataFrame(rows)
    for column in ("value", "value_high"):
        table[column] = pd.to_numeric(table[column])
    return table


def test_sourced_rates_splits_ranges_and_skips_empty_and_out_of_scope_rows():
    rates = risk.sourced_rates(_rates_table())
    assert list(zip(rates["estimate_id"], rates["endpoint"], strict=True)) == [
        ("low_official", "stated"), ("ngo_range", "low"), ("ngo_range", "high")]
    assert rates["rate"].tolist() == [0.02, 0.05, 0.2]


def test_failure_rate_range_reports_extremes_and_who_stated_them():
    summary = risk.failure_rate_range(_rates_table())
    assert summary == {"min_rate": 0.02, "min_sources": ["low_official"], "max_rate": 0.2,
                       "max_sources": ["ngo_range"], "n_estimates": 2}
    wider = risk.failure_rate_range(
        _rates_table(), scopes=sorted(risk.FAILURE_SCOPES),
        evidence=sorted(risk.FAILURE_EVIDENCE))
    assert wider["min_rate"] == 0.01 and wider["max_rate"] == 0.3
    assert wider["min_sources"] == ["policy"]


def test_range_over_the_real_file_spans_the_2023_claims():
    summary = risk.failure_rate_range()
    assert summary["min_rate"] == pytest.approx(0.0235)
    assert "dod_ryder_2023" in summary["min_sources"]
    assert summary["max_rate"] == pytest.approx(0.14)


def test_duds_by_source_is_a_sorted_tidy_table():
    table = risk.duds_by_source(100, 72, _rates_table())
    assert table["rate"].is_monotonic_increasing
    assert table["expected"].tolist() == pytest.approx([144.0, 360.0, 1440.0])
    assert (table["low"] <= table["expected"]).all()
    assert (table["expected"] <= table["high"]).all()
    assert (table["submunitions"] == 7200).all()


def test_scope_and_evidence_choices_are_checked():
    with pytest.raises(ValueError, match="unknown value"):
        risk.sourced_rates(_rates_table(), scopes=["ukraine"])
    with pytest.raises(TypeError, match="single string"):
        risk.sourced_rates(_rates_table(), evidence="test")
    with pytest.raises(ValueError, match="no sourced rate"):
        risk.failure_rate_range(_rates_table(), scopes=["general"])


# --------------------------------------------------------------------------- mines


def test_ap2_limits_come_from_the_data_file():
    limits = risk.ap2_limits()
    assert limits["max_fail_self_destruct"] == 0.10
    assert limits["self_destruct_days"] == 30
    assert limits["max_active_after_deactivation"] == 0.001
    assert limits["self_deactivation_days"] == 120
    assert "3(a)" in limits["clause"]


def test_meets_ap2_at_and_beyond_the_limits():
    at_limit = risk.meets_ap2(0.10, 0.01)  # 0.1 × 0.01 is 0.0010000000000000002 in floats
    assert at_limit.meets is True
    assert at_limit.share_active_after_deactivation == pytest.approx(0.001)
    too_many_fail = risk.meets_ap2(0.11, 0.001)
    assert too_many_fail.self_destruct_meets is False and too_many_fail.meets is False
    combined_too_high = risk.meets_ap2(0.05, 0.03)
    assert combined_too_high.self_destruct_meets is True
    assert combined_too_high.combined_meets is False
    assert combined_too_high.meets is False
    assert "3(a)" in combined_too_high.clause
    assert "does not meet" in combined_too_high.explanation


def test_meets_ap2_exact_edges():
    perfect = risk.meets_ap2(0.0, 0.0)
    assert perfect.meets is True and perfect.share_active_after_deactivation == 0.0
    never = risk.meets_ap2(1.0, 1.0)
    assert never.meets is False and never.share_active_after_deactivation == 1.0


def test_meets_ap2_says_when_a_claim_cannot_be_checked():
    dod_2020 = risk.meets_ap2(None, share_active_after_deactivation=6e-6)
    assert dod_2020.combined_meets is True
    assert dod_2020.self_destruct_meets is None
    assert dod_2020.meets is None
    assert "cannot be checked" in dod_2020.explanation
    # a known failure decides the answer even when another part is unknown
    assert risk.meets_ap2(0.5).meets is False


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((1.5, 0.01), {}, ValueError, "fail_self_destruct must be between 0 and 1"),
        ((0.1, float("nan")), {}, ValueError, "fail_self_deactivate is NaN"),
        (("10%", 0.01), {}, TypeError, "fail_self_destruct"),
        ((0.1, 0.01), {"share_active_after_deactivation": 0.001}, ValueError, "not both"),
        ((0.001,), {"share_active_after_deactivation": 0.01}, ValueError, "cannot exceed"),
    ],
)
def test_meets_ap2_rejects_bad_inputs(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        risk.meets_ap2(*args, **kwargs)


def test_mines_active_timeline_follows_the_two_limits():
    table = risk.mines_active_timeline(10_000, 0.1, 0.01)
    assert table["day"].tolist() == [0.0, 30.0, 120.0]
    assert table["share_active"].tolist() == pytest.approx([1.0, 0.1, 0.001])
    assert table["expected_active"].tolist() == pytest.approx([10_000, 1_000, 10])
    assert table.loc[0, "low"] == table.loc[0, "high"] == 10_000
    assert table["ap2_max_share"].tolist()[1:] == [0.1, 0.001]
    assert (table["low"] <= table["expected_active"]).all()
    assert (table["expected_active"] <= table["high"]).all()


@pytest.mark.parametrize(
    ("n", "sd", "sdeact", "after"),
    [(500, 0.0, 0.5, [500, 0, 0]), (500, 1.0, 1.0, [500, 500, 500]), (0, 0.1, 0.1, [0, 0, 0])],
)
def test_mines_active_timeline_edges_are_exact(n, sd, sdeact, after):
    table = risk.mines_active_timeline(n, sd, sdeact)
    assert table["expected_active"].tolist() == after
    assert table["low"].tolist() == after and table["high"].tolist() == after


def test_mines_active_timeline_takes_stated_days_and_checks_them():
    claimed = risk.mines_active_timeline(100, 0.1, 0.1, self_destruct_days=14,
                                         self_deactivation_days=14)
    assert claimed["day"].tolist() == [0.0, 14.0, 14.0]
    with pytest.raises(ValueError, match="before"):
        risk.mines_active_timeline(100, 0.1, 0.1, self_destruct_days=30,
                                   self_deactivation_days=10)
    with pytest.raises(ValueError, match="self_destruct_days must not be negative"):
        risk.mines_active_timeline(100, 0.1, 0.1, self_destruct_days=-1)
    with pytest.raises(TypeError, match="self_deactivation_days"):
        risk.mines_active_timeline(100, 0.1, 0.1, self_deactivation_days="120")
    with pytest.raises(ValueError, match="n_mines must not be negative"):
        risk.mines_active_timeline(-5, 0.1, 0.1)


def test_durations_and_inactivation_claims_share_one_axis():
    assert risk.duration_in_hours(2, "weeks") == 336
    assert risk.duration_in_hours(4, "hours") == 4
    with pytest.raises(ValueError, match="unit"):
        risk.duration_in_hours(1, "fortnights")
    with pytest.raises(ValueError, match="negative"):
        risk.duration_in_hours(-1, "days")
    claims = risk.inactivation_claims().set_index("item_id")
    assert claims.loc["cbs_2024_inactivation_max", "days"] == 14
    assert claims.loc["ap2_self_deactivation_limit", "days"] == 120
    assert math.isnan(claims.loc["wapo_2024_inactivation", "hours"])


def test_obligations_hold_the_treaty_deadlines():
    table = risk.load_obligations().set_index(["treaty", "obligation"])
    assert table.loc[("ottawa", "stockpile_destruction"), "value"] == 4
    assert table.loc[("ccm", "stockpile_destruction"), "value"] == 8
    assert table.loc[("ccm", "clearance"), "value"] == 10
    # Verified from the treaty text (art. 20(3)), read in a reproduction of it: R2, not U.
    assert table.loc[("ccm", "withdrawal_during_armed_conflict"), "status"] == "R2"
    assert table.loc[("ccm", "withdrawal_during_armed_conflict"), "article"] == "Art. 20(3)"


# --------------------------------------------------------------------------- what the charts draw
# Each chart of lesson 06 draws one of these results; the numbers are checked here against the
# data files (values as transcribed in data/risk/, binomial quantiles checked with
# scipy.stats.binom.ppf), not recomputed the way the code computes them.


def test_casualty_series_holds_both_monitors_world_totals():
    series = risk.casualty_series()
    assert list(series.columns[:3]) == ["monitor", "data_year", "edition"]
    lm = series[series["monitor"] == "LM"]
    cmm = series[series["monitor"] == "CMM"]
    assert series["monitor"].tolist() == ["LM"] * 3 + ["CMM"] * 4  # LM first, as drawn
    assert lm["value"].tolist() == [4710, 5757, 6279]
    assert cmm["data_year"].tolist() == [2021, 2022, 2023, 2024]
    assert cmm["edition"].tolist() == ["CMM2022", "CMM2023", "CMM2024", "CMM2025"]
    assert cmm["value"].tolist() == [149, 1172, 219, 314]
    assert lm["status"].tolist() == ["R", "R2", "R2"]
    assert series.attrs == {"iso3": "", "place": "world total"}


def test_casualty_series_for_ukraine_keeps_the_derived_and_the_unverified_year():
    series = risk.casualty_series("UKR")
    assert series.attrs["place"] == "Ukraine"
    lm = series[series["monitor"] == "LM"]
    assert lm["value"].tolist() == [608, 580, 293]
    cmm = series[series["monitor"] == "CMM"].set_index("data_year")
    assert cmm.loc[2022, "value"] == 916
    assert (cmm.loc[2023, "value"], cmm.loc[2023, "status"]) == (107, "D")
    assert math.isnan(cmm.loc[2024, "value"]) and cmm.loc[2024, "status"] == "U"


def test_casualty_series_rejects_a_country_neither_monitor_reports():
    with pytest.raises(ValueError, match="no casualty figures for iso3='XXX'"):
        risk.casualty_series("XXX")


def test_failure_claims_one_row_per_estimate_lowest_first():
    result = risk.failure_claims()
    claims = result.claims
    assert claims["estimate_id"].tolist() == [
        "dod_ryder_2023", "dod_kahl_2023", "wh_sullivan_2023", "pentagon_m864_estimate",
        "hrw_dpicm_2023", "nyt_older_grenades"]
    assert claims["low"].tolist() == [0.0235, 0.0235, 0.025, 0.06, 0.06, 0.14]
    assert claims["high"].tolist() == [0.0235, 0.0235, 0.025, 0.06, 0.14, 0.14]  # HRW: 6-14%
    assert claims["qualifier"].tolist() == [
        "less_than", "less_than", "at_most", "about", "range", "at_least"]
    assert set(claims["scope"]) == {"ukraine_2023", "dpicm_older"}


def test_failure_claims_gathers_the_policy_limits_by_value():
    limits = risk.failure_claims().policy_limits
    assert limits["value"].tolist() == [0.01]  # all three limits are 1 %
    assert limits.loc[0, "estimate_ids"] == (
        "us_congress_limit, us_dod_policy_2008, norway_policy_limit")
    assert "US DoD (2008 policy, rescinded Nov 2017)" in limits.loc[0, "claimants"]


def test_failure_claims_of_a_given_table_and_its_errors():
    result = risk.failure_claims(_rates_table())
    assert result.claims["estimate_id"].tolist() == ["low_official", "ngo_range"]
    assert result.claims.set_index("estimate_id").loc["ngo_range", ["low", "high"]].tolist() == [
        0.05, 0.2]
    assert result.policy_limits["estimate_ids"].tolist() == ["policy"]
    wider = risk.failure_claims(scopes=[*risk.DEFAULT_SCOPES, "general"])
    assert len(wider.claims) == 13  # the 6 above and 7 general (2 more general rows are U)
    with pytest.raises(ValueError, match="no sourced rate"):
        risk.failure_claims(_rates_table(), scopes=["general"])
    with pytest.raises(ValueError, match="unknown value"):
        risk.failure_claims(scopes=["nonsense"])
    with pytest.raises(TypeError, match="single string"):
        risk.failure_claims(scopes="ukraine_2023")


def test_duds_by_source_over_the_real_file_says_its_count_and_confidence():
    table = risk.duds_by_source(10_000, 1)
    assert table.attrs == {"rounds": 10_000, "submunitions_per_round": 1,
                           "submunitions": 10_000, "confidence": 0.95}
    assert table["estimate_id"].tolist() == [
        "dod_kahl_2023", "dod_ryder_2023", "wh_sullivan_2023", "hrw_dpicm_2023",
        "pentagon_m864_estimate", "hrw_dpicm_2023", "nyt_older_grenades"]
    assert table["expected"].tolist() == pytest.approx([235, 235, 250, 600, 600, 1400, 1400])
    assert table.loc[0, ["low", "high"]].tolist() == [206, 265]
    assert table.loc[6, ["low", "high"]].tolist() == [1332, 1468]


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2.5, ValueError), ("100", TypeError)])
def test_duds_by_source_rejects_a_bad_count(bad, error):
    with pytest.raises(error, match="rounds"):
        risk.duds_by_source(bad, 1)


def test_dud_curve_defaults_to_the_dod_ceiling():
    result = risk.dud_curve(10_000)
    chosen = result.chosen
    assert chosen.failure_rate == 0.0235  # dod_ryder_2023 and dod_kahl_2023: "less than 2.35%"
    assert (chosen.submunitions, chosen.expected, chosen.low, chosen.high) == (
        10_000, pytest.approx(235), 206, 265)
    assert chosen.confidence == 0.95


def test_dud_curve_spans_zero_to_the_top_rate():
    curve = risk.dud_curve(10_000, 0.06).curve
    assert len(curve) == risk.CURVE_POINTS == 61
    assert curve["rate"].iloc[0] == 0.0 and curve["rate"].iloc[-1] == 0.3
    assert curve["rate"].iloc[1] == pytest.approx(0.005)
    assert curve.iloc[-1][["expected", "low", "high"]].tolist() == [3000, 2910, 3090]
    assert curve.iloc[0][["expected", "low", "high"]].tolist() == [0, 0, 0]
    assert ((curve["low"] <= curve["expected"]) & (curve["expected"] <= curve["high"])).all()
    # a chosen rate above max_rate stretches the axis to it; two zeros give a 0-100 % axis
    assert risk.dud_curve(1_000, 0.4).curve["rate"].iloc[-1] == 0.4
    assert risk.dud_curve(1_000, 0.0, max_rate=0.0).curve["rate"].iloc[-1] == 1.0


def test_dud_curve_lists_each_sourced_rate_once_with_who_stated_it():
    result = risk.dud_curve(10_000)
    sourced = result.sourced.set_index("rate")
    assert list(sourced.index) == [0.0235, 0.025, 0.06, 0.14]
    assert sourced.loc[0.0235, "stated_by"] == (
        "US DoD (Brig. Gen. Pat Ryder), 2023-07-06; US DoD (Colin Kahl), 2023-07-07")
    assert sourced.loc[0.06, "estimate_ids"] == "pentagon_m864_estimate, hrw_dpicm_2023"
    assert "Human Rights Watch (low end), 2023" in sourced.loc[0.06, "stated_by"]
    assert "Human Rights Watch (high end), 2023" in sourced.loc[0.14, "stated_by"]
    assert result.statuses == ("R2",)


@pytest.mark.parametrize(("args", "kwargs", "error", "message"), [
    ((1000, -0.1), {}, ValueError, "failure_rate must be between 0 and 1"),
    ((1000, 1.5), {}, ValueError, "failure_rate must be between 0 and 1"),
    ((1000, float("nan")), {}, ValueError, "failure_rate is NaN"),
    ((-5, 0.02), {}, ValueError, "submunitions must not be negative"),
    (("1000", 0.02), {}, TypeError, "submunitions must be a whole number"),
    ((1000, 0.02), {"max_rate": 1.2}, ValueError, "max_rate must be between 0 and 1"),
    ((1000, 0.02), {"confidence": 1.0}, ValueError, "strictly between"),
])
def test_dud_curve_rejects_bad_settings(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        risk.dud_curve(*args, **kwargs)


def test_mine_defaults_sit_exactly_on_the_ap2_limits():
    defaults = risk.mine_defaults()
    assert defaults["fail_self_destruct"] == 0.10  # AP II: at most 10 % fail to self-destruct
    assert defaults["fail_self_deactivate"] == pytest.approx(0.01)  # 10 % × 1 % = 0.1 %
    verdict = risk.meets_ap2(defaults["fail_self_destruct"], defaults["fail_self_deactivate"])
    assert verdict.meets is True


def test_mines_timeline_at_the_limits_by_default():
    result = risk.mines_timeline(1_000)
    assert (result.n_mines, result.fail_self_destruct) == (1_000, 0.10)
    assert result.fail_self_deactivate == pytest.approx(0.01)
    assert result.timeline["day"].tolist() == [0, 30, 120]
    assert result.timeline["expected_active"].tolist() == pytest.approx([1000, 100, 1])
    assert result.timeline["ap2_max_active"].tolist() == pytest.approx([1000, 100, 1])
    assert result.timeline[["low", "high"]].values.tolist() == [[1000, 1000], [82, 119], [0, 3]]
    assert result.verdict.meets is True
    assert "3(a)" in result.limits["clause"]


def test_mines_timeline_for_the_manufacturer_of_exercise_3():
    result = risk.mines_timeline(2_000, 0.08, 0.02)
    assert result.timeline["expected_active"].tolist() == pytest.approx([2000, 160, 3.2])
    assert result.timeline["ap2_max_active"].tolist() == pytest.approx([2000, 200, 2])
    assert result.verdict.self_destruct_meets is True
    assert result.verdict.combined_meets is False and result.verdict.meets is False
    assert result.confidence == 0.95


@pytest.mark.parametrize(("args", "error", "message"), [
    ((1000, 1.2, 0.1), ValueError, "fail_self_destruct must be between 0 and 1"),
    ((-5, 0.1, 0.1), ValueError, "n_mines must not be negative"),
    ((1000, "0.1", 0.1), TypeError, "fail_self_destruct"),
    ((1000, 0.1, "x"), TypeError, "fail_self_deactivate"),
])
def test_mines_timeline_rejects_bad_settings(args, error, message):
    with pytest.raises(error, match=re.escape(message)):
        risk.mines_timeline(*args)


def test_inactivation_pairs_each_partys_range_and_keeps_words_only_statements():
    result = risk.inactivation()
    rows = result.statements.set_index("label")
    assert list(rows.index) == [
        "US DoD, 2020-01-31", "US official (unnamed, Washington Post), 2024-11",
        "US official (unnamed, CBS), 2024-11", "US State Department (Matthew Miller), 2024-11-21"]
    assert rows["kind"].tolist() == ["ceiling", "words", "range", "range"]
    cbs = rows.loc["US official (unnamed, CBS), 2024-11"]
    assert (cbs["low"], cbs["high"]) == (4, 336)  # four hours to two weeks
    assert cbs["text"] == "generally between four hours and two weeks"
    state = rows.loc["US State Department (Matthew Miller), 2024-11-21"]
    assert state["text"] == "battery life of 4 hours to 2 weeks; inert within 2 weeks"
    assert rows.loc["US DoD, 2020-01-31", "high"] == 720  # 30 days
    assert math.isnan(rows.loc["US official (unnamed, Washington Post), 2024-11", "low"])
    assert result.limits.values.tolist() == [["self-destruct", 30, 720],
                                             ["self-deactivation", 120, 2880]]


def test_inactivation_of_a_table_without_statements_is_empty():
    table = risk.load_mine_standards()
    result = risk.inactivation(table[table["kind"] == "standard"])
    assert result.statements.empty
    assert result.limits["days"].tolist() == [30, 120]
