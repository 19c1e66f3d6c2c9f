"""How long does a reader wait for the map after moving the slider? (Agg, same run, same data.)

What is timed is the whole wait that the kernel causes: from a new status table to the PNG
bytes the `Image` widget is given, i.e. everything `maps.interactive_map` does per step except
fetching the table (`treaties.status`, the same for every path) and sending the bytes to the
browser (the same bytes-per-frame order of magnitude for every path). Each step uses a different
random table of the 197 states (party / signatory / withdrawn / not joined) and a different
title, so every frame really changes, and every path gets the same tables in the same order.

Paths, all in the same run:

(a) raster: `map_raster.RasterMap.show_table` + `png()`: `WorldMap.update` (validation,
    markers, legend, title), each state pixel looked up from layers rendered once, an Agg
    draw of only the markers, leader lines, legend and title, and a zlib PNG compressed on
    two threads. The first frame (which renders the layers, about 0.3 s) is not timed; a
    notebook pays it once, when the widget is built. Text lines and hatched legend swatches
    repeated from earlier steps (the legend heading, unchanged counts, the treaty's name) are
    pasted from the renderer's cache, as they would be while a reader moves the slider; the
    random tables below change most counts on every step, so most count labels are drawn
    afresh.
(b) replot, the headline baseline: a fresh `maps.WorldMap` (shapes already loaded and passed
    in), its `show_table`, and `figure_png`: the same picture as (a), redrawn from scratch.
(b') replot, lower bound: a new figure with `GeoDataFrame.plot` of the 197 states in their
    colours, drawn and saved as PNG with `figure_png`. No hatching, markers, legend, title
    or footnote: it does much less than the real map, so its ratio understates the gain; it
    is printed because it is the cheapest replot there is (and was this script's baseline).
(c) context, today's widget: `WorldMap.show_table` recolouring in place + `figure_png`
    (`bbox_inches="tight"` draws the figure twice).

    .venv/bin/python benchmarks/map_update.py [--repeats 15]

Medians over --repeats steps. Targets: raster median ≤ 50 ms and replot (b) / raster ≥ 5.
The script prints numbers for a person or a CI log; the test suite never asserts times. The
last line is exactly `draw_median_ms=<x> draw_replot_ratio=<y>`: x is the raster median in
ms, y the median of (b) divided by the median of (a); the line above it gives (b')'s ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from treatylens import geo
from treatylens.charts import map_raster, maps
from treatylens.charts.widgets import figure_png

STATUSES = ["party", "signatory", "withdrawn", "not joined"]


def tables(countries: pd.DataFrame, count: int, seed: int) -> list[pd.DataFrame]:
    """Different status tables per step, so every frame really changes colours and counts."""
    rng = np.random.default_rng(seed)
    return [
        pd.DataFrame({"iso3": countries["iso3"],
                      "status": rng.choice(STATUSES, size=len(countries))})
        for _ in range(count)
    ]


def title(step: int) -> str:
    """A two-line title like the widget's, with a different date on every step."""
    return (f"{maps.TREATY_TITLES['ottawa']}\n"
            f"status on 31 December {1998 + step}")


def timed(steps: list[pd.DataFrame], frame: Callable[[pd.DataFrame, str], bytes]) -> list[float]:
    """Seconds from each table to its PNG bytes; checks a PNG really came out."""
    times = []
    for i, table in enumerate(steps):
        start = time.perf_counter()
        png = frame(table, title(i))
        times.append(time.perf_counter() - start)
        assert png.startswith(b"\x89PNG"), "no PNG produced"
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    countries = geo.load_countries()
    other_areas = geo.load_other_areas()
    projected = countries[["iso3", "geometry"]].to_crs(maps.PROJECTION)
    steps = tables(countries, args.repeats, seed=0)
    warm_up = tables(countries, 1, seed=1)[0]

    raster = map_raster.RasterMap(maps.WorldMap(countries, other_areas))
    raster.show_table(warm_up, title(-1))  # renders the layers once; not timed
    raster.png()

    def raster_frame(table: pd.DataFrame, heading: str) -> bytes:
        raster.show_table(table, heading)
        return raster.png()

    def plain_replot_frame(table: pd.DataFrame, heading: str) -> bytes:
        fig = maps.new_figure((11.0, 6.2))
        ax = fig.add_subplot()
        frame = projected.assign(color=maps.colors_for(table["status"]))
        frame.plot(ax=ax, color=frame["color"], edgecolor="white", linewidth=0.3)
        ax.set_axis_off()
        return figure_png(fig)

    def fresh_worldmap_frame(table: pd.DataFrame, heading: str) -> bytes:
        world = maps.WorldMap(countries, other_areas)
        world.show_table(table, heading)
        return figure_png(world.figure)

    world = maps.WorldMap(countries, other_areas)
    world.show_table(warm_up, title(-1))
    figure_png(world.figure)

    def recolour_frame(table: pd.DataFrame, heading: str) -> bytes:
        world.show_table(table, heading)
        return figure_png(world.figure)

    results = {
        "(a) raster map": timed(steps, raster_frame),
        "(b) replot, fresh WorldMap": timed(steps, fresh_worldmap_frame),
        "(b') replot, GeoDataFrame.plot": timed(steps, plain_replot_frame),
        "(c) WorldMap recolour + figure_png": timed(steps, recolour_frame),
    }
    raster_ms = median_ms(results["(a) raster map"])
    replot_ms = median_ms(results["(b) replot, fresh WorldMap"])
    plain_ms = median_ms(results["(b') replot, GeoDataFrame.plot"])
    print(f"states: {len(countries)}, repeats: {args.repeats}; "
          "time from a new status table to the widget's PNG bytes")
    for name, times in results.items():
        ms = median_ms(times)
        print(f"  {name:38s} median {ms:7.1f} ms  (min {min(times) * 1000:6.1f}, "
              f"max {max(times) * 1000:6.1f})  {ms / raster_ms:5.1f}× raster")
    print(f"PNG sizes: raster {len(raster.png()) / 1000:.0f} kB, "
          f"figure_png {len(figure_png(world.figure)) / 1000:.0f} kB")
    print(f"lower bound (b'): GeoDataFrame.plot replot / raster = {plain_ms / raster_ms:.1f}")
    print(f"draw_median_ms={raster_ms:.1f} draw_replot_ratio={replot_ms / raster_ms:.1f}")


if __name__ == "__main__":
    main()
