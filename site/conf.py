"""Sphinx configuration of the course website: `make site` builds it into `_build/site/`.

The source directory is the repository root (`sphinx-build -c site . _build/site`), so the
README, the lessons and the datasheets are read where they live and their relative links
work as on GitHub; `include_patterns` names the files that become pages, and nothing else is
read. MyST-NB executes every lesson during the build (a cell that raises fails it).

Nothing on the built pages is fetched from outside the site: the theme ships its own fonts
and scripts, the widget manager is vendored (`_static/vendor/`), and lesson 03's map works
without a kernel from pictures drawn at build time (`treatylens.site_maps`). The hooks that
do this without editing the course's files are in `_ext/course_site.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
sys.path.insert(0, str(SITE / "_ext"))

project = "Reading the news about banned weapons, with data"
author = "Treatylens course authors"
copyright = "the course authors: code MIT, lesson text CC BY 4.0, data as each datasheet says"
language = "en"

# --- what becomes a page ------------------------------------------------------------------

root_doc = "README"  # the landing page; course_site copies README.html to index.html
LESSONS = sorted(p.relative_to(ROOT).with_suffix("").as_posix()
                 for p in ROOT.glob("notebooks/0*.ipynb"))
DATASHEETS = [
    name for name in ("data/README", "data/treaties/README", "data/risk/README",
                      "data/geo/SOURCE", "data/sources/translations/README")
    if (ROOT / f"{name}.md").exists()
]
include_patterns = [
    "README.md", "INSTRUCTORS.md", "LICENSE-lessons.md", "figures/README.md",
    "notebooks/0*.ipynb",
    *(f"{name}.md" for name in DATASHEETS),
]
# Never published, even if a pattern above were widened: the assignment masters (their
# solutions and hidden tests), built assignments, grading output, build output.
UNPUBLISHED = ["notebooks/assignments", "dist", "_grading", "_build", ".venv", "tests"]
exclude_patterns = [
    *(f"{folder}/**" for folder in UNPUBLISHED),
    "**/.ipynb_checkpoints/**",
]

# Navigation: hidden tables of contents added to the README's text on the site only
# (GitHub shows the README unchanged). Captions in sidebar order.
course_toctrees = [
    ("Lessons", LESSONS),
    ("For instructors", ["INSTRUCTORS", "figures/README"]),
    ("Data sheets", DATASHEETS),
    ("Licence", ["LICENSE-lessons"]),
]
# Links in the included pages to what the site does not publish become plain text that
# names the file in the repository.
course_unpublished = UNPUBLISHED

# --- extensions ---------------------------------------------------------------------------

extensions = ["myst_nb", "course_site"]
myst_heading_anchors = 3  # INSTRUCTORS.md links to its own "#graded-assignments"

# Every lesson runs at build time, from its own folder, in the course's kernel (the .venv
# that runs Sphinx); an error in any cell stops the build with its traceback.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300  # per cell, as `make test` gives nbval
nb_execution_in_temp = False
nb_merge_streams = True
# Widgets keep the state they had when the lesson ran, drawn by the vendored
# @jupyter-widgets/html-manager: no require.js, nothing from a CDN.
nb_ipywidgets_js = {
    "vendor/jupyter-widgets-html-manager/embed.js": {"defer": "defer"},
}

# --- HTML ---------------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "Reading the news about banned weapons"
html_static_path = ["_static"]
html_css_files = ["course.css", ("print.css", {"media": "print"})]
html_js_files = ["course.js"]
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True  # the book theme's download button offers the lesson's .ipynb
# The search page lists the pages that match, without fetching each page for a summary:
# a page opened from a file (file://) may not fetch, and the browser logs an error for each.
html_show_search_summary = False
# Follow the reader's light/dark setting; without it the theme logs a console error on the
# first page a browser opens (no mode stored yet).
html_context = {"default_mode": "auto"}
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "use_source_button": False,
    "launch_buttons": {},
    "search_bar_text": "Search the course…",
    "navigation_with_keys": False,
    "show_navbar_depth": 1,
}
