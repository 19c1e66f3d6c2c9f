"""The country shapes of data/geo/: the 197 states pre-joined to Natural Earth, with a marker
point for every state too small to see, each checked so that every state can be drawn.

Read and validated once per process (`load_once`); problems name the file and the state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
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
    table, _lines = read_table(path, ("iso3",))
    return list(table["iso3"])


def _read_small_states(path: Path) -> pd.DataFrame:
    table, lines = read_table(path, SMALL_COLUMNS)
    seen: set[str] = set()
    for line, row in zip(lines, table.itertuples(index=False), strict=True):
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
    return table.astype({"lon": float, "lat": float})


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
