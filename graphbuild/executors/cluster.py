"""The Dask executor: a running Dask scheduler hands the articles, a task of a few at a time, to its workers.

Each task reads, extracts and validates its articles on a worker (which loads the spaCy model once per
process) and sends back their N-Triples and outcomes; the client writes them, as the local build does.
Dask balances the tasks, moves those of a worker that dies to the others, and retries each one up to the
scheduler's ``allowed-failures``. A task that still stops its worker is split into one task per article,
so that the one article behind it is rejected and the others are built (docs/deploy.md).

https://distributed.dask.org/en/stable/
"""

from __future__ import annotations

import asyncio
import ctypes
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..curation import Curation, parse_curation
from ..errors import BuildInterrupted, ExecutorError
from ..model import SourceArticle
from ..pipeline import Outcome, article_iri_of, process_chunk
from ..settings import Settings
from . import ChunkResult, Tallies, chunked, task_size

# What the client's calls raise once it has lost the scheduler (distributed's CommClosedError is an OSError).
LOST_SCHEDULER = (OSError, TimeoutError, CancelledError, asyncio.CancelledError)
TASKS_PER_THREAD = 2  # tasks in flight per worker thread: enough to keep every worker busy, few to resend
# An article on shared storage: its source name, its file's absolute path, "" or "#N" (the N-th article of a
# list in that file), and its content hash as the client read it.
SharedRef = tuple[str, str, str, str]


class DaskExecutor:
    def __init__(self, address: str, *, inputs_shared: bool = False, connect_timeout: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ExecutorError("the Dask executor needs dask.distributed: pip install 'newsgraph[dask]'") from exc

        self.address = address
        self.inputs_shared = inputs_shared
        self.tallies = Tallies()
        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address} ({_reason(exc)}); nothing was "
                                "written") from exc
        self._workers_at_start: set[str] = set()

    # -- before any write --------------------------------------------------------------------------
    def prepare(self, settings: Settings) -> None:
        """Check that the cluster can build before anything is written: workers have joined, and each runs
        this newsgraph version with the spaCy model installed; each loads the model now, all at once."""
        timeout = settings.executor_timeout
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            raise ExecutorError(f"no Dask worker joined the scheduler at {self.address} within {timeout:g} s; "
                                "nothing was written") from exc
        try:
            answers: dict[str, str] = self.client.run(_worker_check, __version__, settings.spacy_model)
        except Exception as exc:  # noqa: BLE001 -- whatever a worker raised, it cannot build: say so and stop
            raise ExecutorError(f"the Dask workers at {self.address} cannot run newsgraph "
                                f"({type(exc).__name__}: {exc}); install newsgraph {__version__} on them") from exc
        problems = [f"{worker}: {answer}" for worker, answer in sorted(answers.items()) if answer]
        if problems:
            raise ExecutorError(f"Dask workers that cannot build: {'; '.join(problems)}; nothing was written")
        self._workers_at_start = set(answers)
        self.attempts = 1 + int(self.client.run_on_scheduler(_allowed_failures))

    # -- the build ---------------------------------------------------------------------------------
    def outcomes(self, articles: Sequence[SourceArticle], settings: Settings) -> Iterator[Outcome]:
        """Outcomes as tasks finish; every copy of one article IRI goes to one task, in input order."""
        from distributed import as_completed

        if not self._workers_at_start:
            self.prepare(settings)
        threads = max(1, sum(self.client.nthreads().values()))
        size = task_size(len(articles), threads)
        waiting = deque(chunked(articles, size, key=lambda a: article_iri_of(a, settings)))
        curation = Path(settings.curation).read_text(encoding="utf-8") if settings.curation else None
        running: dict[Any, list[SourceArticle]] = {}

        def submit(chunk: list[SourceArticle]) -> Any:
            payload: list[SourceArticle] | list[SharedRef] = [_shared_ref(a) for a in chunk] \
                if self.inputs_shared else chunk
            future = self.client.submit(_run_task, payload, settings, curation, pure=False)
            running[future] = chunk
            return future

        if not waiting:
            return
        first = [submit(waiting.popleft()) for _ in range(min(len(waiting), TASKS_PER_THREAD * threads))]
        done = as_completed(first, loop=self.client.loop)  # this client is not the process's default one
        try:
            for future in done:
                chunk = running.pop(future)
                yield from self._collect(future, chunk, lambda c: done.add(submit(c)))
                future.release()
                if waiting:  # workers may have joined or left since: keep each of them fed
                    threads = max(1, sum(self.client.nthreads().values()))
                while waiting and len(running) < TASKS_PER_THREAD * threads:
                    done.add(submit(waiting.popleft()))
        except LOST_SCHEDULER as exc:  # the client lost the scheduler: it cancels every task, its calls fail
            raise BuildInterrupted(f"lost the Dask scheduler at {self.address} ({_reason(exc)}); the articles "
                                   "stored so far are complete, run the build again to finish") from exc
        finally:
            if running and self.client.status == "running":  # the build stopped early: free the cluster
                self.client.cancel(list(running))

    def _collect(self, future: Any, chunk: list[SourceArticle], submit: Any) -> Iterator[Outcome]:
        from distributed import KilledWorker

        try:
            result: ChunkResult = future.result()
        except KilledWorker:
            if len(chunk) > 1:  # find the article behind it: each on its own, the others are built
                for article in chunk:
                    submit([article])
                return
            self.tallies.notes.append(f"{chunk[0].source}: stopped a Dask worker on each of {self.attempts} "
                                      "attempts")
            yield Outcome(chunk[0].source, problem=f"rejected: it stopped a Dask worker on each of its "
                                                    f"{self.attempts} attempts (the scheduler's allowed-failures)")
            return
        except LOST_SCHEDULER:
            raise  # outcomes() says so
        except Exception as exc:  # noqa: BLE001 -- a task that raised: a worker that cannot read or build
            for article in chunk:
                yield Outcome(article.source, problem=f"internal error on a Dask worker: {type(exc).__name__}: {exc}")
            return
        self.tallies.add(result)
        yield from result.outcomes

    def report(self, seconds: float) -> list[str]:
        now = set(self.client.scheduler_info().get("workers", {})) if self.client.status == "running" else set()
        lost = len(self._workers_at_start - now)
        joined = len(now - self._workers_at_start)
        cluster = (f"Dask at {self.address}: {len(self._workers_at_start)} workers at the start, {lost} left "
                   f"and {joined} joined during the build")
        return [cluster, *self.tallies.lines(seconds)]

    def close(self) -> None:
        self.client.close()


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _shared_ref(article: SourceArticle) -> SharedRef:
    """Where a worker finds the article on shared storage: ``path`` or ``path#N`` (the N-th of a list)."""
    head, sep, tail = article.source.rpartition("#")
    file, suffix = (head, sep + tail) if sep and tail.isdigit() and Path(head).is_file() else (article.source, "")
    return article.source, str(Path(file).resolve()), suffix, article.content_hash


# -- on the workers --------------------------------------------------------------------------------
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)


@lru_cache(maxsize=1)
def _adaptive_malloc_thresholds() -> None:
    """Give this worker process the malloc thresholds glibc would have adapted to, once.

    A Dask nanny starts its worker with MALLOC_TRIM_THRESHOLD_=65536 (``distributed.nanny.pre-spawn-environ``),
    so that freed memory goes back to the system. Setting any threshold turns off glibc's adaptive mmap
    threshold, and spaCy's arrays then come from mmap and go back with munmap each time: the NLP of 20
    articles took 4.98 s instead of 4.53 (+10%). These are the values the adaptation reaches on 64-bit glibc
    (mmap threshold 32 MiB, trim threshold twice that). Nothing happens where the C library is not glibc.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 32 * 2**20)
        libc.mallopt(M_TRIM_THRESHOLD, 64 * 2**20)
    except (OSError, AttributeError):
        pass


def _worker_check(version: str, model: str) -> str:
    """Empty when this worker can build as the client does; else what is missing."""
    from ..errors import NewsgraphError
    from ..nlp import load_pipeline

    _adaptive_malloc_thresholds()
    if version != __version__:
        return f"runs newsgraph {__version__}, the client {version}"
    try:
        load_pipeline(model)
    except NewsgraphError as exc:
        return str(exc)
    return ""


def _allowed_failures(dask_scheduler: Any) -> int:
    return int(dask_scheduler.allowed_failures)


def _run_task(payload: list[SourceArticle] | list[SharedRef], settings: Settings,
              curation_text: str | None) -> ChunkResult:
    from distributed import get_worker

    started = time.perf_counter()
    _adaptive_malloc_thresholds()  # a worker that joined after the build's start has not had _worker_check
    curation = _curation(curation_text, str(settings.curation)) if curation_text is not None else Curation()
    articles: list[SourceArticle] = []
    unread: list[Outcome] = []
    for item in payload:
        if isinstance(item, SourceArticle):
            articles.append(item)
        else:
            found = _read_shared(*item)
            (articles if isinstance(found, SourceArticle) else unread).append(found)  # type: ignore[arg-type]
    outcomes = unread + process_chunk(articles, settings, curation)
    return ChunkResult(get_worker().address, time.perf_counter() - started, outcomes)


@lru_cache(maxsize=4)
def _curation(text: str, name: str) -> Curation:
    return parse_curation(text, name)


def _read_shared(source: str, file: str, suffix: str, content_hash: str) -> SourceArticle | Outcome:
    """The article ``source`` names, read here from ``file`` on shared storage, under the client's name for it."""
    try:
        found = _read_file(file, Path(file).stat().st_mtime_ns).get(suffix)
    except OSError as exc:
        return Outcome(source, problem=f"a Dask worker cannot read {file}: {exc.strerror}")
    if found is None:
        return Outcome(source, problem=f"a Dask worker found no such article in {file}")
    if found.content_hash != content_hash:
        return Outcome(source, problem=f"{file} changed on the shared storage during the build; build it again")
    return replace(found, source=source)


@lru_cache(maxsize=2)
def _read_file(file: str, stamp: int) -> dict[str, SourceArticle]:
    """A file's articles by their suffix in it ("" for a file of one article, "#N" for a list)."""
    from ..reader import read_path

    return {item.source[len(file):]: item for item in read_path(Path(file)) if isinstance(item, SourceArticle)}
