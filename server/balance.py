"""Least-connections balancing between the processes of ``serve --workers N``.

The processes share one listening socket, and whichever wakes first accepts: with uvicorn's default
loop, one process took 13 to 16 of 16 kept-alive connections that arrived together, and it then
answered them all on its one core while the other core idled (entity pages at concurrency 16:
p99 75 to 95 ms, against 60 ms with 8 each). Here each process counts its open connections in a small
file the processes share (one 8-byte slot each, claimed with a lock held for the process's life), and
a process holding more connections than another live one leaves a waiting connection to the others for
a while (a few milliseconds at a time, at most ``MAX_DEFER``) before it takes it itself. A single
process (``serve`` without ``--workers``) has no share and accepts as uvicorn does.
"""

from __future__ import annotations

import asyncio
import fcntl
import mmap
import os
import shutil
import socket
import struct
import tempfile
import time
from pathlib import Path
from typing import Any

SHARE_ENV = "NEWSGRAPH_CONNECTION_SHARE"  # the folder, from the parent process to the server processes
MAX_DEFER = 0.05  # seconds a waiting connection is left to a process with fewer connections, at most
RETRY = 0.002  # seconds between two looks while leaving it
_SLOT = struct.Struct("q")


class ConnectionShare:
    """The open-connection counts of the server processes: ``processes`` slots in ``folder/counts``.
    A process claims the first slot whose lock file it can lock; the lock goes with the process, so the
    process that replaces a dead one takes its slot."""

    def __init__(self, folder: Path) -> None:
        with open(folder / "counts", "r+b") as counts:
            self._counts = mmap.mmap(counts.fileno(), 0)
        self.processes = processes = len(self._counts) // _SLOT.size
        self._locks = [os.open(folder / f"slot-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600) for n in range(processes)]
        self.slot: int | None = None
        for _ in range(100):  # another process may be looking at a free slot's lock at this instant
            self.slot = next((n for n in range(processes) if _lock(self._locks[n])), None)
            if self.slot is not None:
                break
            time.sleep(0.001)
        self.open = 0
        self._publish()

    @staticmethod
    def create(processes: int) -> Path:
        """A new share's folder, in memory where the system has /dev/shm; the parent removes it (remove)."""
        where = "/dev/shm" if os.path.isdir("/dev/shm") else None
        folder = Path(tempfile.mkdtemp(prefix="newsgraph-connections-", dir=where))
        (folder / "counts").write_bytes(bytes(_SLOT.size * processes))
        return folder

    @staticmethod
    def remove(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Give the slot up (a process that exits gives it up anyway: the lock goes with it)."""
        for fd in self._locks:
            os.close(fd)
        self._locks = []
        self._counts.close()
        self.slot = None

    def opened(self) -> None:
        self.open += 1
        self._publish()

    def closed(self) -> None:
        self.open -= 1
        self._publish()

    def _publish(self) -> None:
        if self.slot is not None:
            _SLOT.pack_into(self._counts, _SLOT.size * self.slot, self.open)

    def count(self, slot: int) -> int:
        return int(_SLOT.unpack_from(self._counts, _SLOT.size * slot)[0])

    def ahead(self) -> bool:
        """Whether this process holds more open connections than another live one."""
        if self.slot is None:  # more processes than slots: balance nothing
            return False
        others = [self.count(n) for n in range(self.processes) if n != self.slot and _held(self._locks[n])]
        return bool(others) and self.open > min(others)


SHARE: ConnectionShare | None = None  # this process's, once its event loop exists


def _lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _held(fd: int) -> bool:
    """Whether another process holds the lock on ``fd`` (it is alive)."""
    if not _lock(fd):
        return True
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False


def closed() -> None:
    """A connection of this process closed (called by the HTTP protocol; it was counted when accepted)."""
    if SHARE is not None:
        SHARE.closed()


class BalancedEventLoop(asyncio.SelectorEventLoop):
    """asyncio's event loop, accepting one connection at a time and leaving it a while to a process with
    fewer open connections. uvicorn's ``loop`` setting names it in each server process."""

    def __init__(self) -> None:
        super().__init__()
        global SHARE
        folder = os.environ.get(SHARE_ENV)
        if SHARE is None and folder:
            SHARE = ConnectionShare(Path(folder))
        self._leaving_since: float | None = None

    def _accept_connection(self, protocol_factory: Any, sock: socket.socket, sslcontext: Any = None,
                           server: Any = None, backlog: int = 100, *rest: Any) -> None:
        if SHARE is not None and SHARE.ahead():
            now = time.monotonic()
            self._leaving_since = self._leaving_since or now
            if now - self._leaving_since < MAX_DEFER:
                self._remove_reader(sock.fileno())  # type: ignore[attr-defined]

                def look_again() -> None:
                    if server is None or server.is_serving():
                        self._add_reader(sock.fileno(), self._accept_connection,  # type: ignore[attr-defined]
                                         protocol_factory, sock, sslcontext, server, backlog, *rest)
                self.call_later(RETRY, look_again)
                return
        self._leaving_since = None
        if SHARE is None:
            super()._accept_connection(protocol_factory, sock, sslcontext, server, backlog, *rest)  # type: ignore[misc]
            return
        # One at a time (asyncio takes up to the listen backlog in one go), counted as it is accepted (the
        # protocol hears of it a few turns of the loop later): the counts are looked at again before the next.
        super()._accept_connection(protocol_factory, _Counting(sock, SHARE), sslcontext, server, 1,  # type: ignore[misc]
                                   *rest)


class _Counting:
    """A listening socket whose accepted connections count in the share at once."""

    def __init__(self, sock: socket.socket, share: ConnectionShare) -> None:
        self._sock = sock
        self._share = share

    def accept(self) -> tuple[socket.socket, Any]:
        accepted = self._sock.accept()
        self._share.opened()
        return accepted

    def fileno(self) -> int:
        return self._sock.fileno()
