"""HTML displays for the notebooks: Arabic right-to-left beside English, highlighted spans.

Jupyter renders a DataFrame left-to-right whatever its script, so an Arabic sentence in a
plain table starts at the wrong edge and its punctuation lands at the wrong end. These
helpers build small HTML tables in which every Arabic cell (and its header) carries
`dir="rtl" lang="ar"`: the browser then lays the text out right to left and shapes it, and a
screen reader knows which language it reads. Everything is escaped, so a `<` in an article
cannot break the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from IPython.display import HTML

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
TABLE_STYLE = "border-collapse:collapse;width:100%;table-layout:auto"
CELL_STYLE = "border:1px solid #cccccc;padding:4px 8px;vertical-align:top"
LTR_STYLE = "text-align:left"
RTL_STYLE = "direction:rtl;text-align:right;unicode-bidi:embed"


def _cell(tag: str, value: Any, language: str | None) -> str:
    """One table cell; right-to-left with its language when `language` is an RTL one."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    body = html.escape(text).replace("\n", "<br>")
    if language in RTL_LANGUAGES:
        return (f'<{tag} dir="rtl" lang="{language}" style="{CELL_STYLE};{RTL_STYLE}">'
                f"{body}</{tag}>")
    lang = f' lang="{language}"' if language else ""
    return f'<{tag} dir="ltr"{lang} style="{CELL_STYLE};{LTR_STYLE}">{body}</{tag}>'


def side_by_side_html(
    table: pd.DataFrame,
    rtl_columns: Iterable[str] = ("arabic",),
    language: str = "ar",
    caption: str = "",
) -> str:
    """The HTML of `table` with the `rtl_columns` right-to-left in `language`.

    The other columns are marked left-to-right, so a number or an English sentence next to
    the Arabic keeps its own direction. The index is not shown: put what a reader needs
    (a paragraph or sentence number) in a column.
    """
    rtl = set(rtl_columns)
    unknown = rtl - set(table.columns)
    if unknown:
        raise KeyError(f"no column(s) {sorted(unknown)} in the table; columns are "
                       f"{list(table.columns)}")
    if language not in RTL_LANGUAGES:
        raise ValueError(f"{language!r} is not a right-to-left language code "
                         f"({', '.join(sorted(RTL_LANGUAGES))})")

    def lang(column: str) -> str | None:
        return language if column in rtl else None

    head = "".join(_cell("th", column, lang(column)) for column in table.columns)
    rows = []
    for record in table.itertuples(index=False, name=None):
        cells = "".join(
            _cell("td", value, lang(column))
            for column, value in zip(table.columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table style="{TABLE_STYLE}">{title}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def side_by_side(
    table: pd.DataFrame,
    rtl_columns: Iterable[str] = ("arabic",),
    language: str = "ar",
    caption: str = "",
) -> HTML:
    """Show `table` in a notebook with its Arabic columns right-to-left (an IPython HTML).

    Typical use: `side_by_side(load_translation("004")[["paragraph", "arabic",
    "course_translation"]])`, the Arabic original beside the course's translation.
    """
    return HTML(side_by_side_html(table, rtl_columns, language, caption))


def rtl(text: str, language: str = "ar") -> HTML:
    """A block of right-to-left text, e.g. one Arabic paragraph, line breaks kept."""
    if language not in RTL_LANGUAGES:
        raise ValueError(f"{language!r} is not a right-to-left language code")
    body = html.escape(text).replace("\n", "<br>")
    return HTML(f'<div dir="rtl" lang="{language}" style="{RTL_STYLE}">{body}</div>')


MARK_STYLE = "background:#F0E442;padding:0 2px"  # Okabe-Ito yellow, with a label as well


def highlight_spans_html(
    text: str, spans: Sequence[tuple[int, int, str]], direction: str = "ltr"
) -> str:
    """`text` with each (start, end, label) span marked and its label shown in brackets.

    The label is printed as well as coloured, so the highlight does not rely on colour.
    Overlapping spans are not supported: they raise, rather than nest wrongly.
    """
    ordered = sorted(spans)
    pieces, cursor = [], 0
    for start, end, label in ordered:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span ({start}, {end}) is outside a text of {len(text)} characters")
        if start < cursor:
            raise ValueError(f"span ({start}, {end}) overlaps the previous span")
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f'<mark style="{MARK_STYLE}" title="{html.escape(label)}">'
                      f"<small>[{html.escape(label)}]</small> "
                      f"{html.escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return (f'<div dir="{direction}" style="white-space:pre-wrap;font-family:inherit;'
            f'border-left:3px solid #999999;padding-left:8px">{"".join(pieces)}</div>')


def highlight_spans(
    text: str, spans: Sequence[tuple[int, int, str]], direction: str = "ltr"
) -> HTML:
    """Show `text` with the given spans highlighted and labelled (an IPython HTML)."""
    return HTML(highlight_spans_html(text, spans, direction))


_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


def mostly_arabic(text: str) -> bool:
    """True when Arabic letters outnumber Latin ones: such a cell must be set right to left."""
    return len(_ARABIC.findall(text)) > len(_LATIN.findall(text))


def _formatted(value: Any) -> str:
    """A cell as pandas would print it, with the notebook's float format if one is set."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    float_format = pd.get_option("display.float_format")
    if isinstance(value, float) and float_format is not None:
        return float_format(value)
    return str(value)


def table_html(table: pd.DataFrame, caption: str = "", index: bool | None = None) -> str:
    """HTML of any table in which each cell that is mostly Arabic is right-to-left.

    For tables whose columns mix languages row by row (a quote from the Arabic article beside
    quotes from English ones): `side_by_side` marks whole columns; this decides per cell.
    The index is shown as columns when it carries labels (named, or not 0, 1, 2 …), as pandas
    would show it; `index=` forces either way.
    """
    if index is None:
        index = any(table.index.names) or not isinstance(table.index, pd.RangeIndex)
    if index:
        table = table.reset_index()
    head = "".join(_cell("th", column, None) for column in table.columns)
    rows = []
    for record in table.itertuples(index=False, name=None):
        cells = "".join(
            _cell("td", text, "ar" if mostly_arabic(text) else None)
            for text in (_formatted(value) for value in record)
        )
        rows.append(f"<tr>{cells}</tr>")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table style="{TABLE_STYLE}">{title}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def show_table(table: pd.DataFrame, caption: str = "", index: bool | None = None) -> HTML:
    """Show `table` with every mostly-Arabic cell right to left (see `table_html`)."""
    return HTML(table_html(table, caption, index))
