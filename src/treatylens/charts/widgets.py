"""A matplotlib figure shown as an `ipywidgets.Image`, redrawn in place, with no Output widget.

Why not `ipywidgets.interactive` (or an `Output` widget with `display(fig)` inside it): headless
runners cannot take it reliably. nbclient, which nbconvert, otter-grader and the course's
benchmarks use, imitates a browser's Output widget: each time the kernel displays something
into one while a cell runs, nbclient writes a `comm_msg` back to the kernel on the shell
channel, from inside its IOPub handler, while it is still waiting on that same channel for the
cell's `execute_reply`. In about a third of runs the reply's wake-up is then lost, and nbclient
notices the reply only when its wait times out: the cell takes exactly the cell timeout and
then goes on without an error (issue 9, item 24; upstream jupyter/nbclient#312; measured in
`benchmarks/soak_lessons.py`). A minimal notebook with `interactive` and one image stalled in
9 of 30 runs; the same with nbclient's write-back disabled, or with an `Image` widget instead
of the `Output` widget, in 0 of 30.

An `Image` widget carries the picture as widget state: building and updating it sends only
`comm_open`/`comm_msg` from the kernel, and the client has nothing to write back. It also swaps
the picture without the flicker of `clear_output`.
"""

from __future__ import annotations

import io

import ipywidgets
from matplotlib.figure import Figure


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, cropped as the notebook's inline backend crops it.

    `bbox_inches="tight"` and the figure's own dpi are what `%matplotlib inline` uses, so the
    widget shows the same picture as the static figure printed under it. No `Software`
    metadata: equal figures give equal bytes, and an unchanged map is not re-sent.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight",
                metadata={"Software": None})
    return buffer.getvalue()


def figure_image(fig: Figure) -> ipywidgets.Image:
    """An `Image` widget showing `fig` now; call `refresh` after changing the figure."""
    return ipywidgets.Image(value=figure_png(fig), format="png",
                            layout=ipywidgets.Layout(max_width="100%", height="auto"))


def refresh(image: ipywidgets.Image, fig: Figure) -> None:
    """Redraw `fig` into `image` (ipywidgets sends the new picture only if it differs)."""
    image.value = figure_png(fig)
