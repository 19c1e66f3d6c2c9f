"""Sourced figures on civilian harm, and the arithmetic of residual hazard.

The course asks students to weigh claims such as "dud rates below 2.35 percent" or "mines that
become inert within two weeks". This module keeps that arithmetic honest:

* the loaders (from `treatylens.io.risk`, re-exported here) read the files in `data/risk/`
  and refuse any row they cannot trust, naming file, line and problem;
* pure functions turn a stated failure rate into an expected number of unexploded submunitions
  (with the spread that chance alone adds), compare all sourced estimates side by side, and follow
  how many mines would still be active after the self-destruct and self-deactivation limits of
  CCW Amended Protocol II.

Scope: residual hazard to civilians only. Nothing here models range, coverage, targeting or
effect, and nothing should be added that does.

Each chart of lesson 06 (`treatylens.charts.risk`) draws the result of one function here and
computes nothing itself: `casualty_series`, `failure_claims`, `duds_by_source`, `dud_curve`,
`mines_timeline` and `inactivation` return everything a chart needs, as a table (labels in
`DataFrame.attrs`) or a small frozen dataclass of tables.

Status codes are copied from `shared/reference/RISK_FACTS.md`: see `STATUS`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from statistics import NormalDist
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from treatylens.io.risk import (
    FAILURE_EVIDENCE,
    FAILURE_SCOPES,
    HOURS_PER,
    MONITOR_MEASURES,
    QUALIFIERS,
    STATUS,
    UNITS,
    load_failure_rates,
    load_mine_standards,
    load_monitor_figures,
    load_obligations,
    load_submunitions,
)
from treatylens.labels import pct

__all__ = [
    "CURVE_POINTS",
    "DEFAULT_EVIDENCE",
    "DEFAULT_SCOPES",
    "FAILURE_EVIDENCE",
    "FAILURE_SCOPES",
    "MAX_EXACT_POINTS",
    "MONITORS",
    "MONITOR_MEASURES",
    "QUALIFIERS",
    "STATUS",
    "UNITS",
    "Ap2Check",
    "DudCurve",
    "DudEstimate",
    "FailureClaims",
    "Inactivation",
    "Interval",
    "MinesTimeline",
    "ap2_limits",
    "binomial_interval",
    "casualty_series",
    "dud_curve",
    "duds_by_source",
    "duration_in_hours",
    "expected_unexploded",
    "failure_claims",
    "failure_rate_range",
    "inactivation",
    "inactivation_claims",
    "load_failure_rates",
    "load_mine_standards",
    "load_monitor_figures",
    "load_obligations",
    "load_submunitions",
    "meets_ap2",
    "mine_defaults",
    "mines_active_timeline",
    "mines_timeline",
    "monitor_series",
    "sourced_rates",
    "submunitions_per_round",
    "top_countries",
]

# --------------------------------------------------------------------------- input checks


def _check_count(name: str, value: object) -> int:
    """A whole number >= 0, or a TypeError/ValueError that names the argument.

    Whole floats such as 3.0 are accepted because pandas columns of counts are often floats.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if isinstance(value, Integral):
        number = int(value)
    else:
        as_float = float(value)
        if math.isnan(as_float):
            raise ValueError(f"{name} is NaN: a count must be a whole number >= 0")
        if math.isinf(as_float) or not as_float.is_integer():
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        number = int(as_float)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {number}")
    return number


def _check_share(name: str, value: object) -> float:
    """A share between 0 and 1 inclusive, or an error that names the argument."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{name} must be a number between 0 and 1, got {type(value).__name__} {value!r}"
        )
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{name} is NaN: give a share between 0 and 1")
    if not 0.0 <= number <= 1.0:
        hint = f" (for {number:g}% write {number / 100:g})" if 1.0 < number <= 100.0 else ""
        raise ValueError(f"{name} must be between 0 and 1, got {number:g}{hint}")
    return number


def _check_confidence(value: object) -> float:
    confidence = _check_share("confidence", value)
    if confidence in (0.0, 1.0):
        raise ValueError("confidence must be strictly between 0 and 1, e.g. 0.95")
    return confidence


# --------------------------------------------------------------------------- binomial arithmetic

#: Above this many points the exact quantiles switch to the normal approximation (the binomial
#: is then so close to normal that the two differ by at most a count or two).
MAX_EXACT_POINTS = 2_000_001


class Interval(NamedTuple):
    """A central interval for a count: `low` and `high` are both included."""

    low: float
    high: float
    method: str


def binomial_interval(n: int, p: float, confidence: float = 0.95,
                      method: str = "exact") -> Interval:
    """The central `confidence` interval of a Binomial(n, p) count.

    This is the spread that chance alone gives if the rate were exactly `p`; it says nothing
    about whether `p` itself is right (compare sources with `duds_by_source` for that, which is
    usually a much larger uncertainty).

    method="exact": `low` is the smallest k with P(X <= k) >= (1 - confidence) / 2 and `high` the
    smallest k with P(X <= k) >= (1 + confidence) / 2, computed from the probability mass function
    (built by ratios outward from the mode, then normalised) in a window of mean ± (12 sd + 30),
    outside which the mass is negligible. Coverage is at least `confidence`. For very large n
    (window above MAX_EXACT_POINTS) it falls back to the normal approximation and says so in
    `method`. method="normal": mean ± z·sd, clipped to 0..n, not rounded.
    """
    n = _check_count("n", n)
    p = _check_share("p", p)
    confidence = _check_confidence(confidence)
    if method not in ("exact", "normal"):
        raise ValueError(f"method must be 'exact' or 'normal', got {method!r}")
    if n == 0 or p == 0.0:
        return Interval(0.0, 0.0, "exact (degenerate)")
    if p == 1.0:
        return Interval(float(n), float(n), "exact (degenerate)")
    mean = n * p
    sd = math.sqrt(n * p * (1.0 - p))
    half = math.ceil(12 * sd + 30)
    if method == "exact" and 2 * half + 1 <= MAX_EXACT_POINTS:
        return _exact_interval(n, p, confidence, half)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    label = "normal" if method == "normal" else "normal (n too large for exact)"
    return Interval(max(0.0, mean - z * sd), min(float(n), mean + z * sd), label)


def _exact_interval(n: int, p: float, confidence: float, half: int) -> Interval:
    mode = min(n, math.floor((n + 1) * p))
    lo = max(0, mode - half)
    hi = min(n, mode + half)
    log_odds = math.log(p) - math.log1p(-p)
    # log P(k+1)/P(k) = log((n-k)/(k+1)) + log(p/(1-p)), for k = mode .. hi-1
    up_k = np.arange(mode, hi, dtype=float)
    up = np.cumsum(np.log(n - up_k) - np.log(up_k + 1) + log_odds)
    # log P(k-1)/P(k) = log(k/(n-k+1)) - log(p/(1-p)), for k = mode .. lo+1
    down_k = np.arange(mode, lo, -1, dtype=float)
    down = np.cumsum(np.log(down_k) - np.log(n - down_k + 1) - log_odds)
    log_pmf = np.concatenate([down[::-1], [0.0], up])
    pmf = np.exp(log_pmf)
    cdf = np.cumsum(pmf)
    cdf /= cdf[-1]
    alpha = 1.0 - confidence
    low_index = int(np.searchsorted(cdf, alpha / 2, side="left"))
    high_index = int(np.searchsorted(cdf, 1.0 - alpha / 2, side="left"))
    high_index = min(high_index, len(cdf) - 1)
    return Interval(float(lo + low_index), float(lo + high_index), "exact")


class DudEstimate(NamedTuple):
    """Expected unexploded submunitions for one scenario; a row for a DataFrame."""

    rounds: int
    submunitions_per_round: int
    submunitions: int
    failure_rate: float
    expected: float
    low: float
    high: float
    confidence: float
    method: str


def expected_unexploded(rounds: int, submunitions_per_round: int, failure_rate: float,
                        confidence: float = 0.95, method: str = "exact") -> DudEstimate:
    """Expected unexploded submunitions (duds) left behind, with a binomial interval.

    Each submunition is treated as failing independently with probability `failure_rate`, so
    the dud count is Binomial(rounds × submunitions_per_round, failure_rate). Independence is a
    simplification: in the field, failures cluster (age, batch, ground), which widens the spread.
    The result is a count of hazards left for civilians and deminers, not a measure of effect.
    """
    rounds = _check_count("rounds", rounds)
    per_round = _check_count("submunitions_per_round", submunitions_per_round)
    rate = _check_share("failure_rate", failure_rate)
    n = rounds * per_round
    interval = binomial_interval(n, rate, confidence, method)
    return DudEstimate(rounds, per_round, n, rate, n * rate, interval.low, interval.high,
                       float(confidence), interval.method)


# --------------------------------------------------------------------------- sourced estimates

#: Scopes that speak about the rounds sent in 2023 or the older DPICM stocks they came from.
DEFAULT_SCOPES: tuple[str, ...] = ("ukraine_2023", "dpicm_older")
#: Evidence kinds that are estimates of a rate (policy limits are not).
DEFAULT_EVIDENCE: tuple[str, ...] = (
    "official_statement", "official_estimate", "ngo_estimate", "test", "field",
)


def _check_choices(name: str, chosen: Iterable[str], allowed: frozenset[str]) -> list[str]:
    if isinstance(chosen, str):
        raise TypeError(f"{name} must be a list of names, not a single string {chosen!r}")
    chosen = list(chosen)
    unknown = sorted(set(chosen) - allowed)
    if unknown:
        raise ValueError(f"{name} has unknown value(s) {unknown}; known: {sorted(allowed)}")
    return chosen


def sourced_rates(table: pd.DataFrame | None = None, *,
                  scopes: Iterable[str] = DEFAULT_SCOPES,
                  evidence: Iterable[str] = DEFAULT_EVIDENCE) -> pd.DataFrame:
    """One row per stated rate: a range ("6-14%") gives two rows, endpoint "low" and "high".

    Rows without a value (unverified or not found) are left out, since there is nothing to
    compute with; `load_failure_rates()` still shows them. The rate is the figure as stated:
    the `qualifier` column says whether the source meant it as a ceiling, a floor or a point.
    """
    scopes = _check_choices("scopes", scopes, FAILURE_SCOPES)
    evidence = _check_choices("evidence", evidence, FAILURE_EVIDENCE)
    table = load_failure_rates() if table is None else table
    chosen = table[table["scope"].isin(scopes) & table["evidence"].isin(evidence)]
    chosen = chosen[chosen["value"].notna()]
    keep = ["estimate_id", "munition", "scope", "evidence", "claimant", "qualifier",
            "reported_as", "source", "as_of", "status"]
    pieces = []
    for _, row in chosen.iterrows():
        base = {k: row[k] for k in keep}
        if row["qualifier"] == "range":
            pieces.append({**base, "endpoint": "low", "rate": row["value"]})
            pieces.append({**base, "endpoint": "high", "rate": row["value_high"]})
        else:
            pieces.append({**base, "endpoint": "stated", "rate": row["value"]})
    columns = [*keep[:1], "endpoint", "rate", *keep[1:]]
    return pd.DataFrame(pieces, columns=columns).reset_index(drop=True)


def failure_rate_range(table: pd.DataFrame | None = None, *,
                       scopes: Iterable[str] = DEFAULT_SCOPES,
                       evidence: Iterable[str] = DEFAULT_EVIDENCE) -> dict[str, Any]:
    """Lowest and highest stated rate among the chosen sources, and who stated each.

    Returns {"min_rate", "min_sources", "max_rate", "max_sources", "n_estimates"}; the
    *_sources entries list every estimate_id that gives that extreme (several may tie).
    """
    rates = sourced_rates(table, scopes=scopes, evidence=evidence)
    if rates.empty:
        raise ValueError("no sourced rate with a value matches these scopes and evidence kinds")
    low, high = rates["rate"].min(), rates["rate"].max()
    return {
        "min_rate": float(low),
        "min_sources": sorted(set(rates.loc[rates["rate"] == low, "estimate_id"])),
        "max_rate": float(high),
        "max_sources": sorted(set(rates.loc[rates["rate"] == high, "estimate_id"])),
        "n_estimates": int(rates["estimate_id"].nunique()),
    }


def duds_by_source(rounds: int, submunitions_per_round: int,
                   table: pd.DataFrame | None = None, *,
                   scopes: Iterable[str] = DEFAULT_SCOPES,
                   evidence: Iterable[str] = DEFAULT_EVIDENCE,
                   confidence: float = 0.95) -> pd.DataFrame:
    """`sourced_rates` with expected duds and a binomial interval for each stated rate.

    A tidy table for a dot-and-whisker chart (`charts.risk.duds_chart` draws it): one row per
    source (two for a range), sorted by rate. The gap between sources is the point of the
    lesson; the whiskers show how little chance alone adds by comparison. `attrs` records
    rounds, submunitions_per_round, submunitions (their product) and confidence.
    """
    rounds = _check_count("rounds", rounds)
    per_round = _check_count("submunitions_per_round", submunitions_per_round)
    confidence = _check_confidence(confidence)
    rates = sourced_rates(table, scopes=scopes, evidence=evidence)
    estimates = [expected_unexploded(rounds, per_round, rate, confidence)
                 for rate in rates["rate"]]
    rates["submunitions"] = rounds * per_round
    rates["expected"] = [e.expected for e in estimates]
    rates["low"] = [e.low for e in estimates]
    rates["high"] = [e.high for e in estimates]
    result = rates.sort_values(["rate", "estimate_id"], kind="stable").reset_index(drop=True)
    result.attrs.update(rounds=rounds, submunitions_per_round=per_round,
                        submunitions=rounds * per_round, confidence=confidence)
    return result


@dataclass(frozen=True, eq=False)
class FailureClaims:
    """Who claimed which failure rate: what `charts.risk.failure_claims_chart` draws.

    `claims`: one row per estimate, ordered by its lowest stated rate: `low` and `high` are
    the two ends of a range ("6-14%") and equal for a single figure; with estimate_id,
    claimant, qualifier, evidence, as_of, status, source and scope. `policy_limits`: one row
    per limit value (a limit is not a measured rate), `claimants` naming every body that set
    it in full (the 2008 DoD entry says it was rescinded), `estimate_ids` their rows.
    """

    claims: pd.DataFrame
    policy_limits: pd.DataFrame


def failure_claims(table: pd.DataFrame | None = None, *,
                   scopes: Iterable[str] = DEFAULT_SCOPES,
                   evidence: Iterable[str] = DEFAULT_EVIDENCE) -> FailureClaims:
    """The sourced failure-rate claims, one row per estimate, and the policy limits beside them.

    Policy limits are taken from every scope (they are limits, not estimates of a rate for
    some rounds). Raises ValueError when no rate with a value matches the scopes and evidence.
    """
    table = load_failure_rates() if table is None else table
    rates = sourced_rates(table, scopes=scopes, evidence=evidence)
    if rates.empty:
        raise ValueError("no sourced rate with a value matches these scopes and evidence kinds")
    grouped = rates.groupby("estimate_id", sort=False).agg(
        low=("rate", "min"), high=("rate", "max"), claimant=("claimant", "first"),
        qualifier=("qualifier", "first"), evidence=("evidence", "first"),
        as_of=("as_of", "first"), status=("status", "first"), source=("source", "first"),
        scope=("scope", "first"))
    claims = grouped.reset_index().sort_values(["low", "high", "as_of", "estimate_id"],
                                               kind="stable").reset_index(drop=True)
    policy = table[(table["evidence"] == "policy_limit") & table["value"].notna()]
    limits = pd.DataFrame(
        [{"value": value, "claimants": "; ".join(rows["claimant"]),
          "estimate_ids": ", ".join(rows["estimate_id"])}
         for value, rows in policy.groupby("value")],
        columns=["value", "claimants", "estimate_ids"])
    return FailureClaims(claims, limits)


#: How many rates `dud_curve` computes, evenly spaced from 0 to its top rate.
CURVE_POINTS = 61


@dataclass(frozen=True, eq=False)
class DudCurve:
    """Expected duds against the failure rate: what `charts.risk.dud_curve_chart` draws.

    `curve`: CURVE_POINTS rates from 0 to max(max_rate, the chosen rate) (to 1 if both are
    0), with `expected` = rate × count and the binomial interval `low`..`high` at each.
    `chosen`: the assumed rate, as a `DudEstimate`. `sourced`: one row per distinct sourced
    rate, ascending, `stated_by` naming each claimant (and which end of a range) with its
    date, `estimate_ids` their rows. `statuses`: the status codes among the sourced rates.
    """

    curve: pd.DataFrame
    chosen: DudEstimate
    sourced: pd.DataFrame
    statuses: tuple[str, ...]


def dud_curve(submunitions: int, failure_rate: float | None = None, confidence: float = 0.95,
              max_rate: float = 0.3, *, table: pd.DataFrame | None = None) -> DudCurve:
    """Expected unexploded among `submunitions` at every rate up to `max_rate`, and at yours.

    `failure_rate` is the assumption to mark; by default the lowest sourced rate (the US
    DoD's stated ceiling, read from the data file). The sourced rates are the default
    selection of `sourced_rates`. The band is chance alone (independent failures).
    """
    n = _check_count("submunitions", submunitions)
    if failure_rate is None:
        failure_rate = failure_rate_range(table)["min_rate"]
    chosen = expected_unexploded(n, 1, failure_rate, confidence)
    top = max(_check_share("max_rate", max_rate), chosen.failure_rate) or 1.0
    grid = np.linspace(0.0, top, CURVE_POINTS)
    band = [binomial_interval(n, p, confidence) for p in grid]
    curve = pd.DataFrame({"rate": grid, "expected": grid * n,
                          "low": [b.low for b in band], "high": [b.high for b in band]})
    rates = sourced_rates(table)
    sourced = pd.DataFrame(
        [{"rate": rate,
          "stated_by": "; ".join(dict.fromkeys(
              f"{c}{' (' + e + ' end)' if e in ('low', 'high') else ''}, {a}"
              for c, e, a in zip(rows["claimant"], rows["endpoint"], rows["as_of"],
                                 strict=True))),
          "estimate_ids": ", ".join(dict.fromkeys(rows["estimate_id"]))}
         for rate, rows in rates.groupby("rate", sort=True)],
        columns=["rate", "stated_by", "estimate_ids"])
    return DudCurve(curve, chosen, sourced, tuple(sorted(set(rates["status"]))))


def submunitions_per_round(munition: str, table: pd.DataFrame | None = None) -> int:
    """The publicly reported number of submunitions in one round of `munition` (e.g. "M864")."""
    table = load_submunitions() if table is None else table
    match = table[table["munition"] == munition]
    if match.empty or pd.isna(match.iloc[0]["value"]):
        known = ", ".join(table.loc[table["value"].notna(), "munition"])
        raise KeyError(f"no sourced submunition count for {munition!r}; known: {known}")
    return int(match.iloc[0]["value"])


# --------------------------------------------------------------------------- mines


AP2_CLAUSE = "CCW Amended Protocol II, Technical Annex, paragraph 3(a)"


def ap2_limits(table: pd.DataFrame | None = None) -> dict[str, Any]:
    """The AP II standard for remotely delivered anti-personnel mines, read from the data file.

    Keys: max_fail_self_destruct (share), self_destruct_days, max_active_after_deactivation
    (share still functioning after both mechanisms), self_deactivation_days, clause.
    """
    table = load_mine_standards() if table is None else table
    standard = table[table["kind"] == "standard"].set_index("quantity")["value"]
    needed = {
        "max_fail_self_destruct": "max_share_failing_self_destruct",
        "self_destruct_days": "self_destruct_limit",
        "max_active_after_deactivation": "max_share_active_after_self_deactivation",
        "self_deactivation_days": "self_deactivation_limit",
    }
    limits: dict[str, Any] = {}
    for key, quantity in needed.items():
        if quantity not in standard.index or pd.isna(standard[quantity]):
            raise ValueError(f"mine standards table has no value for AP II {quantity!r}")
        limits[key] = float(standard[quantity])
    limits["clause"] = AP2_CLAUSE
    return limits


def _pct(share: float) -> str:
    """A share as a short percentage: 0.000006 -> '0.0006%', 0.1 -> '10%'."""
    return pct(share, significant=4)


def _within(value: float, limit: float) -> bool:
    """value <= limit, allowing for binary rounding (0.1 × 0.01 is 0.0010000000000000002)."""
    return value <= limit * (1 + 1e-9)


class Ap2Check(NamedTuple):
    """Whether stated failure shares meet AP II; None where the claim does not say enough."""

    meets: bool | None
    self_destruct_meets: bool | None
    combined_meets: bool | None
    share_failing_self_destruct: float | None
    share_active_after_deactivation: float | None
    clause: str
    explanation: str


def meets_ap2(fail_self_destruct: float | None, fail_self_deactivate: float | None = None, *,
              share_active_after_deactivation: float | None = None,
              limits: Mapping[str, Any] | None = None) -> Ap2Check:
    """Check stated failure shares against CCW Amended Protocol II, Technical Annex para. 3(a).

    fail_self_destruct: share of mines that fail to self-destruct within the AP II limit
    (30 days). fail_self_deactivate: of those, the share that also fail to self-deactivate by
    120 days. A source may instead state the combined share still active directly (DoD 2020:
    "6 in a million"); pass it as share_active_after_deactivation. Give None for what a source
    does not state: that part of the answer is then None ("cannot be checked"), which is itself
    worth discussing. Limits are inclusive ("no more than").

    Meeting AP II is not the same as being lawful for every state: the Ottawa Convention bans
    anti-personnel mines whatever their self-destruct features, and Ukraine is a State Party.
    """
    limits = ap2_limits() if limits is None else limits
    sd = None if fail_self_destruct is None else _check_share("fail_self_destruct",
                                                               fail_self_destruct)
    sdeact = None if fail_self_deactivate is None else _check_share("fail_self_deactivate",
                                                                    fail_self_deactivate)
    direct = None
    if share_active_after_deactivation is not None:
        direct = _check_share("share_active_after_deactivation", share_active_after_deactivation)
        if sdeact is not None:
            raise ValueError("give either fail_self_deactivate or "
                             "share_active_after_deactivation, not both")
        if sd is not None and direct > sd:
            raise ValueError("share_active_after_deactivation cannot exceed fail_self_destruct: "
                             "a mine that self-destructed is no longer active")
    combined = direct if direct is not None else (
        sd * sdeact if sd is not None and sdeact is not None else None)

    max_sd = limits["max_fail_self_destruct"]
    max_combined = limits["max_active_after_deactivation"]
    sd_days = limits["self_destruct_days"]
    deact_days = limits["self_deactivation_days"]
    sd_ok = None if sd is None else _within(sd, max_sd)
    combined_ok = None if combined is None else _within(combined, max_combined)
    parts = [sd_ok, combined_ok]
    meets = False if False in parts else (None if None in parts else True)

    def verdict(ok: bool | None) -> str:
        return {True: "meets", False: "does not meet", None: "cannot be checked"}[ok]

    sd_text = "not stated" if sd is None else f"{_pct(sd)} fail to self-destruct"
    combined_text = "not stated" if combined is None else f"{_pct(combined)} still active"
    explanation = (
        f"Self-destruction within {sd_days:g} days: {sd_text}; AP II allows at most "
        f"{_pct(max_sd)} ({verdict(sd_ok)}). With self-deactivation, after {deact_days:g} days: "
        f"{combined_text}; AP II allows at most {_pct(max_combined)} ({verdict(combined_ok)}). "
        f"Source: {limits['clause']}."
    )
    return Ap2Check(meets, sd_ok, combined_ok, sd, combined, limits["clause"], explanation)


def mines_active_timeline(n_mines: int, fail_self_destruct: float, fail_self_deactivate: float,
                          *, self_destruct_days: float | None = None,
                          self_deactivation_days: float | None = None,
                          confidence: float = 0.95,
                          limits: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """How many of `n_mines` are expected to remain active at each stated time limit.

    Three rows: day 0 (all active), the self-destruct limit (those that failed to
    self-destruct) and the self-deactivation limit (those that failed both). The days default to
    the AP II limits from the data file. The model only knows the state at the limits a claim
    states; it does not say how mines become inactive in between, so plot it as steps, not a
    line. `low`/`high` are the binomial interval from chance alone (each mine independent).
    Columns: stage, day, share_active, expected_active, low, high, ap2_max_share.
    """
    n = _check_count("n_mines", n_mines)
    sd = _check_share("fail_self_destruct", fail_self_destruct)
    sdeact = _check_share("fail_self_deactivate", fail_self_deactivate)
    limits = ap2_limits() if limits is None else limits
    days = []
    for name, given, key in (("self_destruct_days", self_destruct_days, "self_destruct_days"),
                             ("self_deactivation_days", self_deactivation_days,
                              "self_deactivation_days")):
        chosen = limits[key] if given is None else given
        if isinstance(chosen, bool) or not isinstance(chosen, Real) or math.isnan(chosen):
            raise TypeError(f"{name} must be a number of days, got {chosen!r}")
        if chosen < 0:
            raise ValueError(f"{name} must not be negative, got {chosen}")
        days.append(float(chosen))
    if days[1] < days[0]:
        raise ValueError("self_deactivation_days must not be before self_destruct_days")
    rows = []
    stages = (("start", 0.0, 1.0, None),
              ("after self-destruct limit", days[0], sd, limits.get("max_fail_self_destruct")),
              ("after self-deactivation limit", days[1], sd * sdeact,
               limits.get("max_active_after_deactivation")))
    for stage, day, share, ap2 in stages:
        interval = binomial_interval(n, share, confidence)
        rows.append({"stage": stage, "day": day, "share_active": share,
                     "expected_active": n * share, "low": interval.low, "high": interval.high,
                     "ap2_max_share": math.nan if ap2 is None else float(ap2)})
    return pd.DataFrame(rows)


def mine_defaults(table: pd.DataFrame | None = None) -> dict[str, float]:
    """A mine exactly at both AP II limits, read from the data file (the sliders' defaults).

    fail_self_destruct is the AP II maximum; fail_self_deactivate is the share of those that
    leaves exactly the maximum share still active after both mechanisms.
    """
    limits = ap2_limits(table)
    return {
        "fail_self_destruct": limits["max_fail_self_destruct"],
        "fail_self_deactivate": limits["max_active_after_deactivation"]
        / limits["max_fail_self_destruct"],
    }


@dataclass(frozen=True, eq=False)
class MinesTimeline:
    """Mines still active against AP II: what `charts.risk.mines_timeline_chart` draws.

    `timeline`: the three rows of `mines_active_timeline` with `ap2_max_active`, the most
    mines AP II allows still active at each stage (all of them at day 0). `verdict`: the
    `meets_ap2` check of the two shares; `limits`: `ap2_limits`. The inputs are kept as given
    (n_mines, the two shares, confidence) so that a chart can say what was assumed.
    """

    timeline: pd.DataFrame
    verdict: Ap2Check
    limits: Mapping[str, Any]
    n_mines: int
    fail_self_destruct: float
    fail_self_deactivate: float
    confidence: float


def mines_timeline(n_mines: int, fail_self_destruct: float | None = None,
                   fail_self_deactivate: float | None = None,
                   table: pd.DataFrame | None = None, *,
                   confidence: float = 0.95) -> MinesTimeline:
    """Mines expected to remain active at day 0 and at the two AP II limits, and the verdict.

    Shares left as None default to a mine exactly at both AP II limits (`mine_defaults`).
    `table` is the mine standards table (`load_mine_standards()` by default).
    """
    limits = ap2_limits(table)
    defaults = mine_defaults(table) if None in (fail_self_destruct, fail_self_deactivate) else {}
    sd = defaults["fail_self_destruct"] if fail_self_destruct is None else fail_self_destruct
    sdeact = (defaults["fail_self_deactivate"] if fail_self_deactivate is None
              else fail_self_deactivate)
    timeline = mines_active_timeline(n_mines, sd, sdeact, confidence=confidence,
                                     limits=limits)
    verdict = meets_ap2(sd, sdeact, limits=limits)
    n = _check_count("n_mines", n_mines)
    timeline["ap2_max_active"] = np.where(timeline["ap2_max_share"].isna(), 1.0,
                                          timeline["ap2_max_share"]) * n
    return MinesTimeline(timeline, verdict, limits, n, float(sd), float(sdeact),
                         float(confidence))


def duration_in_hours(value: float, unit: str) -> float:
    """Convert a stated time ("4 hours", "2 weeks") to hours, so claims can share one axis."""
    if unit not in ("hours", "days", "weeks"):
        raise ValueError(f"unit must be 'hours', 'days' or 'weeks', got {unit!r}")
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
        raise TypeError(f"value must be a number, got {value!r}")
    if value < 0:
        raise ValueError(f"value must not be negative, got {value}")
    return float(value) * HOURS_PER[unit]


def inactivation_claims(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 2020 and 2024 US statements on how soon mines become inactive, in hours and days.

    One row per statement with a number, tidy for a chart of claimed time windows against the
    AP II limits. Claims stated only in words ("within days or weeks") are kept with NaN.
    """
    table = load_mine_standards() if table is None else table
    wanted = table["quantity"].isin(
        ["inactivation_time", "inactivation_time_min", "inactivation_time_max",
         "self_destruct_limit", "self_deactivation_limit"])
    rows = table[wanted].copy()
    rows["hours"] = [
        duration_in_hours(v, u) if pd.notna(v) and u else math.nan
        for v, u in zip(rows["value"], rows["unit"], strict=True)
    ]
    rows["days"] = rows["hours"] / 24.0
    keep = ["item_id", "party", "kind", "quantity", "value", "unit", "hours", "days",
            "qualifier", "reported_as", "source", "as_of", "status"]
    return rows[keep].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Inactivation:
    """Stated inactivation times against AP II: what `charts.risk.inactivation_chart` draws.

    `statements`: one row per statement (a party's min and max paired into one range), with
    `label` (party and date), `low` and `high` in hours (NaN for words only), `text` (what
    was said), `status` and `kind`: "range", "point", "ceiling" (at most / less than) or
    "words" (no number given). `limits`: the AP II self-destruct and self-deactivation time
    limits, one row each, in `days` and `hours`.
    """

    statements: pd.DataFrame
    limits: pd.DataFrame


def _statement_rows(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Pair min/max statements of one party into ranges; keep word-only statements."""
    rows: list[dict[str, Any]] = []
    statements = claims[claims["kind"] != "standard"]
    for party, group in statements.groupby("party", sort=False):
        quantities = dict(zip(group["quantity"], group.itertuples(index=False), strict=True))
        lo = quantities.get("inactivation_time_min")
        hi = quantities.get("inactivation_time_max")
        if lo is not None and hi is not None:
            text = "; ".join(dict.fromkeys([lo.reported_as, hi.reported_as]))
            status = "R2" if "R2" in (lo.status, hi.status) else hi.status
            rows.append({"label": f"{party}, {hi.as_of}", "low": lo.hours, "high": hi.hours,
                         "text": text, "status": status, "kind": "range"})
            continue
        for item in group.itertuples(index=False):
            kind = "words" if pd.isna(item.hours) else (
                "ceiling" if item.qualifier in ("at_most", "less_than") else "point")
            rows.append({"label": f"{party}, {item.as_of}", "low": item.hours,
                         "high": item.hours, "text": item.reported_as, "status": item.status,
                         "kind": kind})
    return rows


def inactivation(table: pd.DataFrame | None = None) -> Inactivation:
    """The statements of how soon mines become inactive, and the AP II time limits.

    `table` is the mine standards table (`load_mine_standards()` by default). A table with
    no statements gives an empty `statements` (nothing to draw); one without the AP II
    standard rows is refused by `ap2_limits`.
    """
    table = load_mine_standards() if table is None else table
    limits = ap2_limits(table)
    statements = pd.DataFrame(_statement_rows(inactivation_claims(table)),
                              columns=["label", "low", "high", "text", "status", "kind"])
    days = [("self-destruct", limits["self_destruct_days"]),
            ("self-deactivation", limits["self_deactivation_days"])]
    ap2 = pd.DataFrame([{"limit": name, "days": value,
                         "hours": duration_in_hours(value, "days")} for name, value in days])
    return Inactivation(statements, ap2)


# --------------------------------------------------------------------------- monitor helpers


def monitor_series(measure: str = "casualties", monitor: str = "LM", iso3: str = "",
                   table: pd.DataFrame | None = None) -> pd.DataFrame:
    """A year-by-year series, each year taken from the edition that reports it.

    Monitor editions report the previous calendar year; later editions sometimes revise a year
    (LM2024 revised 2022 from 4,710 to 4,709). Mixing editions is a classic error in news copy,
    so only rows whose edition year is data_year + 1 are used. iso3="" means the world total.
    Columns: data_year, edition, value, qualifier, status, source.
    """
    if monitor not in ("LM", "CMM"):
        raise ValueError(f"monitor must be 'LM' or 'CMM', got {monitor!r}")
    if measure not in MONITOR_MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {sorted(MONITOR_MEASURES)}")
    table = load_monitor_figures() if table is None else table
    edition_year = table["edition"].str.extract(r"(\d{4})$")[0].astype(int)
    chosen = table[(table["monitor"] == monitor) & (table["measure"] == measure)
                   & (table["iso3"] == iso3) & (edition_year == table["data_year"] + 1)]
    columns = ["data_year", "edition", "value", "qualifier", "status", "source"]
    return chosen[columns].sort_values("data_year").reset_index(drop=True)


#: The two Monitors, in the order lesson 06 shows them.
MONITORS: tuple[str, ...] = ("LM", "CMM")


def casualty_series(iso3: str = "", table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recorded casualties by data year for both Monitors: what `casualties_chart` draws.

    The `monitor_series` of each Monitor (LM rows, then CMM), with a `monitor` column first.
    iso3="" means the world total. `attrs`: iso3 and place ("world total", or the country's
    name as the Monitor file writes it). Raises ValueError when neither Monitor has a row.
    """
    table = load_monitor_figures() if table is None else table
    parts = [monitor_series("casualties", monitor, iso3, table=table) for monitor in MONITORS]
    parts = [part.assign(monitor=monitor) for monitor, part in zip(MONITORS, parts, strict=True)
             if not part.empty]
    if not parts:
        raise ValueError(f"no casualty figures for iso3={iso3!r} in either Monitor")
    series = pd.concat(parts, ignore_index=True)
    series = series[["monitor", *series.columns.drop("monitor")]]
    names = table.loc[table["iso3"] == iso3, "country"]
    place = "world total" if not iso3 else (names.iloc[0] if len(names) else iso3)
    series.attrs.update(iso3=iso3, place=place)
    return series


def top_countries(edition: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Countries with casualty counts in one edition, highest first, with a 1-based rank.

    Only the countries the sources name are listed, so the table is a "top N as reported",
    not a complete ranking.
    """
    table = load_monitor_figures() if table is None else table
    if edition not in set(table["edition"]):
        raise ValueError(f"edition {edition!r} is not in the table; known: "
                         f"{sorted(set(table['edition']))}")
    year = int(edition[-4:]) - 1
    rows = table[(table["edition"] == edition) & (table["measure"] == "casualties")
                 & (table["iso3"] != "") & (table["data_year"] == year)
                 & table["value"].notna()]
    rows = rows.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    rows.insert(0, "rank", range(1, len(rows) + 1))
    return rows[["rank", "country", "iso3", "value", "data_year", "status", "source"]]
