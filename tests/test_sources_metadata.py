"""The source articles are the seeds byte for byte, and their metadata is validated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from treatylens.errors import DataFileError
from treatylens.sources import at_a_glance, load_article, load_metadata

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def test_five_articles_two_events() -> None:
    table = load_metadata()
    assert table["id"].tolist() == ["000", "001", "002", "003", "004"]
    assert table["event"].value_counts().to_dict() == {"mines-2024": 3, "cluster-2023": 2}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_articles_are_byte_identical_to_the_seeds() -> None:
    for row in load_metadata().itertuples():
        committed = (ROOT / "data" / "sources" / row.file).read_bytes()
        seed = (SEEDS / Path(row.file).name).read_bytes()
        assert hashlib.sha256(committed).hexdigest() == hashlib.sha256(seed).hexdigest(), row.file


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
