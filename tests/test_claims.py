"""The articles' treaty claims, checked against the data as of each article's date.

Expected figures come from sources outside the code, never from recomputing them the way
`treatylens.claims` does:
- Ottawa on 2024-11-20: 164 States Parties (Landmine Monitor 2023: "The treaty's 164 States
  Parties"; no change until 2025), of which 129 ratified (issue 9, compared with the UN Treaty
  Collection page), and 133 signatures (the UNTC status page XXVI-5 lists 133 signature dates;
  signature closed when the convention entered into force).
- CCM on 2023-07-11: 111 States Parties and 12 signatories (Convention implementation support
  unit: Nigeria became State Party no. 111 on 28 February 2023, 12 signatories remaining);
  the CCM entered into force for Nigeria on 1 August 2023 (Art. 17(2)), so 110 were bound.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from treatylens import claims
from treatylens.errors import DataFileError
from treatylens.io.sources import load_claims


def _measure(result: claims.ClaimCheck, label: str) -> int:
    return int(result.evidence.set_index("measure").loc[label, "states"])


# --- one rule for verbs ---------------------------------------------------------------------


def test_164_ratified_is_the_right_number_with_a_loose_verb() -> None:
    result = claims.check_claim("003-ottawa-count")
    assert result.as_of == "2024-11-20"
    assert result.verdict == "right number, loose verb"
    assert _measure(result, "States Parties (joined, not withdrawn)") == 164
    assert _measure(result, "of which by ratification") == 129
    assert "129" in result.explanation and "acceded" in result.explanation


def test_more_than_160_signed_gets_the_same_verdict_for_the_same_reason() -> None:
    result = claims.check_claim("001-ottawa-count")
    assert result.verdict == "right number, loose verb"
    assert _measure(result, "states that ever signed") == 133
    assert "133" in result.explanation and "without signing" in result.explanation


def _spec(**fields: str) -> pd.Series:
    base = {"treaty": "ottawa", "check": "count", "verb": "joined", "states": "",
            "stated": "164", "hedge": "exact", "note": ""}
    return pd.Series({**base, **fields}, name="003-ottawa-count")


@pytest.mark.parametrize(
    ("verb", "stated", "hedge", "verdict"),
    [
        ("joined", "164", "exact", "accurate"),           # the exact verb
        ("ratified", "129", "exact", "accurate"),         # the strict count of "ratified"
        ("signed", "133", "exact", "accurate"),           # the strict count of "signed"
        ("signed", "130", "more_than", "accurate, imprecise"),
        ("ratified", "164", "exact", "right number, loose verb"),
        ("signed", "160", "more_than", "right number, loose verb"),
        ("joined", "170", "exact", "inaccurate"),
        ("signed", "170", "more_than", "inaccurate"),
    ],
)
def test_the_rule_for_verbs(verb: str, stated: str, hedge: str, verdict: str) -> None:
    outcome = claims._check_count(_spec(verb=verb, stated=stated, hedge=hedge), "2024-11-20")
    assert outcome.verdict == verdict


def test_every_verdict_a_check_gives_is_defined() -> None:
    assert set(claims.verdict_table()["verdict"]) <= set(claims.VERDICTS)
    assert "right number, wrong word" not in claims.VERDICTS


# --- dozens, and the in-force count ---------------------------------------------------------


def test_dozens_is_vague_and_understated_not_false() -> None:
    count = claims.check_claim("000-ccm-count")
    assert count.verdict == "understated"
    assert "111 States Parties" in count.explanation
    assert "12 more signatories" in count.explanation
    assert "not false" in count.explanation
    assert 24 in claims.DOZENS and 99 in claims.DOZENS and 100 not in claims.DOZENS


@pytest.mark.parametrize(("day", "verdict"), [("2010-08-01", "accurate"),
                                               ("2009-06-01", "inaccurate")])
def test_dozens_on_other_days(day: str, verdict: str) -> None:
    """30 States Parties when the CCM entered into force (Art. 17(1)); none before 2009."""
    spec = claims.load_claim_checks().set_index("claim_id").loc["000-ccm-count"]
    assert claims._check_count(spec, day).verdict == verdict


def test_both_counts_on_2023_07_11_nigeria_not_yet_bound() -> None:
    table = claims.measures("ccm", "2023-07-11").set_index("measure")["states"]
    assert table["States Parties (joined, not withdrawn)"] == 111
    assert table["of which the treaty was in force for"] == 110
    waiting = claims.not_yet_in_force("ccm", "2023-07-11")
    assert list(waiting["iso3"]) == ["NGA"]
    assert waiting.loc[0, "in_force_from"] == pd.Timestamp("2023-08-01")
    assert claims.not_yet_in_force("ccm", "2023-08-01").empty
    assert "Nigeria" in claims.check_claim("000-ccm-count").explanation


# --- names, membership and use --------------------------------------------------------------


def test_neither_us_ukraine_nor_russia_in_the_ccm_is_accurate_with_evidence() -> None:
    result = claims.check_claim("002-ccm-outside")
    assert result.verdict == "accurate"
    assert sorted(result.evidence["iso3"]) == ["RUS", "UKR", "USA"]
    assert (result.evidence["status"] != "party").all()


def test_oslo_accords_is_a_wrong_name() -> None:
    name = claims.check_claim("000-ccm-name")
    assert name.verdict == "wrong name"
    assert "Convention on Cluster Munitions" in name.explanation


def test_correct_names_pass() -> None:
    assert claims.check_claim("003-ottawa-name").verdict == "accurate"
    assert claims.check_claim("002-ccm-name").verdict == "accurate"


def test_russia_refrained_is_contradicted_by_reports_before_the_article() -> None:
    result = claims.check_claim("002-russia-refrained")
    assert result.verdict == "contradicted by documentation"
    assert set(result.evidence["publisher"]) == {"Human Rights Watch",
                                                 "Cluster Munition Coalition"}
    assert (result.evidence["published"] <= "2023-07-07").all()
    assert "24 February 2022" in result.explanation


def test_a_use_claim_counts_only_reports_published_by_its_day() -> None:
    spec = claims.load_claim_checks().set_index("claim_id").loc["002-russia-refrained"]
    before = claims._check_use(spec, "2022-05-10")  # the day before HRW's report
    assert before.verdict == "no documentation held" and before.evidence.empty
    between = claims._check_use(spec, "2022-05-11")
    assert list(between.evidence["publisher"]) == ["Human Rights Watch"]


def test_the_verdict_depends_on_the_date() -> None:
    """The same words checked on a later day get another verdict: Ottawa lost parties."""
    spec = claims.load_claim_checks().set_index("claim_id").loc["003-ottawa-count"]
    outcome = claims._check_count(spec, "2026-02-03")
    assert outcome.verdict == "inaccurate" and "162" in outcome.explanation


def test_claims_csv_verdicts_agree_with_the_computed_ones() -> None:
    computed = claims.verdict_table().set_index("claim_id")["verdict"]
    recorded = load_claims().set_index("claim_id")["verdict"]
    for claim_id, verdict in computed.items():
        assert recorded[claim_id] == verdict, (
            f"claims.csv says {recorded[claim_id]!r} for {claim_id}, the check says {verdict!r}")


def test_unknown_claim_lists_the_checkable_ones() -> None:
    with pytest.raises(KeyError, match="003-ottawa-count"):
        claims.check_claim("999-nothing")


# --- the data files' rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, problem",
    [
        ("nope,ccm,count,ban,,24,dozens,", "is not in claims.csv"),
        ("000-ccm-count,oslo,count,ban,,24,dozens,", "treaty 'oslo'"),
        ("000-ccm-count,ccm,count,ban,,many,dozens,", "whole number"),
        ("000-ccm-outside,ccm,outside,joined,USA;XXX,,,", "unknown: ['XXX']"),
        ("000-ccm-name,ccm,name,,,,,", "stated name"),
        ("002-russia-refrained,ccm,use,,RUS;UKR,,,", "one known ISO code"),
    ],
)
def test_bad_check_rows_name_the_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "claim_checks.csv"
    path.write_text("claim_id,treaty,check,verb,states,stated,hedge,note\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"line 2: .*{problem}".replace("[", r"\[")
                       .replace("]", r"\]")):
        claims.load_claim_checks(path)


GOOD_REPORT = ("r1,RUS,cluster munitions,UKR,2022-02-24,found,HRW,Title,2022-05-11,"
               "https://example.org,R,")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("RUS,cluster", "XXX,cluster"), "user 'XXX'"),
        (("cluster munitions", "bombs"), "weapon 'bombs'"),
        (("2022-05-11", "11 May 2022"), "published '11 May 2022' is not a YYYY-MM-DD"),
        ((",R,", ",U,"), "status 'U'"),
        ((",R,", ",R2,"), "name the relay"),
        ((",found,", ",,"), "finding is empty"),
    ],
)
def test_bad_use_report_rows_name_the_line(tmp_path: Path, change: tuple[str, str],
                                           problem: str) -> None:
    path = tmp_path / "use_reports.csv"
    header = ",".join(claims.USE_REPORT_COLUMNS)
    path.write_text(f"{header}\n{GOOD_REPORT}\n{GOOD_REPORT.replace(*change)}\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=f"line 3: .*{problem}"):
        claims.load_use_reports(path)


def test_use_reports_cite_dated_sources() -> None:
    reports = claims.load_use_reports()
    assert set(reports["status"]) <= {"R", "R2"}
    assert reports["url"].str.startswith("https://").all()


# --- corrections ----------------------------------------------------------------------------


def test_draft_correction_proposes_wording_not_shorthand() -> None:
    draft = claims.draft_correction(claims.check_claim("001-ottawa-count"))
    assert draft.startswith("Correction:")
    assert "“more than 160 countries have signed" in draft
    assert "It should have said: “more than 160 countries have joined an international " \
           "treaty banning their use”" in draft
    assert "20 November 2024" in draft and "2024-11-20" not in draft
    assert "'more than 160 signed'" not in draft  # the old shorthand


def test_the_dozens_correction_fixes_the_name_inside_it_too() -> None:
    result = claims.check_claim("000-ccm-count")
    assert result.corrected == ("111 countries ban the use of these munitions under the 2008 "
                                "Convention on Cluster Munitions")
    assert claims.check_claim("000-ccm-name").corrected == \
        "the 2008 Convention on Cluster Munitions"


def test_accurate_claims_need_no_correction() -> None:
    fine = claims.draft_correction(claims.check_claim("002-ccm-outside"))
    assert fine.startswith("No correction needed")
    assert claims.check_claim("002-ccm-outside").corrected == ""
