"""One source of pins: pyproject's ranges, the lock, environment.yml and the venv agree."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def lock_pins() -> dict[str, str]:
    """The pins that apply to this interpreter (universal locks carry markers)."""
    pins = {}
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (version,) = [s.version for s in requirement.specifier if s.operator == "=="]
            pins[canonicalize_name(requirement.name)] = version
    return pins


def declared_requirements() -> list[Requirement]:
    project = pyproject()["project"]
    names = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        names.extend(extra)
    return [Requirement(n) for n in names]


def test_lock_pins_every_declared_requirement_within_its_range() -> None:
    pins = lock_pins()
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not pinned in {LOCK}"
        assert requirement.specifier.contains(pins[name]), (
            f"{LOCK} pins {name}=={pins[name]}, outside pyproject's {requirement.specifier}"
        )


def test_matplotlib_is_new_enough_to_shape_arabic() -> None:
    assert SpecifierSet(">=3.11").contains(lock_pins()["matplotlib"])


def test_environment_yml_installs_the_lock_and_the_package() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_deps = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert len(pip_sections) == 1, "environment.yml needs exactly one pip: section"
    pip_lines = pip_sections[0]
    assert "-r requirements/lock.txt" in pip_lines, "environment.yml must install the lock"
    assert "-e ." in pip_lines, "environment.yml must install the course package"
    others = [p for p in pip_lines if p not in ("-r requirements/lock.txt", "-e .")]
    assert not others, f"environment.yml pins packages outside the lock: {others}"
    assert "pip" in conda_deps
    # conda provides only Python and pip: everything else comes from the same lock
    assert {re.split(r"[=<>]", d)[0] for d in conda_deps} == {"python", "pip"}


def test_environment_python_matches_requires_python() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (python,) = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    version = python.split("=", 1)[1]
    requires = SpecifierSet(pyproject()["project"]["requires-python"])
    assert requires.contains(version + ".0"), f"{python} is outside requires-python {requires}"


def test_installed_versions_match_the_lock() -> None:
    """Catches a venv that drifted from the lock (e.g. a hand-installed upgrade)."""
    drift = []
    for name, version in lock_pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            drift.append(f"{name}: not installed (lock says {version})")
            continue
        if installed != version:
            drift.append(f"{name}: installed {installed}, lock says {version}")
    assert not drift, "run `make clean test` to rebuild the environment:\n" + "\n".join(drift)
