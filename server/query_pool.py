"""Where queries run: a pool of worker processes that can be killed, or threads for an in-memory store.

pyoxigraph (0.5) cannot cancel a query, and a Python thread cannot be stopped. So for a store on
disk, each query runs in one of ``query_workers`` processes (server/query_worker.py), each with the
store open read-only. When a query outlives ``query_timeout`` its worker is killed, which really stops
the work and frees its memory, the client gets 503, and a fresh worker takes its place. Only as many
queries run at once as there are workers; ``max_waiting_queries`` more may wait up to
``query_timeout`` for one, and any further query is refused at once with 503, so a flood of heavy
queries cannot exhaust memory.

An in-memory or writable store cannot be opened by another process, so ``ThreadRunner`` runs its
queries in threads, with the same limits except that a timed-out query is only abandoned. The
server itself always opens its store read-only from disk and so uses the process pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import pickle
import socket
import subprocess
import sys
import weakref
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import anyio
import pyoxigraph as ox
from anyio import to_thread

from .errors import ServiceUnavailable
from .query_exec import Job, QueryOutcome, run_job
from .query_worker import HEADER, RETIRE_RSS_MB, Ready, Reopen

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0  # seconds a new worker may take to open the store
# RocksDB's own log files change when the store is merely opened; they are not data.
_NOT_DATA = ("LOCK", "LOG")


class QueryTimeout(ServiceUnavailable):
    """The query ran past ``query_timeout`` and was stopped."""


class Overloaded(ServiceUnavailable):
    """Every worker is busy and the waiting line is full (or stayed full too long)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"Retry-After": "1"})


class WorkerLost(ServiceUnavailable):
    """The worker died while running the query (for example, it ran out of memory)."""


class QueryRunner(Protocol):
    """Runs jobs with a timeout and a concurrency limit."""

    version: str | None  # identifies the store's content; None when results must not be cached

    async def run(self, job: Job) -> QueryOutcome: ...

    async def aclose(self) -> None: ...


def store_files_fingerprint(path: Path) -> str:
    """A token that changes whenever the store's files do (RocksDB never rewrites a data file in place): the
    version of the snapshot the workers read, which keys the result cache and the /sparql ETags. Unlike
    freshness.store_version it reads no content, so it costs a directory listing."""
    digest = hashlib.sha256(str(path.resolve()).encode())
    for entry in sorted(path.iterdir()):
        if entry.is_file() and not entry.name.startswith(_NOT_DATA):
            stat = entry.stat()
            digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:20]


def _timeout_message(seconds: float) -> str:
    return f"the query ran longer than the {seconds:g} s limit (query_timeout) and was stopped"


class _Limits:
    """The shared waiting-line rule of both runners."""

    def __init__(self, workers: int, max_waiting: int, timeout: float) -> None:
        self.workers = workers
        self.max_waiting = max_waiting
        self.timeout = timeout
        self.waiting = 0

    def enter_line(self) -> None:
        if self.waiting >= self.max_waiting:
            raise Overloaded(f"the endpoint is busy: {self.workers} queries are running and {self.waiting} are "
                             f"waiting (max_waiting_queries); try again shortly")
        self.waiting += 1

    def busy(self) -> Overloaded:
        return Overloaded(f"the endpoint is busy: no query worker became free within {self.timeout:g} s; "
                          "try again shortly")


class ThreadRunner:
    """Queries in threads, for a store that only this process can open (in memory or writable)."""

    version: str | None = None  # the store may change under us, so nothing is cached

    def __init__(self, store: ox.Store, *, workers: int, max_waiting: int, timeout: float) -> None:
        self.store = store
        self.limits = _Limits(workers, max_waiting, timeout)
        self.limiter = anyio.CapacityLimiter(workers)

    async def run(self, job: Job) -> QueryOutcome:
        self.limits.enter_line()
        try:
            with anyio.fail_after(self.limits.timeout):
                await self.limiter.acquire()
        except TimeoutError:
            raise self.limits.busy() from None
        finally:
            self.limits.waiting -= 1
        try:
            with anyio.fail_after(self.limits.timeout):
                return await to_thread.run_sync(run_job, self.store, job, abandon_on_cancel=True)
        except TimeoutError:
            raise QueryTimeout(_timeout_message(self.limits.timeout)) from None
        finally:
            self.limiter.release()

    async def aclose(self) -> None:
        return None


@dataclass(eq=False)  # compared and hashed by identity, kept in a set
class _Worker:
    process: subprocess.Popen[bytes]
    sock: socket.socket
    generation: int = 0  # which reload() of the pool it serves; an older one is let go
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        if self.writer is not None:
            self.writer.transport.abort()
        self.sock.close()


def _spawn(store_path: Path, retire_mb: float, generation: int = 0) -> _Worker:
    ours, theirs = socket.socketpair()
    command = [sys.executable, "-m", "server.query_worker", "--store", str(store_path), "--fd", str(theirs.fileno()),
               "--retire-mb", str(retire_mb)]
    # A session of its own: a Ctrl-C meant for the server does not reach the workers, which the server stops.
    process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                               start_new_session=True)
    theirs.close()
    return _Worker(process, ours, generation)


def _kill_all(*groups: Iterable[_Worker]) -> None:
    for worker in [worker for group in groups for worker in group]:
        worker.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=5)


class ProcessPool:
    """Queries in ``workers`` killable processes, each with the store at ``path`` open read-only."""

    def __init__(self, path: Path, *, workers: int, max_waiting: int, timeout: float,
                 retire_mb: float = RETIRE_RSS_MB) -> None:
        self.path = path
        self.retire_mb = retire_mb
        self.version: str | None = store_files_fingerprint(path)
        self.limits = _Limits(workers, max_waiting, timeout)
        self._all: set[_Worker] = {_spawn(path, retire_mb) for _ in range(workers)}  # started now: ready sooner
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._serving = 0  # the generation queries go to (ProcessPool.reload)
        self._standby: list[_Worker] = []  # workers of a newer generation, ready, not yet serving
        self._ready: dict[int, asyncio.Event] = {}
        self._dying: set[_Worker] = set()  # killed, not yet reaped (ProcessPool._discard)
        self._finalizer = weakref.finalize(self, _kill_all, self._all, self._dying)

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and monitoring)."""
        return sorted(worker.process.pid for worker in self._all)

    # -- life cycle ------------------------------------------------------------------------------------
    def _attach(self) -> asyncio.Queue[_Worker]:
        """Bind to the running event loop on first use: connect the started workers to it."""
        loop = asyncio.get_running_loop()
        if self._idle is not None and self._loop is loop:
            return self._idle
        if self._idle is not None:  # a new event loop (tests): the old one's connections are unusable
            _kill_all(self._all, self._dying)
            self._all.clear()
            self._dying.clear()
            self._all.update(_spawn(self.path, self.retire_mb, self._serving) for _ in range(self.limits.workers))
        self._loop, self._idle = loop, asyncio.Queue()
        for worker in list(self._all):
            self._start(self._welcome(worker))
        return self._idle

    def _start(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _welcome(self, worker: _Worker) -> None:
        """Wait for a worker to open the store, then offer it to queries."""
        try:
            worker.reader, worker.writer = await asyncio.open_connection(sock=worker.sock)
            ready = await asyncio.wait_for(self._receive(worker), READY_TIMEOUT)
        except Exception as exc:  # whatever went wrong, this worker is unusable: log it and let it go
            ready = Ready(False, f"no answer from the query worker ({exc.__class__.__name__}: {exc})")
        if not isinstance(ready, Ready) or not ready.ok or self._closed:
            message = ready.message if isinstance(ready, Ready) else "unexpected message"
            if not self._closed:
                log.error("query worker %s failed to start: %s", worker.process.pid, message)
            self._discard(worker)
            return
        self._offer(worker)

    def _offer(self, worker: _Worker) -> None:
        """A worker that has just opened the store of its generation: to queries, or on standby."""
        assert self._idle is not None
        if worker.generation > self._serving:  # opened a newer snapshot: it waits for reload() to switch
            self._standby.append(worker)
            if worker.generation in self._ready:
                self._ready[worker.generation].set()
        elif worker.generation == self._serving:
            self._idle.put_nowait(worker)
        else:
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self._dying.add(worker)
        self._start(self._reap(worker))

    async def _reap(self, worker: _Worker) -> None:
        await asyncio.to_thread(worker.process.wait)
        self._dying.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a fresh one in its place."""
        self._discard(worker)
        if not self._closed and self._current(worker):  # an older one's place is already taken
            fresh = _spawn(self.path, self.retire_mb, self._serving)
            self._all.add(fresh)
            self._start(self._welcome(fresh))

    async def _reopen(self, worker: _Worker, path: Path, generation: int) -> None:
        """Have an idle worker read the store at ``path`` instead (milliseconds, against a fraction of a
        second for a fresh process). One that cannot open it goes on with the store it had; one that does
        not answer goes, and a fresh one takes its place."""
        try:
            await self._send(worker, Reopen(str(path)))
            ready = await asyncio.wait_for(self._receive(worker), READY_TIMEOUT)
        except Exception as exc:  # no answer: the worker is unusable
            log.error("query worker %s did not reopen: %s: %s", worker.process.pid, exc.__class__.__name__, exc)
            ready = None
        if self._closed:
            self._discard(worker)
            return
        if not isinstance(ready, Ready) or not ready.ok:
            if isinstance(ready, Ready):  # it could not open ``path`` and goes on reading the store it had
                log.error("query worker %s could not open %s: %s", worker.process.pid, path, ready.message)
                self._offer(worker)
            else:
                self._discard(worker)
                self._spawn_current()
            return
        if generation > self._serving and generation not in self._ready:  # reload() gave up on it meanwhile
            self._discard(worker)
            self._spawn_current()
            return
        worker.generation = generation
        self._offer(worker)

    def _spawn_current(self) -> None:
        fresh = _spawn(self.path, self.retire_mb, self._serving)
        self._all.add(fresh)
        self._start(self._welcome(fresh))

    async def reload(self, path: Path, timeout: float = READY_TIMEOUT) -> None:
        """Serve from the store at ``path`` from now on (a new snapshot of a store being written).

        The idle workers reopen the store at ``path``, and fresh ones take the places of those busy with a
        query, which go on answering from the old snapshot and go once their query is answered. Once one
        is ready, queries go to those of ``path`` only. Returns when queries are answered from ``path``.
        Raises ServiceUnavailable, and keeps serving the old snapshot, when no worker can open ``path``
        within ``timeout``."""
        idle = self._attach()
        generation = max([self._serving, *(w.generation for w in self._all)]) + 1
        ready = asyncio.Event()
        self._ready = {generation: ready}
        reopening: list[_Worker] = []
        while not idle.empty():
            worker = idle.get_nowait()
            if self._current(worker):
                reopening.append(worker)
            else:
                self._discard(worker)
        fresh = [_spawn(path, self.retire_mb, generation) for _ in range(self.limits.workers - len(reopening))]
        self._all.update(fresh)
        for worker in reopening:
            self._start(self._reopen(worker, path, generation))
        for worker in fresh:
            self._start(self._welcome(worker))
        try:
            await asyncio.wait_for(ready.wait(), timeout)
        except TimeoutError:
            for worker in [*fresh, *(w for w in self._standby if w.generation == generation)]:
                self._discard(worker)
            self._standby = [w for w in self._standby if w.generation != generation]
            self._ready = {}
            for _ in range(self.limits.workers - sum(self._current(w) for w in self._all)):
                self._spawn_current()
            raise ServiceUnavailable(f"no query worker could open the store snapshot {path} within {timeout:g} s; "
                                     "queries go on from the previous one") from None
        # The switch, with no await in between: from here on, queries see the new snapshot only.
        self.path, self.version, self._serving = path, store_files_fingerprint(path), generation
        assert self._idle is not None
        while not self._idle.empty():
            self._discard(self._idle.get_nowait())  # all older: the new ones are on standby
        for worker in self._standby:
            if worker.generation == generation:
                self._idle.put_nowait(worker)
            else:
                self._discard(worker)
        self._standby = []

    def _current(self, worker: _Worker) -> bool:
        return worker.generation == self._serving

    async def aclose(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        _kill_all(self._all, self._dying)  # a reaping task cancelled before it ran leaves its process to us
        self._all.clear()
        self._dying.clear()

    # -- running a job ---------------------------------------------------------------------------------
    @staticmethod
    async def _receive(worker: _Worker) -> object:
        assert worker.reader is not None
        header = await worker.reader.readexactly(HEADER.size)
        return pickle.loads(await worker.reader.readexactly(HEADER.unpack(header)[0]))

    @staticmethod
    async def _send(worker: _Worker, message: Job | Reopen) -> None:
        assert worker.writer is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        worker.writer.write(HEADER.pack(len(data)) + data)
        await worker.writer.drain()

    async def _round_trip(self, worker: _Worker, job: Job) -> tuple[QueryOutcome, bool]:
        await self._send(worker, job)
        reply = await self._receive(worker)
        assert isinstance(reply, tuple) and isinstance(reply[0], QueryOutcome)
        return reply[0], bool(reply[1])

    async def _acquire(self) -> _Worker:
        idle = self._attach()
        if self._closed:
            raise ServiceUnavailable("the server is shutting down")
        self.limits.enter_line()
        try:
            async with asyncio.timeout(self.limits.timeout):
                while not self._current(worker := await idle.get()):
                    self._discard(worker)  # it serves an older snapshot of the store
                return worker
        except TimeoutError:
            raise self.limits.busy() from None
        finally:
            self.limits.waiting -= 1

    async def run(self, job: Job) -> QueryOutcome:
        worker = await self._acquire()
        try:
            outcome, retiring = await asyncio.wait_for(self._round_trip(worker, job), self.limits.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(_timeout_message(self.limits.timeout)) from None
        except (OSError, EOFError, asyncio.IncompleteReadError):
            self._replace(worker)
            raise WorkerLost("the query stopped its worker (it may have needed too much memory); "
                             "the endpoint has started a new one") from None
        except BaseException:  # cancelled mid-query: the worker's state is unknown, so it goes
            self._replace(worker)
            raise
        if retiring:  # it grew too large (query_worker.RETIRE_RSS_MB) and is exiting: start a fresh one
            self._replace(worker)
        elif not self._current(worker):
            self._discard(worker)
        else:
            assert self._idle is not None
            self._idle.put_nowait(worker)
        return outcome
