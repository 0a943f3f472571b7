"""A query worker process: opens the store read-only and runs the jobs its server sends it.

    python -m server.query_worker --store DIR --fd N

pyoxigraph cannot cancel a running query, so each query runs in a process like this one, which the
server kills when the query outlives its timeout (server/query_pool.py). The worker talks to the
server over the inherited socket ``N``: each message is a 4-byte big-endian length and a pickle,
first a ``Ready`` from the worker, then a ``Job`` from the server answered by ``(QueryOutcome, retiring)``,
or a ``Reopen`` (a new snapshot of the store) answered by a ``Ready``.
It exits when the server closes the socket, so a worker never outlives its server, and after a job
that left it larger than RETIRE_RSS_MB (``retiring`` is then true).
"""

from __future__ import annotations

import argparse
import os
import pickle
import socket
import struct
from dataclasses import dataclass

import pyoxigraph as ox

from .query_exec import Job, run_job

HEADER = struct.Struct("!I")
# Why: the server's event loop answers every request, cached lookups included; a long query in a
# worker should not take the CPU from it.
WORKER_NICENESS = 5
# Why: a worker's memory only grows (RocksDB's caches, Python's heap after a large result); past this
# resident size it finishes the job at hand and retires, and the server starts a fresh one.
RETIRE_RSS_MB = 200


@dataclass(frozen=True)
class Ready:
    """The worker's first message: whether it could open the store."""

    ok: bool
    message: str = ""


@dataclass(frozen=True)
class Reopen:
    """From the server: read the store at ``path`` from now on (a new snapshot); answered by a ``Ready``,
    and on failure the worker goes on reading the store it had."""

    path: str


def send_message(sock: socket.socket, payload: object) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(data)) + data)


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive_message(sock: socket.socket) -> object | None:
    """The next message, or None once the server has closed the socket."""
    header = _receive_exactly(sock, HEADER.size)
    if header is None:
        return None
    body = _receive_exactly(sock, HEADER.unpack(header)[0])
    return None if body is None else pickle.loads(body)


def run_worker(sock: socket.socket, store_path: str, retire_mb: float = RETIRE_RSS_MB) -> int:
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        send_message(sock, Ready(False, f"cannot open store {store_path}: {exc}"))
        return 2
    send_message(sock, Ready(True))
    while (job := receive_message(sock)) is not None:
        if isinstance(job, Reopen):
            try:
                store = ox.Store.read_only(job.path)
            except OSError as exc:
                send_message(sock, Ready(False, f"cannot open store {job.path}: {exc}"))
            else:
                send_message(sock, Ready(True))
            continue
        assert isinstance(job, Job)
        outcome = run_job(store, job)
        retiring = resident_mb() > retire_mb
        send_message(sock, (outcome, retiring))
        if retiring:
            return 0
    return 0


def resident_mb() -> float:
    """This process's resident memory (Linux; 0 elsewhere, so a worker never retires there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_000_000
    except (OSError, ValueError, IndexError):
        return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsgraph query worker (started by the server)")
    parser.add_argument("--store", required=True)
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--retire-mb", type=float, default=RETIRE_RSS_MB)
    args = parser.parse_args(argv)
    os.nice(WORKER_NICENESS)
    with socket.socket(fileno=args.fd) as sock:
        try:
            return run_worker(sock, args.store, args.retire_mb)
        except (BrokenPipeError, ConnectionResetError):
            return 0


if __name__ == "__main__":
    # Run the module under its import name, so that what it pickles (Ready, QueryOutcome) names
    # server.query_worker and not __main__, and the server can unpickle it.
    from server.query_worker import main as _main

    raise SystemExit(_main())
