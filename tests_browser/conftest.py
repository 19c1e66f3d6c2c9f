"""Fixtures of the browser tests: one Chromium, one JupyterLab server, each lesson run once.

Every server and browser is started here and stopped here by its own handle, in a `finally`,
whatever the tests did: the browser by Playwright's `close`, JupyterLab by its shutdown API
and then by killing the process group it was started in (it and its kernels). Nothing is
written into the repository but the screenshots under `_build/browser/tests/`; the fixture
checks at the end that no lesson file changed.

Run with `make test-browser` (after `make site`), or `.venv/bin/python -m pytest tests_browser`.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import tempfile
import time
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    EXECUTED,
    KERNEL_PROBE,
    ROOT,
    SITE,
    STEPS,
    free_port,
    refuse_writes,
    run_all,
    start_lab,
    step,
    stop_lab,
    wait_for_server,
)

RUN_ALL_TIMEOUT_S = 300


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; `make test-browser` builds it first (`make site`)."""
    if not (SITE / "index.html").is_file() or not EXECUTED.is_dir():
        pytest.fail(f"no built site in {SITE.relative_to(ROOT)}: run `make site` first "
                    "(`make test-browser` does)", pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, headless; closed at the end whatever happened."""
    if not CHROMIUM.exists():
        pytest.fail(f"no browser at {CHROMIUM}: install Debian's `chromium` package "
                    "(`apt-get install chromium`; never `playwright install`)", pytrace=False)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):  # this folder is the tests' own: last run's pictures go
        old.unlink()
    manager = sync_playwright()
    playwright = manager.start()
    chromium = None
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
    finally:
        try:
            if chromium is not None:
                chromium.close()
        finally:
            manager.__exit__(None, None, None)


def _lesson_digests() -> dict[str, str]:
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT / "notebooks").rglob("*.ipynb"))}


class Lab:
    """A JupyterLab server of this test run, and the lessons opened and run in it."""

    def __init__(self, browser, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.route("**/api/contents/**", refuse_writes)
        self.pages: dict[str, object] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?token={self.token}"

    def lesson(self, path: str):
        """A page with `path` open and every cell run (once per session): the kernel stays."""
        if path not in self.pages:
            page = self.context.new_page()
            self.pages[path] = page
            started = time.perf_counter()
            with step(f"open {path} in JupyterLab", page):
                page.goto(self.url(path), wait_until="domcontentloaded")
                page.locator(".jp-NotebookPanel").first.wait_for(state="visible",
                                                                 timeout=120_000)
            with step(f"run all cells of {path} once the kernel is idle", page):
                state = run_all(page, RUN_ALL_TIMEOUT_S)
                assert not state["errors"], f"cells raised: {state['errors']}"
                assert state["numbered"] == state["cells"], f"not every cell ran: {state}"
                page.evaluate(KERNEL_PROBE)
            print(f"{path}: {state['cells']} cells run in {time.perf_counter() - started:.1f} s")
        return self.pages[path]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def lab(browser):
    """JupyterLab on 127.0.0.1 with a free port and a random token; settings, workspaces,
    checkpoints and runtime files in a temporary folder. Stopped at the end, kernels too."""
    before = _lesson_digests()
    port, token = free_port(), secrets.token_hex(24)
    with tempfile.TemporaryDirectory(prefix="test_browser_lab_") as tmp:
        server, log = start_lab(Path(tmp), port, token)
        session = None
        try:
            with step("start JupyterLab"):
                wait_for_server(server, port, token, log, timeout=120)
            session = Lab(browser, port, token)
            yield session
        finally:
            try:
                if session is not None:
                    with contextlib.suppress(Exception):
                        session.close()
            finally:
                stop_lab(server, port, token)
    changed = [path for path, digest in _lesson_digests().items() if before.get(path) != digest]
    assert not changed, f"notebooks changed while JupyterLab ran: {changed}"


@pytest.fixture
def site_page(browser):
    """A fresh page (own context) for a site test; what it did wrong is collected on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = {"failed": [], "outside": [], "console": [], "http": []}

    def on_request(request) -> None:
        if not request.url.startswith(("file://", "data:", "blob:")):
            page.problems["outside"].append(request.url)

    page.on("request", on_request)
    page.on("requestfailed",
            lambda r: page.problems["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and page.problems["http"].append(
        f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and page.problems["console"].append(
        f"{m.text} @ {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: page.problems["console"].append(f"uncaught: {e}"))
    try:
        yield page
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter) -> None:
    if not STEPS:
        return
    terminalreporter.section("browser test steps: failed ones and those over a second")
    for test, name, seconds, ok in STEPS:
        if not ok or seconds >= 1.0:
            terminalreporter.write_line(f"{seconds:6.1f} s {'ok  ' if ok else 'FAIL'} {name}"
                                        f"  [{test.split('::')[-1]}]")
    terminalreporter.write_line(f"{len(STEPS)} steps in all, "
                                f"{sum(not ok for *_, ok in STEPS)} failed")
    terminalreporter.write_line(f"screenshots: {ARTIFACTS.relative_to(ROOT)}/")
