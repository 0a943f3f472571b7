"""Soak: ten minutes of mixed load on one server, to see that its memory levels off and nothing degrades.

    .venv/bin/python -m tests.bench.soak                    # 10 minutes on a copy of the 2,000-article store
    .venv/bin/python -m tests.bench.soak --minutes 2

Serves a copy of the bench store with the write API on, and keeps 16 connections busy with entity pages,
their Turtle, light SPARQL queries no cache has seen, and searches, while a writer POSTs a new article
every few seconds. Every 30 s it prints requests/s, errors (5xx other than a 503 with Retry-After, and
broken connections), refusals (503), p99 latency and the resident memory of the server and its query
workers, looked at every half second: the floor of the 30 s (what the server holds between two writes,
split by process) and the peak (a write being extracted and published, new query workers starting beside
the old). At the end it compares the floor of the last half with the middle's: it must level off (caches
bounded by their settings), within GROWTH_LIMIT, or the run fails (exit 1); the trends of floor and peak
over the last half are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from graphbuild.settings import DEFAULT_BASE_IRI
from server.search import default_path
from tests.bench.bench_abuse import ARTIFACTS, _quote
from tests.bench.bench_pages import _get, percentile, sample_paths, wait_ready
from tests.bench.dataset import generate, index_for_serving
from tests.conftest import free_port
from tests.synthetic import article_text

TOKEN = "soak-token-of-some-length"
SEARCHES = ["maria", "okafor", "harbour", "union", "strike", "president", "federation", "nurses", "wages"]
GROWTH_LIMIT = 0.05  # the memory of the last half may exceed the middle's by this much at most


def tree_rss(pid: int) -> dict[int, float]:
    """Resident memory of ``pid`` and of each of its children (the query workers), in MB, by process."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parent = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found: dict[int, float] = {}
    stack = [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[current] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return found


def rss_look(pid: int) -> tuple[float, float, float, int]:
    """(total, server, query workers, number of workers) resident MB now."""
    found = tree_rss(pid)
    server = found.pop(pid, 0.0)
    return server + sum(found.values()), server, sum(found.values()), len(found)


async def _sample(pid: int, window: list[Window], until: float) -> None:
    """Look at the memory every half second, into the current window."""
    while time.monotonic() < until:
        window[0].looks.append(rss_look(pid))
        await asyncio.sleep(0.5)


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of (x, y) points (0 for fewer than two)."""
    if len(points) < 2:
        return 0.0
    return statistics.linear_regression([x for x, _ in points], [y for _, y in points]).slope


class Window:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.refused = 0
        self.looks: list[tuple[float, float, float, int]] = []  # rss_look every half second


async def _worker(port: int, paths: list[str], entities: list[str], window: list[Window], until: float,
                  rnd: random.Random) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < until:
            roll = rnd.random()
            headers = {"Accept": "text/html"}
            if roll < 0.4:
                path = rnd.choice(paths)
            elif roll < 0.6:
                path = rnd.choice(paths).replace("/page/", "/data/") + ".ttl"
            elif roll < 0.8:
                path = "/sparql?query=" + _quote(f"ASK {{ <{rnd.choice(entities)}> ?p ?o FILTER(?o != {rnd.random()}) }}")
                headers = {"Accept": "application/sparql-results+json"}
            else:
                path = f"/search?q={rnd.choice(SEARCHES)}"
            started = time.monotonic()
            try:
                status = await asyncio.wait_for(_get(reader, writer, path, headers), 30)
            except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                window[0].errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            current = window[0]
            current.latencies.append(time.monotonic() - started)
            if status == 503:
                current.refused += 1
            elif status >= 500:
                current.errors += 1
    finally:
        writer.close()


async def _writer(port: int, until: float, every: float, written: list[int]) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        seed = 900_000
        while time.monotonic() < until:
            seed += 1
            response = await client.post("/articles", content=article_text(seed),
                                         headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
            written.append(response.status_code)
            await asyncio.sleep(every)


async def soak(port: int, pid: int, paths: list[str], entities: list[str], minutes: float, concurrency: int,
               every: float) -> list[tuple[float, float, int, int, float, float, float, float, int]]:
    until = time.monotonic() + minutes * 60
    window = [Window()]
    written: list[int] = []
    rows: list[tuple[float, float, int, int, float, float, float, float, int]] = []
    rnd = random.Random(11)
    tasks = [asyncio.ensure_future(_worker(port, paths, entities, window, until, random.Random(rnd.random())))
             for _ in range(concurrency)]
    tasks.append(asyncio.ensure_future(_writer(port, until, every, written)))
    started = time.monotonic()
    tasks.append(asyncio.ensure_future(_sample(pid, window, until)))
    print("| minute | requests/s | errors | refused (503) | p99 ms | RSS MB floor (server + query workers) | "
          "server MB | query workers MB (n) | RSS MB peak | writes |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    while time.monotonic() < until:
        await asyncio.sleep(min(30, max(0.1, until - time.monotonic())))
        current, window[0] = window[0], Window()
        elapsed = (time.monotonic() - started) / 60
        seconds = (elapsed - (rows[-1][0] if rows else 0.0)) * 60
        looks = current.looks or [rss_look(pid)]
        floor, server, workers, count = min(looks)
        peak = max(look[0] for look in looks)
        p99 = percentile(current.latencies, 99) * 1000 if current.latencies else 0.0
        rate = len(current.latencies) / seconds
        rows.append((elapsed, rate, current.errors, current.refused, p99, floor, peak, server, count))
        print(f"| {elapsed:.1f} | {rate:.1f} | {current.errors} | {current.refused} | {p99:.0f} | {floor:.0f} | "
              f"{server:.0f} | {workers:.0f} ({count}) | {peak:.0f} | "
              f"{sum(1 for s in written if s in (200, 201))}/{len(written)} |", flush=True)
    await asyncio.gather(*tasks)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--write-every", type=float, default=3.0, help="seconds between two POSTs")
    args = parser.parse_args(argv)
    source = ARTIFACTS / f"store-{args.articles}"
    if not source.exists():
        generate(source, args.articles)
    index_for_serving(str(source))
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        shutil.copytree(source, store)  # the writes go to a copy
        shutil.copy(default_path(source), default_path(store))
        port = free_port()
        env = {**os.environ, "NEWSGRAPH_WRITE_TOKEN": TOKEN}
        process = subprocess.Popen([sys.executable, "-m", "graphbuild.cli", "serve", "--store", str(store), "--port",
                                    str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(port, process, 300)
            index = default_path(store)
            paths = [f"/page/{path}" for _, path in sample_paths(index, 5000, 9)]
            entities = [DEFAULT_BASE_IRI + "id/" + path for _, path in sample_paths(index, 500, 10)]
            print(f"soak: {args.minutes:g} min, {args.concurrency} connections, a POST every {args.write_every:g} s, "
                  f"{args.articles}-article store")
            rows = asyncio.run(soak(port, process.pid, paths, entities, args.minutes, args.concurrency,
                                    args.write_every))
        finally:
            process.terminate()
            process.wait(timeout=60)
    half = len(rows) // 2
    middle, last = rows[half - 1][5] if half else rows[0][5], max(r[5] for r in rows[half:])
    growth = (last - middle) / middle if middle else 0.0
    errors = sum(r[2] for r in rows)
    print(f"memory (floor): {middle:.0f} MB at mid-run, at most {last:.0f} MB in the last half ({growth:+.1%}); "
          f"trend over the last half: floor {slope([(r[0], r[5]) for r in rows[half:]]):+.1f}, peak "
          f"{slope([(r[0], r[6]) for r in rows[half:]]):+.1f} MB a minute; errors: {errors}")
    if growth > GROWTH_LIMIT or errors:
        print("FAILED: the memory did not level off" if growth > GROWTH_LIMIT else "FAILED: errors")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
