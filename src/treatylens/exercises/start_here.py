"""Exercises of lesson 00 (start here). Answer keys are computed from the course data."""

from __future__ import annotations

from treatylens.exercises.core import Exercise, Registry, expect_number, expect_set
from treatylens.io.sources import load_metadata


def article_id(value: object) -> str:
    """Accept an article id as "000", "0", 0 or "article 000" and return "000"."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an article id")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().casefold().removeprefix("article").strip()
        if not text.isdigit():
            raise ValueError(f"{value!r} is not an article id like '002'")
        number = int(text)
    return f"{number:03d}"


def _ids_for_event(event: str) -> list[str]:
    table = load_metadata()
    return table.loc[table["event"] == event, "id"].tolist()


def _percent_in_language(language: str) -> float:
    table = load_metadata()
    return 100 * (table["language"] == language).mean()


def register(registry: Registry) -> None:
    registry.add(
        Exercise(
            name="00-warmup-cluster-articles",
            question="Which article ids report the July 2023 cluster munitions decision?",
            checker=expect_set(
                lambda: _ids_for_event("cluster-2023"),
                normaliser=article_id,
                item_name="article id",
                hint="Filter the table on the `event` column: the cluster munitions event is "
                "called 'cluster-2023'.",
                explanation="Two outlets, one event: lesson 04 compares how they told it.",
            ),
        )
    )
    registry.add(
        Exercise(
            name="00-warmup-arabic-share",
            question="What percentage of the five articles is in Arabic?",
            checker=expect_number(
                lambda: _percent_in_language("ar"),
                tolerance=0.5,
                unit="%",
                percent=True,
                hint="Count the rows whose `language` is 'ar' and divide by the number of rows.",
                explanation="One in five sources cannot be read by an English-only reader: "
                "lesson 01 shows what a translation adds and loses.",
            ),
        )
    )
