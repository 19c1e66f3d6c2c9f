"""What the browser tests share: paths, the named `step`, JupyterLab's lifecycle, expectations.

The JupyterLab helpers are `benchmarks/browser_slider.py`'s, copied rather than imported (a
benchmark is a script, not a library): a server from this environment on 127.0.0.1 with a free
port and a random token, its settings, workspaces, checkpoints, runtime files and IPython
folder in a temporary folder, saving switched off; "Run All Cells" only once the kernel is
idle, then a wait until every cell has finished.

The browser is Debian's Chromium (`/usr/bin/chromium`, or `TREATYLENS_CHROMIUM`); never
`playwright install`, which downloads a browser of its own and fails offline.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
EXECUTED = ROOT / "_build" / "jupyter_execute" / "notebooks"  # `make site`'s executed lessons
ARTIFACTS = ROOT / "_build" / "browser" / "tests"  # screenshots, kept by CI as artifacts
CHROMIUM = Path(os.environ.get("TREATYLENS_CHROMIUM", "/usr/bin/chromium"))
LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))

#: Every step that ran, (test, step, seconds, ok): printed at the end of the run.
STEPS: list[tuple[str, str, float, bool]] = []


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:150]


def screenshot(target, name: str) -> Path:
    """A screenshot of a page or locator into `_build/browser/tests/<name>.png`."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{slug(name)}.png"
    target.screenshot(path=str(path))
    return path


@contextlib.contextmanager
def step(name: str, page=None) -> Iterator[None]:
    """Name what is being checked: a failure inside says which step failed (and, with a page,
    leaves a screenshot of it as `_build/browser/tests/FAILED-<step>.png`)."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    started = time.perf_counter()
    try:
        yield
    except Exception as error:
        STEPS.append((test, name, time.perf_counter() - started, False))
        where = ""
        if page is not None:
            with contextlib.suppress(Exception):
                shot = screenshot(page, f"FAILED-{name}")
                where = f" [screenshot {shot.relative_to(ROOT)}]"
        # pytest's rewritten assertions repeat the expression after the message: keep the
        # message, the cause keeps the rest.
        message = str(error).split("\nassert ")[0]
        raise AssertionError(f"step {name!r} failed{where}: {type(error).__name__}: "
                             f"{message}") from error
    STEPS.append((test, name, time.perf_counter() - started, True))


def wait_until(condition, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll `condition()` until it returns something true; its value, or TimeoutError."""
    deadline = time.perf_counter() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what} not reached in {timeout:.0f} s (last: {value!r})")
        time.sleep(interval)


# --- what the pages must show ------------------------------------------------------------------

#: Arabic script (letters, presentation forms) and Latin letters, to tell a passage's language.
ARABIC = "\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF"

# Every element whose own text is mostly Arabic (more Arabic letters than Latin ones, at
# least two), outside code (`pre`, `code`, editors): where it is, its computed direction and
# the `dir` it inherits. A quoted Arabic word inside an English sentence is not a passage.
ARABIC_PASSAGES = """
(scope) => {
  const arabic = new RegExp('[ARABIC]', 'g');
  const latin = /[A-Za-z]/g;
  const roots = scope ? [...document.querySelectorAll(scope)] : [document.body];
  const found = [];
  for (const root of roots) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (el.closest('pre, code, script, style, .cm-editor, .highlight')) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.textContent).join('');
      const a = (own.match(arabic) || []).length, l = (own.match(latin) || []).length;
      if (a < 2 || a <= l) continue;
      const dirEl = el.closest('[dir]');
      found.push({tag: el.tagName.toLowerCase(), direction: getComputedStyle(el).direction,
                  dir: dirEl ? dirEl.getAttribute('dir') : null,
                  lang: el.closest('[lang]') ? el.closest('[lang]').getAttribute('lang') : null,
                  text: own.trim().slice(0, 50)});
    }
  }
  return found;
}
""".replace("ARABIC", ARABIC)


def legend_labels() -> dict[str, str]:
    """Status category → the label the map's legend prints for it ('party' → 'Party')."""
    from treatylens.charts import maps

    return {key: style.label for key, style in maps.STATUS_STYLES.items()}


def expected_legend(treaty: str, day: dt.date | str) -> dict[str, int] | None:
    """The counts lesson 03's map must show for `treaty` on `day`, label → states.

    `treatylens.treaties.counts(treaty, day)`, as the brief asks, with the one difference the
    map's legend documents: states that did not exist yet on that day (South Sudan before
    9 July 2011, ...) are "Not yet a state (not counted)" instead of "Not joined". States on
    the map without a status are "No data". None when the treaty has no status on that day
    (the Convention on Cluster Munitions before it opened): the map then says so.
    """
    from treatylens import geo, statehood, treaties

    try:
        counts = treaties.counts(treaty, day)
        table = treaties.status(treaty, day)
    except ValueError:
        return None
    labels = legend_labels()
    on_map = set(geo.load_countries()["iso3"])
    not_yet = len(set(statehood.not_yet_states(day)) & set(table["iso3"]) & on_map)
    expected = {labels[status]: int(n) for status, n in counts.items()}
    expected[labels["not joined"]] -= not_yet
    expected[labels[statehood.NOT_YET]] = not_yet
    expected[labels["no data"]] = len(on_map - set(table["iso3"]))
    return expected


def counts_in_alt(alt: str) -> dict[str, int]:
    """Label → count from the site's alt text ('… Party 112; Signed, not ratified 12; …');
    a label the text leaves out (it omits zero "not yet" and "no data") counts 0."""
    counts = {}
    for label in legend_labels().values():
        match = re.search(re.escape(label) + r" (\d+)(?:[;.]|$)", alt)
        counts[label] = int(match.group(1)) if match else 0
    return counts


def counts_in_legend(texts: list[str]) -> dict[str, int]:
    """Label → count from the map legend's entries ('Party (112)', ...). Entries that are
    no status ('Other area, not one of the 197 (not counted)') are left out."""
    counts = {}
    for text in texts:
        match = re.fullmatch(r"(.+) \((\d+)\)", text.strip())
        if match is not None:
            counts[match.group(1)] = int(match.group(2))
        elif any(text.startswith(label) for label in legend_labels().values()):
            raise AssertionError(f"legend entry {text!r} is not 'label (count)'")
    return counts


# --- text that must never reach the site -------------------------------------------------------

MARKERS = ("# BEGIN SOLUTION", "# END SOLUTION", "# BEGIN TESTS", "# END TESTS",
           "# BEGIN QUESTION", "# END QUESTION", '""" # BEGIN PROMPT', "# BEGIN PROMPT",
           "# ASSIGNMENT CONFIG", "# HIDDEN", "# SOLUTION", "OK_FORMAT", "hidden=True")
MIN_LINE = 30  # a solution line shorter than this is too generic to be evidence of a leak


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _solution_lines(cells: list[dict]) -> set[str]:
    """Lines of an otter master's solutions: cells between raw `# BEGIN SOLUTION` and
    `# END SOLUTION` cells (code, and the model answers of written questions), `# BEGIN
    SOLUTION` blocks inside a cell, lines marked `# SOLUTION`."""
    lines: set[str] = set()
    in_cells = False
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            head = source.strip().splitlines()[0] if source.strip() else ""
            if head.startswith("# BEGIN SOLUTION"):
                in_cells = True
            elif head.startswith("# END SOLUTION"):
                in_cells = False
            continue
        block = in_cells
        for line in source.splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                block = True
                continue
            if stripped.startswith("# END SOLUTION"):
                block = in_cells
                continue
            if block or stripped.endswith("# SOLUTION"):
                lines.add(stripped.removesuffix("# SOLUTION").strip())
    return lines


def _hidden_cells(cells: list[dict]) -> set[str]:
    """Names and long string literals (messages) of a master's `# HIDDEN` test cells."""
    found: set[str] = set()
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.lstrip().startswith("# HIDDEN"):
            found.update(re.findall(r"^def (\w+)\(", source, re.MULTILINE))
            found.update(re.findall(r"\"([^\"\n{}]{30,})\"", source))
    return found


def _hidden_tests(paths: list[Path]) -> set[str]:
    """Names and assertion messages of the hidden tests in `dist/*/autograder/tests/*.py`."""
    found: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"@test_case\([^)]*hidden=True[^)]*\)\s*\ndef (\w+)\(", text):
            found.add(match.group(1))
            body = text[match.end():].split("\n@test_case", 1)[0]
            # assertion messages of at least MIN_LINE (30) characters
            for message in re.findall(r"assert [^\n]*?, (f?\"[^\"\n]{30,}\")", body):
                found.add(message.lstrip("f").strip('"'))
    return found


def public_text() -> str:
    """What students are meant to see anyway: the lessons, the student notebooks, the site's
    Markdown sources. A solution line that also appears there is not a leak."""
    parts = []
    for path in [*(ROOT / "notebooks").glob("*.ipynb"), *ROOT.glob("dist/*/student/*.ipynb")]:
        parts += ["".join(c["source"]) for c in _cells(path)]
    parts += [p.read_text(encoding="utf-8", errors="replace")
              for p in ROOT.glob("**/*.md") if not p.is_relative_to(ROOT / ".venv")
              and not p.is_relative_to(ROOT / "_build") and not p.is_relative_to(ROOT / "dist")]
    return "\n".join(parts)


def forbidden_strings() -> dict[str, str]:
    """Text unique to the assignment masters' solutions and the hidden tests → where it is from.

    Markers of the otter format, every solution line of at least MIN_LINE characters and every
    hidden test's name and assertion message; minus what the lessons, the student notebooks or
    the Markdown pages show anyway.
    """
    forbidden = dict.fromkeys(MARKERS, "otter marker")
    masters = sorted((ROOT / "notebooks" / "assignments").glob("*/*.ipynb"))
    for path in masters:
        cells = _cells(path)
        for line in _solution_lines(cells):
            if len(line) >= MIN_LINE:
                forbidden.setdefault(line, f"solution in {path.relative_to(ROOT)}")
        for text in _hidden_cells(cells):
            forbidden.setdefault(text, f"hidden test in {path.relative_to(ROOT)}")
    tests = sorted(ROOT.glob("dist/*/autograder/tests/*.py"))  # after `make assignments`
    for text in _hidden_tests(tests):
        forbidden.setdefault(text, "hidden test in dist/*/autograder/tests")
    public = public_text()
    return {text: origin for text, origin in forbidden.items()
            if origin == "otter marker" or text not in public}


# --- JupyterLab ---------------------------------------------------------------------------------

# Lab settings for the run: no saving, no news or update checks (offline), and every cell kept
# in the page (no windowing) so that computed styles can be read for all of them.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

KERNEL_IDLE = """
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const context = panel && panel.sessionContext;
  const kernel = context && context.session && context.session.kernel;
  return Boolean(context && context.isReady && kernel && kernel.status === 'idle'
                 && kernel.connectionStatus === 'connected');
}
"""

# Done when the kernel is idle and no prompt shows [*]; `numbered` says whether every code cell
# ran (a cell that raises stops Run All there), `errors` lists error outputs.
CELLS_STATE = """
() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map((e) => e.textContent.trim());
  const errors = [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
    .map((e) => e.textContent.trim().split('\\n').slice(-1)[0]);
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  return {cells: prompts.length, running: prompts.filter((t) => t.includes('*')).length,
          numbered: prompts.filter((t) => /\\[\\d+\\]/.test(t)).length,
          idle: kernel.status === 'idle', errors};
}
"""

# An expression evaluated in the notebook's kernel through `user_expressions` of a silent
# execute request: no cell, no output, no history, nothing in the notebook.
KERNEL_EXPRESSION = """
async (expression) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code: '', silent: true, store_history: false,
                                        user_expressions: {value: expression}});
  const reply = await future.done;
  const value = reply.content.user_expressions.value;
  if (value.status !== 'ok') return {error: value.ename + ': ' + value.evalue};
  return {text: value.data['text/plain']};
}
"""

# Installed once per lesson page: counts the kernel's busy/idle for widget (comm) messages and
# keeps every error or stderr output the kernel publishes, wherever JupyterLab would show it
# (a widget callback's traceback goes to the log console, not to a cell).
KERNEL_PROBE = """
() => {
  if (window.__probe) return;
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const P = window.__probe = {busy: 0, idle: 0, problems: []};
  kernel.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    const parent = msg.parent_header && msg.parent_header.msg_type;
    if (type === 'status' && parent === 'comm_msg') {
      if (msg.content.execution_state === 'busy') P.busy += 1;
      if (msg.content.execution_state === 'idle') P.idle += 1;
    } else if (type === 'error') {
      P.problems.push(`${parent}: ${msg.content.ename}: ${msg.content.evalue}`);
    } else if (type === 'stream' && msg.content.name === 'stderr') {
      P.problems.push(`${parent}: stderr: ${msg.content.text.slice(0, 300)}`);
    }
  });
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(directory: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        path = directory / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def start_lab(tmp: Path, port: int, token: str) -> tuple[subprocess.Popen, Path]:
    """JupyterLab from this environment, in its own process group, logging to a file."""
    write_settings(tmp / "settings")
    log = tmp / "lab.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        # An absolute folder: the checkpoint Lab makes on opening goes there, not into notebooks/
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: kernel state and messages
    ]
    if os.getuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"))
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                  env=env, start_new_session=True)
    return server, log


def api(port: int, token: str, path: str, method: str = "GET", timeout: float = 5) -> object:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}?token={token}",
                                     method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_for_server(server: subprocess.Popen, port: int, token: str, log: Path,
                    timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({server.returncode}):\n"
                               f"{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, ValueError):
            api(port, token, "/api/status", timeout=2)
            return time.perf_counter() - started
        time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop_lab(server: subprocess.Popen, port: int, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then end its process group."""
    if server.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            api(port, token, "/api/shutdown", method="POST")
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)  # the group started for this server: it and its kernels
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(5)
            break


def refuse_writes(route) -> None:
    """The page may read files and make checkpoints (kept in the temporary folder), not save."""
    request = route.request
    if request.method == "GET" or (request.method == "POST"
                                   and request.url.split("?")[0].endswith("/checkpoints")):
        route.continue_()
    else:
        route.abort()


def run_all(page, timeout_s: float) -> dict:
    """Run menu → Run All Cells once the kernel is idle; wait until every cell has finished."""
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_s * 1000, polling=200)
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                 has_text="Run All Cells").first.click()
    # Run All has been taken when the first prompt is [*] or a number.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".some((e) => /\\[(\\*|\\d+)\\]/.test(e.textContent))",
        timeout=30_000, polling=100)
    deadline = time.perf_counter() + timeout_s
    quiet_since = None
    state: dict = {}
    while time.perf_counter() < deadline:
        state = page.evaluate(CELLS_STATE)
        done = state["running"] == 0 and state["idle"]
        if done and (state["numbered"] == state["cells"] or state["errors"]):
            quiet_since = quiet_since or time.perf_counter()
            if time.perf_counter() - quiet_since > 1.0:  # idle and unchanged for a second
                return state
        else:
            quiet_since = None
        time.sleep(0.2)
    raise TimeoutError(f"cells still running after {timeout_s:.0f} s: {state}")


def kernel_value(page, expression: str):
    """A Python expression evaluated in the page's notebook kernel, silently, as JSON data."""
    code = f"__import__('json').dumps({expression})"
    result = page.evaluate(KERNEL_EXPRESSION, code)
    if "error" in result:
        raise AssertionError(f"kernel could not evaluate {expression!r}: {result['error']}")
    return json.loads(ast.literal_eval(result["text"]))  # the repr of the JSON text


def widget_views(page):
    """Every widget a cell displays (the root view in its output area), in page order.

    (JupyterLab gives a widget's output no data-mime-type, unlike other outputs.)"""
    return page.locator(".jp-OutputArea-output > .jupyter-widgets")


def expected_widget_views(lesson: str) -> int:
    """How many widget views the lesson shows when run, from `make site`'s executed copy."""
    executed = EXECUTED / Path(lesson).name
    outputs = [output for cell in _cells(executed) for output in cell.get("outputs", [])]
    return sum("application/vnd.jupyter.widget-view+json" in output.get("data", {})
               for output in outputs)
