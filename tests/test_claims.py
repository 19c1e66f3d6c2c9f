"""The articles' treaty claims, checked against the data as of each article's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylens import claims
from treatylens.errors import DataFileError
from treatylens.sources import load_claims


def test_164_ratified_the_ottawa_treaty_is_accurate_on_2024_11_20() -> None:
    result = claims.check_claim("003-ottawa-count")
    assert result.as_of == "2024-11-20"
    assert result.verdict == "accurate"
    parties = result.evidence.set_index("measure").loc[
        "States Parties (joined, not withdrawn)", "states"]
    assert parties == 164
    assert "acceded" in result.explanation  # the verb nuance is taught, not hidden


def test_more_than_160_signed_is_the_right_number_with_the_wrong_verb() -> None:
    result = claims.check_claim("001-ottawa-count")
    assert result.verdict == "right number, wrong word"
    evidence = result.evidence.set_index("measure")["states"]
    assert evidence["States Parties (joined, not withdrawn)"] > 160
    assert evidence["states that ever signed"] <= 160
    assert "Signing and joining" in result.explanation


def test_neither_us_ukraine_nor_russia_in_the_ccm_is_accurate_with_evidence() -> None:
    result = claims.check_claim("002-ccm-outside")
    assert result.verdict == "accurate"
    assert sorted(result.evidence["iso3"]) == ["RUS", "UKR", "USA"]
    assert (result.evidence["status"] != "party").all()


def test_dozens_under_the_oslo_accords_is_understated_and_misnamed() -> None:
    count = claims.check_claim("000-ccm-count")
    assert count.verdict == "understated"
    assert "111 States Parties" in count.explanation
    name = claims.check_claim("000-ccm-name")
    assert name.verdict == "wrong name"
    assert "Convention on Cluster Munitions" in name.explanation


def test_correct_names_pass() -> None:
    assert claims.check_claim("003-ottawa-name").verdict == "accurate"
    assert claims.check_claim("002-ccm-name").verdict == "accurate"


def test_the_verdict_depends_on_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same words checked on a later day get another verdict: Ottawa lost parties."""
    spec = claims.load_claim_checks().set_index("claim_id").loc["003-ottawa-count"]
    verdict, explanation, _ = claims._check_count(spec, "2026-02-03")
    assert verdict == "inaccurate" and "162" in explanation


def test_claims_csv_verdicts_agree_with_the_computed_ones() -> None:
    computed = claims.verdict_table().set_index("claim_id")["verdict"]
    recorded = load_claims().set_index("claim_id")["verdict"]
    for claim_id, verdict in computed.items():
        assert recorded[claim_id] == verdict, (
            f"claims.csv says {recorded[claim_id]!r} for {claim_id}, the check says {verdict!r}")


def test_unknown_claim_lists_the_checkable_ones() -> None:
    with pytest.raises(KeyError, match="003-ottawa-count"):
        claims.check_claim("999-nothing")


@pytest.mark.parametrize(
    "row, problem",
    [
        ("nope,ccm,count,ban,,24,dozens,", "is not in claims.csv"),
        ("000-ccm-count,oslo,count,ban,,24,dozens,", "treaty 'oslo'"),
        ("000-ccm-count,ccm,count,ban,,many,dozens,", "whole number"),
        ("000-ccm-outside,ccm,outside,joined,USA;XXX,,,", "unknown: ['XXX']"),
        ("000-ccm-name,ccm,name,,,,,", "stated name"),
    ],
)
def test_bad_check_rows_name_the_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "claim_checks.csv"
    path.write_text("claim_id,treaty,check,verb,states,stated,hedge,note\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"line 2: .*{problem}".replace("[", r"\[")
                       .replace("]", r"\]")):
        claims.load_claim_checks(path)


def test_draft_correction_quotes_the_claim_and_states_the_facts() -> None:
    draft = claims.draft_correction(claims.check_claim("001-ottawa-count"))
    assert draft.startswith("Correction:")
    assert "more than 160 countries have signed" in draft and "164 States Parties" in draft
    fine = claims.draft_correction(claims.check_claim("002-ccm-outside"))
    assert fine.startswith("No correction needed")
