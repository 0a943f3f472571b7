"""Building on a Dask cluster against the local process pool, side by side in one run, and the writer alone.

    .venv/bin/python -m tests.bench.bench_cluster --articles 2000

Builds the same invented articles (tests/synthetic.py) into a fresh embedded store three times: with the
local executor (one worker process per core), with Dask on one local worker, and with Dask on two, each
worker a ``dask worker`` process of one thread beside a ``dask scheduler`` on loopback. The clock runs from
the call to ``build`` (the executor's check of its workers and their model loading included) to the last
write; the cluster's processes are started before it. Then the writer alone: the outcomes of the local build
written again into fresh stores (embedded, and an Oxigraph server) by the same ``build`` with extraction
free, which is where a single writer would saturate. The site index, built after ``build`` by the CLI, is
not part of any figure.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

from graphbuild.executors.cluster import DaskExecutor
from graphbuild.executors.local import LocalExecutor
from graphbuild.model import SourceArticle
from graphbuild.pipeline import BuildSummary, Outcome, build, read_all
from graphbuild.settings import Settings
from graphbuild.stores import open_store
from tests.backends import oxigraph_server
from tests.bench.bench_extract import tree_rss_mib
from tests.dask_cluster import dask_cluster
from tests.synthetic import article_text


class Replay:
    """An executor whose extraction is free: it hands back outcomes recorded from an earlier build."""

    def __init__(self, recorded: list[Outcome]) -> None:
        self.recorded = recorded

    def prepare(self, settings: Settings) -> None:
        pass

    def outcomes(self, articles: Sequence[SourceArticle], settings: Settings) -> Iterator[Outcome]:
        yield from self.recorded

    def report(self, seconds: float) -> list[str]:
        return []

    def close(self) -> None:
        pass


def timed_build(items: list[object], where: object, executor: object,
                keep: list[Outcome] | None = None) -> tuple[float, BuildSummary]:
    def record(outcomes: Iterator[Outcome], total: int) -> Iterable[Outcome]:
        for outcome in outcomes:
            if keep is not None:
                keep.append(outcome)
            yield outcome

    store = open_store(where)  # type: ignore[arg-type]
    try:
        started = time.perf_counter()
        summary = build(items, store, Settings(), executor=executor, progress=record)  # type: ignore[arg-type]
        return time.perf_counter() - started, summary
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rows: list[tuple[str, float, BuildSummary]] = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for seed in range(args.articles):
            (folder / f"{seed:05d}.txt").write_text(article_text(seed, args.words), encoding="utf-8")
        items: list[object] = list(read_all([folder]))
        print(f"{args.articles} articles of ~{args.words} words, {cores} CPUs, "
              f"1-minute load average {os.getloadavg()[0]:.2f} at the start", flush=True)

        recorded: list[Outcome] = []
        elapsed, summary = timed_build(items, Path(tmp) / "local", LocalExecutor(cores), keep=recorded)
        rows.append((f"local, {cores} worker processes", elapsed, summary))
        print(f"  local: {args.articles / elapsed:.2f} articles/s", flush=True)

        for workers in (1, 2):
            with dask_cluster(Path(tmp) / f"dask-{workers}", workers=workers, preload=False) as cluster:
                executor = DaskExecutor(cluster.address)
                try:
                    elapsed, summary = timed_build(items, Path(tmp) / f"dask-{workers}", executor)
                    rss = tree_rss_mib_of([p.pid for p in cluster.workers.values()])
                finally:
                    executor.close()
            rows.append((f"Dask, {workers} worker{'s' if workers > 1 else ''} (1 thread each)", elapsed, summary))
            print(f"  dask {workers}: {args.articles / elapsed:.2f} articles/s, workers' RSS {rss:.0f} MiB", flush=True)

        writer: list[tuple[str, float]] = []
        elapsed, _ = timed_build(items, Path(tmp) / "writer", Replay(recorded))
        writer.append(("embedded (folder)", elapsed))
        url = stack.enter_context(oxigraph_server(Path(tmp) / "oxigraph"))
        elapsed, _ = timed_build(items, url, Replay(recorded))
        writer.append(("Oxigraph server (HTTP)", elapsed))
        store_mib = sum(f.stat().st_size for f in (Path(tmp) / "local").rglob("*") if f.is_file()) / 2**20

    local_rate = args.articles / rows[0][1]
    print()
    print("| executor | seconds | articles/s | ratio to local | rejected |")
    print("|---|---|---|---|---|")
    for name, seconds, summary in rows:
        rate = args.articles / seconds
        print(f"| {name} | {seconds:.1f} | {rate:.2f} | {rate / local_rate:.2f}x | {len(summary.rejected)} |")
    for name, _seconds, summary in rows:
        for line in summary.workers:
            print(f"    {name}: {line}")
    print()
    print("| writer alone (extraction free) | seconds | articles/s | x the local build |")
    print("|---|---|---|---|")
    for name, seconds in writer:
        print(f"| {name} | {seconds:.1f} | {args.articles / seconds:.0f} | {args.articles / seconds / local_rate:.0f}x |")
    cost = cores / local_rate  # CPU-seconds per article on this host's cores
    print()
    print(f"per-article cost: {cost:.2f} core-seconds; embedded store after the build: {store_mib:.0f} MiB "
          f"({store_mib / args.articles * 1e6 / 1024:.0f} GiB per million articles)")
    for name, seconds in writer:
        ceiling = args.articles / seconds
        print(f"{name}: the single writer saturates at {ceiling:.0f} articles/s, "
              f"about {ceiling * cost:.0f} worker cores of this host")
    print(f"client (writer) process peak: {tree_rss_mib():.0f} MiB now")


def tree_rss_mib_of(pids: list[int]) -> float:
    from tests.bench.bench_extract import _descendants, _rss_kib

    return sum(_rss_kib(p) for pid in pids for p in _descendants(pid)) / 1024


if __name__ == "__main__":
    main()
