"""Thin `ipywidgets` wrappers over the pure chart functions of `treatylens.risk_charts`.

Each widget only wires sliders to one pure function, which is unit-tested over the sliders'
whole range. In a notebook, show the static figure for the default values under each widget
(`dud_curve_chart()`, `mines_timeline_chart()`) so that printed handouts and the published
site still make sense.
"""

from __future__ import annotations

import ipywidgets as widgets

from treatylens.risk import failure_rate_range
from treatylens.risk_charts import dud_curve_chart, mine_defaults, mines_timeline_chart

#: Slider ranges, shared by the widgets and the tests that sweep them.
SUBMUNITIONS_RANGE = (1_000, 100_000, 1_000)  # min, max, step: an illustrative count
RATE_RANGE = (0.0, 0.3, 0.0005)
MINES_RANGE = (100, 10_000, 100)
MINE_SHARE_RANGE = (0.0, 0.3, 0.001)

DEFAULT_SUBMUNITIONS = 10_000
DEFAULT_MINES = 1_000

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="480px")


def _int_slider(description: str, bounds: tuple[int, int, int], value: int) -> widgets.IntSlider:
    low, high, step = bounds
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=False, style=_STYLE, layout=_LAYOUT)


def _share_slider(description: str, bounds: tuple[float, float, float],
                  value: float) -> widgets.FloatSlider:
    low, high, step = bounds
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, readout_format=".2%",
                               continuous_update=False, style=_STYLE, layout=_LAYOUT)


def duds_widget(submunitions: int = DEFAULT_SUBMUNITIONS,
                failure_rate: float | None = None) -> widgets.interactive:
    """Sliders for the number of submunitions and the failure rate over `dud_curve_chart`.

    The default rate is the lowest sourced rate in the data (as in `dud_curve_chart`).
    """
    if failure_rate is None:
        failure_rate = failure_rate_range()["min_rate"]
    return widgets.interactive(
        dud_curve_chart,
        submunitions=_int_slider("submunitions (illustrative)", SUBMUNITIONS_RANGE,
                                 submunitions),
        failure_rate=_share_slider("failure rate", RATE_RANGE, failure_rate),
        table=widgets.fixed(None),
    )


def mines_widget(n_mines: int = DEFAULT_MINES, fail_self_destruct: float | None = None,
                 fail_self_deactivate: float | None = None) -> widgets.interactive:
    """Sliders for the share failing each mechanism over `mines_timeline_chart`.

    Defaults: a mine exactly at both AP II limits (`risk_charts.mine_defaults`).
    """
    defaults = mine_defaults()
    sd = defaults["fail_self_destruct"] if fail_self_destruct is None else fail_self_destruct
    sdeact = (defaults["fail_self_deactivate"] if fail_self_deactivate is None
              else fail_self_deactivate)
    return widgets.interactive(
        mines_timeline_chart,
        n_mines=_int_slider("mines (illustrative)", MINES_RANGE, n_mines),
        fail_self_destruct=_share_slider("share failing to self-destruct", MINE_SHARE_RANGE, sd),
        fail_self_deactivate=_share_slider("of those, share failing to self-deactivate",
                                           MINE_SHARE_RANGE, sdeact),
        table=widgets.fixed(None),
    )


__all__ = [
    "DEFAULT_MINES",
    "DEFAULT_SUBMUNITIONS",
    "MINES_RANGE",
    "MINE_SHARE_RANGE",
    "RATE_RANGE",
    "SUBMUNITIONS_RANGE",
    "duds_widget",
    "mines_widget",
]
