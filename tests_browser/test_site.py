"""The built course website (`make site` → `_build/site/`), opened from file:// in Chromium.

- every page: no failed request, no console error, no broken image, every image with alt
  text, no request outside the site (only file:, data:, blob:), no solution or hidden-test
  text in what it shows; a screenshot of each;
- the search page finds lessons offline;
- the Arabic passages of lessons 01 and 04 are laid out right to left;
- lesson 03's kernel-free map: every stop of the date slider and both treaties show a new,
  loaded picture whose alt text and status line give `treaties.counts` for that date;
- no file of the site contains text unique to the assignment masters' solutions or to the
  hidden tests.
"""

from __future__ import annotations

import pytest
from browser_support import (
    ARABIC_PASSAGES,
    ROOT,
    SITE,
    counts_in_alt,
    expected_legend,
    forbidden_strings,
    screenshot,
    step,
)

PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
               if not p.relative_to(SITE).as_posix().startswith(("_static/", "_sources/")))
LESSON_03 = "notebooks/03_mapping_ratification.html"
ARABIC_PAGES = ["notebooks/01_reading_the_sources.html", "notebooks/04_comparing_coverage.html"]
TEXT_SUFFIXES = {".html", ".js", ".css", ".txt", ".md", ".json", ".ipynb", ".py", ".svg"}

# Every image, loaded: lazy ones are made eager and each is awaited (decode()), then listed.
IMAGES = """
async () => {
  const images = [...document.images];
  for (const img of images) img.loading = 'eager';
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  return images.map((img) => ({src: img.getAttribute('src'), alt: img.getAttribute('alt'),
                               ok: img.complete && img.naturalWidth > 0}));
}
"""


@pytest.fixture(scope="module")
def forbidden():
    found = forbidden_strings()
    kinds = [origin.split(" in ")[0] for origin in found.values()]
    assert kinds.count("hidden test") >= 5 and kinds.count("solution") >= 5, (
        f"too few solution lines / hidden tests found in the masters to check against: {found}")
    return found


def test_site_has_the_pages(site):
    with step("the site has a landing page, every lesson and the search page"):
        lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
        missing = [name for name in ["index.html", "search.html",
                                     *(f"notebooks/{s}.html" for s in lessons)]
                   if name not in PAGES]
        assert not missing, f"pages missing from {SITE.relative_to(ROOT)}: {missing}"


@pytest.mark.parametrize("name", PAGES or ["(no site built)"])
def test_page_loads_cleanly(site, site_page, forbidden, name):
    page = site_page
    with step(f"open {name} from file://", page):
        page.goto((site / name).as_uri(), wait_until="load")
    with step(f"every image of {name} loads and has alt text", page):
        images = page.evaluate(IMAGES)
        broken = [i["src"] for i in images if not i["ok"]]
        no_alt = [i["src"] for i in images if not (i["alt"] or "").strip()]
        assert not broken, f"broken images: {broken}"
        assert not no_alt, f"images without alt text: {no_alt}"
    page.wait_for_timeout(300)  # late scripts (search index, widgets) get to run
    with step(f"{name} made no failed or outside request and logged no error", page):
        assert not page.problems["outside"], f"requests outside the site: {page.problems}"
        assert not page.problems["failed"], f"failed requests: {page.problems['failed']}"
        assert not page.problems["http"], f"error responses: {page.problems['http']}"
        assert not page.problems["console"], f"console errors: {page.problems['console']}"
    with step(f"{name} shows no solution or hidden-test text", page):
        shown = page.evaluate("() => document.documentElement.innerText + '\\n'"
                              " + document.documentElement.outerHTML")
        leaks = {text: origin for text, origin in forbidden.items() if text in shown}
        assert not leaks, f"assignment text on the page: {leaks}"
    screenshot(page, f"site-{name.removesuffix('.html')}")


def test_search_works_offline(site, site_page):
    page = site_page
    with step("search.html?q=cluster munitions lists results", page):
        page.goto((site / "search.html").as_uri() + "?q=cluster+munitions", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length",
                               timeout=20_000)
        hits = page.locator("#search-results li").count()
        assert hits >= 3, f"only {hits} results"
        assert not page.problems["console"], page.problems["console"]
        assert not page.problems["outside"], page.problems["outside"]
    screenshot(page, "site-search-results")


@pytest.mark.parametrize("name", ARABIC_PAGES)
def test_arabic_passages_right_to_left(site, site_page, name):
    page = site_page
    with step(f"open {name}", page):
        page.goto((site / name).as_uri(), wait_until="load")
    with step(f"every Arabic passage of {name} is laid out right to left", page):
        passages = page.evaluate(ARABIC_PASSAGES, None)
        assert passages, "no Arabic passage found on the page"
        wrong = [p for p in passages if p["direction"] != "rtl"]
        assert not wrong, (f"{len(wrong)} of {len(passages)} Arabic passages are left to "
                           f"right (no dir=rtl), e.g. {wrong[:3]}")
    first = page.locator("[lang=ar]").first
    if first.count():
        first.scroll_into_view_if_needed()
    screenshot(page, f"site-arabic-{name.split('/')[-1].removesuffix('.html')}")


def _map_state(page) -> dict:
    return page.evaluate("""() => {
      const img = document.querySelector('#tl-map-image');
      return {src: img.getAttribute('src'), alt: img.alt, treaty: img.dataset.treaty,
              date: img.dataset.date, loaded: img.complete && img.naturalWidth > 0,
              status: document.querySelector('#tl-map-status').textContent,
              label: document.querySelector('#tl-map-date-label').textContent,
              index: Number(document.querySelector('#tl-map-date').value),
              max: Number(document.querySelector('#tl-map-date').max),
              selected: document.querySelector('#tl-map-treaty').value};
    }""")


def _check_picture(state: dict, treaty: str, dates: list[dict]) -> None:
    """The picture shown is the one asked for, loaded, with the data's counts in its text."""
    wanted = dates[state["index"]]
    assert (state["treaty"], state["date"]) == (treaty, wanted["date"]), state
    assert state["label"] == wanted["label"], state
    assert state["loaded"], f"picture not loaded: {state['src']}"
    assert state["status"] == state["alt"], "the status line does not repeat the alt text"
    expected = expected_legend(treaty, state["date"])
    if expected is None:
        assert "no status on" in state["alt"], state["alt"]
    else:
        assert counts_in_alt(state["alt"]) == expected, (
            f"{treaty} {state['date']}: alt text {state['alt']!r}, treaties.counts gives "
            f"{expected}")


def test_lesson03_kernel_free_slider(site, site_page):
    """Move the slider over every stop, both treaties; Home and End reach the two ends."""
    page = site_page
    with step("open lesson 03 and find the kernel-free map", page):
        page.goto((site / LESSON_03).as_uri(), wait_until="load")
        page.wait_for_selector("#tl-map-image[data-date]", timeout=10_000)
        page.locator("#tl-kernel-free-map").scroll_into_view_if_needed()
        data = page.evaluate("() => window.TREATYLENS_LESSON03_MAPS")
        dates = data["dates"]
        treaties = [t["code"] for t in data["treaties"]]
        assert treaties == ["ottawa", "ccm"], treaties
        state = _map_state(page)
        assert state["index"] == state["max"] == len(dates) - 1, "does not open on the as-of date"
        _check_picture(state, state["selected"], dates)
    screenshot(page, "site-lesson03-map-opening")

    def wait_for(treaty: str, index: int) -> dict:
        page.wait_for_function(
            "([t, d]) => { const i = document.querySelector('#tl-map-image');"
            " return i.dataset.treaty === t && i.dataset.date === d"
            " && i.complete && i.naturalWidth > 0; }",
            arg=[treaty, dates[index]["date"]], timeout=10_000)
        return _map_state(page)

    seen = {state["src"]}
    for treaty in treaties:
        with step(f"treaty select switches the map to {treaty}", page):
            before = _map_state(page)
            page.select_option("#tl-map-treaty", treaty)
            state = wait_for(treaty, before["index"])
            if treaty != before["treaty"]:
                assert state["src"] != before["src"], "the picture did not change"
            _check_picture(state, treaty, dates)
        with step(f"{treaty}: Home key moves the slider to the first stop", page):
            page.focus("#tl-map-date")
            page.keyboard.press("Home")
            state = wait_for(treaty, 0)
            _check_picture(state, treaty, dates)
            seen.add(state["src"])
        for index in range(1, len(dates)):
            with step(f"{treaty}: ArrowRight to {dates[index]['date']} shows its map", page):
                previous = state
                page.keyboard.press("ArrowRight")
                state = wait_for(treaty, index)
                assert state["src"] != previous["src"], "the picture did not change"
                _check_picture(state, treaty, dates)
                seen.add(state["src"])
            if treaty == "ottawa" and index == 3:
                screenshot(page, "site-lesson03-map-ottawa-2000")
        with step(f"{treaty}: End key stays on the as-of date", page):
            page.keyboard.press("Home")
            wait_for(treaty, 0)
            page.keyboard.press("End")
            _check_picture(wait_for(treaty, len(dates) - 1), treaty, dates)
    assert len(seen) == len(treaties) * len(dates), "not every stop had a picture of its own"
    screenshot(page, "site-lesson03-map-ccm-as-of")


def test_no_solution_text_in_site_files(site, forbidden):
    with step("no file of the site holds solution or hidden-test text"):
        leaks = []
        files = [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
        assert len(files) > 20, files
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(site)}: {s!r} ({origin})"
                      for s, origin in forbidden.items() if s in text]
        assert not leaks, "\n".join(leaks[:20])
