"""Country shapes for the 197 states, and joins that say what they lose.

A world map of treaty membership is only honest if every state that can join is on it. Natural
Earth drops or merges some small states at coarse scales and writes "-99" for ISO codes it
considers ambiguous, so a naive join silently loses France, Norway or Tuvalu. This module loads
the committed, pre-joined shapes (`data/geo/countries.gpkg`, built by `tools/build_geo.py`),
adds a marker point for every state too small to see at world scale, checks that every one of
the 197 states can be drawn, and joins treaty tables onto the shapes with a report of what did
not match on either side.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from treatylens.errors import DataFileError
from treatylens.io.cache import load_once
from treatylens.paths import data_path

ISO3 = re.compile(r"^[A-Z]{3}$")
SMALL_COLUMNS = ("iso3", "name_ne", "lon", "lat")
# A state whose largest piece is narrower than this also gets a marker. At the course's map size
# (11 inches for the ~34,000 km width of Equal Earth, about 43 km per point) 100 km is about
# 2.3 points: 2-3 pixels on a screen, a sliver whose colour and hatching cannot be read. The
# area rule of small_states.csv alone missed Lebanon (10,002 km2, 83 km wide).
MIN_DRAWN_WIDTH_KM = 100.0
AREA_REASON = "area under 10,000 km²"
WIDTH_REASON = f"narrower than {MIN_DRAWN_WIDTH_KM:,.0f} km"
WIDTH_CRS = "EPSG:8857"  # Equal Earth, the projection of the maps: width as drawn


def countries_path() -> Path:
    return data_path("geo", "countries.gpkg")


def small_states_path() -> Path:
    return data_path("geo", "small_states.csv")


def states_path() -> Path:
    return data_path("treaties", "states.csv")


def expected_state_codes(path: Path | None = None) -> list[str] | None:
    """The iso3 codes listed in `treaties/states.csv`, or None while that file does not exist.

    Read directly rather than through `treatylens.treaties` so that the map data can be checked
    on its own; the treaty module validates the rest of that file.
    """
    path = path or states_path()
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if "iso3" not in (reader.fieldnames or []):
            raise DataFileError(path, "missing column 'iso3'", line=1)
        return [row["iso3"] for row in reader]


def _read_small_states(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"iso3": str, "name_ne": str}, keep_default_na=False)
    missing = [c for c in SMALL_COLUMNS if c not in table.columns]
    if missing:
        raise DataFileError(path, f"missing column(s): {', '.join(missing)}", line=1)
    seen: set[str] = set()
    for offset, row in enumerate(table.itertuples(index=False)):
        line = offset + 2
        if not ISO3.match(row.iso3):
            raise DataFileError(path, f"iso3 {row.iso3!r} is not three capital letters", line)
        if row.iso3 in seen:
            raise DataFileError(path, f"iso3 {row.iso3} is listed twice", line)
        seen.add(row.iso3)
        try:
            lon, lat = float(row.lon), float(row.lat)
        except ValueError:
            problem = f"lon/lat {row.lon!r}, {row.lat!r} are not numbers"
            raise DataFileError(path, problem, line) from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise DataFileError(path, f"point ({lon}, {lat}) is outside -180..180, -90..90", line)
    return table


def drawn_width_km(geometry: gpd.GeoSeries) -> pd.Series:
    """Width of each shape's largest piece as the maps draw it (km, Equal Earth).

    The width is the short side of the smallest rotated rectangle around the piece, so a long
    thin state (Lebanon, Gambia) counts as thin however long it is. None for a missing shape.
    """
    projected = geometry.to_crs(WIDTH_CRS)
    widths = []
    for geom in projected:
        if geom is None or geom.is_empty:
            widths.append(float("nan"))
            continue
        largest = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        ring = np.asarray(shapely.minimum_rotated_rectangle(largest).exterior.coords)
        sides = np.hypot(*np.diff(ring[:3], axis=0).T)
        widths.append(float(sides.min()) / 1000)
    return pd.Series(widths, index=geometry.index, dtype=float)


def _read_shapes(path: Path, layer: str, key: str) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise DataFileError(path, "file not found (rebuild it with tools/build_geo.py)")
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as error:  # pyogrio raises several types for a broken or wrong file
        raise DataFileError(path, f"cannot read layer {layer!r}: {error}") from error
    if key not in frame.columns:
        raise DataFileError(path, f"layer {layer!r} has no column {key!r}")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise DataFileError(path, f"layer {layer!r} is not in EPSG:4326 (found {frame.crs})")
    return frame


def _problem(geom: shapely.Geometry | None) -> str | None:
    """Why a polygon cannot be drawn, or None when it can."""
    if geom is None:
        return "no geometry"
    if geom.is_empty:
        return "empty geometry"
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return f"a {geom.geom_type}, not a polygon"
    if not geom.is_valid:
        return f"invalid geometry ({shapely.is_valid_reason(geom)})"
    return None


@load_once
def load_countries(
    path: Path | None = None,
    small_path: Path | None = None,
    expected: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """All states as drawable shapes: one row per iso3, validated.

    Columns: `iso3`, `name_ne` (Natural Earth's name), `geometry` (polygons, EPSG:4326; None
    only for a state listed in small_states.csv without a polygon), `is_small` and `marker`
    (a Point for small states, None otherwise) and `marker_reason`. A state is small if it is
    listed in small_states.csv (area under 10,000 km²) or if its largest piece is drawn
    narrower than MIN_DRAWN_WIDTH_KM (marker at a point inside that piece): the rule is about
    what a reader can see, and area alone let 83-km-wide Lebanon through as a 2-pixel
    sliver. `expected` defaults to the codes in
    `treaties/states.csv` when that file exists; every expected state must have a valid polygon
    or a marker, or a `DataFileError` names the ones that cannot be drawn.
    """
    path = path or countries_path()
    small_path = small_path or small_states_path()
    shapes = _read_shapes(path, "countries", "iso3")
    small = _read_small_states(small_path)

    bad_codes = [c for c in shapes["iso3"] if not isinstance(c, str) or not ISO3.match(c)]
    if bad_codes:
        raise DataFileError(path, f"iso3 values that are not three capital letters: {bad_codes}")
    dupes = sorted(set(shapes.loc[shapes["iso3"].duplicated(), "iso3"]))
    if dupes:
        raise DataFileError(path, f"more than one shape for: {', '.join(dupes)}")

    # A state in small_states.csv but without a polygon still gets a row: its marker draws it.
    no_polygon = small.loc[~small["iso3"].isin(shapes["iso3"]), ["iso3", "name_ne"]]
    if not no_polygon.empty:
        extra = gpd.GeoDataFrame(no_polygon, geometry=[None] * len(no_polygon), crs=shapes.crs)
        shapes = pd.concat([shapes, extra], ignore_index=True)

    points = gpd.points_from_xy(small["lon"].astype(float), small["lat"].astype(float))
    marker_by_iso = dict(zip(small["iso3"], points, strict=True))
    frame = gpd.GeoDataFrame(shapes[["iso3", "name_ne", "geometry"]], crs="EPSG:4326")
    reasons = dict.fromkeys(marker_by_iso, AREA_REASON)
    widths = drawn_width_km(frame.geometry)
    for code, geom, width in zip(frame["iso3"], frame.geometry, widths, strict=True):
        if code not in marker_by_iso and width < MIN_DRAWN_WIDTH_KM:
            largest = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
            point = largest.representative_point()
            marker_by_iso[code] = shapely.Point(round(point.x, 3), round(point.y, 3))
            reasons[code] = WIDTH_REASON
    frame["is_small"] = frame["iso3"].isin(marker_by_iso)
    frame["marker_reason"] = [reasons.get(code, "") for code in frame["iso3"]]
    frame["marker"] = gpd.GeoSeries(
        [marker_by_iso.get(code) for code in frame["iso3"]], index=frame.index, crs="EPSG:4326"
    )
    frame = frame.sort_values("iso3").reset_index(drop=True)

    problems = []
    for row in frame.itertuples(index=False):
        problem = _problem(row.geometry)
        # Without a polygon a marker is enough; a broken polygon is a bug even with one.
        if problem is not None and not (row.geometry is None and row.marker is not None):
            problems.append(f"{row.iso3}: {problem}")
    if problems:
        raise DataFileError(path, "states that cannot be drawn: " + "; ".join(problems))

    expected = list(expected) if expected is not None else expected_state_codes()
    if expected is not None:
        absent = sorted(set(expected) - set(frame["iso3"]))
        if absent:
            raise DataFileError(path, f"no shape or marker for: {', '.join(absent)}")
        frame = frame[frame["iso3"].isin(set(expected))].reset_index(drop=True)
    return frame


@load_once
def load_other_areas(path: Path | None = None) -> gpd.GeoDataFrame:
    """Land that is not one of the 197 states (dependencies, disputed areas), for a grey base.

    Drawn so that the map has no holes where, say, Greenland or Western Sahara lie, and
    labelled in the legend as not counted: it is not a treaty category.
    """
    path = path or countries_path()
    frame = _read_shapes(path, "other_areas", "adm0_a3")
    broken = [f"{r.adm0_a3}: {p}" for r in frame.itertuples() if (p := _problem(r.geometry))]
    if broken:
        raise DataFileError(path, "other areas that cannot be drawn: " + "; ".join(broken))
    return frame


@dataclass(frozen=True)
class JoinReport:
    """What a join of a per-state table onto the shapes kept, lost and could not decide.

    `missing_from_table`: states on the map with no row in the table; they would be drawn as
    "no data" (or vanish in an inner join). `not_on_map`: table rows whose code has no shape;
    an ordinary left join on the shapes drops them without a word. `duplicated`: codes with
    more than one row, which would draw a state twice in different colours.
    """

    table_rows: int
    shapes: int
    matched: int
    missing_from_table: tuple[str, ...] = field(default_factory=tuple)
    not_on_map: tuple[str, ...] = field(default_factory=tuple)
    duplicated: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        """True when every state matched exactly one row and every row found a state."""
        return not (self.missing_from_table or self.not_on_map or self.duplicated)

    def __str__(self) -> str:
        lines = [
            f"{self.table_rows} table rows, {self.shapes} states on the map, "
            f"{self.matched} matched."
        ]
        if self.missing_from_table:
            lines.append(
                f"{len(self.missing_from_table)} state(s) on the map have no row "
                f"(drawn as 'no data'): {_codes(self.missing_from_table)}"
            )
        if self.not_on_map:
            lines.append(
                f"{len(self.not_on_map)} row(s) match no state on the map "
                f"(an ordinary join drops them): {_codes(self.not_on_map)}"
            )
        if self.duplicated:
            lines.append(f"codes with more than one row: {_codes(self.duplicated)}")
        if self.complete:
            lines.append("Nothing was lost.")
        return "\n".join(lines)


def _codes(codes: tuple[str, ...], limit: int = 20) -> str:
    """A readable list: long lists are cut, with the number left out said plainly."""
    shown = ", ".join(codes[:limit])
    return shown if len(codes) <= limit else f"{shown} … and {len(codes) - limit} more"


def join_report(table: pd.DataFrame, countries: pd.DataFrame, key: str = "iso3") -> JoinReport:
    """Compare the keys of a table and the shapes without joining anything."""
    if key not in table.columns:
        raise KeyError(f"the table has no column {key!r} (columns: {list(table.columns)})")
    codes = table[key]
    shape_codes = set(countries["iso3"])
    table_codes = set(codes.dropna())
    return JoinReport(
        table_rows=len(table),
        shapes=len(shape_codes),
        matched=len(shape_codes & table_codes),
        missing_from_table=tuple(sorted(shape_codes - table_codes)),
        not_on_map=tuple(sorted(str(c) for c in table_codes - shape_codes))
        + (("<missing code>",) if codes.isna().any() else ()),
        duplicated=tuple(sorted(set(codes[codes.duplicated() & codes.notna()]))),
    )


def join_status(
    table: pd.DataFrame,
    countries: gpd.GeoDataFrame | None = None,
    key: str = "iso3",
) -> tuple[gpd.GeoDataFrame, JoinReport]:
    """Join a per-state table onto the shapes, keeping every state, and report the losses.

    The result has one row per state on the map (a left join on the shapes), with the table's
    columns empty where the table has no row. Rows that match no state are not in the result:
    they are listed in the report instead, because that is exactly what an unchecked join
    loses. A table with duplicated codes is refused, since no single colour would be right.
    """
    countries = load_countries() if countries is None else countries
    report = join_report(table, countries, key=key)
    if report.duplicated:
        raise ValueError(f"cannot join: {report}")
    right = table.rename(columns={key: "iso3"})
    right = right.drop(columns=[c for c in right.columns if c != "iso3" and c in countries])
    joined = countries.merge(right, on="iso3", how="left", validate="one_to_one")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=countries.crs), report


# --- neighbours, naive codes, area ------------------------------------------------------------


def land_neighbours(iso3: str, countries: gpd.GeoDataFrame | None = None) -> list[str]:
    """States whose polygon shares a border with `iso3`'s polygon, as sorted ISO codes.

    Derived from the committed shapes rather than typed from memory, so anyone can rerun it.
    The shapes were simplified with `shapely.coverage_simplify`, which keeps shared borders
    shared, so "the two polygons meet" is the same as "the two states share a land border" in
    this file. What it cannot see: sea neighbours (no shared polygon edge) and borders drawn
    differently in another map's worldview (see data/geo/SOURCE.md, "Disputed borders").
    Land shown as "other area" (e.g. a dependency) is not one of the 197 and is not listed.
    """
    countries = load_countries() if countries is None else countries
    code = str(iso3).strip().upper()
    own = countries.loc[countries["iso3"] == code, "geometry"]
    if own.empty or own.iloc[0] is None:
        raise ValueError(f"no polygon for {iso3!r}: give the iso3 code of one of the 197 states")
    shape = own.iloc[0]
    others = countries[(countries["iso3"] != code) & countries["geometry"].notna()]
    touching = others[others.geometry.intersects(shape)]
    return sorted(touching["iso3"])


# Natural Earth 5.1.1 admin-0 codes that differ from ISO 3166 for the 197 states (documented
# in data/geo/SOURCE.md, "Join"): in ISO_A3 France and Norway are "-99" (their features include
# overseas areas); in ADM0_A3 South Sudan is "SDS" and the State of Palestine "PSX".
NATURAL_EARTH_CODES: dict[str, dict[str, str]] = {
    "ISO_A3": {"FRA": "-99", "NOR": "-99"},
    "ADM0_A3": {"SSD": "SDS", "PSE": "PSX"},
}


def with_natural_earth_codes(
    table: pd.DataFrame, field: str = "ISO_A3", key: str = "iso3"
) -> pd.DataFrame:
    """A copy of a per-state table whose codes are written as Natural Earth's `field` has them.

    For teaching joins: this is what a table keyed on a raw Natural Earth column looks like
    (`field` is "ISO_A3" or "ADM0_A3"). Joining it to ISO-coded data loses states silently;
    `join_report` shows which. The original table is not changed.
    """
    try:
        differences = NATURAL_EARTH_CODES[field]
    except KeyError:
        raise ValueError(
            f"unknown Natural Earth field {field!r}; choose one of {sorted(NATURAL_EARTH_CODES)}"
        ) from None
    if key not in table.columns:
        raise KeyError(f"the table has no column {key!r} (columns: {list(table.columns)})")
    naive = table.copy()
    naive[key] = naive[key].replace(differences)
    return naive


EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: the equal-area CRS of SOURCE.md


def area_distortion(
    iso3: Iterable[str] | None = None, countries: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """How much of a world map each state takes on a plain longitude/latitude plot vs in reality.

    Columns: iso3, name_ne, area_km2 (whole km², in the equal-area EPSG:6933), lonlat_area (square
    degrees, the area the shape covers on a plot of raw longitude against latitude),
    true_share and lonlat_share (percent of the 197 states' total), and `exaggeration` =
    lonlat_share / true_share: above 1 the state looks bigger than it is, below 1 smaller.
    Shares are of all states with a polygon, so rows for a subset stay comparable. Sorted
    by exaggeration, largest first. Areas are of the simplified shapes, good to a few percent.
    """
    countries = load_countries() if countries is None else countries
    drawn = countries[countries["geometry"].notna()]
    table = pd.DataFrame({
        "iso3": drawn["iso3"].to_numpy(),
        "name_ne": drawn["name_ne"].to_numpy(),
        "area_km2": drawn.geometry.to_crs(EQUAL_AREA).area.to_numpy() / 1e6,
        "lonlat_area": shapely.area(drawn.geometry.to_numpy()),
    })
    table["true_share"] = 100 * table["area_km2"] / table["area_km2"].sum()
    table["lonlat_share"] = 100 * table["lonlat_area"] / table["lonlat_area"].sum()
    table["exaggeration"] = table["lonlat_share"] / table["true_share"]
    # Whole km², so that a table of large and small states prints 17,098,246 rather than
    # 1.709825e+07 (the shares above use the unrounded areas).
    table["area_km2"] = table["area_km2"].round().astype("int64")
    if iso3 is not None:
        codes = [str(c).strip().upper() for c in iso3]
        unknown = sorted(set(codes) - set(table["iso3"]))
        if unknown:
            raise ValueError(f"no polygon for: {', '.join(unknown)}")
        table = table[table["iso3"].isin(codes)]
    return table.sort_values("exaggeration", ascending=False, kind="stable").reset_index(drop=True)
