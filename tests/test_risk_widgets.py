"""Lesson 06's widgets: only the intended controls, each bounded, every extreme drawable.

In the browser, `widgets.interactive` once offered `confidence` and `max_rate` sliders nobody
meant to offer, and two key presses on `confidence` replaced the chart with a traceback. These
tests list each widget's controls and drive every one to its minimum and maximum.
"""

from __future__ import annotations

import itertools

import matplotlib
import pytest
from matplotlib.figure import Figure

from treatylens import risk
from treatylens.charts import risk_widgets

matplotlib.use("Agg")

WIDGETS = {"duds": risk_widgets.duds_widget, "mines": risk_widgets.mines_widget}

#: What lesson 06 tells students they can move (section 4 and section 5 "Try it").
LESSON_CONTROLS = {
    "duds": {"submunitions (illustrative)": (1_000, 100_000),
             "failure rate": (0.0, 0.3)},
    "mines": {"mines (illustrative)": (100, 10_000),
              "share failing to self-destruct": (0.0, 0.3),
              "of those, share failing to self-deactivate": (0.0, 0.3)},
}


def controls(widget) -> dict:
    """Every control the widget shows, by its description (the output area is not one)."""
    sliders = list(widget.controls.values())
    assert list(widget.children) == [*sliders, widget.image, widget.message]
    return {w.description: w for w in sliders}


def text_of(fig: Figure) -> str:
    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_each_widget_offers_exactly_the_controls_the_lesson_discusses(name) -> None:
    shown = controls(WIDGETS[name]())
    assert {d: (w.min, w.max) for d, w in shown.items()} == LESSON_CONTROLS[name]
    assert not any("confidence" in d or "max_rate" in d or "table" in d for d in shown)


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_every_control_at_its_minimum_and_maximum_draws_a_chart(name) -> None:
    widget = WIDGETS[name]()
    shown = controls(widget)
    for description, control in shown.items():
        start = control.value
        for extreme in (control.min, control.max):
            before = widget.result
            control.value = extreme
            if extreme != start:
                assert widget.result is not before, f"{description}={extreme} did not redraw"
            assert isinstance(widget.result, Figure), (description, extreme, widget.result)
        control.value = start


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_all_corners_of_the_controls_draw_a_chart(name) -> None:
    """Every combination of minima and maxima, not only one control at a time."""
    widget = WIDGETS[name]()
    shown = list(controls(widget).values())
    for corner in itertools.product(*[(c.min, c.max) for c in shown]):
        for control, value in zip(shown, corner, strict=True):
            control.value = value
        assert isinstance(widget.result, Figure), (corner, widget.result)


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_typed_values_beyond_the_range_are_clamped_not_drawn(name) -> None:
    widget = WIDGETS[name]()
    for control in controls(widget).values():
        control.value = control.max * 4 + 1  # what typing "1.15" or "999999" does
        assert control.value == control.max
        control.value = -1
        assert control.value == control.min
    assert isinstance(widget.result, Figure)


def test_duds_widget_redraws_with_the_chosen_values() -> None:
    widget = risk_widgets.duds_widget()
    shown = controls(widget)
    shown["submunitions (illustrative)"].value = 20_000
    shown["failure rate"].value = 0.06
    # 6 % of 20,000; the 95 % binomial quantiles (scipy.stats.binom.ppf agrees): 1,135, 1,266
    assert "≈ 1,200 expected unexploded (95% interval 1,135–1,266)" in text_of(widget.result)


def test_mines_widget_redraws_with_the_chosen_values() -> None:
    widget = risk_widgets.mines_widget()
    shown = controls(widget)
    shown["mines (illustrative)"].value = 2_000
    shown["share failing to self-destruct"].value = 0.08
    shown["of those, share failing to self-deactivate"].value = 0.02
    text = text_of(widget.result)
    assert "8% fail to self-destruct, 2% of those also fail to self-deactivate" in text
    assert "Verdict: DOES NOT MEET AP II" in text  # 0.08 × 0.02 = 0.16 % > 0.1 %


def test_duds_widget_defaults_to_the_lowest_sourced_rate() -> None:
    shown = controls(risk_widgets.duds_widget())
    assert shown["failure rate"].value == pytest.approx(risk.failure_rate_range()["min_rate"])
    assert shown["submunitions (illustrative)"].value == risk_widgets.DEFAULT_SUBMUNITIONS


def test_mines_widget_defaults_to_the_ap2_limits() -> None:
    widget = risk_widgets.mines_widget()
    shown = controls(widget)
    defaults = risk.mine_defaults()
    assert shown["share failing to self-destruct"].value == pytest.approx(
        defaults["fail_self_destruct"])
    assert shown["of those, share failing to self-deactivate"].value == pytest.approx(
        defaults["fail_self_deactivate"])
    assert "Verdict: MEETS AP II" in text_of(widget.result)


@pytest.mark.parametrize("view, kwargs, needle", [
    (risk_widgets.duds_view, {"submunitions": 1000, "failure_rate": 1.15}, "failure_rate"),
    (risk_widgets.duds_view, {"submunitions": -5, "failure_rate": 0.02}, "submunitions"),
    (risk_widgets.mines_view, {"n_mines": 100, "fail_self_destruct": 1.15,
                               "fail_self_deactivate": 0.1}, "fail_self_destruct"),
    (risk_widgets.mines_view, {"n_mines": 100, "fail_self_destruct": 0.1,
                               "fail_self_deactivate": "x"}, "fail_self_deactivate"),
])
def test_an_invalid_setting_is_a_one_line_message_not_a_traceback(view, kwargs, needle) -> None:
    shown = view(**kwargs)
    assert isinstance(shown, risk_widgets.InvalidSetting)
    text = repr(shown)
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith("Cannot draw this setting") and needle in text
    assert "<p" in shown._repr_html_()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_widgets_show_the_chart_in_an_image_not_an_output_widget(name) -> None:
    """An Output widget stalls nbclient and otter (figure_widget explains); none may appear."""
    import ipywidgets

    widget = WIDGETS[name]()
    assert not any(isinstance(child, ipywidgets.Output) for child in widget.children)
    before = widget.image.value
    first = next(iter(widget.controls.values()))
    first.value = first.max
    assert widget.image.value != before, "moving a slider did not change the picture"


def test_an_invalid_setting_hides_the_chart_and_shows_the_line() -> None:
    def failing_view(**_settings):
        return risk_widgets.InvalidSetting("Cannot draw this setting: rate above 1")

    widget = risk_widgets.ChartWidget("duds", failing_view,
                                      {"submunitions": 1000, "failure_rate": 0.1})
    assert widget.image.layout.display == "none"
    assert "rate above 1" in widget.message.value
