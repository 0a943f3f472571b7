"""The default executor: a pool of worker processes on this machine, one per core."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import BuildInterrupted
from ..extract.gazetteer import load as load_gazetteer
from ..model import SourceArticle
from ..nlp import load_pipeline
from ..pipeline import Outcome, process_chunk
from ..settings import Settings
from . import ChunkResult, Tallies, chunked, task_size, this_process

_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings, preload: bool = False) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    if preload:
        load_pipeline(settings.spacy_model)
        load_gazetteer()


def _run_chunk(chunk: list[SourceArticle]) -> ChunkResult:
    started = time.perf_counter()
    outcomes = process_chunk(chunk, _WORKER_SETTINGS or Settings())
    return ChunkResult(this_process(), time.perf_counter() - started, outcomes)


class LocalExecutor:
    """``workers`` processes from a fork server; one worker, or one task's worth of articles, runs here."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self.tallies = Tallies()

    def prepare(self, settings: Settings) -> None:
        pass  # a model that is not installed stops the build at its first article, as it always has

    def outcomes(self, articles: Sequence[SourceArticle], settings: Settings) -> Iterator[Outcome]:
        """Outcomes in input order."""
        chunks = chunked(articles, task_size(len(articles), self.workers))
        if self.workers <= 1 or len(chunks) < 2:
            _init_worker(settings)
            for chunk in chunks:
                result = _run_chunk(chunk)
                self.tallies.add(result)
                yield from result.outcomes
            return
        # Workers come from a fork server, not from this process: forking a process that runs threads (a
        # web server, a progress bar, a test client) can copy a held lock and deadlock the child.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["graphbuild.executors.local"])
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                 initargs=(settings, True)) as pool:
            try:
                for result in pool.map(_run_chunk, chunks):
                    self.tallies.add(result)
                    yield from result.outcomes
            except BrokenProcessPool as exc:
                # A worker was killed (out of memory, a signal): what is stored so far is whole articles only.
                raise BuildInterrupted(f"a build worker died ({exc}); the articles stored so far are complete, "
                                       "run the build again to finish") from exc

    def report(self, seconds: float) -> list[str]:
        return self.tallies.lines(seconds) if len(self.tallies.workers) > 1 else []

    def close(self) -> None:
        pass
