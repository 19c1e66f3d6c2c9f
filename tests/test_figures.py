"""figures/ holds every registered figure, and its README's alt text matches today's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylens import figures, treaties
from treatylens.charts import maps

ROOT = Path(__file__).resolve().parents[1]
SPECS = figures.registry()


def test_readme_is_what_make_figures_writes() -> None:
    committed = (ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    assert committed == figures.readme_text(SPECS), (
        "figures/README.md is out of date with the data: run `make figures` and commit"
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_figure_is_committed_as_png_and_svg(spec: figures.FigureSpec) -> None:
    for suffix in (".png", ".svg"):
        path = ROOT / "figures" / f"{spec.name}{suffix}"
        assert path.is_file() and path.stat().st_size > 10_000, f"{path} missing: make figures"


def test_alt_text_carries_the_counts_and_no_colour_codes() -> None:
    spec = next(s for s in SPECS if s.name == "ottawa_status_2024-11-20")
    text = spec.alt_text()
    parties = int(treaties.counts("ottawa", "2024-11-20")["party"])
    assert f"party: {parties} (blue, no hatching)" in text
    assert "#" not in text


def test_figures_are_reproducible(tmp_path: Path) -> None:
    spec = next(s for s in SPECS if s.name == "ccm_timeline")
    first = [p.read_bytes() for p in maps.save_figure(spec.build(), "a", tmp_path)]
    second = [p.read_bytes() for p in maps.save_figure(spec.build(), "b", tmp_path)]
    assert first == second


# --- nothing is cut at the canvas edge ------------------------------------------------------

# Figures drawn by modules outside maps.py whose overflow is fixed elsewhere (see issue 9,
# item 20); listed so the check still runs and reports them, without failing this file.
CUT_ELSEWHERE = {"04_alignment_004_arabic", "06_duds_by_source"}


def test_the_bounds_check_finds_a_footnote_and_a_title_past_the_edge() -> None:
    fig = maps.new_figure((4.0, 3.0))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    fig.text(0.5, 0.01, "a footnote far too long for a four-inch figure " * 4, ha="center")
    assert len(figures.artists_outside(fig)) == 1
    ax.set_title("line one\nline two", y=1.3)
    problems = figures.artists_outside(fig)
    assert len(problems) == 2 and any("line one" in p for p in problems)


def test_a_figure_that_fits_passes_the_bounds_check() -> None:
    fig = maps.new_figure((4.0, 3.0))
    fig.add_subplot().set_title("fits")
    fig.text(0.5, 0.01, "short note", ha="center")
    assert figures.artists_outside(fig) == []


@pytest.mark.parametrize(
    "spec",
    SPECS,
    ids=lambda s: s.name,
)
def test_no_exported_figure_is_cut_at_its_edges(spec: figures.FigureSpec) -> None:
    assert figures.artists_outside(spec.build()) == []


def test_lesson_03_figures_are_not_cut() -> None:
    as_of = treaties.data_as_of("ottawa")
    ottawa = treaties.status("ottawa", as_of)
    grey = maps.in_greyscale(maps.status_map(ottawa, as_of, "ottawa"), "In grey-scale")
    assert figures.artists_outside(grey) == []
    assert figures.artists_outside(maps.projection_comparison(["RUS", "COD"])) == []
    assert figures.artists_outside(maps.status_map(treaties.status("ottawa", "1999-12-31"),
                                                   "1999-12-31", "ottawa")) == []
