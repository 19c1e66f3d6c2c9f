"""Sphinx hooks that turn the course's own files into the website, without editing them.

- **Navigation**: the README is the landing page; hidden tables of contents (`course_toctrees`
  in conf.py) are appended to its text on the site only, and `index.html` is a copy of
  `README.html`, so the site opens from `_build/site/index.html`.
- **Unpublished links**: a link to a file the site leaves out (assignment masters, `dist/`...)
  becomes plain text naming the file in the repository, never a copied download.
- **Figures page**: `figures/README.md` lists each figure's files and alt text; on the site,
  each entry also shows the PNG with that alt text.
- **Notebook images** get alt text: a kernel-side formatter (`figure_alt`) describes each
  matplotlib figure from what is drawn on it (titles, axis labels, legend) as its text/plain
  output, and the page's image takes it as alt text.
- **Lesson 03**: the output of the cell that builds `maps.interactive_map` (a widget that
  needs a kernel) is replaced by a placeholder that `_static/kernel-free-map.js` fills with a
  treaty choice, a date slider and the maps drawn at build time by `treatylens.site_maps`.
- **Checks after the build**: every lesson has its page, the lesson 03 map and its data are
  there, and no page or stylesheet loads anything (script, style, font, image) from outside
  the site. Any failure stops the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import re
import shutil
import textwrap
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

LESSON03 = "notebooks/03_mapping_ratification"
WIDGET_CALL = "maps.interactive_map("  # the lesson 03 cell whose output the site replaces
MAPS_DIR = "lesson03-maps"  # under _static/
PLACEHOLDER_ID = "tl-kernel-free-map"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
HERE = Path(__file__).resolve().parent


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_toctrees", [], "env")
    app.add_config_value("course_unpublished", [], "env")
    app.add_config_value("course_figures_doc", "figures/README", "env")
    app.add_config_value("course_build_maps", True, "env")
    app.connect("config-inited", _kernel_startup)
    app.connect("builder-inited", _build_maps)
    app.connect("source-read", _rewrite_source)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


# --- kernels describe their figures -------------------------------------------------------


def _kernel_startup(app: Sphinx, config) -> None:
    """Give the kernels that run the lessons a startup file registering `figure_alt`.

    An IPython directory of the build's own (no user configuration leaks into the build)
    whose default profile runs one startup file; kernels started by MyST-NB inherit the
    environment variable.
    """
    ipython_dir = Path(app.doctreedir).parent / "site_ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "50-figure-alt.py").write_text(textwrap.dedent(f"""\
        # Written by site/_ext/course_site.py for `make site`: figures describe themselves.
        import sys
        sys.path.insert(0, {str(HERE)!r})
        import figure_alt
        figure_alt.register(get_ipython())
        del sys.path[0]
        """), encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


# --- lesson 03's maps -----------------------------------------------------------------------


def _build_maps(app: Sphinx) -> None:
    if app.builder.format != "html" or not app.config.course_build_maps:
        return
    from treatylens import site_maps

    out = Path(app.outdir) / "_static" / MAPS_DIR
    if out.exists():
        shutil.rmtree(out)
    logger.info("drawing lesson 03's maps for every slider stop into %s", out)
    data = site_maps.build(out)
    size = sum(p.stat().st_size for p in out.glob("*.png"))
    logger.info("%d maps, %.1f MB", len(data["images"]), size / 1e6)


# --- sources as the site reads them ---------------------------------------------------------


def _rewrite_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if Path(app.env.doc2path(docname)).suffix == ".ipynb":
        return
    text = source[0]
    text = unpublished_links(text, docname, app.config.course_unpublished)
    if docname == app.config.root_doc:
        text += "\n" + toctrees(app.config.course_toctrees)
    if docname == app.config.course_figures_doc:
        text = figures_with_images(text)
    source[0] = text


def toctrees(groups: list[tuple[str, list[str]]]) -> str:
    """Hidden MyST tables of contents, one per (caption, docnames)."""
    blocks = []
    for caption, docs in groups:
        if docs:
            entries = "\n".join(f"/{doc}" for doc in docs)
            blocks.append(f"```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{entries}\n```\n")
    return "\n".join(blocks)


_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def unpublished_links(text: str, docname: str, unpublished: list[str]) -> str:
    """Links to files under an unpublished folder become "text (`path` in the repository)"."""
    base = posixpath.dirname(docname)

    def replace(match: re.Match) -> str:
        label, target = match.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(base, target.split("#")[0]))
        if any(path == folder or path.startswith(folder + "/") for folder in unpublished):
            if posixpath.dirname(path) in label or path in label:
                return f"{label} (in the repository, not on this site)"
            return f"{label} (`{path}` in the repository, not on this site)"
        return match.group(0)

    return _LINK.sub(replace, text)


_FILES = re.compile(r"^Files: `([^`]+\.png)`")
_ALT = re.compile(r"^Alt text: (.+)$")


def figures_with_images(text: str) -> str:
    """After each "Alt text: ..." paragraph of figures/README.md, the figure with that alt."""
    out, picture = [], None
    for line in text.splitlines():
        out.append(line)
        files = _FILES.match(line)
        if files:
            picture = files.group(1)
        alt = _ALT.match(line)
        if alt and picture:
            quoted = json.dumps(alt.group(1).strip(), ensure_ascii=False)  # a YAML string
            out += ["", f"```{{image}} {picture}", f":alt: {quoted}", ":class: tl-figure",
                    "```"]
            picture = None
    return "\n".join(out) + "\n"


# --- doctrees -----------------------------------------------------------------------------


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    _alt_from_text_plain(app, docname, doctree)
    if docname == LESSON03:
        _kernel_free_map(app, docname, doctree)


def _executed_notebook(app: Sphinx, docname: str) -> dict:
    """The notebook as MyST-NB executed and saved it (`_build/jupyter_execute/...`)."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def _alt_from_text_plain(app: Sphinx, docname: str, doctree: nodes.document) -> None:
    """Each output image's alt text: the text/plain that came with it (see figure_alt).

    MyST-NB names an output image by the SHA-256 of its bytes, which finds its output.
    """
    alts = {}
    for cell in _executed_notebook(app, docname).get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            plain = data.get("text/plain")
            plain = "".join(plain) if isinstance(plain, list) else plain
            for mime in ("image/png", "image/jpeg"):
                if mime in data and plain:
                    raw = data[mime]
                    raw = "".join(raw) if isinstance(raw, list) else raw
                    alts[hashlib.sha256(base64.b64decode(raw)).hexdigest()] = plain
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        stem = posixpath.splitext(posixpath.basename(image["uri"]))[0]
        text = alts.get(stem, "")
        if not text or text.startswith("<"):  # "<Figure size ...>": nothing to say
            text = "Figure drawn by the code cell above (no description available)."
        image["alt"] = text


def _cell_source(cell: nodes.Element) -> str:
    return "".join(block.astext() for block in cell.findall(nodes.literal_block))


def _kernel_free_map(app: Sphinx, docname: str, doctree: nodes.document) -> None:
    """Swap the widget's output for the kernel-free map's placeholder; fail if not found."""
    cells = [c for c in doctree.findall(nodes.container)
             if c.get("nb_element") == "cell_code" and WIDGET_CALL in _cell_source(c)]
    if len(cells) != 1:
        raise ExtensionError(f"{docname}: expected one cell calling {WIDGET_CALL!r}, found "
                             f"{len(cells)}; the kernel-free map has nowhere to go")
    outputs = [c for c in cells[0].findall(nodes.container)
               if c.get("nb_element") == "cell_code_output"]
    if not outputs:
        raise ExtensionError(f"{docname}: the {WIDGET_CALL!r} cell has no output")
    maps_uri = posixpath.relpath(f"_static/{MAPS_DIR}/", posixpath.dirname(docname) or ".")
    placeholder = nodes.raw("", placeholder_html(maps_uri + "/"), format="html")
    outputs[0].children = [placeholder]
    for extra in outputs[1:]:
        extra.parent.remove(extra)
    # No widget left on the page: do not ship its saved state (the map as a PNG) or the
    # widget manager.
    still = any(WIDGET_VIEW in raw.astext() for raw in doctree.findall(nodes.raw))
    if not still:
        files = app.env.nb_metadata.get(docname, {}).get("js_files", {})
        for key in [k for k in files if k.startswith("ipywidgets")]:
            del files[key]


def placeholder_html(maps_uri: str) -> str:
    return textwrap.dedent(f"""\
        <div id="{PLACEHOLDER_ID}" class="tl-kernel-free-map" data-maps="{maps_uri}"
             aria-label="Interactive map of treaty status: pick a treaty and a date">
          <p class="tl-kernel-free-map-note">On this website the map works without Python:
          the pictures for every slider stop (31 December of each year, then the data's
          as-of date) and both treaties were drawn when the site was built, by the same code
          as the widget. In JupyterLab this cell shows the widget itself.</p>
          <noscript><p>The treaty and date controls need JavaScript. The static map below
          shows the Ottawa Convention on the data's as-of date.</p></noscript>
        </div>
        """)


# --- per-page scripts -----------------------------------------------------------------------


def _page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: nodes.document | None) -> None:
    if pagename == LESSON03:
        app.add_js_file(f"{MAPS_DIR}/maps-data.js")
        app.add_js_file("kernel-free-map.js")


# --- after the build ------------------------------------------------------------------------

# A resource the browser loads by itself: script, stylesheet, preload, icon, image, frame,
# media, or a CSS url()/@import. Links a reader clicks (<a href>) are not loads.
_HTML_LOADS = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\ssrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)"
    r"|<link\b[^>]*?\shref\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
_CSS_LOADS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])((?:https?:)?//[^\"')\s]+)",
                        re.IGNORECASE)


def remote_loads(outdir: Path) -> list[str]:
    """Every "file: URL" where a built page or stylesheet would load from outside the site."""
    found = []
    for path in sorted(outdir.rglob("*.html")):
        for match in _HTML_LOADS.finditer(path.read_text(encoding="utf-8", errors="replace")):
            link = match.group(0)
            if match.group(2) and re.search(r"rel\s*=\s*[\"']?(?:canonical|alternate)", link):
                continue
            found.append(f"{path.relative_to(outdir)}: {match.group(1) or match.group(2)}")
    for path in sorted(outdir.rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8", errors="replace"),
                      flags=re.DOTALL)
        found += [f"{path.relative_to(outdir)}: {m.group(1)}" for m in _CSS_LOADS.finditer(text)]
    return found


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    missing = [doc for doc in app.config.course_toctrees[0][1]
               if not (outdir / f"{doc}.html").exists()]
    if missing:
        raise ExtensionError(f"lesson pages missing from the site: {missing}")
    lesson03 = (outdir / f"{LESSON03}.html").read_text(encoding="utf-8")
    for needle in (f'id="{PLACEHOLDER_ID}"', f"{MAPS_DIR}/maps-data.js", "kernel-free-map.js"):
        if needle not in lesson03:
            raise ExtensionError(f"{LESSON03}.html lacks {needle!r}: the kernel-free map is broken")
    if app.config.course_build_maps:
        from treatylens import site_maps

        maps_dir = outdir / "_static" / MAPS_DIR
        data = site_maps.parse_data_js((maps_dir / site_maps.DATA_FILE).read_text("utf-8"))
        absent = [i["file"] for i in data["images"] if not (maps_dir / i["file"]).exists()]
        if absent:
            raise ExtensionError(f"lesson 03 maps listed but not drawn: {absent[:5]}")
    remote = remote_loads(outdir)
    if remote:
        raise ExtensionError("pages would load from outside the site:\n  " + "\n  ".join(remote))
    root = outdir / f"{app.config.root_doc}.html"
    shutil.copyfile(root, outdir / "index.html")
