"""Assignment 1 (sources): each student reads one article's provenance and attributions."""

from __future__ import annotations

from typing import Any

ARTICLES = ("000", "001", "002", "003", "004")
DAYS_MARKED = (400, 1400)
"""Range of the day count in the date question ("the war marked N days yesterday"): from
spring 2023 to late 2025, the period the course's articles and their follow-ups cover."""


def draw(pick: Any) -> dict[str, Any]:
    """`article`: the article a student profiles; `other_article`: a second one to compare;
    `days_marked`: N in a report saying the war "marked N days yesterday" (question 3)."""
    article = pick.choice("article", ARTICLES)
    others = [a for a in ARTICLES if a != article]
    return {
        "article": article,
        "other_article": pick.choice("other_article", others),
        "days_marked": pick.integer("days_marked", *DAYS_MARKED),
    }
