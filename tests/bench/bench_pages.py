"""Entity pages under load: HTML and Turtle at concurrency 16 on the synthetic 1.5M-triple store, and search.

    .venv/bin/python -m tests.bench.bench_pages --store /tmp/bench-store          # an existing store
    .venv/bin/python -m tests.bench.bench_pages --store /tmp/bench-store --fresh-index   # cold start
    .venv/bin/python -m tests.bench.bench_pages --articles 20000                  # generate one first

Starts ``newsgraph serve`` on a free loopback port, once per ``--workers`` count (1 and one per core by
default), and measures each in turn. The server reads each entity's description from
the site index, which holds every page of every description, built from the store when the server
starts on a store version it has no index for (``--fresh-index`` makes it build one, and the time
to ready is then the cold start); the description cache is off unless ``--cache``, so no request is
answered from memory. Samples entity IRIs uniformly from the site index (every type: articles,
people, organisations, places, events, statements, roles, memberships), and asks for each one's HTML
page and its Turtle, shuffled, in three samples with no entity in two of them. The load comes with
``--concurrency`` requests in flight over kept-alive connections:

- from wrk, for ``--seconds`` on the first sample (a warm-up: the server's code paths and the files'
  pages, not the measured entities), then as long on the second: the headline figure. wrk is written
  in C and takes a few percent of a core, so the latency it reads is the server's;
- from a small asyncio client on the third sample, which reads each answer's type: latency by format
  and by entity type, and the slowest requests (the CPU the client used is printed: it shares the
  host's cores with the server).

Then the heaviest pages (every place and role, and some organisations and people, one request at a
time), and the latency of single full-text searches. wrk is a Debian package (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from graphbuild.settings import DEFAULT_BASE_IRI
from server.search import default_path
from tests.bench import wrk
from tests.bench.dataset import index_for_serving
from tests.conftest import free_port

SEARCHES = ["maria", "okafor", "harbour", "workers union", "lindale", "solidarity", "president", "wages pensions",
            "tanaka", "conference", "kowalski federation", "nurses", "strike", "jonas m", "transport alliance"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def jobs_for(sample: list[tuple[str, str]], seed: int) -> list[tuple[str, str, str]]:
    """(format, kind, path): the HTML page and the Turtle of each entity of ``sample``, shuffled."""
    jobs = [("html", kind, f"/page/{path}") for kind, path in sample]
    jobs += [("turtle", kind, f"/data/{path}.ttl") for kind, path in sample]
    random.Random(seed).shuffle(jobs)
    return jobs


def sample_paths(index: Path, count: int, seed: int, skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(kind, path below /id/) of ``count`` entities drawn uniformly from the site index (none of ``skip``)."""
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        rows = [row for row in db.execute("SELECT kind, iri FROM entity") if row[0] not in skip]
    rnd = random.Random(seed)
    base = DEFAULT_BASE_IRI + "id/"
    return [(kind, iri[len(base):]) for kind, iri in rnd.sample(rows, min(count, len(rows)))]


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str,
               headers: dict[str, str] | None = None) -> int:
    """GET ``path`` on a kept-alive connection and read the whole answer; its status."""
    lines = "".join(f"{k}: {v}\r\n" for k, v in (headers or {"Accept": "*/*"}).items())
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{lines}\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        elif name.lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(length)
    return status


Result = tuple[str, str, float, int, str]  # format, kind, milliseconds, status, path


async def load(port: int, jobs: list[tuple[str, str, str]], concurrency: int) -> list[Result]:
    queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results: list[Result] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while not queue.empty():
            fmt, kind, path = queue.get_nowait()
            started = time.perf_counter()
            status = await _get(reader, writer, path)
            results.append((fmt, kind, (time.perf_counter() - started) * 1000, status, path))
        writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1).read()
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start in time")


def report(results: list[Result]) -> None:
    bad = [r for r in results if r[3] != 200]
    if bad:
        print(f"non-200 answers: {len(bad)}, e.g. {bad[:3]}")
    by_format: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[tuple[str, str], list[float]] = defaultdict(list)
    for fmt, kind, ms, _, _ in results:
        by_format[fmt].append(ms)
        by_kind[(fmt, kind)].append(ms)
    print(f"{'format':8} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    for fmt, values in sorted(by_format.items()):
        print(f"{fmt:8} {len(values):6d} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
              f"{percentile(values, 99):8.1f} {max(values):8.1f}")
    print("by type (p50 / p99 ms, n):")
    for (fmt, kind), values in sorted(by_kind.items()):
        print(f"  {fmt:5} {kind:13} {percentile(values, 50):7.1f} / {percentile(values, 99):7.1f}  n={len(values)}")
    print("slowest:", ", ".join(f"{path} {ms:.0f} ms" for _, _, ms, _, path in sorted(results, key=lambda r: -r[2])[:5]))


def bench_search(port: int, rounds: int) -> None:
    timings = []
    for n in range(rounds):
        query = urllib.parse.urlencode({"q": SEARCHES[n % len(SEARCHES)]})
        started = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/search?{query}", timeout=10).read()
        timings.append((time.perf_counter() - started) * 1000)
    print(f"search: {rounds} single requests, p50 {statistics.median(timings):.1f} ms, "
          f"p99 {percentile(timings, 99):.1f} ms, max {max(timings):.1f} ms")


def bench_heaviest(port: int, index: Path) -> None:
    """Single requests for the pages with the largest descriptions: those of every place and role (named
    in thousands of articles) and of 20 organisations and 20 people."""
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT kind, iri FROM entity WHERE kind IN ('place', 'role')").fetchall()
        for kind in ("organisation", "person"):
            rows += db.execute("SELECT kind, iri FROM entity WHERE kind = ? ORDER BY iri LIMIT 20", (kind,)).fetchall()
    base = DEFAULT_BASE_IRI + "id/"
    timings: dict[tuple[str, str], list[float]] = defaultdict(list)
    for kind, iri in rows:
        for fmt, path in (("html", f"/page/{iri[len(base):]}"), ("turtle", f"/data/{iri[len(base):]}.ttl")):
            started = time.perf_counter()
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            timings[(fmt, kind)].append((time.perf_counter() - started) * 1000)
    print("heaviest pages, one request at a time (median / max ms):")
    for (fmt, kind), values in sorted(timings.items()):
        print(f"  {fmt:6} {kind:13} {statistics.median(values):7.1f} / {max(values):7.1f}  n={len(values)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store (else one is generated)")
    parser.add_argument("--articles", type=int, default=20000, help="articles to generate without --store")
    parser.add_argument("--requests", type=int, default=5000,
                        help="entities in each of the three samples (warm-up, wrk, asyncio client)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10, help="each wrk run (there is a warm-up run first)")
    parser.add_argument("--cache", type=int, default=0, help="the server's description cache (0: off)")
    parser.add_argument("--fresh-index", action="store_true",
                        help="build the site index anew in a temporary file (the cold start)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}",
                        help="server processes (serve --workers), one run each, side by side (default: 1 and "
                             "one per core)")
    parser.add_argument("--skip-kinds", default="", help="entity types left out of the sample, comma-separated "
                        "(person,organisation,place,role: the load without the heavy pages)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    workers = list(dict.fromkeys(int(n) for n in args.workers.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from tests.bench.dataset import generate

            store = Path(tmp) / "store"
            generate(store, args.articles)
        index = Path(tmp) / "site.sqlite3" if args.fresh_index else default_path(store)
        built = index_for_serving(str(store), index if args.fresh_index else None)
        if built is not None:
            print(f"site index built by newsgraph index in {built:.1f} s (before the server starts)")
        for count in workers:
            print(f"\n== newsgraph serve --workers {count}")
            serve_and_measure(store, index, count, args)
    return 0


def serve_and_measure(store: Path, index: Path, workers: int, args: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "NEWSGRAPH_DESCRIPTION_CACHE": str(args.cache), "NEWSGRAPH_SEARCH_INDEX": str(index)}
    process = subprocess.Popen([sys.executable, "-m", "graphbuild.cli", "serve", "--store", str(store),
                                "--port", str(port), "--workers", str(workers)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = wait_ready(port, process, 900)
        print(f"server ready after {ready:.1f} s (on the site index with every entity's description)")
        skip = frozenset(filter(None, args.skip_kinds.split(",")))
        sample = sample_paths(index, 3 * args.requests, args.seed, skip)
        warm_up, measured, by_type = (jobs_for(sample[n::3], args.seed) for n in range(3))  # no entity twice
        url = f"http://127.0.0.1:{port}"
        wrk.run(url, [path for _, _, path in warm_up], connections=args.concurrency, seconds=args.seconds)
        found = wrk.run(url, [path for _, _, path in measured], connections=args.concurrency, seconds=args.seconds)
        wrapped = " (the list ran out and started again: raise --requests)" if found.requests > len(measured) else ""
        print(f"wrk, HTML and Turtle of {len(measured) // 2} entities not asked for before, concurrency "
              f"{args.concurrency}, description cache {args.cache}: {found.line()}{wrapped}")
        started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        results = asyncio.run(load(port, by_type, args.concurrency))
        elapsed, used = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
        client = (used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime) / elapsed
        print(f"asyncio client, {len(by_type) // 2} other entities: {len(results)} requests at concurrency "
              f"{args.concurrency} in {elapsed:.1f} s ({len(results) / elapsed:.0f} requests/s; the client used "
              f"{client:.0%} of a core)")
        report(results)
        bench_heaviest(port, index)
        bench_search(port, 300)
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
