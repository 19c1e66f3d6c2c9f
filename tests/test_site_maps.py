"""Lesson 03's map on the website (treatylens.site_maps): every slider stop for both treaties,
the legend's counts from the treaty data, the data file a page script reads, and pictures
that are the widget's own. Only a few maps are drawn here; `make site` draws all of them."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pytest
from PIL import Image

from treatylens import geo, site_maps, statehood, treaties
from treatylens.charts import maps

AS_OF = treaties.data_as_of("ottawa")  # lesson 03's AS_OF, the widget's last stop


@pytest.fixture(scope="module")
def frames() -> list[site_maps.Frame]:
    return site_maps.frames()


@pytest.fixture(scope="module")
def by_key(frames) -> dict[tuple[str, dt.date], site_maps.Frame]:
    return {(f.treaty, f.day): f for f in frames}


def test_every_stop_of_the_slider_for_both_treaties(frames) -> None:
    stops = maps.year_end_dates(AS_OF)
    assert stops[0] == dt.date(1997, 12, 31)
    assert stops[-1] == AS_OF
    assert len(stops) == AS_OF.year - 1997 + 1  # 1997 … last year end, then AS_OF
    assert [(f.treaty, f.day) for f in frames] == [
        (t, d) for t in ("ottawa", "ccm") for d in stops]
    assert len({f.file for f in frames}) == len(frames)
    assert all(len(f.categories) == 197 for f in frames)


@pytest.mark.parametrize(("treaty", "day"), [
    ("ottawa", AS_OF), ("ccm", AS_OF), ("ottawa", dt.date(2015, 12, 31)),
    ("ccm", dt.date(2023, 12, 31)),
    ("ottawa", dt.date(1999, 12, 31)),  # states that did not exist yet
    ("ccm", dt.date(2010, 12, 31)),  # South Sudan not yet a state
])
def test_counts_and_alt_text_match_treaties_counts(by_key, treaty, day) -> None:
    frame = by_key[(treaty, day)]
    expected = treaties.counts(treaty, day)
    got = frame.counts()
    not_yet = len(statehood.not_yet_states(day))
    assert got[statehood.NOT_YET] == not_yet
    for status in ("party", "signatory", "withdrawn"):
        assert got[status] == expected[status], status
    # treaties.counts has no "not yet a state": those states are in its "not joined"
    assert got["not joined"] + not_yet == expected["not joined"]
    assert got[maps.NO_DATA] == 0
    alt = frame.alt()
    for status in ("party", "signatory", "withdrawn", "not joined"):
        assert f"{maps.STATUS_STYLES[status].label} {got[status]}" in alt
    assert str(day.year) in alt and maps.TREATY_TITLES[treaty] in alt
    # the legend the picture prints carries the same numbers
    assert f"Party ({expected['party']})" in frame.legend_labels()


def test_ottawa_on_the_as_of_date_has_the_lessons_numbers(by_key) -> None:
    alt = by_key[("ottawa", AS_OF)].alt()
    assert "Number of states (of 197): Party 162; Signed, not ratified 0; Withdrew 4; " \
           "Not joined 31." in alt


def test_before_the_ccm_opened_the_map_says_so(by_key) -> None:
    frame = by_key[("ccm", dt.date(2007, 12, 31))]
    assert frame.error and "before" in frame.error
    assert set(frame.categories.values()) == {maps.NO_DATA}
    assert "no status on 31 December 2007" in frame.title
    assert "no status on 31 December 2007" in frame.alt()
    assert by_key[("ccm", dt.date(2008, 12, 31))].error is None


def test_the_data_file_is_a_global_assignment_of_json(frames) -> None:
    text = site_maps.data_js(site_maps.manifest(frames))
    prefix = f"window.{site_maps.GLOBAL_NAME} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    data = json.loads(text[len(prefix):].strip().removesuffix(";"))
    assert data == site_maps.parse_data_js(text)
    assert data["default"] == {"treaty": "ottawa", "date": AS_OF.isoformat()}
    assert [t["code"] for t in data["treaties"]] == ["ottawa", "ccm"]
    assert [d["date"] for d in data["dates"]] == [d.isoformat() for d in
                                                  maps.year_end_dates(AS_OF)]
    assert len(data["images"]) == 2 * len(data["dates"])
    for image in data["images"]:
        assert image["file"] == f"{image['treaty']}_{image['date']}.png"
        assert image["alt"].startswith("World map") and len(image["alt"]) > 80
    record = next(i for i in data["images"] if i["treaty"] == "ccm"
                  and i["date"] == AS_OF.isoformat())
    ccm = treaties.counts("ccm", AS_OF)
    assert record["counts"]["Party"] == ccm["party"]
    assert record["counts"]["Signed, not ratified"] == ccm["signatory"]
    with pytest.raises(ValueError):
        site_maps.parse_data_js("var other = {};")


def _decoded(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def test_pictures_are_the_widgets_own(tmp_path) -> None:
    """Two maps drawn as the site draws them equal the widget's picture for that stop: the
    styles' colours exactly, the rest within the palette's rounding."""
    iso3 = list(geo.load_countries()["iso3"])
    wanted = [site_maps.frame("ottawa", "1999-12-31", iso3),
              site_maps.frame("ccm", "2019-12-31", iso3)]
    opening = site_maps.frame("ottawa", AS_OF, iso3)
    sizes = site_maps.render(wanted, tmp_path, opening=opening)
    assert set(sizes) == {f.file for f in wanted}

    widget = maps.interactive_map(treaties.status, AS_OF)
    treaty, when = widget.children[0], widget.children[1]
    exact = np.array(site_maps.style_colours())
    for frame in wanted:
        treaty.value, when.value = frame.treaty, frame.day
        expected = np.asarray(widget.raster.frame(crop=True))
        got = _decoded(tmp_path / frame.file)
        assert got.shape == expected.shape
        assert sizes[frame.file] == (expected.shape[1], expected.shape[0])
        styled = (expected[:, :, None, :] == exact[None, None]).all(axis=3).any(axis=2)
        assert styled.mean() > 0.3  # fills, white; the ocean is not a style colour
        assert (got[styled] == expected[styled]).all(), "a style colour changed"
        assert np.abs(got.astype(int) - expected).mean() < 1.0


def test_palette_png_is_lossless_for_few_colours_and_keeps_asked_colours() -> None:
    rng = np.random.default_rng(0)
    few = rng.choice(np.array([[0, 114, 178], [240, 228, 66], [255, 255, 255]], np.uint8),
                     size=(20, 30))
    assert (_decoded(io.BytesIO(site_maps.palette_png(few))) == few).all()
    many = rng.integers(0, 256, size=(40, 40, 3), dtype=np.uint8)
    many[:20] = (213, 94, 0)  # vermillion, asked to stay exact
    out = _decoded(io.BytesIO(site_maps.palette_png(many, exact=[(213, 94, 0)])))
    assert (out[:20] == (213, 94, 0)).all()
    assert len(np.unique(out.reshape(-1, 3), axis=0)) <= site_maps.PALETTE_SIZE
