"""`maps.projection_comparison`: two panels, labelled shares that agree with geo.area_distortion."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from treatylens import geo
from treatylens.charts import maps


@pytest.fixture()
def two_squares() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso3": ["EQU", "NTH", "MID"], "name_ne": ["Equator", "North", "Middle"]},
        geometry=[shapely.box(0, -5, 10, 5), shapely.box(0, 55, 10, 65),
                  shapely.box(20, 20, 30, 30)],
        crs="EPSG:4326",
    )


def test_two_panels_with_shares_in_the_legends(two_squares):
    fig = maps.projection_comparison(["NTH", "EQU"], two_squares)
    left, right = fig.axes[:2]
    shares = geo.area_distortion(countries=two_squares).set_index("iso3")
    left_labels = [t.get_text() for t in left.get_legend().get_texts()]
    right_labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert left_labels[0] == f"North: {shares.loc['NTH', 'lonlat_share']:.1f}% of land"
    assert right_labels[1] == f"Equator: {shares.loc['EQU', 'true_share']:.1f}% of land"
    assert left.get_xlabel() == "Longitude (degrees)"
    assert "Equal Earth" in right.get_title()
    assert any("Natural Earth" in t.get_text() for t in fig.texts)  # the source is on it


def test_highlights_differ_by_hatch_not_only_colour(two_squares):
    fig = maps.projection_comparison(["NTH", "EQU"], two_squares)
    handles = fig.axes[0].get_legend().legend_handles
    assert handles[0].get_hatch() != handles[1].get_hatch()


def test_too_many_or_unknown_highlights(two_squares):
    with pytest.raises(ValueError, match="no polygon"):
        maps.projection_comparison(["XXX"], two_squares)
    with pytest.raises(ValueError, match="at most"):
        maps.projection_comparison(["EQU", "NTH", "MID", "EQU", "NTH"], two_squares)


def test_add_source_note_names_the_treaty_page_and_date():
    from treatylens.treaties import data_as_of

    fig = maps.new_figure((6, 3))
    fig.add_subplot().set_xlabel("x")
    assert maps.add_source_note(fig, "ottawa", "ccm", extra="Borders not shown.") is fig
    text = fig.texts[-1].get_text()
    assert "XXVI-5 checked to" in text and "XXVI-6" in text and "Borders not shown." in text
    assert maps.format_date(data_as_of("ccm")) in text
    with pytest.raises(ValueError, match="unknown treaty"):
        maps.add_source_note(fig, "ccw")
    with pytest.raises(ValueError, match="at least one"):
        maps.add_source_note(fig)


def test_in_greyscale_adds_a_title_strip_and_maps_colours_to_luminance():
    fig = maps.new_figure((4, 2))
    fig.set_layout_engine("none")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.axvspan(0, 0.5, color=maps.OKABE_ITO["blue"])
    ax.axvspan(0.5, 1, color=maps.OKABE_ITO["yellow"])
    ax.set_xlim(0, 1)
    grey = maps.in_greyscale(fig, "check")
    assert tuple(grey.get_size_inches()) == (4, 2.4)
    image = grey.axes[0].get_images()[0].get_array()
    assert image.ndim == 2 and image.min() >= 0 and image.max() <= 1
    left, right = image[:, : image.shape[1] // 4].mean(), image[:, -image.shape[1] // 4:].mean()
    assert right > left + 0.3  # Okabe-Ito yellow is far lighter than blue
    assert grey.get_suptitle() == "check"
