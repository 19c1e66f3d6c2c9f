"""The source articles are the seeds byte for byte, and their metadata is validated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from treatylens.errors import DataFileError
from treatylens.io.sources import at_a_glance, load_article, load_metadata, provenance

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def test_five_articles_two_events() -> None:
    table = load_metadata()
    assert table["id"].tolist() == ["000", "001", "002", "003", "004"]
    assert table["event"].value_counts().to_dict() == {"mines-2024": 3, "cluster-2023": 2}


#: SHA-256 of the collected seed files (shared/seeds/, which is not committed), typed here on
#: 2026-12-03 so that a clean clone still checks the articles are the seeds, byte for byte.
SEED_SHA256 = {
    "000_e53c83bb258d583f.txt": "cf7800d79f4041ba0d46bb340527226af4e7c319f89dd2995f6eefd7bc2e2535",
    "001_c469ed67ce8ff2bf.txt": "49556576c771409eb5aa2d0853062ee2f8b6089d7464b70a38f2cf2c069e7955",
    "002_c61ff54a42597c03.txt": "65ee42ad85b05b7b65272d2ec7ad6d06e47885d591d774b825f00c6c36ec44a7",
    "003_4aa878e568eeaab9.txt": "b4c445ea48aaa469934df2a59a8774d4c13fc04a0e7dfc6fc0c8f9c30f92b43f",
    "004_ec3ccb7a16ea4539.txt": "d277fbdbfbea4cfca43f5ce8791180687995dd9be04d11984e536014a5e3cb62",
}


def test_articles_are_byte_identical_to_the_seeds() -> None:
    """Checked on what the repository holds (the typed hashes), and against the seed files
    themselves when they sit beside the checkout."""
    files = {Path(row.file).name: row.file for row in load_metadata().itertuples()}
    assert sorted(files) == sorted(SEED_SHA256)
    for name, relative in files.items():
        committed = (ROOT / "data" / "sources" / relative).read_bytes()
        assert hashlib.sha256(committed).hexdigest() == SEED_SHA256[name], name
        if SEEDS.is_dir():
            assert committed == (SEEDS / name).read_bytes(), name


def test_article_text_is_utf8_and_arabic_survives() -> None:
    assert "بايدن" in load_article("004")


def test_unknown_article_lists_known_ids() -> None:
    with pytest.raises(KeyError, match="000, 001"):
        load_article("999")


def test_at_a_glance_has_one_row_per_article() -> None:
    table = at_a_glance()
    assert len(table) == 5 and (table["words"] > 100).all()


def _write_metadata(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    path = tmp_path / "metadata.csv"
    path.write_text("id,file,title,language,event\n" + rows, encoding="utf-8")
    return path


def test_bad_event_names_file_and_line(tmp_path: Path) -> None:
    path = _write_metadata(tmp_path, "000,a.txt,t,en,cluster-2023\n001,a.txt,t,en,mines-2025\n")
    with pytest.raises(DataFileError, match=r"metadata.csv, line 3: event 'mines-2025'"):
        load_metadata(path)


def test_missing_article_file_is_named(tmp_path: Path) -> None:
    path = _write_metadata(tmp_path, "000,missing.txt,t,en,cluster-2023\n")
    with pytest.raises(DataFileError, match=r"line 2: article file 'missing.txt'"):
        load_metadata(path)


def test_missing_column_and_duplicate_id(tmp_path: Path) -> None:
    path = tmp_path / "metadata.csv"
    path.write_text("id,file\n000,a.txt\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        load_metadata(path)
    path = _write_metadata(tmp_path, "000,a.txt,t,en,cluster-2023\n000,a.txt,t,en,mines-2024\n")
    with pytest.raises(DataFileError, match="duplicate article id"):
        load_metadata(path)


# --- provenance columns --------------------------------------------------------------------


def test_sha256_column_matches_each_article_file() -> None:
    for row in load_metadata().itertuples():
        data = (ROOT / "data" / "sources" / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file


def test_changed_article_text_is_caught_by_its_sha256(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    wrong = hashlib.sha256(b"other text").hexdigest()
    path = tmp_path / "metadata.csv"
    path.write_text(
        "id,file,title,language,event,sha256\n" f"000,a.txt,t,en,cluster-2023,{wrong}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 2: sha256 does not match 'a.txt'"):
        load_metadata(path)


def test_bad_provenance_value_names_column_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    path = tmp_path / "metadata.csv"
    path.write_text(
        "id,file,title,language,event,published\n000,a.txt,t,en,cluster-2023,11 July 2023\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 2: published '11 July 2023'"):
        load_metadata(path)


def test_outlet_is_only_filled_where_the_text_names_it() -> None:
    card = provenance()
    assert card["outlet"].to_dict() == {
        "000": "", "001": "", "002": "", "003": "conflictwatcher.com", "004": ""
    }
    texts = {i: load_article(i) for i in card.index}
    for article_id, outlet in card["outlet"].items():
        if outlet:
            assert outlet in texts[article_id]


def test_dates_and_their_certainty() -> None:
    card = provenance()
    assert card["published"].to_dict() == {
        "000": "2023-07-11", "001": "2024-11-20", "002": "", "003": "2024-11-20",
        "004": "2024-11-20",
    }
    assert card.loc["003", "date_certainty"] == "stated"
    assert "November 20, 2024" in load_article("003")
    # Every date that is not printed in the text is labelled an inference.
    for article_id, row in card.iterrows():
        if row["date_certainty"] != "stated":
            assert row["date_evidence"].startswith(("inferred", "not printed")), article_id


def test_genre_and_machine_translation_follow_the_texts() -> None:
    card = provenance()
    assert card["genre"].to_dict()["002"] == "news with opinion"
    assert card.loc["000", "machine_translation"] == "yes"
    assert card.loc["001", "machine_translation"] == "yes"
    assert "TASS" in card.loc["000", "sources_named"]
    assert "Reuters" in card.loc["004", "sources_named"]


def test_at_a_glance_keeps_its_narrow_columns() -> None:
    assert list(at_a_glance().columns) == ["title", "language", "event", "words", "opening line"]
