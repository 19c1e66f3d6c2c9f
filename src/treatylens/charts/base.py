"""Footnotes that stay inside the figure: wrapped to its width, with room kept for them.

A note placed below the axes with a negative y, or one line longer than the figure, is cut
when the figure is exported, silently. Here the note is wrapped to the figure's width and
the constrained layout is told to leave a strip at the bottom for it, so the saved PNG shows
every word (tests/test_figures.py checks every exported figure's bounds).
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

NOTE_FONTSIZE = 8.5  # footnotes: 7 pt was too small to read on a printed page


def wrap_note(text: str, width_in: float, fontsize: float = NOTE_FONTSIZE) -> str:
    """`text` broken into lines that fit `width_in` inches of figure at `fontsize` points.

    An average character of the default sans-serif is about 0.55 em wide; 0.6 em leaves a
    margin, so a footnote is never cut at the figure's edges. Paragraph breaks ("\\n") in
    `text` are kept.
    """
    chars = max(20, int(width_in * 72 / (fontsize * 0.6)))
    return "\n".join(line for part in text.split("\n") for line in textwrap.wrap(part, chars))


def add_footnote(fig: Figure, text: str, fontsize: float = NOTE_FONTSIZE,
                 color: str = "#555555") -> Figure:
    """Write `text` at the bottom of `fig`, inside the canvas, and keep the axes above it.

    Works with a constrained layout (the strip is reserved through the layout's `rect`); with
    no layout engine the subplots are moved up by hand.
    """
    width_in, height_in = fig.get_size_inches()
    wrapped = wrap_note(text, width_in * 0.96, fontsize)
    strip = (wrapped.count("\n") + 1) * fontsize * 1.3 / 72 / height_in + 0.015
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, strip, 1, 1 - strip))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, strip + 0.06))
    fig.text(0.01, 0.005, wrapped, ha="left", va="bottom", fontsize=fontsize, color=color,
             linespacing=1.2)
    return fig
