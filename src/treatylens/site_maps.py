"""Lesson 03's interactive map on the course website, without a kernel.

In JupyterLab, `charts.maps.interactive_map` recolours one world map for every treaty and
slider stop. A web page has no Python behind it, so the site shows the same pictures drawn in
advance: one PNG for every stop of the widget's slider (31 December of each year from 1997,
then the data's as-of date) and for both treaties, made by the widget's own code
(`maps.WorldMap` shown through `charts.map_raster.RasterMap`, titled and categorised as
`interactive_map` does), so colours, legend and counts are the notebook's. A small script in
`site/_static/` swaps the pictures when the reader moves a range input or picks a treaty.

What is written into `out_dir`:

- `<treaty>_<date>.png` for every frame: a palette PNG (256 colours). Every colour of the
  map's styles, and the picture's most frequent colours, are kept exactly; the remaining
  antialiasing shades take the nearest of the 256 (about 0.2 of 255 per pixel on average).
  About 60 kB a frame instead of 130-150 kB.
- `maps-data.js`: `window.TREATYLENS_LESSON03_MAPS = {...};`, one JSON object with the
  treaties, the dates and, per picture, treaty, date, file, size, counts and alt text. A
  script sets a global rather than the page fetching JSON: a page opened from a file
  (file://) may not fetch.

`frames()` computes every frame's categories and texts without drawing (for tests and the
alt text); `render()` draws them; `build()` does both and writes the data file. From the
command line: `python -m treatylens.site_maps OUT_DIR`.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from PIL import Image

from treatylens import geo, statehood, treaties
from treatylens.charts import map_raster, maps
from treatylens.dates import as_date
from treatylens.labels import format_date

TREATIES: tuple[str, ...] = ("ottawa", "ccm")  # interactive_map's treaties, in its order
FIRST_YEAR = 1997  # interactive_map's first slider stop: 31 December 1997
DATA_FILE = "maps-data.js"
GLOBAL_NAME = "TREATYLENS_LESSON03_MAPS"
PALETTE_SIZE = 256
TOP_COLOURS = 64  # the most frequent colours of a picture, kept exactly besides the styles'

StatusFn = Callable[[str, dt.date], pd.DataFrame]


def default_as_of() -> dt.date:
    """The slider's last stop, as lesson 03 sets it: `AS_OF = treaties.data_as_of("ottawa")`."""
    return treaties.data_as_of("ottawa")


@dataclass(frozen=True)
class Frame:
    """One picture of the widget: a treaty on a date, with every state's category.

    `error` is set, and every state is "no data", when the treaty had no status on the date
    (the Convention on Cluster Munitions before it opened for signature), as the widget shows.
    """

    treaty: str
    day: dt.date
    title: str
    categories: Mapping[str, str]
    error: str | None = None

    @property
    def file(self) -> str:
        return f"{self.treaty}_{self.day.isoformat()}.png"

    def counts(self) -> dict[str, int]:
        """States per category of the map's legend, in legend order, zeros included."""
        tally = collections.Counter(self.categories.values())
        return {key: int(tally.get(key, 0)) for key in maps.STATUS_STYLES}

    def legend_labels(self) -> list[str]:
        """The legend's entries as the map prints them: 'Party (162)', …"""
        return maps.legend_labels(self.categories, maps.STATUS_STYLES)

    def alt(self) -> str:
        """Alt text: what the map shows, with the legend's counts, computed from the data."""
        name = maps.TREATY_TITLES.get(self.treaty, self.treaty)
        if self.error is not None:
            return (f"World map, Equal Earth projection: {name}, no status on "
                    f"{format_date(self.day)}: {self.error}. All {len(self.categories)} "
                    "states are drawn as no data.")
        counts = self.counts()
        parts = [f"{maps.STATUS_STYLES[key].label} {n}" for key, n in counts.items()
                 if n or key not in (statehood.NOT_YET, maps.NO_DATA)]
        # The legend's heading without its note on markers, which ends the alt text instead.
        head = maps.legend_title(self.categories).split("; states too small")[0]
        return (f"World map, Equal Earth projection: {name}, status on "
                f"{format_date(self.day)}. {head}: {'; '.join(parts)}. Each category has its "
                "own colour and hatching; states too small to see are drawn as markers, "
                "whose shape also gives the category.")

    def record(self) -> dict[str, object]:
        """What the page's script needs about this picture (JSON-ready)."""
        return {
            "treaty": self.treaty,
            "date": self.day.isoformat(),
            "label": format_date(self.day),
            "file": self.file,
            "alt": self.alt(),
            "counts": {maps.STATUS_STYLES[k].label: n for k, n in self.counts().items()},
            "error": self.error,
        }


def stops(as_of: dt.date | str | None = None, first_year: int = FIRST_YEAR) -> list[dt.date]:
    """The widget's slider stops: `maps.year_end_dates`, ending on the as-of date."""
    return maps.year_end_dates(as_date(as_of) if as_of is not None else default_as_of(),
                               first_year)


def frame(treaty: str, day: dt.date | str, iso3: Sequence[str],
          status_fn: StatusFn = treaties.status) -> Frame:
    """The widget's picture for `treaty` on `day`, as categories and title, without drawing.

    The same steps as `interactive_map`'s redraw: the status table, states that did not
    exist yet marked "not yet a state", states missing from the table "no data"; a
    ValueError from `status_fn` (no status on that date) gives an all-"no data" map whose
    title says why.
    """
    day = as_date(day)
    name = maps.TREATY_TITLES.get(treaty, treaty)
    try:
        table = status_fn(treaty, day)
    except ValueError as error:
        # The title shortens the message as the widget does; the alt text keeps it whole.
        return Frame(treaty, day,
                     f"{name}\nno status on {format_date(day)}: {maps._short(error)}",
                     dict.fromkeys(iso3, maps.NO_DATA), error=str(error).split(";")[0])
    table = statehood.mark_not_yet_states(table, day, column="status")
    categories = maps.categories_by_state(table, list(iso3), "status", maps.STATUS_STYLES)
    return Frame(treaty, day, f"{name}\nstatus on {format_date(day)}", categories)


def frames(as_of: dt.date | str | None = None, treaty_codes: Iterable[str] = TREATIES,
           iso3: Sequence[str] | None = None, status_fn: StatusFn = treaties.status,
           ) -> list[Frame]:
    """Every picture of the widget: each treaty (outer) at each slider stop (inner)."""
    codes = list(geo.load_countries()["iso3"]) if iso3 is None else list(iso3)
    days = stops(as_of)
    return [frame(treaty, day, codes, status_fn) for treaty in treaty_codes for day in days]


# --- drawing ------------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(round(v * 255) for v in to_rgb(colour))  # type: ignore[return-value]


def style_colours() -> list[tuple[int, int, int]]:
    """Every colour the map's categories and areas are painted in: kept exact in the PNGs."""
    colours = []
    for style in maps.STYLES.values():
        colours += [_rgb(style.color), _rgb(style.hatch_color)]
    colours += [_rgb(c) for c in (maps.OTHER_AREA_COLOR, maps.EDGE_COLOR, maps.BORDER_COLOR,
                                  "#000000")]
    return list(dict.fromkeys(colours))


def palette_png(rgb: np.ndarray, exact: Sequence[tuple[int, int, int]] = ()) -> bytes:
    """An 8-bit palette PNG of an H×W×3 uint8 picture.

    Lossless when the picture has at most 256 colours. Otherwise the palette is `exact`
    (each kept as it is), then the picture's most frequent colours, then median-cut colours
    for the rest, and every pixel takes the nearest palette colour (no dithering, so flat
    areas stay flat).
    """
    height, width = rgb.shape[:2]
    packed = (rgb[..., 0].astype(np.uint32) << 16 | rgb[..., 1].astype(np.uint32) << 8
              | rgb[..., 2].astype(np.uint32)).ravel()
    colours, inverse, counts = np.unique(packed, return_inverse=True, return_counts=True)
    if len(colours) <= PALETTE_SIZE:
        palette = [int(c) for c in colours]
    else:
        frequent = colours[np.argsort(-counts, kind="stable")[:TOP_COLOURS]]
        keep = list(dict.fromkeys([r << 16 | g << 8 | b for r, g, b in exact]
                                  + [int(c) for c in frequent]))[:PALETTE_SIZE]
        rest = PALETTE_SIZE - len(keep)
        if rest:
            cut = Image.fromarray(rgb).quantize(rest, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
            values = np.array(cut.getpalette()[:3 * rest]).reshape(-1, 3)
            keep += [int(r) << 16 | int(g) << 8 | int(b) for r, g, b in values]
        palette = keep
    pal = np.array([[c >> 16 & 255, c >> 8 & 255, c & 255] for c in palette], dtype=np.int32)
    unique_rgb = np.stack([colours >> 16 & 255, colours >> 8 & 255, colours & 255],
                          axis=1).astype(np.int32)
    nearest = np.empty(len(colours), dtype=np.uint8)
    for start in range(0, len(colours), 4096):  # distance blocks of 4096 × 256
        block = unique_rgb[start:start + 4096]
        distance = ((block[:, None, :] - pal[None, :, :]) ** 2).sum(axis=2)
        nearest[start:start + 4096] = distance.argmin(axis=1)
    image = Image.fromarray(nearest[inverse.ravel()].reshape(height, width), mode="P")
    image.putpalette(pal.astype(np.uint8).ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render(frame_list: Iterable[Frame], out_dir: Path, opening: Frame | None = None,
           ) -> dict[str, tuple[int, int]]:
    """Draw each frame with the widget's map and write its PNG; returns file → (width, height).

    One `RasterMap` over one `WorldMap` with the status styles, as `interactive_map` builds
    it, recoloured frame by frame: the picture is the one the widget's Image would show.
    The WorldMap lays itself out on its first update, and the widget's first is its opening
    picture (first treaty, last stop): that is drawn first, `opening` if given, else the
    list's first treaty at its last date, so that every picture has the widget's layout.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    raster = map_raster.RasterMap(maps.WorldMap(styles=maps.STATUS_STYLES))
    exact = style_colours()
    sizes = {}
    ordered = list(frame_list)
    if opening is None and ordered:
        last = max(f.day for f in ordered)
        opening = next(f for f in ordered if f.treaty == ordered[0].treaty and f.day == last)
    if opening is not None:
        raster.update(dict(opening.categories), opening.title)
    for item in ordered:
        raster.update(dict(item.categories), item.title)
        picture = np.asarray(raster.frame(crop=True))
        (out_dir / item.file).write_bytes(palette_png(picture, exact))
        sizes[item.file] = (int(picture.shape[1]), int(picture.shape[0]))
    return sizes


# --- the data file ------------------------------------------------------------------------------


def manifest(frame_list: Sequence[Frame], sizes: Mapping[str, tuple[int, int]] | None = None,
             ) -> dict[str, object]:
    """The JSON object the page's script reads: treaties, dates, default and one record per
    picture (with its width and height when `sizes` is given)."""
    if not frame_list:
        raise ValueError("no frames: nothing to show")
    codes = list(dict.fromkeys(f.treaty for f in frame_list))
    days = sorted({f.day for f in frame_list})
    images = []
    for item in frame_list:
        record = item.record()
        if sizes is not None:
            record["width"], record["height"] = sizes[item.file]
        images.append(record)
    return {
        "as_of": days[-1].isoformat(),
        "default": {"treaty": codes[0], "date": days[-1].isoformat()},
        "treaties": [{"code": c, "title": maps.TREATY_TITLES.get(c, c)} for c in codes],
        "dates": [{"date": d.isoformat(), "label": format_date(d)} for d in days],
        "images": images,
    }


def data_js(data: Mapping[str, object]) -> str:
    """`window.<GLOBAL_NAME> = {...};` with the manifest as JSON (ASCII, one line)."""
    return f"window.{GLOBAL_NAME} = {json.dumps(data, sort_keys=True)};\n"


_ASSIGNMENT = re.compile(r"^\s*window\.(\w+)\s*=\s*(.*?);?\s*$", re.DOTALL)


def parse_data_js(text: str) -> dict[str, object]:
    """The manifest back from `data_js`'s text (strip the assignment, read the JSON)."""
    match = _ASSIGNMENT.match(text)
    if match is None or match.group(1) != GLOBAL_NAME:
        raise ValueError(f"not a window.{GLOBAL_NAME} = ...; assignment")
    return json.loads(match.group(2))


def build(out_dir: Path, as_of: dt.date | str | None = None) -> dict[str, object]:
    """Draw every frame into `out_dir` and write its data file; returns the manifest."""
    out_dir = Path(out_dir)
    frame_list = frames(as_of)
    sizes = render(frame_list, out_dir)
    data = manifest(frame_list, sizes)
    (out_dir / DATA_FILE).write_text(data_js(data), encoding="utf-8")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Draw lesson 03's maps for every slider stop and write their data file.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--as-of", default=None, help="last stop (default: the data's as-of)")
    args = parser.parse_args(argv)
    data = build(args.out_dir, args.as_of)
    total = sum(p.stat().st_size for p in args.out_dir.glob("*.png"))
    print(f"{len(data['images'])} maps, {total / 1e6:.1f} MB, in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
