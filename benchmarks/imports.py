"""How long do the course's heavy imports take, against `import json`? (Fresh interpreters.)

`import jsonschema` once took 1-3 s here: jsonschema 4.25+ imports `rfc3987_syntax` (its
`format-nongpl` extra, asked for by jupyter-events), which builds ~35 Lark parsers at import
(python-jsonschema/jsonschema#1428). pyproject.toml holds jsonschema at 4.24.1 for that
reason; this script is how to check the pin is still doing its job, and whether a newer
jsonschema can be let in.

Each module is imported in a new interpreter (the same Python as this script), `--repeats`
times, round-robin so that a busy machine slows every module alike; one untimed warm-up run
per module comes first. The time is measured inside the child around the `import` statement
alone, so interpreter start-up is left out. Medians are printed with their ratio to
`import json` from the same run, and whether the import loaded `rfc3987_syntax` or `lark`.

A context row, not part of the ratio: jsonschema with its format-checker libraries hidden.
That is the floor no choice of jsonschema's optional dependencies can go below (referencing,
attrs and the bundled meta-schemas); what is above it is the format libraries (isoduration
brings arrow and dateutil, for the `duration` format).

    .venv/bin/python benchmarks/imports.py [--repeats 5]

The last line is exactly `jsonschema_json_ratio=<x>`.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Alternatives in a tuple: the first one that exists is measured (the drawing code moved from
# treatylens.maps to treatylens.charts.maps).
MODULES = ["json", "jsonschema", "jupyter_events", ("treatylens.charts.maps", "treatylens.maps"),
           "treatylens.claims"]

# The libraries jsonschema's format checker uses when they are installed (jsonschema/_format.py).
FORMAT_LIBRARIES = [
    "fqdn", "idna", "isoduration", "jsonpointer", "rfc3339_validator", "rfc3986_validator",
    "rfc3987", "rfc3987_syntax", "uri_template", "webcolors",
]
FLOOR = "jsonschema without format libraries"

# The child imports nothing before the timed import but `sys` and `time` (both built in), so
# `import json` is timed cold too; it prints a Python literal, read back with literal_eval.
CHILD = """
import sys, time
for name in {hidden!r}:
    sys.modules[name] = None  # makes `import name` raise ImportError, as if not installed
start = time.perf_counter()
import {module}
seconds = time.perf_counter() - start
print(repr({{"seconds": seconds,
             "rfc3987_syntax": sys.modules.get("rfc3987_syntax") is not None,
             "lark": sys.modules.get("lark") is not None}}))
"""


def import_once(module: str, hidden: list[str]) -> dict:
    code = CHILD.format(module=module, hidden=hidden)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"importing {module} failed:\n{done.stderr}")
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def existing(module: str | tuple[str, ...]) -> str:
    if isinstance(module, str):
        return module
    for name in module:
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except ModuleNotFoundError:
            continue
    sys.exit(f"none of {module} can be imported")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed imports per module")
    args = parser.parse_args()

    cases = {name: (name, []) for name in map(existing, MODULES)}
    cases[FLOOR] = ("jsonschema", FORMAT_LIBRARIES)

    for module, hidden in cases.values():  # warm-up: bytecode caches, file system cache
        import_once(module, hidden)
    runs: dict[str, list[dict]] = {name: [] for name in cases}
    for _ in range(args.repeats):
        for name, (module, hidden) in cases.items():
            runs[name].append(import_once(module, hidden))

    print(f"python {sys.version.split()[0]}, jsonschema {metadata.version('jsonschema')}, "
          f"median of {args.repeats} fresh interpreters, import statement only")
    medians = {name: statistics.median(r["seconds"] for r in rows) for name, rows in runs.items()}
    json_s = medians["json"]
    print(f"{'module':38} {'median ms':>10} {'× json':>8}  loads rfc3987_syntax / lark")
    for name, rows in runs.items():
        loads = "yes" if any(r["rfc3987_syntax"] for r in rows) else "no"
        loads += " / " + ("yes" if any(r["lark"] for r in rows) else "no")
        label = f"({name})" if name == FLOOR else name
        print(f"{label:38} {medians[name] * 1000:10.1f} {medians[name] / json_s:8.1f}  {loads}")
    print(f"jsonschema_json_ratio={medians['jsonschema'] / json_s:.1f}")


if __name__ == "__main__":
    main()
