"""Where a build's articles are read, extracted and validated: on this machine (a process pool, the default)
or on a Dask cluster. Either way the outcomes come back to the one writer in ``pipeline.build``, so a store
is the same whether one machine or fifty did the reading (docs/deploy.md).

The ``executor`` setting names one: ``local``, or ``dask://HOST:PORT`` for a running Dask scheduler.
"""

from __future__ import annotations

import math
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import SettingsError

if TYPE_CHECKING:
    from ..model import SourceArticle
    from ..pipeline import Outcome
    from ..settings import Settings

CHUNK = 16  # articles per task at most: large enough for nlp.pipe, small enough to keep memory flat


class Executor(Protocol):
    def prepare(self, settings: Settings) -> None:
        """Check, before anything is written, that the executor can build with these settings."""
        ...

    def outcomes(self, articles: Sequence[SourceArticle], settings: Settings) -> Iterator[Outcome]:
        """One outcome per article, as each is done; every copy of one article IRI in the order given."""
        ...

    def report(self, seconds: float) -> list[str]:
        """One line per worker for the build's summary (none when there is nothing to tell apart)."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class ChunkResult:
    """What one task sends back: the outcomes, and where and how long it ran (for the per-worker tally)."""

    worker: str
    seconds: float
    outcomes: list[Outcome]


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Tally:
    articles: int = 0
    rejected: int = 0
    busy: float = 0.0  # seconds spent in tasks


@dataclass
class Tallies:
    """Articles, failures and busy time per worker, added up from the ChunkResults as they arrive."""

    workers: dict[str, Tally] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what happened to the cluster: workers lost, articles rejected

    def add(self, result: ChunkResult) -> None:
        tally = self.workers.setdefault(result.worker, Tally())
        tally.articles += len(result.outcomes)
        tally.rejected += sum(1 for o in result.outcomes if o.ntriples is None)
        tally.busy += result.seconds

    def lines(self, seconds: float) -> list[str]:
        lines = []
        for name, t in sorted(self.workers.items()):
            share = f"{t.articles / seconds:.1f} articles/s of the build" if seconds > 0 else ""
            busy = f", {t.articles / t.busy:.1f} articles/s while busy" if t.busy > 0 else ""
            lines.append(f"worker {name}: {t.articles} articles ({t.rejected} rejected), {share}{busy}")
        return lines + self.notes


def task_size(articles: int, threads: int) -> int:
    """Articles per task: CHUNK at most, and at least four tasks per worker thread, so the last tasks are
    short and no worker waits long for another to finish."""
    return max(1, min(CHUNK, math.ceil(articles / (4 * max(1, threads)))))


def chunked(articles: Sequence[SourceArticle], size: int, key: object = None) -> list[list[SourceArticle]]:
    """Articles in tasks of at most ``size``; with ``key`` (article -> its IRI), every copy of one IRI goes to
    the task of its first copy, in input order, so tasks may finish in any order and the last copy still
    wins."""
    if key is None:
        return [list(articles[i:i + size]) for i in range(0, len(articles), size)]
    chunks: list[list[SourceArticle]] = []
    home: dict[object, int] = {}
    for article in articles:
        k = key(article)  # type: ignore[operator]
        if k in home:
            chunks[home[k]].append(article)
            continue
        if not chunks or len(chunks[-1]) >= size:
            chunks.append([])
        home[k] = len(chunks) - 1
        chunks[-1].append(article)
    return chunks


def open_executor(settings: Settings, workers: int | None = None) -> Executor:
    """The executor ``settings.executor`` names: ``local`` (``workers`` processes, default one per core) or
    ``dask://HOST:PORT``. A Dask scheduler that cannot be reached raises ExecutorError (exit 2)."""
    spec, inputs_shared = settings.executor.strip(), settings.inputs_shared
    if spec in ("", "local"):
        if inputs_shared:
            raise SettingsError("--inputs-shared applies to a Dask executor only (the local pool reads the files here)")
        from .local import LocalExecutor

        return LocalExecutor(workers or os.cpu_count() or 1)
    if spec.startswith(("dask://", "tcp://", "tls://")):
        if workers is not None:
            raise SettingsError("--workers applies to the local executor; a Dask cluster builds with the workers "
                                "its scheduler has")
        from .cluster import DaskExecutor

        address = "tcp://" + spec.removeprefix("dask://") if spec.startswith("dask://") else spec
        return DaskExecutor(address, inputs_shared=inputs_shared, connect_timeout=settings.executor_timeout)
    raise SettingsError(f"executor {spec!r}: expected 'local' or 'dask://HOST:PORT' (a running Dask scheduler)")
