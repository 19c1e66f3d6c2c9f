"""Fences around one submission's process: no network, hidden grading files, capped resources.

A submission is student code, and grading must survive any of it: an endless loop, a memory
hog, `os._exit`, a script that rewrites the tests or the gradebook. What the operating system
allows is used, and `probe()` says which fences are in force so the run can report them:

- Linux namespaces (as root, or through a user namespace): a network namespace with no
  interface up, and a mount namespace in which the submissions, the output folder and the
  autograder are covered by empty read-only tmpfs mounts, the course repository is read-only,
  and the scratch folder is a private tmpfs of limited size.
- Everywhere on POSIX: `RLIMIT_AS` for memory (on top of what the preloaded course libraries
  already map), `RLIMIT_FSIZE` for files, a process group of its own so a timeout kills
  every process the submission started, and the grader reaps and kills orphans too.
- Where no network namespace can be made, an in-process socket guard refuses non-loopback
  connections (weaker: code that knows Python can undo it, which the report says).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import socket
from dataclasses import dataclass, field
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


class SandboxError(OSError):
    """A fence could not be put up; the message names which one and why."""


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise SandboxError(code, f"{what}: {os.strerror(code)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def enter_namespaces(user: bool) -> None:
    """Unshare network and mount namespaces; with `user`, inside a new user namespace."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNET | CLONE_NEWNS | (CLONE_NEWUSER if user else 0)
    _check(_libc.unshare(flags), "unshare")
    if user:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)


def make_read_only(path: Path) -> None:
    """Bind `path` onto itself and remount it read-only (inside the mount namespace)."""
    target = str(path)
    _mount(target, target, None, MS_BIND | MS_REC)
    _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC)


def hide(path: Path) -> None:
    """Cover `path` with an empty read-only tmpfs: its contents vanish for this process."""
    _mount("tmpfs", str(path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0555")


def private_scratch(path: Path, megabytes: int) -> None:
    """A fresh, writable tmpfs of at most `megabytes` at `path`, seen by this process only."""
    _mount("tmpfs", str(path), "tmpfs", MS_NOSUID | MS_NODEV, f"size={megabytes}m,mode=0700")


def limit_resources(memory_bytes: int, file_bytes: int) -> None:
    """Cap address space and file size; a write past the cap fails instead of killing."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def address_space_bytes() -> int:
    """What this process maps now (VmSize): the preloaded libraries' share of RLIMIT_AS."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def become_subreaper() -> bool:
    """Orphans of our children are re-parented to us, so none outlives its submission."""
    try:
        return _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except AttributeError:  # pragma: no cover - not Linux
        return False


def die_with_parent() -> None:
    """If the grader dies, the submission gets SIGKILL rather than running on alone."""
    with contextlib.suppress(AttributeError):  # not Linux
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def descendants(pid: int) -> list[int]:
    """Every living process below `pid` (read from /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, queue = [], list(children.get(pid, []))
    while queue:
        child = queue.pop(0)
        found.append(child)
        queue.extend(children.get(child, []))
    return found


def kill_tree(pid: int, group: int | None) -> None:
    """SIGKILL a submission's process group and every descendant that left it."""
    if group is not None:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError as error:
            if error.errno not in (errno.ESRCH, errno.EPERM):
                raise
    for child in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)


def reap_orphans() -> None:
    """Collect the exit status of any re-parented orphan so none stays a zombie."""
    for child in descendants(os.getpid()):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def install_socket_guard() -> None:
    """Refuse every non-loopback connection from Python code (the fallback fence)."""
    original = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family == socket.AF_UNIX or str(host) in ("127.0.0.1", "::1", "localhost"):
            return original(self, address)  # type: ignore[arg-type]
        raise OSError(errno.ENETUNREACH, "no network while grading")

    socket.socket.connect = guarded  # type: ignore[method-assign]


@dataclass
class Fences:
    """Which fences a child can put up on this machine (found once by `probe`)."""

    namespaces: str = ""  # "root", "user" or "" (none)
    drop_to: tuple[int, int] | None = None  # (uid, gid) of "nobody", for root without namespaces
    notes: list[str] = field(default_factory=list)

    def describe(self, memory_mb: int, timeout: float, output_mb: int) -> str:
        if self.namespaces:
            how = "as root" if self.namespaces == "root" else "in a user namespace"
            walls = (
                f"network namespace with no interface (no network); mount namespace {how}: "
                "submissions, output and autograder hidden, course files read-only, "
                "scratch on a private tmpfs"
            )
        elif self.drop_to:
            walls = (
                "no namespaces on this machine: submissions run as the unprivileged user "
                "'nobody' (they can read world-readable files, write none of yours), with an "
                "in-process socket guard (weaker than a network namespace)"
            )
        else:
            walls = (
                "no namespaces on this machine: submissions run as you, with an in-process "
                "socket guard; files you can write, a submission can write (as with otter run)"
            )
        return (
            f"{walls}; limits: {memory_mb} MB memory, {timeout:g} s per submission, "
            f"{output_mb} MB output; own process group, killed with every child on timeout"
        )


def probe() -> Fences:
    """Try the namespaces in a throw-away child and report what works here."""
    for mode in ("root", "user"):
        if mode == "root" and os.geteuid() != 0:
            continue
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                enter_namespaces(user=(mode == "user"))
                os._exit(0)
            except BaseException:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            return Fences(namespaces=mode)
    return Fences(namespaces="", drop_to=_nobody_can_run(), notes=["namespaces not permitted"])


def _nobody_can_run() -> tuple[int, int] | None:
    """As root without namespaces: (uid, gid) of 'nobody' if it can read the course code."""
    if os.geteuid() != 0:
        return None
    import pwd
    import sys

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    needed = [sys.executable, str(Path(__file__).resolve()), str(Path(sys.prefix) / "lib")]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            drop_privileges(entry.pw_uid, entry.pw_gid)
            os._exit(0 if all(os.access(p, os.R_OK) for p in needed) else 1)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return (entry.pw_uid, entry.pw_gid) if os.waitstatus_to_exitcode(status) == 0 else None


def drop_privileges(uid: int, gid: int) -> None:
    """Become `uid`/`gid` for good (no supplementary groups)."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
