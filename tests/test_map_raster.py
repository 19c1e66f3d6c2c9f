"""The raster map shows what the vector map shows, changes only what changed, and refuses what
the vector map refuses.

`map_raster.RasterMap` composes each frame from rasters made once (a label image, hatch and
border overlays) plus a small Agg draw of markers, legend and title. These tests hold it to the
ordinary Agg draw of the same `WorldMap` (same categories, same dpi, same pixel grid): nearly
equal everywhere, exactly equal inside states. Times are measured by `benchmarks/map_update.py`,
never asserted here.
"""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_rgb

matplotlib.use("Agg")

from matplotlib.figure import Figure
from PIL import Image

from treatylens import geo
from treatylens.charts import map_raster, maps
from treatylens.charts.widgets import figure_png

TITLE = f"{maps.TREATY_TITLES['ottawa']}\nstatus on 3 February 2026"
# Mean absolute difference per channel (0-255) allowed between the raster frame and the Agg
# draw of the same figure. Measured: 0.21-0.28 on this test's categories; the differences sit
# on state edges (about 6% of pixels differ at all, 0.7% by more than 16 levels). For scale:
# the same frame with only Brazil in a wrong category gives 0.8-1.6, and a frame shifted by
# one pixel 6.4-6.9. Half a level catches either while leaving room for rounding changes in a
# matplotlib or FreeType update.
MAX_MEAN_ABS_DIFF = 0.5


@pytest.fixture(scope="module")
def real() -> tuple[maps.WorldMap, map_raster.RasterMap, dict]:
    """The real 197-state map and its raster, plus what the WorldMap looked like beforehand."""
    world = maps.WorldMap(geo.load_countries(), geo.load_other_areas())
    world.update(mixed_categories(world), TITLE)
    before = {
        "visible": [a.get_visible() for a in [world.figure.patch, *world.ax.get_children()]],
        "edges": [(tuple(p.get_edgecolor()), p.get_linewidth(), p.get_antialiased())
                  for p in world.patches.values()],
    }
    return world, map_raster.RasterMap(world), before


def mixed_categories(world: maps.WorldMap, seed: int = 3) -> dict[str, str]:
    """Every status category, hatched or not, spread over the 197 states (deterministic)."""
    rng = np.random.default_rng(seed)
    return dict(zip(world.iso3, rng.choice(list(maps.STATUS_STYLES), size=len(world.iso3)),
                    strict=True))


def vector_frame(world: maps.WorldMap) -> np.ndarray:
    """The ordinary Agg draw of the WorldMap's figure: the reference picture, RGB."""
    canvas = world.figure.canvas
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    assert (rgba[..., 3] == 255).all(), "the figure is opaque; nothing to flatten"
    return rgba[..., :3].copy()


def interior_pixel(world: maps.WorldMap, code: str) -> tuple[int, int]:
    """(row, column) of the point deepest inside the state's largest part (pole of
    inaccessibility), as drawn on the canvas."""
    countries = geo.load_countries()
    geom = countries.loc[countries["iso3"] == code, "geometry"].to_crs(maps.PROJECTION).iloc[0]
    largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    point = shapely.ops.polylabel(largest, tolerance=1000.0)
    x, y = world.ax.transData.transform((point.x, point.y))
    return int(world.figure.bbox.height - y), int(x)


def window(frame: np.ndarray, row: int, col: int, half: int) -> np.ndarray:
    return frame[row - half:row + half + 1, col - half:col + half + 1].reshape(-1, 3)


def rgb255(color: str) -> tuple[int, ...]:
    return tuple(round(255 * v) for v in to_rgb(color))


def most_common(pixels: np.ndarray) -> tuple[int, ...]:
    values, counts = np.unique(pixels, axis=0, return_counts=True)
    return tuple(int(v) for v in values[counts.argmax()])


# --- the frame looks like the vector figure ----------------------------------------------------


def test_frame_matches_an_ordinary_draw_of_the_same_figure(real):
    world, raster, _ = real
    categories = mixed_categories(world)
    raster.update(categories, TITLE)
    frame = raster.frame().astype(int)
    vector = vector_frame(world).astype(int)
    assert frame.shape == vector.shape
    mean_abs = np.abs(frame - vector).mean(axis=(0, 1))
    assert (mean_abs < MAX_MEAN_ABS_DIFF).all(), f"mean abs difference per channel {mean_abs}"


@pytest.mark.parametrize("code, category", [
    ("BRA", "party"), ("AUS", "party"),  # solid fills: every interior pixel is the colour
    ("CAN", "not joined"), ("RUS", "withdrawn"), ("CHN", "signatory"),  # hatched
])
def test_interior_of_a_state_has_its_category_colour(real, code, category):
    world, raster, _ = real
    categories = {**mixed_categories(world), code: category}
    raster.update(categories, TITLE)
    frame, vector = raster.frame(), vector_frame(world)
    row, col = interior_pixel(world, code)
    expected = rgb255(maps.STATUS_STYLES[category].color)
    if maps.STATUS_STYLES[category].hatch:
        # Hatch lines cross the interior; the fill colour is still most of it, in both.
        assert most_common(window(frame, row, col, 7)) == expected
        assert most_common(window(vector, row, col, 7)) == expected
        assert (window(frame, row, col, 7) != expected).any(), "the hatch is missing"
    else:
        assert (window(frame, row, col, 2) == expected).all()
        assert (window(vector, row, col, 2) == expected).all()


def test_building_the_raster_leaves_the_world_map_as_it_was(real):
    world, raster, before = real
    raster.update(mixed_categories(world), TITLE)
    assert [a.get_visible() for a in [world.figure.patch, *world.ax.get_children()]] == (
        before["visible"])
    assert [(tuple(p.get_edgecolor()), p.get_linewidth(), p.get_antialiased())
            for p in world.patches.values()] == before["edges"]


# --- a change shows where it happened and nowhere else ------------------------------------------


def test_changing_one_state_changes_only_that_state_and_the_legend(real):
    world, raster, _ = real
    categories = {**mixed_categories(world), "BRA": "party"}
    raster.update(categories, TITLE)
    first = raster.frame().copy()
    raster.update({**categories, "BRA": "withdrawn"}, TITLE)
    second = raster.frame()
    changed = (first != second).any(axis=-1)

    height = world.figure.bbox.height
    renderer = world.figure.canvas.get_renderer()
    allowed = np.zeros_like(changed)
    boxes = [world.patches["BRA"].get_window_extent(renderer),
             world.legend.get_window_extent(renderer)]
    for box in boxes:
        top, bottom = int(height - box.y1) - 2, int(np.ceil(height - box.y0)) + 2
        allowed[max(top, 0):bottom, max(int(box.x0) - 2, 0):int(np.ceil(box.x1)) + 2] = True
    assert changed.any()
    assert not (changed & ~allowed).any(), f"{(changed & ~allowed).sum()} pixels changed " \
        "outside Brazil and the legend"
    row, col = interior_pixel(world, "BRA")
    assert changed[row - 5:row + 6, col - 5:col + 6].all(), "Brazil's interior did not change"
    legend = boxes[1]
    assert changed[int(height - legend.y1):int(height - legend.y0),
                   int(legend.x0):int(legend.x1)].any(), "the legend counts did not change"


def test_a_taller_title_moves_the_map_and_the_raster_follows():
    world = maps.WorldMap(geo.load_countries(), geo.load_other_areas())
    raster = map_raster.RasterMap(world)
    categories = mixed_categories(world)
    raster.update(categories, "one line")
    before = world.ax.get_position().bounds
    raster.update(categories, "a title\nof three\nlines")  # WorldMap lowers the map's top
    assert world.ax.get_position().bounds != before
    mean_abs = np.abs(raster.frame().astype(int) - vector_frame(world).astype(int)).mean(
        axis=(0, 1))
    assert (mean_abs < MAX_MEAN_ABS_DIFF).all(), f"mean abs difference per channel {mean_abs}"


# --- the same refusals as WorldMap ----------------------------------------------------------------


def test_a_missing_category_is_named_and_nothing_changes(real):
    world, raster, _ = real
    raster.update(mixed_categories(world), TITLE)
    png = raster.png()
    categories = mixed_categories(world, seed=4)
    del categories["FRA"]
    with pytest.raises(ValueError, match="no category for: \\['FRA'\\]"):
        raster.update(categories, "must not show")
    assert raster.png() == png
    assert world.title.get_text() == TITLE


def test_an_unknown_category_is_refused_before_anything_changes(real):
    world, raster, _ = real
    raster.update(mixed_categories(world), TITLE)
    png = raster.png()
    facecolors = [tuple(p.get_facecolor()) for p in world.patches.values()]
    with pytest.raises(ValueError, match="unknown category 'joined'"):
        raster.update({**mixed_categories(world, seed=4), "FRA": "joined"}, "must not show")
    assert raster.png() == png
    assert [tuple(p.get_facecolor()) for p in world.patches.values()] == facecolors


def test_show_table_means_what_worldmap_show_table_means(real):
    world, raster, _ = real
    table = pd.DataFrame({"iso3": ["FRA", "SSD"], "status": ["party", "not joined"]})
    categories = raster.show_table(table, TITLE, as_of="2000-12-31")
    assert categories["FRA"] == "party"
    assert categories["SSD"] == maps.NOT_YET  # independent from 9 July 2011
    assert categories["BRA"] == maps.NO_DATA  # not in the table
    assert "existed on this date" in world.legend.get_title().get_text()
    with pytest.raises(ValueError, match="unknown status"):
        raster.show_table(pd.DataFrame({"iso3": ["FRA"], "status": ["joined"]}), TITLE)


def tiny_world() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Two square states and one other area: enough for the checks that need no real map."""
    codes = ["AAA", "BBB"]
    countries = gpd.GeoDataFrame(
        {"iso3": codes, "name_ne": codes, "is_small": [False, False]},
        geometry=[shapely.box(0, 0, 15, 15), shapely.box(20, 0, 35, 15)], crs="EPSG:4326")
    countries["marker"] = gpd.GeoSeries([None, None], index=countries.index, crs="EPSG:4326")
    other = gpd.GeoDataFrame({"adm0_a3": ["ZZZ"]}, geometry=[shapely.box(-40, 0, -25, 15)],
                             crs="EPSG:4326")
    return countries, other


def test_a_figure_still_laid_out_on_every_draw_is_refused():
    world = maps.WorldMap(*tiny_world(), ax=Figure(layout="constrained").add_subplot())
    with pytest.raises(ValueError, match="laid out again on every draw"):
        map_raster.RasterMap(world).update({"AAA": "party", "BBB": "party"}, "t")


# --- the PNG the widget shows ---------------------------------------------------------------------


def test_equal_frames_give_equal_bytes_and_different_frames_different_bytes(real):
    world, raster, _ = real
    first, second = mixed_categories(world, seed=5), mixed_categories(world, seed=6)
    raster.update(first, TITLE)
    a = raster.png()
    raster.update(second, TITLE)
    b = raster.png()
    raster.update(first, TITLE)
    assert raster.png() == a
    assert b != a
    raster.update(first, "another title")
    assert raster.png() != a


def test_png_is_the_cropped_frame_at_figure_png_size(real):
    world, raster, _ = real
    raster.update(mixed_categories(world), TITLE)
    decoded = np.asarray(Image.open(io.BytesIO(raster.png())))
    assert decoded.shape[2] == 3
    assert (decoded == raster.frame(crop=True)).all()
    reference = Image.open(io.BytesIO(figure_png(world.figure)))
    assert decoded.shape[1::-1] == reference.size, "not the size the widget showed before"
    left, top, right, bottom = raster.crop_box  # savefig's padding may reach past the canvas
    height, width = raster.frame().shape[:2]
    rows, cols = decoded.shape[:2]
    assert (decoded[:max(-top, 0)] == 255).all()
    assert (decoded[rows - max(bottom - height, 0):] == 255).all()
    assert (decoded[:, :max(-left, 0)] == 255).all()
    assert (decoded[:, cols - max(right - width, 0):] == 255).all()


def test_image_widget_shows_and_refreshes_the_frame(real):
    world, raster, _ = real
    raster.update(mixed_categories(world), TITLE)
    image = map_raster.raster_image_widget(raster)
    assert image.format == "png"
    assert image.value == raster.png()
    raster.update(mixed_categories(world, seed=7), TITLE)
    map_raster.refresh(image, raster)
    assert image.value == raster.png()


def test_nothing_to_show_before_the_first_update():
    raster = map_raster.RasterMap(maps.WorldMap(*tiny_world()))
    with pytest.raises(RuntimeError, match="call update"):
        raster.png()
    raster.update({"AAA": "party", "BBB": "withdrawn"}, "t")
    assert raster.png().startswith(b"\x89PNG")
