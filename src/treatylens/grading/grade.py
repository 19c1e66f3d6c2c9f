"""`treatylens grade`: a folder of submissions to a gradebook, feedback and grading sheets.

Workers are forked once from a process that has already imported the course's libraries and
the tests, and each submission then runs in its own sandboxed child of a worker (see
`worker`), so grading forty notebooks costs forty notebook runs, not forty interpreter starts.
A re-run grades only files whose content changed; everything it writes is written atomically
and sorted by file name, so an unchanged folder gives a byte-identical gradebook.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from treatylens.grading import feedback, gradebook, manual, sandbox
from treatylens.grading.autograder import Autograder
from treatylens.grading.worker import Options, Outcome, grade_file, sha256_of
from treatylens.paths import REPO_ROOT

STATE_FILE = ".grading-state.json"
STATE_VERSION = 1


class GradingError(ValueError):
    """A problem with the command itself (not with a submission): named, and nothing written."""


def find_autograder(assignment: str) -> Autograder:
    """An autograder from a folder path or an assignment name, building it if needed."""
    path = Path(assignment)
    if path.is_dir():
        for candidate in (path, path / "autograder"):
            if (candidate / "manifest.json").is_file():
                return Autograder(candidate)
        raise GradingError(f"{path} holds no built autograder (no manifest.json)")
    built = REPO_ROOT / "dist" / assignment / "autograder"
    from treatylens.grading import build

    master = REPO_ROOT / "notebooks" / "assignments" / assignment / f"{assignment}.ipynb"
    if master.is_file():
        build.build(master)  # does nothing when dist/ is up to date
        return Autograder(built)
    if (built / "manifest.json").is_file():
        return Autograder(built)
    known = ", ".join(m.stem for m in build.masters()) or "none"
    raise GradingError(f"no assignment called {assignment!r}; masters here: {known}; "
                       "or give the path of a built autograder folder")


def preload(autograder: Autograder) -> None:
    """Import what the solution notebook and tests import, once, before workers fork."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    modules = {"pandas", "numpy", "matplotlib.pyplot", "IPython.core.interactiveshell",
               "otter", "treatylens.grading.execute", "treatylens.grading.expect"}
    solution = autograder.folder / f"{autograder.name}.ipynb"
    if solution.is_file():
        notebook = json.loads(solution.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") == "code":
                modules |= _imports("".join(cell.get("source", "")))
    for path in (autograder.folder / "tests").glob("*.py"):
        modules |= _imports(path.read_text(encoding="utf-8"))
    if "treatylens.coverage" in modules:
        # coverage imports these where it uses them (lessons start faster); a grading run
        # imports them once here rather than in every forked child.
        modules |= {"sklearn.feature_extraction.text", "sklearn.metrics.pairwise",
                    "scipy.optimize"}
    for name in sorted(modules):
        with contextlib.suppress(Exception):  # a module this machine lacks is skipped
            importlib.import_module(name)
    autograder.variable_names  # noqa: B018 - loads otter's test files before the fork
    _warm_matplotlib()
    _warm_data()


def _warm_data() -> None:
    """Read and validate the course data once here; forked children inherit the cache."""
    from treatylens import geo, treaties
    from treatylens.io import sources
    from treatylens.io import treaties as treaty_data

    for load in (treaties.load_states, treaties.load_events, treaty_data.load_meta,
                 sources.load_articles, geo.load_countries,
                 *(functools.partial(sources.load_annotations, n) for n in sources.ANNOTATIONS)):
        with contextlib.suppress(Exception):
            load()


def _warm_matplotlib() -> None:
    """Draw one small figure with text, so fonts are loaded once here, not in every child."""
    with contextlib.suppress(Exception):
        import matplotlib.pyplot as plt

        figure, axes = plt.subplots(figsize=(2, 1))
        axes.set_title("warm-up")
        axes.text(0.5, 0.5, "عربي · text", ha="center")
        figure.canvas.draw()
        plt.close(figure)


def _imports(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


# --- worker processes --------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(autograder: Autograder, options: Options, fences: sandbox.Fences) -> None:
    sandbox.become_subreaper()
    _WORKER.update(autograder=autograder, options=options, fences=fences)


def _grade_in_worker(path: str) -> dict[str, Any]:
    outcome = grade_file(Path(path), _WORKER["autograder"], _WORKER["options"], _WORKER["fences"])
    return outcome.to_json()


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Summary:
    files: int = 0
    graded_now: int = 0
    reused: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    isolation: str = ""
    rows: list[dict] = field(default_factory=list)


class Progress:
    """A one-line progress bar on a terminal; silent otherwise (logs stay readable)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and sys.stderr.isatty()
        self.start = time.monotonic()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        elapsed = time.monotonic() - self.start
        sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total} "
                         f"{elapsed:5.0f} s  {label[:30]:<30}")
        sys.stderr.flush()
        if self.done == self.total:
            sys.stderr.write("\n")


def _load_state(out: Path, autograder: Autograder, options: Options) -> dict[str, Any]:
    path = out / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    same = (state.get("version") == STATE_VERSION
            and state.get("fingerprint") == autograder.fingerprint
            and state.get("options") == _options_key(options))
    return state.get("outcomes", {}) if same else {}


def _options_key(options: Options) -> dict[str, Any]:
    return {"timeout": options.timeout, "memory_mb": options.memory_mb,
            "output_mb": options.output_mb}


def _hidden_paths(*folders: Path) -> tuple[str, ...]:
    """Folders to hide from submissions, minus any that would hide what they need to run."""
    needed = [Path(sys.prefix).resolve(), REPO_ROOT / "src", REPO_ROOT / "data",
              Path(os.environ.get("TMPDIR", "/tmp")).resolve()]
    keep = []
    for folder in folders:
        folder = folder.resolve()
        if any(n == folder or n.is_relative_to(folder) for n in needed):
            continue
        keep.append(str(folder))
    return tuple(keep)


def run(assignment: str, submissions: Path, out: Path, *, jobs: int | None = None,
        timeout: float = 120.0, memory_mb: int = 2048, output_mb: int = 16,
        merge_manual: bool = False, progress: bool = True) -> Summary:
    """Grade every `*.ipynb` in `submissions` into `out`; see the module docstring."""
    started = time.monotonic()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder of submissions")
    if timeout <= 0 or memory_mb < 64 or output_mb < 1:
        raise GradingError("--timeout must be positive, --memory-mb at least 64, "
                           "--output-mb at least 1")
    if out.resolve() == submissions.resolve():
        raise GradingError("the output folder must not be the submissions folder")
    autograder = find_autograder(assignment)
    jobs = max(1, jobs or os.cpu_count() or 1)
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in submissions.glob("*.ipynb"))
    options = Options(timeout=timeout, memory_mb=memory_mb, output_mb=output_mb,
                      hidden=_hidden_paths(submissions, out, autograder.folder,
                                           REPO_ROOT / "dist",
                                           REPO_ROOT / "notebooks" / "assignments"))
    fences = sandbox.probe()
    summary = Summary(files=len(files),
                      isolation=fences.describe(memory_mb, timeout, output_mb))
    if merge_manual:  # a mistake in the scores sheet stops the run before any grading
        manual.read_scores(out / manual.SCORES_FILE, autograder.manual, {p.name for p in files})
    previous = _load_state(out, autograder, options)
    outcomes: dict[str, dict[str, Any]] = {}
    todo: list[Path] = []
    for path in files:
        if not path.is_file():  # a folder, a pipe or a device: never opened
            kind = "a folder" if path.is_dir() else "not a regular file"
            outcomes[path.name] = Outcome(file=path.name, status="invalid",
                                          reason=f"{kind}, not a notebook file").to_json()
            continue
        digest = sha256_of(path.read_bytes()) if path.stat().st_size < 50_000_000 else ""
        old = previous.get(path.name)
        if old and digest and old.get("sha256") == digest:
            outcomes[path.name] = old
        else:
            todo.append(path)
    summary.reused = len(outcomes)
    bar = Progress(len(todo), progress)
    if todo:
        preload(autograder)
        context = get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(autograder, options, fences)) as pool:
            futures = {pool.submit(_grade_in_worker, str(p)): p for p in todo}
            for future in as_completed(futures):
                path = futures[future]
                try:
                    outcomes[path.name] = future.result()
                except (BrokenProcessPool, Exception) as error:
                    outcomes[path.name] = Outcome(
                        file=path.name, status="error",
                        reason=f"a grading worker failed ({type(error).__name__}); "
                               "run the command again to retry this file").to_json()
                bar.step(path.name)
    summary.graded_now = len(todo)
    rows = assemble(outcomes, autograder, out, merge_manual)
    write_outputs(out, autograder, rows, outcomes, options)
    summary.rows = rows
    summary.statuses = Counter(r["status"] for r in rows)
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def assemble(outcomes: dict[str, dict[str, Any]], autograder: Autograder, out: Path,
             merge_manual: bool) -> list[dict]:
    """Gradebook rows in file-name order: scores, manual points, duplicates flagged."""
    merged: dict[tuple[str, str], manual.ManualScore] = {}
    if merge_manual:
        merged = manual.read_scores(out / manual.SCORES_FILE, autograder.manual, set(outcomes))
    ids = Counter(o["student_id"] for o in outcomes.values() if o["student_id"])
    files_by_id: dict[str, list[str]] = {}
    for name, outcome in sorted(outcomes.items()):
        if outcome["student_id"]:
            files_by_id.setdefault(outcome["student_id"], []).append(name)
    rows = []
    for name in sorted(outcomes):
        outcome = outcomes[name]
        points: dict[str, float | None] = {}
        readable = outcome["status"] != "invalid"
        for question in autograder.autograded:
            points[question.name] = outcome["scores"].get(question.name, 0.0) if readable else None
        manual_rows: dict[str, dict[str, Any]] = {}
        for question in autograder.manual:
            score = merged.get((name, question.name))
            points[question.name] = score.points if score else None
            if score:
                manual_rows[question.name] = {"points": score.points, "comment": score.comment}
        total = sum(v for v in points.values() if v is not None) if readable else 0.0
        reasons = [r for r in (outcome["reason"], outcome.get("id_note", "")) if r]
        status = outcome["status"]
        sid = outcome["student_id"]
        if sid and ids[sid] > 1:
            others = ", ".join(files_by_id[sid])
            reasons.insert(0, f"{ids[sid]} files for {sid} ({others}): each is graded; keep one"
                              + ("" if status == "graded" else f" (this one: {status})"))
            status = "duplicate"
        missing_for = {q.name: [n for n in outcome["missing"] if n in _names_of(autograder, q.name)]
                       for q in autograder.autograded}
        rows.append({
            "student_id": sid, "file": name, "sha256": outcome["sha256"], "points": points,
            "total": round(total, 4), "max": autograder.max_points, "status": status,
            "reason": "; ".join(reasons), "tests": outcome["tests"],
            "missing_for": {k: v for k, v in missing_for.items() if v and readable},
            "cell_errors": outcome["cell_errors"], "manual": manual_rows,
            "written": outcome["written"],
        })
    return rows


def _names_of(autograder: Autograder, question: str) -> set[str]:
    import inspect

    names: set[str] = set()
    for case in autograder.test_files[question].test_cases:
        names |= set(inspect.signature(case.body.test_func).parameters)
    return names


def write_outputs(out: Path, autograder: Autograder, rows: list[dict],
                  outcomes: dict[str, dict[str, Any]], options: Options) -> None:
    questions = [q.name for q in autograder.questions]
    gradebook.atomic_write(out / "gradebook.csv", gradebook.render(rows, questions))
    gradebook.atomic_write(out / "lms.csv", gradebook.render_lms(rows, questions))
    duplicates = {r["student_id"] for r in rows if r["status"] == "duplicate"}
    feedback.write(out / "feedback", autograder.name, rows, autograder.questions, duplicates)
    if autograder.manual:
        manual.write_sheets(out / "manual", autograder.name, autograder.manual, rows,
                            feedback.STYLE)
        manual.update_template(out / manual.SCORES_FILE, autograder.manual, rows)
    state = {"version": STATE_VERSION, "fingerprint": autograder.fingerprint,
             "options": _options_key(options), "outcomes": outcomes}
    gradebook.atomic_write(out / STATE_FILE, json.dumps(state, sort_keys=True) + "\n")


def report(summary: Summary, assignment: str, out: Path) -> str:
    """The run summary printed on the terminal."""
    counts = " · ".join(f"{status} {summary.statuses[status]}" for status in gradebook.STATUSES
                        if summary.statuses[status])
    scored = [r["total"] for r in summary.rows if r["status"] in ("graded", "duplicate")]
    mean = (f"mean total {sum(scored) / len(scored):.1f} / {summary.rows[0]['max']:g} over "
            f"{len(scored)} graded file(s)") if scored else "no file could be graded"
    return "\n".join([
        f"treatylens grade {assignment}: {summary.files} file(s), {summary.graded_now} graded "
        f"now, {summary.reused} unchanged since the last run",
        f"isolation: {summary.isolation}",
        counts or "no submissions found (*.ipynb)",
        mean,
        f"wrote {out / 'gradebook.csv'}, lms.csv, feedback/ and, for written questions, "
        f"manual/ and {manual.SCORES_FILE}",
        f"took {summary.seconds:.1f} s",
    ])
