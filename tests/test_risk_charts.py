"""Charts of lesson 06: they draw the result of a `risk` calculation, and only draw.

Each chart is given what `treatylens.risk` computed and must show exactly that (every bar,
label and verdict of the table), refuse anything else with an error that names the call to
make, and refuse an empty result. The numbers themselves are tested in tests/test_risk.py.
"""

from __future__ import annotations

import ast
import dataclasses
import io
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from treatylens import risk
from treatylens.charts import risk as risk_charts
from treatylens.charts import risk_widgets

matplotlib.use("Agg")


def all_text(fig: Figure) -> str:
    """Every text on the figure: titles, tick labels, legends, annotations, caption."""
    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def caption_ok(fig: Figure, *needles: str) -> None:
    text = all_text(fig)
    assert "Source:" in text or "Sourced rates:" in text or "Limits:" in text
    for needle in needles:
        assert needle in text


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("share, qualifier, label", [
    (0.0235, "less_than", "< 2.35%"), (0.14, "at_least", "≥ 14%"), (0.06, "about", "≈ 6%"),
    (0.025, "at_most", "≤ 2.5%"), (0.5, "", "50%"), (0.5, "almost", "almost 50%"),
])
def test_stated_keeps_the_qualifier(share, qualifier, label) -> None:
    assert risk_charts.stated(share, qualifier) == label


# --------------------------------------------------------------------------- casualties


def test_casualties_chart_has_a_bar_per_year_with_a_value() -> None:
    series = risk.casualty_series()
    fig = risk_charts.casualties_chart(series)
    assert isinstance(fig, Figure)
    lm, cmm = fig.axes[:2]
    for ax, monitor in ((lm, "LM"), (cmm, "CMM")):
        rows = series[series["monitor"] == monitor]
        assert sorted(b.get_height() for b in bars(ax)) == sorted(rows["value"].dropna())
    text = all_text(fig)
    for edition in series["edition"]:
        assert edition in text
    assert "R: read on the publisher's page" in text and "R2: read in a relay" in text
    assert "world total" in text
    caption_ok(fig, "monitor_figures.csv", "As of")


def test_casualties_chart_shows_unverified_years_as_missing_not_zero() -> None:
    series = risk.casualty_series("UKR")
    fig = risk_charts.casualties_chart(series)
    cmm = series[series["monitor"] == "CMM"]
    assert cmm["value"].isna().any(), "the Ukraine CMM series has a U year to show"
    assert len(bars(fig.axes[1])) == cmm["value"].notna().sum()
    text = all_text(fig)
    assert "no verified" in text and "D: derived" in text and "Ukraine" in text


def test_status_is_drawn_by_hatching() -> None:
    series = risk.casualty_series()
    fig = risk_charts.casualties_chart(series)
    lm = series[series["monitor"] == "LM"]
    hatches = [b.get_hatch() or "" for b in bars(fig.axes[0])]
    expected = [risk_charts.STATUS_STYLE[s]["hatch"] for s in lm["status"]]
    assert hatches == expected


def test_casualties_chart_refuses_an_empty_or_unlabelled_table() -> None:
    series = risk.casualty_series()
    with pytest.raises(ValueError, match="nothing to draw"):
        risk_charts.casualties_chart(series.iloc[0:0])
    unlabelled = series.copy()
    unlabelled.attrs = {}
    with pytest.raises(ValueError, match="place"):
        risk_charts.casualties_chart(unlabelled)
    with pytest.raises(ValueError, match=r"risk\.casualty_series returns"):
        risk_charts.casualties_chart(risk.monitor_series())  # one Monitor, no place


# --------------------------------------------------------------------------- failure-rate claims


def test_failure_claims_chart_has_one_line_per_claim_labelled_with_claimant() -> None:
    fig = risk_charts.failure_claims_chart(risk.failure_claims())
    ax = fig.axes[0]
    rates = risk.sourced_rates()
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == rates["estimate_id"].nunique()
    for claimant, as_of in zip(rates["claimant"], rates["as_of"], strict=True):
        assert any(claimant in label and as_of in label for label in labels)
    text = all_text(fig)
    for row in rates[rates["qualifier"] != "range"].itertuples():
        assert risk_charts.stated(row.rate, row.qualifier) in text  # ceiling/floor shown
    assert "policy limit" in text
    caption_ok(fig, "failure_rates.csv", "As of")


def test_failure_claims_chart_draws_a_wider_scope_it_is_given() -> None:
    scopes = [*risk.DEFAULT_SCOPES, "general"]
    wider = risk_charts.failure_claims_chart(risk.failure_claims(scopes=scopes))
    n = risk.sourced_rates(scopes=scopes)["estimate_id"].nunique()
    assert len(wider.axes[0].get_yticklabels()) == n


def test_failure_claims_chart_draws_policy_limits_only_when_asked() -> None:
    result = risk.failure_claims()
    vertical = {
        shown: [line for line in risk_charts.failure_claims_chart(
            result, show_policy_limits=shown).axes[0].get_lines()
            if line.get_linestyle() == ":"]
        for shown in (True, False)}
    assert [line.get_xdata()[0] for line in vertical[True]] == list(
        result.policy_limits["value"])
    assert vertical[False] == []


def test_failure_claims_chart_refuses_no_claims_and_other_objects() -> None:
    result = risk.failure_claims()
    with pytest.raises(ValueError, match="nothing to draw"):
        risk_charts.failure_claims_chart(
            dataclasses.replace(result, claims=result.claims.iloc[0:0]))
    with pytest.raises(TypeError, match=r"risk\.failure_claims"):
        risk_charts.failure_claims_chart(risk.load_failure_rates())


# --------------------------------------------------------------------------- duds by source


def test_duds_chart_has_a_bar_per_stated_rate_with_intervals() -> None:
    n = 5_000
    table = risk.duds_by_source(n, 1)
    fig = risk_charts.duds_chart(table)
    ax = fig.axes[0]
    drawn = bars(ax)
    assert len(drawn) == len(table)
    widths = sorted(round(b.get_width(), 6) for b in drawn)
    assert widths == sorted(round(v, 6) for v in table["expected"])
    labels = " ".join(t.get_text().replace("\n", " ") for t in ax.get_yticklabels())
    for claimant in table["claimant"]:
        assert claimant in labels
    assert f"{n:,}" in all_text(fig)
    caption_ok(fig, "failure_rates.csv", "illustrative")


def test_duds_chart_takes_count_and_confidence_from_the_table() -> None:
    table = risk.duds_by_source(40, 75, confidence=0.9)
    text = all_text(risk_charts.duds_chart(table))
    assert "among 3,000 submunitions" in text and "90% interval" in text


def test_duds_chart_refuses_an_empty_table_a_count_and_a_table_without_labels() -> None:
    table = risk.duds_by_source(10_000, 1)
    with pytest.raises(ValueError, match="nothing to draw"):
        risk_charts.duds_chart(table.iloc[0:0])
    with pytest.raises(TypeError, match=r"duds_chart\(risk\.duds_by_source\(10_000, 1\)\)"):
        risk_charts.duds_chart(10_000)
    unlabelled = table.copy()
    unlabelled.attrs = {}
    with pytest.raises(ValueError, match="confidence"):
        risk_charts.duds_chart(unlabelled)
    with pytest.raises(ValueError, match=r"risk\.duds_by_source returns"):
        risk_charts.duds_chart(risk.sourced_rates())  # rates without counts


# --------------------------------------------------------------------------- the dud curve (widget)


@pytest.mark.parametrize("submunitions", risk_widgets.SUBMUNITIONS_RANGE[:2])
@pytest.mark.parametrize("rate", np.linspace(*risk_widgets.RATE_RANGE[:2], 7))
def test_dud_curve_chart_over_the_whole_slider_range(submunitions, rate) -> None:
    result = risk.dud_curve(submunitions, float(rate))
    fig = risk_charts.dud_curve_chart(result)
    expected = result.chosen.expected
    text = all_text(fig)
    assert f"Your assumption: {risk_charts.pct(float(rate))} of {submunitions:,}" in text
    assert f"≈ {expected:,.0f} expected unexploded" in text
    ymax = fig.axes[0].get_ylim()[1]
    assert ymax >= expected
    assert any(isinstance(c, PolyCollection) for c in fig.axes[0].collections)  # the band


def test_dud_curve_chart_draws_the_curve_it_is_given() -> None:
    result = risk.dud_curve(20_000, 0.06)
    main = risk_charts.dud_curve_chart(result).axes[0]
    line = next(line for line in main.get_lines() if line.get_color() == "black")
    assert list(line.get_xdata()) == list(result.curve["rate"])
    assert list(line.get_ydata()) == list(result.curve["expected"])
    band = next(c for c in main.collections if isinstance(c, PolyCollection))
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == result.curve["low"].min() and ys.max() == result.curve["high"].max()


def test_dud_curve_chart_lists_every_sourced_claimant() -> None:
    legend = risk_charts.dud_curve_chart(risk.dud_curve(10_000)).axes[0].get_legend()
    text = " ".join(t.get_text().replace("\n", " ") for t in legend.get_texts())
    for claimant in risk.sourced_rates()["claimant"]:
        assert claimant in text


def test_dud_curve_chart_refuses_an_empty_curve_and_the_old_call() -> None:
    result = risk.dud_curve(10_000)
    with pytest.raises(ValueError, match="nothing to draw"):
        risk_charts.dud_curve_chart(dataclasses.replace(result, curve=result.curve.iloc[0:0]))
    with pytest.raises(TypeError, match=r"risk\.dud_curve"):
        risk_charts.dud_curve_chart(10_000)


# --------------------------------------------------------------------------- mines


def test_mines_chart_pairs_assumption_and_ap2_at_each_stage() -> None:
    result = risk.mines_timeline(1000, 0.05, 0.01)
    fig = risk_charts.mines_timeline_chart(result)
    ax = fig.axes[0]
    drawn = bars(ax)
    assert len(drawn) == 6  # three stages × (assumption, AP II maximum)
    timeline = result.timeline
    assert [b.get_height() for b in drawn if not b.get_hatch()] == list(
        timeline["expected_active"])
    assert [b.get_height() for b in drawn if b.get_hatch()] == list(timeline["ap2_max_active"])
    text = all_text(fig)
    assert "MEETS AP II" in text and "Ottawa Convention" in text
    assert any(h.get_hatch() for h in drawn) and any(not h.get_hatch() for h in drawn)
    caption_ok(fig, "mine_self_destruct.csv")


def test_mines_chart_says_when_a_limit_is_broken() -> None:
    text = all_text(risk_charts.mines_timeline_chart(risk.mines_timeline(1000, 0.08, 0.02)))
    assert "DOES NOT MEET AP II" in text


@pytest.mark.parametrize("sd", np.linspace(*risk_widgets.MINE_SHARE_RANGE[:2], 5))
@pytest.mark.parametrize("sdeact", np.linspace(*risk_widgets.MINE_SHARE_RANGE[:2], 5))
@pytest.mark.parametrize("n", risk_widgets.MINES_RANGE[:2])
def test_mines_chart_over_the_whole_slider_range(n, sd, sdeact) -> None:
    result = risk.mines_timeline(n, float(sd), float(sdeact))
    fig = risk_charts.mines_timeline_chart(result)
    word = "MEETS AP II" if result.verdict.meets else "DOES NOT MEET AP II"
    text = all_text(fig)
    assert f"Verdict: {word}" in text
    assert f"{risk_charts.pct(float(sd))} fail to self-destruct" in text
    assert f"of {n:,} (count, log scale)" in text
    assert len(bars(fig.axes[0])) == 6


def test_mines_chart_refuses_an_empty_timeline_and_the_old_call() -> None:
    result = risk.mines_timeline(1000)
    with pytest.raises(ValueError, match="nothing to draw"):
        risk_charts.mines_timeline_chart(
            dataclasses.replace(result, timeline=result.timeline.iloc[0:0]))
    with pytest.raises(TypeError, match=r"risk\.mines_timeline"):
        risk_charts.mines_timeline_chart(1000)


# --------------------------------------------------------------------------- inactivation claims


def test_inactivation_chart_plots_every_statement_and_both_ap2_limits() -> None:
    fig = risk_charts.inactivation_chart(risk.inactivation())
    ax = fig.axes[0]
    claims = risk.inactivation_claims()
    statements = claims[claims["kind"] != "standard"]
    labels = " ".join(t.get_text().replace("\n", " ") for t in ax.get_yticklabels())
    for party in statements["party"]:
        assert party in labels
    assert len(ax.get_yticklabels()) == statements["party"].nunique()
    assert ax.get_xscale() == "log"
    limits = risk.ap2_limits()
    vertical = sorted(line.get_xdata()[0] for line in ax.get_lines()
                      if len(set(line.get_xdata())) == 1 and line.get_linestyle() != "None")
    assert limits["self_destruct_days"] * 24 in vertical
    assert limits["self_deactivation_days"] * 24 in vertical
    text = all_text(fig)
    assert "no number given" in text
    caption_ok(fig, "mine_self_destruct.csv", "As of")


def test_inactivation_chart_errors_on_a_table_without_statements() -> None:
    table = risk.load_mine_standards()
    standards_only = risk.inactivation(table[table["kind"] == "standard"])
    with pytest.raises(ValueError, match="no inactivation statements"):
        risk_charts.inactivation_chart(standards_only)
    with pytest.raises(TypeError, match=r"risk\.inactivation"):
        risk_charts.inactivation_chart(table)


# --------------------------------------------------------------------------- all figures


def test_exported_risk_figures_are_deterministic_pngs() -> None:
    from treatylens.figures import registry

    specs = {s.name: s for s in registry() if s.name.startswith("06_")}
    assert len(specs) == 6

    def png(fig: Figure) -> bytes:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

    for name in ("06_failure_claims", "06_mines_timeline"):
        assert png(specs[name].build()) == png(specs[name].build())


def test_charts_do_not_touch_pyplot_state() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    risk_charts.casualties_chart(risk.casualty_series())
    assert plt.get_fignums() == before


def test_charts_neither_load_nor_compute() -> None:
    """Issue 10: charts draw. charts/risk.py may name risk's result types, nothing else of it."""
    source = Path(risk_charts.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    from_risk = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "treatylens.risk" for alias in node.names}
    assert from_risk <= {"DudCurve", "FailureClaims", "Inactivation", "MinesTimeline"}
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {f"{node.module}.{alias.name}" for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not {m for m in modules if m in ("treatylens.risk", "treatylens.io")
                or m.startswith("treatylens.io.")}
    called = {node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
              for node in ast.walk(tree) if isinstance(node, ast.Call)
              and isinstance(node.func, ast.Attribute | ast.Name)}
    assert not {name for name in called if name.startswith("load_")}


# --------------------------------------------------------------------------- nothing overlaps


def _renderer(fig: Figure):
    """Draw on an Agg canvas (the charts build bare Figures) and return its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _extent(artist, renderer):
    return artist.get_window_extent(renderer)


def test_duds_chart_keeps_each_qualifier_with_its_number() -> None:
    """'<' at the end of one line and '2.35%' on the next reads as two separate things."""
    table = risk.duds_by_source(10_000, 1)
    fig = risk_charts.duds_chart(table)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    for label in labels:
        for line in label.split("\n"):
            assert not line.rstrip().endswith(("<", "≤", "≥", ">", "≈")), label
    for row, label in zip(table.itertuples(), labels, strict=True):
        figure = (risk_charts.pct(row.rate) if row.qualifier == "range"
                  else risk_charts.stated(row.rate, row.qualifier))
        lines = [line.replace(risk_charts.NO_BREAK, " ") for line in label.split("\n")]
        assert any(line.startswith(figure) for line in lines), (figure, label)


@pytest.mark.parametrize("rate", [None, 0.025, 0.06, 0.14, 0.0, 0.3])
def test_dud_curve_sourced_rates_and_their_labels_never_overlap(rate) -> None:
    """2.35 % and 2.5 % are a few pixels apart on a 0–30 % axis: each gets its own row."""
    fig = risk_charts.dud_curve_chart(risk.dud_curve(10_000, rate))
    renderer = _renderer(fig)
    main, strip = fig.axes[:2]
    markers = [line for line in strip.get_lines() if line.get_marker() not in (None, "None", "")]
    assert len(markers) == risk.sourced_rates()["rate"].nunique()
    boxes = [_extent(a, renderer) for a in [*markers, *strip.texts]]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            assert not first.overlaps(second), (first, second)
    # the assumption is the only marker in the panel above, so nothing can hide it
    on_main = [line for line in main.get_lines() if line.get_marker() not in (None, "None", "")]
    assert {line.get_color() for line in on_main} == {risk_charts.OKABE_ITO["vermillion"]}


def test_inactivation_quotes_do_not_cross_the_ap2_lines() -> None:
    fig = risk_charts.inactivation_chart(risk.inactivation())
    renderer = _renderer(fig)
    ax = fig.axes[0]
    limits = risk.ap2_limits()
    lines_x = [ax.transData.transform((limits[k] * 24, 0))[0]
               for k in ("self_destruct_days", "self_deactivation_days")]
    assert ax.texts
    for text in ax.texts:
        box = _extent(text, renderer)
        for x in lines_x:
            assert not box.x0 < x < box.x1, (text.get_text(), box, x)


def test_policy_lines_name_each_limit_in_full_and_whether_it_still_applies() -> None:
    """'US DoD (2008)' alone hid that the 2008 policy was rescinded in Nov 2017."""
    table = risk.load_failure_rates()
    policy = table[(table["evidence"] == "policy_limit") & table["value"].notna()]
    text = all_text(risk_charts.failure_claims_chart(risk.failure_claims())).replace("\n", " ")
    for claimant in policy["claimant"]:
        assert claimant in text
    dod_2008 = policy.set_index("estimate_id").loc["us_dod_policy_2008"]
    assert "rescinded" in dod_2008["claimant"] and "2017" in dod_2008["claimant"]


def test_failure_claims_chart_says_what_each_claim_is_about() -> None:
    """The lowest and highest rates differ in scope: each row says which rounds it is about."""
    result = risk.failure_claims()
    fig = risk_charts.failure_claims_chart(result)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    for row, label in zip(result.claims.itertuples(), labels, strict=True):
        assert label.endswith(risk_charts.scope_label(row.scope))
    assert len({risk_charts.scope_label(s) for s in risk.DEFAULT_SCOPES}) == 2


def test_tiny_counts_whose_interval_leaves_out_the_mean_still_draw() -> None:
    """1 submunition at 2.35 %: expected 0.02, exact interval 0-0; the bar spans 0-0."""
    duds = risk.duds_by_source(1, 1)
    assert (duds["expected"] > duds["high"]).any()  # the case that used to crash
    assert isinstance(risk_charts.duds_chart(duds), Figure)
    assert isinstance(risk_charts.dud_curve_chart(risk.dud_curve(1)), Figure)
    assert isinstance(risk_charts.mines_timeline_chart(risk.mines_timeline(1)), Figure)
