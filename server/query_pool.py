"""Where queries run: a pool of worker processes that can be killed, or threads for an in-memory store.

pyoxigraph (0.5) cannot cancel a query, and a Python thread cannot be stopped. So for a store on
disk, each query runs in one of ``query_workers`` processes (server/query_worker.py), each with the
store open read-only. When a query outlives ``query_timeout`` its worker is killed, which really stops
the work and frees its memory, the client gets 503, and a fresh worker takes its place. Only as many
queries run at once as there are workers; ``max_waiting_queries`` more may wait up to
``query_timeout`` for one, and any further query is refused at once with 503, so a flood of heavy
queries cannot exhaust memory.

While the server process is busy (pages, light queries), a query that is still running after its first
turn is paused with SIGSTOP for all but ``heavy_query_share`` of each period (ProcessPool._throttle):
a worker at the lowest CPU priority still fills the caches and the memory bus the pages need. New
clients' queries take every light worker but one (ProcessPool._on_probation).

An in-memory or writable store cannot be opened by another process, so ``ThreadRunner`` runs its
queries in threads, with the same limits except that a timed-out query is only abandoned. The
server itself always opens its store read-only from disk and so uses the process pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
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
from .sparql_text import fingerprint

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0  # seconds a new worker may take to open the store
HEAVY_NICE = 19  # the heavy lane's CPU priority (the lowest): pages and light queries go first
HEAVY_WAITING = 2  # heavy queries that may wait for a heavy worker; more are refused at once with 503
HEAVY_SHARE_PERIOD = 0.1  # seconds: a busy server lets a long query run this long times its share, then pauses it
BUSY_CPU = 0.25  # the share of a core the server process used over the last run that makes it busy
HEAVY_MARK_SECONDS = 600.0  # how long a heavy query's shape goes straight to the heavy lane
HEAVY_MARKS_KEPT = 10_000
CLIENT_MARK_SECONDS = 60.0  # how long the queries of a client that sent a heavy query go to the heavy lane
WATCH_INTERVAL = 0.2  # seconds between two looks at the workers: one that exited is replaced at the next
RESPAWN_DELAY_MAX = 5.0  # seconds: the longest wait before another try after workers failed to start in a row
CRASH_WINDOW = 600.0  # seconds a query that stopped a worker is remembered
CRASHES_TO_REFUSE = 2  # a query that stopped this many workers within CRASH_WINDOW is refused until it ends
TIMEOUT_WINDOW = 300.0  # seconds a query shape that ran past query_timeout is remembered
TIMEOUTS_TO_REFUSE = 2  # a shape that ran past the limit this many times within TIMEOUT_WINDOW is refused
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


class _BudgetSpent(Exception):
    """A query ran past the light lane's budget (ProcessPool.run moves it to the heavy lane)."""


class QueryRefused(ServiceUnavailable):
    """The query stopped a worker ``CRASHES_TO_REFUSE`` times lately: it is not run again for a while."""


def query_hash(query: str) -> str:
    """The short name of a query in the log and in refusals (the query itself may be long or hostile)."""
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class CrashRecord:
    """Which queries stopped a worker lately (or, as ``what`` says, ran past the time limit): one that did so
    ``refuse_after`` times is refused for a while, instead of restarting workers in a loop or keeping a worker
    busy with work that will be stopped again. Bounded: at most ``limit`` queries are remembered."""

    def __init__(self, window: float = CRASH_WINDOW, refuse_after: int = CRASHES_TO_REFUSE, limit: int = 1000,
                 what: str = "stopped a query worker", advice: str = "simplify it") -> None:
        self.what = what
        self.advice = advice
        self.window = window
        self.refuse_after = refuse_after
        self.limit = limit
        self._crashes: dict[str, list[float]] = {}

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._crashes.get(key, ()) if now - t < self.window]
        if times:
            self._crashes[key] = times
        else:
            self._crashes.pop(key, None)
        return times

    def crashed(self, key: str, now: float) -> None:
        times = self._recent(key, now)
        self._crashes[key] = [*times, now]
        while len(self._crashes) > self.limit:
            del self._crashes[next(iter(self._crashes))]  # the oldest remembered

    def check(self, key: str, now: float) -> None:
        """Raise QueryRefused when ``key`` is refused now."""
        times = self._recent(key, now)
        if len(times) >= self.refuse_after:
            wait = max(1, int(times[0] + self.window - now) + 1)
            raise QueryRefused(f"this query (hash {key}) {self.what} {len(times)} times in the last "
                               f"{self.window / 60:g} minutes and is refused for {wait} s; {self.advice}",
                               headers={"Retry-After": str(wait)})


class QueryRunner(Protocol):
    """Runs jobs with a timeout and a concurrency limit."""

    version: str | None  # identifies the store's content; None when results must not be cached

    async def run(self, job: Job, client: str | None = None) -> QueryOutcome: ...

    async def aclose(self) -> None: ...

    def health(self) -> dict[str, Any]: ...


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

    def __init__(self, workers: int, max_waiting: int, timeout: float, lane: str = "") -> None:
        self.workers = workers
        self.max_waiting = max_waiting
        self.timeout = timeout
        self.waiting = 0
        self.lane = lane  # "heavy" for the heavy lane (ProcessPool.run)

    def enter_line(self) -> None:
        if self.waiting >= self.max_waiting:
            if self.lane:
                raise Overloaded(f"the endpoint's {self.lane} lane is full: {self.workers} long queries are running "
                                 f"and {self.waiting} waiting (heavy_query_workers); try again later")
            raise Overloaded(f"the endpoint is busy: {self.workers} queries are running and {self.waiting} are "
                             f"waiting (max_waiting_queries); try again shortly")
        self.waiting += 1

    def busy(self) -> Overloaded:
        return Overloaded(f"the endpoint is busy: no {self.lane + ' lane ' if self.lane else ''}query worker became "
                          f"free within {self.timeout:g} s; try again shortly")


class ThreadRunner:
    """Queries in threads, for a store that only this process can open (in memory or writable)."""

    version: str | None = None  # the store may change under us, so nothing is cached

    def __init__(self, store: ox.Store, *, workers: int, max_waiting: int, timeout: float) -> None:
        self.store = store
        self.limits = _Limits(workers, max_waiting, timeout)
        self.limiter = anyio.CapacityLimiter(workers)

    def health(self) -> dict[str, Any]:
        running = int(self.limiter.borrowed_tokens)
        return {"workers": self.limits.workers, "alive": self.limits.workers, "idle": self.limits.workers - running,
                "running": running, "waiting": self.limits.waiting, "replaced": 0}

    async def run(self, job: Job, client: str | None = None) -> QueryOutcome:
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


def _spawn(store_path: Path, retire_mb: float, generation: int = 0, nice: int = 0) -> _Worker:
    ours, theirs = socket.socketpair()
    command = [sys.executable, "-m", "server.query_worker", "--store", str(store_path), "--fd", str(theirs.fileno()),
               "--retire-mb", str(retire_mb)]
    # A session of its own: a Ctrl-C meant for the server does not reach the workers, which the server stops.
    process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                               start_new_session=True)
    theirs.close()
    if nice:  # the heavy lane's workers yield the cores to pages and light queries
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, nice)
    return _Worker(process, ours, generation)


def _resume(worker: _Worker) -> None:
    """SIGCONT for a worker ProcessPool._throttle may have paused (nothing when it has exited)."""
    with contextlib.suppress(OSError):
        worker.process.send_signal(signal.SIGCONT)


def _kill_all(*groups: Iterable[_Worker]) -> None:
    for worker in [worker for group in groups for worker in group]:
        worker.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=5)


class ProcessPool:
    """Queries in ``workers`` killable processes, each with the store at ``path`` open read-only."""

    def __init__(self, path: Path, *, workers: int, max_waiting: int, timeout: float,
                 retire_mb: float = RETIRE_RSS_MB, heavy_workers: int = 0, heavy_budget: float = 0.0,
                 heavy_waiting: int = HEAVY_WAITING, nice: int = 0, stated_timeout: float | None = None,
                 heavy_share: float = 1.0) -> None:
        self.path = path
        # The share of the time a query that has run HEAVY_SHARE_PERIOD * share seconds goes on running while
        # the server is busy (1: all of it). Paused with SIGSTOP for the rest of each period, it leaves the
        # cores, the CPU caches and the memory bus to pages and light queries, which a low priority alone
        # does not do. A light query is done before its first turn ends and never paused.
        self.share = heavy_share
        self.stated_timeout = stated_timeout or timeout  # the limit a client is told (the heavy lane has less)
        # The heavy lane: a pool of its own, at the lowest CPU priority, for queries that ran past
        # ``heavy_budget`` here, and at once for queries of that shape or from that client for a while.
        self.heavy: ProcessPool | None = None
        self.heavy_budget = heavy_budget
        if heavy_workers > 0 and 0 < heavy_budget < timeout:
            self.heavy = ProcessPool(path, workers=heavy_workers, max_waiting=heavy_waiting,
                                     timeout=timeout - heavy_budget, retire_mb=retire_mb, nice=HEAVY_NICE,
                                     stated_timeout=timeout, heavy_share=heavy_share)
        self._heavy_marks: dict[str, float] = {}  # query shape or client -> until when it goes to the heavy lane
        # Clients whose last query here ended within the light lane's budget (-> until when that holds). The
        # queries of other clients, new ones among them, take at most all the light workers but one: however
        # many new clients send heavy queries, a light worker stays for the clients known to send light ones.
        self._proven: dict[str, float] = {}
        self._probation = asyncio.Semaphore(max(1, workers - 1))
        self.retire_mb = retire_mb
        self.version: str | None = store_files_fingerprint(path)
        self.limits = _Limits(workers, max_waiting, timeout, "heavy" if nice else "")
        self.nice = nice
        self._all: set[_Worker] = {_spawn(path, retire_mb, 0, nice) for _ in range(workers)}  # started now: sooner
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._serving = 0  # the generation queries go to (ProcessPool.reload)
        self._standby: list[_Worker] = []  # workers of a newer generation, ready, not yet serving
        self._ready: dict[int, asyncio.Event] = {}
        self._dying: set[_Worker] = set()  # killed, not yet reaped (ProcessPool._discard)
        self._finalizer = weakref.finalize(self, _kill_all, self._all, self._dying)
        self._running = 0  # queries being answered
        self._failed_starts = 0  # workers that failed to start in a row: the next try waits longer
        self._respawn_at = 0.0  # loop time before which no worker is started after such failures
        self.replaced = 0  # workers that exited or failed and were replaced (for /health)
        self.crashes = CrashRecord()
        # Shapes (sparql_text.fingerprint) that ran past query_timeout lately: the same work would be stopped
        # again, so after the second time the shape is refused for a while instead of taking a worker.
        self.timeouts = CrashRecord(TIMEOUT_WINDOW, TIMEOUTS_TO_REFUSE, what="ran past the time limit",
                                    advice="add a LIMIT or narrow its patterns")

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
            self._all.update(_spawn(self.path, self.retire_mb, self._serving, self.nice)
                             for _ in range(self.limits.workers))
        self._loop, self._idle = loop, asyncio.Queue()
        for worker in list(self._all):
            self._start(self._welcome(worker))
        self._start(self._watch())
        return self._idle

    async def _watch(self) -> None:
        """Replace every worker that exits, whatever it was doing (starting, idle or busy), and start the
        workers missing after failed starts once their wait is over: the pool heals on its own."""
        while not self._closed:
            await asyncio.sleep(WATCH_INTERVAL)
            for worker in list(self._all):
                if worker.process.poll() is not None:
                    log.warning("query worker %s exited (code %s); starting another", worker.process.pid,
                                worker.process.returncode)
                    self._discard(worker)
            self._fill()

    def _fill(self) -> None:
        """Start workers until the generation being served has ``workers`` of them (not during the wait after
        failed starts)."""
        if self._closed or self._loop is None or self._loop.time() < self._respawn_at:
            return
        for _ in range(self.limits.workers - sum(self._current(w) for w in self._all)):
            self.replaced += 1
            self._spawn_current()

    def health(self) -> dict[str, Any]:
        """The pool's state for /health: workers wanted, alive (started or starting), idle, queries running and
        waiting, and workers replaced since the server started; the heavy lane's the same, under "heavy"."""
        alive = [w for w in self._all if self._current(w) and w.process.poll() is None]
        idle = self._idle.qsize() if self._idle is not None else 0
        found: dict[str, Any] = {"workers": self.limits.workers, "alive": len(alive), "idle": idle,
                                 "running": self._running, "waiting": self.limits.waiting, "replaced": self.replaced}
        if self.heavy is not None:
            found["heavy"] = self.heavy.health()
        return found

    def _start(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _welcome(self, worker: _Worker) -> None:
        """Wait for a worker to open the store, then offer it to queries."""
        answer: object = None
        failure = "unexpected message"
        try:
            worker.reader, worker.writer = await asyncio.open_connection(sock=worker.sock)
            answer = await asyncio.wait_for(self._receive(worker), READY_TIMEOUT)
        except Exception as exc:  # whatever went wrong, this worker is unusable: log it and let it go
            failure = f"no answer from the query worker ({exc.__class__.__name__}: {exc})"
        said = isinstance(answer, Ready)  # the worker itself said whether it could open the store
        if not (isinstance(answer, Ready) and answer.ok) or self._closed:
            message = answer.message if isinstance(answer, Ready) else failure
            for _ in range(50):  # it ended without a word: killed, or did it fail on its own? Its exit code says
                if said or worker.process.poll() is not None:
                    break
                await asyncio.sleep(0.02)
            code = worker.process.poll()
            self._discard(worker)
            if self._closed:
                return
            if not said and code is not None and code < 0:
                # Killed by a signal (an operator, the OOM killer): nothing says the next one would fail too.
                log.error("query worker %s was killed while starting (signal %s); starting another", worker.process.pid,
                          -code)
            else:  # it cannot start (the store cannot be opened, a crash): the next tries wait longer and longer
                self._failed_starts += 1
                delay = min(RESPAWN_DELAY_MAX, 0.1 * 2 ** (self._failed_starts - 1))
                log.error("query worker %s failed to start: %s; another in %.1f s", worker.process.pid, message, delay)
                assert self._loop is not None
                self._respawn_at = self._loop.time() + delay
            self._fill()
            return
        self._failed_starts = 0
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
        """Kill ``worker`` and start a fresh one in its place (an older generation's place is already taken,
        and one the watcher replaced already has its successor)."""
        self._discard(worker)
        self._fill()

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
                self._fill()
            return
        if generation > self._serving and generation not in self._ready:  # reload() gave up on it meanwhile
            self._discard(worker)
            self._fill()
            return
        worker.generation = generation
        self._offer(worker)

    def _spawn_current(self) -> None:
        fresh = _spawn(self.path, self.retire_mb, self._serving, self.nice)
        self._all.add(fresh)
        self._start(self._welcome(fresh))

    async def reload(self, path: Path, timeout: float = READY_TIMEOUT) -> None:
        """Serve from the store at ``path`` from now on, in both lanes (see _reload)."""
        if self.heavy is not None:
            await self.heavy.reload(path, timeout)
        await self._reload(path, timeout)

    async def _reload(self, path: Path, timeout: float = READY_TIMEOUT) -> None:
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
        fresh = [_spawn(path, self.retire_mb, generation, self.nice)
                 for _ in range(self.limits.workers - len(reopening))]
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
            self._fill()
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
        if self.heavy is not None:
            await self.heavy.aclose()
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
        throttle = asyncio.ensure_future(self._throttle(worker)) if 0 < self.share < 1 else None
        try:
            reply = await self._receive(worker)
        finally:
            if throttle is not None:
                throttle.cancel()
                _resume(worker)
        assert isinstance(reply, tuple) and isinstance(reply[0], QueryOutcome)
        return reply[0], bool(reply[1])

    async def _throttle(self, worker: _Worker) -> None:
        """While ``worker`` runs a query: each time the server process was busy (BUSY_CPU) during the
        query's last turn, pause the query for the rest of the period (HEAVY_SHARE_PERIOD)."""
        running, paused = HEAVY_SHARE_PERIOD * self.share, HEAVY_SHARE_PERIOD * (1 - self.share)
        try:
            while True:
                before = time.process_time()
                await asyncio.sleep(running)
                if (time.process_time() - before) / running < BUSY_CPU:
                    continue
                worker.process.send_signal(signal.SIGSTOP)
                await asyncio.sleep(paused)
                worker.process.send_signal(signal.SIGCONT)
        finally:
            _resume(worker)

    async def _acquire(self) -> _Worker:
        idle = self._attach()
        if self._closed:
            raise ServiceUnavailable("the server is shutting down")
        self.limits.enter_line()
        try:
            async with asyncio.timeout(self.limits.timeout):
                while True:
                    worker = await idle.get()
                    if worker not in self._all or worker.process.poll() is not None:  # exited while idle
                        self._discard(worker)
                        self._fill()
                    elif not self._current(worker):
                        self._discard(worker)  # it serves an older snapshot of the store
                    else:
                        return worker
        except TimeoutError:
            raise self.limits.busy() from None
        finally:
            self.limits.waiting -= 1

    async def run(self, job: Job, client: str | None = None) -> QueryOutcome:
        """The job's outcome. With a heavy lane: a query runs here for ``heavy_budget`` seconds at most; one
        that needs longer is stopped and run again in the heavy lane. Queries of its shape
        (sparql_text.fingerprint) then go straight there for HEAVY_MARK_SECONDS, and its client's queries,
        whatever their shape, for CLIENT_MARK_SECONDS: the light lane stays free for light queries, however
        many heavy ones come, and a worker is stopped at most once per heavy client and shape."""
        key, shape_key = query_hash(job.query), fingerprint(job.query)
        now = time.monotonic()
        self.crashes.check(key, now)
        self.timeouts.check(shape_key, now)
        try:
            return await self._lanes(job, key, shape_key, client, now)
        except QueryTimeout:
            self.timeouts.crashed(shape_key, time.monotonic())
            raise

    async def _lanes(self, job: Job, key: str, shape_key: str, client: str | None, now: float) -> QueryOutcome:
        if self.heavy is None:
            return await self._run_here(job, key, self.limits.timeout)
        shape, sender = f"shape:{shape_key}", f"client:{client}" if client else None
        if any(self._heavy_marks.get(mark, 0.0) > now for mark in (shape, sender) if mark):
            return await self.heavy.run(job)
        try:
            if sender is None or self._proven.get(sender, 0.0) > now:
                outcome = await self._run_here(job, key, self.heavy_budget)
            else:
                outcome = await self._on_probation(job, key)
            if sender is not None:
                self._mark(self._proven, sender, time.monotonic() + CLIENT_MARK_SECONDS)
            return outcome
        except _BudgetSpent:
            self._proven.pop(sender or "", None)
            self._mark_heavy(shape, now + HEAVY_MARK_SECONDS)
            if sender is not None:
                self._mark_heavy(sender, now + CLIENT_MARK_SECONDS)
            log.info("query %s ran past the light lane's %g s; it goes on in the heavy lane", key, self.heavy_budget)
            return await self.heavy.run(job)

    def _mark_heavy(self, mark: str, until: float) -> None:
        self._mark(self._heavy_marks, mark, until)

    @staticmethod
    def _mark(marks: dict[str, float], mark: str, until: float) -> None:
        marks.pop(mark, None)
        marks[mark] = until
        while len(marks) > HEAVY_MARKS_KEPT:  # bounded: the oldest go first
            del marks[next(iter(marks))]

    async def _on_probation(self, job: Job, key: str) -> QueryOutcome:
        """The query of a client not known to send light queries, within the probation's share of workers."""
        try:
            async with asyncio.timeout(self.limits.timeout):
                await self._probation.acquire()
        except TimeoutError:
            raise self.limits.busy() from None
        try:
            return await self._run_here(job, key, self.heavy_budget)
        finally:
            self._probation.release()

    async def _run_here(self, job: Job, key: str, limit: float) -> QueryOutcome:
        worker = await self._acquire()
        self._running += 1
        try:
            outcome, retiring = await asyncio.wait_for(self._round_trip(worker, job), limit)
        except TimeoutError:
            self._replace(worker)
            if limit < self.limits.timeout:
                raise _BudgetSpent from None
            raise QueryTimeout(_timeout_message(self.stated_timeout)) from None
        except (OSError, EOFError, asyncio.IncompleteReadError):
            code = worker.process.poll()
            self._replace(worker)
            self.crashes.crashed(key, time.monotonic())
            log.error("query %s stopped query worker %s (exit code %s)", key, worker.process.pid, code)
            raise WorkerLost(f"the query (hash {key}) stopped its worker (it may have needed too much memory); "
                             "the endpoint has started a new one") from None
        except BaseException:  # cancelled mid-query: the worker's state is unknown, so it goes
            self._replace(worker)
            raise
        finally:
            self._running -= 1
        if retiring:  # it grew too large (query_worker.RETIRE_RSS_MB) and is exiting: start a fresh one
            self._replace(worker)
        elif not self._current(worker):
            self._discard(worker)
        else:
            assert self._idle is not None
            self._idle.put_nowait(worker)
        return outcome
