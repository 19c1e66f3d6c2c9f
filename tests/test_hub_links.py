"""The hub and Binder routes documented in README.md and INSTRUCTORS.md point at real files."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]


def test_nbgitpuller_is_pinned_and_is_a_server_extension() -> None:
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    assert re.search(r"^nbgitpuller==\d", lock, re.MULTILINE)
    import nbgitpuller

    points = nbgitpuller._jupyter_server_extension_points()
    assert any(point["module"] == "nbgitpuller" for point in points)


def test_the_nbgitpuller_link_template_opens_lesson_00() -> None:
    text = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    links = re.findall(r"https://\S+/hub/user-redirect/git-pull\?\S+", text)
    assert links, "INSTRUCTORS.md documents no nbgitpuller link"
    query = parse_qs(urlparse(links[0]).query)
    assert unquote(query["repo"][0]).startswith("https://")
    assert query["branch"] == ["main"]
    urlpath = unquote(query["urlpath"][0])
    assert urlpath.startswith("lab/tree/")
    notebook = urlpath.split("/", 3)[3]  # lab/tree/<repo folder>/<path in the repo>
    assert (ROOT / notebook).is_file(), notebook


def test_the_binder_badge_template_opens_lesson_00() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"https://mybinder\.org/v2/gh/\S+?\?urlpath=lab/tree/(\S+?\.ipynb)", text)
    assert match, "README.md has no Binder badge template"
    assert (ROOT / match.group(1)).is_file()
