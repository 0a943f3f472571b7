"""Beyond one machine, measured: bulk building into the embedded store and into a remote Oxigraph
server, and the same newsgraph server answering SPARQL from either.

    .venv/bin/python -m tests.bench.bench_build --articles 10000          # both parts
    .venv/bin/python -m tests.bench.bench_build --part sparql             # only the serving part

Build part: N invented ~800-word articles (tests/synthetic.py, made once into tests/artifacts/bench/),
built with ``newsgraph build`` as a user runs it (a subprocess, every core), into a fresh folder store
and into a fresh ``oxigraph serve``. Reported: articles per second, the peak resident memory of the
build (main process and workers) and of the Oxigraph server, and a second, resumed run that finds
nothing changed.

Serving part: the 20,000-article synthetic store of bench_sparql (1.6M triples) served by ``newsgraph
serve`` from the folder, and by ``newsgraph serve --store http://...`` from an ``oxigraph serve`` over a
copy of it; the light queries of bench_sparql's mix under wrk at concurrency 16.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graphbuild.stores import ArticleStore
from tests.bench.bench_sparql import (
    CACHE,
    ROOT,
    RssSampler,
    ServerRun,
    _free_port,
    _ratio,
    ensure_data,
    query_mix,
    run_server,
    running,
)
from tests.bench.dataset import index_for_serving
from tests.synthetic import article_text

BIN = ROOT / ".venv" / "bin"
NEWSGRAPH = str(BIN / "newsgraph")
OXIGRAPH = str(BIN / "oxigraph")
SERVED = ("lookup", "incoming", "describe", "role join", "statements by speaker", "events by date")


@dataclass
class BuildRun:
    label: str
    seconds: float
    articles: int
    build_peak_mb: float
    store_peak_mb: float  # the Oxigraph server's, for the remote backend
    resumed_seconds: float
    summary: str

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def ensure_articles(articles: int, words: int = 800) -> Path:
    # named after what the generator writes, so a cache made by an older tests/synthetic.py is not reused
    version = hashlib.sha256(article_text(0, words).encode("utf-8")).hexdigest()[:8]
    folder = CACHE / f"build-articles-{articles}-{words}w-{version}"
    if not (folder / f"{articles - 1:05d}.txt").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for seed in range(articles):
            (folder / f"{seed:05d}.txt").write_text(article_text(seed, words), encoding="utf-8")
    return folder


def _build(folder: Path, store: str, label: str) -> tuple[float, float, str]:
    """Run ``newsgraph build``; its wall time, peak memory (process tree) and summary line."""
    started = time.perf_counter()
    process = subprocess.Popen([NEWSGRAPH, "build", str(folder), "--store", store], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    sampler = RssSampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    if process.returncode != 0:
        raise RuntimeError(f"[{label}] build failed ({process.returncode}): {err[-2000:]}")
    summary = next((line for line in reversed(err.splitlines()) if "added" in line), "")
    print(f"[{label}] {summary}", file=sys.stderr, flush=True)
    return seconds, sampler.peak_mb, summary


def build_part(articles: int) -> list[BuildRun]:
    folder = ensure_articles(articles)
    runs = []
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        store = str(Path(tmp) / "embedded")
        seconds, peak, summary = _build(folder, store, "embedded")
        resumed, _, _ = _build(folder, store, "embedded, resumed")
        runs.append(BuildRun("embedded (folder)", seconds, articles, peak, 0.0, resumed, summary))
        print(f"[embedded] peak memory of the build {peak:,.0f} MiB", file=sys.stderr, flush=True)

        port = _free_port()
        url = f"http://127.0.0.1:{port}/query"
        command = [OXIGRAPH, "serve", "--location", str(Path(tmp) / "remote"), "--bind", f"127.0.0.1:{port}"]
        with running(command, url) as (server, _):
            store_sampler = RssSampler(server.pid)
            store_sampler.start()
            seconds, peak, summary = _build(folder, url, "remote")
            resumed, _, _ = _build(folder, url, "remote, resumed")
            store_sampler.stop.set()
            runs.append(BuildRun("remote (oxigraph serve)", seconds, articles, peak, store_sampler.peak_mb, resumed,
                                 summary))
            print(f"[remote] peak memory of the build {peak:,.0f} MiB, of the store server "
                  f"{store_sampler.peak_mb:,.0f} MiB", file=sys.stderr, flush=True)
    return runs


def sparql_part(args: argparse.Namespace) -> list[ServerRun]:
    store_dir, copy, _ = ensure_data(args.sparql_articles)
    index_for_serving(str(store_dir))
    store = ArticleStore.open(store_dir, read_only=True)
    mix = [q for q in query_mix(store) if q.name in SERVED]
    del store
    args.interference = False
    args.warm = True  # as bench_sparql: each distinct query asked once before the timed run
    args.warm_limit = 40.0
    runs = []
    port = _free_port()
    runs.append(run_server("newsgraph on the folder", [NEWSGRAPH, "serve", "--store", str(store_dir), "--port",
                                                       str(port)], f"http://127.0.0.1:{port}/sparql", mix, args))
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        data = Path(tmp) / "remote"
        shutil.copytree(copy, data)
        store_port = _free_port()
        store_url = f"http://127.0.0.1:{store_port}/query"
        command = [OXIGRAPH, "serve", "--location", str(data), "--bind", f"127.0.0.1:{store_port}",
                   "--timeout-s", "30"]
        with running(command, store_url):
            index_for_serving(store_url, Path(tmp) / "index.sqlite3")
            port = _free_port()
            runs.append(run_server("newsgraph on oxigraph serve",
                                   [NEWSGRAPH, "serve", "--store", store_url, "--port", str(port)],
                                   f"http://127.0.0.1:{port}/sparql", mix, args,
                                   env={"NEWSGRAPH_SEARCH_INDEX": str(Path(tmp) / "index.sqlite3")}))
    return runs


def report(builds: list[BuildRun], serving: list[ServerRun], args: argparse.Namespace) -> str:
    lines = [f"Machine: {os.cpu_count()} cores. Command: `make bench-build` "
             f"(`python -m tests.bench.bench_build --articles {args.articles}`).", ""]
    if builds:
        lines += [f"Bulk build of {args.articles:,} invented ~800-word articles, `newsgraph build` with every core:", "",
                  "| backend | articles/s | wall time | peak memory of the build | peak memory of the store server "
                  "| resumed run (nothing changed) |", "|---|---|---|---|---|---|"]
        for b in builds:
            store = f"{b.store_peak_mb:,.0f} MiB" if b.store_peak_mb else "–"
            lines.append(f"| {b.label} | {b.rate:.1f} | {b.seconds:,.0f} s | {b.build_peak_mb:,.0f} MiB | {store} "
                         f"| {b.resumed_seconds:.1f} s |")
        lines.append("")
    if serving:
        names = list(serving[0].results)
        lines += [f"SPARQL from the same newsgraph server, {args.sparql_articles:,}-article synthetic store, wrk c=16, "
                  f"{args.duration:g} s per query type (req/s, p50 / p99 ms):", "",
                  "| query | " + " | ".join(r.label for r in serving) + " | remote / folder |",
                  "|---|" + "---|" * (len(serving) + 1)]
        for name in names:
            cells = [f"{r.results[name].rps:,.0f} ({r.results[name].p50_ms:.1f} / {r.results[name].p99_ms:.1f})"
                     for r in serving]
            ratio = _ratio(serving[-1].results[name].rps, serving[0].results[name].rps) if len(serving) > 1 else "–"
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
        lines.append("")
        lines.append("Ready after start: " + ", ".join(f"{r.label} {r.startup_s:.1f} s" for r in serving)
                     + "; peak RSS: " + ", ".join(f"{r.label} {r.peak_rss_mb:,.0f} MB" for r in serving) + ".")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--sparql-articles", type=int, default=20000)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--part", choices=["build", "sparql", "all"], default="all")
    args = parser.parse_args(argv)
    if args.part != "build" and shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    builds = build_part(args.articles) if args.part in ("build", "all") else []
    serving = sparql_part(args) if args.part in ("sparql", "all") else []
    print(report(builds, serving, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
