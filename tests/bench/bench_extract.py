"""End-to-end extraction benchmark: read, extract, validate and store N invented ~800-word articles.

    .venv/bin/python -m tests.bench.bench_extract --articles 1000

Prints articles per second and the resident memory of the build (main process plus workers),
sampled as the run goes, so a leak shows as growth between the samples.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from graphbuild.pipeline import Outcome, build, read_all
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from tests.synthetic import article_text


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += _descendants(child)
    return found


def tree_rss_mib() -> float:
    """Resident memory of this process and all its descendants (the workers come from a fork server)."""
    return sum(_rss_kib(p) for p in _descendants(os.getpid())) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    samples: list[tuple[int, float]] = []

    def progress(items: Iterator[Outcome], total: int) -> Iterable[Outcome]:
        for i, item in enumerate(items, 1):
            if i % max(1, total // 5) == 0:
                samples.append((i, tree_rss_mib()))
            yield item

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for seed in range(args.articles):
            (folder / f"{seed:05d}.txt").write_text(article_text(seed, args.words), encoding="utf-8")
        store = ArticleStore.open(Path(tmp) / "store")
        load_before = os.getloadavg()[0]  # the CPUs may be shared: the figure is only as good as the load
        started = time.perf_counter()
        items = read_all([folder])
        summary = build(items, store, Settings(store=Path(tmp) / "store"), progress=progress, workers=args.workers)
        elapsed = time.perf_counter() - started
        store.close()
        del store
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {args.articles} x ~{args.words} words, workers: {args.workers}")
    print(f"added {summary.added}, rejected {len(summary.rejected)}, triples {summary.triples}")
    print(f"elapsed: {elapsed:.1f} s, throughput: {args.articles / elapsed:.1f} articles/s")
    print(f"1-minute load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after ({os.cpu_count()} CPUs)")
    print("memory (main + workers, MiB) by articles done: " + ", ".join(f"{n}: {m:.0f}" for n, m in samples))
    print(f"peak RSS of the main process: {peak_self:.0f} MiB")


if __name__ == "__main__":
    main()
