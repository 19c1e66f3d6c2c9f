"""Alt text for the figures the lessons draw, read off the figure itself.

Loaded only by the kernels that run the lessons for the website (`course_site` writes an
IPython startup file that calls `register`). A matplotlib figure's plain-text form, normally
"<Figure size 1100x620 with 1 Axes>", becomes a description of what is drawn on it: the
figure's and each panel's title, the axis labels, the legend's heading and entries (counts
included, as the legend prints them). The site uses that text as the image's alt text.
Figures that carry no text at all keep matplotlib's own repr (the site then says so).
"""

from __future__ import annotations

import re

MAX_CHARS = 900


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _legend_text(legend) -> str:
    if legend is None or not legend.get_visible():
        return ""
    title = _clean(legend.get_title().get_text())
    entries = [_clean(t.get_text()) for t in legend.get_texts() if _clean(t.get_text())]
    if not entries:
        return ""
    return f"Legend{f' ({title})' if title else ''}: {', '.join(entries)}"


def describe(fig) -> str:
    """What a reader sees of the figure's text, one sentence per panel."""
    parts = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and _clean(suptitle.get_text()):
        parts.append(_clean(suptitle.get_text()))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        bits = []
        titles = [_clean(ax.get_title(loc)) for loc in ("left", "center", "right")]
        title = " ".join(t for t in titles if t)
        if title:
            bits.append(title)
        labels = [(_clean(ax.get_xlabel()), "horizontal axis"),
                  (_clean(ax.get_ylabel()), "vertical axis")]
        if ax.axison:
            bits += [f"{where}: {label}" for label, where in labels if label]
        legend = _legend_text(ax.get_legend())
        if legend:
            bits.append(legend)
        if bits:
            parts.append("; ".join(bits))
    for legend in getattr(fig, "legends", []):
        text = _legend_text(legend)
        if text:
            parts.append(text)
    if not parts:
        return ""
    text = "Figure: " + ". ".join(p.rstrip(".") for p in parts) + "."
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def _pretty(fig, printer, cycle) -> None:
    printer.text(describe(fig) or repr(fig))


def register(ip) -> None:
    """Make `describe` the plain-text form of matplotlib figures in this IPython shell.

    Registered again before every cell: `%matplotlib inline` removes every formatter
    registered for `Figure`, text/plain included, when the imports cell runs it.
    """
    if ip is None:
        return

    def again(*_args) -> None:
        formatter = ip.display_formatter.formatters["text/plain"]
        formatter.for_type_by_name("matplotlib.figure", "Figure", _pretty)

    again()
    ip.events.register("pre_run_cell", again)
