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

from treatylens import maps, treaties
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


COLOUR_NAMES = {code.upper(): name for name, code in maps.OKABE_ITO.items()} | {
    "#FFFFFF": "white"}


def _count_phrase(counts: pd.Series, styles: dict[str, maps.Style]) -> str:
    """"party: 162 (blue, no hatching); …": counts with the look a reader can match."""
    parts = []
    for category, style in styles.items():
        if category == maps.NO_DATA and not counts.get(category, 0):
            continue
        colour = COLOUR_NAMES.get(style.color.upper(), style.color)
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
            f"{_count_phrase(counts, maps.STATUS_STYLES)}. States under 10,000 km² are shown "
            "as markers whose shape also encodes the status. Source: UN Treaty Collection "
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
