"""The alignment chart: Arabic tick labels drawn without missing glyphs, proposals marked."""

from __future__ import annotations

import io
import re
import warnings

import matplotlib
import pytest
from matplotlib.figure import Figure

from treatylens import coverage
from treatylens.charts import coverage as coverage_charts

matplotlib.use("Agg")
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def alignments():
    return {t: coverage.align_articles("004", t) for t in ("001", "003")}


def test_arabic_label_keeps_logical_order() -> None:
    assert coverage_charts.arabic_label("واحد اثنان ثلاثة", words=2) == "واحد اثنان …"
    assert coverage_charts.arabic_label("واحد", words=2) == "واحد"


def test_alignment_chart_has_arabic_labels_and_no_missing_glyphs(alignments) -> None:
    assert int(matplotlib.__version__.split(".")[1]) >= 11 or matplotlib.__version__[0] > "3"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = coverage_charts.alignment_chart(alignments)
        fig.savefig(io.BytesIO(), format="png")
    assert isinstance(fig, Figure)
    assert not [w for w in caught if "missing from" in str(w.message).lower()
                or "glyph" in str(w.message).lower()]
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    n_sources = int(alignments["001"]["source_no"].notna().sum())
    assert len(labels) == n_sources and all(ARABIC.search(label) for label in labels)
    # one bar per source sentence per target; proposals have a black edge
    assert len(ax.patches) == 2 * n_sources
    proposals = sum(int((a["status"] == "matched").sum()) for a in alignments.values())
    black = [p for p in ax.patches if p.get_edgecolor()[:3] == (0.0, 0.0, 0.0)]
    assert len(black) == proposals
    text = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert "Source:" in text and "threshold" in text


def test_alignment_chart_rejects_empty_and_mismatched_input(alignments) -> None:
    with pytest.raises(ValueError):
        coverage_charts.alignment_chart({})
    broken = alignments["003"][alignments["003"]["source_no"] != 1]
    with pytest.raises(ValueError, match="different source sentences"):
        coverage_charts.alignment_chart({"001": alignments["001"], "003": broken})


def test_proposed_bars_show_the_pair_score_and_a_diamond_the_best_elsewhere(alignments) -> None:
    # Issue 9, item 14: a proposal's bar is the proposed pair's score, not the sentence's
    # best score with any sentence; where they differ, a hollow diamond marks the best.
    fig = coverage_charts.alignment_chart(alignments)
    ax = fig.axes[0]
    black = [p for p in ax.patches if p.get_edgecolor()[:3] == (0.0, 0.0, 0.0)]
    widths = sorted(round(p.get_width(), 6) for p in black)
    scores = sorted(round(float(s), 6) for a in alignments.values()
                    for s in a.loc[a["status"] == "matched", "score"])
    assert widths == scores
    elsewhere = [a[(a["status"] == "matched") & (a["best_no"] != a["target_no"])]
                 for a in alignments.values()]
    best = sorted(round(float(s), 6) for t in elsewhere for s in t["best_score"])
    assert best, "measured: 004 #5 is paired with 001 #8 (0.510), its best is 001 #11 (0.648)"
    diamonds = sorted(round(float(x), 6) for c in ax.collections for x, _ in c.get_offsets())
    assert diamonds == best
    labels = [t.get_text() for t in ax.texts]
    assert any("0.510" in label and "0.648" in label for label in labels)
