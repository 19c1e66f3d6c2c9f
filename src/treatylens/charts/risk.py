"""Charts for lesson 06 (civilian risk): each function returns a matplotlib `Figure`.

Every chart shows how solid each figure is, not only how large: the status code copied from
`data/risk/` (R read on the publisher's own page, R2 read in a secondary relay, D derived by
arithmetic) is drawn as the fill of a bar or marker and named in the legend, and U rows (no
value) are said to be missing rather than silently dropped. Colours are Okabe–Ito and every
category is also told apart by hatching, marker shape or a text label. Each figure carries a
caption with its source file and as-of date.

The functions are pure: they read the data (or a table passed in), build a new `Figure`
without touching pyplot's global state, and raise the library's own errors for invalid input.
Scope is residual hazard to civilians; nothing here concerns effect on targets.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator, PercentFormatter

from treatylens import risk
from treatylens.labels import pct
from treatylens.palette import GREY, OKABE_ITO

#: How each status is drawn. Bars: solid fill (R), white with hatching (R2), cross-hatching (D).
#: Markers: filled (R), hollow (R2), half-filled (D).
STATUS_STYLE: dict[str, dict[str, str]] = {
    "R": {"label": "R: read on the publisher's page", "hatch": "", "fillstyle": "full"},
    "R2": {"label": "R2: read in a relay (news or NGO)", "hatch": "///",
           "fillstyle": "none"},
    "D": {"label": "D: derived by arithmetic", "hatch": "xx",
          "fillstyle": "left"},
}

#: Colour and marker for each kind of evidence behind a failure rate.
EVIDENCE_STYLE: dict[str, tuple[str, str, str]] = {  # label, colour, marker
    "official_statement": ("official statement", OKABE_ITO["orange"], "D"),
    "official_estimate": ("official estimate", OKABE_ITO["blue"], "o"),
    "ngo_estimate": ("NGO estimate", OKABE_ITO["bluish green"], "s"),
    "test": ("test result", OKABE_ITO["reddish purple"], "^"),
    "field": ("field report", OKABE_ITO["vermillion"], "v"),
    "policy_limit": ("policy limit", GREY, "|"),
}

MONITOR_STYLE = {
    "LM": ("Landmine Monitor (ICBL-CMC)", OKABE_ITO["blue"],
           "casualties of mines and explosive remnants of war"),
    "CMM": ("Cluster Munition Monitor (CMC)", OKABE_ITO["vermillion"],
            "casualties of cluster munition attacks and remnants"),
}

QUALIFIER_SIGN = {"": "", "about": "≈", "less_than": "<", "at_most": "≤", "at_least": "≥",
                  "more_than": ">", "almost": "almost ", "range": ""}

#: What each scope of failure_rates.csv is about, in the words a tick label can carry. The
#: lowest and highest rates of the default selection differ in scope as well as in claimant.
SCOPE_LABEL = {
    "ukraine_2023": "scope: the rounds sent in 2023",
    "dpicm_older": "scope: older DPICM stocks",
    "general": "scope: other munitions and conflicts",
    "policy": "scope: a policy or legal limit",
    "russian_claim": "scope: Russian munitions (US claim)",
}

FIG_WIDTH = 10.0
CAPTION_SIZE = 7.5


# --------------------------------------------------------------------------- shared helpers


def stated(share: float, qualifier: str) -> str:
    """A rate with its qualifier sign, as the source bounded it: '< 2.35%', '≥ 14%'."""
    sign = QUALIFIER_SIGN.get(qualifier, "")
    return f"{sign}{pct(share)}" if sign in ("", "almost ") else f"{sign} {pct(share)}"


#: Joins a qualifier to its number so that no line break can separate "<" from "2.35%".
NO_BREAK = "\u00a0"


def _who_then_figure(who: str, figure: str, width: int) -> str:
    """A tick label: who said it (wrapped) on the first line(s), the figure on a line of its own.

    Wrapping "…, 2023-07-06: < 2.35%" as one string broke the line between the qualifier and
    its number, so a reader saw "<" at the end of one line and "2.35%" on the next. The figure
    gets its own line, and its spaces are non-breaking in case it is ever wrapped.
    """
    return f"{textwrap.fill(who + ':', width)}\n{figure.replace(' ', NO_BREAK)}"


def _status(code: str) -> dict[str, str]:
    try:
        return STATUS_STYLE[code]
    except KeyError:
        raise ValueError(f"status {code!r} cannot be drawn; known: {sorted(STATUS_STYLE)} "
                         "(U rows have no value)") from None


def _status_handles(codes: Iterable[str], color: str = GREY, kind: str = "bar") -> list:
    """Legend entries explaining the status codes that appear in a chart."""
    handles = []
    for code in [c for c in STATUS_STYLE if c in set(codes)]:
        style = STATUS_STYLE[code]
        if kind == "bar":
            handles.append(Patch(facecolor=color if not style["hatch"] else "white",
                                 edgecolor=color, hatch=style["hatch"], label=style["label"]))
        else:
            handles.append(Line2D([], [], linestyle="", marker="o", markersize=8, color=color,
                                  fillstyle=style["fillstyle"], markerfacecoloralt="white",
                                  label=style["label"]))
    return handles


def _new_figure(height: float, caption: str, ncols: int = 1,
                width: float = FIG_WIDTH, left: float = 0.08,
                right: float = 0.98, top: float = 0.86, wspace: float = 0.25, *,
                nrows: int = 1, height_ratios: tuple[float, ...] | None = None,
                hspace: float = 0.2) -> tuple[Figure, Any]:
    """A figure with `nrows` × `ncols` axes and a wrapped caption at the bottom, space reserved.

    Rows share their x axis (a strip under a chart reads on the chart's scale).
    """
    fig = Figure(figsize=(width, height), dpi=100)
    lines = textwrap.wrap(caption, width=int(width * 17.5))
    caption_inches = 0.14 * len(lines) + 0.15
    bottom = (caption_inches + 0.55) / height
    axes = fig.subplots(nrows, ncols, squeeze=True, sharex=nrows > 1,
                        gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)
    fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom, wspace=wspace,
                        hspace=hspace)
    fig.text(0.01, 0.012, "\n".join(lines), fontsize=CAPTION_SIZE, ha="left", va="bottom",
             color="#333333", linespacing=1.35)
    return fig, axes


# --------------------------------------------------------------------------- casualties


def casualties_chart(iso3: str = "", table: pd.DataFrame | None = None) -> Figure:
    """Recorded casualties by data year for both Monitors, side by side (world by default).

    Each year comes from the edition that reports it (`risk.monitor_series`). Bars are filled
    by status; a year whose figure is unverified (U, no value) is marked "no verified figure"
    instead of being left out. The two panels have their own vertical scales.
    """
    table = risk.load_monitor_figures() if table is None else table
    series = {m: risk.monitor_series("casualties", m, iso3, table=table) for m in MONITOR_STYLE}
    if all(s.empty for s in series.values()):
        raise ValueError(f"no casualty figures for iso3={iso3!r} in either Monitor")
    place = "world total" if not iso3 else _country_name(table, iso3)
    editions = ", ".join(e for s in series.values() for e in s["edition"])
    caption = (
        f"Source: data/risk/monitor_figures.csv (course compilation of Landmine Monitor and "
        f"Cluster Munition Monitor figures; the publisher or relay of each row is named in the "
        f"file). As of: each year is taken from the edition published the following year "
        f"({editions}). Recorded casualties only: people killed or injured whom the Monitors "
        f"could count. The two panels have different vertical scales."
    )
    fig, axes = _new_figure(5.0, caption, ncols=2, top=0.78)
    codes: set[str] = set()
    for ax, (monitor, data) in zip(axes, series.items(), strict=True):
        name, color, what = MONITOR_STYLE[monitor]
        values = data["value"].to_numpy(dtype=float)
        top = np.nanmax(values) if np.isfinite(values).any() else 1.0
        for x, row in zip(range(len(data)), data.itertuples(index=False), strict=True):
            if pd.isna(row.value):
                ax.text(x, top * 0.04, f"no verified\nfigure\n({row.edition}, {row.status})",
                        ha="center", va="bottom", fontsize=8, color="#333333")
                continue
            style = _status(row.status)
            codes.add(row.status)
            ax.bar(x, row.value, width=0.65, color=color if not style["hatch"] else "white",
                   edgecolor=color, hatch=style["hatch"], linewidth=1.5)
            sign = QUALIFIER_SIGN.get(row.qualifier, "")
            ax.text(x, row.value + top * 0.02, f"{sign}{row.value:,.0f}\n{row.status}",
                    ha="center", va="bottom", fontsize=9)
        ax.set_xticks(range(len(data)),
                      [f"{y}\n({e})" for y, e in zip(data["data_year"], data["edition"],
                                                      strict=True)])
        ax.set_xlim(-0.6, max(len(data), 3) - 0.4)
        ax.set_ylim(0, top * 1.22)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_xlabel("data year (edition that reports it)")
        ax.set_ylabel("recorded casualties (people)")
        ax.set_title(f"{name}:\n{what}", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    fig.legend(handles=_status_handles(codes), loc="upper right", fontsize=8,
               title="status: how solid is each figure?", title_fontsize=8, frameon=False,
               bbox_to_anchor=(0.99, 1.0), alignment="left")
    fig.suptitle(f"Recorded casualties by data year, {place}", x=0.01, ha="left",
                 fontsize=12, y=0.98)
    return fig


def _country_name(table: pd.DataFrame, iso3: str) -> str:
    names = table.loc[table["iso3"] == iso3, "country"]
    return names.iloc[0] if len(names) else iso3


# --------------------------------------------------------------------------- failure-rate claims


def _claims(table: pd.DataFrame | None, scopes: Iterable[str], evidence: Iterable[str]
            ) -> pd.DataFrame:
    """One row per estimate (a range keeps both ends), ordered by its lowest stated rate."""
    rates = risk.sourced_rates(table, scopes=scopes, evidence=evidence)
    if rates.empty:
        raise ValueError("no sourced rate with a value matches these scopes and evidence kinds")
    grouped = rates.groupby("estimate_id", sort=False).agg(
        low=("rate", "min"), high=("rate", "max"), claimant=("claimant", "first"),
        qualifier=("qualifier", "first"), evidence=("evidence", "first"),
        as_of=("as_of", "first"), status=("status", "first"), source=("source", "first"),
        scope=("scope", "first"))
    grouped = grouped.reset_index()
    return grouped.sort_values(["low", "high", "as_of", "estimate_id"],
                               kind="stable").reset_index(drop=True)


def scope_label(scope: str) -> str:
    """'scope: the rounds sent in 2023' for 'ukraine_2023' (the datasheet's wording)."""
    return SCOPE_LABEL.get(scope, f"scope: {scope}")


def claim_label(row: Any) -> str:
    """'US DoD (Colin Kahl), 2023-07-07' for a claims row."""
    return f"{row.claimant}, {row.as_of}" if row.as_of else str(row.claimant)


def failure_claims_chart(table: pd.DataFrame | None = None, *,
                         scopes: Iterable[str] = risk.DEFAULT_SCOPES,
                         evidence: Iterable[str] = risk.DEFAULT_EVIDENCE,
                         show_policy_limits: bool = True) -> Figure:
    """Every sourced failure ("dud") rate, one line per claim, labelled with who said it and when.

    Marker shape and colour: the kind of evidence. Fill: status (R filled, R2 hollow).
    A range ("6-14%") is a line between its ends. The stated figure is printed beside each
    marker with its qualifier ("< 2.35%" is a ceiling, "≥ 14%" a floor). Policy limits (not
    measured rates) are dotted vertical lines.
    """
    table = risk.load_failure_rates() if table is None else table
    claims = _claims(table, scopes, evidence)
    policy = table[(table["evidence"] == "policy_limit") & table["value"].notna()]
    caption = (
        "Source: data/risk/failure_rates.csv (course compilation; each row names the claimant, "
        "the publication it was read in and its status). As of: the date after each claimant "
        "(the date of the statement or of the report that quoted it). A dud rate is the share "
        "of submunitions that fail to explode and stay on the ground as a hazard to civilians. "
        "Markers: stated figure; lines: a stated range."
    )
    height = 2.4 + 0.5 * len(claims)
    fig, ax = _new_figure(height, caption, left=0.30, right=0.72, top=1 - 0.6 / height)
    xmax = max(claims["high"].max(), policy["value"].max() if len(policy) else 0) * 1.25
    for y, row in enumerate(claims.itertuples(index=False)):
        _kind, color, marker = EVIDENCE_STYLE[row.evidence]
        fill = _status(row.status)["fillstyle"]
        if row.high > row.low:
            ax.plot([row.low, row.high], [y, y], color=color, linewidth=3, solid_capstyle="butt")
            text = f"{pct(row.low)}–{pct(row.high)}"
            ends = [row.low, row.high]
        else:
            text = stated(row.low, row.qualifier)
            ends = [row.low]
        ax.plot(ends, [y] * len(ends), linestyle="", marker=marker, markersize=9, color=color,
                fillstyle=fill, markerfacecoloralt="white", markeredgewidth=1.6)
        ax.annotate(f"{text}  ({row.status})", (row.high, y), xytext=(9, 0),
                    textcoords="offset points", va="center", fontsize=9)
    policy_handles = []
    if show_policy_limits:
        for value, rows in policy.groupby("value"):
            # The whole claimant, not its first words: it carries what a reader must not lose,
            # such as "rescinded Nov 2017" for the 2008 DoD policy.
            names = "; ".join(rows["claimant"])
            ax.axvline(value, color=GREY, linestyle=":", linewidth=1.5)
            policy_handles.append(Line2D([], [], color=GREY, linestyle=":", linewidth=1.5,
                                         label=textwrap.fill(f"policy limit {pct(value)} (not a "
                                                             f"measured rate): {names}", 36)))
    ax.set_yticks(range(len(claims)),
                  [f"{textwrap.fill(claim_label(r), 40)}\n{scope_label(r.scope)}"
                   for r in claims.itertuples(index=False)], fontsize=9)
    ax.set_ylim(-0.7, len(claims) - 0.3)
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("stated failure (dud) rate: % of submunitions left unexploded")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    kinds = [k for k in EVIDENCE_STYLE if k in set(claims["evidence"])]
    handles = [Line2D([], [], linestyle="", marker=EVIDENCE_STYLE[k][2], markersize=8,
                      color=EVIDENCE_STYLE[k][1], label=EVIDENCE_STYLE[k][0]) for k in kinds]
    handles += _status_handles(claims["status"], kind="marker") + policy_handles
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    fig.suptitle("Who claimed which failure rate, and when", x=0.01, ha="left", fontsize=12,
                 y=1 - 0.1 / height)
    return fig


# --------------------------------------------------------------------------- expected duds


def duds_chart(submunitions: int = 10_000, table: pd.DataFrame | None = None, *,
               confidence: float = 0.95,
               scopes: Iterable[str] = risk.DEFAULT_SCOPES,
               evidence: Iterable[str] = risk.DEFAULT_EVIDENCE) -> Figure:
    """Expected unexploded submunitions among `submunitions` under each sourced rate.

    One bar per stated rate (a range gives a bar for each end), hatched by status, with the
    binomial interval (chance alone, if the stated rate were exact) as error bars.
    """
    duds = risk.duds_by_source(submunitions, 1, table, scopes=scopes, evidence=evidence,
                               confidence=confidence)
    if duds.empty:
        raise ValueError("no sourced rate with a value matches these scopes and evidence kinds")
    n = int(duds["submunitions"].iloc[0])
    caption = (
        f"Source: rates from data/risk/failure_rates.csv (claimant and date in each label); "
        f"the count of {n:,} submunitions is an illustrative input, not a figure for any real "
        f"transfer. Bars: expected number left unexploded (rate × count). Error bars: "
        f"{confidence:.0%} binomial interval from chance alone, assuming every submunition "
        f"fails independently at exactly the stated rate (in the field, failures cluster by "
        f"age, batch and ground). The gap between sources is far larger than chance."
    )
    height = 2.2 + 0.5 * len(duds)
    fig, ax = _new_figure(height, caption, left=0.32, right=0.73, top=1 - 0.6 / height)
    labels = []
    xmax = duds["high"].max() * 1.6 or 1.0  # room for the "≈n (low–high)" label
    for y, row in enumerate(duds.itertuples(index=False)):
        _kind, color, _ = EVIDENCE_STYLE[row.evidence]
        style = _status(row.status)
        ax.barh(y, row.expected, height=0.62, color=color if not style["hatch"] else "white",
                edgecolor=color, hatch=style["hatch"], linewidth=1.5)
        ax.errorbar(row.expected, y, xerr=[[row.expected - row.low], [row.high - row.expected]],
                    color="black", capsize=4, linewidth=1.2)
        ax.annotate(f"≈{row.expected:,.0f}  ({row.low:,.0f}–{row.high:,.0f})", (row.high, y),
                    xytext=(7, 0), textcoords="offset points", va="center", fontsize=8.5)
        end = {"low": ", low end", "high": ", high end"}.get(row.endpoint, "")
        rate = (pct(row.rate) if row.qualifier == "range" else stated(row.rate, row.qualifier))
        labels.append(_who_then_figure(f"{claim_label(row)}{end}", f"{rate} ({row.status})",
                                       46))
    ax.set_yticks(range(len(duds)), labels, fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"expected unexploded submunitions among {n:,} (count)")
    ax.spines[["top", "right"]].set_visible(False)
    kinds = [k for k in EVIDENCE_STYLE if k in set(duds["evidence"])]
    handles = [Patch(facecolor=EVIDENCE_STYLE[k][1], edgecolor=EVIDENCE_STYLE[k][1],
                     label=EVIDENCE_STYLE[k][0]) for k in kinds]
    handles += _status_handles(duds["status"])
    handles.append(Line2D([], [], color="black", marker="|", markersize=8,
                          label=f"{confidence:.0%} interval (chance alone)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    fig.suptitle(f"What would be left behind: expected duds among {n:,} submunitions, "
                 f"by source", x=0.01, ha="left", fontsize=12, y=1 - 0.1 / height)
    return fig


def dud_curve_chart(submunitions: int = 10_000, failure_rate: float | None = None,
                    table: pd.DataFrame | None = None, *, confidence: float = 0.95,
                    max_rate: float = 0.3) -> Figure:
    """Expected duds against the failure rate, with the sourced rates on a strip below.

    Top panel: expected unexploded = rate × count, the binomial band (chance alone) and the
    chosen `failure_rate` with its interval. Bottom strip, on the same rate axis: each sourced
    rate on a row of its own. The sourced rates used to sit on the line itself, where 2.35 %,
    2.5 % and the default assumption (2.35 %) are a few pixels apart and hid one another; one
    row per rate keeps every marker and label visible at any rate. This is the figure the
    slider widget redraws. The default rate is the lowest sourced rate (the US DoD's stated
    ceiling, read from the data file).
    """
    if failure_rate is None:
        failure_rate = risk.failure_rate_range(table)["min_rate"]
    chosen = risk.expected_unexploded(submunitions, 1, failure_rate, confidence)
    max_rate = risk._check_share("max_rate", max_rate)
    n = chosen.submunitions
    rates = risk.sourced_rates(table)
    top = max(max_rate, chosen.failure_rate) or 1.0
    grid = np.linspace(0.0, top, 61)
    band = [risk.binomial_interval(n, p, confidence) for p in grid]
    caption = (
        f"Sourced rates: data/risk/failure_rates.csv (claimant and date in the legend; all "
        f"status {'/'.join(sorted(set(rates['status'])))}; each rate is drawn on its own row "
        f"of the lower strip, on the same rate axis). The count of {n:,} submunitions and "
        f"the chosen rate are inputs, not data. Line: expected unexploded = rate × count. "
        f"Band: {confidence:.0%} binomial interval from chance alone (independent failures)."
    )
    groups = list(rates.groupby("rate", sort=True))
    fig, (ax, strip) = _new_figure(6.6, caption, nrows=2,
                                   height_ratios=(4.0, 0.45 + 0.32 * len(groups)),
                                   left=0.09, right=0.62, top=0.89, hspace=0.08)
    color = OKABE_ITO["vermillion"]
    ax.fill_between(grid, [b.low for b in band], [b.high for b in band], color="#DDDDDD",
                    linewidth=0)
    ax.plot(grid, grid * n, color="black", linewidth=1.5)
    ax.errorbar([chosen.failure_rate], [chosen.expected],
                yerr=[[chosen.expected - chosen.low], [chosen.high - chosen.expected]],
                color=color, marker="o", markersize=8, capsize=5, linewidth=2)
    ax.text(0.03, 0.96, f"Your assumption: {pct(chosen.failure_rate)} of {n:,} submunitions\n"
            f"≈ {chosen.expected:,.0f} expected unexploded "
            f"({confidence:.0%} interval {chosen.low:,.0f}–{chosen.high:,.0f})",
            transform=ax.transAxes, fontsize=9.5, va="top", color=color,
            bbox={"facecolor": "white", "edgecolor": color})
    handles: list[Any] = [
        Patch(facecolor="#DDDDDD", label=f"{confidence:.0%} interval (chance alone)"),
        Line2D([], [], color="black", linewidth=1.5, label="expected = rate × count"),
        Line2D([], [], color=color, marker="o", markersize=8, linewidth=2,
               label=f"your assumption: {pct(chosen.failure_rate)} (dashed line in the strip)"),
    ]
    markers = ["D", "o", "s", "^", "v", "P", "X", "*"]
    strip.axvline(chosen.failure_rate, color=color, linestyle="--", linewidth=1.3, zorder=1)
    for row_index, ((rate, rows), marker) in enumerate(
            zip(groups, markers * 4, strict=False)):
        who = "; ".join(dict.fromkeys(
            f"{c}{' (' + e + ' end)' if e in ('low', 'high') else ''}, {a}"
            for c, e, a in zip(rows["claimant"], rows["endpoint"], rows["as_of"], strict=True)))
        style = {"linestyle": "", "marker": marker, "markersize": 8, "color": OKABE_ITO["blue"],
                 "fillstyle": "none", "markeredgewidth": 1.6}
        strip.plot([rate], [row_index], zorder=3, **style)
        strip.annotate(pct(rate), (rate, row_index), xytext=(8, 0), textcoords="offset points",
                       va="center", fontsize=8, color=OKABE_ITO["blue"], zorder=3)
        handles.append(Line2D([], [], label=textwrap.fill(f"{pct(rate)}: {who}", 60), **style))
    for axis in (ax, strip):
        axis.set_xlim(0, top)
        axis.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, top * n * 1.05 or 1.0)
    ax.tick_params(labelbottom=False)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(f"expected unexploded among {n:,} (count)")
    strip.set_ylim(len(groups) - 0.4, -0.6)
    strip.set_yticks([])
    strip.set_ylabel("sourced\nrates", fontsize=8, rotation=0, ha="right", va="center")
    strip.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    strip.set_xlabel("failure (dud) rate: % of submunitions left unexploded")
    strip.grid(axis="x", color="#E5E5E5")
    strip.set_axisbelow(True)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7.5,
              frameon=False, title="sourced rates and your assumption", title_fontsize=8)
    fig.suptitle(f"Unexploded submunitions left behind, for {n:,} submunitions",
                 x=0.01, ha="left", fontsize=12, y=0.97)
    return fig


# --------------------------------------------------------------------------- mines


def mine_defaults() -> dict[str, float]:
    """Slider defaults: a mine exactly at both AP II limits, read from the data file."""
    limits = risk.ap2_limits()
    return {
        "fail_self_destruct": limits["max_fail_self_destruct"],
        "fail_self_deactivate": limits["max_active_after_deactivation"]
        / limits["max_fail_self_destruct"],
    }


def mines_timeline_chart(n_mines: int = 1000, fail_self_destruct: float | None = None,
                         fail_self_deactivate: float | None = None,
                         table: pd.DataFrame | None = None, *,
                         confidence: float = 0.95) -> Figure:
    """Mines expected to remain active at day 0 and at the two AP II limits, against AP II.

    Pairs of bars at each stage: the assumed shares (with a binomial interval) and the most
    that AP II allows. The vertical axis is logarithmic above 1 and linear below, so that zero
    is drawn. Defaults: a mine exactly at both AP II limits (`mine_defaults`).
    """
    defaults = mine_defaults() if None in (fail_self_destruct, fail_self_deactivate) else {}
    sd = defaults["fail_self_destruct"] if fail_self_destruct is None else fail_self_destruct
    sdeact = (defaults["fail_self_deactivate"] if fail_self_deactivate is None
              else fail_self_deactivate)
    limits = risk.ap2_limits(table)
    timeline = risk.mines_active_timeline(n_mines, sd, sdeact, confidence=confidence,
                                          limits=limits)
    verdict = risk.meets_ap2(sd, sdeact, limits=limits)
    n = int(timeline["expected_active"].iloc[0])
    caption = (
        f"Limits: {limits['clause']}, for remotely delivered anti-personnel mines "
        f"(data/risk/mine_self_destruct.csv, status R; read in a nap.edu reproduction, date "
        f"not recorded). The number of mines and the two failure shares are inputs, not data. "
        f"Counts are known only at the two limits, not in between. Error bars: {confidence:.0%} "
        f"binomial interval (each mine independent). Meeting AP II does not make a mine lawful "
        f"for a State Party to the Ottawa Convention, which bans all anti-personnel mines."
    )
    fig, ax = _new_figure(5.2, caption, left=0.09, right=0.98, top=0.80)
    x = np.arange(len(timeline))
    width = 0.38
    assumed = timeline["expected_active"].to_numpy()
    allowed = np.where(timeline["ap2_max_share"].isna(), 1.0, timeline["ap2_max_share"]) * n
    ax.bar(x - width / 2, assumed, width, color=OKABE_ITO["blue"], edgecolor=OKABE_ITO["blue"],
           label="your assumption: expected still active")
    ax.errorbar(x - width / 2, assumed,
                yerr=[assumed - timeline["low"].to_numpy(), timeline["high"].to_numpy() - assumed],
                color="black", capsize=4, linestyle="", linewidth=1.2)
    ax.bar(x + width / 2, allowed, width, color="white", edgecolor=OKABE_ITO["orange"],
           hatch="///", linewidth=1.5, label="most that AP II allows still active (R)")
    for xi, a, _lo, hi, m in zip(x, assumed, timeline["low"], timeline["high"], allowed,
                                strict=True):
        ax.text(xi - width / 2, max(hi, a) * 1.15 + 0.05, f"{a:,.4g}", ha="center",
                va="bottom", fontsize=9, color=OKABE_ITO["blue"])
        ax.text(xi + width / 2, m * 1.15 + 0.05, f"{m:,.4g}", ha="center", va="bottom",
                fontsize=9, color="#8A5A00")
    ax.set_yscale("symlog", linthresh=1.0)
    ax.set_ylim(0, max(n, 1) * 6)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    stage_names = {"start": "day 0\n(all active)",
                   "after self-destruct limit": "day {day:g}\nself-destruct limit",
                   "after self-deactivation limit": "day {day:g}\nself-deactivation limit"}
    ax.set_xticks(x, [stage_names[s].format(day=d)
                      for s, d in zip(timeline["stage"], timeline["day"], strict=True)])
    ax.set_ylabel(f"mines still active, of {n:,} (count, log scale)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper right", fontsize=8.5, framealpha=0.95)
    word = {True: "MEETS", False: "DOES NOT MEET", None: "CANNOT BE CHECKED AGAINST"}
    fig.suptitle(f"Mines still active over time: {pct(sd)} fail to self-destruct, "
                 f"{pct(sdeact)} of those also fail to self-deactivate", x=0.01, ha="left",
                 fontsize=11.5, y=0.975)
    fig.text(0.01, 0.895, f"Verdict: {word[verdict.meets]} AP II. "
             + textwrap.fill(verdict.explanation.split(" Source:")[0], 150),
             fontsize=8.5, va="top", ha="left")
    return fig


def _claim_rows(claims: pd.DataFrame) -> list[dict[str, Any]]:
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


#: Where the quotes of the inactivation chart start (hours) and how wide they may run.
QUOTE_X = 1.2
QUOTE_WIDTH = 46


def inactivation_chart(table: pd.DataFrame | None = None) -> Figure:
    """Stated times for mines to become inactive, on a log time axis, against the AP II limits.

    Ranges ("four hours to two weeks") are lines; a statement in words only ("within days or
    weeks") is listed with "no number". Vertical lines: the AP II 30-day self-destruct and
    120-day self-deactivation limits.
    """
    claims = risk.inactivation_claims(table)
    limits = risk.ap2_limits(table)
    rows = _claim_rows(claims)
    if not rows:
        raise ValueError("no inactivation statements in the mine standards table")
    caption = (
        "Source: data/risk/mine_self_destruct.csv (statements of 2020 and Nov 2024, each with "
        "its relay and status; AP II limits read in a nap.edu reproduction, status R). As of: "
        "the date after each speaker. The statements say how soon a working mine becomes "
        "inert; AP II also limits what share may fail to, and none of the 2024 statements here "
        "gives such a share. Log scale: each step to the right is ten times longer."
    )
    height = 3.0 + 0.6 * len(rows)
    fig, ax = _new_figure(height, caption, left=0.27, right=0.74, top=1 - 0.95 / height)
    hour_max = max(limits["self_deactivation_days"] * 24 * 6, 1.0)
    for y, row in enumerate(rows):
        fill = _status(row["status"])["fillstyle"]
        color = OKABE_ITO["blue"] if row["kind"] != "ceiling" else OKABE_ITO["bluish green"]
        if row["kind"] == "words":
            ax.text(QUOTE_X, y, textwrap.fill(f"no number given: '{row['text']}' "
                                              f"({row['status']})", QUOTE_WIDTH),
                    va="center", fontsize=8.5, style="italic", color="#333333")
            continue
        if row["kind"] == "range":
            ax.plot([row["low"], row["high"]], [y, y], color=color, linewidth=3)
            ax.plot([row["low"], row["high"]], [y, y], linestyle="", marker="o",
                    markersize=8, color=color, fillstyle=fill, markerfacecoloralt="white",
                    markeredgewidth=1.6)
        else:
            ax.plot([row["low"]], [y], linestyle="", marker="<" if row["kind"] == "ceiling"
                    else "o", markersize=9, color=color, fillstyle=fill,
                    markerfacecoloralt="white", markeredgewidth=1.6)
        # Every quote starts at the left edge and is wrapped short enough to end before the
        # first AP II line: a quote written from its marker ran through the 30-day line.
        quote = textwrap.fill(f"'{row['text']}' ({row['status']})", QUOTE_WIDTH)
        ax.text(QUOTE_X, y - 0.2, quote, ha="left", va="bottom", fontsize=8,
                linespacing=1.15, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    for key, name, style, side in (
            ("self_destruct_days", "self-destruct", "--", "right"),
            ("self_deactivation_days", "self-deactivation", ":", "left")):
        hours = limits[key] * 24
        ax.axvline(hours, color=OKABE_ITO["vermillion"], linestyle=style, linewidth=1.6)
        ax.text(hours * (0.95 if side == "right" else 1.05), 1.01,
                f"AP II {name}\nlimit: {limits[key]:g} days", fontsize=8, ha=side,
                color=OKABE_ITO["vermillion"], va="bottom", transform=ax.get_xaxis_transform())
    ax.set_xscale("log")
    ax.set_xlim(1, hour_max)
    ticks = {1: "1 hour", 24: "1 day", 168: "1 week", 24 * 30: "30 days", 24 * 120: "120 days"}
    ax.set_xticks(list(ticks), list(ticks.values()))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_yticks(range(len(rows)), [textwrap.fill(r["label"], 42) for r in rows], fontsize=8.5)
    ax.set_ylim(-0.8, len(rows) - 0.5)
    ax.invert_yaxis()
    ax.set_xlabel("stated time until a mine becomes inactive (log scale)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#E5E5E5")
    handles = [Line2D([], [], color=OKABE_ITO["blue"], linewidth=3, marker="o",
                      fillstyle="none", label="stated time or range (2024)"),
               Line2D([], [], color=OKABE_ITO["bluish green"], linestyle="", marker="<",
                      fillstyle="none", label="stated maximum (policy)")]
    handles += _status_handles([r["status"] for r in rows], kind="marker")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    fig.suptitle("How soon do 'non-persistent' mines become inactive? Stated times vs AP II",
                 x=0.01, ha="left", fontsize=12, y=1 - 0.1 / height)
    return fig


# --------------------------------------------------------------------------- all defaults


__all__ = [
    "EVIDENCE_STYLE",
    "OKABE_ITO",
    "SCOPE_LABEL",
    "STATUS_STYLE",
    "casualties_chart",
    "claim_label",
    "dud_curve_chart",
    "duds_chart",
    "failure_claims_chart",
    "inactivation_chart",
    "mine_defaults",
    "mines_timeline_chart",
    "pct",
    "scope_label",
    "stated",
]
