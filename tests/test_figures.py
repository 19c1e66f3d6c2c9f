"""figures/ holds every registered figure, and its README's alt text matches today's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylens import figures, maps, treaties

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
