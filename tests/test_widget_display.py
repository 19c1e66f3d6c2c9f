"""The map widget must not give nbclient an Output widget to imitate (issue 9, item 24).

nbclient writes back to the kernel on the shell channel for every display into an Output
widget while a cell runs, and that write-back made lesson 03's widget cell wait for the whole
cell timeout in about a third of headless runs (see `treatylens.charts.widgets`). The stall
itself is rare and timing-dependent, so it is measured by `benchmarks/soak_lessons.py`, not
here; these tests hold its cause: no Output widget in the map widget's tree, and nothing for
a real nbclient run to imitate.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import geopandas as gpd
import ipywidgets
import matplotlib
import nbformat
import pandas as pd
import pytest
import shapely
from nbclient import NotebookClient

matplotlib.use("Agg")

from matplotlib.image import imread

from treatylens.charts import maps
from treatylens.charts import widgets as figure_widget

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
AS_OF = dt.date(2000, 6, 1)


def all_widgets(widget: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(all_widgets(child))
    return found


def status_fn(treaty: str, when: dt.date) -> pd.DataFrame:
    codes = ["AAA", "BBB", "CCC", "DDD", "TNY"]
    status = "party" if when.year >= 1999 and treaty == "ottawa" else "not joined"
    return pd.DataFrame({"iso3": codes, "status": [status] * len(codes)})


@pytest.fixture()
def tiny_map() -> maps.WorldMap:
    """Four squares and one micro-state drawn as a marker, as in tests/test_maps.py."""
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
    return maps.WorldMap(countries, other)


def test_map_widget_has_no_output_widget(tiny_map):
    widget = maps.interactive_map(status_fn, AS_OF, world=tiny_map)
    kinds = [type(w).__name__ for w in all_widgets(widget)]
    assert "Output" not in kinds, kinds
    treaty, slider, image = widget.children
    assert (type(treaty), type(slider), type(image)) == (
        ipywidgets.Dropdown, ipywidgets.SelectionSlider, ipywidgets.Image)


def test_moving_a_control_redraws_the_picture(tiny_map):
    """The picture is the raster map's frame, which tests/test_map_raster.py compares with
    the vector figure; here: it follows every control."""
    widget = maps.interactive_map(status_fn, AS_OF, world=tiny_map)
    treaty, slider, image = widget.children
    first = bytes(image.value)
    assert first == widget.raster.png(), "the picture shows the map now"
    slider.value = dt.date(1997, 12, 31)
    assert "31 December 1997" in tiny_map.title.get_text()
    assert bytes(image.value) != first
    assert bytes(image.value) == widget.raster.png()
    before = bytes(image.value)
    treaty.value = "ccm"
    assert bytes(image.value) == widget.raster.png()
    assert "Cluster" in tiny_map.title.get_text() and bytes(image.value) != before


def test_figure_png_is_the_figure_and_reproducible(tiny_map):
    tiny_map.show_table(status_fn("ottawa", AS_OF), "a title")
    png = figure_widget.figure_png(tiny_map.figure)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == figure_widget.figure_png(tiny_map.figure)
    height, width = imread(io.BytesIO(png)).shape[:2]
    fig_w, fig_h = tiny_map.figure.get_size_inches() * tiny_map.figure.dpi
    # Cropped like the inline backend: close to the canvas, never a thumbnail or a blow-up.
    assert 0.6 * fig_w < width < 1.2 * fig_w and 0.6 * fig_h < height < 1.2 * fig_h


def imitated_output_widgets(source: str) -> int:
    """Run `source` in a real kernel through nbclient; how many Output widgets it imitated."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    outputs = notebook.cells[0].outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for o in outputs), "the cell should display a widget"
    return len(client.comm_objects)


WIDGET_CELL = """
import datetime as dt
from treatylens import treaties
from treatylens.charts import maps
AS_OF = treaties.data_as_of("ottawa")
widget = maps.interactive_map(treaties.status, AS_OF)
widget
"""


def test_lesson_widget_gives_nbclient_nothing_to_imitate():
    # Control first: the old pattern is seen, so a zero below means something.
    old = ("import ipywidgets\n"
           "w = ipywidgets.interactive(lambda x: print(x), x=[1, 2])\nw")
    assert imitated_output_widgets(old) == 1
    assert imitated_output_widgets(WIDGET_CELL) == 0
