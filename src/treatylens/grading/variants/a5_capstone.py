"""Assignment 5 (capstone): each student investigates one claim from the articles."""

from __future__ import annotations

from typing import Any

CLAIMS = ("000-ccm-count",)  # the capstone's author fills in the checkable claims


def draw(pick: Any) -> dict[str, Any]:
    """`claim_id`: the claim the student follows from article to correction."""
    return {"claim_id": pick.choice("claim_id", CLAIMS)}
