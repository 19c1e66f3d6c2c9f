"""`make lab LAB_ARGS="--no-browser --port N"` serves JupyterLab on the course (issue 2)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_serves_the_course() -> None:
    port = free_port()
    token = "course-test-token"
    args = f"--no-browser --port {port} --ServerApp.token={token} --ServerApp.ip=127.0.0.1"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        body, status = "", None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/lab?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    status, body = response.status, response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, f"make lab exited early:\n{server.stdout.read()}"
        assert status == 200, "JupyterLab did not answer on /lab within 90 s"
        assert "JupyterLab" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/contents/notebooks/00_start_here.ipynb?token={token}"
            "&content=0", timeout=5
        ) as response:
            assert response.status == 200  # the start-here lesson is served from the root
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
