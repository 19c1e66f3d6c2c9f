"""jsonschema still checks formats after its pin to 4.24.1, and stays quick to import.

pyproject.toml holds jsonschema below 4.25 because 4.25+ imports `rfc3987_syntax`, which
builds ~35 Lark parsers at import (seconds; see benchmarks/imports.py). These tests check what
the pin must not cost: jsonschema skips, without a word, any format whose library is missing,
so each format is tried on a bad value; the Jupyter schemas need no `iri` format (the one pair
4.24.1 leaves unchecked); the GPL `rfc3987` was not brought in to fill the gap. They also
check the import itself, by what it loads rather than how long it takes: timings belong to the
benchmark, not to tests.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

# format: (a value that conforms, one that does not); Draft 7, the draft jupyter-events uses
DRAFT7_FORMATS = {
    "date-time": ("2024-11-20T09:30:00Z", "2024-11-20 9:30"),
    "date": ("2024-11-20", "2024-13-01"),
    "time": ("09:30:00+01:00", "25:00:00Z"),
    "uri": ("https://treaties.un.org/Pages/ViewDetails.aspx?mtdsg_no=XXVI-5", "/no/scheme"),
    "uri-reference": ("../data/treaties/states.csv", "http://[not-an-ip"),
    "uri-template": ("https://example.org/treaty/{code}", "https://example.org/treaty/{code"),
    "email": ("editor@example.org", "editor.example.org"),
    "hostname": ("treaties.un.org", "-bad-.org"),
    "idn-hostname": ("bücher.example", "-bad-"),
    "ipv4": ("192.0.2.1", "256.0.2.1"),
    "json-pointer": ("/properties/0", "properties/0"),
}


def validator(cls, fmt: str):
    return cls({"type": "string", "format": fmt}, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("fmt", sorted(DRAFT7_FORMATS))
def test_draft7_format_is_checked(fmt: str) -> None:
    good, bad = DRAFT7_FORMATS[fmt]
    checker = validator(Draft7Validator, fmt)
    assert checker.is_valid(good), f"{good!r} should be a valid {fmt}"
    assert not checker.is_valid(bad), f"{bad!r} passed as {fmt}: is its format library missing?"


def test_duration_is_checked_in_draft_2020_12() -> None:
    checker = validator(Draft202012Validator, "duration")
    assert checker.is_valid("P1Y2M10D")
    assert not checker.is_valid("one year")


def test_event_schemas_are_checked_by_jupyter_events() -> None:
    """jupyter-events validates every event schema's `$id` as a `uri` with this checker."""
    from jsonschema import ValidationError
    from jupyter_events.validators import validate_schema

    schema = {"$id": "https://example.org/treatylens/event", "version": "1", "properties": {}}
    validate_schema(schema)
    with pytest.raises(ValidationError, match="uri"):
        validate_schema({**schema, "$id": "not a uri"})


def test_no_gpl_rfc3987() -> None:
    """`rfc3987` (GPL-3.0) would check iri too, but the course's code is MIT."""
    assert importlib.util.find_spec("rfc3987") is None, "the GPL rfc3987 module is importable"
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.distribution("rfc3987")


def test_importing_jsonschema_builds_no_lark_parsers() -> None:
    """A fresh interpreter: importing jsonschema or jupyter-events' validators loads no
    `rfc3987_syntax` and no `lark`. Fails if the pin is lifted before jsonschema imports
    rfc3987_syntax lazily (python-jsonschema/jsonschema#1428)."""
    code = (
        "import sys, jsonschema, jupyter_events.validators\n"
        "print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]", f"importing jsonschema loaded {done.stdout.strip()}"


def schema_files() -> list[Path]:
    """The JSON Schemas of the Jupyter packages in this environment, and JupyterLab's settings
    schemas under share/jupyter."""
    roots = []
    for package in ("jupyter_events", "jupyter_server", "jupyterlab_server", "jupyterlab",
                    "nbformat"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            roots.extend(Path(p) for p in spec.submodule_search_locations)
    roots.append(Path(sys.prefix) / "share" / "jupyter")
    files = []
    for root in roots:
        for pattern in ("*.json", "*.yaml", "*.yml"):
            files.extend(p for p in root.rglob(pattern) if "node_modules" not in p.parts)
    return files


IRI_FORMAT = re.compile(r"""["']?format["']?\s*:\s*["']?iri(-reference)?\b""")


def test_no_installed_schema_uses_the_iri_formats() -> None:
    """jsonschema 4.24.1 without `rfc3987` leaves `iri` and `iri-reference` unchecked, as
    every jsonschema before 4.25 did. No schema here asks for them; if one ever does, decide
    again about the pin (pyproject.toml)."""
    files = schema_files()
    assert any(f.name == "event-metaschema.yml" for f in files), "jupyter_events not scanned"
    users = [str(f) for f in files
             if IRI_FORMAT.search(f.read_text(encoding="utf-8", errors="replace"))]
    assert not users, f"schemas asking for an iri format: {users}"
