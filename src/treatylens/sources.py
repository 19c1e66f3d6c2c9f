"""The five news articles: their metadata and their verbatim text.

The texts are the course's source documents and are never edited; everything the course
says about them (metadata, annotations, translations) lives in separate files that point in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.paths import data_path

EVENTS = {"cluster-2023", "mines-2024"}
REQUIRED_METADATA_COLUMNS = ("id", "file", "title", "language", "event")


def metadata_path() -> Path:
    return data_path("sources", "metadata.csv")


def load_metadata(path: Path | None = None) -> pd.DataFrame:
    """One row per article, validated, with ids kept as the zero-padded strings ("000")."""
    path = path or metadata_path()
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED_METADATA_COLUMNS if c not in table.columns]
    if missing:
        raise DataFileError(path, f"missing column(s): {', '.join(missing)}", line=1)
    for offset, row in enumerate(table.itertuples(index=False)):
        line = offset + 2
        if row.event not in EVENTS:
            raise DataFileError(
                path, f"event {row.event!r} is not one of {sorted(EVENTS)}", line=line
            )
        if not (path.parent / row.file).is_file():
            raise DataFileError(path, f"article file {row.file!r} does not exist", line=line)
    duplicated = table["id"][table["id"].duplicated()].tolist()
    if duplicated:
        raise DataFileError(path, f"duplicate article id(s): {', '.join(duplicated)}")
    return table


def load_article(article_id: str, path: Path | None = None) -> str:
    """The verbatim text of one article, by id ("000" … "004")."""
    table = load_metadata(path)
    match = table[table["id"] == article_id]
    if match.empty:
        raise KeyError(
            f"no article with id {article_id!r}; known ids: {', '.join(table['id'])}"
        )
    base = (path or metadata_path()).parent
    return (base / match.iloc[0]["file"]).read_text(encoding="utf-8")


def at_a_glance(path: Path | None = None) -> pd.DataFrame:
    """The metadata with each article's length and opening line, for a first look.

    The opening line is shown as it is in the file, boilerplate included: noticing it is one
    of the first lessons.
    """
    table = load_metadata(path).copy()
    texts = [load_article(i, path) for i in table["id"]]
    table["words"] = [len(text.split()) for text in texts]
    table["opening line"] = [text.strip().splitlines()[0][:90] for text in texts]
    return table.drop(columns=["file"]).set_index("id")
