"""Grading a class: `treatylens grade` against a sequential loop of `otter run`, same files.

Generates 40 submissions from a built assignment (right, partly right, broken, and one
endless loop), grades them all with `treatylens grade`, then grades the same files one after
another with `otter run` (otter's Docker-free grader) and compares times and scores. `otter
run` has no timeout, so the endless loop is left out of its loop (it would hang for ever);
every other submission must score the same under both. Peak memory is the proportional set
size (PSS) of the whole `treatylens grade` process tree, sampled every 0.2 s, so pages the
forked workers share are counted once.

    .venv/bin/python benchmarks/grading.py                       # a2_treaties_maps
    .venv/bin/python benchmarks/grading.py --assignment a1_sources --otter-sample 10

Last line: `submissions=<n> speedup=<x> peak_mb=<y>`. With `--otter-sample K` only K files
(spread over the kinds) are graded by otter and its time is scaled up to all of them; the
output says so.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _with_id(notebook: dict, student: str) -> dict:
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "STUDENT_ID =" in _source(cell):
            cell["source"] = re.sub(r'STUDENT_ID = "[^"]*"', f'STUDENT_ID = "{student}"',
                                    _source(cell), count=1)
            break
    return nb


def generate(dist: Path, name: str, folder: Path, count: int = 40) -> dict[str, str]:
    """`count` submissions in `folder`; returns file name -> kind."""
    solution = json.loads((dist / "autograder" / f"{name}.ipynb").read_text())
    student = json.loads((dist / "student" / f"{name}.ipynb").read_text())
    answers = [i for i, c in enumerate(student["cells"])
               if "otter_answer_cell" in c["metadata"].get("tags", [])
               and c["cell_type"] == "code"]
    by_source = {_source(c): i for i, c in enumerate(solution["cells"])}
    rng = random.Random(8)
    kinds: dict[str, str] = {}
    for number in range(count):
        student_id = f"b{number:07d}"
        kind = ("loop" if number == count - 1 else "right" if number % 3 == 0
                else "partly right" if number % 3 == 1 else "broken")
        nb = _with_id(solution, student_id)
        if kind == "partly right":
            for index in rng.sample(answers, k=max(1, len(answers) // 2)):
                placeholder = _source(student["cells"][index])
                match = [i for s, i in by_source.items()
                         if s.split("=")[0].strip() == placeholder.split("=")[0].strip()]
                if match:
                    nb["cells"][match[0]]["source"] = placeholder
        elif kind == "broken":
            nb = _with_id(student, student_id) if number % 2 else nb
            if not number % 2:
                nb["cells"].insert(3, {"cell_type": "code", "metadata": {}, "outputs": [],
                                       "execution_count": None,
                                       "source": "raise RuntimeError('broken on purpose')"})
                nb["cells"].insert(5, {"cell_type": "code", "metadata": {}, "outputs": [],
                                       "execution_count": None, "source": "def f(:\n    pass"})
        elif kind == "loop":
            nb["cells"].insert(4, {"cell_type": "code", "metadata": {}, "outputs": [],
                                   "execution_count": None, "source": "while True:\n    pass"})
        path = folder / f"{student_id}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        kinds[path.name] = kind
    return kinds


def _tree_pss_mb(pid: int) -> float:
    """Sum of PSS over `pid` and its descendants, in MB."""
    from treatylens.grading.sandbox import descendants

    total = 0
    for proc in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{proc}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def time_treatylens(name: str, subs: Path, out: Path, timeout: float) -> tuple[float, float]:
    command = [str(BIN / "treatylens"), "grade", name, str(subs), "-o", str(out),
               "--timeout", f"{timeout:g}"]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_pss_mb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    print(output.strip())
    if proc.returncode != 0:
        raise SystemExit(f"treatylens grade failed ({proc.returncode})")
    return seconds, peak


def otter_scores(autograder_zip: Path, submission: Path, work: Path) -> dict[str, float]:
    out = work / submission.stem
    out.mkdir()
    subprocess.run([str(BIN / "otter"), "run", "-a", str(autograder_zip), "-o", str(out),
                    "--no-logo", str(submission)], check=True, capture_output=True, cwd=work)
    results = json.loads((out / "results.json").read_text())
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="a2_treaties_maps")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=15.0,
                        help="treatylens grade's per-submission timeout (the loop waits this)")
    parser.add_argument("--otter-sample", type=int, default=0,
                        help="grade only this many files with otter run and scale (0: all)")
    args = parser.parse_args()
    subprocess.run([str(BIN / "python"), "-m", "treatylens.grading.build", args.assignment],
                   check=True, cwd=ROOT)
    dist = ROOT / "dist" / args.assignment
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        subs, out, work = Path(tmp) / "subs", Path(tmp) / "out", Path(tmp) / "otter"
        subs.mkdir()
        work.mkdir()
        kinds = generate(dist, args.assignment, subs, args.count)
        ours, peak = time_treatylens(args.assignment, subs, out, args.timeout)
        rows = {r["file"]: r for r in csv.DictReader(io.StringIO(
            (out / "gradebook.csv").read_text()))}
        gradable = sorted(f for f, k in kinds.items() if k != "loop")
        chosen = gradable
        if args.otter_sample:
            step = max(1, len(gradable) // args.otter_sample)
            chosen = gradable[::step][: args.otter_sample]
        shutil.copy(dist / "autograder" / "autograder.zip", work / "autograder.zip")
        mismatches = []
        start = time.perf_counter()
        for number, name in enumerate(chosen, start=1):
            scores = otter_scores(work / "autograder.zip", subs / name, work)
            for question, score in scores.items():
                mine = rows[name].get(question, "")
                if mine == "" or abs(float(mine) - score) > 1e-6:
                    mismatches.append(f"{name} {question}: treatylens {mine!r}, otter {score}")
            print(f"otter run {number}/{len(chosen)}: {name}", file=sys.stderr)
        otter_seconds = time.perf_counter() - start
        scaled = otter_seconds * len(gradable) / len(chosen)
        note = "" if len(chosen) == len(gradable) else (
            f" (measured on {len(chosen)} files, scaled to {len(gradable)})")
        # the comparison is fair only if both graded the same files: ours includes the loop
        print(f"treatylens grade: {ours:.1f} s for {len(kinds)} files, "
              f"{os.cpu_count()} cores, loop timeout {args.timeout:g} s")
        print(f"sequential otter run: {scaled:.1f} s for {len(gradable)} files{note} "
              "(the endless loop excluded: otter run would never return)")
        print(f"score mismatches: {len(mismatches)}")
        for line in mismatches[:20]:
            print(f"  {line}")
        print(f"submissions={len(kinds)} speedup={scaled / ours:.1f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
