"""The shapes: every one of the 197 states can be drawn, and joins say what they lose."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from treatylens import geo
from treatylens.errors import DataFileError
from treatylens.io import geo as geo_io

# Codes that a naive Natural Earth join loses or mangles, and the tiniest states.
TRICKY = ["FRA", "NOR", "SSD", "PSE", "VAT", "COK", "NIU", "TUV", "NRU", "MCO", "KIR", "FJI"]


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return geo.load_countries()


def test_all_197_states_are_present_and_drawable(countries):
    assert len(countries) == 197
    assert countries["iso3"].is_unique
    expected = geo.expected_state_codes()
    if expected is not None:  # the treaty data's list of states is the source of truth
        assert set(countries["iso3"]) == set(expected)
    assert set(TRICKY) <= set(countries["iso3"])
    for row in countries.itertuples():
        polygon_ok = geo_io._problem(row.geometry) is None
        assert polygon_ok or row.marker is not None, f"{row.iso3} cannot be drawn"
        assert polygon_ok, f"{row.iso3}: {geo_io._problem(row.geometry)}"


def test_shapes_are_in_lon_lat_and_small_enough_to_commit(countries):
    assert countries.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = countries.total_bounds
    assert minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90
    size = geo.countries_path().stat().st_size + geo.small_states_path().stat().st_size
    assert size < 3_000_000


def test_small_states_have_markers_on_their_own_land(countries):
    small = pd.read_csv(geo.small_states_path())
    assert (small["area_km2"] < 10_000).all()
    flagged = countries[countries["is_small"]]
    by_width = countries["marker_reason"] == geo.WIDTH_REASON
    assert set(flagged.loc[~by_width, "iso3"]) == set(small["iso3"])
    # Markers by drawn width: narrow states only, and Lebanon (10,002 km², 83 km wide), which
    # the area rule alone left as a sliver, among them.
    widths = geo.drawn_width_km(countries.loc[by_width, "geometry"])
    assert (widths < geo.MIN_DRAWN_WIDTH_KM).all()
    assert "LBN" in set(flagged["iso3"])
    others = countries[~countries["is_small"]]
    assert (geo.drawn_width_km(others.geometry) >= geo.MIN_DRAWN_WIDTH_KM).all()
    assert countries.loc[~countries["is_small"], "marker"].isna().all()
    for row in flagged.itertuples():
        # Within about 1 degree: a marker placed in the wrong ocean would mislabel the map.
        assert row.geometry.distance(row.marker) < 1.0, row.iso3
    assert {"VAT", "MCO", "TUV", "NRU", "LIE", "SMR"} <= set(flagged["iso3"])


def test_other_areas_do_not_repeat_a_state(countries):
    other = geo.load_other_areas()
    assert not set(other["adm0_a3"]) & set(countries["iso3"])
    assert {"GRL", "KOS", "SAH", "TWN"} <= set(other["adm0_a3"])


# --- hand-made files -------------------------------------------------------------------------


def square(x: float, y: float, size: float = 1.0) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def write_fixture(tmp_path, rows, small_rows=("iso3,name_ne,lon,lat",)):
    frame = gpd.GeoDataFrame(
        {"iso3": [r[0] for r in rows], "name_ne": [r[0] for r in rows]},
        geometry=[r[1] for r in rows], crs="EPSG:4326",
    )
    path = tmp_path / "countries.gpkg"
    frame.to_file(path, layer="countries", driver="GPKG")
    small = tmp_path / "small_states.csv"
    small.write_text("\n".join(small_rows) + "\n", encoding="utf-8")
    return path, small


def test_a_broken_polygon_is_named(tmp_path):
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    path, small = write_fixture(tmp_path, [("AAA", square(0, 0)), ("BBB", bowtie)])
    with pytest.raises(DataFileError, match=r"BBB: invalid geometry"):
        geo.load_countries(path, small, expected=["AAA", "BBB"])


def test_an_empty_polygon_is_named(tmp_path):
    path, small = write_fixture(tmp_path, [("AAA", square(0, 0)), ("BBB", shapely.Polygon())])
    with pytest.raises(DataFileError, match=r"BBB: (empty|no) geometry"):
        geo.load_countries(path, small, expected=["AAA", "BBB"])


def test_a_missing_state_is_named(tmp_path):
    path, small = write_fixture(tmp_path, [("AAA", square(0, 0))])
    with pytest.raises(DataFileError, match=r"no shape or marker for: CCC"):
        geo.load_countries(path, small, expected=["AAA", "CCC"])


def test_a_state_without_polygon_is_drawn_by_its_marker(tmp_path):
    path, small = write_fixture(
        tmp_path, [("AAA", square(0, 0))], ["iso3,name_ne,lon,lat", "TNY,Tiny,5.5,6.5"]
    )
    frame = geo.load_countries(path, small, expected=["AAA", "TNY"])
    tiny = frame.set_index("iso3").loc["TNY"]
    assert tiny["geometry"] is None and tiny["is_small"]
    assert (tiny["marker"].x, tiny["marker"].y) == (5.5, 6.5)


def test_a_bad_marker_row_names_its_line(tmp_path):
    path, small = write_fixture(
        tmp_path, [("AAA", square(0, 0))],
        ["iso3,name_ne,lon,lat", "AAA,A,0.5,0.5", "BBB,B,10,95"],
    )
    with pytest.raises(DataFileError, match=r"line 3: point \(10.0, 95.0\)"):
        geo.load_countries(path, small, expected=["AAA"])


# --- joins ------------------------------------------------------------------------------------


@pytest.fixture()
def three(tmp_path) -> gpd.GeoDataFrame:
    path, small = write_fixture(
        tmp_path, [("AAA", square(0, 0)), ("BBB", square(2, 0)), ("CCC", square(4, 0))]
    )
    return geo.load_countries(path, small, expected=["AAA", "BBB", "CCC"])


def test_join_keeps_every_state_and_reports_both_sides(three):
    table = pd.DataFrame({"iso3": ["AAA", "BBB", "XKX"], "status": ["party", "signatory", "party"]})
    joined, report = geo.join_status(table, three)
    assert list(joined["iso3"]) == ["AAA", "BBB", "CCC"]
    assert joined.set_index("iso3")["status"].isna().to_dict() == {
        "AAA": False, "BBB": False, "CCC": True,
    }
    assert report.matched == 2
    assert report.missing_from_table == ("CCC",)
    assert report.not_on_map == ("XKX",)
    assert not report.complete
    text = str(report)
    assert "CCC" in text and "XKX" in text and "Nothing was lost" not in text


def test_complete_join_says_so(three):
    table = pd.DataFrame({"iso3": ["CCC", "AAA", "BBB"], "status": ["party"] * 3})
    joined, report = geo.join_status(table, three)
    assert report.complete and "Nothing was lost" in str(report)
    assert joined["status"].notna().all()


def test_join_refuses_duplicates_and_flags_missing_codes(three):
    table = pd.DataFrame({"iso3": ["AAA", "AAA"], "status": ["party", "not joined"]})
    with pytest.raises(ValueError, match="more than one row: AAA"):
        geo.join_status(table, three)
    report = geo.join_report(pd.DataFrame({"iso3": ["AAA", None]}), three)
    assert "<missing code>" in report.not_on_map
