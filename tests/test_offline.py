"""The suite runs with no network: `make test` goes through tools/offline, and this proves it.

In a network namespace the only interface is loopback; under the socket guard a connection
to a public address is refused before any packet is sent. Neither check sends traffic.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODE = os.environ.get("TREATYLENS_OFFLINE")

needs_offline_runner = pytest.mark.skipif(
    MODE is None, reason="run through `make test` (tools/offline) to check the offline guarantee"
)


@needs_offline_runner
def test_only_loopback_or_guard() -> None:
    if MODE == "namespace":
        interfaces = [name for _, name in socket.if_nameindex()]
        assert interfaces == ["lo"], f"network interfaces visible to the tests: {interfaces}"
    else:
        assert MODE == "guard", f"unknown TREATYLENS_OFFLINE mode {MODE!r}"


@needs_offline_runner
def test_child_processes_are_guarded_too() -> None:
    """Jupyter kernels are child processes; the guard must reach them."""
    probe = (
        "import socket\n"
        "s = socket.socket()\n"
        "try:\n"
        "    s.connect(('198.51.100.7', 80))\n"  # TEST-NET-2: documentation-only address
        "except OSError as e:\n"
        "    print(type(e).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=30, check=True).stdout.strip()
    assert out == "NetworkBlockedError", out


def test_guard_refuses_public_and_allows_loopback(tmp_path: Path) -> None:
    """The guard itself, exercised in a child with the guard forced on."""
    guard_dir = ROOT / "tools" / "socket_guard"
    probe = (
        "import socket\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()\n"
        "client = socket.socket(); client.connect(server.getsockname())\n"
        "print('loopback ok')\n"
        "try:\n"
        "    socket.socket().connect(('example.org', 443))\n"
        "except OSError as e:\n"
        "    print(type(e).__name__, 'example.org' in str(e))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(guard_dir), "TREATYLENS_OFFLINE": "guard"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=30, env=env, check=True).stdout.split("\n")
    assert out[:2] == ["loopback ok", "NetworkBlockedError True"], out
