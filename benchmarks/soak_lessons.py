"""Soak test: execute every lesson many times through nbclient and count stalled cells.

nbclient is the path nbconvert, `benchmarks/setup_and_run.py` and otter-grader all share, so a
cell that sometimes waits for its cell timeout there would, in grading, score an innocent
student as a timeout. Lesson 03's widget cell did so in 6 of 18 runs (issue 9, item 24). One
run of each lesson proves nothing about such a rare stall; many runs in fresh kernels do.

Every cell is timed between nbclient's `on_cell_start` and `on_cell_executed` hooks. A cell
execution is a **stall** when it takes more than `--factor` (3) times that cell's median over
all runs of its lesson. A cell that takes milliseconds would count as stalled on ordinary
jitter, so a stall must also be at least `--min-excess` seconds (1) above the median. A cell
that hits the cell timeout (nbclient raises) is a stall too, and the run stops there.

Run from the repository root with the course environment:

    .venv/bin/python benchmarks/soak_lessons.py                       # every lesson, 20 runs
    .venv/bin/python benchmarks/soak_lessons.py --runs 15 --lessons 03

One line per lesson (runs, median total seconds, stalls and the cells that stalled, and runs
that failed with an error, if any), then the last line `runs=<n> stalls=<n>`. The target is zero
stalls.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def lesson_paths(selectors: list[str] | None) -> list[Path]:
    """The lessons to soak: all `NN_*.ipynb`, or those whose name starts with a selector."""
    lessons = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not selectors:
        return lessons
    chosen = [p for p in lessons if any(p.name.startswith(s) for s in selectors)]
    if not chosen:
        raise SystemExit(f"no lesson matches {selectors}; lessons: {[p.name for p in lessons]}")
    return chosen


def execute_timed(path: Path, timeout: int) -> tuple[dict[int, float], int | None, str]:
    """Execute one lesson in a fresh kernel: seconds per code cell, a timed-out cell, an error.

    The cell that hit the timeout (if any) is returned separately, with its time, because
    nbclient raises there and the remaining cells do not run. A cell that raises is reported
    (first line of the error) rather than ending the soak: a failing lesson is a different
    problem from a stalling one, and the other lessons still need measuring.
    """
    notebook = nbformat.read(path, as_version=4)
    started: dict[int, float] = {}
    seconds: dict[int, float] = {}

    def on_start(cell: nbformat.NotebookNode, cell_index: int) -> None:
        started[cell_index] = time.perf_counter()

    def on_executed(cell: nbformat.NotebookNode, cell_index: int,
                    execute_reply: dict) -> None:
        seconds[cell_index] = time.perf_counter() - started[cell_index]

    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=on_start, on_cell_executed=on_executed,
    )
    try:
        client.execute()
    except CellTimeoutError:
        timed_out = max(started)
        seconds[timed_out] = time.perf_counter() - started[timed_out]
        return seconds, timed_out, ""
    except CellExecutionError as error:
        failed = max(started)
        return seconds, None, f"cell {failed}: {str(error).strip().splitlines()[-1]}"
    return seconds, None, ""


def find_stalls(runs: list[dict[int, float]], factor: float,
                min_excess: float) -> list[tuple[int, int, float, float]]:
    """(run, cell, seconds, median) for every cell execution slower than factor × its median.

    The median is taken per cell over all runs, so a cell that is always slow (loading the
    map shapes) is compared with itself, not with the quick cells around it.
    """
    by_cell: dict[int, list[float]] = defaultdict(list)
    for run in runs:
        for cell, secs in run.items():
            by_cell[cell].append(secs)
    medians = {cell: statistics.median(times) for cell, times in by_cell.items()}
    return [
        (number, cell, secs, medians[cell])
        for number, run in enumerate(runs, start=1)
        for cell, secs in sorted(run.items())
        if secs > factor * medians[cell] and secs - medians[cell] >= min_excess
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="executions per lesson (20)")
    parser.add_argument("--lessons", nargs="*", metavar="PREFIX",
                        help="lesson name prefixes, e.g. 03 (default: every lesson)")
    parser.add_argument("--timeout", type=int, default=120,
                        help="cell timeout in seconds, as in grading (120)")
    parser.add_argument("--factor", type=float, default=3.0,
                        help="a stall is slower than factor × the cell's median (3)")
    parser.add_argument("--min-excess", type=float, default=1.0,
                        help="...and at least this many seconds above it (1)")
    args = parser.parse_args()

    total_runs = total_stalls = 0
    for path in lesson_paths(args.lessons):
        runs: list[dict[int, float]] = []
        timeouts: list[tuple[int, int]] = []
        failed = 0
        for number in range(1, args.runs + 1):
            seconds, timed_out, error = execute_timed(path, args.timeout)
            runs.append(seconds)
            if timed_out is not None:
                timeouts.append((number, timed_out))
            failed += bool(error)
            print(f"  {path.name} run {number}: {sum(seconds.values()):.1f} s"
                  + (f" (cell {timed_out} timed out)" if timed_out is not None else "")
                  + (f" (FAILED {error})" if error else ""),
                  file=sys.stderr, flush=True)
        stalls = find_stalls(runs, args.factor, args.min_excess)
        stalled = {(run, cell) for run, cell, _, _ in stalls}
        stalled |= set(timeouts)
        detail = ", ".join(
            f"run {run} cell {cell} {secs:.1f} s (median {median:.2f} s)"
            for run, cell, secs, median in stalls
        )
        median_total = statistics.median(sum(run.values()) for run in runs)
        print(f"{path.name:40s} runs={len(runs)} median_s={median_total:.1f} "
              f"stalls={len(stalled)}" + (f" failed={failed}" if failed else "")
              + (f": {detail}" if detail else ""), flush=True)
        total_runs += len(runs)
        total_stalls += len(stalled)
    print(f"runs={total_runs} stalls={total_stalls}")


if __name__ == "__main__":
    main()
