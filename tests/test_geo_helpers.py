"""Neighbours from shapes, Natural Earth's own codes, and area distortion (lesson 02-03 helpers)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from treatylens import geo

# Russia's land neighbours as commonly listed (e.g. the CIA World Factbook's "land boundaries"
# entry): the geometric derivation must agree with it on the committed shapes.
RUSSIA_LAND_NEIGHBOURS = ["AZE", "BLR", "CHN", "EST", "FIN", "GEO", "KAZ", "LTU", "LVA", "MNG",
                          "NOR", "POL", "PRK", "UKR"]


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return geo.load_countries()


def squares() -> gpd.GeoDataFrame:
    """Three unit squares in a row (AAA|BBB|CCC) and an island DDD."""
    boxes = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 0, 3, 1),
             shapely.box(5, 5, 6, 6)]
    return gpd.GeoDataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD"],
                             "name_ne": ["A", "B", "C", "D"]}, geometry=boxes, crs="EPSG:4326")


def test_land_neighbours_on_toy_shapes():
    assert geo.land_neighbours("BBB", squares()) == ["AAA", "CCC"]
    assert geo.land_neighbours("aaa", squares()) == ["BBB"]
    assert geo.land_neighbours("DDD", squares()) == []


def test_land_neighbours_of_russia(countries):
    assert geo.land_neighbours("RUS", countries) == RUSSIA_LAND_NEIGHBOURS


def test_land_neighbours_are_symmetric(countries):
    for code in geo.land_neighbours("RUS", countries):
        assert "RUS" in geo.land_neighbours(code, countries)


def test_land_neighbours_unknown_state(countries):
    with pytest.raises(ValueError, match="no polygon"):
        geo.land_neighbours("XXX", countries)


def test_natural_earth_iso_a3_codes_lose_france_and_norway(countries):
    table = pd.DataFrame({"iso3": sorted(countries["iso3"]), "status": "party"})
    naive = geo.with_natural_earth_codes(table)
    assert (table["iso3"] != "-99").all()  # the original is untouched
    assert (naive["iso3"] == "-99").sum() == 2
    report = geo.join_report(naive, countries)
    assert report.missing_from_table == ("FRA", "NOR")
    assert report.duplicated == ("-99",) and not report.complete
    with pytest.raises(ValueError, match="cannot join"):
        geo.join_status(naive, countries)


def test_natural_earth_adm0_a3_codes_lose_south_sudan_and_palestine(countries):
    table = pd.DataFrame({"iso3": sorted(countries["iso3"]), "status": "party"})
    joined, report = geo.join_status(geo.with_natural_earth_codes(table, "ADM0_A3"), countries)
    assert report.missing_from_table == ("PSE", "SSD")
    assert report.not_on_map == ("PSX", "SDS")
    assert len(joined) == len(countries)
    assert joined.set_index("iso3").loc[["PSE", "SSD"], "status"].isna().all()


def test_natural_earth_codes_bad_arguments():
    table = pd.DataFrame({"iso3": ["FRA"]})
    with pytest.raises(ValueError, match="unknown Natural Earth field"):
        geo.with_natural_earth_codes(table, "ISO_N3")
    with pytest.raises(KeyError, match="code"):
        geo.with_natural_earth_codes(table, key="code")


def test_area_distortion_on_toy_shapes():
    # Two 1x1 degree squares: one at the equator, one at 60 degrees north.
    frame = gpd.GeoDataFrame({"iso3": ["EQU", "NTH"], "name_ne": ["E", "N"]},
                             geometry=[shapely.box(0, -0.5, 1, 0.5), shapely.box(0, 59.5, 1, 60.5)],
                             crs="EPSG:4326")
    table = geo.area_distortion(countries=frame).set_index("iso3")
    assert table.loc["EQU", "lonlat_area"] == pytest.approx(table.loc["NTH", "lonlat_area"])
    # Same square in degrees, about half the ground area at 60 degrees (cos 60 = 0.5).
    assert table.loc["NTH", "area_km2"] / table.loc["EQU", "area_km2"] == pytest.approx(0.5,
                                                                                        abs=0.01)
    assert table.loc["NTH", "exaggeration"] > 1 > table.loc["EQU", "exaggeration"]
    assert table["true_share"].sum() == pytest.approx(100)


def test_area_distortion_real_shapes(countries):
    table = geo.area_distortion(countries=countries)
    assert len(table) == len(countries)
    assert table["lonlat_share"].sum() == pytest.approx(100)
    russia = table.set_index("iso3").loc["RUS", "area_km2"]
    assert 16.5e6 < russia < 17.5e6  # about 17.1 million km2; simplified shapes
    pair = geo.area_distortion(["COD", "RUS"], countries)
    assert list(pair["iso3"]) == ["RUS", "COD"]  # sorted by exaggeration
    with pytest.raises(ValueError, match="XXX"):
        geo.area_distortion(["XXX"], countries)
