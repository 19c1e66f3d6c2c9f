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

from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

from treatylens.io.geo import (  # the loaders live in io/
    MIN_DRAWN_WIDTH_KM,
    WIDTH_REASON,
    countries_path,
    drawn_width_km,
    expected_state_codes,
    load_countries,
    load_other_areas,
    small_states_path,
)


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


#: The module's names; its loaders live in treatylens.io.geo and are re-exported
#: so that lessons keep writing `geo.load_…`.
__all__ = [
    "EQUAL_AREA",
    "MIN_DRAWN_WIDTH_KM",
    "WIDTH_REASON",
    "JoinReport",
    "area_distortion",
    "countries_path",
    "drawn_width_km",
    "expected_state_codes",
    "join_report",
    "join_status",
    "land_neighbours",
    "load_countries",
    "load_other_areas",
    "small_states_path",
    "with_natural_earth_codes",
]
