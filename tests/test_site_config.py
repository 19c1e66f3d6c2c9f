"""The website's configuration (site/conf.py, site/_ext), checked without building it:
what becomes a page, what never does, and that nothing is loaded from outside the site."""

from __future__ import annotations

import json
import re
import runpy
import sys
from pathlib import Path

import pytest
from sphinx.util.matching import get_matching_files

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
sys.path.insert(0, str(SITE / "_ext"))
import course_site  # noqa: E402
import figure_alt  # noqa: E402

sys.path.remove(str(SITE / "_ext"))


@pytest.fixture(scope="module")
def conf() -> dict:
    return runpy.run_path(str(SITE / "conf.py"))


@pytest.fixture(scope="module")
def pages(conf) -> list[str]:
    return sorted(get_matching_files(ROOT, include_patterns=conf["include_patterns"],
                                     exclude_patterns=conf["exclude_patterns"]))


def test_every_lesson_and_datasheet_is_a_page(conf, pages) -> None:
    lessons = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("notebooks/0*.ipynb"))
    assert len(lessons) >= 8
    for name in [*lessons, "README.md", "INSTRUCTORS.md", "figures/README.md",
                 "data/README.md", "data/treaties/README.md", "data/risk/README.md",
                 "data/geo/SOURCE.md"]:
        assert name in pages, name
    assert conf["root_doc"] == "README"
    in_toctrees = {doc for _, docs in conf["course_toctrees"] for doc in docs}
    assert {p.rsplit(".", 1)[0] for p in pages} - {"README"} == in_toctrees
    assert conf["course_toctrees"][0] == ("Lessons", [n.removesuffix(".ipynb")
                                                      for n in lessons])


def test_assignments_dist_and_grading_are_never_published(conf, pages) -> None:
    for folder in ("notebooks/assignments", "dist", "_grading"):
        assert f"{folder}/**" in conf["exclude_patterns"]
        assert folder in conf["course_unpublished"]
        assert not [p for p in pages if p.startswith(folder + "/")]
    widened = sorted(get_matching_files(ROOT, include_patterns=["**/*.ipynb", "**/*.md"],
                                        exclude_patterns=conf["exclude_patterns"]))
    assert not [p for p in widened if p.startswith(("notebooks/assignments/", "dist/",
                                                    "_grading/"))]


def test_lessons_run_at_build_time_and_a_failing_cell_fails_it(conf) -> None:
    assert conf["nb_execution_mode"] == "force"
    assert conf["nb_execution_raise_on_error"] is True
    assert not conf.get("nb_execution_allow_errors", False)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^site: .*?(?=^\S)", makefile, re.MULTILINE | re.DOTALL).group(0)
    assert "tools/offline" in target and "-W" in target and "-c site" in target
    assert "_build/site" in target


def test_widget_manager_is_a_local_vendored_file(conf) -> None:
    scripts = conf["nb_ipywidgets_js"]
    assert scripts, "without nb_ipywidgets_js MyST-NB loads require.js and the manager from CDNs"
    for path in scripts:
        assert "//" not in path and not path.startswith("/"), path
        found = [SITE / folder / path for folder in conf["html_static_path"]
                 if (SITE / folder / path).is_file()]
        assert found, f"{path} is not in html_static_path"
        folder = found[0].parent
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert re.search(r"html-manager.*\d+\.\d+\.\d+", readme)
        assert (folder / "LICENSE").is_file()
        assert "sourceMappingURL" not in found[0].read_text(encoding="utf-8")[-200:]


def test_site_scripts_and_styles_exist(conf) -> None:
    static = SITE / "_static"
    for name in [*conf["html_js_files"], "kernel-free-map.js",
                 *(c if isinstance(c, str) else c[0] for c in conf["html_css_files"])]:
        assert (static / name).is_file(), name
    script = (static / "kernel-free-map.js").read_text(encoding="utf-8")
    assert course_site.PLACEHOLDER_ID in script
    for hook in ("tl-map-treaty", "tl-map-date", "tl-map-image", "TREATYLENS_LESSON03_MAPS"):
        assert hook in script
    assert "fetch(" not in script and "XMLHttpRequest" not in script  # file:// pages


def test_links_to_unpublished_files_become_text() -> None:
    text = "see [`notebooks/assignments/`](notebooks/assignments/README.md) and [x](data/README.md)"
    out = course_site.unpublished_links(text, "README", ["notebooks/assignments", "dist"])
    assert "](notebooks/assignments" not in out
    assert "(in the repository, not on this site)" in out
    assert "[x](data/README.md)" in out
    assert course_site.unpublished_links("[a](../dist/x.ipynb)", "notebooks/00", ["dist"]) == \
        "a (`dist/x.ipynb` in the repository, not on this site)"


def test_figures_page_shows_every_figure_with_its_alt_text() -> None:
    readme = (ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    out = course_site.figures_with_images(readme)
    alts = re.findall(r"^Alt text: (.+)$", readme, re.MULTILINE)
    images = re.findall(r"^```\{image\} (\S+)\n:alt: (.+)$", out, re.MULTILINE)
    assert len(images) == len(alts) >= 10
    for (picture, alt), expected in zip(images, alts, strict=True):
        assert (ROOT / "figures" / picture).is_file(), picture
        assert json.loads(alt) == expected.strip()


def test_remote_loads_are_found_and_links_are_not(tmp_path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="https://example.org/">a link</a><img src="_images/x.png" alt="x">'
        '<script src="https://cdn.example/x.js"></script>', encoding="utf-8")
    (tmp_path / "s.css").write_text("/* url(https://ok/in/comment) */ "
                                    "@font-face{src:url(https://fonts.example/f.woff2)}")
    found = course_site.remote_loads(tmp_path)
    assert found == ["a.html: https://cdn.example/x.js", "s.css: https://fonts.example/f.woff2"]


def test_figures_describe_what_is_drawn() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([1, 2], [3, 4], label="States parties")
    ax.set_title("Ottawa Convention: number of States Parties")
    ax.set_ylabel("Number of states parties")
    ax.legend(title="Key")
    text = figure_alt.describe(fig)
    assert text.startswith("Figure: Ottawa Convention: number of States Parties")
    assert "vertical axis: Number of states parties" in text
    assert "Legend (Key): States parties" in text
    assert figure_alt.describe(Figure()) == ""
