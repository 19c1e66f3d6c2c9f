"""The lessons in JupyterLab, driven in Chromium like a student would.

One JupyterLab server for the run (`conftest.lab`); each lesson is opened in its own tab and
run once (Run All Cells after the kernel is idle), then:

- lesson 03: moving the date slider (a step left, Home, End) and switching the treaty changes
  the map's picture, and the legend counts of the new map, read from the kernel's widget
  (`widget.world.legend`, through a silent `user_expressions` request: no cell, no output),
  are `treaties.counts` for the date the slider shows;
- lesson 01: the Arabic side-by-side table and every other Arabic passage are right to left;
- every widget of every lesson (the lessons and their widget count come from `make site`'s
  executed copies): each dropdown to its first and last option and, under each, each slider
  to its minimum and maximum (Home/End on the noUiSlider handle); after each move no error
  output, no traceback or error text in the widget, no error or stderr message from the
  kernel, and the picture still there.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_support import (
    ARABIC_PASSAGES,
    EXECUTED,
    LESSONS,
    counts_in_legend,
    expected_legend,
    expected_widget_views,
    kernel_value,
    screenshot,
    step,
    wait_until,
    widget_views,
)

LESSON_01 = "notebooks/01_reading_the_sources.ipynb"
LESSON_03 = "notebooks/03_mapping_ratification.ipynb"
WIDGET_LESSONS = ([lesson for lesson in LESSONS if expected_widget_views(lesson)]
                  if EXECUTED.is_dir() else ["(no site built: run make site)"])

# The kernel's view of lesson 03's map widget (`widget = maps.interactive_map(...)`).
MAP_STATE = ("{'treaty': widget.children[0].value, 'date': str(widget.children[1].value), "
             "'legend': [t.get_text() for t in widget.world.legend.get_texts()]}")

IMAGES_STATE = """
(view) => [...view.querySelectorAll('img')].map((img) => ({
  src: img.src, loaded: img.complete && img.naturalWidth > 0,
  visible: img.offsetParent !== null && img.getBoundingClientRect().width > 0}))
"""

PROBE_STATE = """
() => ({busy: window.__probe.busy, idle: window.__probe.idle,
        problems: window.__probe.problems.slice(),
        kernel: window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status})
"""

# A control's value as the page shows it: noUiSlider keeps aria-value* on its handle.
CONTROL_STATE = """
(el) => el.tagName === 'SELECT'
  ? {now: el.selectedIndex, min: 0, max: el.options.length - 1,
     text: el.options[el.selectedIndex].text}
  : {now: Number(el.getAttribute('aria-valuenow')), min: Number(el.getAttribute('aria-valuemin')),
     max: Number(el.getAttribute('aria-valuemax')), text: el.getAttribute('aria-valuetext')}
"""


def settle(page, view, busy_before: int, changed: bool, timeout: float = 120) -> dict:
    """Wait until the kernel has answered every widget message since `busy_before` (idle for
    as many as it went busy, and quiet for 0.3 s) and every picture in `view` has loaded."""
    if changed:
        def answered():
            state = page.evaluate(PROBE_STATE)
            return (state["busy"] > busy_before and state["idle"] >= state["busy"]
                    and state["kernel"] == "idle")

        wait_until(answered, timeout, what="the kernel's answer to the widget")
    quiet = page.evaluate(PROBE_STATE)
    while True:
        time.sleep(0.3)
        state = page.evaluate(PROBE_STATE)
        if (state["busy"], state["idle"]) == (quiet["busy"], quiet["idle"]) \
                and state["idle"] >= state["busy"]:
            break
        quiet = state
    page.wait_for_function(
        "(view) => [...view.querySelectorAll('img')].every((i) => i.complete)",
        arg=view.element_handle(), timeout=timeout * 1000)
    return state


def check_no_error(page, view) -> None:
    """No error output in the notebook, no traceback or error text in the widget, no error or
    stderr message from the kernel, and the widget's picture shown and loaded."""
    problems = page.evaluate(PROBE_STATE)["problems"]
    assert not problems, f"the kernel reported: {problems}"
    errors = page.locator(".jp-OutputArea-output[data-mime-type*=error]")
    assert errors.count() == 0, f"error output: {errors.first.inner_text()[:500]}"
    text = view.inner_text()
    assert "Traceback" not in text, f"traceback in the widget: {text[:500]}"
    found = re.search(r"\w*Error\b[^\n]*", text)
    assert found is None, f"error text in the widget: {found and found.group(0)}"
    images = view.evaluate(IMAGES_STATE)
    shown = [i for i in images if i["visible"] and i["loaded"]]
    assert shown, f"no picture shown in the widget: {images}"


def map_widget(page):
    views = widget_views(page)
    found = (views.filter(has=page.locator(".widget-dropdown select"))
             .filter(has=page.locator(".widget-slider .noUi-handle"))
             .filter(has=page.locator("img")))
    found.first.wait_for(state="visible", timeout=60_000)
    assert found.count() == 1, f"expected one map widget, found {found.count()}"
    return found.first


def check_map_counts(page, view, expect_date: str | None = None) -> dict:
    """The kernel's widget is on the date the slider shows, and its legend gives
    `treaties.counts` for that treaty and date."""
    state = kernel_value(page, MAP_STATE)
    readout = view.locator(".widget-slider .widget-readout").inner_text().strip()
    assert state["date"] == readout, f"slider shows {readout}, kernel has {state['date']}"
    if expect_date is not None:
        assert state["date"] == expect_date, state
    expected = expected_legend(state["treaty"], state["date"])
    if expected is None:  # the treaty had no status: every state "No data"
        legend = counts_in_legend(state["legend"])
        assert legend["No data"] == sum(legend.values()), state
    else:
        assert counts_in_legend(state["legend"]) == expected, (
            f"{state['treaty']} on {state['date']}: legend {state['legend']}, "
            f"treaties.counts gives {expected}")
    return state


def test_lesson03_slider_changes_map_and_counts(lab):
    page = lab.lesson(LESSON_03)
    with step("find lesson 03's map widget (dropdown, slider, picture)", page):
        view = map_widget(page)
        view.scroll_into_view_if_needed()
        handle = view.locator(".noUi-handle").first
        select = view.locator(".widget-dropdown select").first
    with step("the opening map's legend gives treaties.counts", page):
        first = check_map_counts(page, view)
        check_no_error(page, view)
    screenshot(view, "lab-lesson03-map-opening")

    def move(what: str, action, expect_date: str | None = None) -> dict:
        with step(f"lesson 03: {what} changes the map; legend = treaties.counts", page):
            src = view.evaluate(IMAGES_STATE)[0]["src"]
            busy = page.evaluate(PROBE_STATE)["busy"]
            action()
            page.wait_for_function("([view, src]) => { const i = view.querySelector('img');"
                                   " return i.src !== src && i.complete && i.naturalWidth > 0; }",
                                   arg=[view.element_handle(), src], timeout=60_000)
            settle(page, view, busy, changed=True)
            state = check_map_counts(page, view, expect_date)
            check_no_error(page, view)
            return state

    def key(name: str):
        def press() -> None:
            handle.focus()
            page.keyboard.press(name)
        return press

    dates = kernel_value(page, "[str(d) for _, d in widget.children[1].options]")
    assert first["date"] == dates[-1], "the slider does not open on the as-of date"
    move("ArrowLeft (one year-end back)", key("ArrowLeft"), dates[-2])
    screenshot(view, "lab-lesson03-map-one-step-left")
    move("Home (first stop, states not yet existing)", key("Home"), dates[0])
    move("End (back to the as-of date)", key("End"), dates[-1])
    other = select.evaluate("(s) => s.options[s.options.length - 1].value")
    move("choosing the other treaty", lambda: select.select_option(other), dates[-1])
    move("ArrowLeft on the other treaty", key("ArrowLeft"), dates[-2])
    screenshot(view, "lab-lesson03-map-other-treaty")


def test_lesson01_arabic_right_to_left(lab):
    page = lab.lesson(LESSON_01)
    with step("lesson 01's side-by-side table: the Arabic cells are right to left", page):
        cells = page.locator(".jp-OutputArea-output table td[lang=ar]")
        assert cells.count() > 0, "no Arabic cell (td[lang=ar]) in the lesson's outputs"
        directions = cells.evaluate_all("(els) => els.map((e) => getComputedStyle(e).direction)")
        assert set(directions) == {"rtl"}, f"directions of the Arabic cells: {directions}"
    with step("lesson 01: every Arabic passage in the notebook is right to left", page):
        passages = page.evaluate(ARABIC_PASSAGES, ".jp-NotebookPanel .jp-Notebook")
        wrong = [p for p in passages if p["direction"] != "rtl"]
        assert not wrong, f"{len(wrong)} of {len(passages)} left to right: {wrong[:3]}"
    table = cells.first.locator("xpath=ancestor::table[1]")
    table.scroll_into_view_if_needed()
    screenshot(page, "lab-lesson01-arabic-side-by-side")


def label_of(control) -> str:
    """The description shown beside a control ('As of', 'failure rate', ...)."""
    return control.evaluate(
        "(el) => { const w = el.closest('.widget-inline-hbox');"
        " const l = w && w.querySelector('.widget-label');"
        " return (l && l.textContent.trim()) || el.tagName.toLowerCase(); }")


def drive(page, view, control, widget_name: str, end: str, move: int) -> None:
    """Move one control to its `end` ('min' or 'max'): first or last option of a dropdown,
    Home or End on a slider's handle; then wait for the kernel and check for errors."""
    is_select = control.evaluate("(el) => el.tagName") == "SELECT"
    label = f"{'dropdown' if is_select else 'slider'} {label_of(control)!r}"
    where = ({"min": "first option", "max": "last option"} if is_select
             else {"min": "minimum (Home)", "max": "maximum (End)"})[end]
    with step(f"{widget_name}: {label} to its {where}", page):
        before = control.evaluate(CONTROL_STATE)
        busy = page.evaluate(PROBE_STATE)["busy"]
        if is_select:
            control.select_option(index=before[end])
        else:
            control.focus()
            page.keyboard.press("Home" if end == "min" else "End")
        after = control.evaluate(CONTROL_STATE)
        assert after["now"] == after[end], f"{label} at {after}, not at its {end}"
        settle(page, view, busy, changed=after["now"] != before["now"])
        check_no_error(page, view)
    screenshot(view, f"lab-{widget_name}-move{move:02d}-{label}-{end}")


@pytest.mark.parametrize("lesson", WIDGET_LESSONS)
def test_every_widget_control_to_its_ends(site, lab, lesson):
    page = lab.lesson(lesson)
    name = lesson.split("/")[-1].removesuffix(".ipynb")
    with step(f"{name}: as many widgets as in the executed lesson", page):
        views = widget_views(page)
        expected = expected_widget_views(lesson)
        views.nth(expected - 1).wait_for(state="visible", timeout=60_000)
        assert views.count() == expected, f"{views.count()} widget views, expected {expected}"
    for number in range(expected):
        view = views.nth(number)
        view.scroll_into_view_if_needed()
        widget_name = f"{name} widget {number + 1}"
        dropdowns = view.locator(".widget-dropdown select")
        sliders = view.locator(".widget-slider .noUi-handle")
        with step(f"{widget_name}: has controls and a picture", page):
            assert dropdowns.count() + sliders.count() > 0, "no control in the widget"
            check_no_error(page, view)
        slider_list = [sliders.nth(i) for i in range(sliders.count())]
        dropdown_list = [dropdowns.nth(i) for i in range(dropdowns.count())]
        # Every slider to both ends under each end of each dropdown (or once, without one).
        sweep = [(slider, end) for slider in slider_list for end in ("min", "max")]
        moves = []
        for dropdown in dropdown_list:
            for end in ("min", "max"):
                moves += [(dropdown, end), *sweep]
        moves = moves or sweep
        for number_of_move, (control, end) in enumerate(moves, start=1):
            drive(page, view, control, widget_name, end, number_of_move)
