"""Stop early, with a clear message, when the interpreter is too old for the course."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this file exists to catch old Pythons
    sys.exit(
        f"treatylens needs Python 3.11 or newer; `{sys.executable}` is "
        f"{sys.version.split()[0]}. Run `make PYTHON=python3.11 …` with a newer interpreter."
    )
