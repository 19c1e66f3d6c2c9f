"""Annotations point into the verbatim texts exactly, and the loaders reject any that do not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from treatylens.errors import DataFileError
from treatylens.io.sources import (
    ANNOTATIONS,
    load_annotations,
    load_article,
    load_articles,
    load_claims,
    load_translation,
    locate,
    strip_boilerplate,
)

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_every_quote_is_at_its_offsets(name: str) -> None:
    # Read with the csv module, not the loader, so the check does not depend on the code
    # it is checking.
    texts = load_articles()
    with open(SOURCES / ANNOTATIONS[name].file, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        text = texts[row["article"]]
        assert text[int(row["start"]):int(row["end"])] == row["quote"], row


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_loaders_accept_the_committed_files(name: str) -> None:
    table = load_annotations(name)
    assert (table["start"] < table["end"]).all()
    assert set(table["article"]) <= {"000", "001", "002", "003", "004"}


REQUIRED_CLAIMS = [
    ("003", "164 countries worldwide have ratified the convention banning the use of "
            "anti-personnel mines (Ottawa Treaty)", "treaty-count"),
    ("001", "more than 160 countries have signed an international treaty banning their use",
     "treaty-count"),
    ("002", "neither the US, Ukraine, nor Russia have joined the international agreement "
            "banning cluster munitions", "treaty-membership"),
    ("000", "Dozens of countries ban the use of these munitions under the 2008 Oslo Accords",
     "treaty-count"),
    ("000", "the 2008 Oslo Accords", "treaty-name"),
    ("003", "Neither the U.S. nor Russia has signed the convention", "treaty-membership"),
]


@pytest.mark.parametrize(("article", "quote", "kind"), REQUIRED_CLAIMS)
def test_required_claims_are_annotated(article: str, quote: str, kind: str) -> None:
    claims = load_claims()
    match = claims[(claims["article"] == article) & (claims["quote"] == quote)]
    assert len(match) == 1
    assert match.iloc[0]["kind"] == kind
    assert match.iloc[0]["checkable_against_data"] == "yes"


def test_claims_are_dated_by_their_article() -> None:
    claims = load_claims()
    as_of = claims.groupby("article")["as_of"].unique().to_dict()
    assert {k: list(v) for k, v in as_of.items()} == {
        "000": ["2023-07-11"], "001": ["2024-11-20"], "002": ["2023-07-07"],
        "003": ["2024-11-20"], "004": ["2024-11-20"],
    }


def test_every_checkable_treaty_claim_has_a_data_check() -> None:
    """Treaty verdicts are computed (treatylens.claims), never typed: each needs a check row."""
    from treatylens.claims import load_claim_checks

    claims = load_claims()
    treaty = claims[claims["kind"].str.startswith("treaty") & (claims["checkable_against_data"]
                                                                == "yes")]
    assert set(treaty["claim_id"]) <= set(load_claim_checks()["claim_id"])
    oslo = claims[claims["quote"] == "the 2008 Oslo Accords"].iloc[0]
    assert oslo["verdict"] == "wrong name"


def test_attributions_trace_relayed_sources() -> None:
    table = load_annotations("attributions")
    relayed = table.groupby("article")["relayed_by"].apply(set).to_dict()
    assert "TASS" in relayed["000"]
    assert "The Washington Post" in relayed["001"] and "The Washington Post" in relayed["003"]
    assert "Reuters" in relayed["004"]
    sullivan = table[table["speaker"].str.contains("Sullivan")]
    assert set(sullivan["relayed_by"]) >= {"TASS"}


def test_numbers_keep_their_hedges() -> None:
    table = load_annotations("numbers").set_index("quote")
    assert table.loc["more than 160 countries", "hedge"] == "more than"
    assert table.loc["164 countries", "hedge"] == ""
    assert table.loc["Dozens of countries", "hedge"] == "dozens"
    assert table.loc["1,000 days", "value"] == "1000"


def test_mt_notes_are_on_english_articles() -> None:
    notes = load_annotations("mt_notes")
    assert set(notes["article"]) <= {"000", "001", "002", "003"}
    assert {"high", "medium", "low"} >= set(notes["confidence"])
    assert (notes["likely_meaning"] != "").all()


# --- strip_boilerplate --------------------------------------------------------------------


def test_strip_boilerplate_removes_page_furniture_and_keeps_the_story() -> None:
    clean = strip_boilerplate("000")
    assert "Leave a Reply" not in clean and "Back to top button" not in clean
    assert not clean.startswith("World")
    assert clean.startswith("Providing Kyiv with cluster munitions")
    assert clean.endswith("China and Russia.")


def test_strip_boilerplate_on_003_keeps_the_heading_claim() -> None:
    clean = strip_boilerplate("003")
    assert "Wirtualna Polska" not in clean and "Violetta Baran" not in clean
    assert "Another breakthrough decision" not in clean
    assert "Neither the U.S. nor Russia has signed the convention" in clean
    assert "\n\n\n" not in clean


def test_strip_boilerplate_leaves_articles_without_annotations_whole() -> None:
    assert strip_boilerplate("002") == load_article("002").strip()


# --- translation --------------------------------------------------------------------------


def test_translation_is_paragraph_aligned_with_the_verbatim_arabic() -> None:
    table = load_translation("004")
    lines = load_article("004").split("\n")
    assert table["paragraph"].tolist() == list(range(1, len(lines) + 1))
    assert table["arabic"].tolist() == lines
    assert table.loc[4, "course_translation"].startswith("A US official")
    assert "anonymity" in table.loc[4, "translator_notes"]


def test_translation_is_labelled_as_the_course_s_own() -> None:
    header = (SOURCES / "translations" / "004_en.csv").read_text(encoding="utf-8").split("\n")[0]
    assert "course_translation" in header
    readme = (SOURCES / "translations" / "README.md").read_text(encoding="utf-8")
    assert "course's own translation" in readme


# --- validation on hand-made files --------------------------------------------------------


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Alpha beta.\nGamma delta.", encoding="utf-8")
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("id,file,title,language,event\n000,a.txt,t,en,cluster-2023\n",
                        encoding="utf-8")
    return metadata


def _boilerplate(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "boilerplate.csv"
    path.write_text("article,start,end,quote,kind,note\n" + rows, encoding="utf-8")
    return path


def test_good_hand_made_annotation_loads(tmp_path: Path) -> None:
    metadata = _corpus(tmp_path)
    path = _boilerplate(tmp_path, "000,0,5,Alpha,navigation,\n")
    assert load_annotations("boilerplate", path, metadata)["end"].tolist() == [5]
    assert strip_boilerplate("000", path, metadata) == "beta.\nGamma delta."


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("000,0,5,Alpha,navigation,\n000,0,4,Alpha,navigation,\n",
         r"line 3: quote does not match article 000 at 0:4"),
        ("001,0,5,Alpha,navigation,\n", r"line 2: unknown article '001'"),
        ("000,0,5,Alpha,advert,\n", r"line 2: kind 'advert' is not one of"),
        ("000,20,40,x,navigation,\n", r"line 2: span 20:40 is not inside article 000"),
        ("000,a,5,Alpha,navigation,\n", r"line 2: start/end must be whole numbers"),
    ],
)
def test_bad_annotation_rows_are_named(tmp_path: Path, rows: str, message: str) -> None:
    metadata = _corpus(tmp_path)
    with pytest.raises(DataFileError, match=message):
        load_annotations("boilerplate", _boilerplate(tmp_path, rows), metadata)


def test_line_numbers_count_quotes_that_span_lines(tmp_path: Path) -> None:
    metadata = _corpus(tmp_path)
    rows = '000,6,17,"beta.\nGamma",navigation,\n000,0,5,alpha,navigation,\n'
    with pytest.raises(DataFileError, match=r"line 4: quote does not match"):
        load_annotations("boilerplate", _boilerplate(tmp_path, rows), metadata)


def test_missing_column_and_duplicate_claim_id(tmp_path: Path) -> None:
    metadata = _corpus(tmp_path)
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,article,quote,start,end\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 1: missing column"):
        load_annotations("claims", path, metadata)
    header = ("claim_id,article,claim,quote,start,end,kind,attributed_to,"
              "checkable_against_data,verdict,evidence,as_of\n")
    row = "c1,000,c,Alpha,0,5,other,x,no,,,2023-07-07\n"
    path.write_text(header + row + row, encoding="utf-8")
    with pytest.raises(DataFileError, match="duplicate claim_id"):
        load_annotations("claims", path, metadata)
    path.write_text(header + row.replace("2023-07-07", "July 2023"), encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2: as_of 'July 2023'"):
        load_annotations("claims", path, metadata)


def test_translation_that_drifts_from_the_original_is_rejected(tmp_path: Path) -> None:
    metadata = _corpus(tmp_path)
    path = tmp_path / "000_en.csv"
    path.write_text(
        "paragraph,arabic,course_translation,translator_notes\n"
        "1,Alpha beta.,A b.,\n2,Gamma delta!,G d.,\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="line 3: arabic is not line 2"):
        load_translation("000", path, metadata)


def test_locate_finds_the_nth_occurrence() -> None:
    text = load_article("003")
    caption = "Another breakthrough decision by Biden."
    first, second = locate(text, caption), locate(text, caption, occurrence=2)
    assert first[0] < second[0] and text[second[0]:second[1]] == caption
    with pytest.raises(ValueError, match="fewer than 3"):
        locate(text, caption, occurrence=3)
