"""How long a newcomer waits: cold set-up, then each lesson against the floor.

The floor is what every lesson pays anyway: starting a kernel and importing the stack. Each
lesson's time is divided by the floor measured in the same run, so the ratios compare across
machines; seconds alone do not. Run from the repository root:

    .venv/bin/python benchmarks/setup_and_run.py            # cold set-up in a temp venv
    .venv/bin/python benchmarks/setup_and_run.py --skip-setup

The last line is `setup_s=<seconds> worst_lesson_ratio=<ratio>`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FLOOR_IMPORTS = (
    "import matplotlib.pyplot as plt\nimport pandas as pd\nimport geopandas\n"
    "import ipywidgets\nimport treatylens.exercises\n"
)


def cold_setup_seconds() -> float:
    """Create a fresh venv and install the lock and the package, as `make` does."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
               "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(ROOT / "requirements" / "lock.txt")], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        return time.perf_counter() - start


def run_seconds(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def median_seconds(path: Path | None, repeats: int) -> float:
    cwd = ROOT / "notebooks"
    times = []
    for _ in range(repeats):
        if path is None:
            notebook = nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])
        else:
            notebook = nbformat.read(path, as_version=4)
        times.append(run_seconds(notebook, cwd))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-setup", action="store_true", help="reuse the existing .venv")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    setup = float("nan") if args.skip_setup else cold_setup_seconds()
    if not args.skip_setup:
        print(f"cold set-up: {setup:.1f} s")
    floor = median_seconds(None, args.repeats)
    print(f"floor (kernel start + imports): {floor:.2f} s")
    worst = 0.0
    for lesson in sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb")):
        seconds = median_seconds(lesson, args.repeats)
        ratio = seconds / floor
        worst = max(worst, ratio)
        print(f"{lesson.name:40s} {seconds:7.2f} s  ratio {ratio:5.2f}")
    print(f"setup_s={setup:.1f} worst_lesson_ratio={worst:.2f}")


if __name__ == "__main__":
    main()
