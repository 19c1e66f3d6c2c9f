"""The install step runs once: a second `make test` or `make lab` reinstalls nothing."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_install_is_up_to_date_after_setup() -> None:
    # `make -q` exits 0 only when the target is up to date, i.e. nothing would run.
    result = subprocess.run(["make", "-q", "install"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, "the venv stamp is older than pyproject.toml or the lock"


def test_lab_and_test_depend_on_the_same_install_stamp() -> None:
    dry = subprocess.run(["make", "-n", "lab", "test"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "pip install" not in dry, "make lab/test would reinstall although nothing changed"
