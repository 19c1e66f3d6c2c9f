"""`make assignments`: otter assign each master, then finish what otter leaves undone.

otter assign writes the student notebook and the autograder. On top of it this build:
empties the demo id in the student's id cell, tags each written answer cell with its question
(so manual grading finds answers even if students move cells), writes `manifest.json` (the
questions, points, rubrics and model answers, read from the master), gives otter's zip a
stable name, and refuses to finish if any hidden test or solution text reached the student
notebook. A master whose inputs have not changed is not rebuilt.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from treatylens.grading.autograder import MANIFEST
from treatylens.grading.student_id import ID_VARIABLE, METADATA_KEY
from treatylens.paths import REPO_ROOT

MASTERS = REPO_ROOT / "notebooks" / "assignments"
DIST = REPO_ROOT / "dist"
BUILD_VERSION = "1"
_ID_LINE = re.compile(rf'^(\s*{ID_VARIABLE}\s*=\s*)(["\'])(.*?)\2', re.MULTILINE)


class BuildError(RuntimeError):
    """A master that cannot be built; the message names the master and the problem."""


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def masters() -> list[Path]:
    return sorted(MASTERS.glob("*/*.ipynb"), key=lambda p: p.name)


def fingerprint(master: Path) -> str:
    """Changes whenever anything that shapes the build output changes."""
    digest = hashlib.sha256()
    name = master.stem
    parts = [
        master,
        REPO_ROOT / "src/treatylens/grading/variants" / f"{name}.py",
        REPO_ROOT / "src/treatylens/grading/expect.py",
        Path(__file__),
    ]
    for part in parts:
        digest.update(part.read_bytes() if part.is_file() else b"-")
    digest.update(metadata.version("otter-grader").encode())
    digest.update(BUILD_VERSION.encode())
    return digest.hexdigest()


# --- reading the master ------------------------------------------------------------------------


WIDGET_SIGNS = ("ipywidgets", "interact(", "interactive(", "interactive_map(")


def widget_cells(notebook: dict[str, Any]) -> list[int]:
    """Cell numbers of code that would show a live widget: graded notebooks have none, since
    a widget's state is not saved in a submission and cannot be graded."""
    return [number for number, cell in enumerate(notebook["cells"], start=1)
            if cell.get("cell_type") == "code"
            and any(sign in _source(cell) for sign in WIDGET_SIGNS)]


def questions_from_master(notebook: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """Every question in order: name, points, manual, prompt, rubric and model answer."""
    questions: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    region = ""
    for number, cell in enumerate(notebook["cells"], start=1):
        text = _source(cell).strip()
        kind = cell.get("cell_type")
        if kind == "raw" and text.startswith("# BEGIN QUESTION"):
            if current is not None:
                raise BuildError(f"{where}, cell {number}: a question starts inside another")
            config = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "") or {}
            if "name" not in config:
                raise BuildError(f"{where}, cell {number}: a question without a name")
            if config.get("points") is None:
                raise BuildError(f"{where}, cell {number}: question {config['name']} has no points")
            current = {"name": str(config["name"]), "points": float(config["points"]),
                       "manual": bool(config.get("manual", False)), "prompt": [],
                       "rubric": "", "model_answer": []}
            region = "prompt"
        elif kind == "raw" and text.startswith("# END QUESTION"):
            if current is None:
                raise BuildError(f"{where}, cell {number}: END QUESTION without BEGIN")
            questions.append(current)
            current = None
        elif current is not None and kind == "raw":
            if text.startswith("# BEGIN SOLUTION"):
                region = "solution"
            elif text.startswith("# BEGIN TESTS"):
                region = "tests"
            elif text.startswith(("# END SOLUTION", "# END TESTS")):
                region = "after"
        elif current is not None and kind == "markdown":
            if region == "prompt":
                current["prompt"].append(text)
            elif region == "solution" and text.startswith("**Rubric"):
                current["rubric"] = text
            elif region == "solution":
                current["model_answer"].append(text)
    if current is not None:
        raise BuildError(f"{where}: question {current['name']} has no END QUESTION")
    for question in questions:
        question["prompt"] = "\n\n".join(question["prompt"])
        question["model_answer"] = "\n\n".join(question["model_answer"])
        if question["manual"] and not question["rubric"]:
            raise BuildError(f"{where}: written question {question['name']} has no **Rubric** cell")
    names = [q["name"] for q in questions]
    if len(set(names)) != len(names):
        raise BuildError(f"{where}: question names repeat: {names}")
    return questions


# --- finishing the student notebook -----------------------------------------------------------


def finish_student_notebook(notebook: dict[str, Any], manual: list[str], where: str) -> None:
    """Empty the id literal and tag each written answer cell with its question's name."""
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "code" and _ID_LINE.search(_source(cell)):
            cell["source"] = _ID_LINE.sub(r'\1""', _source(cell), count=1)
            break
    else:
        raise BuildError(f"{where}: the master has no id cell ({ID_VARIABLE} = \"...\")")
    pending = list(manual)
    current: str | None = None
    for cell in notebook["cells"]:
        text = _source(cell)
        if cell.get("cell_type") == "markdown" and "<!-- BEGIN QUESTION -->" in text:
            if not pending:
                raise BuildError(f"{where}: more written questions in the student notebook "
                                 "than in the master")
            current = pending.pop(0)
        tags = cell.get("metadata", {}).get("tags", [])
        if current and "otter_answer_cell" in tags:
            cell["metadata"].setdefault(METADATA_KEY, {})["answer_to"] = current
        if cell.get("cell_type") == "markdown" and "<!-- END QUESTION -->" in text:
            current = None
    if pending:
        raise BuildError(f"{where}: no answer cell found for written question(s) {pending}")


def hidden_fragments(tests_dir: Path) -> list[str]:
    """Lines of hidden test code long enough to be recognisable if they leaked."""
    fragments = []
    for path in sorted(tests_dir.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef) or not _is_hidden(node):
                continue
            for statement in node.body:
                segment = ast.get_source_segment(source, statement) or ""
                for line in segment.splitlines():
                    line = line.strip()
                    if len(line) >= 25 and not line.startswith(("#", "from ", "import ")):
                        fragments.append(line)
    return fragments


def _is_hidden(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                if keyword.arg == "hidden" and getattr(keyword.value, "value", False) is True:
                    return True
    return False


def leaks(student: dict[str, Any], autograder_dir: Path, master: dict[str, Any]) -> list[str]:
    """Hidden test lines or solution lines that appear anywhere in the student notebook.

    A line that the master also shows students on purpose (in a ready-made cell or a public
    test) is not a secret, so it is not reported.
    """
    text = json.dumps(student, ensure_ascii=False)
    plain = "\n".join(_source(c) for c in student["cells"]) + text
    shown = visible_text(master)
    secrets = [("hidden test", line) for line in hidden_fragments(autograder_dir / "tests")]
    secrets += [("solution", line) for line in solution_lines(master)]
    return [f"{kind}: {line}" for kind, line in secrets
            if line not in shown and (line in plain or json.dumps(line)[1:-1] in text)]


def _regions(master: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each non-raw cell with the region it sits in: "solution", "tests" or "open"."""
    region, cells = "open", []
    for cell in master["cells"]:
        text = _source(cell).strip()
        if cell.get("cell_type") == "raw":
            if text.startswith("# BEGIN SOLUTION"):
                region = "solution"
            elif text.startswith("# BEGIN TESTS"):
                region = "tests"
            elif text.startswith(("# END SOLUTION", "# END TESTS")):
                region = "open"
            continue
        cells.append((region, cell))
    return cells


def visible_text(master: dict[str, Any]) -> str:
    """What the master shows students on purpose: open cells and public test cells."""
    shown = []
    for region, cell in _regions(master):
        source = _source(cell)
        if region == "open" or (region == "tests" and not source.lstrip().startswith("# HIDDEN")):
            shown.append("\n".join(line for line in source.splitlines()
                                    if not line.rstrip().endswith("# SOLUTION")))
    return "\n".join(shown)


def solution_lines(master: dict[str, Any]) -> list[str]:
    """What otter removes for students: the right-hand side of `# SOLUTION` lines, code between
    `# BEGIN SOLUTION`/`# END SOLUTION` comments, and written model answers and rubrics."""
    lines: list[str] = []
    for region, cell in _regions(master):
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            if region == "solution":
                lines += [line.strip() for line in source.splitlines() if len(line.strip()) >= 25]
            continue
        inside = False
        for line in source.splitlines():
            marker = line.strip()
            if marker.startswith("# BEGIN SOLUTION"):
                inside = True
            elif marker.startswith("# END SOLUTION"):
                inside = False
            elif marker.endswith("# SOLUTION") or marker.endswith("# SOLUTION NO PROMPT"):
                body = marker.rsplit("# SOLUTION", 1)[0].strip()
                lines.append(body.split("=", 1)[-1].strip() if "=" in body else body)
            elif inside and len(marker) >= 25 and not marker.startswith("#"):
                lines.append(marker)
    return [line for line in lines if len(line) >= 12]


# --- the build ---------------------------------------------------------------------------------


def build(master: Path, dist: Path = DIST, force: bool = False) -> Path:
    """Build one master into `dist/<name>/{student,autograder}`; returns the assignment folder."""
    name = master.stem
    out = dist / name
    stamp = fingerprint(master)
    manifest_path = out / "autograder" / MANIFEST
    if not force and manifest_path.is_file():
        try:
            if json.loads(manifest_path.read_text())["fingerprint"] == stamp:
                print(f"{name}: up to date")
                return out
        except (ValueError, KeyError):
            pass
    where = str(master.relative_to(REPO_ROOT) if master.is_relative_to(REPO_ROOT) else master)
    master_nb = json.loads(master.read_text(encoding="utf-8"))
    questions = questions_from_master(master_nb, where)
    widgets = widget_cells(master_nb)
    if widgets:
        raise BuildError(f"{where}: cells {widgets} use live widgets; graded notebooks show "
                         "static figures instead")
    print(f"{name}: otter assign (runs the master's tests)...", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as tmp:
        result = Path(tmp) / "out"
        proc = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(master), str(result)],
            capture_output=True, text=True, cwd=master.parent,
        )
        failed = proc.returncode != 0 or "Traceback" in proc.stderr
        if failed:
            raise BuildError(f"{where}: otter assign failed\n{proc.stdout[-3000:]}\n"
                             f"{proc.stderr[-3000:]}")
        student_nb = json.loads((result / "student" / f"{name}.ipynb").read_text())
        finish_student_notebook(student_nb, [q["name"] for q in questions if q["manual"]], where)
        auto_src = result / "autograder"
        zips = sorted(auto_src.glob("*.zip"))
        if not zips:
            raise BuildError(f"{where}: otter assign wrote no autograder zip")
        tests_dir = auto_src / "tests"
        if not tests_dir.is_dir():
            import zipfile

            with zipfile.ZipFile(zips[0]) as archive:
                for member in archive.namelist():
                    if member.startswith("tests/") and member.endswith(".py"):
                        archive.extract(member, auto_src)
        leaked = leaks(student_nb, auto_src, master_nb)
        if leaked:
            raise BuildError(f"{where}: the student notebook would show:\n  " + "\n  ".join(leaked))
        if out.exists():
            shutil.rmtree(out)
        (out / "student").mkdir(parents=True)
        (out / "student" / f"{name}.ipynb").write_text(
            json.dumps(student_nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        shutil.copytree(auto_src, out / "autograder", ignore=shutil.ignore_patterns("*.zip"))
        shutil.copy(zips[0], out / "autograder" / "autograder.zip")
    manifest = {"assignment": name, "fingerprint": stamp, "questions": questions,
                "max_points": sum(q["points"] for q in questions)}
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    total = manifest["max_points"]
    print(f"{name}: built dist/{name}/student/{name}.ipynb and dist/{name}/autograder/ "
          f"({len(questions)} questions, {total:g} points)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m treatylens.grading.build",
                                     description="Build student notebooks and autograders.")
    parser.add_argument("names", nargs="*",
                        help="assignment names or master .ipynb paths (default: all masters)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--dist", type=Path, default=DIST)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="masters built at once, each in its own process (default: 2)")
    args = parser.parse_args(argv)
    chosen = masters()
    if args.names:
        by_name = {m.stem: m for m in chosen}
        picked, unknown = [], []
        for name in args.names:
            if name.endswith(".ipynb") and Path(name).is_file():  # a master kept elsewhere
                picked.append(Path(name).resolve())
            elif name in by_name:
                picked.append(by_name[name])
            else:
                unknown.append(name)
        if unknown:
            print(f"unknown assignment(s): {', '.join(unknown)}; masters: "
                  f"{', '.join(by_name) or 'none'}, or give the path of a master .ipynb",
                  file=sys.stderr)
            return 2
        chosen = picked
    # otter assign runs each master's notebook and tests in a kernel: most of `make test`'s
    # set-up time. Masters are independent, so they are built side by side in processes
    # (otter changes the working directory, which threads would share).
    jobs = max(1, min(args.jobs, len(chosen)))
    failures: list[str] = []
    if jobs == 1:
        for master in chosen:
            try:
                build(master, args.dist, args.force)
            except BuildError as error:
                failures.append(str(error))
    else:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = {pool.submit(build, master, args.dist, args.force): master
                       for master in chosen}
            for future in concurrent.futures.as_completed(futures):
                try:
                    future.result()
                except BuildError as error:
                    failures.append(str(error))
    for failure in failures:
        print(f"make assignments: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
