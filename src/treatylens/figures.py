"""The course's exported figures: one registry, so images and their alt text never drift apart.

`make figures` (or `python -m treatylens.figures`) rebuilds every PNG and SVG in `figures/` and
rewrites `figures/README.md`, whose alt text is computed from the same data as the image: if
the treaty log changes, the counts in the description change with it. Files are byte-for-byte
reproducible, so a rebuild that changes nothing shows no diff.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from treatylens import coverage, risk, treaties
from treatylens.charts import coverage as coverage_charts
from treatylens.charts import maps
from treatylens.charts import risk as risk_charts
from treatylens.palette import colour_name
from treatylens.paths import figures_dir

TREATY_NAMES = {"ottawa": "Ottawa Convention (anti-personnel mines)",
                "ccm": "Convention on Cluster Munitions"}


@dataclass(frozen=True)
class FigureSpec:
    """A figure the course exports: how to draw it and how to describe it in words."""

    name: str
    title: str
    build: Callable[[], Figure]
    alt_text: Callable[[], str]
    used_in: str


def _count_phrase(counts: pd.Series, styles: dict[str, maps.Style]) -> str:
    """"party: 162 (blue, no hatching); …": counts with the look a reader can match."""
    parts = []
    for category, style in styles.items():
        if category in (maps.NO_DATA, maps.NOT_YET) and not counts.get(category, 0):
            continue
        colour = colour_name(style.color)
        look = colour + (", hatched" if style.hatch else ", no hatching")
        parts.append(f"{style.label.lower()}: {int(counts.get(category, 0))} ({look})")
    return "; ".join(parts)


def _status_map(treaty: str, day: str) -> FigureSpec:
    def build() -> Figure:
        return maps.status_map(treaties.status(treaty, day), day, treaty)

    def alt() -> str:
        counts = treaties.counts(treaty, day)
        return (
            f"World map, Equal Earth projection, of the {TREATY_NAMES[treaty]} on "
            f"{maps.format_date(day)}, one colour and hatch per status: "
            f"{_count_phrase(counts, maps.STATUS_STYLES)}. States too small to see (under "
            "10,000 km² or drawn narrower than 100 km) are shown as markers whose shape also "
            "encodes the status. Source: UN Treaty Collection "
            f"action log in data/treaties/events.csv, as of {treaties.data_as_of(treaty)}."
        )

    return FigureSpec(f"{treaty}_status_{day}", f"{TREATY_NAMES[treaty]}, {day}", build, alt,
                      "lessons 02 and 03")


def _combined_map(day: str) -> FigureSpec:
    def build() -> Figure:
        return maps.combined_map(treaties.combined(day), day)

    def alt() -> str:
        counts = treaties.combined(day)["combined"].value_counts()
        return (
            "World map, Equal Earth projection, of which states had joined both the Ottawa "
            f"Convention and the Convention on Cluster Munitions on {maps.format_date(day)}: "
            f"{_count_phrase(counts, maps.COMBINED_STYLES)}. Small states are markers. "
            "Source: data/treaties/events.csv (UN Treaty Collection)."
        )

    return FigureSpec(f"combined_{day}", f"Both conventions, {day}", build, alt, "lesson 03")


def _timeline(treaty: str) -> FigureSpec:
    def build() -> Figure:
        return maps.timeline_plot(treaties.timeline(treaty),
                                  f"States Parties to the {TREATY_NAMES[treaty]}")

    def alt() -> str:
        line = treaties.timeline(treaty)
        peak = line.loc[line["parties"].idxmax()]
        last = line.iloc[-1]
        withdrawals = line[line["withdrawal"].astype(bool)]
        marked = ", ".join(
            f"{row.states_withdrew} on {row.date:%Y-%m-%d}" for row in withdrawals.itertuples()
        ) or "none"
        return (
            f"Step chart of the number of States Parties to the {TREATY_NAMES[treaty]} from "
            f"{line['date'].min():%Y} to {last['date']:%Y-%m-%d}. It peaks at "
            f"{int(peak['parties'])} on {peak['date']:%Y-%m-%d} and ends at "
            f"{int(last['parties'])}. Withdrawals taking effect are marked with labelled "
            f"triangles: {marked}. Source: data/treaties/events.csv."
        )

    return FigureSpec(f"{treaty}_timeline", f"{TREATY_NAMES[treaty]}: States Parties over time",
                      build, alt, "lesson 02")


def _regions(treaty: str, day: str) -> FigureSpec:
    def build() -> Figure:
        return maps.region_bars(treaties.status(treaty, day),
                                f"{TREATY_NAMES[treaty]}: status by UN region, {day}")

    def alt() -> str:
        table = treaties.status(treaty, day)
        parties = table[table["status"] == "party"].groupby("region").size()
        totals = table.groupby("region").size()
        phrase = "; ".join(f"{region}: {int(parties.get(region, 0))} of {int(total)} party"
                           for region, total in totals.items())
        return (
            f"Stacked horizontal bars, one per UN M49 region, of the {TREATY_NAMES[treaty]} "
            f"on {maps.format_date(day)}, segments coloured and hatched by status with counts "
            f"written on them. {phrase}. Source: data/treaties/events.csv and states.csv."
        )

    return FigureSpec(f"{treaty}_regions_{day}", f"{TREATY_NAMES[treaty]} by region, {day}",
                      build, alt, "lesson 02")


def _risk(name: str, title: str, build: Callable[[], Figure], alt: Callable[[], str]
          ) -> FigureSpec:
    return FigureSpec(name, title, build, alt, "lesson 06")


#: The illustrative counts lesson 06 draws its exported figures for.
SUBMUNITIONS = 10_000
MINES = 1_000


def _casualties_alt(iso3: str = "") -> str:
    casualties = risk.casualty_series(iso3)
    parts = []
    for monitor, label in (("LM", "Landmine Monitor"), ("CMM", "Cluster Munition Monitor")):
        series = casualties[casualties["monitor"] == monitor]
        values = ", ".join(
            f"{int(r.data_year)}: no verified figure" if pd.isna(r.value)
            else f"{int(r.data_year)}: {r.value:,.0f} ({r.status})"
            for r in series.itertuples())
        if values:
            parts.append(f"{label}, by data year: {values}")
    return (f"Bar chart of recorded casualties ({casualties.attrs['place']}) by data year. "
            + "; ".join(parts) + ". Solid bars were read on the publisher's page (R), hatched "
            "bars in a relay (R2), cross-hatched bars derived by arithmetic (D). Source: "
            "data/risk/monitor_figures.csv.")


def _claims_alt() -> str:
    rates = risk.sourced_rates()
    parts = ", ".join(f"{r.claimant} {risk_charts.stated(r.rate, r.qualifier)} ({r.as_of})"
                      for r in rates.itertuples())
    return ("Dot chart of stated submunition failure (dud) rates, one row per claimant and "
            f"date: {parts}. A dotted line marks the 1% policy limit. Source: "
            "data/risk/failure_rates.csv.")


def _duds_alt() -> str:
    table = risk.duds_by_source(SUBMUNITIONS, 1)
    low, high = table["expected"].min(), table["expected"].max()
    return ("Horizontal bars of the expected number of unexploded submunitions among "
            f"{table.attrs['submunitions']:,} under each sourced failure rate, from "
            f"{low:,.0f} at the lowest stated rate to "
            f"{high:,.0f} at the highest, with 95% binomial intervals as error bars. Source: "
            "data/risk/failure_rates.csv; arithmetic in treatylens.risk.")


def _mines_alt() -> str:
    result = risk.mines_timeline(MINES)
    limits = result.limits
    return (f"Paired bars on a logarithmic axis: of {result.n_mines:,} remotely delivered "
            "mines, how many would remain active at day 0, after the self-destruct limit "
            f"({limits['self_destruct_days']:g} days) and after the self-deactivation limit "
            f"({limits['self_deactivation_days']:g} days), for a mine exactly at the limits of "
            f"{limits['clause']}, next to the most that standard allows. Source: "
            "data/risk/mine_self_destruct.csv.")


def _inactivation_alt() -> str:
    claims = risk.inactivation_claims().dropna(subset=["hours"])
    statements = claims[claims["kind"] == "statement"]
    parts = ", ".join(dict.fromkeys(f"{r.party}: '{r.reported_as}'"
                                    for r in statements.itertuples()))
    return ("Timeline on a logarithmic time axis of stated times for mines to become "
            f"inactive ({parts}), against dashed lines at the Amended Protocol II 30-day and "
            "120-day limits. Source: data/risk/mine_self_destruct.csv.")


def _alignments() -> dict[str, pd.DataFrame]:
    return {target: coverage.align_articles("004", target) for target in ("001", "003")}


def _alignment_alt() -> str:
    tables = _alignments()
    proposed = {t: int((a["status"] == "matched").sum()) for t, a in tables.items()}
    by_target = [set(a.loc[a["status"] == "matched", "source_no"]) for a in tables.values()]
    sources = next(iter(tables.values()))["source_no"].dropna()
    sentences = int(sources.max())
    none = sentences - len(set().union(*by_target))
    elsewhere = sum(
        int(((a["status"] == "matched") & (a["best_no"] != a["target_no"])).sum())
        for a in tables.values()
    )
    return (
        f"Horizontal bar chart with one row for each of the {sentences} sentences of the "
        "Arabic article 004, labelled on the left with the sentence's first Arabic words "
        "(right to left) and its number. For each row, one bar per English article (001 and "
        "003). A solid bar with a black edge is a proposed match, drawn at the proposed "
        "pair's own cosine similarity and labelled with the English sentence number and that "
        f"score ({proposed['001']} proposals with 001, {proposed['003']} with 003). A pale bar "
        "means no proposal, drawn at the sentence's best score with any sentence of that "
        f"article. In {elsewhere} proposals the best-scoring partner went to another sentence; "
        "a hollow diamond marks that best score beside the bar. A dashed line marks the 0.5 "
        f"threshold. {none} Arabic sentences have no proposal in either article, which does "
        "not prove the content is missing: pale bars just under the threshold can be true "
        "counterparts. Proposals, not verdicts: data/sources/alignment_review.csv records "
        "which are right."
    )


def artists_outside(fig: Figure, tolerance_px: float = 1.0) -> list[str]:
    """Texts, legends and axes of `fig` that reach beyond its canvas, described in words.

    An exported PNG is cut at the canvas: a footnote or title that runs past the edge loses
    words without any error. Drawn once with the Agg renderer, every visible, non-empty text
    (titles, labels, annotations, footnotes, legend entries) and every legend and axes box
    is compared with the figure's box. Empty list: nothing is cut.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    problems = []
    # Figure-level texts (footnotes, suptitle), then each axes as drawn: its tight box holds
    # what is actually shown (ticks only when the axis is on, titles, legends, annotations,
    # inset axes), and never the hidden tick labels of an axis-less map.
    named = [(repr(t.get_text()[:60]), t.get_window_extent(renderer))
             for t in [*fig.texts, *([fig._suptitle] if fig._suptitle else [])]
             if t.get_visible() and t.get_text().strip()]
    for number, ax in enumerate(fig.axes):
        title = " / ".join(t.get_text() for t in (ax.title, ax._left_title, ax._right_title)
                           if t.get_text())
        named.append((f"axes {number} ({title[:50]!r})", ax.get_tightbbox(renderer)))
    for name, extent in named:
        if extent is None:
            continue
        if (extent.x0 < box.x0 - tolerance_px or extent.y0 < box.y0 - tolerance_px
                or extent.x1 > box.x1 + tolerance_px or extent.y1 > box.y1 + tolerance_px):
            problems.append(
                f"{name}: x {extent.x0:.0f}..{extent.x1:.0f}, y {extent.y0:.0f}..{extent.y1:.0f} "
                f"outside 0..{box.x1:.0f}, 0..{box.y1:.0f}"
            )
    return problems


def registry() -> list[FigureSpec]:
    """Every exported figure, at the data's as-of date and at the two events' dates."""
    snapshot = treaties.data_as_of("ottawa").isoformat()
    return [
        _status_map("ottawa", snapshot),
        _status_map("ccm", snapshot),
        _status_map("ccm", "2023-07-07"),  # the US cluster munitions decision
        _status_map("ottawa", "2024-11-20"),  # the US anti-personnel mines decision
        _combined_map(snapshot),
        _timeline("ottawa"),
        _timeline("ccm"),
        _regions("ottawa", snapshot),
        _regions("ccm", snapshot),
        FigureSpec("04_alignment_004_arabic", "Aligning the Arabic article with the English ones",
                   lambda: coverage_charts.alignment_chart(_alignments()), _alignment_alt,
                   "lesson 04"),
        _risk("06_casualties_world", "Recorded casualties, world totals",
              lambda: risk_charts.casualties_chart(risk.casualty_series()), _casualties_alt),
        _risk("06_casualties_ukraine", "Recorded casualties, Ukraine",
              lambda: risk_charts.casualties_chart(risk.casualty_series("UKR")),
              lambda: _casualties_alt("UKR")),
        _risk("06_failure_claims", "Who claimed which failure rate",
              lambda: risk_charts.failure_claims_chart(risk.failure_claims()), _claims_alt),
        _risk("06_duds_by_source", "Expected unexploded submunitions by sourced rate",
              lambda: risk_charts.duds_chart(risk.duds_by_source(SUBMUNITIONS, 1)), _duds_alt),
        _risk("06_mines_timeline", "Mines still active against the AP II limits",
              lambda: risk_charts.mines_timeline_chart(risk.mines_timeline(MINES)), _mines_alt),
        _risk("06_inactivation_times", "Stated inactivation times against AP II",
              lambda: risk_charts.inactivation_chart(risk.inactivation()), _inactivation_alt),
    ]


def readme_text(specs: list[FigureSpec] | None = None) -> str:
    """The text of figures/README.md: one section per figure with its files and alt text."""
    specs = registry() if specs is None else specs
    lines = [
        "# Figures",
        "",
        "Generated by `make figures` from the data in `data/`; do not edit by hand (this file "
        "included). Each figure is a PNG (150 dpi) and an SVG. The alt text below is computed "
        "from the same data as the image; use it wherever the figure is published.",
        "",
    ]
    for spec in specs:
        lines += [
            f"## {spec.title}",
            "",
            f"Files: `{spec.name}.png`, `{spec.name}.svg`. Used in {spec.used_in}.",
            "",
            f"Alt text: {spec.alt_text()}",
            "",
        ]
    return "\n".join(lines)


def build_all(directory: Path | None = None) -> list[Path]:
    """Draw and save every figure and the README; return the paths written."""
    directory = directory or figures_dir()
    specs = registry()
    written: list[Path] = []
    for spec in specs:
        written += maps.save_figure(spec.build(), spec.name, directory)
    readme = directory / "README.md"
    readme.write_text(readme_text(specs), encoding="utf-8")
    return [*written, readme]


if __name__ == "__main__":
    for path in build_all():
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path,
              file=sys.stderr)
