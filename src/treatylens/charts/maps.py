"""Maps and charts of who joined the Ottawa Convention and the Convention on Cluster Munitions.

Every figure here is built to survive a sceptical reader: an equal-area projection (Equal Earth)
so that large states do not look more important than they are; the as-of date in the title;
counts in the legend, computed from the same table that colours the map, so that the legend
cannot disagree with it; markers for states too small to see; the colour-blind-safe Okabe–Ito
palette, with hatching on the map and marker shapes on small states so that no category is told
apart by colour alone.

`WorldMap` draws the shapes once and recolours them in place; the interactive widget and the
benchmark use that, because replotting 197 states on every slider step is slow and flickers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import IdentityTransform

from treatylens import geo, statehood
from treatylens.charts.base import NOTE_FONTSIZE, wrap_note
from treatylens.dates import as_date
from treatylens.labels import format_date
from treatylens.palette import LIGHT_GREY, OKABE_ITO
from treatylens.paths import figures_dir

PROJECTION = "EPSG:8857"  # Equal Earth (Šavrič, Patterson & Jenny 2018): equal-area, familiar shape
NO_DATA = "no data"
NOT_YET = statehood.NOT_YET  # "not yet a state": not counted, see treatylens.statehood
MARKER_GAP_PT = 7.5  # markers closer than this (centre to centre, points) are moved apart

# Colours come from treatylens.palette (Okabe-Ito). Hatches are line patterns on purpose: dot
# patterns ("...") made each redraw about five times slower in Agg.
OTHER_AREA_COLOR = "#D9D9D9"
EDGE_COLOR = "#404040"  # outlines of legend swatches and bars
BORDER_COLOR = "#FFFFFF"  # borders between states: visible on every fill, dark or light


@dataclass(frozen=True)
class Style:
    """How one category looks: a fill colour, a hatch (map), a marker shape (small states)."""

    label: str
    color: str
    hatch: str
    marker: str
    hatch_color: str = "#1A1A1A"


STATUS_STYLES: dict[str, Style] = {
    "party": Style("Party", OKABE_ITO["blue"], "", "o"),
    "signatory": Style("Signed, not ratified", OKABE_ITO["sky blue"], "////", "s"),
    "withdrawn": Style("Withdrew", OKABE_ITO["vermillion"], "xxxx", "X"),
    "not joined": Style("Not joined", OKABE_ITO["yellow"], "--", "^", hatch_color="#7A6A00"),
    NOT_YET: Style("Not yet a state (not counted)", LIGHT_GREY, "||||", "h",
                   hatch_color="#8C8C8C"),
    NO_DATA: Style("No data", "#FFFFFF", "++", "P", hatch_color="#555555"),
}
COMBINED_STYLES: dict[str, Style] = {
    "both": Style("Joined both", OKABE_ITO["bluish green"], "", "o"),
    "ottawa only": Style("Mine Ban Convention only", OKABE_ITO["blue"], "////", "s"),
    "ccm only": Style("Cluster Munitions Convention only", OKABE_ITO["reddish purple"],
                      "\\\\\\\\", "D"),
    "neither": Style("Neither", OKABE_ITO["yellow"], "--", "^", hatch_color="#7A6A00"),
    NOT_YET: STATUS_STYLES[NOT_YET],
    NO_DATA: STATUS_STYLES[NO_DATA],
}
STYLES: dict[str, Style] = {**STATUS_STYLES, **COMBINED_STYLES}

TREATY_TITLES = {
    "ottawa": "Anti-Personnel Mine Ban Convention (Ottawa, 1997)",
    "ccm": "Convention on Cluster Munitions (Oslo, 2008)",
}
SHAPES_NOTE = (
    "Equal Earth projection. Treaty status: UN Treaty Collection records (data/treaties). Shapes: "
    "Natural Earth 5.1.1, German point-of-view variant (public domain), simplified. Borders are "
    "for orientation only; the course takes no position on disputed borders."
)


def spread_points(xy: np.ndarray, gap: float, iterations: int = 200) -> np.ndarray:
    """Move points apart until no two are closer than `gap` (same units), as little as possible.

    Markers of neighbouring small states (the Lesser Antilles) otherwise sit on top of each
    other and cannot be counted. Each pass pushes every too-close pair apart along the line
    between them, half the shortfall each; coincident points are split along a fixed
    direction, so the result is deterministic. Points already far apart never move.
    """
    points = np.array(xy, dtype=float, copy=True)
    count = len(points)
    for _ in range(iterations):
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                delta = points[j] - points[i]
                distance = float(np.hypot(*delta))
                if distance >= gap * 0.999:
                    continue
                direction = delta / distance if distance > 1e-9 else np.array([1.0, 0.0])
                push = (gap - distance) / 2 * direction
                points[i] -= push
                points[j] += push
                moved = True
        if not moved:
            break
    return points


def _style(category: str) -> Style:
    try:
        return STYLES[category]
    except KeyError:
        raise ValueError(
            f"unknown category {category!r}; expected one of {sorted(STYLES)}"
        ) from None


def colors_for(statuses: Iterable[str]) -> list[str]:
    """The fill colour (hex) for each status or combined category, in order.

    Pure and total over `STYLES`: an unknown category raises instead of being painted some
    default colour that the legend would not explain.
    """
    return [_style(s).color for s in statuses]


def markers_for(statuses: Iterable[str]) -> list[str]:
    """The marker shape for each category (small states carry no readable hatch)."""
    return [_style(s).marker for s in statuses]


def categories_by_state(
    table: pd.DataFrame, states: Iterable[str], column: str, styles: Mapping[str, Style]
) -> dict[str, str]:
    """iso3 → category for every state on the map; states the table lacks get "no data"."""
    if "iso3" not in table.columns or column not in table.columns:
        raise KeyError(f"the table needs columns 'iso3' and {column!r}, has {list(table.columns)}")
    dupes = table["iso3"][table["iso3"].duplicated()]
    if not dupes.empty:
        raise ValueError(f"more than one row for: {sorted(set(dupes))}")
    unknown = sorted(set(table[column].dropna()) - set(styles))
    if unknown:
        raise ValueError(f"unknown {column} value(s) {unknown}; expected {list(styles)}")
    lookup = dict(zip(table["iso3"], table[column], strict=True))
    return {
        code: lookup[code] if isinstance(lookup.get(code), str) else NO_DATA for code in states
    }


def legend_labels(categories: Mapping[str, str], styles: Mapping[str, Style]) -> list[str]:
    """'Party (164)', … for every category of the scheme, zeros included, in scheme order."""
    counts = pd.Series(list(categories.values()), dtype=object).value_counts()
    return [f"{style.label} ({int(counts.get(key, 0))})" for key, style in styles.items()]


def legend_title(categories: Mapping[str, str]) -> str:
    """The legend's heading: what the counts are out of, and which states are markers.

    States that did not exist yet on the date are not part of the denominator: "of 196"
    before South Sudan's independence, not "of 197" with South Sudan as "not joined".
    """
    total = len(categories)
    existing = sum(1 for c in categories.values() if c != NOT_YET)
    if existing == total:
        head = f"Number of states (of {total})"
    else:
        head = (f"Number of states (of the {existing} that existed on this date; "
                f"{total - existing} not yet a state)")
    return f"{head}; states too small to see are drawn as markers"


def styles_for(categories: Mapping[str, str], styles: Mapping[str, Style]) -> dict[str, Style]:
    """`styles` without "not yet a state" when no state is in it: a static map's legend
    should not list an empty category that only historical dates can fill."""
    if NOT_YET in styles and NOT_YET not in set(categories.values()):
        return {k: v for k, v in styles.items() if k != NOT_YET}
    return dict(styles)


def _geometry_path(geom: shapely.Geometry) -> MplPath:
    """One compound path per state; holes (lakes, enclaves) wound the other way, so they stay holes.

    Rings are closed with LINETO back to their first point rather than CLOSEPOLY: a CLOSEPOLY
    code switches off matplotlib's path simplification, which makes every redraw several times
    slower at no visible gain.
    """
    geom = shapely.orient_polygons(geom)
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0] = MplPath.MOVETO
            vertices.append(xy)
            codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _marker_path(marker: str) -> MplPath:
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _world_outline() -> shapely.Polygon:
    lats = np.linspace(-90, 90, 181)
    ring = [(-180, y) for y in lats] + [(180, y) for y in lats[::-1]]
    return gpd.GeoSeries([shapely.Polygon(ring)], crs="EPSG:4326").to_crs(PROJECTION).iloc[0]


def _project_y(lat: float) -> float:
    return gpd.GeoSeries([shapely.Point(0, lat)], crs="EPSG:4326").to_crs(PROJECTION).iloc[0].y


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure outside pyplot: no global state, no double display in notebooks, Agg canvas."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


class WorldMap:
    """A world map drawn once whose states are recoloured in place by `update`.

    One `PathPatch` per state (so each can take its own colour and hatch) and one
    `PathCollection` of markers for the small states; `update` changes face colours, hatches,
    marker shapes and legend counts and never adds or removes an artist.
    """

    def __init__(
        self,
        countries: gpd.GeoDataFrame | None = None,
        other_areas: gpd.GeoDataFrame | None = None,
        styles: Mapping[str, Style] = STATUS_STYLES,
        figsize: tuple[float, float] = (11.0, 6.2),
        ax: Axes | None = None,
    ) -> None:
        countries = geo.load_countries() if countries is None else countries
        other_areas = geo.load_other_areas() if other_areas is None else other_areas
        self.styles = dict(styles)
        self.iso3 = list(countries["iso3"])
        self._owns_figure = ax is None
        self.figure = ax.figure if ax is not None else new_figure(figsize)
        self.ax = ax if ax is not None else self.figure.add_subplot()
        ax = self.ax
        ax.set_axis_off()
        ax.set_aspect("equal")
        # Anchored at the bottom: centred ("C"), constrained layout put a two-line title
        # partly above the top edge of the figure.
        ax.set_anchor("S")

        outline = _world_outline()
        ax.add_patch(PathPatch(_geometry_path(outline), facecolor="#F4F8FB",
                               edgecolor="#9AA5AE", linewidth=0.6, zorder=0))
        # add_artist, not add_patch: add_patch walks every vertex to update the data limits,
        # 90% of the cost of building a map, and the limits are set explicitly below anyway.
        for geom in other_areas.to_crs(PROJECTION).geometry:
            ax.add_artist(PathPatch(_geometry_path(geom), facecolor=OTHER_AREA_COLOR,
                                    edgecolor=BORDER_COLOR, linewidth=0.3, zorder=1))

        projected = countries.set_geometry("geometry").to_crs(PROJECTION)
        self.patches: dict[str, PathPatch] = {}
        for code, geom in zip(projected["iso3"], projected.geometry, strict=True):
            if geom is None or geom.is_empty:
                continue  # drawn by its marker only
            patch = PathPatch(_geometry_path(geom), edgecolor=BORDER_COLOR, linewidth=0.3,
                              zorder=2)
            patch.set_hatch_linewidth(0.5)
            ax.add_artist(patch)
            self.patches[code] = patch

        small = countries[countries["is_small"]]
        points = gpd.GeoSeries(list(small["marker"]), crs="EPSG:4326").to_crs(PROJECTION)
        self.small_iso3 = list(small["iso3"])
        self.marker_anchors = np.c_[points.x, points.y] if len(points) else np.empty((0, 2))
        self.markers = PathCollection(
            [_marker_path("o")] * len(points), sizes=[24.0], offsets=self.marker_anchors,
            offset_transform=ax.transData, transform=IdentityTransform(),
            edgecolors="#000000", linewidths=0.6, zorder=3,
        )
        ax.add_collection(self.markers)
        # Thin lines from a moved marker back to its state (filled in by _spread_markers).
        self.leaders = LineCollection([], colors="#333333", linewidths=0.5, zorder=2.5)
        ax.add_collection(self.leaders)
        self._markers_spread = False

        xmin, _, xmax, ymax = outline.bounds
        ax.set_xlim(xmin * 1.005, xmax * 1.005)
        # Cut at 60°S: no land of the 197 lies further south (Antarctica is not in the data).
        ax.set_ylim(_project_y(-60.0), ymax * 1.01)

        handles = [
            (Patch(facecolor=s.color, hatch=s.hatch, edgecolor=EDGE_COLOR, linewidth=0.4,
                   hatchcolor=s.hatch_color),
             Line2D([], [], marker=s.marker, linestyle="", markerfacecolor=s.color,
                    markeredgecolor="#000000", markersize=6))
            for s in self.styles.values()
        ]
        handles.append(Patch(facecolor=OTHER_AREA_COLOR, edgecolor=EDGE_COLOR, linewidth=0.4))
        labels = [*legend_labels({}, self.styles), "Other area, not one of the 197 (not counted)"]
        self.legend = ax.legend(
            handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
            loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, frameon=False,
            fontsize=9, handlelength=3.2, title_fontsize=9,
        )
        # A fixed strip at the bottom, outside constrained layout, so the note can never
        # collide with a legend whose labels (counts) change on every update. The note is
        # wrapped to the figure's width: one long line was cut at both edges.
        width_in, height_in = self.figure.get_size_inches()
        note = wrap_note(SHAPES_NOTE, width_in * 0.96)
        strip = (note.count("\n") + 1) * NOTE_FONTSIZE * 1.3 / 72 / height_in + 0.015
        engine = self.figure.get_layout_engine()
        if isinstance(engine, mpl.layout_engine.ConstrainedLayoutEngine):
            engine.set(rect=(0, strip, 1, 1 - strip))
        self.note = self.figure.text(0.5, 0.008, note, ha="center", va="bottom",
                                     fontsize=NOTE_FONTSIZE, color="#555555",
                                     linespacing=1.2)
        self.title = ax.set_title("", fontsize=12)
        # Number of title lines the layout was last fitted to (None: not laid out yet).
        # Re-measuring on every update cost ~8 ms a slider step for nothing.
        self._frozen_title_lines: int | None = None

    def update(self, categories: Mapping[str, str], title: str) -> None:
        """Recolour every state and marker and rewrite legend counts and title, in place."""
        missing = set(self.iso3) - set(categories)
        if missing:
            raise ValueError(f"no category for: {sorted(missing)}")
        for code, patch in self.patches.items():
            style = _style(categories[code])
            patch.set_facecolor(style.color)
            patch.set_hatch(style.hatch)
            patch.set_hatchcolor(style.hatch_color)
        small = [categories[code] for code in self.small_iso3]
        self.markers.set_facecolor(colors_for(small))
        self.markers.set_paths([_marker_path(m) for m in markers_for(small)])
        on_map = {code: categories[code] for code in self.iso3}
        labels = legend_labels(on_map, self.styles)
        for text, label in zip(self.legend.get_texts(), labels, strict=False):
            text.set_text(label)
        self.legend.set_title(legend_title(on_map))
        self.title.set_text(title)
        self._freeze_layout()
        self._spread_markers()
        self.figure.stale = True

    def _spread_markers(self) -> None:
        """Move overlapping small-state markers apart once, with a leader line to each state.

        Done in points on the laid-out figure (markers have a fixed size in points, whatever
        the map's scale), then converted back to map units; only the first update does it,
        so recolouring stays cheap.
        """
        if self._markers_spread or not len(self.marker_anchors):
            return
        self.ax.apply_aspect()  # transData as drawn, aspect applied
        to_points = self.ax.transData + mpl.transforms.Affine2D().scale(
            72 / self.figure.dpi)
        anchors_pt = to_points.transform(self.marker_anchors)
        spread_pt = spread_points(anchors_pt, MARKER_GAP_PT)
        spread = to_points.inverted().transform(spread_pt)
        self.markers.set_offsets(spread)
        moved = np.hypot(*(spread_pt - anchors_pt).T) > 0.5
        self.leaders.set_segments(
            [np.array([a, b]) for a, b, m in zip(self.marker_anchors, spread, moved,
                                                  strict=True) if m]
        )
        self._markers_spread = True

    def _freeze_layout(self) -> None:
        """Lay the figure out once, with real title and legend text, then keep that layout.

        Constrained layout otherwise re-measures every text on every draw, which costs more
        than drawing the 197 states; the title and legend keep their shape across updates.
        """
        if not self._owns_figure:
            return
        lines = self.title.get_text().count("\n")
        if self._frozen_title_lines == lines:
            return  # laid out already for a title of this many lines: nothing to measure
        engine = self.figure.get_layout_engine()
        if self._frozen_title_lines is None and engine is not None \
                and engine.adjust_compatible is False:
            engine.execute(self.figure)
            self.figure.set_layout_engine("none")
        self._fit_title()
        self._frozen_title_lines = lines

    def _fit_title(self) -> None:
        """Lower the map's top edge if the title would reach past the top of the figure.

        Constrained layout under-reserves room for a two-line title above an equal-aspect,
        axis-less map (the exported maps lost the title's first line); this measures the
        title and shrinks the map from the top by the overflow, bottom edge fixed.
        """
        renderer = self.figure.canvas.get_renderer()
        height_px = self.figure.bbox.height
        limit = height_px * 0.99
        for _ in range(3):  # the aspect is re-applied after each change; settles in one or two
            self.ax.apply_aspect()
            self.ax.get_tightbbox(renderer)  # puts the title where it will be drawn
            top = self.title.get_window_extent(renderer).y1
            if top <= limit:
                break
            pos = self.ax.get_position(original=True)
            self.ax.set_position([pos.x0, pos.y0, pos.width,
                                  pos.height - (top - limit) / height_px])
        self.ax.apply_aspect()

    def show_table(
        self,
        table: pd.DataFrame,
        title: str,
        column: str = "status",
        as_of: dt.date | str | None = None,
    ) -> dict[str, str]:
        """Recolour from a table with columns iso3 and `column`; returns the categories used.

        With `as_of`, states that did not exist yet on that date are shown as "not yet a
        state" and left out of the legend's denominator (`statehood.mark_not_yet_states`).
        """
        categories = self.table_categories(table, column, as_of)
        self.update(categories, title)
        return categories

    def table_categories(self, table: pd.DataFrame, column: str = "status",
                         as_of: dt.date | str | None = None) -> dict[str, str]:
        """The category of every state on this map from a table (iso3 and `column`).

        With `as_of`, states that did not exist yet are "not yet a state"; states missing
        from the table are "no data". Shared by the vector map and the raster map.
        """
        if as_of is not None:
            table = statehood.mark_not_yet_states(table, as_of, column=column)
        return categories_by_state(table, self.iso3, column, self.styles)


def status_map(
    table: pd.DataFrame,
    as_of: dt.date | str | None = None,
    treaty: str | None = None,
    countries: gpd.GeoDataFrame | None = None,
    other_areas: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Choropleth of one treaty's status (columns iso3, status) on a date.

    A table from `treaties.status` carries its treaty and date (`table.attrs`), so
    `status_map(treaties.status("ccm", day))` is enough and is always titled right. Passing
    `as_of` or `treaty` that contradict the table's own is an error, not a relabelled map.
    States that did not exist yet on `as_of` are drawn as "not yet a state", not counted.
    """
    as_of, treaty = _table_labels(table, as_of, treaty)
    table = statehood.mark_not_yet_states(table, as_of, column="status")
    world = WorldMap(countries, other_areas, styles_for(
        dict(zip(table["iso3"], table["status"], strict=True)), STATUS_STYLES))
    name = TREATY_TITLES.get(treaty, treaty)
    world.show_table(table, f"{name}\nstatus on {format_date(as_of)}", column="status")
    return world.figure


def _table_labels(table: pd.DataFrame, as_of: dt.date | str | None,
                  treaty: str | None) -> tuple[dt.date, str]:
    """The date and treaty to label a status map with: the table's own, checked against
    what the caller passed."""
    own_treaty = table.attrs.get("treaty")
    own_day = table.attrs.get("as_of")
    day = as_date(as_of) if as_of is not None else None
    if treaty is not None and own_treaty is not None and treaty != own_treaty:
        raise ValueError(f"this table is the {own_treaty!r} status, not {treaty!r}: draw it "
                         f"without treaty=, or compute treaties.status({treaty!r}, …)")
    if day is not None and own_day is not None and day != as_date(own_day):
        raise ValueError(f"this table is the status on {own_day}, not on {day}: draw it "
                         "without as_of=, or compute the status for that date")
    treaty = treaty or own_treaty
    day = day or (as_date(own_day) if own_day is not None else None)
    if treaty is None or day is None:
        raise ValueError("the table does not say its treaty and date (it was not made by "
                         "treaties.status): pass as_of= and treaty=")
    return day, treaty


def combined_map(
    table: pd.DataFrame,
    as_of: dt.date | str,
    countries: gpd.GeoDataFrame | None = None,
    other_areas: gpd.GeoDataFrame | None = None,
    column: str | None = None,
) -> Figure:
    """Which states joined both treaties, one, or neither, on a date.

    The table has iso3 and a category column: `combined` (as `treaties.combined` returns it)
    or `category`; pass `column` to name another.
    """
    column = column or ("combined" if "combined" in table.columns else "category")
    table = statehood.mark_not_yet_states(table, as_of, column=column)
    world = WorldMap(countries, other_areas, styles_for(
        dict(zip(table["iso3"], table[column], strict=True)), COMBINED_STYLES))
    world.show_table(
        table,
        f"Mine Ban Convention and Convention on Cluster Munitions\n"
        f"membership on {format_date(as_of)}",
        column=column,
    )
    return world.figure


def timeline_plot(
    timeline: pd.DataFrame,
    title: str,
    as_of: dt.date | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Number of states parties over time, as a step line, with events marked and labelled.

    `timeline` has columns `date` and `parties` (the count in force from that date on) and
    either an `event` column (a non-empty text marks the row) or, as `treaties.timeline`
    returns it, a boolean `withdrawal` column with the codes in `states_withdrew`. Events whose
    text mentions a withdrawal get a downward vermillion triangle, others a black dot, and each
    is labelled with its text so that the marker never relies on colour.
    """
    for column in ("date", "parties"):
        if column not in timeline.columns:
            raise KeyError(f"the timeline needs a {column!r} column")
    data = timeline.copy()
    if "event" not in data and "withdrawal" in data:
        codes = data.get("states_withdrew", pd.Series("", index=data.index)).fillna("")
        data["event"] = [
            f"withdrawal took effect: {who}".strip() if flag else ""
            for flag, who in zip(data["withdrawal"].fillna(False), codes, strict=True)
        ]
    data["date"] = pd.to_datetime(data["date"])
    data = data.sort_values("date", kind="stable")
    if as_of is not None:  # a withdrawal notified but not yet effective is not drawn as done
        data = data[data["date"] <= pd.Timestamp(as_of)]
    fig = ax.figure if ax is not None else new_figure((9.0, 4.2))
    ax = ax if ax is not None else fig.add_subplot()
    dates, parties = data["date"], data["parties"]
    if as_of is not None:
        dates = pd.concat([dates, pd.Series([pd.Timestamp(as_of)])], ignore_index=True)
        parties = pd.concat([parties, parties.iloc[-1:]], ignore_index=True)
    ax.step(dates, parties, where="post", color=OKABE_ITO["blue"], linewidth=1.8,
            label="States parties")
    handles = [Line2D([], [], color=OKABE_ITO["blue"], linewidth=1.8, label="States parties")]

    text = data.get("event", pd.Series("", index=data.index)).fillna("").astype(str).str.strip()
    events = data.assign(event=text)[text != ""]
    withdrawal = events["event"].str.contains("withdr", case=False).tolist()
    middle = dates.min() + (dates.max() - dates.min()) / 2 if len(dates) else None
    for i, (row, is_withdrawal) in enumerate(zip(events.itertuples(), withdrawal, strict=True)):
        marker, color = ("v", OKABE_ITO["vermillion"]) if is_withdrawal else ("o", "#000000")
        ax.plot(row.date, row.parties, marker=marker, color=color, markersize=8,
                markeredgecolor="#000000", linestyle="", zorder=3)
        right_half = row.date > middle  # labels run inwards, so they stay inside the axes
        ax.annotate(row.event, (row.date, row.parties),
                    xytext=(-8 if right_half else 8, -16 - 11 * (i % 4)),
                    textcoords="offset points", fontsize=8, color="#222222",
                    ha="right" if right_half else "left")
    _zoom_on_clustered_events(ax, dates, parties, events, withdrawal)
    if len(events):
        if any(withdrawal):
            handles.append(Line2D([], [], marker="v", color=OKABE_ITO["vermillion"],
                                  markeredgecolor="#000000", linestyle="",
                                  label="Withdrawal (labelled)"))
        if not all(withdrawal):
            handles.append(Line2D([], [], marker="o", color="#000000", linestyle="",
                                  label="Other event (labelled)"))
    ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    suffix = f" (to {format_date(as_of)})" if as_of is not None else ""
    ax.set_title(title + suffix, fontsize=11)
    ax.set_ylabel("Number of states parties")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def clustered(dates: Sequence[pd.Timestamp], span: pd.Timedelta, share: float = 0.03
              ) -> list[int]:
    """Positions of dates closer than `share` of `span` to a neighbour: markers that overlap."""
    ordered = sorted(range(len(dates)), key=lambda i: dates[i])
    near: set[int] = set()
    for a, b in itertools.pairwise(ordered):
        if dates[b] - dates[a] < span * share:
            near.update((a, b))
    return sorted(near)


def _zoom_on_clustered_events(
    ax: Axes, dates: pd.Series, parties: pd.Series, events: pd.DataFrame,
    withdrawal: list[bool],
) -> None:
    """An inset that spreads out events too close together to see on the full time axis.

    On the Ottawa timeline, the withdrawals of 27 December 2025 (three states) and 10 January
    2026 (one) are a few pixels apart: the two markers overlap and hide the drop from 166 to
    162. The inset shows those months with each step and its count labelled.
    """
    if len(events) < 2 or len(dates) < 2:
        return
    span = dates.max() - dates.min()
    near = clustered(list(events["date"]), span)
    if not near:
        return
    chosen = events.iloc[near]
    start = chosen["date"].min() - pd.Timedelta(days=45)
    end = max(chosen["date"].max(), dates.max()) + pd.Timedelta(days=20)
    inset = ax.inset_axes([0.50, 0.2, 0.47, 0.38])
    window = (dates >= start) & (dates <= end)
    before = parties[dates < start]
    x = pd.concat([pd.Series([start]), dates[window], pd.Series([end])], ignore_index=True)
    first = before.iloc[-1] if len(before) else parties[window].iloc[0]
    y = pd.concat([pd.Series([first]), parties[window], parties[window].iloc[-1:]],
                  ignore_index=True)
    inset.step(x, y, where="post", color=OKABE_ITO["blue"], linewidth=1.8)
    for k, row in enumerate(chosen.itertuples()):
        is_withdrawal = withdrawal[near[k]]
        marker, color = ("v", OKABE_ITO["vermillion"]) if is_withdrawal else ("o", "#000000")
        inset.plot(row.date, row.parties, marker=marker, color=color, markersize=8,
                   markeredgecolor="#000000", linestyle="", zorder=3)
        # Labels below the step line, the first to the left of its marker and the rest to
        # the right, so that they cover neither the line nor each other.
        left = k == 0
        short = (f"{row.event.split(':', 1)[-1].strip()} withdrew" if is_withdrawal
                 else row.event)
        inset.annotate(f"{short}\n→ {int(row.parties)} parties", (row.date, row.parties),
                       xytext=(-8 if left else 8, -8), textcoords="offset points", fontsize=7,
                       va="top", ha="right" if left else "left", color="#222222")
    low, high = float(y.min()), float(y.max())
    inset.set_ylim(low - 0.9 * (high - low + 2), high + 1.5)
    inset.set_xlim(start, end)
    inset.set_title("Detail: " + f"{start:%b %Y} – {end:%b %Y}", fontsize=8)
    inset.tick_params(labelsize=7)
    inset.xaxis.set_major_locator(mpl.dates.MonthLocator())
    inset.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    inset.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.indicate_inset_zoom(inset, edgecolor="#555555")


def region_bars(
    table: pd.DataFrame,
    title: str,
    column: str = "status",
    region_column: str = "region",
    styles: Mapping[str, Style] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Stacked horizontal bars: how many states of each region fall in each category.

    Segments carry colour, hatch and (where wide enough) their count, so the chart reads in
    grey-scale; legend labels carry the totals.
    """
    combined = column in ("category", "combined")
    styles = dict(styles or (COMBINED_STYLES if combined else STATUS_STYLES))
    for name in (column, region_column):
        if name not in table.columns:
            raise KeyError(f"the table needs a {name!r} column")
    data = table.assign(**{
        column: table[column].fillna(NO_DATA),
        region_column: table[region_column].fillna("(no region)"),
    })
    unknown = sorted(set(data[column]) - set(styles))
    if unknown:
        raise ValueError(f"unknown {column} value(s) {unknown}")
    counts = pd.crosstab(data[region_column], data[column])
    counts = counts.reindex(columns=[k for k in styles if k in counts.columns])
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    fig = ax.figure if ax is not None else new_figure((8.5, 0.55 * len(counts) + 1.8))
    ax = ax if ax is not None else fig.add_subplot()
    left = np.zeros(len(counts))
    for key in counts.columns:
        style = styles[key]
        values = counts[key].to_numpy()
        bars = ax.barh(counts.index, values, left=left, color=style.color, hatch=style.hatch,
                       edgecolor=EDGE_COLOR, linewidth=0.5, hatchcolor=style.hatch_color,
                       label=f"{style.label} ({int(values.sum())})")
        for bar, value in zip(bars, values, strict=True):
            if value >= 1:  # every segment, even of 1 state: a count no reader has to guess
                narrow = value < 3
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        str(int(value)), ha="center", va="center",
                        fontsize=7 if narrow else 8,
                        bbox={"boxstyle": f"round,pad={0.05 if narrow else 0.15}",
                              "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.5, y, f"{int(total)}", va="center", fontsize=8, color="#333333")
    ax.set_xlabel("Number of states")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def year_end_dates(as_of: dt.date, first_year: int = 1997) -> list[dt.date]:
    """Slider stops: 31 December of each year from `first_year`, then the as-of date itself."""
    stops = [dt.date(year, 12, 31) for year in range(first_year, as_of.year)]
    return [d for d in stops if d < as_of] + [as_of]


def interactive_map(
    status_fn: Callable[[str, dt.date], pd.DataFrame],
    as_of: dt.date,
    treaties: Sequence[str] = ("ottawa", "ccm"),
    first_year: int = 1997,
    world: WorldMap | None = None,
):
    """A treaty selector and a date slider over one `WorldMap`, recoloured on every change.

    `status_fn(treaty, date)` returns a status table (columns iso3, status), e.g.
    `treatylens.treaties.status`. Returns a `VBox` of the two controls and an `Image` of the
    map; its `world` attribute is the map, so the update logic can be tested without a browser.

    Not `ipywidgets.interactive`: its `Output` widget made nbclient (nbconvert, otter-grader)
    stall for the whole cell timeout in about a third of headless runs; see
    `treatylens.charts.widgets` for why an `Image` widget does not.
    """
    import ipywidgets

    from treatylens.charts import map_raster

    world = world or WorldMap(styles=STATUS_STYLES)
    raster = map_raster.RasterMap(world)  # recoloured from a label image: ~40 ms a step

    def show(treaty: str, when: dt.date) -> None:
        name = TREATY_TITLES.get(treaty, treaty)
        try:
            table = status_fn(treaty, when)
        except ValueError as error:
            # E.g. a date before the treaty opened: no state has a status, and the map says so
            # rather than keeping the previous colours under a new title.
            raster.update(dict.fromkeys(world.iso3, NO_DATA),
                          f"{name}\nno status on {format_date(when)}: {_short(error)}")
        else:
            raster.show_table(table, f"{name}\nstatus on {format_date(when)}", as_of=when)

    stops = year_end_dates(as_of, first_year)
    controls = dict(
        treaty=ipywidgets.Dropdown(
            options=[(TREATY_TITLES.get(t, t), t) for t in treaties], description="Treaty",
            layout=ipywidgets.Layout(width="max-content"),  # full titles, not cut off
        ),
        when=ipywidgets.SelectionSlider(
            options=[(d.isoformat(), d) for d in stops], value=stops[-1], description="As of",
            continuous_update=False, layout=ipywidgets.Layout(width="90%"),
        ),
    )
    show(controls["treaty"].value, controls["when"].value)
    image = map_raster.raster_image_widget(raster)

    def redraw(_change: object = None) -> None:
        show(controls["treaty"].value, controls["when"].value)
        map_raster.refresh(image, raster)

    for control in controls.values():
        control.observe(redraw, names="value")
    widget = ipywidgets.VBox([*controls.values(), image])
    widget.world = world
    widget.raster = raster
    return widget


def _short(error: Exception, limit: int = 70) -> str:
    text = str(error).split(";")[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_figure(fig: Figure, name: str, directory: Path | None = None) -> list[Path]:
    """Write `name`.png and `name`.svg reproducibly (no timestamps, fixed SVG ids)."""
    directory = directory or figures_dir()
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.png", directory / f"{name}.svg"]
    with mpl.rc_context({"svg.hashsalt": "treatylens", "svg.fonttype": "path"}):
        fig.savefig(paths[0], dpi=150, metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None})
    return paths


def projection_comparison(
    highlight: Sequence[str] = ("RUS", "COD"),
    countries: gpd.GeoDataFrame | None = None,
) -> Figure:
    """The same shapes twice: raw longitude/latitude (left) and Equal Earth (right).

    The `highlight`ed states are filled with their own colour and hatch and labelled with
    their share of the map's land in that panel, so the distortion reads as a number as well
    as a shape. Everything else is grey. Shares come from `geo.area_distortion`.
    """
    countries = geo.load_countries() if countries is None else countries
    drawn = countries[countries["geometry"].notna()]
    codes = [str(c).strip().upper() for c in highlight]
    shares = geo.area_distortion(codes, countries).set_index("iso3")
    palette = [OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish green"],
               OKABE_ITO["reddish purple"]]
    hatches = ["xx", "////", "--", "\\\\\\\\"]
    if len(codes) > len(palette):
        raise ValueError(f"highlight at most {len(palette)} states, got {len(codes)}")
    fig = new_figure((11.0, 3.9))
    panels = fig.subplots(1, 2)
    views = [
        ("Plain longitude/latitude plot", drawn, "lonlat_share"),
        ("Equal Earth projection (equal-area)", drawn.to_crs(PROJECTION), "true_share"),
    ]
    for ax, (title, frame, share_column) in zip(panels, views, strict=True):
        frame.plot(ax=ax, color=OTHER_AREA_COLOR, edgecolor=BORDER_COLOR, linewidth=0.2)
        handles = []
        for code, color, hatch in zip(codes, palette, hatches, strict=False):
            part = frame[frame["iso3"] == code]
            part.plot(ax=ax, color=color, hatch=hatch, edgecolor="#1A1A1A", linewidth=0.4)
            label = f"{shares.loc[code, 'name_ne']}: {shares.loc[code, share_column]:.1f}% of land"
            handles.append(Patch(facecolor=color, hatch=hatch, edgecolor="#1A1A1A", label=label))
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True)
        ax.set_title(title, fontsize=10)
        ax.set_aspect("equal")
        if share_column == "lonlat_share":
            ax.set_xlabel("Longitude (degrees)")
            ax.set_ylabel("Latitude (degrees)")
            ax.set_ylim(-60, 90)
        else:
            ax.set_axis_off()
            ax.set_ylim(_project_y(-60.0), _project_y(90.0))
    fig.suptitle("The same states, two projections: share of the 197 states' land area",
                 fontsize=11)
    fig.text(0.5, 0.005, wrap_note("Shapes: Natural Earth 5.1.1, German point-of-view variant "
             "(public domain), simplified; areas computed in EPSG:6933. Borders for orientation "
             "only.", 11.0 * 0.96), ha="center", va="bottom", fontsize=NOTE_FONTSIZE,
             color="#555555")
    return fig


def add_source_note(fig: Figure, *treaties: str, extra: str = "") -> Figure:
    """Write the data source and as-of date of `treaties` at the foot of a chart, in place.

    E.g. "Data: UN Treaty Collection XXVI-5, checked to 3 February 2026 (data/treaties/
    events.csv)". The note is computed from the treaty metadata, so it cannot go stale.
    A constrained-layout figure keeps a strip free at the bottom so the note never overlaps
    an axis label. Returns the figure, so the call can end a notebook cell.
    """
    from treatylens.treaties import TREATIES, data_as_of

    if not treaties:
        raise ValueError("name at least one treaty, e.g. add_source_note(fig, 'ottawa')")
    parts = []
    for code in treaties:
        if code not in TREATIES:
            raise ValueError(f"unknown treaty {code!r}; choose one of {sorted(TREATIES)}")
        parts.append(f"{TREATIES[code].untc_mtdsg_no} checked to {format_date(data_as_of(code))}")
    text = f"Data: UN Treaty Collection {'; '.join(parts)} (data/treaties/events.csv)."
    if extra:
        text = f"{text} {extra}"
    width_in, height_in = fig.get_size_inches()
    text = wrap_note(text, width_in * 0.96)
    strip = (text.count("\n") + 1) * NOTE_FONTSIZE * 1.3 / 72 / height_in + 0.015
    engine = fig.get_layout_engine()
    if isinstance(engine, mpl.layout_engine.ConstrainedLayoutEngine):
        engine.set(rect=(0, strip, 1, 1 - strip))
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=NOTE_FONTSIZE,
             color="#555555", linespacing=1.2)
    return fig


def in_greyscale(fig: Figure, title: str = "") -> Figure:
    """A new figure showing `fig` as it would print in grey-scale (relative luminance).

    A check for "never colour alone": if two categories are still told apart here, by hatch,
    marker or label, they do not depend on colour vision. Luminance weights are those of
    ITU-R BT.709 (0.2126 R + 0.7152 G + 0.0722 B) on the sRGB values, a common approximation.
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba(), dtype=float) / 255.0
    grey = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722])
    width, height = fig.get_size_inches()
    out = new_figure((width, height + 0.4))  # room for the title above the copied figure
    ax = out.add_subplot()
    ax.imshow(grey, cmap="gray", vmin=0.0, vmax=1.0, interpolation="antialiased")
    ax.set_axis_off()
    out.suptitle(title or "The same figure in grey-scale", fontsize=10, fontweight="bold")
    return out
