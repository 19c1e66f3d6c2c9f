"""An assignment's autograder as the grader uses it: questions, points, and otter's tests.

`make assignments` leaves in `dist/<name>/autograder/` what otter assign wrote (the test files,
the solution notebook, otter's zip) plus our `manifest.json` (every question in order, its
points, whether it is written, the rubric and model answer). Scoring uses otter's own
`ExceptionTestFile`, so points are split between test cases exactly as `otter run` splits them.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from treatylens.grading.student_id import ID_VARIABLE

MANIFEST = "manifest.json"


class AutograderError(ValueError):
    """An autograder folder that cannot be used; says what is missing and how to rebuild."""


@dataclass(frozen=True)
class Question:
    name: str
    points: float
    manual: bool
    prompt: str = ""
    rubric: str = ""
    model_answer: str = ""


class Autograder:
    """The manifest and test files of one built assignment."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        manifest_path = self.folder / MANIFEST
        if not manifest_path.is_file():
            raise AutograderError(
                f"{self.folder} is not a built autograder (no {MANIFEST}); run "
                "`make assignments` first, or pass the folder dist/<name>/autograder"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            self.name: str = manifest["assignment"]
            self.questions = [Question(**q) for q in manifest["questions"]]
            self.fingerprint: str = manifest["fingerprint"]
        except (ValueError, KeyError, TypeError) as error:
            raise AutograderError(f"{manifest_path} is damaged ({error}); rebuild it") from None
        for question in self.autograded:
            if not (self.folder / "tests" / f"{question.name}.py").is_file():
                raise AutograderError(f"{self.folder}/tests/{question.name}.py is missing")

    @property
    def autograded(self) -> list[Question]:
        return [q for q in self.questions if not q.manual]

    @property
    def manual(self) -> list[Question]:
        return [q for q in self.questions if q.manual]

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    @cached_property
    def test_files(self) -> dict[str, Any]:
        from otter.test_files import ExceptionTestFile

        return {
            q.name: ExceptionTestFile.from_file(str(self.folder / "tests" / f"{q.name}.py"))
            for q in self.autograded
        }

    @cached_property
    def variable_names(self) -> list[str]:
        """Every variable a test reads (its parameters), so the sandbox knows what to report."""
        names: list[str] = []
        for test_file in self.test_files.values():
            for case in test_file.test_cases:
                for name in inspect.signature(case.body.test_func).parameters:
                    if name not in names and name not in (ID_VARIABLE, "env"):
                        names.append(name)
        return names

    def score(self, env: dict[str, Any]) -> tuple[dict[str, float], dict[str, list[dict]]]:
        """Points per autograded question and each test case's result, public or hidden.

        Hidden results keep only pass/fail: their messages could reveal expected values.
        """
        scores: dict[str, float] = {}
        details: dict[str, list[dict[str, Any]]] = {}
        for name, test_file in self.test_files.items():
            test_file.run(env)
            scores[name] = round(float(test_file.score), 4)
            details[name] = [
                {
                    "hidden": bool(r.test_case.hidden),
                    "passed": bool(r.passed),
                    "message": "" if r.test_case.hidden or r.passed else _public_message(r.message),
                }
                for r in test_file.test_case_results
            ]
        return scores, details


def _public_message(message: str) -> str:
    """The assertion's own words, without otter's 'Error at line N' preamble and source."""
    lines = [line for line in (message or "").splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    for prefix in ("AssertionError: ", "AssertionError"):
        if last.startswith(prefix):
            return last[len(prefix):].strip() or "a check failed"
    return last.strip()
