"""How long after a key press on lesson 03's slider does the browser show the new map?

The whole path a student waits for, measured in a real browser: JupyterLab (from .venv) and
Debian's Chromium driven by Playwright for Python. The script starts its own JupyterLab server
on 127.0.0.1 (a free port, a random token, settings and workspaces in a temporary folder, saving
switched off), opens `notebooks/03_mapping_ratification.ipynb`, waits until the kernel is idle,
runs every cell through the Run menu (Run All Cells) and waits until all of them have finished.
Then, in the map widget of section 2.1 (`maps.interactive_map`: a Treaty dropdown, an "As of"
`SelectionSlider` with `continuous_update=False`, and the map in an `Image` widget), it focuses
the slider's handle and presses ArrowLeft or ArrowRight, one step at a time.

What is timed, per move, all on the page's clock (`performance.now()`):
from the key press, recorded by a capturing `keydown` listener on `window`, i.e. before the
slider's own handler runs (the slider commits its new value on that keydown), to the moment the
map's `<img>` has a new `src` (a MutationObserver) **and** that new image has loaded
(`load` event, `img.complete && img.naturalWidth > 0`). In between: the slider sends the value to
the kernel, the kernel looks up the status table, recomposes the raster map
(`charts.map_raster`) and encodes the PNG, the bytes come back over the websocket, ipywidgets
makes a blob URL of them and the browser decodes it. Also printed per move: when the `src`
changed, and the next animation frame after the load (roughly when it is painted).
Each move must change the date (checked on the slider's readout); between moves the script
waits for quiet, and any picture that arrives without a move is reported.

Breakdown of each move, printed but not the headline, from the kernel's messages as the page
receives them (their `header.date` is the kernel's send time; kernel and browser share the host
clock, so the cuts are good to a millisecond or two): "to kernel" (key press to the kernel's
`busy` for the slider's message: ipywidgets, websocket, server, ZMQ), "kernel" (busy to the
kernel sending the picture: status table, raster map, PNG), "to page" (the picture through ZMQ,
the server and the websocket to ipywidgets setting the new blob URL), "decode" (src to loaded).

Baseline, in the same page and run: a kernel round trip that draws nothing, `1+1` sent as an
`execute_request` on the notebook's own kernel connection (JupyterLab's `requestExecute`, not a
cell, so nothing is rendered), timed from the send to the reply and the kernel's return to
idle: what any answer from the kernel costs in this browser (websocket, server, ZMQ, kernel
dispatch). Why this one: it shares everything with the slider's path except the drawing and the
picture, while moving the Treaty dropdown would draw a map too. Read its ratio with care: on
this path about 40 ms of the `1+1` round trip is a stall between the kernel's first message
(`busy`) and the next ones, the usual Nagle / delayed-ACK interaction (jupyter_server does not
set TCP_NODELAY on kernel websockets; with it set, in a diagnostic run, the baseline fell from
~53 to 25-32 ms and the slider did not change). The slider's 144 KiB picture fills whole TCP
segments and does not wait for it. So slider / baseline understates the drawing's share; the
breakdown above says where the time goes, and the headline is the slider's absolute median.

    .venv/bin/python benchmarks/browser_slider.py [--moves 10] [--pattern sweep|alternate]

Needs Chromium at /usr/bin/chromium (Debian's `chromium` package; `--chromium PATH` for another
one). Never `playwright install`: the script launches that browser, not a downloaded one.
`--pattern sweep` (default) moves the slider left half of the moves and then back right (10
moves cover six year-ends); `alternate` goes left, right, left, ... between the last two dates.
Either way every move changes the date. A screenshot of the widget after the moves is saved to
`_build/browser/lesson03_slider.png`. The notebook file is never saved (autosave off, and any
write to the contents API from the page is refused; the checkpoint JupyterLab makes when it opens
a notebook goes to the temporary folder); the script checks the lesson file is unchanged.

One line per move, then the medians, the breakdown and the baseline, then the last line, exactly
`browser_slider_median_ms=<x> moves=<n>` (target x ≤ 200). The test suite never asserts times.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

# The JupyterLab helpers the browser tests use too live in tests_browser/browser_support.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests_browser"))
from browser_support import (
    CELLS_STATE,
    KERNEL_IDLE,
    api,
    free_port,
    refuse_writes,
    stop_lab,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/03_mapping_ratification.ipynb"
SCREENSHOT = ROOT / "_build" / "browser" / "lesson03_slider.png"

# Lab settings for the run: no saving (the lesson file stays as it is), no calls to the news feed
# or the update checker (the course runs offline).
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
}

# Installed in the page once the widget is found: timestamps for key presses and for every
# change and load of the map's <img>, on the page's own clock.
PROBE = """
(root) => {
  const img = root.querySelector('img');
  const readout = root.querySelector('.widget-slider .widget-readout');
  const S = window.__slider = {moves: [], stray: [], armed: false, pending: null};
  window.addEventListener('keydown', (event) => {
    if (!S.armed) return;
    S.armed = false;
    S.pending = {key: event.key, t0: performance.now(), eventStamp: event.timeStamp,
                 before: readout.textContent.trim(), srcChanges: 0};
    S.moves.push(S.pending);
  }, true);
  new MutationObserver(() => {
    const t = performance.now();
    const move = S.pending;
    if (move && move.tSrc === undefined) {
      move.tSrc = t;
      move.src = img.src;
      move.srcChanges += 1;
    } else {
      if (move) move.srcChanges += 1;
      S.stray.push({t, src: img.src, duringMove: Boolean(move)});
    }
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  // Kernel messages for the move, with the kernel's own send time (header.date, same host
  // clock) moved onto the page's clock: when the kernel began on the slider's message and when
  // it sent the picture. (This signal fires after ipywidgets has handled the message, so its
  // arrival is not used: the new src is the page's end of "to page".)
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  kernel.iopubMessage.connect((_, msg) => {
    const move = S.pending;
    if (!move) return;
    const sent = Date.parse(msg.header.date) - performance.timeOrigin;
    const type = msg.header.msg_type;
    if (type === 'status' && msg.content.execution_state === 'busy'
        && msg.parent_header.msg_type === 'comm_msg' && move.kBusy === undefined) {
      move.kBusy = sent;
    } else if (type === 'comm_msg' && msg.buffers && msg.buffers.length
               && move.kImage === undefined) {
      move.kImage = sent;
      move.imageBytes = msg.buffers.reduce((n, b) => n + b.byteLength, 0);
    }
  });
  img.addEventListener('load', () => {
    const t = performance.now();
    const move = S.pending;
    if (!move || move.tSrc === undefined || move.tLoad !== undefined) return;
    if (img.src !== move.src || !(img.complete && img.naturalWidth > 0)) return;
    move.tLoad = t;
    move.after = readout.textContent.trim();
    move.size = [img.naturalWidth, img.naturalHeight];
    requestAnimationFrame(() => { move.tFrame = performance.now(); });
  });
  return {src: img.src, width: img.naturalWidth, readout: readout.textContent.trim()};
}
"""

# The baseline: `1+1` on the notebook's kernel connection, no cell and no drawing.
KERNEL_ROUND_TRIP = """
async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const t0 = performance.now();
  const future = kernel.requestExecute({code: '1+1', silent: false, store_history: false});
  const reply = await future.done;
  return {ms: performance.now() - t0, status: reply.content.status};
}
"""


def write_settings(directory: Path) -> None:
    for plugin, values in SETTINGS.items():
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
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: kernel state, baseline
    ]
    if os.getuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                  env=env, start_new_session=True)
    return server, log


def wait_for_server(server: subprocess.Popen, port: int, token: str, log: Path,
                    timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"JupyterLab exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, ValueError):
            api(port, token, "/api/status", timeout=2)
            return time.perf_counter() - started
        time.sleep(0.25)
    raise SystemExit(f"JupyterLab did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def run_all(page: Page, timeout_s: float) -> dict:
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
    raise SystemExit(f"cells still running after {timeout_s:.0f} s: {state}")


def find_widget(page: Page):
    widget = (page.locator(".jupyter-widgets.widget-vbox")
              .filter(has=page.locator(".widget-dropdown"))
              .filter(has=page.locator(".widget-slider .noUi-handle"))
              .filter(has=page.locator("img")))
    widget.first.wait_for(state="visible", timeout=60_000)
    if widget.count() != 1:
        raise SystemExit(f"expected one map widget in the lesson, found {widget.count()}")
    return widget.first


BREAKDOWN = ["to kernel", "kernel", "to page", "decode"]


def move_keys(pattern: str, moves: int) -> list[str]:
    if pattern == "alternate":
        return ["ArrowLeft" if i % 2 == 0 else "ArrowRight" for i in range(moves)]
    left = (moves + 1) // 2
    return ["ArrowLeft"] * left + ["ArrowRight"] * (moves - left)


def measure_moves(page: Page, widget, keys: list[str], timeout_s: float,
                  settle_s: float) -> list[dict]:
    handle = widget.locator(".noUi-handle").first
    results = []
    for i, key in enumerate(keys):
        handle.focus()
        page.evaluate("() => { window.__slider.armed = true; window.__slider.pending = null; }")
        page.keyboard.press(key)
        page.wait_for_function(
            "(i) => { const m = window.__slider.moves[i];"
            " return Boolean(m && m.tFrame !== undefined); }",
            arg=i, timeout=timeout_s * 1000, polling="raf")
        time.sleep(settle_s)  # a second picture for the same move would show up here
        move = page.evaluate("(i) => window.__slider.moves[i]", i)
        page.evaluate("() => { window.__slider.pending = null; }")
        if move["after"] == move["before"]:
            raise SystemExit(f"move {i + 1} ({key}) did not change the date ({move['before']})")
        move.update(
            ms=move["tLoad"] - move["t0"], src_ms=move["tSrc"] - move["t0"],
            frame_ms=move["tFrame"] - move["t0"], event_ms=move["t0"] - move["eventStamp"])
        move.update({  # the same wait cut at the kernel's and the page's timestamps
            "to kernel": move["kBusy"] - move["t0"],
            "kernel": move["kImage"] - move["kBusy"],
            "to page": move["tSrc"] - move["kImage"],
            "decode": move["tLoad"] - move["tSrc"],
        })
        results.append(move)
        print(f"move {i + 1:2d} {key:<10} {move['before']} -> {move['after']}: "
              f"new map loaded {move['ms']:6.1f} ms after the key "
              f"(src set {move['src_ms']:6.1f}, next frame {move['frame_ms']:6.1f}; "
              f"src changes {move['srcChanges']}, {move['size'][0]}x{move['size'][1]} px)"
              "\n        " + ", ".join(f"{name} {move[name]:.1f}" for name in BREAKDOWN),
              flush=True)
    return results


def kernel_round_trips(page: Page, count: int) -> list[float]:
    page.evaluate(KERNEL_ROUND_TRIP)  # first one not counted
    times = []
    for _ in range(count):
        result = page.evaluate(KERNEL_ROUND_TRIP)
        if result["status"] != "ok":
            raise SystemExit(f"baseline `1+1` did not run: {result}")
        times.append(result["ms"])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--pattern", choices=["sweep", "alternate"], default="sweep")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--run-timeout", type=float, default=600,
                        help="seconds for the kernel to start and Run All to finish")
    parser.add_argument("--move-timeout", type=float, default=30)
    parser.add_argument("--settle", type=float, default=0.3,
                        help="seconds of quiet after each move before the next")
    parser.add_argument("--baseline-repeats", type=int, default=10)
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        raise SystemExit(f"no browser at {args.chromium}: install Debian's `chromium` package "
                         "or pass --chromium (never `playwright install`)")

    notebook = ROOT / NOTEBOOK
    original = notebook.read_bytes()
    port, token = free_port(), secrets.token_hex(24)
    tmp_dir = tempfile.TemporaryDirectory(prefix="browser_slider_")
    tmp = Path(tmp_dir.name)
    server = None
    try:
        server, log = start_lab(tmp, port, token)
        up_s = wait_for_server(server, port, token, log, timeout=120)
        print(f"JupyterLab answered on 127.0.0.1:{port} after {up_s:.1f} s", flush=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.route("**/api/contents/**", refuse_writes)
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK}?token={token}",
                          wait_until="domcontentloaded")
                page.locator(".jp-NotebookPanel").first.wait_for(state="visible",
                                                                 timeout=120_000)
                state = run_all(page, args.run_timeout)
                print(f"Run All Cells: {state['numbered']} of {state['cells']} code cells ran "
                      f"in {time.perf_counter() - started:.1f} s (page load included)",
                      flush=True)
                for error in state["errors"]:
                    print(f"  error output in the lesson: {error}", flush=True)
                widget = find_widget(page)
                widget.scroll_into_view_if_needed()
                first = page.evaluate(PROBE, widget.element_handle())
                print(f"widget: slider at {first['readout']}, map {first['width']} px wide",
                      flush=True)
                moves = measure_moves(page, widget, move_keys(args.pattern, args.moves),
                                      args.move_timeout, args.settle)
                stray = page.evaluate("() => window.__slider.stray")
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                widget.screenshot(path=str(SCREENSHOT))
                baseline = kernel_round_trips(page, args.baseline_repeats)
            finally:
                browser.close()
    finally:
        if server is not None:
            stop_lab(server, port, token)
        tmp_dir.cleanup()
    # The page cannot save; a change would be someone else's edit, so it is reported, not undone.
    unchanged = notebook.read_bytes() == original

    if stray:
        print(f"pictures that arrived outside a move's first change: {len(stray)} {stray}")
    slider_ms = statistics.median(m["ms"] for m in moves)
    baseline_ms = statistics.median(baseline)
    loaded = [m["ms"] for m in moves]
    print(f"median of {len(moves)} moves: src set "
          f"{statistics.median(m['src_ms'] for m in moves):.1f} ms, loaded {slider_ms:.1f} ms "
          f"(range {min(loaded):.1f}-{max(loaded):.1f}), next frame "
          f"{statistics.median(m['frame_ms'] for m in moves):.1f} ms; key event to listener "
          f"{statistics.median(m['event_ms'] for m in moves):.2f} ms")
    parts = {name: statistics.median(m[name] for m in moves) for name in BREAKDOWN}
    print("breakdown, medians in ms: " + ", ".join(f"{name} {value:.1f}"
                                                   for name, value in parts.items())
          + f"; picture {statistics.median(m['imageBytes'] for m in moves) / 1024:.0f} KiB")
    print(f"lesson file unchanged by the run: {unchanged}; screenshot: "
          f"{SCREENSHOT.relative_to(ROOT)}")
    print(f"baseline: kernel round trip `1+1` from the page, median of {len(baseline)}: "
          f"{baseline_ms:.1f} ms (range {min(baseline):.1f}-{max(baseline):.1f}); "
          f"slider / baseline = {slider_ms / baseline_ms:.1f}")
    print(f"browser_slider_median_ms={slider_ms:.1f} moves={len(moves)}")


if __name__ == "__main__":
    main()
