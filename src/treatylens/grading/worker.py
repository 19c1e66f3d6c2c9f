"""One submission, start to finish, in a grading worker: read, sandbox, run, score.

The worker never executes student code itself. It checks that the file is a notebook of this
assignment, reads the student id without running anything, forks a sandboxed child that runs
the cells (`execute`), watches it against the time limit, kills it and everything it started
when time is up, and then runs otter's test files, in its own clean process, on the plain-data
copies of the answers the child reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatylens.grading import capture, sandbox, student_id
from treatylens.grading.autograder import Autograder
from treatylens.paths import REPO_ROOT

MAX_NOTEBOOK_BYTES = 20_000_000
MAX_CHANNEL_BYTES = 200_000_000
HARD_KILL_GRACE = 5.0
SCRATCH_MB = 256


@dataclass(frozen=True)
class Options:
    timeout: float = 120.0
    memory_mb: int = 2048
    output_mb: int = 16
    hidden: tuple[str, ...] = ()
    """Folders the submission must not see (submissions, output, autograder)."""


@dataclass
class Outcome:
    """What grading one file found; `grade` turns it into a gradebook row and feedback."""

    file: str
    sha256: str = ""
    student_id: str = ""
    id_note: str = ""
    status: str = "graded"
    reason: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    tests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    cell_errors: list[dict[str, Any]] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _invalid(outcome: Outcome, reason: str) -> Outcome:
    outcome.status, outcome.reason = "invalid", reason
    return outcome


def read_notebook(path: Path, outcome: Outcome, assignment: str) -> dict[str, Any] | None:
    """The parsed notebook, or None with `outcome` marked invalid and a reason a person reads."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        _invalid(outcome, f"the file is {size / 1e6:.0f} MB; a notebook for this assignment "
                          f"is well under {MAX_NOTEBOOK_BYTES // 1_000_000} MB")
        return None
    data = path.read_bytes()
    outcome.sha256 = sha256_of(data)
    if not data.strip():
        _invalid(outcome, "the file is empty (0 bytes of notebook)")
        return None
    try:
        notebook = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        _invalid(outcome, "the file is not text: it is not a Jupyter notebook, whatever its name")
        return None
    except json.JSONDecodeError as error:
        _invalid(outcome, f"the file is not valid notebook JSON (line {error.lineno}, column "
                          f"{error.colno}: {error.msg}); was it edited outside Jupyter or cut off?")
        return None
    problem = _notebook_problem(notebook, assignment)
    if problem:
        _invalid(outcome, problem)
        return None
    return notebook


def _notebook_problem(notebook: object, assignment: str) -> str | None:
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "the file is JSON but not a Jupyter notebook (it has no list of cells)"
    if notebook.get("nbformat") != 4:
        return f"the notebook format is {notebook.get('nbformat')!r}; Jupyter saves version 4"
    if not notebook["cells"]:
        return "the notebook has no cells at all"
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return f"cell {number} is not a notebook cell"
        source = cell.get("source", "")
        if not (isinstance(source, str) or
                (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            return f"cell {number} has no readable source text"
    otter = notebook.get("metadata", {}).get("otter", {})
    named = otter.get("assignment_name") if isinstance(otter, dict) else None
    if named and named != assignment:
        return f"this is the notebook for {named!r}, not {assignment!r}"
    if not any(c["cell_type"] == "code" for c in notebook["cells"]):
        return "the notebook has no code cells"
    return None


def resolve_student_id(notebook: dict[str, Any], path: Path, assignment: str,
                       outcome: Outcome) -> bool:
    """Set `outcome.student_id` from the notebook (preferred) or the file name."""
    declared = student_id.id_in_notebook(notebook)
    from_name = student_id.id_from_filename(path, assignment)
    if declared is not None and student_id.id_problem(declared) is None:
        outcome.student_id = declared
        if from_name and from_name != declared:
            outcome.id_note = (
                f"the file name suggests {from_name!r}; the notebook says {declared!r}"
            )
        return True
    if from_name:
        outcome.student_id = from_name
        outcome.id_note = (
            f"no valid STUDENT_ID in the notebook ({student_id.id_problem(declared)}); "
            f"the id {from_name!r} was taken from the file name"
        )
        return True
    _invalid(outcome, f"no student id: {student_id.id_problem(declared)} The file name "
                      f"{path.name!r} is not an id either, so the student's parameters are unknown")
    return False


PLACEHOLDER = "_Type your answer here, replacing this text._"


def written_answers(notebook: dict[str, Any], questions: list[str]) -> dict[str, str]:
    """Each written question's answer text, found by the tag the build put on its answer
    cells; where tags are gone (cells pasted into a fresh notebook, metadata stripped by a
    platform), by position between otter's `<!-- BEGIN/END QUESTION -->` markers."""
    tagged: dict[str, list[str]] = {}
    by_position: list[list[str]] = []
    inside = False
    for cell in notebook.get("cells", []):
        text = _text(cell)
        meta = cell.get("metadata", {}).get(student_id.METADATA_KEY, {})
        question = meta.get("answer_to") if isinstance(meta, dict) else None
        if isinstance(question, str):
            tagged.setdefault(question, []).append(text)
        if cell.get("cell_type") == "markdown" and "<!-- BEGIN QUESTION -->" in text:
            by_position.append([])
            inside = True
            continue
        if "<!-- END QUESTION -->" in text:
            inside = False
        elif inside and cell.get("cell_type") == "markdown":
            by_position[-1].append(text)
    answers = {}
    for number, question in enumerate(questions):
        parts = tagged.get(question)
        if parts is None and number < len(by_position):
            parts = by_position[number]
        if parts is not None:
            answers[question] = "\n\n".join(
                p for p in parts
                if p.strip() != PLACEHOLDER and not p.lstrip().startswith("**Rubric"))
    return answers


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


# --- running the submission in a sandboxed child --------------------------------------------


def _child(notebook: dict[str, Any], names: list[str], write_fd: int, scratch: Path,
           assignment: str, options: Options, fences: sandbox.Fences, baseline: int,
           deadline: float) -> None:  # pragma: no cover - runs in the forked child
    """Fence ourselves in, then run the cells; never returns."""
    code = 0
    try:
        os.setsid()
        sandbox.die_with_parent()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if fences.namespaces:
            sandbox.enter_namespaces(user=fences.namespaces == "user")
            sandbox.make_read_only(REPO_ROOT)
            for hidden in options.hidden:
                if Path(hidden).is_dir():
                    sandbox.hide(Path(hidden))
            sandbox.private_scratch(scratch, SCRATCH_MB)
        else:
            sandbox.install_socket_guard()
            if fences.drop_to:
                os.chown(scratch, *fences.drop_to)
                sandbox.drop_privileges(*fences.drop_to)
        os.chdir(scratch)
        os.environ["HOME"] = str(scratch)
        os.environ["MPLCONFIGDIR"] = str(scratch / ".mpl")
        (scratch / f"{assignment}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        sandbox.limit_resources(baseline + options.memory_mb * 1024 * 1024,
                                options.output_mb * 1024 * 1024)
        from treatylens.grading.execute import run_cells

        run_cells(notebook, names, write_fd, deadline, options.output_mb * 1_000_000)
    except BaseException:
        code = 3
    os._exit(code)


@dataclass
class ChildReport:
    """Everything the child said, and how it ended."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    last_cell: int = 0
    done: dict[str, Any] | None = None
    killed: bool = False
    exit_code: int | None = None
    signal: int | None = None
    garbled: int = 0


def _absorb(line: bytes, report: ChildReport) -> None:
    try:
        message = json.loads(line)
        kind = message["k"]
    except (ValueError, KeyError, TypeError):
        report.garbled += 1
        return
    if kind == "cell":
        report.last_cell = int(message.get("i", 0))
    elif kind == "error":
        report.errors.append({k: message.get(k) for k in ("i", "ename", "evalue")})
    elif kind == "var" and isinstance(message.get("name"), str):
        report.values[message["name"]] = message.get("value", {})
    elif kind == "done":
        report.done = message


def run_child(notebook: dict[str, Any], names: list[str], assignment: str, options: Options,
              fences: sandbox.Fences) -> ChildReport:
    """Fork the sandboxed child, read its channel, enforce the time limit, clean up."""
    report = ChildReport()
    scratch = Path(tempfile.mkdtemp(prefix="treatylens-sub-"))
    read_fd, write_fd = os.pipe()
    baseline = sandbox.address_space_bytes()
    start = time.monotonic()
    deadline = start + options.timeout
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(notebook, names, write_fd, scratch, assignment, options, fences, baseline,
               deadline)
    os.close(write_fd)
    buffer, total = b"", 0
    try:
        while True:
            wait = deadline + HARD_KILL_GRACE - time.monotonic()
            if wait <= 0:
                report.killed = True
                break
            ready, _, _ = select.select([read_fd], [], [], min(wait, 1.0))
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_CHANNEL_BYTES:
                report.killed = True
                report.errors.append({"i": report.last_cell, "ename": "ChannelLimit",
                                      "evalue": "the answers were too large to read"})
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                _absorb(line, report)
    finally:
        os.close(read_fd)
        sandbox.kill_tree(pid, pid)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            report.signal = os.WTERMSIG(status)
        else:
            report.exit_code = os.WEXITSTATUS(status)
        sandbox.reap_orphans()
        shutil.rmtree(scratch, ignore_errors=True)
    return report


# --- from report to outcome --------------------------------------------------------------------


def _summarise_errors(errors: list[dict[str, Any]]) -> str:
    shown = [f"cell {e['i']} ({e['ename']}: {e['evalue']})"[:160] for e in errors[:3]]
    more = f" and {len(errors) - 3} more" if len(errors) > 3 else ""
    return "; ".join(shown) + more


def judge(report: ChildReport, options: Options, outcome: Outcome) -> None:
    """Status and reason from how the child ended (scores are filled in separately)."""
    names = {e["ename"] for e in report.errors}
    outcome.cell_errors = report.errors[:50]
    notes = []
    if report.done is None:
        if report.killed:
            outcome.status = "timeout"
            notes.append(
                f"still running after {options.timeout:g} s (cell {report.last_cell}), and it "
                "could not be interrupted; it was killed. Answers given before that cell count"
            )
        else:
            outcome.status = "error"
            how = (f"was killed by signal {report.signal}" if report.signal
                   else f"exited with code {report.exit_code}")
            notes.append(
                f"the notebook's process {how} while running cell {report.last_cell} "
                "(os._exit, a crash, or a fence it ran into); cells after it did not run. "
                "Answers given before that cell count"
            )
    elif report.done.get("timeout"):
        outcome.status = "timeout"
        notes.append(
            f"time ran out ({options.timeout:g} s) in cell {report.last_cell}; the cells after "
            "it did not run. Answers given before that cell count"
        )
    if "MemoryError" in names and outcome.status == "graded":
        outcome.status = "memory"
        cells = ", ".join(str(e["i"]) for e in report.errors if e["ename"] == "MemoryError")
        notes.append(f"cell {cells} needed more than the {options.memory_mb} MB allowed and was "
                     "stopped; the other cells ran and were graded")
    other = [e for e in report.errors
             if e["ename"] not in ("Timeout", "MemoryError")]
    if other:
        notes.append("errors in " + _summarise_errors(other))
    if report.garbled:
        notes.append(f"{report.garbled} unreadable message(s) on the grader's channel were ignored")
    outcome.reason = "; ".join(notes)


def grade_file(path: Path, autograder: Autograder, options: Options,
               fences: sandbox.Fences) -> Outcome:
    """Grade one submission file; never raises for anything the file contains."""
    started = time.monotonic()
    outcome = Outcome(file=path.name)
    try:
        notebook = read_notebook(path, outcome, autograder.name)
        if notebook is None or not resolve_student_id(notebook, path, autograder.name, outcome):
            return outcome
        outcome.written = written_answers(notebook, [q.name for q in autograder.manual])
        report = run_child(notebook, autograder.variable_names, autograder.name, options, fences)
        judge(report, options, outcome)
        env = {name: capture.decode(spec) for name, spec in report.values.items()}
        outcome.missing = [n for n in autograder.variable_names if n not in env]
        env[student_id.ID_VARIABLE] = outcome.student_id
        outcome.scores, outcome.tests = autograder.score(env)
    except Exception as error:  # a grader bug must not lose the row
        outcome.status = "error"
        outcome.reason = f"the grader failed on this file ({type(error).__name__}: {error})"
    finally:
        outcome.seconds = round(time.monotonic() - started, 2)
    return outcome
