"""Maps: truthful legends, no colour-only categories, and updates that recolour in place."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely

matplotlib.use("Agg")

from matplotlib.colors import to_hex

from treatylens import geo, treaties
from treatylens.charts import maps

AS_OF = dt.date(2026, 2, 3)
SCHEMES = {"status": maps.STATUS_STYLES, "combined": maps.COMBINED_STYLES}


# --- the pure style functions, over every category ---------------------------------------------


@pytest.mark.parametrize("category", sorted(maps.STYLES))
def test_colors_for_every_category(category):
    style = maps.STYLES[category]
    assert maps.colors_for([category]) == [style.color]
    assert maps.markers_for([category]) == [style.marker]


def test_colors_for_keeps_order_and_length():
    statuses = ["not joined", "party", "party", "withdrawn", "signatory", "no data"]
    colors = maps.colors_for(statuses)
    assert len(colors) == len(statuses)
    assert colors[1] == colors[2] == maps.OKABE_ITO["blue"]
    assert colors[0] != colors[1]


def test_unknown_category_is_refused_not_painted():
    with pytest.raises(ValueError, match="unknown category 'joined'"):
        maps.colors_for(["party", "joined"])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_categories_differ_by_more_than_colour(scheme):
    styles = SCHEMES[scheme].values()
    assert len({s.color for s in styles}) == len(styles)
    assert len({s.hatch for s in styles}) == len(styles), "each category needs its own hatch"
    assert len({s.marker for s in styles}) == len(styles), "each category needs its own marker"
    palette = set(maps.OKABE_ITO.values()) | {"#FFFFFF", maps.LIGHT_GREY}
    assert {s.color for s in styles} <= palette


# --- a tiny world: four squares and one micro-state ----------------------------------------------


@pytest.fixture()
def tiny_world() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    codes = ["AAA", "BBB", "CCC", "DDD", "TNY"]
    geoms = [shapely.box(i * 20, 0, i * 20 + 15, 15) for i in range(4)]
    geoms.append(shapely.box(90, 0, 90.1, 0.1))
    countries = gpd.GeoDataFrame({"iso3": codes, "name_ne": codes}, geometry=geoms,
                                 crs="EPSG:4326")
    countries["is_small"] = countries["iso3"] == "TNY"
    countries["marker"] = gpd.GeoSeries(
        [None] * 4 + [shapely.Point(90.05, 0.05)], index=countries.index, crs="EPSG:4326"
    )
    other = gpd.GeoDataFrame({"adm0_a3": ["ZZZ"]}, geometry=[shapely.box(-40, 0, -25, 15)],
                             crs="EPSG:4326")
    return countries, other


def table(**status: str) -> pd.DataFrame:
    return pd.DataFrame({"iso3": list(status), "status": list(status.values())})


def legend_texts(world: maps.WorldMap) -> list[str]:
    return [t.get_text() for t in world.legend.get_texts()]


def test_update_recolours_in_place(tiny_world):
    world = maps.WorldMap(*tiny_world)
    world.show_table(table(AAA="party", BBB="party", CCC="signatory", DDD="withdrawn",
                           TNY="not joined"), "first")
    artists = list(world.ax.get_children())
    patch = world.patches["AAA"]
    assert to_hex(patch.get_facecolor()) == maps.OKABE_ITO["blue"].lower()
    assert world.patches["CCC"].get_hatch() == maps.STATUS_STYLES["signatory"].hatch

    world.show_table(table(AAA="withdrawn", BBB="party", CCC="party", DDD="party",
                           TNY="party"), "second")
    assert list(world.ax.get_children()) == artists, "an update must not add or remove artists"
    assert world.patches["AAA"] is patch
    assert to_hex(patch.get_facecolor()) == maps.OKABE_ITO["vermillion"].lower()
    assert patch.get_hatch() == maps.STATUS_STYLES["withdrawn"].hatch
    assert to_hex(world.markers.get_facecolor()[0]) == maps.OKABE_ITO["blue"].lower()
    assert world.title.get_text() == "second"


def test_legend_counts_match_the_table_and_missing_states_show(tiny_world):
    world = maps.WorldMap(*tiny_world)
    world.show_table(table(AAA="party", BBB="party", CCC="not joined", XKX="party"), "t")
    texts = legend_texts(world)
    assert texts[:6] == ["Party (2)", "Signed, not ratified (0)", "Withdrew (0)",
                         "Not joined (1)", "Not yet a state (not counted) (0)",
                         "No data (2)"]  # DDD and TNY have no row; XKX no shape
    assert texts[6].startswith("Other area")
    assert "no data" in maps.categories_by_state(table(AAA="party"), ["AAA", "BBB"], "status",
                                                 maps.STATUS_STYLES).values()


def test_small_states_marker_shape_follows_category(tiny_world):
    world = maps.WorldMap(*tiny_world)
    world.show_table(table(TNY="withdrawn"), "t")
    withdrawn = maps._marker_path(maps.STATUS_STYLES["withdrawn"].marker)
    assert (world.markers.get_paths()[0].vertices == withdrawn.vertices).all()


def test_bad_tables_are_refused(tiny_world):
    world = maps.WorldMap(*tiny_world)
    with pytest.raises(ValueError, match="unknown status"):
        world.show_table(table(AAA="joined"), "t")
    with pytest.raises(ValueError, match="more than one row"):
        world.show_table(pd.concat([table(AAA="party"), table(AAA="withdrawn")]), "t")


def test_status_and_combined_maps_put_date_and_counts_on_the_figure(tiny_world):
    fig = maps.status_map(table(AAA="party", BBB="signatory"), AS_OF, "ottawa", *tiny_world)
    title = fig.axes[0].get_title()
    assert "3 February 2026" in title and "Mine Ban" in title
    combined = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD", "TNY"],
                             "category": ["both", "ottawa only", "ccm only", "neither", "both"]})
    fig = maps.combined_map(combined, AS_OF, *tiny_world)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[:5] == ["Joined both (2)", "Mine Ban Convention only (1)",
                         "Cluster Munitions Convention only (1)", "Neither (1)", "No data (0)"]


def test_real_map_legend_counts_all_197():
    countries = geo.load_countries()
    statuses = ["party"] * 150 + ["signatory"] * 2 + ["withdrawn"] * 5 + ["not joined"] * 40
    world = maps.WorldMap(countries)
    world.show_table(pd.DataFrame({"iso3": countries["iso3"], "status": statuses}), "t")
    texts = legend_texts(world)
    assert texts[:6] == ["Party (150)", "Signed, not ratified (2)", "Withdrew (5)",
                         "Not joined (40)", "Not yet a state (not counted) (0)", "No data (0)"]
    assert len(world.patches) + int((countries.geometry.isna()).sum()) == 197
    assert len(world.markers.get_offsets()) == int(countries["is_small"].sum())


# --- widget -------------------------------------------------------------------------------------


def test_year_end_dates():
    assert maps.year_end_dates(dt.date(2000, 6, 1), 1997) == [
        dt.date(1997, 12, 31), dt.date(1998, 12, 31), dt.date(1999, 12, 31), dt.date(2000, 6, 1)
    ]


def test_interactive_map_recolours_the_same_map(tiny_world):
    calls = []

    def status_fn(treaty, when):
        calls.append((treaty, when))
        joined = "party" if when.year >= 1999 else "not joined"
        status = "signatory" if treaty == "ccm" else joined
        return table(AAA=status, BBB=status, CCC=status, DDD=status, TNY=status)

    world = maps.WorldMap(*tiny_world)
    widget = maps.interactive_map(status_fn, dt.date(2000, 6, 1), world=world)
    treaty, slider = widget.children[:2]
    assert calls[-1] == ("ottawa", dt.date(2000, 6, 1))
    patch = world.patches["AAA"]
    assert legend_texts(world)[0] == "Party (5)"

    slider.value = dt.date(1997, 12, 31)
    assert calls[-1] == ("ottawa", dt.date(1997, 12, 31))
    assert world.patches["AAA"] is patch and widget.world is world
    assert legend_texts(world)[3] == "Not joined (5)"
    assert "31 December 1997" in world.title.get_text()

    treaty.value = "ccm"
    assert calls[-1] == ("ccm", dt.date(1997, 12, 31))
    assert to_hex(patch.get_facecolor()) == maps.OKABE_ITO["sky blue"].lower()


# --- charts -------------------------------------------------------------------------------------


def test_timeline_marks_withdrawals():
    timeline = pd.DataFrame({
        "date": ["1999-03-01", "2000-01-01", "2025-06-27", "2026-02-20"],
        "parties": [45, 90, 164, 163],
        "event": ["Entry into force", None, "", "Poland's withdrawal takes effect"],
    })
    fig = maps.timeline_plot(timeline, "Mine Ban Convention", as_of=dt.date(2026, 3, 1))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["States parties", "Withdrawal (labelled)", "Other event (labelled)"]
    annotations = [c.get_text() for c in ax.texts]
    assert annotations == ["Entry into force", "Poland's withdrawal takes effect"]
    with pytest.raises(KeyError, match="parties"):
        maps.timeline_plot(timeline.drop(columns="parties"), "x")


def test_region_bars_totals():
    statuses = pd.DataFrame({
        "region": ["Europe", "Europe", "Asia", "Asia", "Asia", None],
        "status": ["party", "withdrawn", "party", "not joined", None, "party"],
    })
    fig = maps.region_bars(statuses, "By region")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Party (3)", "Withdrew (1)", "Not joined (1)", "No data (1)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["(no region)", "Europe", "Asia"]


def test_saved_figures_are_byte_identical(tmp_path, tiny_world):
    fig = maps.status_map(table(AAA="party"), AS_OF, "ccm", *tiny_world)
    first = [p.read_bytes() for p in maps.save_figure(fig, "m", tmp_path / "a")]
    second = [p.read_bytes() for p in maps.save_figure(fig, "m", tmp_path / "b")]
    assert first == second


def test_timeline_stops_at_the_as_of_date_and_reads_treaty_timelines():
    # The shape `treaties.timeline` returns: a boolean withdrawal flag and the codes.
    timeline = pd.DataFrame({
        "date": ["1999-03-01", "2025-12-27", "2026-02-20"],
        "parties": [45, 162, 161],
        "withdrawal": [False, True, True],
        "states_withdrew": ["", "EST LTU LVA", "POL"],
    })
    ax = maps.timeline_plot(timeline, "Mine Ban Convention", as_of=AS_OF).axes[0]
    assert [c.get_text() for c in ax.texts] == ["withdrawal took effect: EST LTU LVA"]
    line = ax.get_lines()[0]
    assert max(line.get_ydata()) == 162 and line.get_ydata()[-1] == 162


def test_combined_map_reads_the_treaties_column_name(tiny_world):
    combined = pd.DataFrame({"iso3": ["AAA", "BBB"], "combined": ["both", "neither"]})
    fig = maps.combined_map(combined, AS_OF, *tiny_world)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == "Joined both (1)" and texts[3] == "Neither (1)" and texts[4] == "No data (3)"


def test_interactive_map_before_a_treaty_opens_shows_no_status(tiny_world):
    def status_fn(treaty, when):
        if treaty == "ccm" and when.year < 2008:
            raise ValueError("1999-12-31 is before the CCM was opened for signature")
        return table(AAA="party")

    world = maps.WorldMap(*tiny_world)
    widget = maps.interactive_map(status_fn, dt.date(2000, 6, 1), world=world)
    widget.children[0].value = "ccm"
    assert legend_texts(world)[5] == "No data (5)"
    assert "no status on 1 June 2000" in world.title.get_text()


def test_spread_points_separates_close_points_and_leaves_far_ones():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [100.0, 100.0]])
    spread = maps.spread_points(points, gap=8.0)
    distances = [np.hypot(*(spread[i] - spread[j])) for i in range(3) for j in range(i + 1, 3)]
    assert min(distances) >= 8.0 * 0.99
    assert (spread[3] == points[3]).all()
    assert (maps.spread_points(points, gap=8.0) == spread).all()  # deterministic


def test_legend_title_counts_only_states_that_existed():
    categories = {"AAA": "party", "BBB": maps.NOT_YET, "CCC": "not joined"}
    assert "of the 2 that existed" in maps.legend_title(categories)
    assert "1 not yet a state" in maps.legend_title(categories)
    assert maps.legend_title({"AAA": "party"}).startswith("Number of states (of 1)")


def test_real_map_markers_do_not_overlap():
    fig = maps.status_map(treaties.status("ottawa", "2026-02-03"), "2026-02-03", "ottawa")
    markers = next(c for c in fig.axes[0].collections if len(c.get_offsets()) > 30)
    points = fig.axes[0].transData.transform(markers.get_offsets()) * 72 / fig.dpi
    gaps = [np.hypot(*(points[i] - points[j])) for i in range(len(points))
            for j in range(i + 1, len(points))]
    assert min(gaps) >= maps.MARKER_GAP_PT * 0.99


def test_wrapped_note_fits_its_width():
    text = maps.wrap_note(maps.SHAPES_NOTE, 5.0)
    assert "\n" in text
    assert max(len(line) for line in text.splitlines()) * maps.NOTE_FONTSIZE * 0.6 <= 5.0 * 72


def test_a_status_table_labels_its_own_map_and_refuses_a_wrong_label() -> None:
    ccm = treaties.status("ccm", "2023-07-07")
    fig = maps.status_map(ccm)
    title = fig.axes[0].get_title()
    assert "Cluster Munitions" in title and "7 July 2023" in title, title
    with pytest.raises(ValueError, match="not 'ottawa'"):
        maps.status_map(ccm, treaty="ottawa")
    with pytest.raises(ValueError, match="not on 2024-11-20"):
        maps.status_map(ccm, "2024-11-20")
    bare = ccm[["iso3", "status"]].copy()
    bare.attrs = {}
    with pytest.raises(ValueError, match="pass as_of= and treaty="):
        maps.status_map(bare)
