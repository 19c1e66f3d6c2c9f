"""Written answers: one grading sheet per question, a scores template, and merging it back.

The instructor reads `manual/<question>.html` (the prompt, the rubric, the model answer and
every student's answer, side by side), fills `manual_scores.csv` (points and a comment per
student and question), and `treatylens grade ... --merge-manual` folds it into the gradebook
and the feedback. The template is never overwritten: new submissions only add rows.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from treatylens.grading.autograder import Question
from treatylens.grading.gradebook import atomic_write

SCORES_FILE = "manual_scores.csv"
COLUMNS = ("student_id", "file", "question", "max_points", "points", "comment")

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML switched off, so a student's <script> stays text."""
    return _markdown.render(text or "")


class ManualScoresError(ValueError):
    """A problem in manual_scores.csv, naming the line and what to correct."""


@dataclass(frozen=True)
class ManualScore:
    points: float
    comment: str


def write_sheets(folder: Path, assignment: str, questions: list[Question],
                 rows: list[dict], style: str) -> None:
    """`folder/<question>.html` for every written question."""
    for question in questions:
        parts = [
            f"<h1>{html.escape(assignment)} · {html.escape(question.name)} "
            f"({question.points:g} points, written)</h1>",
            "<section class='prompt'><h2>Prompt</h2>", render_markdown(question.prompt),
            "</section><section class='rubric'><h2>Rubric</h2>",
            render_markdown(_without_heading(question.rubric)),
            "</section><details><summary>Model answer</summary>",
            render_markdown(question.model_answer), "</details>",
            f"<h2>Answers ({len(rows)} files)</h2>",
        ]
        for row in rows:
            who = html.escape(row["student_id"] or "(no id)")
            answer = row["written"].get(question.name)
            if answer is None:
                body = "<p class='missing'>No answer cell found: it was deleted.</p>"
            elif not answer.strip():
                body = "<p class='missing'>No answer written (the cell is empty or still " \
                       "holds the placeholder).</p>"
            else:
                body = render_markdown(answer)
            if row["status"] == "invalid":
                body = f"<p class='missing'>Not readable: {html.escape(row['reason'])}</p>"
            parts.append(f"<article><h3>{who} <small>{html.escape(row['file'])}</small></h3>"
                         f"{body}</article>")
        atomic_write(folder / f"{question.name}.html", _page(f"{question.name}", style, parts))


def _without_heading(rubric: str) -> str:
    """The rubric without its own `**Rubric**` first line (the sheet has a heading)."""
    first, _, rest = rubric.partition("\n")
    return rest.strip() if first.strip().startswith("**Rubric") and rest.strip() else rubric


def _page(title: str, style: str, parts: list[str]) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def update_template(path: Path, questions: list[Question], rows: list[dict]) -> int:
    """Add a row for every (file, written question) not yet in the template; keep the rest."""
    existing: list[dict[str, str]] = []
    if path.is_file():
        existing = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    seen = {(r.get("file", ""), r.get("question", "")) for r in existing}
    added = 0
    for row in rows:
        for question in questions:
            if (row["file"], question.name) not in seen:
                existing.append({"student_id": row["student_id"], "file": row["file"],
                                 "question": question.name, "max_points": f"{question.points:g}",
                                 "points": "", "comment": ""})
                added += 1
    if added or not path.is_file():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(existing)
        atomic_write(path, buffer.getvalue())
    return added


def read_scores(path: Path, questions: list[Question],
                files: set[str]) -> dict[tuple[str, str], ManualScore]:
    """Filled-in scores keyed by (file, question); blank points mean "not graded yet"."""
    if not path.is_file():
        raise ManualScoresError(f"{path} does not exist yet: run `treatylens grade` once to "
                                "create it, fill in the points, then merge")
    limits = {q.name: q.points for q in questions}
    scores: dict[tuple[str, str], ManualScore] = {}
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    missing = [c for c in ("file", "question", "points") if c not in (reader.fieldnames or [])]
    if missing:
        raise ManualScoresError(f"{path}: the header lacks {', '.join(missing)}; "
                                f"expected {','.join(COLUMNS)}")
    for line, row in enumerate(reader, start=2):
        points_text = (row.get("points") or "").strip()
        if not points_text:
            continue
        where = f"{path}, line {line}"
        question, file = (row.get("question") or "").strip(), (row.get("file") or "").strip()
        if question not in limits:
            raise ManualScoresError(f"{where}: {question!r} is not a written question of this "
                                    f"assignment ({', '.join(limits) or 'none'})")
        if file not in files:
            raise ManualScoresError(f"{where}: no submission file called {file!r}")
        try:
            points = float(points_text.replace(",", "."))
        except ValueError:
            raise ManualScoresError(f"{where}: points {points_text!r} is not a number") from None
        if not 0 <= points <= limits[question]:
            raise ManualScoresError(f"{where}: {points:g} points is outside 0 to "
                                    f"{limits[question]:g} for {question}")
        if (file, question) in scores:
            raise ManualScoresError(f"{where}: {file} / {question} is scored twice")
        scores[(file, question)] = ManualScore(points, (row.get("comment") or "").strip())
    return scores
