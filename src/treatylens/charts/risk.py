"""Charts for lesson 06 (civilian risk): each function returns a matplotlib `Figure`.

Every chart shows how solid each figure is, not only how large: the status code copied from
`data/risk/` (R read on the publisher's own page, R2 read in a secondary relay, D derived by
arithmetic) is drawn as the fill of a bar or marker and named in the legend, and U rows (no
value) are said to be missing rather than silently dropped. Colours are Okabe–Ito and every
category is also told apart by hatching, marker shape or a text label. Each figure carries a
caption with its source file and as-of date.

Charts draw; they do not load or compute. Each takes the result of one calculation in
`treatylens.risk` as its first argument and only lays it out:

    casualties_chart(risk.casualty_series("UKR"))
    failure_claims_chart(risk.failure_claims())
    duds_chart(risk.duds_by_source(10_000, 1))
    dud_curve_chart(risk.dud_curve(10_000))
    mines_timeline_chart(risk.mines_timeline(1_000))
    inactivation_chart(risk.inactivation())

Arithmetic here is layout only (axis limits, label positions). Each chart builds a new `Figure`
without touching pyplot's global state, raises a TypeError naming the calculation to call when
given something else, and a ValueError when the result has nothing to draw. Scope is residual
hazard to civilians; nothing here concerns effect on targets.
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

from treatylens.labels import pct
from treatylens.palette import GREY, OKABE_ITO
from treatylens.risk import DudCurve, FailureClaims, Inactivation, MinesTimeline

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


def _drawable(result: Any, kind: type, chart: str, example: str, rows: Any = None,
              nothing: str = "") -> None:
    """Refuse what a chart cannot draw: something other than its calculation's result (a
    TypeError naming the call to make), or a result whose table `rows` (the result itself if
    not given) is empty (a ValueError that says so, and what is missing if `nothing` says)."""
    maker = example.split("(")[0]
    if not isinstance(result, kind):
        raise TypeError(f"{chart} draws what {maker} computes, e.g. {chart}({example}); "
                        f"got {type(result).__name__} {result!r:.60}")
    if (result if rows is None else rows).empty:
        raise ValueError(f"{chart} has nothing to draw: the result of {maker} is empty"
                         + (f" ({nothing})" if nothing else ""))


def _label(table: pd.DataFrame, key: str, chart: str, maker: str) -> Any:
    """A label the calculation recorded in `table.attrs`; a chart never guesses one."""
    if key not in table.attrs:
        raise ValueError(f"{chart}: the table does not say its {key} (attrs); draw the table "
                         f"{maker} returns")
    return table.attrs[key]


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


def _interval_bar(centre, low, high):
    """Where to anchor an error bar from `low` to `high`, and its two arms (never negative).

    An exact binomial interval at a tiny count can leave out the mean (1 submunition at
    2.35 %: expected 0.02, interval 0–0); matplotlib refuses a negative arm. Anchoring the bar
    at the mean clipped into the interval draws exactly low–high in every case and changes
    nothing when the mean lies inside it.
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    anchor = np.clip(np.asarray(centre, dtype=float), low, high)
    return anchor, [anchor - low, high - anchor]


def casualties_chart(casualties: pd.DataFrame) -> Figure:
    """Recorded casualties by data year for both Monitors, side by side.

    Draws `risk.casualty_series(iso3)` (each year from the edition that reports it; the
    place named in its `attrs`). Bars are filled by status; a year whose figure is unverified
    (U, no value) is marked "no verified figure" instead of being left out. The two panels
    have their own vertical scales.
    """
    _drawable(casualties, pd.DataFrame, "casualties_chart", "risk.casualty_series()",
              nothing="no casualty figures")
    place = _label(casualties, "place", "casualties_chart", "risk.casualty_series")
    series = {m: casualties[casualties["monitor"] == m].reset_index(drop=True)
              for m in MONITOR_STYLE}
    editions = ", ".join(casualties["edition"])
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


# --------------------------------------------------------------------------- failure-rate claims


def scope_label(scope: str) -> str:
    """'scope: the rounds sent in 2023' for 'ukraine_2023' (the datasheet's wording)."""
    return SCOPE_LABEL.get(scope, f"scope: {scope}")


def claim_label(row: Any) -> str:
    """'US DoD (Colin Kahl), 2023-07-07' for a claims row."""
    return f"{row.claimant}, {row.as_of}" if row.as_of else str(row.claimant)


def failure_claims_chart(result: FailureClaims, *, show_policy_limits: bool = True) -> Figure:
    """Every sourced failure ("dud") rate, one line per claim, labelled with who said it and when.

    Draws `risk.failure_claims(...)` (choose scopes and evidence kinds there). Marker shape
    and colour: the kind of evidence. Fill: status (R filled, R2 hollow). A range ("6-14%")
    is a line between its ends. The stated figure is printed beside each marker with its
    qualifier ("< 2.35%" is a ceiling, "≥ 14%" a floor). Policy limits (not measured rates)
    are dotted vertical lines.
    """
    _drawable(result, FailureClaims, "failure_claims_chart", "risk.failure_claims()",
              getattr(result, "claims", None), "no claims")
    claims, policy = result.claims, result.policy_limits
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
        for value, names in zip(policy["value"], policy["claimants"], strict=True):
            # The whole claimant, not its first words: it carries what a reader must not lose,
            # such as "rescinded Nov 2017" for the 2008 DoD policy.
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


def duds_chart(duds: pd.DataFrame) -> Figure:
    """Expected unexploded submunitions under each sourced rate, from `risk.duds_by_source`.

    One bar per stated rate (a range gives a bar for each end), hatched by status, with the
    binomial interval (chance alone, if the stated rate were exact) as error bars. The count
    and confidence level are the table's own (`attrs`).
    """
    _drawable(duds, pd.DataFrame, "duds_chart", "risk.duds_by_source(10_000, 1)",
              nothing="no sourced rate with a value matches its scopes and evidence kinds")
    confidence = _label(duds, "confidence", "duds_chart", "risk.duds_by_source")
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
        at, arms = _interval_bar([row.expected], [row.low], [row.high])
        ax.errorbar(at, [y], xerr=arms, color="black", capsize=4, linewidth=1.2)
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


def dud_curve_chart(result: DudCurve) -> Figure:
    """Expected duds against the failure rate, with the sourced rates on a strip below.

    Draws `risk.dud_curve(submunitions, failure_rate)`. Top panel: expected unexploded =
    rate × count, the binomial band (chance alone) and the chosen rate with its interval.
    Bottom strip, on the same rate axis: each sourced rate on a row of its own. The sourced
    rates used to sit on the line itself, where 2.35 %, 2.5 % and the default assumption
    (2.35 %) are a few pixels apart and hid one another; one row per rate keeps every marker
    and label visible at any rate. This is the figure the slider widget redraws.
    """
    _drawable(result, DudCurve, "dud_curve_chart", "risk.dud_curve(10_000)",
              getattr(result, "curve", None), "no rates on the curve")
    chosen, curve, sourced = result.chosen, result.curve, result.sourced
    n, confidence = chosen.submunitions, chosen.confidence
    top = curve["rate"].iloc[-1]
    caption = (
        f"Sourced rates: data/risk/failure_rates.csv (claimant and date in the legend; all "
        f"status {'/'.join(result.statuses)}; each rate is drawn on its own row "
        f"of the lower strip, on the same rate axis). The count of {n:,} submunitions and "
        f"the chosen rate are inputs, not data. Line: expected unexploded = rate × count. "
        f"Band: {confidence:.0%} binomial interval from chance alone (independent failures)."
    )
    fig, (ax, strip) = _new_figure(6.6, caption, nrows=2,
                                   height_ratios=(4.0, 0.45 + 0.32 * len(sourced)),
                                   left=0.09, right=0.62, top=0.89, hspace=0.08)
    color = OKABE_ITO["vermillion"]
    ax.fill_between(curve["rate"], curve["low"], curve["high"], color="#DDDDDD", linewidth=0)
    ax.plot(curve["rate"], curve["expected"], color="black", linewidth=1.5)
    at, arms = _interval_bar([chosen.expected], [chosen.low], [chosen.high])
    ax.errorbar([chosen.failure_rate], at, yerr=arms, color=color, capsize=5, linewidth=2)
    ax.plot([chosen.failure_rate], [chosen.expected], color=color, marker="o", markersize=8)
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
    for row_index, (rate, who, marker) in enumerate(
            zip(sourced["rate"], sourced["stated_by"], markers * 4, strict=False)):
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
    strip.set_ylim(len(sourced) - 0.4, -0.6)
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


def mines_timeline_chart(result: MinesTimeline) -> Figure:
    """Mines expected to remain active at day 0 and at the two AP II limits, against AP II.

    Draws `risk.mines_timeline(n_mines, fail_self_destruct, fail_self_deactivate)`. Pairs of
    bars at each stage: the assumed shares (with a binomial interval) and the most that AP II
    allows. The vertical axis is logarithmic above 1 and linear below, so that zero is drawn.
    """
    _drawable(result, MinesTimeline, "mines_timeline_chart", "risk.mines_timeline(1_000)",
              getattr(result, "timeline", None), "no stages in the timeline")
    timeline, verdict, limits = result.timeline, result.verdict, result.limits
    n, confidence = result.n_mines, result.confidence
    sd, sdeact = result.fail_self_destruct, result.fail_self_deactivate
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
    allowed = timeline["ap2_max_active"].to_numpy()
    ax.bar(x - width / 2, assumed, width, color=OKABE_ITO["blue"], edgecolor=OKABE_ITO["blue"],
           label="your assumption: expected still active")
    at, arms = _interval_bar(assumed, timeline["low"].to_numpy(), timeline["high"].to_numpy())
    ax.errorbar(x - width / 2, at, yerr=arms, color="black", capsize=4, linestyle="",
                linewidth=1.2)
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


#: Where the quotes of the inactivation chart start (hours) and how wide they may run.
QUOTE_X = 1.2
QUOTE_WIDTH = 46


#: How each AP II time limit is drawn: line style and the side of the line its label sits on.
LIMIT_STYLE = {"self-destruct": ("--", "right"), "self-deactivation": (":", "left")}


def inactivation_chart(result: Inactivation) -> Figure:
    """Stated times for mines to become inactive, on a log time axis, against the AP II limits.

    Draws `risk.inactivation()`. Ranges ("four hours to two weeks") are lines; a statement in
    words only ("within days or weeks") is listed with "no number". Vertical lines: the AP II
    30-day self-destruct and 120-day self-deactivation limits.
    """
    _drawable(result, Inactivation, "inactivation_chart", "risk.inactivation()",
              getattr(result, "statements", None),
              "no inactivation statements in the mine standards table")
    rows = result.statements.to_dict("records")
    limits = result.limits
    caption = (
        "Source: data/risk/mine_self_destruct.csv (statements of 2020 and Nov 2024, each with "
        "its relay and status; AP II limits read in a nap.edu reproduction, status R). As of: "
        "the date after each speaker. The statements say how soon a working mine becomes "
        "inert; AP II also limits what share may fail to, and none of the 2024 statements here "
        "gives such a share. Log scale: each step to the right is ten times longer."
    )
    height = 3.0 + 0.6 * len(rows)
    fig, ax = _new_figure(height, caption, left=0.27, right=0.74, top=1 - 0.95 / height)
    hour_max = max(limits["hours"].max() * 6, 1.0)
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
    for name, days, hours in zip(limits["limit"], limits["days"], limits["hours"],
                                 strict=True):
        style, side = LIMIT_STYLE[name]
        ax.axvline(hours, color=OKABE_ITO["vermillion"], linestyle=style, linewidth=1.6)
        ax.text(hours * (0.95 if side == "right" else 1.05), 1.01,
                f"AP II {name}\nlimit: {days:g} days", fontsize=8, ha=side,
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
    "mines_timeline_chart",
    "pct",
    "scope_label",
    "stated",
]
