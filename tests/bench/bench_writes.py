"""The write API on a large store: start-up, and how soon a POST /articles is seen in SPARQL, pages and search.

    .venv/bin/python -m tests.bench.bench_writes --articles 20000        # = make bench-writes

A synthetic store of N articles (tests/bench/dataset.py) is copied into a temporary folder, its site index
is built with `newsgraph index` (not timed), and `newsgraph serve` starts on it with the write API on. The
benchmark measures the start-up (until the server answers), then POSTs invented articles one after the
other (tests/synthetic.py, seeds no article of the store uses) and, for each, the time from sending the
POST until the article is seen in all three: an ASK over its graph at /sparql, its page (200), and a search
for its headline's unique number. It prints p50, p95 and max of those times, the POST answers themselves,
and the peak resident memory of the server's process tree (main process and query workers).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from graphbuild.settings import DEFAULT_BASE_IRI
from graphbuild.stores import ArticleStore
from server.freshness import store_version
from server.search import is_current
from tests.backends import start_oxigraph, stop_process
from tests.bench.bench_sparql import RssSampler
from tests.conftest import free_port
from tests.synthetic import article_text

CACHE = Path(__file__).resolve().parent.parent / "artifacts" / "bench"
TOKEN = "bench-writes-token"


def stored(articles: int) -> Path:
    """The synthetic store of ``articles`` articles, made once into tests/artifacts/bench/."""
    store = CACHE / f"store-{articles}"
    if not store.exists():
        from tests.bench.dataset import generate

        generate(store, articles)
    return store


def visible(client: httpx.Client, base: str, iri: str, slug: str, marker: str) -> bool:
    """Whether the article is seen by SPARQL, by its page and by search."""
    ask = client.get(f"{base}/sparql", params={"query": f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"},
                     headers={"Accept": "application/sparql-results+json"})
    if ask.status_code != 200 or not ask.json()["boolean"]:
        return False
    if client.get(f"{base}/page/article/{slug}").status_code != 200:
        return False
    found = client.get(f"{base}/search", params={"q": marker, "kind": "article"})
    return found.status_code == 200 and slug in found.text


def publication_steps(log: str) -> dict[str, list[float]]:
    """The seconds of each step of each publication, from the server's "published ..." log lines, and the
    pending work completed after them ("completed ... in N s")."""
    steps: dict[str, list[float]] = {}
    for line in log.splitlines():
        if " published " in line and "(" in line:
            for part in line.rsplit("(", 1)[1].rstrip(")").split(", "):
                step, seconds = part.rsplit(" ", 2)[0], float(part.rsplit(" ", 2)[1])
                steps.setdefault(step, []).append(seconds)
        elif " related lists in " in line:
            steps.setdefault("pending work", []).append(float(line.rsplit(" in ", 1)[1].split()[0]))
    return steps


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles in the synthetic store")
    parser.add_argument("--posts", type=int, default=20, help="articles POSTed one after the other")
    parser.add_argument("--remote", action="store_true",
                        help="serve the store through `oxigraph serve` (a remote SPARQL store) instead of the folder")
    args = parser.parse_args(argv)
    source = stored(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        shutil.copytree(source, store)
        index = Path(tmp) / "store.index.sqlite3"
        env = {**os.environ, "NEWSGRAPH_SEARCH_INDEX": str(index)}
        kept = CACHE / f"store-{args.articles}.index.sqlite3"  # the last one built, if still the store's
        copy = ArticleStore.open(store, read_only=True)
        current = is_current(kept, store_version(copy, DEFAULT_BASE_IRI))
        copy.close()
        if current:
            shutil.copy(kept, index)  # the store is a copy of the same content: same version
            print(f"{args.articles} articles; site index copied from {kept} (built earlier by newsgraph index)")
        else:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "graphbuild.cli", "index", "--store", str(store)], env=env,
                           check=True, stderr=subprocess.DEVNULL)
            shutil.copy(index, kept)
            print(f"{args.articles} articles; site index built in {time.perf_counter() - started:.1f} s "
                  "(not timed below)")
        served = str(store)
        oxigraph = None
        if args.remote:  # the same folder behind Oxigraph's own server, and its index named for the deployment
            oxigraph, served = start_oxigraph(store)
            print(f"served by oxigraph serve at {served}")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env |= {"NEWSGRAPH_WRITE_TOKEN": TOKEN}
        started = time.perf_counter()
        log = (Path(tmp) / "server.log").open("w+")
        process = subprocess.Popen([sys.executable, "-m", "graphbuild.cli", "serve", "--store", served,
                                    "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log)
        sampler = RssSampler(process.pid)
        sampler.start()
        try:
            with httpx.Client(timeout=600) as client:
                while True:
                    if process.poll() is not None:
                        raise SystemExit(f"the server stopped with {process.returncode}")
                    try:
                        if client.get(f"{base}/robots.txt").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                startup = time.perf_counter() - started
                print(f"start-up with the write API on (index present): {startup:.1f} s")
                seen, answered = [], []
                for n in range(args.posts):
                    text = article_text(900_000 + n)
                    marker = text.splitlines()[0].rsplit("(", 1)[-1].rstrip(")")  # the headline's unique number
                    sent = time.perf_counter()
                    response = client.post(f"{base}/articles", content=text.encode("utf-8"),
                                           headers={"Authorization": f"Bearer {TOKEN}",
                                                    "Content-Type": "text/plain; charset=utf-8"})
                    answered.append(time.perf_counter() - sent)
                    if response.status_code not in (200, 201):
                        raise SystemExit(f"POST {n} answered {response.status_code}: {response.text[:300]}")
                    document = response.json()
                    while not visible(client, base, document["iri"], document["id"], marker):
                        time.sleep(0.05)
                    seen.append(time.perf_counter() - sent)
                    print(f"  POST {n + 1:2}: answered {answered[-1]:.2f} s, visible everywhere {seen[-1]:.2f} s")
        finally:
            process.terminate()
            process.wait(timeout=60)
            sampler.stop.set()
            if oxigraph is not None:
                stop_process(oxigraph)
            log.seek(0)
            steps = publication_steps(log.read())
            log.close()
    print(f"{args.posts} POSTs, visible in SPARQL, page and search: p50 {statistics.median(seen):.2f} s, "
          f"p95 {percentile(seen, 0.95):.2f} s, max {max(seen):.2f} s (answer p95 {percentile(answered, 0.95):.2f} s)")
    print(f"peak resident memory of the server (main process and query workers"
          f"{'; not the Oxigraph server' if args.remote else ''}): {sampler.peak_mb:.0f} MB")
    for step, times in steps.items():
        print(f"  publication step {step:<15} p50 {statistics.median(times):.2f} s, max {max(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
