"""The five news articles: their metadata, their verbatim text and the annotations on them.

The texts are the course's source documents and are never edited; everything the course
says about them (metadata, annotations, translations) lives in separate files that point in
by character offsets *and* the quoted words, so a wrong offset is caught, not silently shown.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.cache import load_once
from treatylens.paths import data_path
from treatylens.text import normalise, remove_spans

EVENTS = {"cluster-2023", "mines-2024"}
REQUIRED_METADATA_COLUMNS = ("id", "file", "title", "language", "event")
PROVENANCE_COLUMNS = (
    "title", "language", "event", "outlet", "author", "published", "date_certainty",
    "date_evidence", "genre", "machine_translation", "mt_signs", "sources_named",
)  # fmt: skip
GENRES = {"news", "news with opinion"}
MACHINE_TRANSLATION = {"yes", "no", "likely", "unclear"}
DATE_CERTAINTY = {"stated", "inferred-high", "inferred-medium", "window"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def metadata_path() -> Path:
    return data_path("sources", "metadata.csv")


@load_once
def load_metadata(path: Path | None = None) -> pd.DataFrame:
    """One row per article, validated, with ids kept as the zero-padded strings ("000").

    The provenance columns (outlet, published, genre, machine_translation, sha256 …) are
    checked when present, so a small hand-made file with only the five required columns
    still loads. A sha256 that does not match the article file is an error: it means the
    verbatim text changed, and every offset in the annotations may be wrong.
    """
    path = path or metadata_path()
    table, lines = read_table(path, REQUIRED_METADATA_COLUMNS)
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        if row["event"] not in EVENTS:
            raise DataFileError(
                path, f"event {row['event']!r} is not one of {sorted(EVENTS)}", line=line
            )
        article = path.parent / row["file"]
        if not article.is_file():
            raise DataFileError(path, f"article file {row['file']!r} does not exist", line=line)
        _check_provenance(path, line, row, article)
    duplicated = table["id"][table["id"].duplicated()].tolist()
    if duplicated:
        raise DataFileError(path, f"duplicate article id(s): {', '.join(duplicated)}")
    return table


def _check_provenance(path: Path, line: int, row: dict[str, str], article: Path) -> None:
    """Validate the optional provenance columns of one metadata row."""
    checks = [
        ("published", lambda v: v == "" or bool(ISO_DATE.match(v)), "YYYY-MM-DD or empty"),
        ("genre", lambda v: v in GENRES, f"one of {sorted(GENRES)}"),
        ("machine_translation", lambda v: v in MACHINE_TRANSLATION,
         f"one of {sorted(MACHINE_TRANSLATION)}"),
        ("date_certainty", lambda v: v in DATE_CERTAINTY, f"one of {sorted(DATE_CERTAINTY)}"),
        ("sha256", lambda v: bool(SHA256.match(v)), "64 lower-case hex digits"),
    ]
    for column, ok, expected in checks:
        if column in row and not ok(row[column]):
            raise DataFileError(path, f"{column} {row[column]!r} is not {expected}", line=line)
    if row.get("sha256") and row["sha256"] != file_sha256(article):
        raise DataFileError(
            path, f"sha256 does not match {row['file']!r}: the article text has changed", line=line
        )


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes: the fingerprint that pins an article's exact text."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@load_once
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


def load_articles(path: Path | None = None) -> dict[str, str]:
    """Every article's verbatim text, by id, in id order."""
    return {i: load_article(i, path) for i in load_metadata(path)["id"]}


def at_a_glance(path: Path | None = None) -> pd.DataFrame:
    """Title, language and event of each article with its length and opening line.

    The opening line is shown as it is in the file, boilerplate included: noticing it is one
    of the first lessons. The provenance columns are left to `provenance()` (lesson 01), so
    this first table stays narrow.
    """
    table = load_metadata(path).copy()
    texts = [load_article(i, path) for i in table["id"]]
    table = table[list(REQUIRED_METADATA_COLUMNS)].copy()
    table["words"] = [len(text.split()) for text in texts]
    table["opening line"] = [text.strip().splitlines()[0].rstrip() for text in texts]
    return table.drop(columns=["file"]).set_index("id")


def opening_lines(text: str, lines: int = 8) -> str:
    """The first `lines` non-empty lines of `text`, whole, and how many lines follow.

    Evidence is never cut mid-word: a reader asked to judge an opening must see whole lines,
    and must be told that there is more ("[… 23 more lines]") rather than guess.
    """
    if not isinstance(lines, int) or isinstance(lines, bool) or lines < 1:
        raise ValueError(f"lines must be a whole number of at least 1, not {lines!r}")
    kept = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    shown = "\n".join(kept[:lines])
    rest = len(kept) - lines
    return shown if rest <= 0 else f"{shown}\n[… {rest} more line{'s' if rest > 1 else ''}]"


def provenance(path: Path | None = None) -> pd.DataFrame:
    """The provenance card: outlet, date and its evidence, genre, translation, sources named.

    Empty cells are meaningful: an empty outlet means the text does not say who published it.
    """
    table = load_metadata(path).set_index("id")
    return table[[c for c in PROVENANCE_COLUMNS if c in table.columns]]


# ---------------------------------------------------------------------------------------------
# Annotations: separate CSV files that point into the verbatim texts.


@dataclass(frozen=True)
class AnnotationSpec:
    """What one annotation file must contain: columns and the allowed values of one of them."""

    file: str
    columns: tuple[str, ...]
    vocabulary_column: str
    vocabulary: frozenset[str]


SPAN_COLUMNS = ("article", "start", "end", "quote")
BOILERPLATE_KINDS = frozenset({
    "section-label", "navigation", "share-counts", "comment-form", "duplicated-headline",
    "image-caption", "image-credit", "byline", "related-content", "copyright",
    "reproduction-notice",
})  # fmt: skip
SPEAKER_TYPES = frozenset({
    "us-government", "russian-government", "ukrainian-government", "state-media", "newspaper",
    "news-agency", "unnamed-official", "unnamed-source", "experts-or-ngos", "other",
    "unattributed",
})  # fmt: skip
NUMBER_KINDS = frozenset({"count", "year", "date", "duration", "time"})
CLAIM_KINDS = frozenset(
    {"treaty-membership", "treaty-count", "treaty-name", "casualty", "reliability", "other"}
)
CONFIDENCE = frozenset({"high", "medium", "low"})

ANNOTATIONS: dict[str, AnnotationSpec] = {
    "boilerplate": AnnotationSpec(
        "boilerplate.csv", (*SPAN_COLUMNS, "kind", "note"), "kind", BOILERPLATE_KINDS
    ),
    "attributions": AnnotationSpec(
        "attributions.csv",
        (*SPAN_COLUMNS, "speaker", "speaker_type", "relayed_by", "verb", "note"),
        "speaker_type", SPEAKER_TYPES,
    ),
    "numbers": AnnotationSpec(
        "numbers.csv", (*SPAN_COLUMNS, "value", "unit", "hedge", "kind", "note"), "kind",
        NUMBER_KINDS,
    ),
    "claims": AnnotationSpec(
        "claims.csv",
        ("claim_id", "article", "claim", "quote", "start", "end", "kind", "attributed_to",
         "checkable_against_data", "verdict", "evidence", "as_of"),
        "kind", CLAIM_KINDS,
    ),
    "mt_notes": AnnotationSpec(
        "mt_notes.csv", (*SPAN_COLUMNS, "problem", "likely_meaning", "confidence"),
        "confidence", CONFIDENCE,
    ),
}


@load_once
def load_annotations(
    name: str, path: Path | None = None, metadata: Path | None = None
) -> pd.DataFrame:
    """One annotation file, validated against the article texts.

    `name` is one of `ANNOTATIONS` ("boilerplate", "attributions", "numbers", "claims",
    "mt_notes"). Every row must name a known article, have whole-number offsets inside its
    text, and `text[start:end]` must equal `quote` exactly; otherwise a DataFileError names
    the file and the line (the line the row starts on, as an editor shows it). `start` and
    `end` come back as integers, the other columns as strings.
    """
    if name not in ANNOTATIONS:
        raise KeyError(f"no annotation file {name!r}; known: {', '.join(ANNOTATIONS)}")
    spec = ANNOTATIONS[name]
    path = path or data_path("sources", spec.file)
    table, lines = read_table(path, spec.columns)
    texts = load_articles(metadata)
    for line, row in zip(lines, table.to_dict("records"), strict=True):
        _check_span(path, line, row, texts)
        value = row[spec.vocabulary_column]
        if value not in spec.vocabulary:
            raise DataFileError(
                path, f"{spec.vocabulary_column} {value!r} is not one of "
                f"{sorted(spec.vocabulary)}", line=line,
            )
        if name == "claims":
            _check_claim(path, line, row)
    if name == "claims":
        duplicated = table["claim_id"][table["claim_id"].duplicated()].tolist()
        if duplicated:
            raise DataFileError(path, f"duplicate claim_id(s): {', '.join(duplicated)}")
    table["start"] = table["start"].astype(int)
    table["end"] = table["end"].astype(int)
    return table


def _check_span(path: Path, line: int, row: dict[str, str], texts: dict[str, str]) -> None:
    """Known article, integer offsets inside the text, and the quote found at them."""
    article = row["article"]
    if article not in texts:
        raise DataFileError(
            path, f"unknown article {article!r}; known: {', '.join(texts)}", line=line
        )
    if not (row["start"].isdigit() and row["end"].isdigit()):
        raise DataFileError(
            path, f"start/end must be whole numbers, not {row['start']!r}/{row['end']!r}",
            line=line,
        )
    start, end, text = int(row["start"]), int(row["end"]), texts[article]
    if not start < end <= len(text):
        raise DataFileError(
            path, f"span {start}:{end} is not inside article {article} "
            f"({len(text)} characters)", line=line,
        )
    if text[start:end] != row["quote"]:
        raise DataFileError(
            path, f"quote does not match article {article} at {start}:{end}: the text there "
            f"is {text[start:end][:60]!r}", line=line,
        )


def _check_claim(path: Path, line: int, row: dict[str, str]) -> None:
    if row["checkable_against_data"] not in {"yes", "no"}:
        raise DataFileError(path, "checkable_against_data must be 'yes' or 'no'", line=line)
    if not ISO_DATE.match(row["as_of"]):
        raise DataFileError(path, f"as_of {row['as_of']!r} is not YYYY-MM-DD", line=line)
    if not row["claim_id"] or not row["claim"]:
        raise DataFileError(path, "claim_id and claim must not be empty", line=line)


def load_boilerplate(path: Path | None = None) -> pd.DataFrame:
    """Site furniture in the texts: navigation, comment forms, captions, copyright notices."""
    return load_annotations("boilerplate", path)


def load_attributions(path: Path | None = None) -> pd.DataFrame:
    """Who says what, and via which outlet (`relayed_by`, empty when the text names none)."""
    return load_annotations("attributions", path)


def load_numbers(path: Path | None = None) -> pd.DataFrame:
    """Numbers in the texts with their unit and hedge ("more than", "dozens", "allegedly")."""
    return load_annotations("numbers", path)


def load_claims(path: Path | None = None) -> pd.DataFrame:
    """Atomic claims: the exact words, their kind, who made them and the date to check them on."""
    return load_annotations("claims", path)


def load_mt_notes(path: Path | None = None) -> pd.DataFrame:
    """Machine-translation artefacts: the words, what looks wrong, the likely meaning."""
    return load_annotations("mt_notes", path)


@load_once
def load_translation(
    article_id: str = "004", path: Path | None = None, metadata: Path | None = None
) -> pd.DataFrame:
    """The course's own English translation, one row per line of the original.

    Checked against the article: paragraph numbers run 1, 2, 3 … and the `arabic` column is
    the article's lines verbatim, so the translation cannot drift from the text it renders.
    """
    path = path or data_path("sources", "translations", f"{article_id}_en.csv")
    columns = ("paragraph", "arabic", "course_translation", "translator_notes")
    table, lines = read_table(path, columns)
    original = load_article(article_id, metadata).split("\n")
    if len(table) != len(original):
        raise DataFileError(
            path, f"{len(table)} rows for an article of {len(original)} lines"
        )
    for offset, row in enumerate(table.to_dict("records")):
        if row["paragraph"] != str(offset + 1):
            raise DataFileError(path, f"paragraph should be {offset + 1}", line=lines[offset])
        if row["arabic"] != original[offset]:
            raise DataFileError(
                path, f"arabic is not line {offset + 1} of article {article_id} verbatim",
                line=lines[offset],
            )
        if not row["course_translation"].strip():
            raise DataFileError(path, "course_translation is empty", line=lines[offset])
    table["paragraph"] = table["paragraph"].astype(int)
    return table


def locate(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """(start, end) of the n-th occurrence of `quote` in `text`: how annotations get offsets.

    Use it when adding a row to an annotation file; a quote that occurs twice (article 003
    prints its photo caption twice) needs `occurrence=2` for the second.
    """
    if occurrence < 1:
        raise ValueError("occurrence counts from 1")
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            raise ValueError(f"{quote[:60]!r} occurs fewer than {occurrence} time(s)")
    return position, position + len(quote)


def strip_boilerplate(
    article_id: str, path: Path | None = None, metadata: Path | None = None
) -> str:
    """The article without the spans that boilerplate.csv marks, blank lines closed up.

    Hand-made spans, not rules, because only a reader can tell a duplicated photo caption
    from a sentence of the story; `treatylens.text.boilerplate_candidates` suggests spans
    for text that has no annotation yet.
    """
    text = load_article(article_id, metadata)
    table = load_annotations("boilerplate", path, metadata)
    spans = table.loc[table["article"] == article_id, ["start", "end"]]
    return remove_spans(text, spans.itertuples(index=False, name=None))


def normalise_article(article_id: str, metadata: Path | None = None) -> str:
    """One article without boilerplate, normalised (`treatylens.text.normalise`)."""
    return normalise(strip_boilerplate(article_id, metadata=metadata))


def clean_articles(metadata: Path | None = None) -> dict[str, str]:
    """Every article without boilerplate and normalised: the input for comparing coverage."""
    return {i: normalise_article(i, metadata) for i in load_metadata(metadata)["id"]}
