"""Numbers joined to claims, and the course's review of the alignment proposals."""

from __future__ import annotations

import pandas as pd
import pytest

from treatylens import coverage
from treatylens.errors import DataFileError


def test_number_comparison_puts_160_beside_164() -> None:
    table = coverage.number_comparison()
    row = table.loc["Number of states in the mine-ban treaty"]
    assert "more than 160" in row["001"] and "164" in row["003"]
    assert (table.astype(bool).sum(axis=1) >= 2).all()


def test_numbers_by_claim_keeps_every_number() -> None:
    table = coverage.numbers_by_claim()
    from treatylens.io.sources import load_numbers

    assert set(zip(load_numbers()["article"], load_numbers()["quote"], strict=True)) == set(
        zip(table["article"], table["quote"], strict=True))


def test_review_loads_and_covers_every_default_proposal() -> None:
    review = coverage.load_alignment_review()
    assert set(review["verdict"]) <= coverage.REVIEW_VERDICTS
    for target in ("001", "003"):
        reviewed = coverage.review_alignment(coverage.align_articles("004", target),
                                             "004", target)
        assert "not reviewed" not in set(reviewed["verdict"]), target


def test_review_rejects_a_quote_not_in_the_article(tmp_path) -> None:
    bad = pd.DataFrame([{"source": "004", "target": "001", "source_quote": "not there",
                         "target_quote": "Biden", "verdict": "right", "reason": ""}])
    path = tmp_path / "review.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(DataFileError, match="line 2"):
        coverage.load_alignment_review(path)
    bad["source_quote"], bad["verdict"] = "وافق", "maybe"
    bad.to_csv(path, index=False)
    with pytest.raises(DataFileError, match="verdict"):
        coverage.load_alignment_review(path)


def test_sentence_number_needs_exactly_one_sentence() -> None:
    assert coverage.sentence_number(["a b", "c d"], "c") == 2
    with pytest.raises(ValueError):
        coverage.sentence_number(["a b", "a c"], "a")


def test_with_translation_adds_the_paragraph_translation() -> None:
    table = coverage.with_translation(coverage.align_articles("004", "001"), "004")
    assert (table["status"] == "matched").all()
    assert table["course_translation"].str.len().gt(0).all()
    from treatylens.io.sources import load_translation

    assert table["paragraph"].between(1, len(load_translation("004"))).all()
