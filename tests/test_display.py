"""Arabic cells render right to left; everything is escaped; highlights are labelled."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.display import HTML

from treatylens.display import highlight_spans, highlight_spans_html, rtl, side_by_side
from treatylens.io.sources import load_translation


def test_side_by_side_marks_arabic_cells_rtl_and_english_ltr() -> None:
    table = pd.DataFrame({"paragraph": [1], "arabic": ["مرحبا <b>"], "english": ["hello"]})
    shown = side_by_side(table)
    assert isinstance(shown, HTML)
    assert shown.data.count('dir="rtl" lang="ar"') == 2  # header and cell
    assert "direction:rtl" in shown.data and "text-align:right" in shown.data
    assert 'dir="ltr"' in shown.data
    assert "&lt;b&gt;" in shown.data and "<b>" not in shown.data


def test_side_by_side_of_the_course_translation() -> None:
    table = load_translation("004")[["paragraph", "arabic", "course_translation"]]
    html = side_by_side(table, caption="004").data
    assert html.count("<tr>") == len(table) + 1
    assert table["arabic"].iloc[0][:20] in html


def test_unknown_column_and_ltr_language_are_refused() -> None:
    table = pd.DataFrame({"text": ["x"]})
    with pytest.raises(KeyError, match="arabic"):
        side_by_side(table)
    with pytest.raises(ValueError, match="right-to-left"):
        side_by_side(table, rtl_columns=["text"], language="en")


def test_rtl_block() -> None:
    assert 'dir="rtl"' in rtl("نص\nسطر").data and "<br>" in rtl("نص\nسطر").data


def test_highlight_spans_labels_and_escapes() -> None:
    html = highlight_spans_html("a <x> b c", [(6, 7, "kind-1")])
    assert "[kind-1]" in html and "&lt;x&gt;" in html
    assert isinstance(highlight_spans("abc", [(0, 1, "k")]), HTML)


@pytest.mark.parametrize("spans", [[(0, 9, "k")], [(0, 2, "k"), (1, 3, "k")]])
def test_highlight_spans_rejects_bad_spans(spans) -> None:
    with pytest.raises(ValueError):
        highlight_spans_html("abcd", spans)


def test_table_html_sets_each_arabic_cell_right_to_left() -> None:
    import pandas as pd

    from treatylens.display import table_html

    table = pd.DataFrame({"article": ["001", "004"],
                          "quote": ["more than 160 countries", "أكثر من 160 دولة"],
                          "score": [0.5, 0.12345]})
    with pd.option_context("display.float_format", "{:.3f}".format):
        out = table_html(table)
    assert out.count('dir="rtl"') == 1 and 'lang="ar"' in out
    assert "0.123" in out and "0.12345" not in out
    assert "&lt;" in table_html(pd.DataFrame({"x": ["<b>"]}))


def test_table_html_keeps_a_labelled_index() -> None:
    """number_comparison's rows are labelled by claim: dropping the index lost them."""
    import pandas as pd

    from treatylens.display import table_html

    labelled = pd.DataFrame({"001": ["164 countries"]},
                            index=pd.Index(["Number of states"], name="claim"))
    assert "Number of states" in table_html(labelled) and ">claim<" in table_html(labelled)
    plain = pd.DataFrame({"x": ["a"]})
    assert ">index<" not in table_html(plain)
