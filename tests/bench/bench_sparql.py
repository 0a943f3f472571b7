"""SPARQL endpoint benchmark: newsgraph against rdflib-endpoint and Oxigraph's server, same data, one run.

    make bench-sparql                                   # 20,000 articles, about 1.6 million triples
    .venv/bin/python -m tests.bench.bench_sparql --articles 2000 --duration 3   # a quick run

Generates the synthetic store once (tests/bench/dataset.py, kept in tests/artifacts/bench/), then for
each server: starts it and times how long it takes to answer, runs a fixed query mix with wrk at
concurrency 16 (each query type rotates through many parameter values, so a cache sees repeats only
after the first round), measures the light queries' throughput alone and while a heavy query runs,
and samples the server's resident memory (its query workers included) throughout. After each query
type it waits until queued work is done, so one type's backlog does not slow the next. Before each
timed run, every server is asked each distinct query of the rotation once (``--cold`` skips this): the
steady state of a server that has been up a while. newsgraph runs twice: as deployed (result cache on)
and with the cache off, which compares the query engines. Prints a Markdown table for
docs/benchmarks.md.

rdflib-endpoint and the oxigraph CLI are installed by ``make bench-sparql`` into .venv/bench-tools,
apart from the project's environment. wrk is a Debian package (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

from graphbuild.stores import ArticleStore
from tests.bench import wrk as wrk_client
from tests.bench.dataset import generate, index_for_serving

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "artifacts" / "bench"
TOOLS = ROOT / ".venv" / "bench-tools" / "bin"
PREFIXES = ("PREFIX schema: <http://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?o ?q ?z }"  # every two-step path of the graph
LIGHT = ("lookup", "incoming", "describe")  # interference is measured after these, before the heavy ones
WORDS = ["wages", "pensions", "safety", "contracts", "strike", "solidarity", "members", "future"]


@dataclass(frozen=True)
class QueryType:
    name: str
    accept: str
    queries: list[str]


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class ServerRun:
    label: str
    startup_s: float = 0.0
    peak_rss_mb: float = 0.0
    results: dict[str, Result] = field(default_factory=dict)
    light_alone: float = 0.0
    light_during_heavy: float = 0.0
    heavy_answers: str = ""


def _sample(store: ArticleStore, query: str, n: int, seed: int = 7) -> list[str]:
    values = [row[0].value for row in store.ox.query(query)]  # type: ignore[union-attr, index]
    random.Random(seed).shuffle(values)
    return values[:n]


def query_mix(store: ArticleStore) -> list[QueryType]:
    """The fixed mix, light queries first, each type with the parameter values it rotates through."""
    people = _sample(store, "SELECT ?p WHERE { ?p a <http://schema.org/Person> }", 2000)
    orgs = _sample(store, "SELECT ?o WHERE { ?o a <http://schema.org/Organization> }", 500)
    months = [f"{y}-{m:02d}" for y in range(2019, 2024) for m in range(1, 13)]
    return [
        QueryType("lookup", JSON, [f"SELECT ?p ?o WHERE {{ <{p}> ?p ?o }}" for p in people]),
        QueryType("incoming", JSON, [f"SELECT ?s ?p WHERE {{ ?s ?p <{p}> }}" for p in people]),
        QueryType("describe", TURTLE, [f"DESCRIBE <{p}>" for p in people]),
        QueryType("role join", JSON, [
            PREFIXES + f"SELECT ?person ?name ?role WHERE {{ ?m org:organization <{o}> ; org:member ?person ; "
            "org:role/skos:prefLabel ?role . ?person schema:name ?name }" for o in orgs]),
        QueryType("text filter", JSON, [
            PREFIXES + "SELECT ?s ?text WHERE { ?s a schema:Quotation ; schema:text ?text "
            f'FILTER(CONTAINS(?text, "{word}")) }} LIMIT {limit}' for word in WORDS for limit in (20, 21, 22)]),
        QueryType("statements by speaker", JSON, [
            PREFIXES + "SELECT ?speaker ?name (COUNT(?s) AS ?n) WHERE { ?s schema:creator ?speaker . "
            f"?speaker schema:name ?name }} GROUP BY ?speaker ?name ORDER BY DESC(?n) LIMIT {limit}"
            for limit in range(10, 60)]),
        QueryType("events by date", JSON, [
            PREFIXES + "SELECT ?e ?name ?date WHERE { ?e a schema:Event ; schema:name ?name ; schema:startDate ?date "
            f'FILTER(?date >= "{a}-01"^^xsd:date && ?date < "{b}-01"^^xsd:date) }} ORDER BY ?date'
            for a, b in zip(months, months[1:], strict=False)]),
    ]


# -- servers ---------------------------------------------------------------------------------------------
def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:  # the thread ended while we looked
            continue
        for child in children:
            pids += _tree(int(child))
    return pids


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@contextmanager
def running(command: list[str], url: str, env: dict[str, str] | None = None,
            ready_timeout: float = 600) -> Iterator[tuple[subprocess.Popen[bytes], float]]:
    """Start a server and yield it with the seconds it took to answer a first query."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, start_new_session=True)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            try:
                if httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > ready_timeout:
                raise RuntimeError(f"{command[0]} did not answer within {ready_timeout} s")
            time.sleep(0.02)
        yield process, time.perf_counter() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# -- load ------------------------------------------------------------------------------------------------
def wrk(url: str, query_type: QueryType, seconds: float, connections: int) -> Result:
    path = httpx.URL(url).raw_path.decode()
    paths = [f"{path}?{urlencode({'query': q})}" for q in query_type.queries]
    base = str(httpx.URL(url).copy_with(path="/", query=None))
    found = wrk_client.run(base, paths, connections=connections, seconds=seconds, threads=2,
                     headers={"Accept": query_type.accept})
    return Result(found.rps, found.p50, found.p99, found.errors)


def interference(url: str, lookup: QueryType, seconds: float, connections: int) -> tuple[float, float, str]:
    """Lookups per second alone, then while one client keeps sending the heavy query."""
    alone = wrk(url, lookup, seconds, connections).rps
    stop = threading.Event()
    statuses: list[int] = []

    def heavy_loop() -> None:
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                query = f"{HEAVY} # {len(statuses)}"  # a new text each time: no cache can answer it
                try:
                    statuses.append(client.get(url, params={"query": query}, headers={"accept": JSON}).status_code)
                except httpx.HTTPError:
                    statuses.append(0)

    thread = threading.Thread(target=heavy_loop, daemon=True)
    thread.start()
    time.sleep(0.5)
    during = wrk(url, lookup, seconds, connections).rps
    stop.set()
    thread.join(timeout=70)
    answers = ", ".join(f"{statuses.count(s)}×{s or 'error'}" for s in sorted(set(statuses)))
    return alone, during, answers


def warm(url: str, query_type: QueryType, limit: float) -> tuple[int, int]:
    """Ask each distinct query of the rotation once (8 at a time, for at most ``limit`` seconds), as a
    server that has been up a while has been asked; how many of how many were answered."""
    distinct = list(dict.fromkeys(query_type.queries))
    deadline = time.perf_counter() + limit
    done = 0
    lock = threading.Lock()
    pending = iter(distinct)

    def ask() -> None:
        nonlocal done
        with httpx.Client(timeout=limit) as client:
            while time.perf_counter() < deadline:
                with lock:
                    query = next(pending, None)
                if query is None:
                    return
                try:
                    client.get(url, params={"query": query}, headers={"accept": query_type.accept})
                except httpx.HTTPError:
                    continue
                with lock:
                    done += 1

    threads = [threading.Thread(target=ask, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=limit + 5)
    return done, len(distinct)


def wait_until_idle(url: str, limit: float = 120) -> float:
    """Wait until the server answers a fresh light query within 100 ms (queued work from the previous
    query type is done); the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        probe = f"ASK {{ <urn:bench:{time.perf_counter_ns()}> ?p ?o }}"
        try:
            sent = time.perf_counter()
            httpx.get(url, params={"query": probe}, timeout=limit)
            if time.perf_counter() - sent < 0.1:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return time.perf_counter() - started


class RssSampler(threading.Thread):
    """The largest total resident memory of a process and its children, sampled twice a second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                total = sum(_status_kb(p, "VmRSS:") for p in _tree(self.pid)) / 1024
            except OSError:
                continue
            self.peak_mb = max(self.peak_mb, total)


def run_server(label: str, command: list[str], url: str, mix: list[QueryType], args: argparse.Namespace,
               env: dict[str, str] | None = None) -> ServerRun:
    run = ServerRun(label)
    print(f"[{label}] starting", file=sys.stderr, flush=True)
    with running(command, url, env) as (process, startup):
        run.startup_s = startup
        sampler = RssSampler(process.pid)
        sampler.start()
        for query_type in mix:
            if args.warm:
                answered, distinct = warm(url, query_type, args.warm_limit)
                wait_until_idle(url)
                print(f"[{label}] {query_type.name}: warmed {answered} of {distinct}", file=sys.stderr, flush=True)
            run.results[query_type.name] = wrk(url, query_type, args.duration, args.connections)
            result = run.results[query_type.name]
            waited = wait_until_idle(url)
            print(f"[{label}] {query_type.name}: {result.rps:.1f}/s p50 {result.p50_ms:.1f} ms "
                  f"p99 {result.p99_ms:.1f} ms errors {result.errors} (then {waited:.1f} s to drain)",
                  file=sys.stderr, flush=True)
            if args.interference and query_type.name == LIGHT[-1]:
                run.light_alone, run.light_during_heavy, run.heavy_answers = interference(
                    url, mix[0], args.duration, args.connections)
                wait_until_idle(url)
                print(f"[{label}] lookups alone {run.light_alone:.0f}/s, during heavy "
                      f"{run.light_during_heavy:.0f}/s (heavy answers {run.heavy_answers})", file=sys.stderr,
                      flush=True)
        sampler.stop.set()
        run.peak_rss_mb = max(sampler.peak_mb, sum(_status_kb(p, "VmRSS:") for p in _tree(process.pid)) / 1024)
    return run


# -- the report ----------------------------------------------------------------------------------------
def _ratio(a: float, b: float) -> str:
    return "–" if b <= 0 else f"{a / b:.1f}×" if a / b < 100 else f"{a / b:.0f}×"


def report(runs: list[ServerRun], mix: list[QueryType], args: argparse.Namespace, triples: int) -> str:
    by = {run.label: run for run in runs}
    ours, ox, rl = by.get("newsgraph"), by.get("Oxigraph server"), by.get("rdflib-endpoint")
    cold = by.get("newsgraph, cache off")
    head = ["query"] + [f"{r.label} req/s (p50 / p99 ms)" for r in runs]
    ratios = []
    if ours and rl:
        ratios.append(("newsgraph / rdflib-endpoint", ours, rl))
    if ours and ox:
        ratios.append(("newsgraph / Oxigraph", ours, ox))
    if cold and ox:
        ratios.append(("cache off / Oxigraph", cold, ox))
    head += [name for name, _, _ in ratios]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for query_type in mix:
        cells = [query_type.name]
        for run in runs:
            r = run.results.get(query_type.name)
            cells.append("–" if r is None else f"{r.rps:,.1f} ({r.p50_ms:.1f} / {r.p99_ms:.1f})"
                         + (f", {r.errors} errors" if r.errors else ""))
        for _, a, b in ratios:
            cells.append(_ratio(a.results[query_type.name].rps, b.results[query_type.name].rps))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| server | ready in | peak RSS | lookups/s alone | lookups/s during a heavy query | heavy query answers |",
              "|---|---|---|---|---|---|"]
    for run in runs:
        during = (f"{run.light_during_heavy:,.0f} ({run.light_during_heavy / run.light_alone:.0%})"
                  if run.light_alone else "–")
        lines.append(f"| {run.label} | {run.startup_s:.2f} s | {run.peak_rss_mb:,.0f} MB | "
                     f"{run.light_alone:,.0f} | {during} | {run.heavy_answers or '–'} |")
    warmed = (f" Before each timed run every distinct query of the rotation was asked once (at most "
              f"{args.warm_limit:g} s)." if args.warm else " No warm-up.")
    lines.insert(0, f"{args.articles:,} articles, {triples:,} triples; wrk, {args.connections} connections, "
                    f"{args.duration:g} s per query type.{warmed}\n")
    return "\n".join(lines)


def ensure_data(articles: int) -> tuple[Path, Path, Path]:
    """The store, a copy for Oxigraph's server, and the N-Triples for rdflib-endpoint (made once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    store = CACHE / f"store-{articles}"
    if not (store / "CURRENT").exists():
        shutil.rmtree(store, ignore_errors=True)
        print(f"generating {articles} articles into {store}", file=sys.stderr, flush=True)
        generate(store, articles)
    copy = CACHE / f"oxigraph-{articles}"
    if not (copy / "CURRENT").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(store, copy)
    dump = CACHE / f"default-{articles}.nt"
    if not dump.exists():
        with dump.open("wb") as out:
            ArticleStore.open(store, read_only=True).export("nt", out)
    return store, copy, dump


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per query type")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--servers", default="newsgraph,newsgraph-nocache,oxigraph,rdflib",
                        help="comma-separated subset of newsgraph, newsgraph-nocache, oxigraph, rdflib")
    parser.add_argument("--no-interference", dest="interference", action="store_false")
    parser.add_argument("--cold", dest="warm", action="store_false",
                        help="no warm-up: time each query type from its first request")
    parser.add_argument("--warm-limit", type=float, default=40.0,
                        help="seconds at most spent asking each distinct query once before a timed run")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    store_dir, copy, dump = ensure_data(args.articles)
    index_for_serving(str(store_dir))
    store = ArticleStore.open(store_dir, read_only=True)
    triples, mix = store.triple_count(), query_mix(store)
    del store
    wanted = args.servers.split(",")
    runs = []
    newsgraph = [str(ROOT / ".venv" / "bin" / "newsgraph"), "serve", "--store", str(store_dir), "--host", "127.0.0.1"]
    if "newsgraph" in wanted:
        port = _free_port()
        runs.append(run_server("newsgraph", [*newsgraph, "--port", str(port)], f"http://127.0.0.1:{port}/sparql",
                               mix, args))
    if "newsgraph-nocache" in wanted:
        port = _free_port()
        runs.append(run_server("newsgraph, cache off", [*newsgraph, "--port", str(port)],
                               f"http://127.0.0.1:{port}/sparql", mix, args, env={"NEWSGRAPH_RESULT_CACHE_MB": "0"}))
    if "oxigraph" in wanted:
        port = _free_port()
        runs.append(run_server("Oxigraph server", [str(TOOLS / "oxigraph"), "serve-read-only", "--location", str(copy),
                                                   "--bind", f"127.0.0.1:{port}"],
                               f"http://127.0.0.1:{port}/query", mix, args))
    if "rdflib" in wanted:
        port = _free_port()
        runs.append(run_server("rdflib-endpoint", [str(TOOLS / "rdflib-endpoint"), "serve", str(dump), "--host",
                                                   "127.0.0.1", "--port", str(port)],
                               f"http://127.0.0.1:{port}/", mix, args))
    print(report(runs, mix, args, triples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
