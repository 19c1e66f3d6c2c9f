"""Thin `ipywidgets` wrappers over lesson 06's calculations and charts.

Each view computes with `treatylens.risk` and draws the result with `treatylens.charts.risk`
(`dud_curve_chart(risk.dud_curve(...))`, `mines_timeline_chart(risk.mines_timeline(...))`).

Each widget offers only the controls that lesson 06 discusses, each bounded to the range the
lesson explains (`CONTROLS` lists them, and the tests sweep every control from its minimum to
its maximum). Why not hand the chart functions to `widgets.interactive` directly: it makes a
slider for *every* keyword argument with a default that is not wrapped in `widgets.fixed`, with
automatic ranges far outside 0–1, so students met `confidence` and `max_rate` sliders that
nobody meant to offer and that replaced the chart with a traceback at 1.15. Each widget
therefore wraps its calculation and chart in a small view function whose only parameters are
the offered controls, and that view turns an invalid setting into a one-line `InvalidSetting`
message instead of a traceback.

The chart is shown in an `ipywidgets.Image` through `treatylens.charts.widgets`, not in the
`Output` widget that `interactive` uses: an Output widget stalls headless runners (nbclient,
otter-grader) in about a third of runs; see `treatylens.charts.widgets` for the measurements.

In a notebook, show the static figure for the default values under each widget
(`dud_curve_chart(risk.dud_curve(10_000))`, `mines_timeline_chart(risk.mines_timeline(1_000))`)
so that printed handouts and the published site still make sense.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from treatylens import risk
from treatylens.charts.risk import dud_curve_chart, mines_timeline_chart
from treatylens.charts.widgets import figure_image, refresh

#: Slider ranges, shared by the widgets and the tests that sweep them.
SUBMUNITIONS_RANGE = (1_000, 100_000, 1_000)  # min, max, step: an illustrative count
RATE_RANGE = (0.0, 0.3, 0.0005)
MINES_RANGE = (100, 10_000, 100)
MINE_SHARE_RANGE = (0.0, 0.3, 0.001)

DEFAULT_SUBMUNITIONS = 10_000
DEFAULT_MINES = 1_000

#: The controls each widget offers, in order: (description, keyword of the view, range).
#: Anything the calculation accepts beyond these (confidence level, axis length, the data
#: table) is fixed at its default: the lesson does not discuss changing it.
CONTROLS: dict[str, tuple[tuple[str, str, tuple[float, float, float]], ...]] = {
    "duds": (
        ("submunitions (illustrative)", "submunitions", SUBMUNITIONS_RANGE),
        ("failure rate", "failure_rate", RATE_RANGE),
    ),
    "mines": (
        ("mines (illustrative)", "n_mines", MINES_RANGE),
        ("share failing to self-destruct", "fail_self_destruct", MINE_SHARE_RANGE),
        ("of those, share failing to self-deactivate", "fail_self_deactivate",
         MINE_SHARE_RANGE),
    ),
}

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="480px")


class InvalidSetting:
    """What a widget shows instead of a chart when a setting cannot be drawn: one line.

    A traceback tells a student nothing they can act on; this says which setting is wrong and
    why, in the library's own words (the first line of its error message).
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        from html import escape

        return f"<p style='color:#A33F00'>{escape(self.message)}</p>"


def _shown(draw: Callable[[], Figure]) -> Figure | InvalidSetting:
    """Compute and draw, or explain in one line why these settings cannot be drawn."""
    try:
        return draw()
    except (ValueError, TypeError, KeyError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return InvalidSetting(f"Cannot draw this setting: {first_line}")


def duds_view(submunitions: int, failure_rate: float) -> Figure | InvalidSetting:
    """The dud curve for the two offered controls (everything else at `risk.dud_curve`'s
    default)."""
    return _shown(lambda: dud_curve_chart(risk.dud_curve(submunitions, failure_rate)))


def mines_view(n_mines: int, fail_self_destruct: float,
               fail_self_deactivate: float) -> Figure | InvalidSetting:
    """The mines timeline for the three offered controls (everything else at its default)."""
    return _shown(lambda: mines_timeline_chart(
        risk.mines_timeline(n_mines, fail_self_destruct, fail_self_deactivate)))


def _slider(description: str, bounds: tuple[float, float, float],
            value: float) -> widgets.IntSlider | widgets.FloatSlider:
    """A slider that cannot leave `bounds`: typed values are clamped by ipywidgets itself."""
    low, high, step = bounds
    common = {"description": description, "continuous_update": False, "style": _STYLE,
              "layout": _LAYOUT}
    if all(isinstance(b, int) for b in bounds):
        return widgets.IntSlider(value=int(value), min=low, max=high, step=step, **common)
    return widgets.FloatSlider(value=float(value), min=low, max=high, step=step,
                               readout_format=".2%", **common)


class ChartWidget(widgets.VBox):
    """Bounded sliders above a chart that is redrawn when one of them is released.

    `controls` maps each view keyword to its slider, `result` is what the view last returned
    (a Figure, or an `InvalidSetting` shown as one red line in place of the picture), `image`
    shows the figure and `message` the line.
    """

    def __init__(self, name: str, view: Callable[..., Figure | InvalidSetting],
                 values: dict[str, float]) -> None:
        self.view = view
        self.controls = {keyword: _slider(description, bounds, values[keyword])
                         for description, keyword, bounds in CONTROLS[name]}
        self.message = widgets.HTML()
        self.result = self._draw()
        first = self.result if isinstance(self.result, Figure) else Figure()
        self.image = figure_image(first)
        self._show()
        super().__init__([*self.controls.values(), self.image, self.message])
        for control in self.controls.values():
            control.observe(self.update, names="value")

    def _draw(self) -> Figure | InvalidSetting:
        return self.view(**{keyword: control.value
                            for keyword, control in self.controls.items()})

    def _show(self) -> None:
        if isinstance(self.result, Figure):
            refresh(self.image, self.result)
            self.image.layout.display = None
            self.message.value = ""
        else:
            self.image.layout.display = "none"  # never leave a chart for other settings
            self.message.value = self.result._repr_html_()

    def update(self, _change: object = None) -> None:
        """Redraw for the sliders' current values (called when a slider is released)."""
        self.result = self._draw()
        self._show()


def duds_widget(submunitions: int = DEFAULT_SUBMUNITIONS,
                failure_rate: float | None = None) -> ChartWidget:
    """Sliders for the number of submunitions and the failure rate over `dud_curve_chart`.

    The default rate is the lowest sourced rate in the data (as in `risk.dud_curve`).
    """
    if failure_rate is None:
        failure_rate = risk.failure_rate_range()["min_rate"]
    return ChartWidget("duds", duds_view,
                        {"submunitions": submunitions, "failure_rate": failure_rate})


def mines_widget(n_mines: int = DEFAULT_MINES, fail_self_destruct: float | None = None,
                 fail_self_deactivate: float | None = None) -> ChartWidget:
    """Sliders for the number of mines and the share failing each mechanism.

    Defaults: a mine exactly at both AP II limits (`risk.mine_defaults`).
    """
    defaults = risk.mine_defaults()
    sd = defaults["fail_self_destruct"] if fail_self_destruct is None else fail_self_destruct
    sdeact = (defaults["fail_self_deactivate"] if fail_self_deactivate is None
              else fail_self_deactivate)
    return ChartWidget("mines", mines_view, {"n_mines": n_mines, "fail_self_destruct": sd,
                                              "fail_self_deactivate": sdeact})


__all__ = [
    "CONTROLS",
    "DEFAULT_MINES",
    "DEFAULT_SUBMUNITIONS",
    "MINES_RANGE",
    "MINE_SHARE_RANGE",
    "RATE_RANGE",
    "SUBMUNITIONS_RANGE",
    "ChartWidget",
    "InvalidSetting",
    "duds_view",
    "duds_widget",
    "mines_view",
    "mines_widget",
]
