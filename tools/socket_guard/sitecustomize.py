"""Refuse network connections that leave the machine while TREATYLENS_OFFLINE is set.

Python imports `sitecustomize` at start-up from PYTHONPATH, so this reaches every process the
test suite starts, Jupyter kernels included. Loopback stays open: kernels and the JupyterLab
server talk to their clients over it.
"""

import ipaddress
import os
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlockedError(OSError):
    """Raised instead of opening a connection that would leave the machine."""


def _is_local(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:  # Unix domain sockets and the like never leave the machine
        return True
    if isinstance(host, bytes):
        host = host.decode()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name that is not loopback: would need DNS, so refuse


def _guard(original):
    def guarded(self, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise NetworkBlockedError(
                f"treatylens offline guard: connection to {address!r} refused; "
                "the course and its tests must not use the network"
            )
        return original(self, address, *args, **kwargs)

    return guarded


if os.environ.get("TREATYLENS_OFFLINE"):
    socket.socket.connect = _guard(socket.socket.connect)
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)
