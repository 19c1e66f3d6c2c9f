"""The world map rasterised once and recoloured with lookup tables: a slider step in milliseconds.

`maps.WorldMap` recolours its 197 state patches in place, but every picture the widget shows
still has Agg rasterise all of them, hatches included, and `figure_png`'s tight crop draws the
figure twice: about 270-360 ms a step. Almost none of those pixels depend on the date. The
shapes, their borders, the ocean, the other areas and the footnote stay where they are; only
each state's colour and hatch, the small-state markers, the legend counts and the title change.

`RasterMap` therefore renders the WorldMap's own figure with Agg once, in separate passes
(switching artists off and restyling the state patches, then restoring them), and keeps:

- **background**: the figure without states, markers, legend or title (ocean outline, other
  areas, footnote);
- **label image**: every state filled with a colour that encodes its number, antialiasing off,
  so each pixel says which state it belongs to; with it, how much of each pixel the states
  cover (an antialiased pass), so that fills fade into the sea as Agg's do;
- **borders**: the state outlines alone, as an RGBA overlay;
- **hatches**: one RGBA overlay per (hatch, hatch colour) of the styles: a rectangle over the
  whole axes hatched that way. Agg tiles a hatch from the device origin, whatever the shape,
  so this tiling lines up with the hatching of each patch.

From these, each *look* (fill colour + hatch) is blended once for every state pixel. A frame
is then one gather (each state pixel from its state's look) and a **dynamic** overlay that Agg
still renders on every step: markers, leader lines, legend and title on a transparent canvas.
Those are what change with the date; their text and the legend's hatched swatches are most of
that draw's cost, so the renderer keeps each text line and swatch it has drawn, by content
and position, and pastes it back when the same one comes again (the legend's heading, the
unchanged counts, the treaty's name). The PNG is written with zlib directly (see
`PNG_ZLIB_LEVEL`).

The categories, legend labels, "not yet a state" and the errors are `WorldMap.update`'s own: a
frame calls it first, so the vector figure and the raster always agree, and a category the
WorldMap would refuse is refused before any pixel changes.

Known, small differences from an Agg draw of the same figure (measured in
`tests/test_map_raster.py`, mean 0.2-0.3 of 255 per channel): a pixel shared by two
neighbouring states takes one state's colour rather than a mix (the white border line covers
most of these); all borders are laid over all fills, where Agg draws fill, hatch and edge state
by state; blending rounds differently by a level or so. Against `figure_png` the picture has
the same size but may sit a fraction of a pixel apart, because savefig's tight crop shifts the
figure by a fractional amount before drawing it again.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import os
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import ipywidgets
import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Transform

from treatylens.charts import maps  # the only line to change if maps moves again

__all__ = ["RasterMap", "raster_image_widget", "refresh"]

# zlib level 1 and no PNG row filter, written with the standard library: measured on the
# 999×628 frame, 7.6 ms and 156 kB on one thread (3.5 ms on two, see `_encode_png`), where
# Pillow at compress_level=1 took 15 ms for 190 kB (it tries every row filter per row, which
# flat map colours do not need). No chunks but IHDR, IDAT, IEND: equal frames, equal bytes.
PNG_ZLIB_LEVEL = 1
CUT_CACHE_SIZE = 512  # text lines and swatches kept (a few kB each); a slider needs hundreds
HatchKey = tuple[str, tuple[float, float, float, float]]  # hatch pattern, RGBA hatch colour
Look = tuple[tuple[float, float, float], HatchKey | None]  # fill colour, hatch if any


# --- overlays: the visible pixels of an RGBA layer ----------------------------------------------


_PIXEL = np.dtype((np.void, 3))  # one RGB pixel as a single element


def _put_rows(rgb: np.ndarray, where: np.ndarray, values: np.ndarray) -> None:
    """`rgb[where] = values` for N×3 uint8 arrays, about five times faster.

    NumPy's fancy assignment of rows goes element by element; viewing each 3-byte pixel as
    one opaque element turns it into a flat `np.put`.
    """
    np.put(rgb.view(_PIXEL).reshape(-1), where,
           np.ascontiguousarray(values).view(_PIXEL).reshape(-1))


def _visible(rgba: np.ndarray) -> np.ndarray:
    """Flat indices of the pixels with non-zero alpha in an H×W×4 (or N×4) uint8 array.

    On little-endian machines the four bytes are read as one uint32 whose top byte is alpha,
    four times faster than testing the alpha channel through a strided view.
    """
    flat = np.ascontiguousarray(rgba).reshape(-1, 4)
    if sys.byteorder == "little":
        return np.flatnonzero(flat.view(np.uint32).ravel() >= 1 << 24)
    return np.flatnonzero(flat[:, 3])


@dataclass(frozen=True)
class _Overlay:
    """The non-transparent pixels of an RGBA overlay, ready to blend: where and how much.

    `where` indexes a flat pixel array; `premultiplied` is colour × alpha (0..65025) and
    `keep` is 255 − alpha, so blending is one multiply-add per channel in integers.
    """

    where: np.ndarray
    premultiplied: np.ndarray
    keep: np.ndarray

    @classmethod
    def from_rgba(cls, rgba: np.ndarray, among: np.ndarray | None = None) -> _Overlay:
        """The overlay's visible pixels, of the whole image or only of the flat indices `among`
        (then `where` indexes `among`).

        Agg's buffer holds straight (not premultiplied) alpha, so colour × alpha is computed
        here once rather than on every frame.
        """
        flat = rgba.reshape(-1, 4)
        candidates = flat if among is None else np.take(flat, among, axis=0)
        where = _visible(candidates)
        pixels = np.take(candidates, where, axis=0).astype(np.uint16)
        alpha = pixels[:, 3:4]
        return cls(where=where, premultiplied=pixels[:, :3] * alpha, keep=255 - alpha)

    def blend_into(self, rgb: np.ndarray) -> None:
        """Composite the overlay over the flat N×3 uint8 `rgb`, in place ("over", rounded)."""
        below = np.take(rgb, self.where, axis=0).astype(np.uint16)
        blended = (self.premultiplied + below * self.keep + 127) // 255
        _put_rows(rgb, self.where, blended.astype(np.uint8))


# --- an Agg renderer that draws each distinct text line and hatched swatch once -------------

Cut = tuple[int, int, np.ndarray]  # top row, left column, RGBA pixels (straight alpha)


def _gc_key(gc: GraphicsContextBase) -> tuple:
    """What of a graphics context changes the pixels of a text line or a hatched patch."""
    clip = gc.get_clip_rectangle()
    hatch = gc.get_hatch()
    return (
        tuple(gc.get_rgb()), gc.get_alpha(), gc.get_forced_alpha(), gc.get_antialiased(),
        gc.get_linewidth(), gc.get_joinstyle(), gc.get_capstyle(), gc.get_snap(),
        repr(gc.get_dashes()), gc.get_sketch_params(),
        None if clip is None else tuple(clip.bounds),
        hatch, None if hatch is None else tuple(gc.get_hatch_color()),
        None if hatch is None else gc.get_hatch_linewidth(),
    )


class _CachingRenderer(RendererAgg):
    """`RendererAgg` that keeps the text lines and hatched patches it draws, by content and
    position, and pastes them back when they are drawn again.

    Matplotlib 3.11 shapes and renders text glyph by glyph, and Agg rebuilds a hatch pattern
    for every hatched patch; the legend (text and hatched swatches) and the title are most
    of the dynamic overlay's cost, and most of them do not change between two dates. Each
    is drawn once into a scratch renderer, cut out to its bounding box, and composited
    ("over", straight alpha, as Agg composites) when the same thing is drawn at the same
    place with the same font, colours and line properties. Anything with a clip path, and
    mathtext, is drawn normally.
    """

    def __init__(self, width: int, height: int, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._scratch = RendererAgg(width, height, dpi)
        self._cuts: collections.OrderedDict[tuple, Cut] = collections.OrderedDict()

    def draw_text(self, gc: GraphicsContextBase, x: float, y: float, s: str,
                  prop: FontProperties, angle: float, ismath: bool | str = False,
                  mtext: Text | None = None) -> None:
        if ismath or gc.get_clip_path()[0] is not None:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = (
            "text", s, x, y, angle, _gc_key(gc),
            tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
            getattr(mtext, "get_fontfeatures", lambda: None)(),
            getattr(mtext, "get_language", lambda: None)(),
            mpl.rcParams["text.hinting"], mpl.rcParams["text.hinting_factor"],
        )
        self._paste(key, lambda r: RendererAgg.draw_text(r, gc, x, y, s, prop, angle,
                                                         False, mtext))
        return None

    def draw_path(self, gc: GraphicsContextBase, path: MplPath, transform: Transform,
                  rgbFace: tuple[float, ...] | None = None) -> None:
        if gc.get_hatch() is None or gc.get_clip_path()[0] is not None:
            return super().draw_path(gc, path, transform, rgbFace)
        key = (
            "path", path.vertices.tobytes(),
            None if path.codes is None else path.codes.tobytes(),
            transform.get_matrix().tobytes(),
            None if rgbFace is None else tuple(rgbFace), _gc_key(gc),
        )
        self._paste(key, lambda r: RendererAgg.draw_path(r, gc, path, transform, rgbFace))
        return None

    def _paste(self, key: tuple, draw: Callable[[RendererAgg], None]) -> None:
        cut = self._cuts.get(key)
        if cut is None:
            cut = self._cut_out(draw)
            self._cuts[key] = cut
            if len(self._cuts) > CUT_CACHE_SIZE:
                self._cuts.popitem(last=False)
        else:
            self._cuts.move_to_end(key)
        top, left, image = cut
        if not image.size:
            return
        height, width = image.shape[:2]
        below = np.asarray(self.buffer_rgba())[top:top + height, left:left + width]
        if not below[..., 3].any():  # the usual case, nothing under it yet: "over" = copy
            below[...] = image
            return
        src_a = image[..., 3:4].astype(np.float32) / 255
        dst_a = below[..., 3:4].astype(np.float32) / 255
        out_a = src_a + dst_a * (1 - src_a)
        weighted = image[..., :3] * src_a + below[..., :3] * (dst_a * (1 - src_a))
        rgb = np.divide(weighted, out_a, out=np.zeros_like(weighted), where=out_a > 0)
        below[..., :3] = np.rint(rgb).astype(np.uint8)
        below[..., 3:] = np.rint(out_a * 255).astype(np.uint8)

    def _cut_out(self, draw: Callable[[RendererAgg], None]) -> Cut:
        scratch = self._scratch
        scratch.clear()
        draw(scratch)
        rgba = np.asarray(scratch.buffer_rgba())
        drawn = _visible(rgba)
        if not len(drawn):
            return 0, 0, np.zeros((0, 0, 4), np.uint8)
        rows, cols = np.divmod(drawn, rgba.shape[1])
        top, left = int(rows.min()), int(cols.min())
        return top, left, rgba[top:rows.max() + 1, left:cols.max() + 1].copy()


# --- the layers rendered once ------------------------------------------------------------------


@dataclass
class _Layers:
    """Everything rendered once: what does not change when only the categories do.

    A *look* is one (fill colour, hatch, hatch colour): `looks` holds, for each look met so
    far, the colour every state pixel would have if its state had that look, hatch and
    border already blended in. A frame then picks each state pixel from its state's look.
    """

    background: np.ndarray  # H×W×3 uint8, opaque; borders already blended where no state is
    state_pixels: np.ndarray  # flat indices of the pixels a state covers
    state_of_pixel: np.ndarray  # for each of those, the state's index in `codes`
    coverage: np.ndarray  # for each, how much of it the states cover (N×1 float32, 0..1)
    ground: np.ndarray  # for each, the background under it (N×3 float32)
    codes: tuple[str, ...]  # state codes in label order (label = index + 1)
    borders: _Overlay  # state outlines over state pixels (`where` indexes state_pixels)
    crop: tuple[int, int, int, int]  # left, top, right, bottom in canvas pixels (tight box)
    renderer: _CachingRenderer  # draws every frame's dynamic overlay
    layout: tuple[float, ...]  # axes position, figure size and dpi the pixels belong to
    hatches: dict[HatchKey, _Overlay] = field(default_factory=dict)  # `where` as borders
    look_ids: dict[Look, int] = field(default_factory=dict)
    look_of_style: dict[maps.Style, int] = field(default_factory=dict)  # a shortcut
    looks: np.ndarray = field(default_factory=lambda: np.empty((0, 3), np.uint8))


def _layout_of(world: maps.WorldMap) -> tuple[float, ...]:
    fig = world.figure
    return (*world.ax.get_position().bounds, *fig.get_size_inches(), fig.dpi)


class RasterMap:
    """A `maps.WorldMap` shown as a picture composed from rasters made once.

    Build it on a WorldMap that owns its figure (the default): the WorldMap freezes its
    layout on its first `update`, and only then can pixels be reused between frames. The
    rasters are made on the first `update` here, at the figure's own dpi (the dpi the
    widget's `figure_png` uses): the first frame costs about 0.3 s (one ordinary draw per
    pass), later ones 35-40 ms with the PNG (`benchmarks/map_update.py`), of which
    `WorldMap.update` itself is about 12 ms. Should the map ever move (the WorldMap lowers it
    when a title grows a line) or the figure change size or dpi, the rasters are made again.
    """

    def __init__(self, world: maps.WorldMap) -> None:
        self.world = world
        self._layers: _Layers | None = None
        self._frame: np.ndarray | None = None
        self._png: bytes | None = None

    @property
    def figure(self) -> mpl.figure.Figure:
        """The WorldMap's figure, which `update` keeps in step with the raster frame."""
        return self.world.figure

    def update(self, categories: Mapping[str, str], title: str) -> None:
        """Recolour every state from `categories` (iso3 → category) and retitle, as WorldMap does.

        A missing state or an unknown category raises ValueError before anything changes,
        in the raster and in the WorldMap alike.
        """
        world = self.world
        missing = set(world.iso3) - set(categories)
        if missing:  # WorldMap.update's check and message, made before it touches a patch
            raise ValueError(f"no category for: {sorted(missing)}")
        maps.colors_for(categories[code] for code in world.iso3)  # unknown → ValueError
        world.update(categories, title)
        if self._layers is None or self._layers.layout != _layout_of(world):
            self._layers = _render_layers(world)
        self._frame = _compose(self._layers, world, categories)
        self._png = None

    def show_table(
        self,
        table: pd.DataFrame,
        title: str,
        column: str = "status",
        as_of: dt.date | str | None = None,
    ) -> dict[str, str]:
        """Recolour from a table (columns iso3 and `column`); returns the categories used.

        `WorldMap.show_table`'s meaning exactly: with `as_of`, states that did not exist yet
        are "not yet a state"; states missing from the table are "no data".
        """
        categories = self.world.table_categories(table, column, as_of)
        self.update(categories, title)
        return categories

    def frame(self, crop: bool = False) -> np.ndarray:
        """The composed picture as an H×W×3 uint8 array (read-only).

        Uncropped it has the figure canvas's size and pixel grid, so it can be compared pixel
        by pixel with an ordinary Agg draw of the same figure; cropped, it is what `png`
        encodes.
        """
        if self._frame is None or self._layers is None:
            raise RuntimeError("nothing to show yet: call update() or show_table() first")
        frame = _cropped(self._frame, self._layers.crop) if crop else self._frame
        view = frame.view()
        view.flags.writeable = False
        return view

    @property
    def crop_box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the tight crop in canvas pixels, top row 0.

        It may reach past the canvas by the savefig padding; `frame(crop=True)` is white there.
        """
        if self._layers is None:
            raise RuntimeError("nothing to show yet: call update() or show_table() first")
        return self._layers.crop

    def png(self) -> bytes:
        """The frame as PNG bytes, cropped to the figure's tight box, for an Image widget.

        No timestamp or software chunk: equal frames give equal bytes, so ipywidgets does
        not resend an unchanged picture. Encoded once per frame.
        """
        if self._png is None:
            self._png = _encode_png(self.frame(crop=True))
        return self._png


def raster_image_widget(raster: RasterMap) -> ipywidgets.Image:
    """An `Image` widget showing the raster map's current frame; `refresh` it after updates.

    The same widget and layout as `charts.widgets.figure_image`, so swapping one for the other
    changes nothing the reader sees but the speed.
    """
    return ipywidgets.Image(value=raster.png(), format="png",
                            layout=ipywidgets.Layout(max_width="100%", height="auto"))


def refresh(image: ipywidgets.Image, raster: RasterMap) -> None:
    """Show the raster map's current frame in `image` (ipywidgets skips an unchanged picture)."""
    image.value = raster.png()


# --- rendering the layers once -----------------------------------------------------------------


def _draw(world: maps.WorldMap, renderer: RendererAgg) -> np.ndarray:
    """Draw the figure as it currently is (visibility and styles included) into `renderer`.

    Returns a view of the renderer's buffer, valid until it draws again. A renderer of its
    own, not the canvas's, so an ordinary draw of the WorldMap is not disturbed.
    """
    renderer.clear()
    world.figure.draw(renderer)
    return np.asarray(renderer.buffer_rgba())


def _draw_artists(artists: Iterable[Artist], renderer: RendererAgg) -> np.ndarray:
    """Only `artists`, in z-order, on a transparent canvas; a view of the renderer's buffer.

    The same as a figure draw with only these visible, but without switching some 230
    other artists off and on again on every frame (each switch notifies the axes and the
    figure). The layout is frozen and `WorldMap.update` has just placed the title, so
    drawing the artists one by one puts them where the figure does.
    """
    renderer.clear()
    for artist in sorted(artists, key=lambda a: a.get_zorder()):
        artist.draw(renderer)
    return np.asarray(renderer.buffer_rgba())


def _leaves(world: maps.WorldMap) -> list[Artist]:
    """The artists a pass switches on and off: the figure's, with the map's axes opened up."""
    fig = world.figure
    leaves: list[Artist] = []
    for child in fig.get_children():
        if child is fig.patch:
            continue
        if child is world.ax:
            leaves.extend(world.ax.get_children())
        else:
            leaves.append(child)
    return leaves


@contextlib.contextmanager
def _only_visible(world: maps.WorldMap, shown: Iterable[Artist],
                  background: bool) -> Iterator[None]:
    """Show only `shown` (and the figure's background patch if `background`); then restore."""
    shown = set(shown)
    artists = [world.figure.patch, *_leaves(world)]
    before = [a.get_visible() for a in artists]
    try:
        world.figure.patch.set_visible(background)
        for artist in artists[1:]:
            artist.set_visible(artist in shown)
        yield
    finally:
        for artist, visible in zip(artists, before, strict=True):
            artist.set_visible(visible)


@contextlib.contextmanager
def _restyled_states(world: maps.WorldMap, style: Mapping[str, object],
                     per_state: Mapping[str, Mapping[str, object]] | None = None
                     ) -> Iterator[None]:
    """Temporarily give every state patch `style` (and `per_state[code]`); then restore."""
    saved = {
        code: {
            "facecolor": patch.get_facecolor(), "edgecolor": patch.get_edgecolor(),
            "linewidth": patch.get_linewidth(), "hatch": patch.get_hatch(),
            "hatchcolor": patch.get_hatchcolor(), "antialiased": patch.get_antialiased(),
        }
        for code, patch in world.patches.items()
    }
    try:
        for code, patch in world.patches.items():
            patch.set(**style, **(per_state or {}).get(code, {}))
        yield
    finally:
        for code, patch in world.patches.items():
            patch.set(**saved[code])


def _label_color(label: int) -> str:
    """A fill colour that encodes `label` (1..16 777 215) in its red, green and blue bytes."""
    return f"#{label >> 16 & 0xFF:02x}{label >> 8 & 0xFF:02x}{label & 0xFF:02x}"


def _flatten_on_white(rgba: np.ndarray) -> np.ndarray:
    """RGB of a straight-alpha RGBA image laid on white (the widget's and the page's ground)."""
    rgb = rgba[..., :3].astype(np.uint16)
    alpha = rgba[..., 3:4].astype(np.uint16)
    return ((rgb * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)


def _hatch_key(style: maps.Style) -> HatchKey:
    return style.hatch, tuple(float(v) for v in to_rgba(style.hatch_color))


def _look(style: maps.Style) -> Look:
    return to_rgb(style.color), _hatch_key(style) if style.hatch else None


def _render_hatch(world: maps.WorldMap, layers: _Layers, key: HatchKey) -> _Overlay:
    """One hatch tiled over the whole axes, kept only where a state is.

    Drawn as a hatched, unfilled rectangle with the state patches' hatch line width; Agg
    starts every hatch tile at the device origin, so the lines fall exactly where a state
    patch with that hatch has them.
    """
    hatch, color = key
    rect = Rectangle((0, 0), 1, 1, transform=world.ax.transAxes, facecolor="none",
                     edgecolor="none", linewidth=0, hatch=hatch, hatchcolor=color)
    sample = next(iter(world.patches.values()), None)
    if sample is not None:
        rect.set_hatch_linewidth(sample.get_hatch_linewidth())
    rect.set_figure(world.figure)
    renderer = RendererAgg(layers.renderer.width, layers.renderer.height, world.figure.dpi)
    rect.draw(renderer)  # a plain renderer: the caching one would keep the whole rectangle
    return _Overlay.from_rgba(np.asarray(renderer.buffer_rgba()), among=layers.state_pixels)


def _look_id(world: maps.WorldMap, layers: _Layers, style: maps.Style) -> int:
    """The row block of `layers.looks` for this style's look, computed on first use.

    Every state pixel in the fill colour, then the hatch overlay, then the borders: the
    order Agg paints a state patch in (face, hatch, edge).
    """
    known = layers.look_of_style.get(style)
    if known is not None:
        return known
    look = _look(style)
    if look not in layers.look_ids:
        # As Agg paints an antialiased patch: the fill, and then the hatch, each weighted by
        # how much of the pixel the shape covers, over the background; then the border.
        cover = layers.coverage
        fill = np.array([round(255 * v) for v in look[0]], dtype=np.float32)
        rgb = fill * cover + layers.ground * (1 - cover)
        if look[1] is not None:
            if look[1] not in layers.hatches:
                layers.hatches[look[1]] = _render_hatch(world, layers, look[1])
            hatch = layers.hatches[look[1]]
            under = cover[hatch.where]
            alpha = (255 - hatch.keep) * under  # the hatch's alpha, times the cover
            rgb[hatch.where] = (hatch.premultiplied * under
                                + rgb[hatch.where] * (255 - alpha)) / 255
        rgb = np.rint(rgb).astype(np.uint8)
        layers.borders.blend_into(rgb)
        layers.look_ids[look] = len(layers.look_ids)
        layers.looks = np.concatenate([layers.looks, rgb])
    layers.look_of_style[style] = layers.look_ids[look]
    return layers.look_ids[look]


def _tight_crop(world: maps.WorldMap, renderer: RendererAgg) -> tuple[int, int, int, int]:
    """The box `savefig(bbox_inches="tight")` keeps, in canvas pixels (top row 0).

    Same size in pixels as `figure_png`'s picture: the padded tight box's width and height
    times the dpi, truncated, as Agg sizes its canvas. The box may reach past the canvas
    (the padding around a title near the top edge); `_cropped` fills that with white, as
    savefig does. Computed once, with the first frame's legend and title: the legend's
    counts change with the date, but the box is set by the map and the footnote.
    """
    fig = world.figure
    box = fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    dpi = fig.dpi
    # savefig shifts the figure by the box's lower-left corner and truncates the size, so
    # the picture is anchored at the box's left and bottom edges.
    left = round(box.x0 * dpi)
    bottom = round(renderer.height - box.y0 * dpi)
    return left, bottom - int(box.height * dpi), left + int(box.width * dpi), bottom


def _cropped(frame: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """`frame[top:bottom, left:right]`, white wherever the box lies outside the frame."""
    left, top, right, bottom = box
    height, width = frame.shape[:2]
    if left >= 0 and top >= 0 and right <= width and bottom <= height:
        return frame[top:bottom, left:right]
    out = np.full((bottom - top, right - left, 3), 255, dtype=np.uint8)
    src_top, src_bottom = (min(max(v, 0), height) for v in (top, bottom))
    src_left, src_right = (min(max(v, 0), width) for v in (left, right))
    if src_bottom > src_top and src_right > src_left:
        out[src_top - top:src_bottom - top, src_left - left:src_right - left] = (
            frame[src_top:src_bottom, src_left:src_right])
    return out


def _dynamic_artists(world: maps.WorldMap) -> list[Artist]:
    return [world.markers, world.leaders, world.legend, world.title]


def _draw_labels(world: maps.WorldMap, renderer: RendererAgg, style: Mapping[str, object],
                 per_state: Mapping[str, Mapping[str, object]]) -> np.ndarray:
    """The states alone, restyled, antialiasing off: each pixel's label (flat; 0 = none).

    A pixel counts only if opaque and its colour is a label: along the axes' clip edge the
    clip mask can leave partial, mixed colours, which belong to no state.
    """
    with (_only_visible(world, world.patches.values(), background=False),
          _restyled_states(world, {"hatch": "", "antialiased": False, **style}, per_state)):
        rgba = _draw(world, renderer)
        labels = (rgba[..., 0].astype(np.int32) << 16 | rgba[..., 1].astype(np.int32) << 8
                  | rgba[..., 2].astype(np.int32)).ravel()
        labels[(rgba[..., 3].ravel() != 255) | (labels > len(world.patches))] = 0
    return labels


def _render_layers(world: maps.WorldMap) -> _Layers:
    """Render background, label image, borders and hatches of the laid-out WorldMap, once."""
    fig = world.figure
    engine = fig.get_layout_engine()
    if isinstance(engine, mpl.layout_engine.ConstrainedLayoutEngine
                  | mpl.layout_engine.TightLayoutEngine):
        raise ValueError("the WorldMap's figure is laid out again on every draw, so its pixels "
                         "cannot be reused: build the WorldMap without ax= (it then freezes "
                         "its layout on the first update)")
    width, height = fig.bbox.size
    # The passes draw everything once: a plain renderer, so that the footnote is drawn as an
    # ordinary draw would; the caching one is kept for the dynamic overlay of every frame.
    renderer = RendererAgg(int(width), int(height), fig.dpi)
    states = list(world.patches.values())
    codes = tuple(world.patches)
    moving = set(states) | set(_dynamic_artists(world))
    static = [a for a in _leaves(world) if a not in moving]

    with _only_visible(world, static, background=True):
        background = _flatten_on_white(_draw(world, renderer))

    # Which state each pixel belongs to: the label image, antialiasing off, so a state's
    # pixel is opaque and exactly its label's colour. Pixels a shape only partly covers may
    # have their centre outside it; they take their label from a second image in which
    # every shape is grown by a 2-pixel outline. How much a shape covers each pixel comes
    # from a third, antialiased, image: the fills' edges are blended as Agg blends them.
    ids = [_label_color(i + 1) for i in range(len(codes))]
    exact = _draw_labels(world, renderer, {"edgecolor": "none", "linewidth": 0},
                         {code: {"facecolor": c} for code, c in zip(codes, ids, strict=True)})
    grown = _draw_labels(world, renderer, {"linewidth": 2 * 72 / fig.dpi},
                         {code: {"facecolor": c, "edgecolor": c}
                          for code, c in zip(codes, ids, strict=True)})
    with (_only_visible(world, states, background=False),
          _restyled_states(world, {"facecolor": "black", "edgecolor": "none", "linewidth": 0,
                                   "hatch": ""})):
        cover = _draw(world, renderer)[..., 3].ravel().copy()
    flat_labels = np.where(exact != 0, exact, np.where(cover > 0, grown, 0))
    state_pixels = np.flatnonzero(flat_labels)

    with (_only_visible(world, states, background=False),
          _restyled_states(world, {"facecolor": "none", "hatch": ""})):
        rgba = _draw(world, renderer)
        # Borders where no state is (coasts, the edge of other areas) never change colour:
        # blend them into the background now. Those over a state go into each look.
        outside = np.flatnonzero(flat_labels == 0)
        ground = np.take(background.reshape(-1, 3), outside, axis=0)
        _Overlay.from_rgba(rgba, among=outside).blend_into(ground)
        _put_rows(background.reshape(-1, 3), outside, ground)
        borders = _Overlay.from_rgba(rgba, among=state_pixels)

    crop = _tight_crop(world, renderer)
    layers = _Layers(
        background=background, state_pixels=state_pixels,
        state_of_pixel=(flat_labels[state_pixels] - 1).astype(np.intp), codes=codes,
        coverage=(cover[state_pixels, None] / np.float32(255)).astype(np.float32),
        ground=np.take(background.reshape(-1, 3), state_pixels, axis=0).astype(np.float32),
        borders=borders, crop=crop,
        renderer=_CachingRenderer(int(width), int(height), fig.dpi), layout=_layout_of(world),
    )
    for style in world.styles.values():  # the map's own looks now, any other when first met
        _look_id(world, layers, style)
    return layers


# --- composing and encoding a frame ------------------------------------------------------------


def _compose(layers: _Layers, world: maps.WorldMap, categories: Mapping[str, str]) -> np.ndarray:
    """One frame: each state pixel from its state's look, then the dynamic overlay.

    Per frame this is a lookup per state (under 200), one gather over the state pixels, and
    an Agg draw of the markers, leader lines, legend and title.
    """
    look_of_state = np.array(
        [_look_id(world, layers, maps.STYLES[categories[code]]) for code in layers.codes],
        dtype=np.intp)
    count = len(layers.state_pixels)
    rows = look_of_state[layers.state_of_pixel] * count + np.arange(count)

    frame = layers.background.copy()
    flat = frame.reshape(-1, 3)
    _put_rows(flat, layers.state_pixels, np.take(layers.looks, rows, axis=0))
    dynamic = _draw_artists(_dynamic_artists(world), layers.renderer)
    _Overlay.from_rgba(dynamic).blend_into(flat)
    return frame


def _encode_png(rgb: np.ndarray) -> bytes:
    """An 8-bit RGB PNG of `rgb` (H×W×3 uint8): signature, IHDR, one IDAT, IEND, nothing else.

    Every row uses filter type 0 (none); see `PNG_ZLIB_LEVEL` for why. The lower half of the
    rows is compressed on a worker thread while this one compresses the upper half: zlib
    lets go of the GIL, so on two cores this takes half the time. (Compressing the map's rows
    while the legend is still being drawn gained nothing: the drawing holds the GIL, and zlib
    needs it back each time its output grows.) The halves are fixed by the picture's height,
    so equal frames still give equal bytes.
    """
    height, width = rgb.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    data = rows.reshape(-1)  # a view: zlib reads it in place
    middle = height // 2 * rows.shape[1]
    lower = _worker().submit(_deflate, data[middle:], True)
    upper = _deflate(data[:middle], False)
    idat = b"".join([b"\x78\x01", upper, lower.result(), struct.pack(">I", zlib.adler32(data))])
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join([b"\x89PNG\r\n\x1a\n", _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", idat), _png_chunk(b"IEND", b"")])


def _deflate(data: np.ndarray, last: bool) -> bytes:
    """Raw deflate of one band of PNG rows; all but the last band end on a byte boundary
    (sync flush) without the final-block flag, so the bands can simply be concatenated."""
    compressor = zlib.compressobj(PNG_ZLIB_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else
                                                        zlib.Z_SYNC_FLUSH)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


_png_worker: concurrent.futures.ThreadPoolExecutor | None = None


def _worker() -> concurrent.futures.ThreadPoolExecutor:
    """One thread for compressing PNG rows (zlib lets go of the GIL while it works)."""
    global _png_worker
    if _png_worker is None:
        _png_worker = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="map_raster_png")
    return _png_worker


def _forget_png_worker() -> None:
    """In a forked child the worker thread does not exist: start a new one when needed."""
    global _png_worker
    _png_worker = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_png_worker)
