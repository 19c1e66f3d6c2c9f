"""Per-student feedback pages: what to fix, without giving away the hidden tests.

A student sees, per question, the points, the messages of the public tests they failed (the
same words `grader.check` shows in the notebook), and only *how many* hidden checks passed:
never a hidden test's code, its expected value or its traceback. Written questions show the
instructor's points and comment once merged. Problems that stopped the run (a timeout, an
unreadable file) come first, in plain words.
"""

from __future__ import annotations

import html
from pathlib import Path

from treatylens.grading.autograder import Question
from treatylens.grading.gradebook import atomic_write
from treatylens.grading.manual import _markdown, render_markdown

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: .3rem .6rem; }
.status { padding: .6rem .8rem; border-left: 4px solid #0072B2; background: #eef5fb; }
.status.problem { border-color: #D55E00; background: #fdf0e8; }
.ok { color: #006d4e; } .fail { color: #a33b00; } .missing { color: #a33b00; }
article { border-top: 1px solid #ccc; padding: .4rem 0; }
small { color: #666; }
@media print { body { margin: 0; max-width: none; } }
"""

STATUS_WORDS = {
    "graded": "Graded.",
    "timeout": "The notebook ran out of time while being graded.",
    "memory": "Part of the notebook used more memory than allowed.",
    "error": "The notebook could not be run to the end.",
    "invalid": "This file could not be graded.",
    "duplicate": "More than one file was handed in under this id; your instructor will choose "
                 "which one counts.",
}


def feedback_name(row: dict, duplicates: set[str]) -> str:
    """`<student_id>.html`, made unique for ids that several files share."""
    stem = Path(row["file"]).stem
    if not row["student_id"]:
        return f"unidentified--{_safe(stem)}.html"
    if row["student_id"] in duplicates:
        return f"{_safe(row['student_id'])}--{_safe(stem)}.html"
    return f"{_safe(row['student_id'])}.html"


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in text)[:80] or "file"


def title_of(question: Question) -> str:
    """The question's heading as its prompt gives it, without Markdown marks."""
    for line in question.prompt.splitlines():
        line = line.strip().lstrip("#").strip().replace("**", "").replace("`", "")
        if line and not line.startswith("<!--"):
            return line[:140]
    return question.name


def _inline(text: str) -> str:
    """A check's message with its `code` shown as code; raw HTML stays text."""
    return _markdown.renderInline(text)


def _question_block(question: Question, row: dict) -> str:
    got = row["points"].get(question.name)
    score = "not graded yet" if got is None else f"{got:g} / {question.points:g}"
    parts = [f"<h2>{html.escape(title_of(question))} <small>{score}</small></h2>"]
    if question.manual:
        manual = row["manual"].get(question.name)
        if manual is None:
            parts.append("<p>Written answer: your instructor grades it by hand.</p>")
        elif manual["comment"]:
            parts.append(f"<p><strong>Comment:</strong> {html.escape(manual['comment'])}</p>")
        return "\n".join(parts)
    if question.name in row["missing_for"]:
        missing = row["missing_for"][question.name]
        names = ", ".join(f"<code>{html.escape(n)}</code>" for n in missing)
        parts.append(f"<p class='fail'>{names} was not defined when your notebook finished: "
                     "check the spelling and that the cell ran without an error.</p>")
    results = row["tests"].get(question.name, [])
    public = [r for r in results if not r["hidden"]]
    hidden = [r for r in results if r["hidden"]]
    items = []
    for result in public:
        if result["passed"]:
            items.append("<li class='ok'>A public check passed.</li>")
        else:
            words = result["message"] or "A public check failed."
            items.append(f"<li class='fail'>{_inline(words)}</li>")
    if hidden:
        passed = sum(r["passed"] for r in hidden)
        items.append(f"<li>{passed} of {len(hidden)} hidden checks passed.</li>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def render(assignment: str, row: dict, questions: list[Question]) -> str:
    """The feedback page for one gradebook row."""
    problem = row["status"] != "graded"
    who = html.escape(row["student_id"] or "(no student id)")
    parts = [
        f"<h1>Feedback · {html.escape(assignment)}</h1>",
        f"<p>Student <strong>{who}</strong>, file <code>{html.escape(row['file'])}</code></p>",
        f"<div class='status{' problem' if problem else ''}'><strong>"
        f"{html.escape(STATUS_WORDS.get(row['status'], row['status']))}</strong>"
        + (f"<br>{html.escape(row['reason'])}" if row["reason"] else "") + "</div>",
    ]
    if row["status"] != "invalid":
        total = "" if row["total"] is None else f"{row['total']:g}"
        parts.append(f"<p>Total so far: <strong>{total} / {row['max']:g}</strong> points.</p>")
        if row["cell_errors"]:
            listed = "".join(
                f"<li>cell {e['i']}: {html.escape(str(e['ename']))}: "
                f"{html.escape(str(e['evalue'])[:200])}</li>" for e in row["cell_errors"][:10])
            parts.append(f"<h2>Cells that raised an error</h2><ul>{listed}</ul>")
        parts.extend(_question_block(q, row) for q in questions)
    parts.append("<p><small>Public checks are the ones <code>grader.check</code> runs in "
                 "your notebook; hidden checks test exact answers and are only counted here."
                 "</small></p>")
    body = "\n".join(parts)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Feedback "
            f"{who}</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def write(folder: Path, assignment: str, rows: list[dict], questions: list[Question],
          duplicates: set[str]) -> int:
    for row in rows:
        atomic_write(folder / feedback_name(row, duplicates), render(assignment, row, questions))
    return len(rows)


__all__ = ["STYLE", "feedback_name", "render", "render_markdown", "write"]
